//===- atomics.cpp - Cases of atomics.cl ----------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The final value of an accumulator is deterministic; the values returned
// to the work-items are checked as a set (their order depends on timing).
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

#include <numeric>

namespace kt {
namespace {

constexpr size_t kItems = 1000;

/// Runs `kernel`(inputs..., acc[, old]) over kItems work-items, acc starting
/// at `init`; returns (final acc, old values or empty).
template <class T, class O = T, class... In>
std::pair<std::vector<T>, std::vector<O>> runAtomic(Ctx &ctx, const std::string &kernel,
                                                     std::vector<T> init, bool withOld,
                                                     const std::vector<In> &...ins) {
  std::vector<acc::Buffer> buffers;
  (buffers.push_back(ctx.upload(ins)), ...);
  buffers.push_back(ctx.upload(init));
  if (withOld)
    buffers.push_back(ctx.output<O>(kItems));
  ctx.launch(kernel, acc::Range(kItems), buffers);
  std::vector<T> final = ctx.read<T>(buffers[sizeof...(In)], init.size());
  std::vector<O> old = withOld ? ctx.read<O>(buffers.back(), kItems) : std::vector<O>();
  return {final, old};
}

/// The old values sorted must be `first`, first + 1, ...
template <class O> void expectPermutation(std::vector<O> old, O first) {
  std::sort(old.begin(), old.end());
  std::vector<O> want(old.size());
  for (size_t i = 0; i < want.size(); ++i)
    want[i] = O(first + O(i));
  expectEq(old, want, "old values (sorted): ");
}

std::vector<Case> atomicCases() {
  std::vector<Case> c;
  c.push_back({"atomic_add_int", [](Ctx &ctx) {
    std::vector<int> a = ints<int>(kItems, 311, 1, 10);
    auto [final, old] = runAtomic<int>(ctx, "atomic_add_int", {100}, true, a);
    expectEq(final, {100 + std::accumulate(a.begin(), a.end(), 0)}, "final: ");
    // The old values form one chain 100, 100 + a[j], ... in some order.
    std::vector<size_t> order(kItems);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return old[x] < old[y]; });
    int expected = 100;
    for (size_t k : order) {
      if (old[k] != expected)
        throw Failure{"old values are not a chain: found " + std::to_string(old[k]) +
                      " where " + std::to_string(expected) + " was due"};
      expected += a[k];
    }
  }});
  c.push_back({"atomic_inc_uint", [](Ctx &ctx) {
    auto [final, old] = runAtomic<uint32_t>(ctx, "atomic_inc_uint", {0u}, true);
    expectEq(final, {uint32_t(kItems)}, "final: ");
    expectPermutation<uint32_t>(old, 0);
  }});
  c.push_back({"atomic_dec_int", [](Ctx &ctx) {
    auto [final, old] = runAtomic<int>(ctx, "atomic_dec_int", {int(kItems)}, true);
    expectEq(final, {0}, "final: ");
    expectPermutation<int>(old, 1);
  }});
  c.push_back({"atomic_sub_uint", [](Ctx &ctx) {
    std::vector<uint32_t> a = ints<uint32_t>(kItems, 312, 0, 1000);
    auto [final, old] = runAtomic<uint32_t>(ctx, "atomic_sub_uint", {1000000u}, false, a);
    expectEq(final, {1000000u - std::accumulate(a.begin(), a.end(), 0u)});
  }});
  c.push_back({"atomic_minmax_int", [](Ctx &ctx) {
    std::vector<int> a = ints<int>(kItems, 313, -1000000, 1000000);
    auto [final, old] = runAtomic<int>(ctx, "atomic_minmax_int", {INT32_MAX, INT32_MIN}, false, a);
    expectEq(final, {*std::min_element(a.begin(), a.end()), *std::max_element(a.begin(), a.end())});
  }});
  c.push_back({"atomic_minmax_uint", [](Ctx &ctx) {
    std::vector<uint32_t> a = ints<uint32_t>(kItems, 314, 5, 0xfffffff0u);
    auto [final, old] = runAtomic<uint32_t>(ctx, "atomic_minmax_uint", {UINT32_MAX, 0u}, false, a);
    expectEq(final, {*std::min_element(a.begin(), a.end()), *std::max_element(a.begin(), a.end())});
  }});
  c.push_back({"atomic_bits_uint", [](Ctx &ctx) {
    std::vector<uint32_t> a = ints<uint32_t>(kItems, 315);
    for (uint32_t &x : a)
      x |= 0x10000001u; // keep some bits set in every value
    auto [final, old] = runAtomic<uint32_t>(ctx, "atomic_bits_uint", {UINT32_MAX, 0u, 0u}, false, a);
    uint32_t andAll = UINT32_MAX, orAll = 0, xorAll = 0;
    for (uint32_t x : a) {
      andAll &= x;
      orAll |= x;
      xorAll ^= x;
    }
    expectEq(final, {andAll, orAll, xorAll});
  }});
  c.push_back({"atomic_xchg_int", [](Ctx &ctx) {
    auto [final, old] = runAtomic<int>(ctx, "atomic_xchg_int", {-1}, true);
    old.push_back(final[0]);
    expectPermutation<int>(old, -1);
  }});
  c.push_back({"atomic_xchg_float", [](Ctx &ctx) {
    auto [final, old] = runAtomic<float>(ctx, "atomic_xchg_float", {-1.0f}, true);
    old.push_back(final[0]);
    expectPermutation<float>(old, -1.0f);
  }});
  c.push_back({"atomic_cmpxchg_add", [](Ctx &ctx) {
    std::vector<int> a = ints<int>(kItems, 316, -100, 100);
    auto [final, old] = runAtomic<int>(ctx, "atomic_cmpxchg_add", {7}, false, a);
    expectEq(final, {7 + std::accumulate(a.begin(), a.end(), 0)});
  }});
  c.push_back({"local_histogram", [](Ctx &ctx) {
    const size_t n = 64 * 16;
    std::vector<uint32_t> a = ints<uint32_t>(n, 317);
    acc::Buffer in = ctx.upload(a);
    acc::Buffer bins = ctx.upload(std::vector<uint32_t>(16, 0));
    ctx.run("local_histogram", acc::Range(n).local(64), in, bins);
    std::vector<uint32_t> want(16, 0);
    for (uint32_t x : a)
      ++want[x & 15];
    expectEq(ctx.read<uint32_t>(bins, 16), want);
  }});
  c.push_back({"atom_add_long", [](Ctx &ctx) {
    std::vector<int64_t> a = ints<int64_t>(kItems, 318, -(int64_t(1) << 50), int64_t(1) << 50);
    auto [final, old] = runAtomic<int64_t>(ctx, "atom_add_long", {int64_t(1) << 40}, false, a);
    expectEq(final, {std::accumulate(a.begin(), a.end(), int64_t(1) << 40)});
  }});
  c.push_back({"atom_minmax_ulong", [](Ctx &ctx) {
    std::vector<uint64_t> a = ints<uint64_t>(kItems, 319, 3, UINT64_MAX - 3);
    auto [final, old] = runAtomic<uint64_t>(ctx, "atom_minmax_ulong", {UINT64_MAX, 0, 0}, false, a);
    uint64_t x = 0;
    for (uint64_t v : a)
      x ^= v;
    expectEq(final, {*std::min_element(a.begin(), a.end()), *std::max_element(a.begin(), a.end()), x});
  }});
  c.push_back({"atom_inc_int", [](Ctx &ctx) {
    auto [final, old] = runAtomic<int>(ctx, "atom_inc_int", {5}, false);
    expectEq(final, {5 + int(kItems)});
  }});
  return c;
}

const bool registered = addArea("atomics", atomicCases());

} // namespace
} // namespace kt
