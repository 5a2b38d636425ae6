//===- integer.cpp - Cases of integer.cl ------------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kCount = 512;

template <class T> void minMax(std::vector<Case> &c, const std::string &t) {
  std::vector<T> a = ints<T>(kCount, sizeof(T) + 40), b = ints<T>(kCount, sizeof(T) + 50);
  std::vector<T> lo(kCount), hi(kCount);
  for (size_t i = 0; i < kCount; ++i) {
    lo[i] = std::min(a[(i * 3) % kCount], b[i]);
    hi[i] = std::max(a[(i * 3) % kCount], b[i]);
  }
  c.push_back(map<T>("min_" + t, exact(), [](T x, T y) { return std::min(x, y); }, a, b));
  c.push_back(map<T>("max_" + t, exact(), [](T x, T y) { return std::max(x, y); }, a, b));
  c.push_back(map<T>("clamp_" + t, exact(), [](T x, T l, T h) { return std::min(std::max(x, l), h); },
                     a, lo, hi));
}

std::vector<Case> integerCases() {
  std::vector<Case> c;
  minMax<int8_t>(c, "char");
  minMax<uint8_t>(c, "uchar");
  minMax<int16_t>(c, "short");
  minMax<uint16_t>(c, "ushort");
  minMax<int32_t>(c, "int");
  minMax<uint32_t>(c, "uint");
  minMax<int64_t>(c, "long");
  minMax<uint64_t>(c, "ulong");
  c.push_back(map<uint32_t>("clamp_literal", exact(), [](int x) {
    return uint32_t(std::min(std::max(x, -5), 100)) + std::max(uint32_t(x), 7u) +
           uint32_t(std::min(x * 2, x + 3));
  }, ints<int>(kCount, 60, -1000000, 1000000)));
  return c;
}

const bool registered = addArea("integer", integerCases());

} // namespace
} // namespace kt
