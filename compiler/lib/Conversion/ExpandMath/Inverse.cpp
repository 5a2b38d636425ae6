//===- Inverse.cpp - Inverse trigonometric and hyperbolic functions -------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// atan, asin, acos, expm1, log1p, sinh, cosh, tanh, asinh, acosh and atanh
// on float from arithmetic and the exp and log of ExpLog.cpp, for targets
// whose instructions for them are outside OpenCL's bounds (Vulkan's
// GLSL.std.450 specifies their precision loosely or not at all). Each is
// reduced to a short interval where a Taylor series converges within a
// fraction of an ulp, or written in terms of expm1 and log1p so that
// nothing cancels; the results are within OpenCL C's float bounds with
// margin (tests/kernels math and math_ext, on the cpu target with
// -fsoft-math and on vulkan).
//
//===----------------------------------------------------------------------===//

#include "ExpandMathImpl.h"

namespace acc::math_expansion {

namespace {

constexpr double kPiOver2Hi = 0x1.921fb6p+0, kPiOver2Lo = -0x1.777a5cp-25;
constexpr double kPiOver4Hi = 0x1.921fb6p-1, kPiOver4Lo = -0x1.777a5cp-26;
constexpr double kPiHi = 0x1.921fb6p+1, kPiLo = -0x1.777a5cp-24;
constexpr double kLn2Hi = 0x1.62e430p-1, kLn2Lo = -0x1.05c61p-29;

/// Below this |x|, sinh, tanh, asinh, atanh and atan are x (x^3/3 is
/// below half an ulp), and expm1 and log1p are x.
constexpr double kTiny = 0x1p-12;
/// Above this, asinh x and acosh x are log 2x (1/(4x^2) is below an ulp).
constexpr double kLarge = 0x1p12;

} // namespace

Value Emitter::atan(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  // tan(3pi/8) and tan(pi/8).
  Value big = gt(ax, f(t, 0x1.3504f4p+1));
  Value mid = gt(ax, f(t, 0x1.a827ap-2));
  Value one = f(t, 1.0);
  Value tv = sel(big, neg(div(one, ax)),
                 sel(mid, div(sub(ax, one), add(ax, one)), ax));
  Value baseHi = sel(big, f(t, kPiOver2Hi), sel(mid, f(t, kPiOver4Hi), 0.0));
  Value baseLo = sel(big, f(t, kPiOver2Lo), sel(mid, f(t, kPiOver4Lo), 0.0));
  // atan t = t + t z (-1/3 + z/5 - ...), z = t^2 <= 0.1716, to t^25.
  Value z = mul(tv, tv);
  SmallVector<double> c;
  for (int n = 12; n >= 1; --n)
    c.push_back((n % 2 ? -1.0 : 1.0) / (2 * n + 1));
  Value tail = mul(mul(tv, z), horner(z, c));
  Value r = add(baseHi, add(tv, add(tail, baseLo)));
  r = sel(lt(ax, f(t, kTiny)), ax, r);
  return copysign(r, x);
}

Value Emitter::asinTail(Value u, Value z) {
  // asin u = u + sum c_n u^(2n+1), c_n = (2n)! / (4^n (n!)^2 (2n+1)), to
  // n = 14 (z = u^2 <= 1/4).
  SmallVector<double> c;
  double central = 1; // (2n)! / (4^n (n!)^2)
  SmallVector<double> all;
  for (int n = 1; n <= 14; ++n) {
    central *= double(2 * n - 1) / (2 * n);
    all.push_back(central / (2 * n + 1));
  }
  for (int n = 14; n >= 1; --n)
    c.push_back(all[n - 1]);
  return mul(mul(u, z), horner(z, c));
}

Value Emitter::asin(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  Value small = le(ax, f(t, 0.5));
  // |x| <= 1/2: asin |x| = |x| + tail.
  Value zs = mul(ax, ax);
  Value nearResult = add(ax, asinTail(ax, zs));
  // |x| > 1/2: asin |x| = pi/2 - 2 asin(s), s = sqrt((1 - |x|)/2) exact
  // up to s.lo.
  Value zl = mul(sub(f(t, 1.0), sel(small, f(t, 1.0), ax)), f(t, 0.5));
  DD s = sqrtDD(zl);
  Value q = asinTail(s.hi, zl);
  Value farResult =
      sub(f(t, kPiOver2Hi),
          sub(mul(s.hi, f(t, 2.0)),
              sub(f(t, kPiOver2Lo), mul(add(s.lo, q), f(t, 2.0)))));
  Value r = sel(small, nearResult, farResult);
  r = sel(gt(ax, f(t, 1.0)), f(t, std::nan("")), r);
  return sel(isNaN(x), x, copysign(r, x));
}

Value Emitter::acos(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  Value small = le(ax, f(t, 0.5));
  // |x| <= 1/2: pi/2 - asin x.
  Value nearResult =
      sub(f(t, kPiOver2Hi),
          sub(x, sub(f(t, kPiOver2Lo), asinTail(x, mul(x, x)))));
  // Otherwise with s = sqrt((1 - |x|)/2): 2 asin s for x > 0, pi - 2 asin s
  // for x < 0.
  Value zl = mul(sub(f(t, 1.0), sel(small, f(t, 1.0), ax)), f(t, 0.5));
  DD s = sqrtDD(zl);
  Value twice = mul(add(s.lo, asinTail(s.hi, zl)), f(t, 2.0));
  Value positive = add(mul(s.hi, f(t, 2.0)), twice);
  Value negative = sub(f(t, kPiHi),
                       sub(mul(s.hi, f(t, 2.0)), sub(f(t, kPiLo), twice)));
  Value r = sel(small, nearResult,
                sel(gt(x, f(t, 0.0)), positive, negative));
  r = sel(gt(ax, f(t, 1.0)), f(t, std::nan("")), r);
  return sel(isNaN(x), x, r);
}

Value Emitter::expm1(Value x) {
  Type t = x.getType();
  Type it = intOf(t);
  // e^x - 1 is -1 below -30 and inf above the log of the largest float.
  Value clamped = arith::MaximumFOp::create(
      b, l, arith::MinimumFOp::create(b, l, x, f(t, 89.0)), f(t, -30.0));
  Value kf = rint(mul(clamped, f(t, 0x1.715476p+0)));
  // As exp: k ln2Hi exact, r + rr = x - k ln2.
  Value r0 = sub(clamped, mul(kf, f(t, 0x1.62e4p-1)));
  Value kl2 = mul(kf, f(t, 0x1.7f7d1cp-20));
  Value r = sub(r0, kl2);
  Value rr = sub(sub(r0, r), kl2);
  // e^r - 1 = r + r^2 (1/2 + r/6 + ...) to r^9, plus rr e^r.
  SmallVector<double> c;
  double fact = 1;
  SmallVector<double> inv(10);
  for (int n = 1; n <= 9; ++n) {
    fact *= n;
    inv[n] = 1.0 / fact;
  }
  for (int n = 9; n >= 2; --n)
    c.push_back(inv[n]);
  Value em = add(r, fmaApprox(mul(r, r), horner(r, c), fmaApprox(rr, r, rr)));
  Value k = fptosi(it, kf);
  // k <= 24: 2^k is exact, and so is 2^k - 1; 2^k em + (2^k - 1).
  Value kSmall = minsi(k, i(it, 24));
  Value p = pow2(t, kSmall);
  Value nearResult = fmaApprox(p, em, sub(p, f(t, 1.0)));
  // k > 24: the - 1 is below an ulp of e^x, which is scaled in two steps
  // (as exp) so that 2^k need not be representable.
  Value kBig = maxsi(k, i(it, 25));
  Value k1 = shrs(kBig, i(it, 1));
  Value farResult = mul(mul(add(em, f(t, 1.0)), pow2(t, k1)),
                        pow2(t, subi(kBig, k1)));
  Value res = sel(cmpi(CmpIPredicate::sle, k, i(it, 24)), nearResult,
                  farResult);
  res = sel(gt(x, f(t, 0x1.62e42ep+6)), f(t, kInf), res);
  res = sel(lt(abs(x), f(t, kTiny * kTiny)), x, res);
  return sel(isNaN(x), x, res);
}

Value Emitter::log1p(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  // |x| < 1/16: x + x^2 (-1/2 + x/3 - ...) to x^10.
  SmallVector<double> c;
  for (int n = 10; n >= 2; --n)
    c.push_back((n % 2 ? 1.0 : -1.0) / n);
  Value series = add(x, mul(mul(x, x), horner(x, c)));
  // Otherwise log(u) + (x - (u - 1)) / u, u = 1 + x rounded.
  Value u = add(f(t, 1.0), x);
  DD lg = logDD(safeLogArg(u));
  Value corr = div(sub(x, sub(u, f(t, 1.0))), u);
  Value general = logSpecials(u, add(lg.hi, add(lg.lo, corr)));
  Value r = sel(lt(ax, f(t, 0.0625)), series, general);
  r = sel(lt(ax, f(t, kTiny * kTiny)), x, r);
  return sel(isNaN(x), x, r);
}

Value Emitter::halfExp(Value ax) {
  Type t = ax.getType();
  DD a = twoSum(ax, f(t, -kLn2Hi));
  Value e = expDD(fastTwoSum(a.hi, sub(a.lo, f(t, kLn2Lo))));
  // twoSum's error term is not a number for an infinite |x|.
  return sel(isInf(ax), ax, e);
}

Value Emitter::sinh(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  // |x| < 1: (em + em / (em + 1)) / 2, em = e^|x| - 1, without cancellation.
  Value em = expm1(sel(lt(ax, f(t, 1.0)), ax, f(t, 0.0)));
  Value nearResult =
      mul(add(em, div(em, add(em, f(t, 1.0)))), f(t, 0.5));
  // Otherwise E - 1/(4E), E = e^|x| / 2.
  Value e = halfExp(ax);
  Value farResult = sub(e, div(f(t, 0.25), e));
  Value r = sel(lt(ax, f(t, 1.0)), nearResult, farResult);
  r = sel(lt(ax, f(t, kTiny)), ax, r);
  return sel(isNaN(x), x, copysign(r, x));
}

Value Emitter::cosh(Value x) {
  Type t = x.getType();
  Value e = halfExp(abs(x));
  return add(e, div(f(t, 0.25), e));
}

Value Emitter::tanh(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  // tanh |x| = em / (em + 2), em = e^(2|x|) - 1; 1 from |x| = 20 on.
  Value em = expm1(mul(arith::MinimumFOp::create(b, l, ax, f(t, 20.0)),
                       f(t, 2.0)));
  Value r = div(em, add(em, f(t, 2.0)));
  r = sel(lt(ax, f(t, kTiny)), ax, r);
  return sel(isNaN(x), x, copysign(r, x));
}

Value Emitter::asinh(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  Value large = gt(ax, f(t, kLarge));
  Value a = sel(large, f(t, 1.0), ax);
  Value sq = mul(a, a);
  DD root = sqrtDD(add(f(t, 1.0), sq));
  Value arg = add(a, div(sq, add(f(t, 1.0), add(root.hi, root.lo))));
  Value nearResult = log1p(arg);
  // log |x| + ln2.
  DD lg = logDD(safeLogArg(ax));
  DD s = twoSum(lg.hi, f(t, kLn2Hi));
  Value farResult = add(s.hi, add(s.lo, add(lg.lo, f(t, kLn2Lo))));
  Value r = sel(large, sel(isInf(x), ax, farResult), nearResult);
  r = sel(lt(ax, f(t, kTiny)), ax, r);
  return sel(isNaN(x), x, copysign(r, x));
}

Value Emitter::acosh(Value x) {
  Type t = x.getType();
  Value large = gt(x, f(t, kLarge));
  Value one = f(t, 1.0);
  // t = x - 1 is exact.
  Value tv = sub(sel(bor(large, lt(x, one)), one, x), one);
  DD root = sqrtDD(fmaApprox(tv, tv, mul(tv, f(t, 2.0))));
  Value nearResult = log1p(add(tv, add(root.hi, root.lo)));
  DD lg = logDD(safeLogArg(x));
  DD s = twoSum(lg.hi, f(t, kLn2Hi));
  Value farResult = add(s.hi, add(s.lo, add(lg.lo, f(t, kLn2Lo))));
  Value r = sel(large, sel(isInf(x), x, farResult), nearResult);
  r = sel(lt(x, one), f(t, std::nan("")), r);
  return sel(isNaN(x), x, r);
}

Value Emitter::atanh(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  Value r = mul(sub(log1p(ax), log1p(neg(ax))), f(t, 0.5));
  r = sel(gt(ax, f(t, 1.0)), f(t, std::nan("")), r);
  r = sel(lt(ax, f(t, kTiny)), ax, r);
  return sel(isNaN(x), x, copysign(r, x));
}

} // namespace acc::math_expansion
