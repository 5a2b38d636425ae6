//===- ExpLog.cpp - Double precision exp, log, pow --------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// exp, exp2, log, log2, log10 and pow on double in double-double
// arithmetic, for targets with no double transcendentals.
//
//===----------------------------------------------------------------------===//

#include "ExpandMathImpl.h"

namespace acc::math_expansion {

//===----------------------------------------------------------------------===//
// Double precision: exp, log, pow
//===----------------------------------------------------------------------===//

/// e^(r + rr) * 2^k for |r| <= ln2/2 + a little; k an i64.
Value Emitter::expCore(Value r, Value rr, Value k) {
  Type t = r.getType();
  // Taylor coefficients 1/n!, n = 13 .. 2.
  SmallVector<double> c;
  double fact = 1;
  SmallVector<double> inv(14);
  for (int n = 1; n <= 13; ++n) {
    fact *= n;
    inv[n] = 1.0 / fact;
  }
  for (int n = 13; n >= 2; --n)
    c.push_back(inv[n]);
  Value q = mul(mul(r, r), horner(r, c));
  Value e = add(f(t, 1.0), add(r, add(q, fma(rr, r, rr))));
  // 2^k in two steps, each factor normal; only the last rounds.
  Value k1 = shrs(k, i(i64(), 1));
  Value k2 = subi(k, k1);
  return mul(mul(e, pow2(t, k1)), pow2(t, k2));
}

/// e^(x.hi + x.lo) with the special cases of exp.
Value Emitter::expDD(DD x) {
  Type t = x.hi.getType();
  Value h = x.hi;
  Value clamped = arith::MaximumFOp::create(
      b, l, arith::MinimumFOp::create(b, l, h, f(t, 800.0)), f(t, -800.0));
  Value kf = rint(mul(clamped, f(t, 0x1.71547652b82fep+0)));
  // ln2 = L1 + L2, L1 with 32 significant bits: k*L1 is exact.
  Value r0 = fma(neg(kf), f(t, 0x1.62e42feep-1), clamped);
  Value kl2 = mul(kf, f(t, 0x1.a39ef35793c76p-33));
  Value r = sub(r0, kl2);
  Value rr = add(sub(sub(r0, r), kl2), x.lo);
  rr = sub(rr, fma(kf, f(t, 0x1.a39ef35793c76p-33), neg(kl2)));
  Value v = expCore(r, rr, fptosi(i64(), kf));
  v = sel(gt(h, f(t, 0x1.62e42fefa39efp+9)), f(t, kInf), v);
  v = sel(lt(h, f(t, -745.2)), f(t, 0.0), v);
  return sel(isNaN(h), h, v);
}

Value Emitter::exp(Value x) {
  return expDD({x, f(x.getType(), 0.0)});
}

Value Emitter::exp2(Value x) {
  Type t = x.getType();
  Value clamped = arith::MaximumFOp::create(
      b, l, arith::MinimumFOp::create(b, l, x, f(t, 1100.0)), f(t, -1100.0));
  Value kf = rint(clamped);
  Value r = sub(clamped, kf); // exact
  DD y = mulDD(r, 0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56);
  Value v = expCore(y.hi, y.lo, fptosi(i64(), kf));
  v = sel(ge(x, f(t, 1024.0)), f(t, kInf), v);
  v = sel(lt(x, f(t, -1075.0)), f(t, 0.0), v);
  return sel(isNaN(x), x, v);
}

/// log(x) for finite x > 0 as e ln2 + (lm.hi + lm.lo): returns e (as a
/// double) and log m, m in [sqrt(1/2), sqrt(2)).
std::pair<Value, DD> Emitter::logParts(Value x) {
  Type t = x.getType();
  Type it = i64();
  auto [xs, adj] = normalize(x);
  Value bitsX = bits(xs);
  Value e = addi(subi(exponentField(xs), i(it, 1023)), adj);
  // m in [1, 2), then in [sqrt(1/2), sqrt(2)).
  Value mBits = ori(andi(bitsX, i(it, 0x000fffffffffffffLL)),
                    i(it, 0x3ff0000000000000LL));
  Value m = fromBits(t, mBits);
  Value high = gt(m, f(t, 0x1.6a09e667f3bcdp+0));
  m = sel(high, mul(m, f(t, 0.5)), m);
  e = sel(high, addi(e, i(it, 1)), e);
  Value u = sub(m, f(t, 1.0)); // exact
  DD v = twoSum(m, f(t, 1.0));
  Value fh = div(u, v.hi);
  Value fl = div(sub(fma(neg(fh), v.hi, u), mul(fh, v.lo)), v.hi);
  // 2 atanh(f) = 2f + 2 f^3 (1/3 + f^2/5 + ...).
  Value s = mul(fh, fh);
  SmallVector<double> c;
  for (int n = 23; n >= 3; n -= 2)
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
  // e*LN2_1 is exact.
  DD a = twoSum(mul(ef, f(t, 0x1.62e42feep-1)), lm.hi);
  Value lo = add(add(a.lo, lm.lo), mul(ef, f(t, 0x1.a39ef35793c76p-33)));
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
  DD q = mulDD(lm, 0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56);
  DD s = twoSum(ef, q.hi);
  return logSpecials(x, add(s.hi, add(s.lo, q.lo)));
}

Value Emitter::log10(Value x) {
  DD r = mulDD(logDD(safeLogArg(x)), 0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57);
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
  Value ph = mul(y, lg.hi);
  Value pl = fma(y, lg.lo, fma(y, lg.hi, neg(ph)));
  // Far beyond the range of exp: keep the sign, drop the low part (it
  // may be inf - inf).
  Value far = bnot(lt(abs(ph), f(t, 2000.0)));
  ph = sel(far, copysign(f(t, 2000.0), ph), ph);
  pl = sel(far, zero, pl);
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
