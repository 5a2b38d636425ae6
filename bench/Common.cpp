//===- Common.cpp - acc-bench's pieces shared with acc-bench-startup -------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unistd.h>

namespace bench {

Arg Arg::f32(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  return {F32, bits};
}

Stats Stats::of(std::vector<double> s) {
  std::sort(s.begin(), s.end());
  Stats st;
  st.min = s.front();
  st.max = s.back();
  size_t n = s.size();
  st.median = n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  return st;
}

Problem makeStartupProblem() {
  const size_t n = 1024;
  const float a = 2.5f;
  std::vector<float> x(n), y(n), want(n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = float(i % 17) * 0.25f;
    y[i] = 1.0f - float(i % 5);
    want[i] = a * x[i] + y[i];
  }
  Problem p;
  p.name = "start-up";
  p.unit = "ms";
  auto bytes = [](const std::vector<float> &v) {
    std::vector<uint8_t> b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return b;
  };
  p.buffers = {bytes(x), bytes(y)};
  p.kernel = "saxpy";
  p.args = {Arg::f32(a), Arg::buffer(0), Arg::buffer(1), Arg::i32(int32_t(n))};
  p.global[0] = n;
  p.local[0] = 256;
  p.check = [want](const Buffers &b) -> std::string {
    const float *got = reinterpret_cast<const float *>(b[1].data());
    for (size_t i = 0; i < want.size(); ++i)
      if (got[i] != want[i])
        return "index " + std::to_string(i);
    return "";
  };
  return p;
}

std::string selfDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0)
    return ".";
  std::string path(buf, size_t(n));
  return path.substr(0, path.rfind('/'));
}

} // namespace bench
