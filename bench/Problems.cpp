//===- Problems.cpp - acc-bench's problems and their C++ versions ----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Built with -O3 -march=native -fopenmp: the hand-written C++ alternative
// is what a performance-minded developer writes without a library, loops
// the compiler vectorises, parallel over all cores with OpenMP.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

namespace bench {

namespace {

template <typename T> std::vector<uint8_t> bytesOf(const std::vector<T> &v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}
template <typename T> T *as(std::vector<uint8_t> &b) {
  return reinterpret_cast<T *>(b.data());
}
template <typename T> const T *as(const std::vector<uint8_t> &b) {
  return reinterpret_cast<const T *>(b.data());
}

std::vector<float> randomFloats(size_t n, uint32_t seed, float lo, float hi) {
  std::mt19937 g(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = d(g);
  return v;
}

/// "" when |got - want| <= tol * (|want| + 1) everywhere, else the first
/// index that is not.
std::string compare(const float *got, const std::vector<float> &want,
                    float tol) {
  for (size_t i = 0; i < want.size(); ++i)
    if (!(std::fabs(got[i] - want[i]) <= tol * (std::fabs(want[i]) + 1.0f)))
      return "index " + std::to_string(i) + ": got " +
             std::to_string(got[i]) + ", expected " + std::to_string(want[i]);
  return "";
}

size_t roundUp(size_t x, size_t m) { return (x + m - 1) / m * m; }

/// A problem named `name` whose figure is `unit`, `work` of it per run.
Problem problem(const char *name, const char *unit, double work) {
  Problem p;
  p.name = name;
  p.unit = unit;
  p.work = work;
  return p;
}

Problem saxpy(size_t n) {
  // Read x and y, write y.
  Problem p = problem("saxpy", "GB/s", 12.0 * n / 1e9);
  std::vector<float> x = randomFloats(n, 1, -1, 1), y = randomFloats(n, 2, -1, 1);
  const float a = 2.5f;
  p.buffers = {bytesOf(x), bytesOf(y)};
  p.kernel = "saxpy";
  p.args = {Arg::f32(a), Arg::buffer(0), Arg::buffer(1), Arg::i32(int32_t(n))};
  p.global[0] = roundUp(n, 256);
  p.local[0] = 256;
  std::vector<float> want(n);
  for (size_t i = 0; i < n; ++i)
    want[i] = a * x[i] + y[i];
  p.check = [want](const Buffers &b) { return compare(as<float>(b[1]), want, 1e-6f); };
  p.cpp = [a, n](Buffers &b) {
    const float *xs = as<float>(b[0]);
    float *ys = as<float>(b[1]);
#pragma omp parallel for simd schedule(static)
    for (size_t i = 0; i < n; ++i)
      ys[i] = a * xs[i] + ys[i];
  };
  return p;
}

Problem triad(size_t n) {
  Problem p = problem("triad", "GB/s", 12.0 * n / 1e9);
  std::vector<float> b = randomFloats(n, 3, -1, 1), c = randomFloats(n, 4, -1, 1);
  const float s = 3.0f;
  p.buffers = {std::vector<uint8_t>(n * 4), bytesOf(b), bytesOf(c)};
  p.kernel = "triad";
  p.args = {Arg::buffer(0), Arg::buffer(1), Arg::buffer(2), Arg::f32(s),
            Arg::i32(int32_t(n))};
  p.global[0] = roundUp(n, 256);
  p.local[0] = 256;
  std::vector<float> want(n);
  for (size_t i = 0; i < n; ++i)
    want[i] = b[i] + s * c[i];
  p.check = [want](const Buffers &bs) { return compare(as<float>(bs[0]), want, 1e-6f); };
  p.cpp = [s, n](Buffers &bs) {
    float *as_ = as<float>(bs[0]);
    const float *bv = as<float>(bs[1]), *cv = as<float>(bs[2]);
#pragma omp parallel for simd schedule(static)
    for (size_t i = 0; i < n; ++i)
      as_[i] = bv[i] + s * cv[i];
  };
  return p;
}

Problem stencil(size_t side) {
  size_t w = side, h = side;
  // One read and one write per point.
  Problem p = problem("stencil", "GB/s", 8.0 * w * h / 1e9);
  std::vector<float> in = randomFloats(w * h, 5, 0, 1);
  p.buffers = {bytesOf(in), std::vector<uint8_t>(w * h * 4)};
  p.kernel = "stencil5";
  p.args = {Arg::buffer(0), Arg::buffer(1), Arg::i32(int32_t(w)), Arg::i32(int32_t(h))};
  p.dims = 2;
  p.global[0] = roundUp(w, 16);
  p.global[1] = roundUp(h, 16);
  p.local[0] = 16;
  p.local[1] = 16;
  auto body = [](const float *src, float *dst, size_t w, size_t h) {
#pragma omp parallel for schedule(static)
    for (size_t y = 0; y < h; ++y) {
      if (y == 0 || y == h - 1) {
        std::memcpy(dst + y * w, src + y * w, w * 4);
        continue;
      }
      const float *r = src + y * w;
      float *o = dst + y * w;
      o[0] = r[0];
#pragma omp simd
      for (size_t x = 1; x < w - 1; ++x)
        o[x] = 0.5f * r[x] + 0.125f * (r[x - 1] + r[x + 1] + r[x - w] + r[x + w]);
      o[w - 1] = r[w - 1];
    }
  };
  std::vector<float> want(w * h);
  body(in.data(), want.data(), w, h);
  p.check = [want](const Buffers &b) { return compare(as<float>(b[1]), want, 1e-6f); };
  p.cpp = [body, w, h](Buffers &b) { body(as<float>(b[0]), as<float>(b[1]), w, h); };
  return p;
}

/// C = A B with the i-k-j loop order (the inner loop vectorises), rows over
/// threads.
void sgemmCpp(const float *A, const float *B, float *C, size_t n) {
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; ++i) {
    float *c = C + i * n;
    std::fill(c, c + n, 0.0f);
    for (size_t k = 0; k < n; ++k) {
      float a = A[i * n + k];
      const float *b = B + k * n;
#pragma omp simd
      for (size_t j = 0; j < n; ++j)
        c[j] += a * b[j];
    }
  }
}

enum class Gemm { Naive, Tiled, Library };

/// C = A B for n x n matrices: one of the two SGEMM kernels, or
/// acc_matmul_f32 (the library operation, "matmul").
Problem sgemm(size_t n, Gemm kind) {
  n = roundUp(n, 16);
  const char *name = kind == Gemm::Naive   ? "sgemm-naive"
                     : kind == Gemm::Tiled ? "sgemm-tiled"
                                           : "matmul";
  Problem p = problem(name, "GFLOP/s", 2.0 * double(n) * n * n / 1e9);
  std::vector<float> A = randomFloats(n * n, 6, -1, 1), B = randomFloats(n * n, 7, -1, 1);
  p.buffers = {bytesOf(A), bytesOf(B), std::vector<uint8_t>(n * n * 4)};
  if (kind == Gemm::Library)
    p.operation = "matmul_f32";
  else
    p.kernel = kind == Gemm::Tiled ? "sgemm_tiled" : "sgemm_naive";
  p.args = {Arg::buffer(0), Arg::buffer(1), Arg::buffer(2), Arg::i32(int32_t(n))};
  p.dims = 2;
  p.global[0] = p.global[1] = n;
  p.local[0] = p.local[1] = 16;
  std::vector<float> want(n * n);
  sgemmCpp(A.data(), B.data(), want.data(), n);
  // Sums of n products of values in [-1, 1], in another order.
  float tol = 1e-5f * float(n);
  p.check = [want, tol](const Buffers &b) { return compare(as<float>(b[2]), want, tol); };
  p.cpp = [n](Buffers &b) { sgemmCpp(as<float>(b[0]), as<float>(b[1]), as<float>(b[2]), n); };
  return p;
}

Problem reduction(size_t n) {
  Problem p = problem("reduction", "GB/s", 4.0 * n / 1e9);
  const size_t groupSize = 256;
  const size_t groups = std::min<size_t>(1024, std::max<size_t>(1, n / (groupSize * 4)));
  std::vector<float> in = randomFloats(n, 8, 0, 1);
  p.buffers = {bytesOf(in), std::vector<uint8_t>(groups * 4)};
  p.kernel = "reduce_sum";
  p.args = {Arg::buffer(0), Arg::buffer(1), Arg::local(uint32_t(groupSize * 4)),
            Arg::i32(int32_t(n))};
  p.global[0] = groups * groupSize;
  p.local[0] = groupSize;
  double want = 0;
  for (float x : in)
    want += x;
  p.check = [want, groups](const Buffers &b) -> std::string {
    double got = 0;
    for (size_t g = 0; g < groups; ++g)
      got += as<float>(b[1])[g];
    if (std::fabs(got - want) > 1e-4 * want)
      return "sum " + std::to_string(got) + ", expected " + std::to_string(want);
    return "";
  };
  p.cpp = [n, groups](Buffers &b) {
    const float *x = as<float>(b[0]);
    float sum = 0;
#pragma omp parallel for simd reduction(+ : sum) schedule(static)
    for (size_t i = 0; i < n; ++i)
      sum += x[i];
    float *out = as<float>(b[1]);
    std::fill(out, out + groups, 0.0f);
    out[0] = sum;
  };
  return p;
}

Problem histogram(size_t n) {
  Problem p = problem("histogram", "Gelem/s", double(n) / 1e9);
  const uint32_t bins = 256;
  std::mt19937 g(9);
  std::vector<uint32_t> data(n);
  for (uint32_t &d : data)
    d = g();
  p.buffers = {bytesOf(data), std::vector<uint8_t>(bins * 4)};
  p.kernel = "histogram";
  p.args = {Arg::buffer(0), Arg::buffer(1), Arg::i32(int32_t(n)), Arg::u32(bins)};
  p.global[0] = roundUp(n, 256);
  p.local[0] = 256;
  std::vector<uint32_t> want(bins);
  for (uint32_t d : data)
    ++want[d & (bins - 1)];
  p.check = [want](const Buffers &b) -> std::string {
    for (size_t i = 0; i < want.size(); ++i)
      if (as<uint32_t>(b[1])[i] != want[i])
        return "bin " + std::to_string(i) + ": got " +
               std::to_string(as<uint32_t>(b[1])[i]) + ", expected " +
               std::to_string(want[i]);
    return "";
  };
  p.cpp = [n, bins](Buffers &b) {
    const uint32_t *d = as<uint32_t>(b[0]);
    uint32_t *hist = as<uint32_t>(b[1]);
    // Per-thread histograms, then a merge: what one writes by hand.
#pragma omp parallel
    {
      std::vector<uint32_t> mine(bins);
#pragma omp for schedule(static) nowait
      for (size_t i = 0; i < n; ++i)
        ++mine[d[i] & (bins - 1)];
#pragma omp critical
      for (uint32_t k = 0; k < bins; ++k)
        hist[k] += mine[k];
    }
  };
  return p;
}

} // namespace

std::vector<Problem>
makeProblems(const Sizes &s,
             const std::function<bool(const std::string &)> &wanted) {
  // Inputs and references are built only for the problems that will run
  // (the SGEMM reference alone is 2 GFLOP at the default size).
  const std::pair<const char *, std::function<Problem()>> all[] = {
      {"saxpy", [&] { return saxpy(s.stream); }},
      {"triad", [&] { return triad(s.stream); }},
      {"stencil", [&] { return stencil(s.grid); }},
      {"sgemm-naive", [&] { return sgemm(s.sgemm, Gemm::Naive); }},
      {"sgemm-tiled", [&] { return sgemm(s.sgemm, Gemm::Tiled); }},
      {"matmul", [&] { return sgemm(s.sgemm, Gemm::Library); }},
      {"reduction", [&] { return reduction(s.reduce); }},
      {"histogram", [&] { return histogram(s.histogram); }},
  };
  std::vector<Problem> ps;
  for (const auto &[name, make] : all)
    if (wanted(name))
      ps.push_back(make());
  return ps;
}

} // namespace bench
