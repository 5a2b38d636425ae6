//===- fp64.cpp - Cases of fp64.cl: double arithmetic and math builtins ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "FloatingCases.h"

#include <cmath>

namespace kt {
namespace {

constexpr long double kPi = 3.14159265358979323846264338327950288L;

// References in long double after an exact reduction: x = n/2 + t with
// |t| <= 1/4 (fmod and the subtraction are exact), so sin and cos of pi t
// never meet the cancellation of cos near pi/2; with the exact zeros and
// poles OpenCL requires (sinpi(n) = +-0, cospi(n + 1/2) = +0,
// tanpi(n + 1/2) = +-inf).
struct Reduced {
  int quadrant; ///< n mod 4
  long double sin, cos;
  double t;
};
Reduced reduce(double x) {
  double r = std::fmod(x, 2.0);
  double n = std::nearbyint(2.0 * r);
  double t = r - 0.5 * n;
  int q = int(std::fmod(n, 4.0));
  if (q < 0)
    q += 4;
  return {q, std::sin(kPi * t), std::cos(kPi * t), t};
}
double sinpiRef(double x) {
  Reduced r = reduce(x);
  if (r.t == 0 && r.quadrant % 2 == 0)
    return std::copysign(0.0, x);
  long double v[4] = {r.sin, r.cos, -r.sin, -r.cos};
  return double(v[r.quadrant]);
}
double cospiRef(double x) {
  Reduced r = reduce(x);
  if (r.t == 0 && r.quadrant % 2 == 1)
    return 0.0;
  long double v[4] = {r.cos, -r.sin, -r.cos, r.sin};
  return double(v[r.quadrant]);
}
double tanpiRef(double x) {
  Reduced r = reduce(x);
  if (r.t == 0) {
    if (r.quadrant % 2 == 0) // an integer: +0 for even, -0 for odd
      return std::copysign(0.0, r.quadrant == 0 ? x : -x);
    return r.quadrant == 1 ? INFINITY : -INFINITY;
  }
  return double(r.quadrant % 2 == 0 ? r.sin / r.cos : -r.cos / r.sin);
}

std::vector<Case> fp64Cases() {
  std::vector<Case> c = floatingCases<double>("double");
  std::vector<double> a = floats<double>(500, 81, -20, 20, false, false);
  std::vector<float> f = floats<float>(500, 82, -20, 20, false, false);
  c.push_back(map<double>("mixed_double", ulp(0), [](double x, float y, int64_t n) {
    double r = x * double(y) + double(float(x)) - double(n);
    return r + double(int64_t(x * 0.25));
  }, a, f, ints<int64_t>(500, 83, -1000000, 1000000)));

  // sinpi & co (OpenCL's double bounds: 4, 4 and 6 ulp), with the exact
  // cases: integers, halves, and values past 2^53 (even integers).
  std::vector<double> trig = floats<double>(500, 84, -20, 20, false, false);
  for (double v : {0.0, -0.0, 1.0, -3.0, 0.5, -0.5, 1.5, 2.25, 0x1p60, -0x1p53,
                   1e-300})
    trig.push_back(v);
  c.push_back(map<double>("sinpi_double", ulp(4), sinpiRef, trig));
  c.push_back(map<double>("cospi_double", ulp(4), cospiRef, trig));
  c.push_back(map<double>("tanpi_double", ulp(6), tanpiRef, trig));
  // rootn (16 ulp), odd roots of negative values.
  std::vector<double> roots = floats<double>(300, 85, -30, 30, true, false);
  std::vector<int> rootN = ints<int>(300, 86, -9, 9);
  for (size_t i = 0; i < roots.size(); ++i) {
    if (rootN[i] == 0)
      rootN[i] = 3;
    if (i % 3 == 0 && rootN[i] % 2 != 0)
      roots[i] = -roots[i];
  }
  roots.push_back(0x1p-1070); // subnormal: the expansion scales it
  rootN.push_back(5);
  c.push_back(map<double>("rootn_double", ulp(16), [](double x, int n) {
    double r = double(std::pow((long double)std::fabs(x), 1.0L / n));
    return x < 0 ? -r : r;
  }, roots, rootN));
  return c;
}

const bool registered = addArea("fp64", fp64Cases());

} // namespace
} // namespace kt
