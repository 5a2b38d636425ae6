//===- convert.cpp - Cases of convert.cl ----------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Without _sat, float-to-integer conversions get only values in range
// (others are undefined); with _sat, NaN converts to 0 and out-of-range
// values clamp.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kCount = 512;

enum class Mode { Rte, Rtz, Rtp, Rtn };

/// v rounded to an integer value in `mode`.
long double roundInt(long double v, Mode mode) {
  switch (mode) {
  case Mode::Rte: {
    long double f = std::floor(v), d = v - f;
    if (d != 0.5L)
      return std::floor(v + 0.5L);
    return std::fmod(f, 2.0L) == 0 ? f : f + 1;
  }
  case Mode::Rtz: return std::trunc(v);
  case Mode::Rtp: return std::ceil(v);
  case Mode::Rtn: return std::floor(v);
  }
  return v;
}

/// v (exact in long double) rounded to float in `mode`.
float roundFloat(long double v, Mode mode) {
  float f = static_cast<float>(v); // to nearest even
  if (mode == Mode::Rtz && std::fabs((long double)f) > std::fabs(v))
    f = std::nextafter(f, 0.0f);
  if (mode == Mode::Rtp && (long double)f < v)
    f = std::nextafter(f, INFINITY);
  if (mode == Mode::Rtn && (long double)f > v)
    f = std::nextafter(f, -INFINITY);
  return f;
}

/// Saturating conversion of v (after rounding) to D; NaN is 0.
template <class D> D saturate(long double v) {
  if (std::isnan(v))
    return 0;
  if (v <= (long double)std::numeric_limits<D>::min())
    return std::numeric_limits<D>::min();
  if (v >= (long double)std::numeric_limits<D>::max())
    return std::numeric_limits<D>::max();
  return static_cast<D>(v);
}

template <class S, class D>
Case toInt(const std::string &name, Mode mode, bool sat, const std::vector<S> &in) {
  return map<D>(name, exact(), [=](S x) {
    long double r = roundInt((long double)x, mode);
    return sat ? saturate<D>(r) : static_cast<D>(r);
  }, in);
}
template <class S>
Case toFloat(const std::string &name, Mode mode, const std::vector<S> &in) {
  return map<float>(name, exact(), [=](S x) { return roundFloat((long double)x, mode); }, in);
}
template <class S, class D> Case intSat(const std::string &name, const std::vector<S> &in) {
  return map<D>(name, exact(), [](S x) { return saturate<D>((long double)x); }, in);
}

/// Values within (-limit, limit), with halves and near-halves.
std::vector<float> roundable(double limit, uint64_t seed) {
  std::vector<float> v{0.0f, -0.0f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 0.49999997f, -1.0000001f};
  std::vector<float> r = floats<float>(kCount, seed, -4, int(std::log2(limit)) - 1, false, false);
  v.insert(v.end(), r.begin(), r.end());
  return v;
}

std::vector<Case> convertCases() {
  std::vector<Case> c;
  std::vector<float> in = roundable(2147483648.0, 291), wide = floats<float>(kCount, 292, -4, 70);
  c.push_back(toInt<float, int32_t>("float_to_int_rte", Mode::Rte, false, in));
  c.push_back(toInt<float, int32_t>("float_to_int_rtz", Mode::Rtz, false, in));
  c.push_back(toInt<float, int32_t>("float_to_int_rtp", Mode::Rtp, false, in));
  c.push_back(toInt<float, int32_t>("float_to_int_rtn", Mode::Rtn, false, in));
  c.push_back(toInt<float, int32_t>("float_to_int_sat", Mode::Rtz, true, wide));
  c.push_back(toInt<float, int32_t>("float_to_int_sat_rte", Mode::Rte, true, wide));
  c.push_back(toInt<float, uint8_t>("float_to_uchar_sat", Mode::Rtz, true, wide));
  c.push_back(toInt<float, uint16_t>("float_to_ushort_sat_rtp", Mode::Rtp, true, wide));
  c.push_back(toInt<float, int64_t>("float_to_long_sat_rtn", Mode::Rtn, true, wide));
  c.push_back(toInt<float, uint64_t>("float_to_ulong_sat", Mode::Rtz, true, wide));
  c.push_back(intSat<int32_t, uint8_t>("int_to_uchar_sat", ints<int32_t>(kCount, 293, -1000, 1000)));
  c.push_back(intSat<int32_t, int8_t>("int_to_char_sat", ints<int32_t>(kCount, 294, -1000, 1000)));
  c.push_back(intSat<int64_t, uint32_t>("long_to_uint_sat", ints<int64_t>(kCount, 295)));
  c.push_back(intSat<uint32_t, int32_t>("uint_to_int_sat", ints<uint32_t>(kCount, 296)));
  c.push_back(intSat<uint64_t, int16_t>("ulong_to_short_sat", ints<uint64_t>(kCount, 297)));
  c.push_back(map<int16_t>("int_to_short", exact(), [](int32_t x) { return int16_t(x); }, ints<int32_t>(kCount, 298)));
  std::vector<int32_t> big = ints<int32_t>(kCount, 299);
  c.push_back(toFloat<int32_t>("int_to_float_rtz", Mode::Rtz, big));
  c.push_back(toFloat<int32_t>("int_to_float_rtp", Mode::Rtp, big));
  c.push_back(toFloat<int32_t>("int_to_float_rtn", Mode::Rtn, big));
  c.push_back(toFloat<uint64_t>("ulong_to_float_rte", Mode::Rte, ints<uint64_t>(kCount, 300)));
  std::vector<double> dd = floats<double>(kCount, 301, -60, 60, false, false);
  c.push_back(toFloat<double>("double_to_float_rtz", Mode::Rtz, dd));
  c.push_back(toFloat<double>("double_to_float_rtp", Mode::Rtp, dd));
  c.push_back(toInt<double, int32_t>("double_to_int_sat_rte", Mode::Rte, true, floats<double>(kCount, 302, -4, 40)));
  std::vector<float> v4 = roundable(1e9, 303);
  v4.resize(v4.size() / 4 * 4);
  c.push_back(block<int32_t>("float4_to_int4_rtn", exact(), v4.size() / 4, 4, [](size_t i, int32_t *r,
      const std::vector<float> &x) {
    for (int k = 0; k < 4; ++k)
      r[k] = int32_t(std::floor(x[4 * i + k]));
  }, v4));
  c.push_back(block<uint8_t>("int8_to_uchar8_sat", exact(), kCount / 8, 8, [](size_t i, uint8_t *r,
      const std::vector<int32_t> &x) {
    for (int k = 0; k < 8; ++k)
      r[k] = saturate<uint8_t>((long double)x[8 * i + k]);
  }, ints<int32_t>(kCount, 304, -600, 600)));
  return c;
}

const bool registered = addArea("convert", convertCases());

} // namespace
} // namespace kt
