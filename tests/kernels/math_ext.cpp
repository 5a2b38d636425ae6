//===- math_ext.cpp - Cases of math_ext.cl --------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Bounds are OpenCL C 1.2 table 7.1 (float). native_ functions have an
// implementation-defined error; they are checked on a tame domain against
// the half_ bound (8192 ulp) or an absolute tolerance near zero crossings.
// lgamma's bound is undefined in 1.2: an absolute tolerance is used.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kCount = 600;
const double kPi = 3.14159265358979323846;

/// Without denormals, infinities and NaN.
std::vector<float> tame(std::vector<float> v) {
  for (float &x : v)
    if (!std::isfinite(x) || isDenormal(x))
      x = 0.75f;
  return v;
}
/// Only values in [lo, hi] (others replaced by in-range ones).
std::vector<float> within(std::vector<float> v, double lo, double hi) {
  for (size_t i = 0; i < v.size(); ++i)
    if (!(v[i] >= lo && v[i] <= hi))
      v[i] = float(lo + (hi - lo) * double((i * 37) % 101) / 101.0);
  return v;
}
std::vector<float> uniform(size_t n, uint64_t seed, double lo, double hi) {
  auto g = rng(seed);
  std::uniform_real_distribution<double> d(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = float(d(g));
  return v;
}

double sinpiRef(float x) {
  double r = std::fmod(double(x), 2.0);
  if (r == std::trunc(r))
    return std::copysign(0.0, x);
  return double(std::sin(3.14159265358979323846264338327950288L * r));
}
double cospiRef(float x) {
  double r = std::fmod(std::fabs(double(x)), 2.0);
  if (r == 0.5 || r == 1.5)
    return 0.0;
  return double(std::cos(3.14159265358979323846264338327950288L * r));
}
double tanpiRef(float x) {
  double r = std::fmod(double(x), 1.0);
  if (std::fabs(r) == 0.5) {
    double n = double(x) - 0.5; // tanpi(n + 0.5): +inf for even n, -inf for odd
    return std::fmod(n, 2.0) == 0 ? INFINITY : -INFINITY;
  }
  if (r == 0)
    return std::copysign(0.0, std::fmod(double(x), 2.0) == 0 ? double(x) : -double(x));
  return double(std::tan(3.14159265358979323846264338327950288L * r));
}
double powrRef(float x, float y) {
  if (std::isnan(x) || std::isnan(y) || x < 0)
    return NAN;
  if (x == 0)
    return y == 0 ? NAN : y < 0 ? INFINITY : 0.0;
  if (std::isinf(x))
    return y == 0 ? NAN : y < 0 ? 0.0 : INFINITY;
  if (x == 1)
    return std::isinf(y) ? NAN : 1.0;
  return std::pow(double(x), double(y));
}
/// maxmag/minmag as 6.12.2 words them: x if |x| > |y| (< for minmag), y if
/// |y| > |x|, otherwise fmax/fmin (so a NaN operand yields the other one).
float magRef(float x, float y, bool max) {
  float ax = std::fabs(x), ay = std::fabs(y);
  if (max ? ax > ay : ax < ay)
    return x;
  if (max ? ay > ax : ay < ax)
    return y;
  return max ? std::fmax(x, y) : std::fmin(x, y);
}

std::vector<Case> mathExtCases() {
  std::vector<Case> c;
  std::vector<float> unit = floats<float>(kCount, 201, -30, 0);    // |x| < 1 mostly
  std::vector<float> general = floats<float>(kCount, 202, -30, 30);
  std::vector<float> moderate = floats<float>(kCount, 203, -6, 6);
  std::vector<float> trig = floats<float>(kCount, 204, -12, 24);
  auto u = [&](const char *name, double bound, double (*fn)(double), const std::vector<float> &in) {
    c.push_back(map<float>(name, ulp(bound), [fn](float x) { return fn(x); }, in));
  };
  u("acos_float", 4, [](double x) { return std::acos(x); }, unit);
  u("acosh_float", 4, [](double x) { return std::acosh(x); }, general);
  u("acospi_float", 5, [](double x) { return std::acos(x) / kPi; }, unit);
  u("asin_float", 4, [](double x) { return std::asin(x); }, unit);
  u("asinh_float", 4, [](double x) { return std::asinh(x); }, general);
  u("asinpi_float", 5, [](double x) { return std::asin(x) / kPi; }, unit);
  u("atan_float", 5, [](double x) { return std::atan(x); }, general);
  u("atanh_float", 5, [](double x) { return std::atanh(x); }, unit);
  u("atanpi_float", 5, [](double x) { return std::atan(x) / kPi; }, general);
  u("cbrt_float", 2, [](double x) { return std::cbrt(x); }, general);
  u("cosh_float", 4, [](double x) { return std::cosh(x); }, moderate);
  u("cospi_float", 4, [](double x) { return cospiRef(float(x)); }, trig);
  u("erf_float", 16, [](double x) { return std::erf(x); }, moderate);
  u("erfc_float", 16, [](double x) { return std::erfc(x); }, moderate);
  u("exp10_float", 3, [](double x) { return double(std::pow(10.0L, (long double)x)); }, floats<float>(kCount, 205, -6, 6));
  u("expm1_float", 3, [](double x) { return std::expm1(x); }, floats<float>(kCount, 206, -30, 7));
  u("log1p_float", 2, [](double x) { return std::log1p(x); }, general);
  u("logb_float", 0, [](double x) { return std::logb(x); }, general);
  u("sinh_float", 4, [](double x) { return std::sinh(x); }, moderate);
  u("sinpi_float", 4, [](double x) { return sinpiRef(float(x)); }, trig);
  u("tanh_float", 5, [](double x) { return std::tanh(x); }, moderate);
  u("tanpi_float", 6, [](double x) { return tanpiRef(float(x)); }, trig);
  std::vector<float> gammaIn = uniform(kCount, 207, -10.0, 30.0);
  for (float &x : gammaIn)
    if (x == std::trunc(x) && x <= 0)
      x += 0.5f;
  u("tgamma_float", 16, [](double x) { return std::tgamma(x); }, gammaIn);
  c.push_back(map<float>("lgamma_float", absTol(1e-4), [](float x) { return std::lgamma(double(x)); },
                         uniform(kCount, 208, 0.1, 20.0)));

  // native_ and half_: loose bounds on tame domains.
  std::vector<float> angles = uniform(kCount, 209, -kPi, kPi);
  std::vector<float> positive = uniform(kCount, 210, 0.001, 1000.0);
  std::vector<float> expIn = uniform(kCount, 211, -20.0, 20.0);
  for (const char *name : {"native_sin_float", "half_sin_float"})
    c.push_back(map<float>(name, absTol(2e-3), [](float x) { return std::sin(double(x)); }, angles));
  for (const char *name : {"native_cos_float", "half_cos_float"})
    c.push_back(map<float>(name, absTol(2e-3), [](float x) { return std::cos(double(x)); }, angles));
  std::vector<float> tanAngles = uniform(kCount, 222, -1.4, 1.4);
  for (const char *name : {"native_tan_float", "half_tan_float"})
    c.push_back(map<float>(name, ulp(8192), [](float x) { return std::tan(double(x)); }, tanAngles));
  for (const char *name : {"native_log2_float", "half_log2_float"})
    c.push_back(map<float>(name, absTol(2e-3), [](float x) { return std::log2(double(x)); }, positive));
  for (const char *name : {"native_log10_float", "half_log10_float"})
    c.push_back(map<float>(name, absTol(2e-3), [](float x) { return std::log10(double(x)); }, positive));
  for (const char *name : {"native_exp2_float", "half_exp2_float"})
    c.push_back(map<float>(name, ulp(8192), [](float x) { return std::exp2(double(x)); }, expIn));
  std::vector<float> exp10In = uniform(kCount, 223, -8.0, 8.0);
  for (const char *name : {"native_exp10_float", "half_exp10_float"})
    c.push_back(map<float>(name, ulp(8192), [](float x) { return std::pow(10.0, double(x)); }, exp10In));
  c.push_back(map<float>("half_rsqrt_float", ulp(8192), [](float x) { return 1.0 / std::sqrt(double(x)); }, positive));
  for (const char *name : {"native_exp_float", "half_exp_float"})
    c.push_back(map<float>(name, ulp(8192), [](float x) { return std::exp(double(x)); }, expIn));
  for (const char *name : {"native_log_float", "half_log_float"})
    c.push_back(map<float>(name, absTol(2e-3), [](float x) { return std::log(double(x)); }, positive));
  for (const char *name : {"native_sqrt_float", "half_sqrt_float"})
    c.push_back(map<float>(name, ulp(8192), [](float x) { return std::sqrt(double(x)); }, positive));
  for (const char *name : {"native_recip_float", "half_recip_float"})
    c.push_back(map<float>(name, ulp(8192), [](float x) { return 1.0 / x; }, positive));
  c.push_back(map<float>("native_rsqrt_float", ulp(8192), [](float x) { return 1.0 / std::sqrt(double(x)); }, positive));
  std::vector<float> divisors = uniform(kCount, 212, 0.5, 100.0);
  for (const char *name : {"native_divide_float", "half_divide_float"})
    c.push_back(map<float>(name, ulp(8192), [](float x, float y) { return double(x) / y; }, positive, divisors));
  std::vector<float> powBase = uniform(kCount, 213, 0.1, 10.0), powExp = uniform(kCount, 214, -3.0, 3.0);
  for (const char *name : {"native_powr_float", "half_powr_float"})
    c.push_back(map<float>(name, ulp(8192), [](float x, float y) { return std::pow(double(x), double(y)); },
                           powBase, powExp));

  // Binary.
  auto pp = pairs(specials<float>(), specials<float>());
  std::vector<float> a = pp.first, b = pp.second;
  std::vector<float> ra = floats<float>(kCount, 215, -20, 20, false, false),
                     rb = floats<float>(kCount, 216, -20, 20, false, false);
  a.insert(a.end(), ra.begin(), ra.end());
  b.insert(b.end(), rb.begin(), rb.end());
  c.push_back(map<float>("atan2_float", ulp(6), [](float x, float y) { return std::atan2(double(x), double(y)); }, a, b));
  c.push_back(map<float>("atan2pi_float", ulp(6), [](float x, float y) { return std::atan2(double(x), double(y)) / kPi; }, a, b));
  c.push_back(map<float>("fdim_float", ulp(0), [](float x, float y) { return std::fdim(x, y); }, a, b));
  c.push_back(map<float>("hypot_float", ulp(4), [](float x, float y) { return std::hypot(double(x), double(y)); }, a, b));
  c.push_back(map<float>("nextafter_float", ulp(0), [](float x, float y) { return std::nextafter(x, y); }, a, b));
  c.push_back(map<float>("remainder_float", ulp(0), [](float x, float y) { return std::remainder(x, y); }, a, b));
  c.push_back(map<float>("maxmag_float", ulp(0), [](float x, float y) { return magRef(x, y, true); }, a, b));
  c.push_back(map<float>("minmag_float", ulp(0), [](float x, float y) { return magRef(x, y, false); }, a, b));
  // powr's own special values (7.5.1), which differ from pow's.
  c.push_back(map<float>("powr_float", ulp(16), powrRef, a, b));

  // With an int argument.
  std::vector<float> base = floats<float>(kCount, 217, -8, 8);
  std::vector<int> exps = ints<int>(kCount, 218, -300, 300), small = ints<int>(kCount, 219, -12, 12);
  c.push_back(map<float>("ldexp_float", ulp(0), [](float x, int n) { return std::ldexp(x, n); }, base, exps));
  c.push_back(map<float>("pown_float", ulp(16), [](float x, int n) { return std::pow(double(x), double(n)); }, base, small));
  std::vector<float> roots = tame(base);
  std::vector<int> rootN = small;
  for (size_t i = 0; i < rootN.size(); ++i) {
    if (rootN[i] == 0)
      rootN[i] = 3;
    if (roots[i] < 0 && rootN[i] % 2 == 0)
      rootN[i] += 1; // odd roots of negative values
  }
  c.push_back(map<float>("rootn_float", ulp(16), [](float x, int n) {
    double r = double(std::pow((long double)std::fabs(x), 1.0L / n));
    return x < 0 ? -r : r;
  }, roots, rootN));
  c.push_back(map<int>("ilogb_float", exact(), [](float x) { return std::ilogb(x); },
                       within(tame(general), -1e30, 1e30)));
  c.push_back(map<uint32_t>("nan_float", exact(), [](uint32_t) { return 1u; }, ints<uint32_t>(64, 220)));

  // Two results per input.
  std::vector<float> t = tame(general);
  c.push_back(block<float>("frexp_float", ulp(0), t.size(), 2, [](size_t i, double *r,
      const std::vector<float> &x) {
    int e = 0;
    r[0] = std::frexp(x[i], &e);
    r[1] = e;
  }, t));
  c.push_back(block<float>("modf_float", ulp(0), general.size(), 2, [](size_t i, double *r,
      const std::vector<float> &x) {
    float whole = 0;
    r[0] = std::modf(x[i], &whole);
    r[1] = whole;
  }, general));
  c.push_back(block<float>("fract_float", ulp(0), general.size(), 2, [](size_t i, double *r,
      const std::vector<float> &x) {
    float f = std::floor(x[i]);
    r[1] = f;
    if (std::isnan(x[i]))
      r[0] = NAN;
    else if (std::isinf(x[i]))
      r[0] = std::copysign(0.0, x[i]);
    else
      r[0] = std::fmin(x[i] - f, 0x1.fffffep-1f);
  }, general));
  c.push_back(block<float>("sincos_float", ulp(4), trig.size(), 2, [](size_t i, double *r,
      const std::vector<float> &x) {
    r[0] = std::sin(double(x[i]));
    r[1] = std::cos(double(x[i]));
  }, trig));
  std::vector<float> ta = tame(ra), tb = tame(rb);
  c.push_back(block<float>("remquo_float", ulp(0), ta.size(), 2, [](size_t i, double *r,
      const std::vector<float> &x, const std::vector<float> &y) {
    int q = 0;
    r[0] = std::remquo(x[i], y[i], &q);
    r[1] = double((q < 0 ? -q : q) & 7) * (q < 0 ? -1.0 : 1.0);
  }, ta, tb));
  std::vector<float> lg = uniform(kCount, 221, -9.5, 20.0);
  for (float &x : lg)
    if (x == std::trunc(x))
      x += 0.25f;
  c.push_back(block<float>("lgamma_r_float", absTol(1e-4), lg.size(), 2, [](size_t i, double *r,
      const std::vector<float> &x) {
    int sign = 0;
    r[0] = lgamma_r(double(x[i]), &sign);
    r[1] = sign;
  }, lg));
  return c;
}

const bool registered = addArea("math_ext", mathExtCases());

} // namespace
} // namespace kt
