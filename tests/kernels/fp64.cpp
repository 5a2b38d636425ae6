//===- fp64.cpp - Cases of fp64.cl: double arithmetic and math builtins ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "FloatingCases.h"

namespace kt {
namespace {

std::vector<Case> fp64Cases() {
  std::vector<Case> c = floatingCases<double>("double");
  std::vector<double> a = floats<double>(500, 81, -20, 20, false, false);
  std::vector<float> f = floats<float>(500, 82, -20, 20, false, false);
  c.push_back(map<double>("mixed_double", ulp(0), [](double x, float y, int64_t n) {
    double r = x * double(y) + double(float(x)) - double(n);
    return r + double(int64_t(x * 0.25));
  }, a, f, ints<int64_t>(500, 83, -1000000, 1000000)));
  return c;
}

const bool registered = addArea("fp64", fp64Cases());

} // namespace
} // namespace kt
