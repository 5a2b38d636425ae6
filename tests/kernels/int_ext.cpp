//===- int_ext.cpp - Cases of int_ext.cl ----------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// References are computed in 128-bit integers, so no intermediate
// overflows.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kCount = 512;

template <class T> struct IntRef {
  using UT = std::make_unsigned_t<T>;
  using W = std::conditional_t<std::is_signed<T>::value, __int128, unsigned __int128>;
  static constexpr int kBits = int(sizeof(T) * 8);
  /// Signed, wide enough for sums and differences of any two T.
  using S = __int128;
  template <class V> static T sat(V v) {
    V lo = V(std::numeric_limits<T>::min()), hi = V(std::numeric_limits<T>::max());
    return T(v < lo ? lo : v > hi ? hi : v);
  }
  static UT abs(T x) { return x < 0 ? UT(UT(0) - UT(x)) : UT(x); }
  static UT absDiff(T x, T y) { return x > y ? UT(UT(x) - UT(y)) : UT(UT(y) - UT(x)); }
  static T mulHi(T x, T y) { return T((W(x) * W(y)) >> kBits); }
  static T popcount(T x) {
    int n = 0;
    for (UT u = UT(x); u; u &= UT(u - 1))
      ++n;
    return T(n);
  }
  static T clz(T x) {
    int n = 0;
    for (int b = kBits - 1; b >= 0 && !((UT(x) >> b) & 1); --b)
      ++n;
    return T(n);
  }
  static T rotate(T x, T y) {
    int s = int(UT(y) % kBits);
    return s ? T(UT(UT(x) << s) | UT(UT(x) >> (kBits - s))) : x;
  }
};

template <class T> void intFunctions(std::vector<Case> &c, const std::string &t) {
  using R = IntRef<T>;
  using UT = typename R::UT;
  using W = typename R::W;
  using S = typename R::S;
  std::vector<T> a = ints<T>(kCount, sizeof(T) + 231), b = ints<T>(kCount, sizeof(T) + 232),
                 d = ints<T>(kCount, sizeof(T) + 233);
  c.push_back(map<UT>("abs_" + t, exact(), [](T x) { return R::abs(x); }, a));
  c.push_back(map<UT>("abs_diff_" + t, exact(), [](T x, T y) { return R::absDiff(x, y); }, a, b));
  c.push_back(map<T>("add_sat_" + t, exact(), [](T x, T y) { return R::sat(S(x) + S(y)); }, a, b));
  c.push_back(map<T>("sub_sat_" + t, exact(), [](T x, T y) { return R::sat(S(x) - S(y)); }, a, b));
  c.push_back(map<T>("hadd_" + t, exact(), [](T x, T y) { return T((S(x) + S(y)) >> 1); }, a, b));
  c.push_back(map<T>("rhadd_" + t, exact(), [](T x, T y) { return T((S(x) + S(y) + 1) >> 1); }, a, b));
  c.push_back(map<T>("mul_hi_" + t, exact(), [](T x, T y) { return R::mulHi(x, y); }, a, b));
  c.push_back(map<T>("mad_hi_" + t, exact(), [](T x, T y, T z) { return T(UT(R::mulHi(x, y)) + UT(z)); }, a, b, d));
  c.push_back(map<T>("mad_sat_" + t, exact(), [](T x, T y, T z) {
    // The full product plus z, saturated. A 64 x 64-bit product may not fit
    // a signed 128-bit value only for unsigned operands, which W covers.
    return R::sat(W(x) * W(y) + W(z));
  }, a, b, d));
  c.push_back(map<T>("popcount_" + t, exact(), [](T x) { return R::popcount(x); }, a));
  c.push_back(map<T>("clz_" + t, exact(), [](T x) { return R::clz(x); }, a));
  c.push_back(map<T>("rotate_" + t, exact(), [](T x, T y) { return R::rotate(x, y); }, a, b));
}

std::vector<Case> intExtCases() {
  std::vector<Case> c;
  intFunctions<int8_t>(c, "char");
  intFunctions<uint8_t>(c, "uchar");
  intFunctions<int16_t>(c, "short");
  intFunctions<int32_t>(c, "int");
  intFunctions<uint32_t>(c, "uint");
  intFunctions<int64_t>(c, "long");
  intFunctions<uint64_t>(c, "ulong");
  // mul24/mad24: defined for operands within 24 bits.
  std::vector<int> s24 = ints<int>(kCount, 240, -(1 << 23), (1 << 23) - 1),
                   t24 = ints<int>(kCount, 241, -(1 << 23), (1 << 23) - 1), z = ints<int>(kCount, 242);
  std::vector<uint32_t> u24 = ints<uint32_t>(kCount, 243, 0, (1u << 24) - 1),
                        v24 = ints<uint32_t>(kCount, 244, 0, (1u << 24) - 1), w = ints<uint32_t>(kCount, 245);
  c.push_back(map<int>("mul24_int", exact(), [](int x, int y) { return int(uint32_t(x) * uint32_t(y)); }, s24, t24));
  c.push_back(map<int>("mad24_int", exact(), [](int x, int y, int q) {
    return int(uint32_t(x) * uint32_t(y) + uint32_t(q));
  }, s24, t24, z));
  c.push_back(map<uint32_t>("mul24_uint", exact(), [](uint32_t x, uint32_t y) { return x * y; }, u24, v24));
  c.push_back(map<uint32_t>("mad24_uint", exact(), [](uint32_t x, uint32_t y, uint32_t q) { return x * y + q; },
                            u24, v24, w));
  c.push_back(map<int16_t>("upsample_char", exact(), [](int8_t hi, uint8_t lo) {
    return int16_t(uint16_t(uint8_t(hi)) << 8 | lo);
  }, ints<int8_t>(kCount, 246), ints<uint8_t>(kCount, 247)));
  c.push_back(map<int64_t>("upsample_int", exact(), [](int32_t hi, uint32_t lo) {
    return int64_t(uint64_t(uint32_t(hi)) << 32 | lo);
  }, ints<int32_t>(kCount, 248), ints<uint32_t>(kCount, 249)));
  return c;
}

const bool registered = addArea("int_ext", intExtCases());

} // namespace
} // namespace kt
