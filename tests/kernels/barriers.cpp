//===- barriers.cpp - Cases of barriers.cl --------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Every kernel runs with work-groups of 1, 7, 64 and 256 work-items on a
// global size that is a multiple of the group size (kGroups groups).
// Matrices hold small integers, so float sums are exact.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr uint32_t kGroupSizes[] = {1, 7, 64, 256};
constexpr uint32_t kGroups = 12;

/// Small integers as floats: every product and sum below is exact.
std::vector<float> smallInts(size_t count, uint64_t seed) {
  return as<float>(ints<int>(count, seed, -4, 4));
}

/// Host C = A (m x k) * B (k x n).
std::vector<double> matmul(const std::vector<float> &a, const std::vector<float> &b,
                           uint32_t m, uint32_t k, uint32_t n) {
  std::vector<double> c(size_t(m) * n, 0.0);
  for (uint32_t r = 0; r < m; ++r)
    for (uint32_t x = 0; x < n; ++x)
      for (uint32_t t = 0; t < k; ++t)
        c[r * n + x] += double(a[r * k + t]) * b[t * n + x];
  return c;
}

/// A group-wise case per group size: `fn(ctx, groupSize)`.
template <class F>
void perGroupSize(std::vector<Case> &cases, const std::string &name, F fn) {
  for (uint32_t l : kGroupSizes)
    cases.push_back({name + ".L" + std::to_string(l), [=](Ctx &ctx) { fn(ctx, l); }});
}

/// Runs a 1-D kernel (in, out[, local ints]) over kGroups groups of `l`;
/// returns what it wrote (`outCount` ints) and the input.
std::pair<std::vector<int>, std::vector<int>>
runGroups(Ctx &ctx, const std::string &kernel, uint32_t l, size_t outCount,
          uint32_t localInts) {
  const size_t n = size_t(l) * kGroups;
  std::vector<int> in = ints<int>(n, 140 + l, -1000, 1000);
  acc::Buffer bin = ctx.upload(in);
  acc::Buffer bout = ctx.output<int>(outCount);
  acc::Range range = acc::Range(n).local(l);
  if (localInts)
    ctx.run(kernel, range, bin, bout, acc::Local{uint32_t(localInts * sizeof(int))});
  else
    ctx.run(kernel, range, bin, bout);
  return {in, ctx.read<int>(bout, outCount)};
}

void reduceCase(Ctx &ctx, const std::string &kernel, uint32_t l, bool localArg) {
  auto [in, got] = runGroups(ctx, kernel, l, kGroups, localArg ? l : 0);
  std::vector<int> want(kGroups, 0);
  for (size_t i = 0; i < in.size(); ++i)
    want[i / l] += in[i];
  expectEq(got, want);
}

void scanCase(Ctx &ctx, const std::string &kernel, uint32_t l, bool exclusive) {
  auto [in, got] = runGroups(ctx, kernel, l, size_t(l) * kGroups, exclusive ? 2 * l : 0);
  std::vector<int> want(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    int before = i % l ? want[i - 1] : 0;
    int prev = i % l ? in[i - 1] : 0;
    want[i] = exclusive ? before + prev : before + in[i];
  }
  expectEq(got, want);
}

/// matmul_tiled[_arg]: M = kGroups rows, N = 2 * l columns, K = 3 * l + 5.
void matmulCase(Ctx &ctx, const std::string &kernel, uint32_t l, bool localArg) {
  const uint32_t m = kGroups, n = 2 * l, k = 3 * l + 5;
  std::vector<float> a = smallInts(size_t(m) * k, 150), b = smallInts(size_t(k) * n, 151);
  acc::Buffer ba = ctx.upload(a), bb = ctx.upload(b);
  acc::Buffer bc = ctx.output<float>(size_t(m) * n);
  acc::Range range = acc::Range(n, m).local(l, 1);
  if (localArg)
    ctx.run(kernel, range, ba, bb, bc, k, n, acc::Local{uint32_t(l * sizeof(float))});
  else
    ctx.run(kernel, range, ba, bb, bc, k, n);
  expect<float>(ctx.read<float>(bc, size_t(m) * n), matmul(a, b, m, k, n), exact());
}

std::vector<Case> barrierCases() {
  std::vector<Case> c;
  perGroupSize(c, "reduce_local_array", [](Ctx &ctx, uint32_t l) { reduceCase(ctx, "reduce_local_array", l, false); });
  perGroupSize(c, "reduce_local_arg", [](Ctx &ctx, uint32_t l) { reduceCase(ctx, "reduce_local_arg", l, true); });
  perGroupSize(c, "scan_local_array", [](Ctx &ctx, uint32_t l) { scanCase(ctx, "scan_local_array", l, false); });
  perGroupSize(c, "scan_local_arg", [](Ctx &ctx, uint32_t l) { scanCase(ctx, "scan_local_arg", l, true); });
  perGroupSize(c, "matmul_tiled", [](Ctx &ctx, uint32_t l) { matmulCase(ctx, "matmul_tiled", l, false); });
  perGroupSize(c, "matmul_tiled_arg", [](Ctx &ctx, uint32_t l) { matmulCase(ctx, "matmul_tiled_arg", l, true); });
  perGroupSize(c, "divergent_join", [](Ctx &ctx, uint32_t l) {
    auto [in, got] = runGroups(ctx, "divergent_join", l, size_t(l) * kGroups, 0);
    std::vector<int> want(in.size());
    for (size_t i = 0; i < in.size(); ++i)
      want[i] = (i % l % 3 == 1 ? 11 : 7) + in[i];
    expectEq(got, want);
  });
  perGroupSize(c, "divergent_loop_exit", [](Ctx &ctx, uint32_t l) {
    // PoCL names its CPU devices "pthread-<cpu>" (and "cpu-<cpu>").
    const std::string device = ctx.device().name();
    if (ctx.device().backend() == "opencl" &&
        (device.rfind("pthread-", 0) == 0 || device.rfind("cpu-", 0) == 0))
      throw Skip{"PoCL 3.1 miscompiles this kernel in the goto form acc-cc "
                 "writes for the opencl backend: the counter left by a loop "
                 "with a per-work-item exit, kept across a barrier, comes out "
                 "as the last work-item's for all (the same kernel as "
                 "written here runs right on PoCL)"};
    auto [in, got] = runGroups(ctx, "divergent_loop_exit", l, size_t(l) * kGroups, 0);
    std::vector<int> want(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      int lid = int(i % l), k = 0;
      while (k < lid)
        k += 3;
      want[i] = k * 1000 + in[i];
    }
    expectEq(got, want);
  });
  perGroupSize(c, "uniform_and_divergent_counters", [](Ctx &ctx, uint32_t l) {
    auto [in, got] = runGroups(ctx, "uniform_and_divergent_counters", l, size_t(l) * kGroups, 0);
    std::vector<int> want(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      size_t lid = i % l, base = i - lid;
      int mine = 0;
      for (int round = 0; round < 4; ++round) {
        if (lid % 2 == 0)
          mine += round;
        mine += in[base + (lid + round) % l] + round;
      }
      want[i] = mine;
    }
    expectEq(got, want);
  });
  perGroupSize(c, "reverse_in_group", [](Ctx &ctx, uint32_t l) {
    auto [in, got] = runGroups(ctx, "reverse_in_group", l, size_t(l) * kGroups, 0);
    std::vector<int> want(in.size());
    for (size_t i = 0; i < in.size(); ++i)
      want[i] = in[i / l * l + (l - 1 - i % l)];
    expectEq(got, want);
  });
  perGroupSize(c, "rotate_global", [](Ctx &ctx, uint32_t l) {
    const size_t n = size_t(l) * kGroups;
    const uint32_t rounds = 5;
    std::vector<int> in = ints<int>(n, 160, -1000, 1000);
    acc::Buffer data = ctx.upload(in);
    acc::Buffer out = ctx.output<int>(n);
    ctx.run("rotate_global", acc::Range(n).local(l), data, out, rounds);
    std::vector<int> want(n);
    for (size_t i = 0; i < n; ++i)
      want[i] = in[i / l * l + (i % l + rounds) % l] + int(rounds);
    expectEq(ctx.read<int>(out, n), want);
  });
  perGroupSize(c, "two_local_args", [](Ctx &ctx, uint32_t l) {
    const size_t n = size_t(l) * kGroups;
    std::vector<int> in = ints<int>(n, 161, -1000, 1000);
    acc::Buffer bin = ctx.upload(in);
    acc::Buffer out = ctx.output<int>(n);
    ctx.run("two_local_args", acc::Range(n).local(l), bin, out,
            acc::Local{uint32_t(l * sizeof(int))}, acc::Local{uint32_t(l * sizeof(int16_t))});
    std::vector<int> want(n);
    for (size_t i = 0; i < n; ++i)
      want[i] = in[i / l * l + (i % l + 1) % l] * 3 + int(l - 1 - i % l);
    expectEq(ctx.read<int>(out, n), want);
  });
  // Square tiles: groups of 1, 49, 64 and 256 work-items.
  for (uint32_t t : {1u, 7u, 8u, 16u}) {
    c.push_back({"matmul_tiled_2d.T" + std::to_string(t), [t](Ctx &ctx) {
      const uint32_t m = 3 * t, n = 2 * t, k = 5 * t + 3;
      std::vector<float> a = smallInts(size_t(m) * k, 170), b = smallInts(size_t(k) * n, 171);
      acc::Buffer ba = ctx.upload(a), bb = ctx.upload(b);
      acc::Buffer bc = ctx.output<float>(size_t(m) * n);
      ctx.run("matmul_tiled_2d", acc::Range(n, m).local(t, t), ba, bb, bc, k, n);
      expect<float>(ctx.read<float>(bc, size_t(m) * n), matmul(a, b, m, k, n), exact());
    }});
  }
  for (uint32_t t : {1u, 8u, 16u}) {
    c.push_back({"transpose_local.T" + std::to_string(t), [t](Ctx &ctx) {
      const uint32_t w = 3 * t, h = 5 * t;
      std::vector<float> m = as<float>(iota<int>(size_t(w) * h, 1));
      acc::Buffer in = ctx.upload(m);
      acc::Buffer out = ctx.output<float>(m.size());
      ctx.run("transpose_local", acc::Range(w, h).local(t, t), in, out, w, h);
      std::vector<float> want(m.size());
      for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x)
          want[x * h + y] = m[y * w + x];
      expectEq(ctx.read<float>(out, m.size()), want);
    }});
  }
  perGroupSize(c, "async_copy", [](Ctx &ctx, uint32_t l) {
    auto [in, got] = runGroups(ctx, "async_copy", l, size_t(l) * kGroups, 0);
    std::vector<int> want(in);
    for (int &x : want)
      x *= 2;
    expectEq(got, want);
  });
  perGroupSize(c, "async_strided_copy", [](Ctx &ctx, uint32_t l) {
    const size_t n = size_t(l) * kGroups;
    std::vector<int> in = ints<int>(3 * n, 163, -1000, 1000);
    acc::Buffer bin = ctx.upload(in);
    acc::Buffer out = ctx.output<int>(n);
    ctx.run("async_strided_copy", acc::Range(n).local(l), bin, out);
    std::vector<int> want(n);
    for (size_t i = 0; i < n; ++i) {
      size_t group = i / l, lid = i % l;
      want[i] = in[3 * group * l + 1 + 3 * (l - 1 - lid)];
    }
    expectEq(ctx.read<int>(out, n), want);
  });
  c.push_back({"fences", [](Ctx &ctx) {
    std::vector<int> in = ints<int>(500, 162, -1000, 1000);
    acc::Buffer data = ctx.upload(in);
    acc::Buffer out = ctx.output<int>(in.size());
    ctx.run("fences", acc::Range(in.size()), data, out);
    std::vector<int> want(in);
    for (int &x : want)
      x = (x + 5) * 3;
    expectEq(ctx.read<int>(out, in.size()), want);
  }});
  return c;
}

const bool registered = addArea("barriers", barrierCases());

} // namespace
} // namespace kt
