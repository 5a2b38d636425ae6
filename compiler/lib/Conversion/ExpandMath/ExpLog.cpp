//===- ExpLog.cpp - exp, log, pow from arithmetic ---------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// exp, exp2, log, log2, log10 and pow in double-double (double-float)
// arithmetic, for targets with no double transcendentals or none within
// OpenCL's bounds for float. One algorithm for both types; the constants
// and series lengths are the type's.
//
//===----------------------------------------------------------------------===//

#include "ExpandMathImpl.h"

namespace acc::math_expansion {

namespace {

/// ln2 = kLn2Hi + kLn2Lo with kLn2Hi short enough that k kLn2Hi is exact
/// for every k exp and log meet (|k| < 2^11 for double, 2^8 for float).
double ln2Hi(Type t) { return t.isF64() ? 0x1.62e42feep-1 : 0x1.62e4p-1; }
double ln2Lo(Type t) {
  return t.isF64() ? 0x1.a39ef35793c76p-33 : 0x1.7f7d1cp-20;
}

} // namespace

//===----------------------------------------------------------------------===//
// exp, log, pow
//===----------------------------------------------------------------------===//

/// e^(r + rr) * 2^k for |r| <= ln2/2 + a little; k an integer of r's width.
Value Emitter::expCore(Value r, Value rr, Value k) {
  Type t = r.getType();
  // Taylor coefficients 1/n!, n = N .. 2 (|r|^(N+1)/(N+1)! below half an
  // ulp).
  const int degree = isF64(r) ? 13 : 8;
  SmallVector<double> c;
  double fact = 1;
  SmallVector<double> inv(degree + 1);
  for (int n = 1; n <= degree; ++n) {
    fact *= n;
    inv[n] = 1.0 / fact;
  }
  for (int n = degree; n >= 2; --n)
    c.push_back(inv[n]);
  Value q = mul(mul(r, r), horner(r, c));
  Value e = add(f(t, 1.0), add(r, add(q, fmaApprox(rr, r, rr))));
  // 2^k in two steps, each factor normal; only the last rounds.
  Value k1 = shrs(k, i(k.getType(), 1));
  Value k2 = subi(k, k1);
  return mul(mul(e, pow2(t, k1)), pow2(t, k2));
}

/// e^(x.hi + x.lo) with the special cases of exp.
Value Emitter::expDD(DD x) {
  Type t = x.hi.getType();
  const bool wide = isF64(x.hi);
  Value h = x.hi;
  // Beyond +-bound the result is 0 or inf: the clamp keeps k in range.
  const double bound = wide ? 800.0 : 110.0;
  Value clamped = arith::MaximumFOp::create(
      b, l, arith::MinimumFOp::create(b, l, h, f(t, bound)), f(t, -bound));
  Value kf = rint(mul(clamped, f(t, wide ? 0x1.71547652b82fep+0
                                          : 0x1.715476p+0)));
  // k*ln2Hi and r0 are exact.
  Value r0 = sub(clamped, mul(kf, f(t, ln2Hi(t))));
  Value kl2 = mul(kf, f(t, ln2Lo(t)));
  Value r = sub(r0, kl2);
  Value rr = add(sub(sub(r0, r), kl2), x.lo);
  // The product's own rounding matters for double only.
  if (wide)
    rr = sub(rr, fma(kf, f(t, ln2Lo(t)), neg(kl2)));
  Value v = expCore(r, rr, fptosi(intOf(t), kf));
  // Above the log of the largest finite value; below that of half the
  // smallest denormal. (For float, the threshold is the float just above
  // ln FLT_MAX: with x.lo < 0, e^x at that x.hi may still be finite.)
  v = sel(gt(h, f(t, wide ? 0x1.62e42fefa39efp+9 : 0x1.62e430p+6)),
          f(t, kInf), v);
  v = sel(lt(h, f(t, wide ? -745.2 : -104.0)), f(t, 0.0), v);
  return sel(isNaN(h), h, v);
}

Value Emitter::exp(Value x) {
  return expDD({x, f(x.getType(), 0.0)});
}

Value Emitter::exp2(Value x) {
  Type t = x.getType();
  const bool wide = isF64(x);
  Format fm = format(t);
  const double bound = wide ? 1100.0 : 200.0;
  Value clamped = arith::MaximumFOp::create(
      b, l, arith::MinimumFOp::create(b, l, x, f(t, bound)), f(t, -bound));
  Value kf = rint(clamped);
  Value r = sub(clamped, kf); // exact
  DD y = wide ? mulDD(r, 0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56)
              : mulDD(r, 0x1.62e430p-1, -0x1.05c61p-29);
  Value v = expCore(y.hi, y.lo, fptosi(intOf(t), kf));
  // 2^(emax + 1) overflows; below 2^(emin - p) rounds to zero.
  v = sel(ge(x, f(t, fm.bias + 1)), f(t, kInf), v);
  v = sel(lt(x, f(t, 1 - fm.bias - fm.precision)), f(t, 0.0), v);
  return sel(isNaN(x), x, v);
}

/// log(x) for finite x > 0 as e ln2 + (lm.hi + lm.lo): returns e (as a
/// double) and log m, m in [sqrt(1/2), sqrt(2)).
std::pair<Value, DD> Emitter::logParts(Value x) {
  Type t = x.getType();
  Type it = intOf(t);
  const bool wide = isF64(x);
  Format fm = format(t);
  auto [xs, adj] = normalize(x);
  Value bitsX = bits(xs);
  Value e = addi(subi(exponentField(xs), i(it, fm.bias)), adj);
  // m in [1, 2), then in [sqrt(1/2), sqrt(2)).
  const int64_t fraction = (int64_t(1) << (fm.precision - 1)) - 1;
  Value mBits = ori(andi(bitsX, i(it, fraction)),
                    i(it, int64_t(fm.bias) << (fm.precision - 1)));
  Value m = fromBits(t, mBits);
  Value high = gt(m, f(t, wide ? 0x1.6a09e667f3bcdp+0 : 0x1.6a09e6p+0));
  m = sel(high, mul(m, f(t, 0.5)), m);
  e = sel(high, addi(e, i(it, 1)), e);
  Value u = sub(m, f(t, 1.0)); // exact
  DD v = twoSum(m, f(t, 1.0));
  Value fh = div(u, v.hi);
  // u - fh v.hi is exact (fh v.hi is within a factor 2 of u).
  DD p = twoProd(fh, v.hi);
  Value fl = div(sub(sub(sub(u, p.hi), p.lo), mul(fh, v.lo)), v.hi);
  // 2 atanh(f) = 2f + 2 f^3 (1/3 + f^2/5 + ...), |f| <= 0.172.
  Value s = mul(fh, fh);
  SmallVector<double> c;
  for (int n = wide ? 23 : 11; n >= 3; n -= 2)
    c.push_back(2.0 / n);
  Value tail = mul(mul(fh, s), horner(s, c));
  Value twoF = mul(fh, f(t, 2.0));
  DD lm = fastTwoSum(twoF, add(mul(fl, f(t, 2.0)), tail));
  return {sitofp(t, e), lm};
}

/// log(x) for finite x > 0 as a double-double.
DD Emitter::logDD(Value x) {
  Type t = x.getType();
  auto [ef, lm] = logParts(x);
  // e*ln2Hi is exact.
  DD a = twoSum(mul(ef, f(t, ln2Hi(t))), lm.hi);
  Value lo = add(add(a.lo, lm.lo), mul(ef, f(t, ln2Lo(t))));
  return fastTwoSum(a.hi, lo);
}

/// Special values of log, log2, log10 around `finite` (x > 0 finite).
Value Emitter::logSpecials(Value x, Value finite) {
  Type t = x.getType();
  Value r = sel(isZero(x), f(t, -kInf), finite);
  r = sel(lt(x, f(t, 0.0)), f(t, std::nan("")), r);
  r = sel(eq(x, f(t, kInf)), x, r);
  return sel(isNaN(x), x, r);
}

Value Emitter::safeLogArg(Value x) {
  Type t = x.getType();
  return sel(band(gt(x, f(t, 0.0)), isFinite(x)), x, f(t, 2.0));
}

Value Emitter::log(Value x) {
  DD r = logDD(safeLogArg(x));
  return logSpecials(x, r.hi);
}

/// log2 x = e + log(m)/ln2 (exact for powers of two).
Value Emitter::log2(Value x) {
  auto [ef, lm] = logParts(safeLogArg(x));
  DD q = isF64(x) ? mulDD(lm, 0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56)
                  : mulDD(lm, 0x1.715476p+0, 0x1.4ae0cp-26);
  DD s = twoSum(ef, q.hi);
  return logSpecials(x, add(s.hi, add(s.lo, q.lo)));
}

Value Emitter::log10(Value x) {
  DD lg = logDD(safeLogArg(x));
  DD r = isF64(x) ? mulDD(lg, 0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57)
                  : mulDD(lg, 0x1.bcb7b2p-2, -0x1.5b235ep-27);
  return logSpecials(x, add(r.hi, r.lo));
}

/// pow(x, y) with C99's special values (F.9.4.4).
Value Emitter::pow(Value x, Value y) {
  Type t = x.getType();
  Value zero = f(t, 0.0), one = f(t, 1.0), inf = f(t, kInf);
  Value ax = abs(x);
  Value yInt = band(eq(floor(y), y), isFinite(y));
  Value half = mul(y, f(t, 0.5));
  Value yOdd = band(yInt, bnot(eq(floor(half), half)));
  DD lg = logDD(safeLogArg(ax));
  // y * log|x| in double-double.
  DD yl = twoProd(y, lg.hi);
  Value ph = yl.hi;
  Value pl = fmaApprox(y, lg.lo, yl.lo);
  // Far beyond the range of exp: keep the sign, drop the low part (it
  // may be inf - inf, or not a number where splitting y overflowed).
  const double farBound = isF64(x) ? 2000.0 : 200.0;
  Value far = bnot(lt(abs(ph), f(t, farBound)));
  ph = sel(far, copysign(f(t, farBound), ph), ph);
  pl = sel(bor(far, bnot(isFinite(pl))), zero, pl);
  ph = sel(isFinite(y), ph, zero);
  pl = sel(isFinite(y), pl, zero);
  Value r = expDD(fastTwoSum(ph, pl));
  r = sel(band(lt(x, zero), yOdd), neg(r), r);
  r = sel(band(lt(x, zero), bnot(yInt)), f(t, std::nan("")), r);
  // x = +-0.
  Value yNeg = lt(y, zero);
  Value atZero = sel(yNeg, inf, zero);
  atZero = sel(yOdd, copysign(atZero, x), atZero);
  r = sel(isZero(x), atZero, r);
  // x = +-inf.
  Value atInf = sel(yNeg, zero, inf);
  atInf = sel(band(lt(x, zero), yOdd), neg(atInf), atInf);
  r = sel(isInf(x), atInf, r);
  // y = +-inf.
  Value bigBase = gt(ax, one);
  Value yPosInf = eq(y, inf);
  Value atYInf = sel(yPosInf, sel(bigBase, inf, zero), sel(bigBase, zero, inf));
  atYInf = sel(eq(ax, one), one, atYInf);
  r = sel(isInf(y), atYInf, r);
  r = sel(bor(isNaN(x), isNaN(y)), add(x, y), r);
  r = sel(eq(x, one), one, r);
  return sel(isZero(y), one, r);
}

} // namespace acc::math_expansion
