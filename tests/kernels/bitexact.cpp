//===- bitexact.cpp - Cases of bitexact.cl ---------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Every result is compared bit for bit with a host reference that makes
// the portable IR's contraction decision (std::fma where the kernel fuses,
// separate roundings elsewhere). A backend that fused more, or less, than
// the portable IR decided differs in some of these 4096 values; two
// backends that both pass give identical bits. Built with
// -ffp-contract=off, so the host computes exactly what it says.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

#include <cmath>

namespace kt {
namespace {

constexpr size_t kCount = 4096;

std::vector<Case> bitexactCases() {
  std::vector<Case> c;
  std::vector<float> a = floats<float>(kCount, 701, -8, 8),
                     b = floats<float>(kCount, 702, -8, 8),
                     x = floats<float>(kCount, 703, -8, 8),
                     d = floats<float>(kCount, 704, -8, 8);
  c.push_back(map<float>("fused_add", exact(), [](float p, float q, float r) {
    return std::fma(p, q, r);
  }, a, b, x));
  c.push_back(map<float>("fused_sub", exact(), [](float p, float q, float r) {
    return std::fma(p, q, -r);
  }, a, b, x));
  c.push_back(map<float>("fused_rsub", exact(), [](float p, float q, float r) {
    return std::fma(-p, q, r);
  }, a, b, x));
  c.push_back(map<float>("det2", exact(),
                         [](float p, float q, float r, float s) {
                           float qr = q * r;
                           return std::fma(p, s, -qr);
                         },
                         a, b, x, d));
  c.push_back(map<float>("split", exact(), [](float p, float q, float r) {
    float t = p * q;
    return t + r;
  }, a, b, x));
  c.push_back(map<float>("horner", exact(), [](float v) {
    float f = std::fma(0.5f, v, 0.25f);
    f = std::fma(f, v, -1.0f);
    return std::fma(f, v, 2.0f);
  }, floats<float>(kCount, 705, -4, 4)));
  c.push_back(map<double>("fused_add_double", exact(),
                          [](double p, double q, double r) {
                            return std::fma(p, q, r);
                          },
                          floats<double>(kCount, 706, -30, 30),
                          floats<double>(kCount, 707, -30, 30),
                          floats<double>(kCount, 708, -30, 30)));
  c.push_back(map<int32_t>("int_mix", exact(), [](int32_t p, int32_t q, int32_t r) {
    uint32_t m = uint32_t(p) * uint32_t(q) + uint32_t(r);
    return int32_t(m ^ uint32_t(p >> 3) ^ (uint32_t(q) >> 5));
  }, ints<int32_t>(kCount, 709), ints<int32_t>(kCount, 710),
     ints<int32_t>(kCount, 711)));
  return c;
}

const bool registered = addArea("bitexact", bitexactCases());

} // namespace
} // namespace kt
