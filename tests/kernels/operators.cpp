//===- operators.cpp - Cases of operators.cl --------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Integer references are computed with C's promotions in unsigned
// arithmetic, so signed wrap-around is the two's complement one every
// device has (the kernels avoid division by zero and MIN / -1).
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

/// T after integer promotion, and its unsigned twin.
template <class T> using P = decltype(+T());
template <class T> using U = std::make_unsigned_t<P<T>>;

constexpr size_t kCount = 512;

/// Divisors for a: no zero, no MIN / -1.
template <class T> std::vector<T> divisors(const std::vector<T> &a, uint64_t seed) {
  std::vector<T> b = ints<T>(a.size(), seed);
  for (size_t i = 0; i < a.size(); ++i) {
    if (b[i] == 0)
      b[i] = 1;
    if (std::is_signed<T>::value && b[i] == T(-1) &&
        a[i] == std::numeric_limits<T>::min() && sizeof(T) >= 4)
      b[i] = 3;
  }
  return b;
}

template <class T> void integerOps(std::vector<Case> &cases, const std::string &t) {
  std::vector<T> a = ints<T>(kCount, sizeof(T) * 11), b = ints<T>(kCount, sizeof(T) * 13 + 1);
  for (size_t i = 0; i < kCount; i += 4)
    b[i] = a[(i * 7) % kCount]; // some equal pairs for the comparisons
  std::vector<T> d = divisors(a, sizeof(T) * 17);
  std::vector<T> s = ints<T>(kCount, sizeof(T) * 19); // shift amounts, any value
  for (size_t i = 0; i < 64 && i < kCount; ++i)
    s[i] = T(i);
  constexpr unsigned kWidth = sizeof(P<T>) * 8;
  auto amount = [](T y) { return unsigned(U<T>(P<T>(y)) & (kWidth - 1)); };
  cases.push_back(map<T>("add_" + t, exact(), [](T x, T y) { return T(U<T>(x) + U<T>(y)); }, a, b));
  cases.push_back(map<T>("sub_" + t, exact(), [](T x, T y) { return T(U<T>(x) - U<T>(y)); }, a, b));
  cases.push_back(map<T>("mul_" + t, exact(), [](T x, T y) { return T(U<T>(x) * U<T>(y)); }, a, b));
  cases.push_back(map<T>("div_" + t, exact(), [](T x, T y) { return T(P<T>(x) / P<T>(y)); }, a, d));
  cases.push_back(map<T>("rem_" + t, exact(), [](T x, T y) { return T(P<T>(x) % P<T>(y)); }, a, d));
  cases.push_back(map<T>("bits_" + t, exact(), [](T x, T y) {
    return T((P<T>(x) & P<T>(y)) ^ (~P<T>(x) | P<T>(T(P<T>(y) ^ P<T>(T(0x5a))))));
  }, a, b));
  cases.push_back(map<T>("shl_" + t, exact(), [=](T x, T y) { return T(U<T>(x) << amount(y)); }, a, s));
  cases.push_back(map<T>("shr_" + t, exact(), [=](T x, T y) { return T(P<T>(x) >> amount(y)); }, a, s));
  cases.push_back(map<int>("cmp_" + t, exact(), [](T x, T y) {
    return (x < y) | (x > y) << 1 | (x <= y) << 2 | (x >= y) << 3 | (x == y) << 4 | (x != y) << 5;
  }, a, b));
  cases.push_back(map<T>("unary_" + t, exact(), [](T x, T y) {
    return T(U<T>(0) - U<T>(x) + U<T>(y) * U<T>(!x) - U<T>(P<T>(T(~P<T>(y)))));
  }, a, b));
}

std::vector<Case> operatorCases() {
  std::vector<Case> c;
  integerOps<int8_t>(c, "char");
  integerOps<uint8_t>(c, "uchar");
  integerOps<int16_t>(c, "short");
  integerOps<uint16_t>(c, "ushort");
  integerOps<int32_t>(c, "int");
  integerOps<uint32_t>(c, "uint");
  integerOps<int64_t>(c, "long");
  integerOps<uint64_t>(c, "ulong");

  std::vector<int> ia = ints<int>(kCount, 21, -3, 3), ib = ints<int>(kCount, 22, -3, 3);
  c.push_back(map<int>("logical_int", exact(), [](int x, int y) {
    return (x && y) | (x || y) << 1 | (!x && !y) << 2 | (!(x || !y)) << 3;
  }, ia, ib));
  c.push_back(map<int>("ternary_int", exact(), [](int x, int y) {
    return x > y ? x - y : (x == y ? 7 : y - x);
  }, ia, ib));

  std::vector<int> sa = ints<int>(kCount, 23, -100000, 100000), sb = ints<int>(kCount, 24, -1000, 1000);
  c.push_back(map<int>("compound", exact(), [](int x, int y) {
    y |= 1;
    x += y; x *= 3; x -= y; x ^= 0x55; x |= 0x100; x &= ~0x2;
    x <<= 2; x >>= 1; x /= y; x %= 1000;
    int p = x++;
    int q = ++x;
    int r = x--;
    int s = --x;
    return x + p * 3 + q * 5 + r * 7 + s * 11;
  }, sa, sb));
  c.push_back(map<int>("side_effects", exact(), [](int x) {
    int n = 0;
    int y = (n++, x * 2);
    int z = x > 0 ? (n += 10, x) : (n += 100, -x);
    int w = (x & 1) && (n++ > 0);
    int v = (x & 2) || (n += 1000);
    return y + z + w + v + n;
  }, sa));
  c.push_back({"sizes", [](Ctx &ctx) {
    ctx.requireFp64(); // sizeof(double) makes the kernel use fp64
    acc::Buffer out = ctx.output<uint64_t>(4);
    ctx.run("sizes", acc::Range(4), out);
    uint64_t want = 1 + (2 << 4) + (4 << 8) + (8 << 12) + (4 << 16) + (8 << 20) +
                    (8ull << 24) + (8ull << 28);
    expectEq(ctx.read<uint64_t>(out, 4), std::vector<uint64_t>(4, want));
  }});
  // A vectorisable kernel on a non-uniform range (the last group is
  // partial): every element is written, and nothing past the range.
  c.push_back({"add_int_partial_group", [](Ctx &ctx) {
    const size_t n = 500, padded = 576;
    std::vector<int> a = ints<int>(padded, 25), b = ints<int>(padded, 26);
    acc::Buffer ba = ctx.upload(a), bb = ctx.upload(b);
    acc::Buffer out = ctx.output<int>(padded);
    ctx.run("add_int", acc::Range(n).local(64), ba, bb, out);
    std::vector<int> want(padded, int32_t(0xA5A5A5A5));
    for (size_t i = 0; i < n; ++i)
      want[i] = int(uint32_t(a[i]) + uint32_t(b[i]));
    expectEq(ctx.read<int>(out, padded), want);
  }});
  return c;
}

const bool registered = addArea("operators", operatorCases());

} // namespace
} // namespace kt
