//===- FloatingCases.h - Cases of floating_kernels.h, for float and double ===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// math.cpp registers floatingCases<float>() as the area "math" and fp64.cpp
// floatingCases<double>() as "fp64". References are computed in Ref<T>
// (double for float, long double for double) by the host's libm, with
// C99 Annex F's special values, and compared within the maximum errors of
// OpenCL C 1.2 section 7.4 (table 7.1 for float, 7.2 for double). Inputs
// include 0, -0, denormals, the extremes, infinities and NaN; float
// denormal inputs and results may be flushed to zero (see Suite.h).
//
//===----------------------------------------------------------------------===//
#ifndef ACC_TESTS_KERNELS_FLOATINGCASES_H
#define ACC_TESTS_KERNELS_FLOATINGCASES_H

#include "Suite.h"

namespace kt {

/// Ulp bounds of OpenCL C 1.2 that differ between float and double.
template <class T> struct Bounds {
  static constexpr bool kFloat = std::is_same<T, float>::value;
  /// x / y: 2.5 ulp on float; correctly rounded on double.
  static constexpr double kDivide = kFloat ? 2.5 : 0;
  /// sqrt: 3 ulp on float; correctly rounded on double.
  static constexpr double kSqrt = kFloat ? 3 : 0;
};

/// A value set for functions periodic or defined everywhere: specials,
/// large arguments, multiples of pi, random values over 2^lo..2^hi.
template <class T> std::vector<T> trigInputs(uint64_t seed) {
  std::vector<T> v = floats<T>(600, seed, -12, 16);
  for (double x : {1e6, -1e6, 1e7, 1e20, -1e30, 1e30, 3.14159265358979, 1.5707963267949,
                   -1.5707963267949, 6.28318530717959, 100000.5, 4.71238898038469,
                   0.785398163397448, 1e-3, 12345.678, 3.0e38})
    v.push_back(static_cast<T>(x));
  return v;
}

/// `v` without NaN (for functions whose NaN results are undefined).
template <class T> std::vector<T> noNaN(std::vector<T> v) {
  for (T &x : v)
    if (std::isnan(x))
      x = T(0.25);
  return v;
}

/// Perfect squares replaced (so that floor(sqrt(x) * 8) is not on an edge).
inline std::vector<int> nonSquares(std::vector<int> v) {
  for (int &x : v) {
    int r = int(std::lround(std::sqrt(std::fabs(double(x)))));
    if (r * r == std::abs(x))
      x = x * 2 + (x >= 0 ? 3 : -3);
  }
  return v;
}

template <class T> std::vector<Case> floatingCases(const std::string &t) {
  using R = Ref<T>;
  std::vector<Case> c;
  // Pairs of specials, then random pairs.
  auto sp = pairs(specials<T>(), specials<T>());
  std::vector<T> a = sp.first, b = sp.second;
  std::vector<T> ra = floats<T>(600, 71, -40, 40, false, false),
                 rb = floats<T>(600, 72, -40, 40, false, false);
  a.insert(a.end(), ra.begin(), ra.end());
  b.insert(b.end(), rb.begin(), rb.end());
  std::vector<T> third = floats<T>(a.size(), 73, -40, 40);

  // Arithmetic: + - * are correctly rounded, so the reference is computed
  // in T; ulp(0) accepts either sign of zero only where they compare equal.
  c.push_back(map<T>("add_" + t, ulp(0), [](T x, T y) { return x + y; }, a, b));
  c.push_back(map<T>("sub_" + t, ulp(0), [](T x, T y) { return x - y; }, a, b));
  c.push_back(map<T>("mul_" + t, ulp(0), [](T x, T y) { return x * y; }, a, b));
  if (Bounds<T>::kFloat)
    c.push_back(map<T>("div_" + t, ulp(Bounds<T>::kDivide), [](T x, T y) { return R(x) / R(y); }, a, b));
  else
    c.push_back(map<T>("div_" + t, ulp(0), [](T x, T y) { return x / y; }, a, b));
  c.push_back(map<T>("neg_" + t, exact(), [](T x) { return -x; }, a));
  c.push_back(map<int>("cmp_" + t, exact(), [](T x, T y) {
    return (x < y) | (x > y) << 1 | (x <= y) << 2 | (x >= y) << 3 | (x == y) << 4 |
           (x != y) << 5 | (!x) << 6 | (x && y) << 7 | (x || !y) << 8;
  }, a, b));
  c.push_back(map<T>("compound_" + t, ulp(0), [](T x, T y) {
    x += y; x *= T(0.5); x -= T(1); x /= T(4);
    T p = x++;
    T q = --x;
    return x + p + q;
  }, ra, rb));

  // Math builtins: unary.
  std::vector<T> general = floats<T>(600, 74, -30, 30);
  std::vector<T> expArgs = floats<T>(600, 75, -8, 10);
  std::vector<T> trig = trigInputs<T>(76);
  if (Bounds<T>::kFloat)
    c.push_back(map<T>("sqrt_" + t, ulp(Bounds<T>::kSqrt), [](T x) { return std::sqrt(R(x)); }, general));
  else
    c.push_back(map<T>("sqrt_" + t, ulp(0), [](T x) { return std::sqrt(x); }, general));
  c.push_back(map<T>("rsqrt_" + t, ulp(2), [](T x) { return R(1) / std::sqrt(R(x)); }, general));
  c.push_back(map<T>("exp_" + t, ulp(3), [](T x) { return std::exp(R(x)); }, expArgs));
  c.push_back(map<T>("exp2_" + t, ulp(3), [](T x) { return std::exp2(R(x)); }, expArgs));
  c.push_back(map<T>("log_" + t, ulp(3), [](T x) { return std::log(R(x)); }, general));
  c.push_back(map<T>("log2_" + t, ulp(3), [](T x) { return std::log2(R(x)); }, general));
  c.push_back(map<T>("log10_" + t, ulp(3), [](T x) { return std::log10(R(x)); }, general));
  c.push_back(map<T>("sin_" + t, ulp(4), [](T x) { return std::sin(R(x)); }, trig));
  c.push_back(map<T>("cos_" + t, ulp(4), [](T x) { return std::cos(R(x)); }, trig));
  c.push_back(map<T>("tan_" + t, ulp(4), [](T x) { return std::tan(R(x)); }, trig));
  // Exact functions (0 ulp): the reference is computed in T.
  std::vector<T> halves = general;
  for (int k = -20; k <= 20; ++k)
    halves.push_back(T(k) / T(2));
  c.push_back(map<T>("fabs_" + t, exact(), [](T x) { return std::fabs(x); }, general));
  c.push_back(map<T>("floor_" + t, ulp(0), [](T x) { return std::floor(x); }, halves));
  c.push_back(map<T>("ceil_" + t, ulp(0), [](T x) { return std::ceil(x); }, halves));
  c.push_back(map<T>("trunc_" + t, ulp(0), [](T x) { return std::trunc(x); }, halves));
  c.push_back(map<T>("round_" + t, ulp(0), [](T x) { return std::round(x); }, halves));
  c.push_back(map<T>("rint_" + t, ulp(0), [](T x) { return std::rint(x); }, halves));

  // Binary.
  auto pp = pairs(specials<T>(), specials<T>());
  std::vector<T> px = pp.first, py = pp.second;
  std::vector<T> bases = floats<T>(400, 77, -6, 6, true, false),
                 powers = floats<T>(400, 78, -6, 4, false, false);
  std::vector<T> rx = bases, ry = powers;
  px.insert(px.end(), bases.begin(), bases.end());
  py.insert(py.end(), powers.begin(), powers.end());
  for (size_t i = 0; i < 60; ++i) { // integer powers of negative bases
    px.push_back(-bases[i]);
    py.push_back(T(int(i % 13) - 6));
  }
  c.push_back(map<T>("pow_" + t, ulp(16), [](T x, T y) { return std::pow(R(x), R(y)); }, px, py));
  // powr is pow restricted to x >= 0; acc compiles both to one operation,
  // so only positive finite bases are checked here (the special values of
  // powr are checked by math_ext's powr_special).
  c.push_back(map<T>("powr_" + t, ulp(16), [](T x, T y) { return std::pow(R(x), R(y)); }, rx, ry));
  c.push_back(map<T>("fmin_" + t, ulp(0), [](T x, T y) { return std::fmin(x, y); }, a, b));
  c.push_back(map<T>("fmax_" + t, ulp(0), [](T x, T y) { return std::fmax(x, y); }, a, b));
  // min/max on floats: undefined for NaN and infinite arguments (7.5.1).
  std::vector<T> fa = noNaN(ra), fb = noNaN(rb);
  c.push_back(map<T>("min_" + t, ulp(0), [](T x, T y) { return y < x ? y : x; }, fa, fb));
  c.push_back(map<T>("max_" + t, ulp(0), [](T x, T y) { return x < y ? y : x; }, fa, fb));
  c.push_back(map<T>("fmod_" + t, ulp(0), [](T x, T y) { return std::fmod(x, y); }, a, b));
  c.push_back(map<T>("copysign_" + t, exact(), [](T x, T y) { return std::copysign(x, y); }, a, b));

  // Ternary. fma is correctly rounded; mad may be an fma or a rounded
  // multiply then add (1.2 allows anything; we accept those two).
  c.push_back(map<T>("fma_" + t, ulp(0), [](T x, T y, T z) { return std::fma(x, y, z); }, a, b, third));
  c.push_back(mapEither<T>("mad_" + t, ulp(0), [](T x, T y, T z) { return std::fma(x, y, z); },
                           [](T x, T y, T z) { return T(x * y) + z; }, a, b, third));
  std::vector<T> lo(a.size()), hi(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    T u = std::isnan(b[i]) ? T(-1) : b[i], v = std::isnan(third[i]) ? T(2) : third[i];
    lo[i] = std::min(u, v);
    hi[i] = std::max(u, v);
  }
  c.push_back(map<T>("clamp_" + t, ulp(0), [](T x, T l, T h) { return std::fmin(std::fmax(x, l), h); },
                     a, lo, hi));
  c.push_back(map<T>("nested_" + t, ulp(0), [](int n) {
    T x = T(n);
    T r = std::floor(std::sqrt(std::fabs(x)) * T(8));
    r += std::fmax(x, T(-3));
    r += std::copysign(T(2), x);
    r += std::fmin(std::fmod(x, T(7)), T(5));
    return r + T(3) + T(-2);
  }, nonSquares(ints<int>(600, 79, -1000000, 1000000))));
  return c;
}

} // namespace kt

#endif // ACC_TESTS_KERNELS_FLOATINGCASES_H
