//===- vectors.cpp - Cases of vectors.cl ----------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Vector buffers are flat host arrays: element k of work-item i's floatN is
// a[i * N + k] (a float3 buffer read with vload3 is packed, 3 per item).
// A vector comparison is -1 where true.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kItems = 100;

std::vector<Case> vectorCases() {
  std::vector<Case> c;
  std::vector<float> fa = floats<float>(4 * kItems, 101, -10, 10, false, false),
                     fb = floats<float>(4 * kItems, 102, -10, 10, false, false);
  for (size_t i = 0; i < fb.size(); i += 5)
    fb[i] = fa[i]; // equal lanes for the comparisons
  std::vector<int> ia = ints<int>(4 * kItems, 103, -1000000, 1000000),
                   ib = ints<int>(4 * kItems, 104, -1000, 1000);

  c.push_back(block<float>("vec_add_float4", ulp(0), kItems, 4, [](size_t i, double *r,
      const std::vector<float> &a, const std::vector<float> &b) {
    for (int k = 0; k < 4; ++k)
      r[k] = a[4 * i + k] + b[4 * i + k] * 2.0f - float(k + 1);
  }, fa, fb));
  c.push_back(block<int>("vec_int4_ops", exact(), kItems, 16, [](size_t i, int *r,
      const std::vector<int> &a, const std::vector<int> &b) {
    for (int k = 0; k < 4; ++k) {
      int x = a[4 * i + k], y = b[4 * i + k] | 1;
      r[k] = x + y * 3;
      r[4 + k] = (x / y) ^ (x % y);
      r[8 + k] = int(uint32_t(x) << (y & 31)) | (x >> 3);
      r[12 + k] = ~x & -y;
    }
  }, ia, ib));
  c.push_back(block<float>("vec_swizzle", ulp(0), kItems, 12, [](size_t i, double *r,
      const std::vector<float> &a) {
    const float *v = &a[4 * i];
    float sw[4] = {v[1], v[0], v[3], v[2]};
    float lohi[4] = {v[0], v[1], v[2], v[3]}, evenOdd[4] = {v[0], v[2], v[1], v[3]};
    for (int k = 0; k < 4; ++k) {
      r[k] = v[3 - k];
      r[4 + k] = sw[k] + v[3 - k];
      r[8 + k] = lohi[k] * evenOdd[k];
    }
  }, fa));
  c.push_back(block<int>("vec_component_write", exact(), kItems, 4, [](size_t i, int *r,
      const std::vector<int> &a) {
    const int *v = &a[4 * i];
    r[0] = 7;
    r[1] = v[1] + 100;
    r[2] = v[3] * 2;
    r[3] = v[2] * 2;
  }, ia));
  c.push_back(block<int>("vec_compare", exact(), kItems, 4, [](size_t i, int *r,
      const std::vector<float> &a, const std::vector<float> &b) {
    for (int k = 0; k < 4; ++k) {
      float x = a[4 * i + k], y = b[4 * i + k];
      r[k] = -int(x < y) - 2 * int(x == y) - 4 * int(x != y);
    }
  }, fa, fb));
  c.push_back(block<int>("vec_select_ternary", exact(), kItems, 4, [](size_t i, int *r,
      const std::vector<int> &a, const std::vector<int> &b) {
    for (int k = 0; k < 4; ++k)
      r[k] = std::max(a[4 * i + k], b[4 * i + k]);
  }, ia, ib));
  c.push_back(block<float>("vec_broadcast", ulp(1), kItems, 8, [](size_t i, double *r,
      const std::vector<float> &s) {
    float w[8] = {1, 2, 3, 3, 3, 3, s[i], 0.5f};
    for (int k = 0; k < 8; ++k)
      r[k] = double(s[i]) * w[k] + 1.0;
  }, floats<float>(kItems, 105, 0, 8, true, false)));
  std::vector<uint8_t> ua = ints<uint8_t>(16 * kItems, 106), ub = ints<uint8_t>(16 * kItems, 107);
  c.push_back(block<uint8_t>("vec_uchar16_wrap", exact(), kItems, 16, [](size_t i, uint8_t *r,
      const std::vector<uint8_t> &a, const std::vector<uint8_t> &b) {
    for (int k = 0; k < 16; ++k)
      r[k] = uint8_t(a[16 * i + k] + b[16 * i + k] * 3);
  }, ua, ub));
  c.push_back(block<float>("vec_float3", ulp(0), kItems, 3, [](size_t i, double *r,
      const std::vector<float> &a) {
    const float *v = &a[3 * i];
    float zxy[3] = {v[2], v[0], v[1]};
    for (int k = 0; k < 3; ++k)
      r[k] = zxy[k] * 2.0f + v[k];
  }, fa));
  std::vector<int> seq = iota<int>(16 * kItems + 40, -50);
  c.push_back(block<int>("vec_vload_vstore", exact(), kItems, 32, [](size_t i, int *r,
      const std::vector<int> &a) {
    const int *x2 = &a[2 * i], *x4 = &a[4 * i + 1], *x8 = &a[8 * i + 2], *x16 = &a[16 * i + 3];
    int s = x2[0] + x2[1] + x4[0] + x4[3] + x8[7] + x16[15] + x16[10];
    r[0] = x2[0] + s;
    r[1] = x2[1] + s;
    for (int k = 0; k < 4; ++k)
      r[2 + k] = x4[k];
    for (int k = 0; k < 8; ++k)
      r[6 + k] = x8[7 - k];
    for (int k = 0; k < 16; ++k)
      r[14 + k] = x16[k];
    r[30] = r[31] = int32_t(0xA5A5A5A5);
  }, seq));
  std::vector<int64_t> la = ints<int64_t>(2 * kItems, 108);
  std::vector<uint64_t> lb = ints<uint64_t>(2 * kItems, 109);
  c.push_back(block<int64_t>("vec_long2_shift", exact(), kItems, 4, [](size_t i, int64_t *r,
      const std::vector<int64_t> &a, const std::vector<uint64_t> &b) {
    r[0] = a[2 * i] >> (b[2 * i] & 63);
    r[1] = a[2 * i + 1] >> (b[2 * i + 1] & 63);
    r[2] = int64_t(uint64_t(a[2 * i + 1]) << 1);
    r[3] = int64_t(uint64_t(a[2 * i]) << 1);
  }, la, lb));
  std::vector<double> da = floats<double>(2 * kItems, 110, -10, 10, true, false),
                      db = floats<double>(2 * kItems, 111, -10, 10, true, false);
  // Positive terms: a fused or unfused multiply-add is within 1 ulp.
  c.push_back(block<double>("vec_double2", ulp(1), kItems, 2, [](size_t i, long double *r,
      const std::vector<double> &a, const std::vector<double> &b) {
    r[0] = (long double)a[2 * i] * b[2 * i + 1] + 0.5L;
    r[1] = (long double)a[2 * i + 1] * b[2 * i] + 0.25L;
  }, da, db));
  c.push_back(block<float>("vec_math", ulp(4), kItems, 4, [](size_t i, double *r,
      const std::vector<float> &a, const std::vector<float> &b) {
    for (int k = 0; k < 4; ++k) {
      float x = a[4 * i + k], y = b[4 * i + k];
      r[k] = double(std::fmin(std::fabs(x), 3.0f) + std::fmax(x, y)) + std::sqrt(double(std::fabs(y)));
    }
  }, floats<float>(4 * kItems, 112, -3, 3, true, false), floats<float>(4 * kItems, 113, -3, 3, true, false)));
  std::vector<int16_t> sa = ints<int16_t>(8 * kItems, 114);
  c.push_back(block<int16_t>("vec_short8_hilo", exact(), kItems, 8, [](size_t i, int16_t *r,
      const std::vector<int16_t> &a) {
    const int16_t *v = &a[8 * i];
    for (int k = 0; k < 4; ++k) {
      r[k] = int16_t(v[k] + v[4 + k]);
      r[4 + k] = int16_t(v[2 * k] - v[2 * k + 1]);
    }
  }, sa));
  std::vector<int> za = ints<int>(4 * kItems, 115, -2, 2), zb = ints<int>(4 * kItems, 116, -2, 2);
  c.push_back(block<int>("vec_logical", exact(), kItems, 4, [](size_t i, int *r,
      const std::vector<int> &a, const std::vector<int> &b) {
    for (int k = 0; k < 4; ++k) {
      int x = a[4 * i + k], y = b[4 * i + k];
      r[k] = -int(x && y) | ((-int(!x)) & 4);
    }
  }, za, zb));
  c.push_back(block<int>("vec_shuffle", exact(), kItems, 8, [](size_t i, int *r,
      const std::vector<int> &a, const std::vector<int> &b) {
    const int *x = &a[4 * i], *y = &b[4 * i];
    int s[4] = {x[3], x[0], x[2], x[1]}, t[4] = {y[3], x[1], y[0], x[2]};
    for (int k = 0; k < 4; ++k) {
      r[k] = s[k];
      r[4 + k] = t[k];
    }
  }, ia, ib));
  c.push_back(block<int>("vec_step_sizeof", exact(), 4, 1, [](size_t, int *r) {
    r[0] = 4 + 10 * 4 + 100 * 16 + 1000 * 16 + 100000 * 4;
  }));
  return c;
}

const bool registered = addArea("vectors", vectorCases());

} // namespace
} // namespace kt
