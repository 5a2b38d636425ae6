//===- relational.cpp - Cases of relational.cl ----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kItems = 128;

std::vector<Case> relationalCases() {
  std::vector<Case> c;
  std::vector<float> one = floats<float>(200, 251);
  auto pp = pairs(specials<float>(), specials<float>());
  std::vector<float> a = pp.first, b = pp.second;
  using P1 = int (*)(float);
  using P2 = int (*)(float, float);
  for (auto [name, fn] : std::vector<std::pair<const char *, P1>>{
           {"isfinite_float", [](float x) { return int(std::isfinite(x)); }},
           {"isinf_float", [](float x) { return int(std::isinf(x)); }},
           {"isnan_float", [](float x) { return int(std::isnan(x)); }},
           {"isnormal_float", [](float x) { return int(std::isnormal(x)); }},
           {"signbit_float", [](float x) { return int(std::signbit(x)); }}})
    c.push_back(map<int>(name, exact(), fn, one));
  for (auto [name, fn] : std::vector<std::pair<const char *, P2>>{
           {"isequal_float", [](float x, float y) { return int(x == y); }},
           {"isnotequal_float", [](float x, float y) { return int(x != y); }},
           {"isgreater_float", [](float x, float y) { return int(std::isgreater(x, y)); }},
           {"isgreaterequal_float", [](float x, float y) { return int(std::isgreaterequal(x, y)); }},
           {"isless_float", [](float x, float y) { return int(std::isless(x, y)); }},
           {"islessequal_float", [](float x, float y) { return int(std::islessequal(x, y)); }},
           {"islessgreater_float", [](float x, float y) { return int(std::islessgreater(x, y)); }},
           {"isordered_float", [](float x, float y) { return int(!std::isunordered(x, y)); }},
           {"isunordered_float", [](float x, float y) { return int(std::isunordered(x, y)); }}})
    c.push_back(map<int>(name, exact(), fn, a, b));
  c.push_back(map<int64_t>("isnan_double", exact(), [](double x) {
    return int64_t(std::isnan(x) + 2 * std::isinf(x) + 4 * std::signbit(x));
  }, floats<double>(200, 252)));
  std::vector<float> v4a = floats<float>(4 * kItems, 253), v4b = floats<float>(4 * kItems, 254);
  c.push_back(block<int>("isless_float4", exact(), kItems, 4, [](size_t i, int *r,
      const std::vector<float> &x, const std::vector<float> &y) {
    for (int k = 0; k < 4; ++k)
      r[k] = -int(std::isless(x[4 * i + k], y[4 * i + k])) - 2 * int(std::isnan(x[4 * i + k]));
  }, v4a, v4b));
  std::vector<int> masks = ints<int>(4 * kItems, 255, -3, 3);
  c.push_back(block<int>("any_all_int4", exact(), kItems, 1, [](size_t i, int *r,
      const std::vector<int> &x) {
    bool any = false, all = true;
    for (int k = 0; k < 4; ++k) {
      any = any || x[4 * i + k] < 0;
      all = all && x[4 * i + k] < 0;
    }
    r[0] = int(any) + 2 * int(all);
  }, masks));
  std::vector<int> ia = ints<int>(4 * kItems, 256), ib = ints<int>(4 * kItems, 257);
  c.push_back(map<int>("select_int", exact(), [](int x, int y, int z) { return z ? y : x; }, ia, ib, masks));
  c.push_back(block<float>("select_float4", exact(), kItems, 4, [](size_t i, double *r,
      const std::vector<float> &x, const std::vector<float> &y, const std::vector<int> &m) {
    for (int k = 0; k < 4; ++k)
      r[k] = m[4 * i + k] < 0 ? y[4 * i + k] : x[4 * i + k];
  }, v4a, v4b, masks));
  std::vector<uint32_t> ua = ints<uint32_t>(kItems, 258), ub = ints<uint32_t>(kItems, 259),
                        uc = ints<uint32_t>(kItems, 260);
  c.push_back(map<uint32_t>("bitselect_uint", exact(), [](uint32_t x, uint32_t y, uint32_t z) {
    return (x & ~z) | (y & z);
  }, ua, ub, uc));
  std::vector<float> fc(kItems);
  for (size_t i = 0; i < kItems; ++i)
    fc[i] = bitsFloat(uc[i] & 0x807fffffu); // a mask that is a finite float
  c.push_back(map<float>("bitselect_float", exact(), [](float x, float y, float z) {
    return bitsFloat((floatBits(x) & ~floatBits(z)) | (floatBits(y) & floatBits(z)));
  }, floats<float>(kItems, 261, -10, 10, false, false), floats<float>(kItems, 262, -10, 10, false, false), fc));
  return c;
}

const bool registered = addArea("relational", relationalCases());

} // namespace
} // namespace kt
