//===- control.cpp - Cases of control.cl ------------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kCount = 500; // not a multiple of a usual group size
constexpr int32_t kUnwritten = int32_t(0xA5A5A5A5);

int classify(int x) {
  if (x < 0)
    return -1;
  for (int k = 2; k < 10; ++k)
    if (x % k == 0)
      return k;
  return 0;
}

std::vector<Case> controlCases() {
  std::vector<Case> c;
  std::vector<int> a = ints<int>(kCount, 31, -1000, 100000);
  std::vector<uint32_t> u = ints<uint32_t>(kCount, 32);
  c.push_back(map<int>("if_chain", exact(), [](int x) {
    return x < -100 ? 1 : x < 0 ? 2 : x == 0 ? 3 : (x & 1) ? 4 : 5;
  }, ints<int>(kCount, 33, -300, 300)));
  c.push_back(map<int>("for_sum", exact(), [](int x) {
    int n = x & 63, s = 0;
    for (int k = 0; k < n; k += 2)
      s += k * k;
    return s - n * (n + 1) / 2;
  }, a));
  c.push_back(map<uint32_t>("while_collatz", exact(), [](uint32_t x) {
    x = x % 10000u + 1u;
    uint32_t steps = 0;
    for (; x != 1u; ++steps)
      x = (x & 1u) ? 3u * x + 1u : x / 2u;
    return steps;
  }, u));
  c.push_back(map<uint32_t>("do_reverse_digits", exact(), [](uint32_t x) {
    uint32_t r = 0;
    do {
      r = r * 10u + x % 10u;
      x /= 10u;
    } while (x);
    return r;
  }, u));
  c.push_back(map<int>("break_continue", exact(), [](int x) {
    int limit = x & 1023, s = 0, k = 0;
    for (;; ++k) {
      if (k % 3 == 0)
        continue;
      if (s > limit)
        break;
      s += k;
    }
    return s * 1000 + k;
  }, a));
  c.push_back(map<int>("nested_loops", exact(), [](int v) {
    int n = (v & 15) + 1, s = 0;
    for (int x = 0; x < n; ++x) {
      for (int y = 0; y <= x; ++y)
        if ((x + y) % 5 != 4)
          s += x * y + 1;
      s ^= x;
    }
    return s;
  }, a));
  c.push_back(map<int>("early_return", exact(), [](int x) {
    return (x & 1) ? kUnwritten : x / 2;
  }, a));
  c.push_back(map<int>("helper_return", exact(), [](int x) {
    return classify(x) + classify(x + 1) * 16;
  }, a));
  c.push_back(map<uint32_t>("unroll_hint", exact(), [](uint32_t x) {
    uint32_t h = 2166136261u;
    for (int k = 0; k < 16; ++k)
      h = (h ^ ((x >> k) & 0xffu)) * 16777619u;
    return h + 6u;
  }, u));
  std::vector<uint32_t> g1 = ints<uint32_t>(kCount, 34, 1, 1u << 20), g2 = ints<uint32_t>(kCount, 35, 0, 1u << 16);
  for (size_t i = 0; i < kCount; i += 3)
    g1[i] = g2[i] * 6u + 6u;
  c.push_back(map<uint32_t>("gcd_loop", exact(), [](uint32_t x, uint32_t y) {
    while (y) {
      uint32_t t = x % y;
      x = y;
      y = t;
    }
    return x;
  }, g1, g2));

  c.push_back({"helper_pointers", [](Ctx &ctx) {
    const int width = 13, rows = 97;
    std::vector<int> m = ints<int>(size_t(width) * rows, 36);
    acc::Buffer in = ctx.upload(m);
    acc::Buffer out = ctx.output<int>(2 * rows);
    ctx.run("helper_pointers", acc::Range(rows), in, out, width);
    std::vector<int> want;
    for (int r = 0; r < rows; ++r) {
      auto row = m.begin() + r * width;
      want.push_back(*std::max_element(row, row + width));
      want.push_back(*std::min_element(row, row + width));
    }
    expectEq(ctx.read<int>(out, want.size()), want);
  }});
  c.push_back({"pointer_walk", [](Ctx &ctx) {
    const uint32_t width = 9, rows = 50;
    std::vector<float> m = floats<float>(width * rows, 37, -4, 4, false, false);
    acc::Buffer in = ctx.upload(m);
    acc::Buffer out = ctx.output<float>(width * rows);
    ctx.run("pointer_walk", acc::Range(rows), in, out, width);
    std::vector<double> want(width * rows);
    for (uint32_t r = 0; r < rows; ++r) {
      const float *row = &m[r * width];
      for (uint32_t k = 0; k < width; ++k)
        want[r * width + width - 1 - k] = row[k] * 2.0f;
      want[r * width] = float(want[r * width]) + (row[2] + row[0]);
    }
    expect<float>(ctx.read<float>(out, want.size()), want, ulp(0));
  }});
  c.push_back({"bounds_check", [](Ctx &ctx) {
    const uint32_t n = 1000, global = 1024;
    std::vector<int> v = ints<int>(global, 38, -100000, 100000);
    acc::Buffer in = ctx.upload(v);
    acc::Buffer out = ctx.output<int>(global);
    ctx.run("bounds_check", acc::Range(global).local(64), in, out, n);
    std::vector<int> want(global, kUnwritten);
    for (uint32_t i = 0; i < n; ++i)
      want[i] = v[i] * 3;
    expectEq(ctx.read<int>(out, global), want);
  }});
  c.push_back({"params_locals", [](Ctx &ctx) {
    std::vector<int> v = ints<int>(kCount, 39, -100000, 100000);
    acc::Buffer in = ctx.upload(v);
    acc::Buffer out = ctx.output<int>(kCount);
    ctx.run("params_locals", acc::Range(kCount), in, out, int32_t(-21));
    std::vector<int> want(v);
    for (int &x : want)
      x += -42 + 5;
    expectEq(ctx.read<int>(out, kCount), want);
  }});
  c.push_back({"scalar_args", [](Ctx &ctx) {
    ctx.requireFp64();
    const size_t n = 3;
    acc::Buffer out = ctx.output<double>(10 * n);
    const uint64_t ul = 0xfedcba9876543210ull;
    ctx.run("scalar_args", acc::Range(n), int8_t(-5), uint8_t(250), int16_t(-30000), uint16_t(65000),
            int32_t(-2000000000), uint32_t(4000000000u), int64_t(-5000000000000000ll), ul, 1.25f, 3.5e100, out);
    std::vector<double> want;
    for (size_t k = 0; k < n; ++k)
      for (double v : {-5.0, 250.0, -30000.0, 65000.0, -2e9, 4e9, -5e15, double(ul >> 11), 1.25, 3.5e100 + k})
        want.push_back(v);
    expectEq(ctx.read<double>(out, want.size()), want);
  }});
  c.push_back({"constant_arg", [](Ctx &ctx) {
    const uint32_t n = 5;
    std::vector<float> coeff{1.5f, 0.25f, 2.0f, 0.125f, 3.0f};
    std::vector<float> x = floats<float>(kCount, 40, -1, 1, true, false);
    acc::Buffer bc = ctx.upload(coeff), bx = ctx.upload(x);
    acc::Buffer out = ctx.output<float>(kCount);
    ctx.run("constant_arg", acc::Range(kCount), bc, bx, out, n);
    std::vector<double> want(kCount);
    for (size_t i = 0; i < kCount; ++i) {
      double r = 0;
      for (uint32_t k = n; k > 0; --k)
        r = r * x[i] + coeff[k - 1];
      want[i] = r;
    }
    // Positive terms: no cancellation; each step may round (or fuse).
    expect<float>(ctx.read<float>(out, kCount), want, ulp(4));
  }});
  c.push_back(map<int>("do_continue", exact(), [](int x) {
    int k = 0, s = 0, n = x & 31;
    do {
      ++k;
      if (k % 3 == 0)
        continue;
      s += k;
    } while (k < n);
    return s;
  }, a));
  for (const char *name : {"loop_conditions", "nested_helpers"}) {
    c.push_back({name, [name](Ctx &ctx) {
      const uint32_t width = 7, rows = 300;
      std::vector<int> m = ints<int>(width * rows, 41, 0, 5);
      acc::Buffer in = ctx.upload(m);
      acc::Buffer out = ctx.output<int>(rows);
      bool loops = std::string(name) == "loop_conditions";
      if (loops)
        ctx.run(name, acc::Range(rows), in, out, width);
      else
        ctx.run(name, acc::Range(rows), in, out, int32_t(width));
      std::vector<int> want(rows);
      for (uint32_t r = 0; r < rows; ++r) {
        const int *row = &m[r * width];
        auto first = [&](int v) {
          for (uint32_t k = 0; k < width; ++k)
            if (row[k] == v)
              return int(k);
          return -1;
        };
        if (loops) {
          uint32_t k = 0;
          int s = 0;
          while (k++ < width && row[k - 1] != 0)
            s += 1 + row[k - 1];
          want[r] = s * 100 + int(k);
        } else {
          int f = first(0);
          want[r] = (f < 0 ? int(width) : f) * 10 + first(3) + 1;
        }
      }
      expectEq(ctx.read<int>(out, rows), want);
    }});
  }
  c.push_back(block<int>("pointer_updates", exact(), 200, 4, [](size_t i, int *r,
      const std::vector<int> &in) {
    const int *p = &in[4 * i];
    r[0] = p[0] + 1;
    r[1] = p[1] * 2;
    r[2] = p[2];
    r[3] = p[0] + 4;
  }, ints<int>(800, 42, -100000, 100000)));
  c.push_back(map<int64_t>("usual_conversions", exact(), [](int x) {
    uint8_t b = uint8_t(x);
    uint16_t u = uint16_t(x);
    int64_t r = 0;
    r |= int64_t(uint32_t(x) < 5u) << 0;
    r |= int64_t(uint32_t(x) < 5u) << 1;
    r |= int64_t(u + 1 == 65536) << 2;
    r |= int64_t(b * b > 255) << 3;
    r |= int64_t((x > 0 ? 1u : uint32_t(-1)) > 0u) << 4;
    r |= int64_t(1) << 5;
    r |= int64_t(1) << 6;
    r |= int64_t(1) << 7;
    r |= int64_t((x & 1) == 0) << 8;
    return r + int64_t(int32_t(0u - uint32_t(x))) * 1000;
  }, ints<int>(kCount, 43)));
  c.push_back(block<uint64_t>("int_edges", exact(), kCount, 4, [](size_t i, uint64_t *r,
      const std::vector<int64_t> &in) {
    int64_t x = in[i];
    r[0] = uint64_t(x >> 63);
    r[1] = uint64_t(x) << 63 | (uint64_t(x) >> 1);
    r[2] = uint64_t(int64_t(int32_t(0u - uint32_t(int32_t(x)))));
    r[3] = uint64_t(uint32_t(x) * 2654435761u);
  }, ints<int64_t>(kCount, 44)));
  c.push_back(map<int>("float_conditions", exact(), [](float f) {
    int r = 0;
    if (f != 0)
      r |= 1;
    if (!(f != 0))
      r |= 2;
    if (f == f)
      r |= 4;
    while (f > 1.0f && r < 1000)
      f *= 0.5f, r += 16;
    return r;
  }, floats<float>(kCount, 45, -10, 10)));
  c.push_back(map<int>("local_declarations", exact(), [](int x) {
    int later = x > 0 ? x % 97 : -(x % 89);
    return (2 + 2 * 10 + 8 * 100) * 1000 + later + 30 + int16_t(x);
  }, ints<int>(kCount, 46, -100000, 100000)));
  return c;
}

const bool registered = addArea("control", controlCases());

} // namespace
} // namespace kt
