//===- geometric.cpp - Cases of geometric.cl ------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Inputs are within [-4, 4]; results with cancellation (dot, cross, mix)
// are checked within an absolute tolerance of a few float epsilons times
// the largest partial product, the others within a few ulp; fast_ variants
// within the half_ bound (8192 ulp).
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kItems = 200;

std::vector<float> box(size_t n, uint64_t seed) {
  auto g = rng(seed);
  std::uniform_real_distribution<float> d(-4.0f, 4.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = d(g);
  return v;
}

template <size_t N> double dotRef(const float *a, const float *b) {
  double s = 0;
  for (size_t k = 0; k < N; ++k)
    s += double(a[k]) * b[k];
  return s;
}

std::vector<Case> geometricCases() {
  std::vector<Case> c;
  std::vector<float> a = box(4 * kItems, 271), b = box(4 * kItems, 272);
  using In = const std::vector<float> &;
  c.push_back(block<float>("dot_float4", absTol(1e-4), kItems, 1, [](size_t i, double *r, In x, In y) {
    r[0] = dotRef<4>(&x[4 * i], &y[4 * i]);
  }, a, b));
  c.push_back(block<float>("dot_float2", absTol(1e-4), kItems, 1, [](size_t i, double *r, In x, In y) {
    r[0] = dotRef<2>(&x[2 * i], &y[2 * i]);
  }, a, b));
  auto cross = [](const float *x, const float *y, double *r) {
    r[0] = double(x[1]) * y[2] - double(x[2]) * y[1];
    r[1] = double(x[2]) * y[0] - double(x[0]) * y[2];
    r[2] = double(x[0]) * y[1] - double(x[1]) * y[0];
  };
  c.push_back(block<float>("cross_float4", absTol(1e-4), kItems, 4, [=](size_t i, double *r, In x, In y) {
    cross(&x[4 * i], &y[4 * i], r);
    r[3] = 0;
  }, a, b));
  c.push_back(block<float>("cross_float3", absTol(1e-4), kItems, 3, [=](size_t i, double *r, In x, In y) {
    cross(&x[3 * i], &y[3 * i], r);
  }, a, b));
  for (auto [name, bound] : {std::pair<const char *, double>{"length_float4", 4}, {"fast_length_float4", 8192}})
    c.push_back(block<float>(name, ulp(bound), kItems, 1, [](size_t i, double *r, In x) {
      r[0] = std::sqrt(dotRef<4>(&x[4 * i], &x[4 * i]));
    }, a));
  for (auto [name, bound] : {std::pair<const char *, double>{"distance_float4", 4}, {"fast_distance_float4", 8192}})
    c.push_back(block<float>(name, ulp(bound), kItems, 1, [](size_t i, double *r, In x, In y) {
      double d[4];
      for (int k = 0; k < 4; ++k)
        d[k] = double(x[4 * i + k]) - y[4 * i + k];
      r[0] = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2] + d[3] * d[3]);
    }, a, b));
  for (auto [name, bound] : {std::pair<const char *, double>{"normalize_float4", 4}, {"fast_normalize_float4", 8192}})
    c.push_back(block<float>(name, ulp(bound), kItems, 4, [](size_t i, double *r, In x) {
      double len = std::sqrt(dotRef<4>(&x[4 * i], &x[4 * i]));
      for (int k = 0; k < 4; ++k)
        r[k] = x[4 * i + k] / len;
    }, a));
  std::vector<double> da = as<double>(a), db = as<double>(b);
  c.push_back(block<double>("dot_double4", absTol(1e-12), kItems, 1, [](size_t i, long double *r,
      const std::vector<double> &x, const std::vector<double> &y) {
    r[0] = 0;
    for (int k = 0; k < 4; ++k)
      r[0] += (long double)x[4 * i + k] * y[4 * i + k];
  }, da, db));

  std::vector<float> t = box(kItems, 273);
  for (float &x : t)
    x = std::fabs(x) / 4.0f;
  c.push_back(map<float>("mix_float", absTol(1e-5), [](float x, float y, float w) {
    return double(x) + (double(y) - x) * w;
  }, box(kItems, 274), box(kItems, 275), t));
  std::vector<float> edges = box(kItems, 276), xs = box(kItems, 277);
  for (size_t i = 0; i < kItems; i += 7)
    xs[i] = edges[i];
  c.push_back(map<float>("step_float", exact(), [](float e, float x) { return x < e ? 0.0f : 1.0f; }, edges, xs));
  c.push_back(map<float>("smoothstep_float", absTol(1e-6), [](float x) {
    double u = std::min(std::max((double(x) + 1.0) / 3.0, 0.0), 1.0);
    return u * u * (3.0 - 2.0 * u);
  }, xs));
  c.push_back(map<float>("sign_float", exact(), [](float x) {
    return std::isnan(x) ? 0.0f : x > 0 ? 1.0f : x < 0 ? -1.0f : x;
  }, floats<float>(kItems, 278)));
  c.push_back(block<float>("degrees_radians_float", ulp(2), kItems, 2, [](size_t i, double *r, In x) {
    r[0] = double(x[i]) * (180.0 / 3.14159265358979323846);
    r[1] = double(x[i]) * (3.14159265358979323846 / 180.0);
  }, floats<float>(kItems, 279, -20, 20, false, false)));
  c.push_back(block<float>("clamp_float4_scalar", absTol(1e-5), kItems, 4, [](size_t i, double *r, In x) {
    for (int k = 0; k < 4; ++k) {
      float v = x[4 * i + k];
      r[k] = double(std::fmin(std::fmax(v, -1.0f), 1.0f)) + std::fmin(v, 0.5f) + std::fmax(v, -0.5f);
    }
  }, a));
  std::vector<int> ia = ints<int>(4 * kItems, 280, -1000, 1000);
  c.push_back(block<int>("clamp_int4_scalar", exact(), kItems, 4, [](size_t i, int *r,
      const std::vector<int> &x) {
    for (int k = 0; k < 4; ++k)
      r[k] = std::min(std::max(x[4 * i + k], -100), 100) + std::min(x[4 * i + k], 7) * 2;
  }, ia));
  return c;
}

const bool registered = addArea("geometric", geometricCases());

} // namespace
} // namespace kt
