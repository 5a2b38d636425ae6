//===- conversions.cpp - Cases of conversions.cl ----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Float to integer conversions get only values in the destination's range
// (anything else is undefined in C and OpenCL C).
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kCount = 512;

/// A case for kernel S_to_D: out[i] = (D)a[i].
template <class S, class D>
Case cast(const std::string &name, const std::vector<S> &in) {
  return map<D>(name, exact(), [](S x) { return static_cast<D>(x); }, in);
}

/// Floats in (lo, hi), whole and fractional, including both signs of zero.
template <class T> std::vector<T> inRange(double lo, double hi, uint64_t seed) {
  std::vector<T> v{T(0), -T(0), T(0.5), T(-0.5), T(0.99999994), T(-1.5), T(2.5)};
  for (double e : {lo, hi})
    if (e != 0)
      v.push_back(static_cast<T>(e * 0.9999));
  auto g = rng(seed);
  std::uniform_real_distribution<double> d(lo, hi);
  while (v.size() < kCount)
    v.push_back(static_cast<T>(v.size() % 3 ? d(g) : std::trunc(d(g))));
  for (T &x : v)
    if (x <= lo || x >= hi)
      x = 0;
  return v;
}

std::vector<Case> conversionCases() {
  std::vector<Case> c;
  c.push_back(cast<int32_t, int8_t>("int_to_char", ints<int32_t>(kCount, 1)));
  c.push_back(cast<uint32_t, uint8_t>("uint_to_uchar", ints<uint32_t>(kCount, 2)));
  c.push_back(cast<int32_t, int16_t>("int_to_short", ints<int32_t>(kCount, 3)));
  c.push_back(cast<int64_t, int32_t>("long_to_int", ints<int64_t>(kCount, 4)));
  c.push_back(cast<uint64_t, uint32_t>("ulong_to_uint", ints<uint64_t>(kCount, 5)));
  c.push_back(cast<int8_t, int32_t>("char_to_int", ints<int8_t>(kCount, 6)));
  c.push_back(cast<uint8_t, int32_t>("uchar_to_int", ints<uint8_t>(kCount, 7)));
  c.push_back(cast<int16_t, uint64_t>("short_to_ulong", ints<int16_t>(kCount, 8)));
  c.push_back(cast<int8_t, uint64_t>("char_to_ulong", ints<int8_t>(kCount, 9)));
  c.push_back(cast<int32_t, float>("int_to_float", ints<int32_t>(kCount, 10)));
  c.push_back(cast<uint32_t, float>("uint_to_float", ints<uint32_t>(kCount, 11)));
  c.push_back(cast<int64_t, float>("long_to_float", ints<int64_t>(kCount, 12)));
  c.push_back(cast<uint64_t, float>("ulong_to_float", ints<uint64_t>(kCount, 13)));
  c.push_back(cast<float, int32_t>("float_to_int", inRange<float>(-2147483648.0, 2147483648.0, 14)));
  c.push_back(cast<float, uint32_t>("float_to_uint", inRange<float>(-0.99, 4294967296.0, 15)));
  c.push_back(cast<float, int64_t>("float_to_long", inRange<float>(-9.2e18, 9.2e18, 16)));
  c.push_back(cast<float, int8_t>("float_to_char", inRange<float>(-128.9, 127.9, 17)));
  std::vector<double> dd = floats<double>(kCount, 18, -1100, 1100);
  std::vector<double> narrow = specials<double>();
  for (double x : {1e39, -1e39, 1e-46, 3.4028235677973366e38, 1.0000000596046448, 1.0000001788139343})
    narrow.push_back(x);
  dd.insert(dd.begin(), narrow.begin(), narrow.end());
  c.push_back(cast<double, float>("double_to_float", dd));
  c.push_back(cast<float, double>("float_to_double", floats<float>(kCount, 19, -140, 127)));
  c.push_back(cast<int64_t, double>("long_to_double", ints<int64_t>(kCount, 20)));
  c.push_back(cast<double, int64_t>("double_to_long", inRange<double>(-9.2e18, 9.2e18, 21)));
  // Unsigned 64-bit conversions above 2^63 (where a signed conversion
  // would overflow).
  std::vector<float> fu = inRange<float>(-0.99, 1.8446743e19, 27);
  for (float x : {9.2233720e18f, 9.2233731e18f, 1.8446743e19f, 1.5e19f})
    fu.push_back(x);
  c.push_back(cast<float, uint64_t>("float_to_ulong", fu));
  std::vector<double> du = inRange<double>(-0.99, 1.8446744073709550e19, 28);
  for (double x : {9223372036854775808.0, 9223372036854777856.0, 18446744073709549568.0})
    du.push_back(x);
  c.push_back(cast<double, uint64_t>("double_to_ulong", du));
  c.push_back(cast<double, uint32_t>("double_to_uint", inRange<double>(-0.99, 4294967295.9, 29)));
  c.push_back(cast<float, uint16_t>("float_to_ushort", inRange<float>(-0.99, 65535.9, 30)));
  c.push_back(cast<uint8_t, float>("uchar_to_float", ints<uint8_t>(kCount, 31)));
  std::vector<uint64_t> ul = ints<uint64_t>(kCount, 32);
  for (uint64_t x : {0x8000000000000400ull, 0x8000000000000401ull, 0x8000000000000c00ull,
                     0xfffffffffffffc00ull, 0xffffffffffffffffull, 0x20000000000003ull})
    ul.push_back(x); // ties and near-ties of the rounding to 53 bits
  c.push_back(cast<uint64_t, double>("ulong_to_double", ul));
  c.push_back(cast<uint32_t, double>("uint_to_double", ints<uint32_t>(kCount, 33)));
  c.push_back(cast<int16_t, float>("short_to_float", ints<int16_t>(kCount, 34)));

  c.push_back(map<float>("implicit_mix", ulp(0), [](int8_t ch, uint32_t u, float f) {
    int x = ch;
    long y = long(u) * 3;
    float z = float(x) + f;
    uint32_t w = uint32_t(x);
    return z + float(y & 0xff) + float(w >> 28);
  }, ints<int8_t>(kCount, 22), ints<uint32_t>(kCount, 23), floats<float>(kCount, 24, -10, 10)));
  std::vector<float> bf = specials<float>();
  bf.resize(kCount, 0.0f);
  c.push_back(map<int>("to_bool", exact(), [](float f, int n) {
    bool a = f != 0, b = n != 0, cc = a && !b;
    return a + 2 * b + 4 * cc + 8 * int((n & 0x100) != 0);
  }, bf, ints<int>(kCount, 25, -2, 0x102)));
  c.push_back(map<float>("typedefs", ulp(0), [](uint32_t a) {
    uint32_t w = a * 5u;
    float r = float(w % 100u) + 7.0f;
    int64_t d = int64_t(a & 7u) - 3;
    int64_t p = d * 3;
    return r + float(p);
  }, ints<uint32_t>(kCount, 26)));
  return c;
}

const bool registered = addArea("conversions", conversionCases());

} // namespace
} // namespace kt
