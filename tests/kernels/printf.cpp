//===- printf.cpp - Cases of printf.cl ------------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Standard output is redirected to a temporary file around each launch;
// lines from several work-items are compared as a sorted set.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace kt {
namespace {

/// Standard output redirected into a temporary file while alive.
class CapturedStdout {
public:
  CapturedStdout() {
    std::fflush(stdout);
    file_ = mkstemp(path_);
    if (file_ < 0)
      throw Skip{"cannot create a temporary file"};
    saved_ = dup(1);
    dup2(file_, 1);
  }
  ~CapturedStdout() {
    restore();
    unlink(path_);
  }
  /// Restores standard output; returns what was written meanwhile.
  std::vector<std::string> lines() {
    restore();
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
      out.push_back(line);
    return out;
  }

private:
  void restore() {
    if (saved_ < 0)
      return;
    std::fflush(stdout);
    dup2(saved_, 1);
    close(saved_);
    close(file_);
    saved_ = -1;
  }
  char path_[40] = "/tmp/acc-kernel-tests-printf-XXXXXX";
  int file_ = -1, saved_ = -1;
};

/// Runs `launch` with standard output captured; returns its lines.
template <class F> std::vector<std::string> captureLines(F launch) {
  CapturedStdout capture;
  launch();
  return capture.lines();
}

void expectLines(std::vector<std::string> got, std::vector<std::string> want) {
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  for (size_t i = 0; i < std::max(got.size(), want.size()); ++i) {
    std::string g = i < got.size() ? got[i] : "(nothing)", w = i < want.size() ? want[i] : "(nothing)";
    if (g != w)
      throw Failure{"line " + std::to_string(i) + " got \"" + g + "\" expected \"" + w + "\""};
  }
}

template <class... A> std::string format(const char *f, A... args) {
  char text[512];
  std::snprintf(text, sizeof(text), f, args...);
  return text;
}

const std::vector<int> kInts{-42, -7, 3, 0xbeef, 8, 'Z'};
const std::vector<float> kFloats{3.14159f, 12345.678f, 0.0001f, 1.5f};

std::vector<Case> printfCases() {
  std::vector<Case> c;
  c.push_back({"printf_ids", [](Ctx &ctx) {
    ctx.requirePrintf();
    const size_t n = 37;
    acc::Buffer out = ctx.output<int>(n);
    std::vector<std::string> lines = captureLines([&] { ctx.run("printf_ids", acc::Range(n), out); });
    std::vector<std::string> want;
    for (size_t i = 0; i < n; ++i)
      want.push_back(format("item %d of %d", int(i), int(n)));
    expectLines(lines, want);
    expectEq(ctx.read<int>(out, n), std::vector<int>(n, 0), "printf's return value: ");
  }});
  c.push_back({"printf_formats", [](Ctx &ctx) {
    ctx.requirePrintf();
    acc::Buffer n = ctx.upload(kInts), f = ctx.upload(kFloats);
    std::vector<std::string> lines = captureLines([&] { ctx.run("printf_formats", acc::Range(1), n, f); });
    const std::vector<int> &k = kInts;
    const std::vector<float> &x = kFloats;
    expectLines(lines, {format("d=%d u=%u ld=%ld x=%x X=%X o=%o c=%c s=%s", k[0], unsigned(k[1]),
                               long(k[2]) * 1000000000L, unsigned(k[3]), unsigned(k[3]), unsigned(k[4]),
                               char(k[5]), "text"),
                        format("f=%.3f e=%.2e g=%g a=%a pct=%% w=[%6.1f] l=[%-5d]", double(x[0]), double(x[1]),
                               double(x[2]), double(x[3]), double(x[0]), k[0])});
  }});
  c.push_back({"printf_vector", [](Ctx &ctx) {
    ctx.requirePrintf();
    acc::Buffer n = ctx.upload(kInts), f = ctx.upload(kFloats);
    std::vector<std::string> lines = captureLines([&] { ctx.run("printf_vector", acc::Range(1), n, f); });
    expectLines(lines, {format("v=%d,%d,%d,%d w=%f,%f", kInts[0], kInts[1], kInts[2], kInts[3],
                               double(kFloats[0]), double(kFloats[1]))});
  }});
  return c;
}

const bool registered = addArea("printf", printfCases());

} // namespace
} // namespace kt
