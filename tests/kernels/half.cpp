//===- half.cpp - Cases of half.cl ----------------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Half values travel as uint16_t bit patterns; the host converts them with
// the rounding mode of each vstore_half variant (default: to nearest even).
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

enum class Mode { Rte, Rtz, Rtp, Rtn };

float halfToFloat(uint16_t h) {
  int e = (h >> 10) & 31, m = h & 1023;
  float sign = (h & 0x8000) ? -1.0f : 1.0f;
  if (e == 31)
    return m ? NAN : sign * INFINITY;
  if (e == 0)
    return sign * std::ldexp(float(m), -24);
  return sign * std::ldexp(float(m + 1024), e - 25);
}

uint16_t floatToHalf(double x, Mode mode) {
  uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  if (std::isnan(x))
    return 0x7e00;
  double v = std::fabs(x);
  // Rounding the magnitude up or down according to the mode and the sign.
  bool up = mode == Mode::Rtp ? !sign : mode == Mode::Rtn ? bool(sign) : false;
  auto roundMag = [&](double q) {
    double f = std::floor(q);
    if (mode == Mode::Rte) {
      double d = q - f;
      return d > 0.5 || (d == 0.5 && std::fmod(f, 2.0) != 0) ? f + 1 : f;
    }
    return up && q != f ? f + 1 : f;
  };
  if (std::isinf(v))
    return sign | 0x7c00;
  int e = v > 0 ? std::max(std::ilogb(v), -14) : -14;
  double q = roundMag(std::ldexp(v, 10 - e));
  if (q >= 2048) {
    q /= 2;
    ++e;
  }
  if (e > 15) { // overflow: infinity or the largest finite half
    bool toInf = mode == Mode::Rte || up;
    return sign | (toInf ? 0x7c00 : 0x7bff);
  }
  if (q < 1024)
    return sign | uint16_t(q); // denormal (e == -14)
  return sign | uint16_t(((e + 15) << 10) | (uint16_t(q) - 1024));
}

/// Floats for conversion: normal, half denormal range, overflow, specials.
std::vector<float> halfInputs(uint64_t seed) {
  std::vector<float> v{0.0f, -0.0f, 1.0f, -1.0f, 65504.0f, 65519.0f, 65520.0f, -65520.0f, 1e6f, -1e6f,
                       INFINITY, -INFINITY, NAN, 6.1035156e-05f, 5.9604645e-08f, 2.9802322e-08f,
                       2.9802326e-08f, 1e-10f, -1e-10f, 1.00048828125f, 1.0009765625f, 0.33333334f};
  std::vector<float> r = floats<float>(500, seed, -26, 17, false, false);
  v.insert(v.end(), r.begin(), r.end());
  return v;
}

/// Compares half bit patterns (any NaN matches any NaN).
void expectHalves(std::vector<uint16_t> got, std::vector<uint16_t> want) {
  for (std::vector<uint16_t> *v : {&got, &want})
    for (uint16_t &h : *v)
      if ((h & 0x7c00) == 0x7c00 && (h & 1023))
        h = 0x7e00;
  expectEq(got, want);
}

Case storeCase(const std::string &name, Mode mode) {
  return {name, [=](Ctx &ctx) {
            std::vector<float> in = halfInputs(331);
            acc::Buffer f = ctx.upload(in);
            acc::Buffer h = ctx.output<uint16_t>(in.size());
            ctx.run(name, acc::Range(in.size()), f, h);
            std::vector<uint16_t> want;
            for (float x : in)
              want.push_back(floatToHalf(x, mode));
            expectHalves(ctx.read<uint16_t>(h, in.size()), want);
          }};
}

std::vector<uint16_t> allHalves() {
  std::vector<uint16_t> v(65536);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = uint16_t(i);
  return v;
}

std::vector<Case> halfCases() {
  std::vector<Case> c;
  // Every half bit pattern: the conversion to float is exact.
  c.push_back(map<float>("load_half", exact(), [](uint16_t h) { return halfToFloat(h); }, allHalves()));
  c.push_back(block<float>("load_half4", exact(), 65536 / 4, 4, [](size_t i, double *r,
      const std::vector<uint16_t> &h) {
    for (int k = 0; k < 4; ++k)
      r[k] = halfToFloat(h[4 * i + k]);
  }, allHalves()));
  c.push_back(storeCase("store_half", Mode::Rte));
  c.push_back(storeCase("store_half_rte", Mode::Rte));
  c.push_back(storeCase("store_half_rtz", Mode::Rtz));
  c.push_back(storeCase("store_half_rtp", Mode::Rtp));
  c.push_back(storeCase("store_half_rtn", Mode::Rtn));
  c.push_back({"store_half4", [](Ctx &ctx) {
    std::vector<float> in = halfInputs(332);
    in.resize(in.size() / 4 * 4);
    acc::Buffer f = ctx.upload(in);
    acc::Buffer h = ctx.output<uint16_t>(in.size());
    ctx.run("store_half4", acc::Range(in.size() / 4), f, h);
    std::vector<uint16_t> want;
    for (float x : in)
      want.push_back(floatToHalf(x, Mode::Rte));
    expectHalves(ctx.read<uint16_t>(h, in.size()), want);
  }});
  c.push_back({"store_half_double", [](Ctx &ctx) {
    ctx.requireFp64();
    std::vector<double> in = as<double>(halfInputs(333));
    in.push_back(1.0 + 1.0 / 2048 + 1e-12); // just above a tie: rounds up
    in.push_back(1.0 + 1.0 / 2048);         // a tie: rounds to even (down)
    acc::Buffer d = ctx.upload(in);
    acc::Buffer h = ctx.output<uint16_t>(in.size());
    ctx.run("store_half_double", acc::Range(in.size()), d, h);
    std::vector<uint16_t> want;
    for (double x : in)
      want.push_back(floatToHalf(x, Mode::Rte));
    expectHalves(ctx.read<uint16_t>(h, in.size()), want);
  }});
  c.push_back({"roundtrip_half", [](Ctx &ctx) {
    std::vector<uint16_t> in = allHalves();
    acc::Buffer h = ctx.upload(in);
    acc::Buffer out = ctx.output<uint16_t>(in.size());
    ctx.run("roundtrip_half", acc::Range(in.size()), h, out);
    std::vector<uint16_t> want;
    for (uint16_t x : in)
      want.push_back(floatToHalf(double(halfToFloat(x)) * 2.0, Mode::Rte));
    expectHalves(ctx.read<uint16_t>(out, in.size()), want);
  }});
  std::vector<uint16_t> noNaN = allHalves(); // NaN payloads may differ
  for (uint16_t &h : noNaN)
    if ((h & 0x7c00) == 0x7c00 && (h & 1023))
      h = 0x3c00;
  c.push_back(block<uint16_t>("aligned_half4", exact(), 65536 / 4, 4, [](size_t i, uint16_t *r,
      const std::vector<uint16_t> &h) {
    for (int k = 0; k < 4; ++k)
      r[k] = floatToHalf(double(halfToFloat(h[4 * i + k])) * 0.5, Mode::Rtz);
  }, noNaN));
  return c;
}

const bool registered = addArea("half", halfCases());

} // namespace
} // namespace kt
