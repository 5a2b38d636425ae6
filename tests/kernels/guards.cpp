//===- guards.cpp - Cases of guards.cl ------------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kCount = 256;

/// Work-item j gets the inputs and j itself.
template <class F> Case guard(const std::string &name, F fn) {
  return {name, [=](Ctx &ctx) {
            std::vector<int> in = ints<int>(kCount, 351, -5, 5);
            acc::Buffer bin = ctx.upload(in);
            acc::Buffer out = ctx.output<int>(kCount);
            if (name == "guard_if_and")
              ctx.run(name, acc::Range(kCount), bin, out, uint32_t(kCount - 3));
            else
              ctx.run(name, acc::Range(kCount), bin, out);
            std::vector<int> want(kCount);
            for (uint32_t j = 0; j < kCount; ++j)
              want[j] = fn(in, j);
            expectEq(ctx.read<int>(out, kCount), want);
          }};
}

std::vector<Case> guardCases() {
  using V = const std::vector<int> &;
  return {
      guard("guard_ternary", [](V in, uint32_t j) { return j > 0 ? in[j - 1] : -1; }),
      guard("guard_and", [](V in, uint32_t j) { return int(j > 0 && in[j - 1] > 0); }),
      guard("guard_or", [](V in, uint32_t j) { return int(j == 0 || in[j - 1] > 0); }),
      guard("guard_if_and", [](V in, uint32_t j) {
        return int(j >= 1 && in[j - 1] > 0 && j < kCount - 3);
      }),
      guard("guard_helper", [](V in, uint32_t j) {
        return (j ? in[j - 1] : 0) + in[j];
      }),
  };
}

const bool registered = addArea("guards", guardCases());

} // namespace
} // namespace kt
