//===- pointers.cpp - Cases of pointers.cl ---------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kItems = 64;

std::vector<Case> pointerCases() {
  std::vector<Case> c;
  std::vector<float> a(256), b(256);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = float(i) * 0.5f + 1.0f;
    b[i] = 1000.0f - float(i);
  }
  const int n = 9;
  c.push_back({"choose", [=](Ctx &ctx) {
    acc::Buffer ba = ctx.upload(a), bb = ctx.upload(b);
    acc::Buffer out = ctx.output<float>(kItems);
    ctx.run("choose", acc::Range(kItems), ba, bb, out, n);
    std::vector<Ref<float>> want(kItems);
    for (size_t i = 0; i < kItems; ++i) {
      const float *src = (i % 2) ? b.data() : a.data();
      float sum = 0.0f;
      for (int k = 0; k < n; ++k) {
        sum += src[k];
        src = (k & 1) ? a.data() + 1 : b.data();
      }
      want[i] = sum + src[i % 4];
    }
    expect<float>(ctx.read<float>(out, kItems), want, exact());
  }});
  const int rounds = 5;
  c.push_back({"ping_pong", [=](Ctx &ctx) {
    acc::Buffer ba = ctx.upload(a), bb = ctx.upload(b);
    ctx.run("ping_pong", acc::Range(kItems), ba, bb, rounds);
    std::vector<float> ha(a.begin(), a.begin() + kItems),
        hb(b.begin(), b.begin() + kItems);
    for (size_t i = 0; i < kItems; ++i) {
      float *src = &ha[i], *dst = &hb[i];
      for (int r = 0; r < rounds; ++r) {
        *dst = *src * 2.0f + float(r);
        std::swap(src, dst);
      }
    }
    expect<float>(ctx.read<float>(ba, kItems),
                  std::vector<Ref<float>>(ha.begin(), ha.end()), exact(), "a");
    expect<float>(ctx.read<float>(bb, kItems),
                  std::vector<Ref<float>>(hb.begin(), hb.end()), exact(), "b");
  }});
  c.push_back({"through_helper", [=](Ctx &ctx) {
    acc::Buffer ba = ctx.upload(a), bb = ctx.upload(b);
    acc::Buffer out = ctx.output<float>(kItems);
    ctx.run("through_helper", acc::Range(kItems), ba, bb, out);
    std::vector<Ref<float>> want(kItems);
    for (size_t i = 0; i < kItems; ++i) {
      const float *p = (i & 1) ? a.data() + i : b.data() + 2 * i;
      want[i] = ((p[0] + p[1]) + p[2]) + p[3];
    }
    expect<float>(ctx.read<float>(out, kItems), want, exact());
  }});
  return c;
}

const bool registered = addArea("pointers", pointerCases());

} // namespace
} // namespace kt
