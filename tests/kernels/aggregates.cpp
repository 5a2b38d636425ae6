//===- aggregates.cpp - Cases of aggregates.cl ----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kItems = 200;

/// item_t and particle_t of aggregates.cl, laid out as OpenCL C does.
struct Item {
  int32_t id;
  float weight;
  int8_t tag;
};
struct Particle {
  float pos[3];
  float vel[3];
  int32_t hits;
};
static_assert(sizeof(Item) == 12 && sizeof(Particle) == 28, "OpenCL C layout");

std::vector<Case> aggregateCases() {
  std::vector<Case> c;
  std::vector<int> ia = ints<int>(kItems, 121, -100000, 100000);
  c.push_back(map<float>("struct_private", ulp(0), [](int id) {
    float w = float(id) * 0.5f;
    return (w + 1.0f) + float(int8_t(id & 0x7f)) - w;
  }, ia));
  c.push_back(map<int>("struct_return", exact(), [](int id) { return id * 2 + id + 'a'; }, ia));
  c.push_back({"struct_by_value", [](Ctx &ctx) {
    Item scale{-3, 2.5f, 9};
    std::vector<float> a = floats<float>(kItems, 122, -5, 5, false, false);
    acc::Buffer in = ctx.upload(a);
    acc::Buffer out = ctx.output<float>(kItems);
    ctx.launch("struct_by_value", acc::Range(kItems),
               {acc_arg_scalar(&scale, sizeof(scale)), arg(in), arg(out)});
    std::vector<double> want(kItems);
    for (size_t i = 0; i < kItems; ++i)
      want[i] = double(a[i]) * 2.5 - 3.0 + 9.0;
    expect<float>(ctx.read<float>(out, kItems), want, absTol(1e-4));
  }});
  c.push_back({"struct_buffer", [](Ctx &ctx) {
    std::vector<float> r = floats<float>(6 * kItems, 123, -3, 3, false, false);
    std::vector<Particle> p(kItems);
    for (size_t i = 0; i < kItems; ++i) {
      for (int k = 0; k < 3; ++k) {
        p[i].pos[k] = std::fabs(r[6 * i + k]);
        p[i].vel[k] = r[6 * i + 3 + k];
      }
      p[i].hits = int(i);
    }
    acc::Buffer buffer = ctx.upload(p);
    const float dt = 0.75f;
    ctx.run("struct_buffer", acc::Range(kItems), buffer, dt);
    std::vector<Particle> got = ctx.read<Particle>(buffer, kItems);
    // pos += vel * dt may be fused (FP_CONTRACT) or not: both are accepted.
    auto flatten = [](const std::vector<Particle> &ps) {
      std::vector<float> flat;
      for (const Particle &q : ps) {
        flat.insert(flat.end(), q.pos, q.pos + 3);
        flat.insert(flat.end(), q.vel, q.vel + 3);
        flat.push_back(float(q.hits));
      }
      return flat;
    };
    auto step = [&](bool fused) {
      std::vector<Particle> want(p);
      for (Particle &w : want)
        for (int k = 0; k < 3; ++k) {
          w.pos[k] = fused ? std::fma(w.vel[k], dt, w.pos[k]) : w.pos[k] + w.vel[k] * dt;
          if (w.pos[k] < 0) {
            w.pos[k] = -w.pos[k];
            w.vel[k] = -w.vel[k];
            w.hits++;
          }
        }
      return as<double>(flatten(want));
    };
    expect<float>(flatten(got), step(false), ulp(0), "", {step(true)});
  }});
  c.push_back(block<uint32_t>("union_pun", exact(), kItems, 2, [](size_t i, uint32_t *r,
      const std::vector<float> &a) {
    uint32_t u = floatBits(a[i]);
    r[0] = u;
    r[1] = (u & 0xff) + (u >> 24) * 256u;
  }, floats<float>(kItems, 124)));
  std::vector<int> sortIn = ints<int>(8 * kItems, 125, -50, 50);
  c.push_back(block<int>("array_sort", exact(), kItems, 8, [](size_t i, int *r,
      const std::vector<int> &a) {
    std::copy(a.begin() + 8 * i, a.begin() + 8 * i + 8, r);
    std::sort(r, r + 8);
  }, sortIn));
  c.push_back(map<int>("array_init_list", exact(), [](int x) { return 41 * x + 24; }, ia));
  c.push_back(block<float>("array_2d", ulp(2), kItems, 9, [](size_t i, double *r,
      const std::vector<float> &a) {
    const float *m = &a[9 * i];
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 3; ++x) {
        double s = 0;
        for (int k = 0; k < 3; ++k)
          s += double(m[3 * y + k]) * m[3 * k + x];
        r[3 * y + x] = s;
      }
  }, floats<float>(9 * kItems, 126, -4, 4, true, false)));
  std::vector<int> aos = ints<int>(4 * kItems, 127, -1000, 1000);
  c.push_back(block<int>("array_of_structs", exact(), kItems, 1, [](size_t i, int *r,
      const std::vector<int> &a) {
    int best = 0;
    for (int k = 1; k < 4; ++k)
      if (a[4 * i + k] > a[4 * i + best])
        best = k;
    r[0] = a[4 * i + best] * 4 + best;
  }, aos));
  c.push_back(map<int>("switch_stmt", exact(), [](int x) {
    int r = 0;
    switch (x & 7) {
    case 0: r = 10; break;
    case 1: case 2: r = 20; break;
    case 3: r = 70; break;
    case 4: r = 40; break;
    default: r = -1;
    }
    return (x >> 3 & 1) ? r * 2 : r;
  }, ints<int>(kItems, 128, -64, 64)));
  for (const char *name : {"pointer_compare", "pointer_difference"}) {
    c.push_back({name, [name](Ctx &ctx) {
      const uint32_t width = 11;
      std::vector<int> a = ints<int>(width * kItems, 129, -2, 20);
      acc::Buffer in = ctx.upload(a);
      bool difference = std::string(name) == "pointer_difference";
      std::vector<int64_t> want(kItems);
      for (size_t i = 0; i < kItems; ++i) {
        const int *row = &a[i * width];
        if (difference) {
          size_t q = 0;
          while (row[q] != 0 && q < width - 1)
            ++q;
          want[i] = int64_t(q);
        } else {
          int s = 0;
          for (uint32_t k = 0; k < width; ++k)
            s += k == width / 2 ? 1000 * row[k] : row[k];
          want[i] = s + 2;
        }
      }
      if (difference) {
        acc::Buffer out = ctx.output<int64_t>(kItems);
        ctx.run(name, acc::Range(kItems), in, out, width);
        expectEq(ctx.read<int64_t>(out, kItems), want);
      } else {
        acc::Buffer out = ctx.output<int>(kItems);
        ctx.run(name, acc::Range(kItems), in, out, width);
        expectEq(ctx.read<int>(out, kItems), as<int>(want));
      }
    }});
  }
  c.push_back(map<float>("constant_table", ulp(0), [](uint32_t x) {
    float r = -0.125f;
    for (float k : {0.25f, -0.5f, 1.0f})
      r = r * 0.5f + k;
    return float((x & 15) * (x & 15)) + r;
  }, ints<uint32_t>(kItems, 130)));
  c.push_back(block<uint32_t>("as_type", exact(), kItems, 2, [](size_t i, uint32_t *r,
      const std::vector<float> &a) {
    uint32_t u = floatBits(a[i]);
    r[0] = u;
    r[1] = (u ^ 0x80000000u) + 7u + u;
  }, floats<float>(kItems, 131)));
  std::vector<float> na = floats<float>(2 * kItems, 132, -4, 4, false, false);
  c.push_back(block<float>("nested_struct", absTol(1e-4), kItems, 1, [](size_t i, double *r,
      const std::vector<float> &a) {
    r[0] = double(a[2 * i]) * 3.0 - a[2 * i + 1] + 2.0;
  }, na));
  return c;
}

const bool registered = addArea("aggregates", aggregateCases());

} // namespace
} // namespace kt
