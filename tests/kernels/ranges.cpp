//===- ranges.cpp - Cases of ranges.cl ------------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr int32_t kUnwritten = int32_t(0xA5A5A5A5);
constexpr size_t kGlobal = 1024;

std::vector<Case> rangeCases() {
  std::vector<Case> c;
  // Bounds at, next to and between group boundaries, for groups of 1, 64
  // and 100 (which does not divide 1024: a smaller last group).
  for (uint32_t local : {1u, 64u, 100u})
    for (int n : {0, 1, 63, 64, 65, 200, 1000, 1024}) {
      std::string suffix = ".L" + std::to_string(local) + ".n" + std::to_string(n);
      c.push_back({"range_lt" + suffix, [=](Ctx &ctx) {
        std::vector<int> a = ints<int>(kGlobal, 901, -1000, 1000);
        acc::Buffer in = ctx.upload(a), out = ctx.output<int>(kGlobal);
        ctx.run("range_lt", acc::Range(kGlobal).local(local), in, out, int32_t(n));
        std::vector<int> want(kGlobal, kUnwritten);
        for (int i = 0; i < n; ++i)
          want[i] = a[i] + 1;
        expectEq(ctx.read<int>(out, kGlobal), want);
      }});
      c.push_back({"range_ge_return" + suffix, [=](Ctx &ctx) {
        std::vector<int> a = ints<int>(kGlobal, 902, -1000, 1000);
        acc::Buffer in = ctx.upload(a), out = ctx.output<int>(kGlobal);
        ctx.run("range_ge_return", acc::Range(kGlobal).local(local), in, out, uint32_t(n));
        std::vector<int> want(kGlobal, kUnwritten);
        for (int i = 0; i < n; ++i)
          want[i] = a[i] * 2;
        expectEq(ctx.read<int>(out, kGlobal), want);
      }});
      if (n < 3)
        continue;
      c.push_back({"border_1d" + suffix, [=](Ctx &ctx) {
        std::vector<int> a = ints<int>(kGlobal, 903, -1000, 1000);
        acc::Buffer in = ctx.upload(a), out = ctx.output<int>(kGlobal);
        ctx.run("border_1d", acc::Range(kGlobal).local(local), in, out, int32_t(n));
        std::vector<int> want(kGlobal, kUnwritten);
        for (int i = 0; i < n; ++i)
          want[i] = i == 0 || i == n - 1 ? a[i] : a[i - 1] + 10 * a[i] + 100 * a[i + 1];
        expectEq(ctx.read<int>(out, kGlobal), want);
      }});
    }
  // 2-D: a 70 x 45 grid in a 80 x 48 range of 16 x 8 groups, and of 1 x 1.
  for (uint32_t lx : {1u, 16u})
    c.push_back({"border_2d.L" + std::to_string(lx), [=](Ctx &ctx) {
      const int w = 70, h = 45, gw = 80, gh = 48;
      std::vector<int> a = ints<int>(size_t(gw) * gh, 904, -1000, 1000);
      acc::Buffer in = ctx.upload(a), out = ctx.output<int>(size_t(gw) * gh);
      ctx.run("border_2d", acc::Range(gw, gh).local(lx, lx == 1 ? 1 : 8), in, out, w, h);
      std::vector<int> want(size_t(gw) * gh, kUnwritten);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
          int i = y * w + x;
          want[i] = x == 0 || y == 0 || x == w - 1 || y == h - 1
                        ? -a[i]
                        : a[i - 1] + a[i + 1] + 3 * a[i - w] + 5 * a[i + w];
        }
      expectEq(ctx.read<int>(out, size_t(gw) * gh), want);
    }});
  // Ids that wrap inside one group of 64: the test holds at its first and
  // last work-item but not in between (n = 2^31 - 10 with ids from
  // 2^31 - 32), and the plain cases around it.
  for (int64_t n : {int64_t(INT32_MAX) - 9, int64_t(INT32_MAX), int64_t(0), int64_t(INT32_MIN) + 5})
    c.push_back({"wrap_signed.n" + std::to_string(n), [=](Ctx &ctx) {
      const uint64_t offset = (uint64_t(1) << 31) - 32, count = 128;
      acc::Buffer out = ctx.output<int>(count);
      ctx.run("wrap_signed", acc::Range(count).local(64).offset(offset), out, int32_t(n));
      std::vector<int> want(count);
      for (uint64_t k = 0; k < count; ++k)
        want[k] = int32_t(uint32_t(offset + k)) < int32_t(n) ? 1 : kUnwritten;
      expectEq(ctx.read<int>(out, count), want);
    }});
  for (uint64_t n : {uint64_t(UINT32_MAX) - 9, uint64_t(UINT32_MAX), uint64_t(5)})
    c.push_back({"wrap_unsigned.n" + std::to_string(n), [=](Ctx &ctx) {
      ctx.requireWideIds();
      const uint64_t offset = (uint64_t(1) << 32) - 32, count = 128;
      acc::Buffer out = ctx.output<int>(count);
      ctx.run("wrap_unsigned", acc::Range(count).local(64).offset(offset), out, uint32_t(n));
      std::vector<int> want(count);
      for (uint64_t k = 0; k < count; ++k)
        want[k] = uint32_t(offset + k) < uint32_t(n) ? 1 : kUnwritten;
      expectEq(ctx.read<int>(out, count), want);
    }});
  c.push_back({"data_test", [](Ctx &ctx) {
    std::vector<int> a = ints<int>(kGlobal, 905, -1000, 1000);
    acc::Buffer in = ctx.upload(a), out = ctx.output<int>(kGlobal);
    ctx.run("data_test", acc::Range(kGlobal).local(64), in, out, int32_t(900));
    std::vector<int> want(kGlobal, kUnwritten);
    for (int i = 0; i < 900; ++i)
      if (a[i] > 0)
        want[i] = a[i];
    expectEq(ctx.read<int>(out, kGlobal), want);
  }});
  c.push_back({"parity", [](Ctx &ctx) {
    acc::Buffer out = ctx.output<int>(kGlobal);
    ctx.run("parity", acc::Range(kGlobal).local(64), out, int32_t(777));
    std::vector<int> want(kGlobal, kUnwritten);
    for (int i = 0; i < 777; i += 2)
      want[i] = i;
    expectEq(ctx.read<int>(out, kGlobal), want);
  }});
  for (uint32_t local : {1u, 64u, 96u})
    c.push_back({"uniform_loop.L" + std::to_string(local), [=](Ctx &ctx) {
      const int count = 1000, rows = 7;
      std::vector<int> in = ints<int>(size_t(count) * rows, 906, -1000, 1000);
      acc::Buffer bin = ctx.upload(in), out = ctx.output<int>(count);
      ctx.run("uniform_loop", acc::Range(count).local(local), bin, out, count, rows);
      std::vector<int> want(count);
      for (int i = 0; i < count; ++i) {
        int sum = 0, extra = 0;
        for (int k = 0; k < rows; ++k)
          sum += in[size_t(k) * count + i] * (k + 1);
        for (int j = 0; j < i % 5; ++j)
          extra += in[j];
        want[i] = sum + extra;
      }
      expectEq(ctx.read<int>(out, count), want);
    }});
  for (uint32_t local : {1u, 64u, 100u})
    for (int skip : {-1, 3})
      c.push_back({"guarded_loop.L" + std::to_string(local) + ".skip" + std::to_string(skip),
                   [=](Ctx &ctx) {
        const int n = 1000, rows = 5;
        std::vector<int> in = ints<int>(size_t(n) * rows, 907, -1000, 1000);
        acc::Buffer bin = ctx.upload(in), out = ctx.output<int>(kGlobal);
        ctx.run("guarded_loop", acc::Range(kGlobal).local(local), bin, out, n, rows, skip);
        std::vector<int> want(kGlobal, kUnwritten);
        for (int i = 0; i < n; ++i) {
          if (i % 7 == skip)
            continue;
          int sum = 0;
          for (int k = 0; k < rows; ++k)
            sum += in[size_t(k) * n + i] * (k + 1);
          want[i] = sum;
        }
        expectEq(ctx.read<int>(out, kGlobal), want);
      }});
  return c;
}

const bool registered = addArea("ranges", rangeCases());

} // namespace
} // namespace kt
