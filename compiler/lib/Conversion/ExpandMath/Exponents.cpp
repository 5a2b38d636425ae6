//===- Exponents.cpp - Exact exponent and bit functions, powers, roots ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// ldexp, ilogb, logb, nextafter, hypot and remainder, exact or with one
// rounding; pown, rootn, cbrt and exp10 from the hardware's pow and exp2
// with their rounding errors corrected.
//
//===----------------------------------------------------------------------===//

#include "ExpandMathImpl.h"

namespace acc::math_expansion {

//===----------------------------------------------------------------------===//
// Exponent and bit-level functions (exact)
//===----------------------------------------------------------------------===//

/// ldexp(x, n), exact (one rounding when the result is denormal).
Value Emitter::ldexp(Value x, Value n) {
  Type t = x.getType();
  Type it = intOf(t);
  Format fm = format(t);
  int64_t limit = 2 * fm.bias + fm.precision + 2;
  Value nn = extsi(it, n);
  nn = maxsi(minsi(nn, i(it, limit)), i(it, -limit));
  auto [xs, adj] = normalize(x);
  nn = addi(nn, adj);
  Value e = exponentField(xs);
  Value e2 = addi(e, nn);
  Value shift = i(it, fm.precision - 1);
  Value cleared =
      andi(bits(xs), i(it, ~(fm.expMask << (fm.precision - 1))));
  Value normal = fromBits(t, ori(cleared, shl(e2, shift)));
  // Denormal result: exponent raised by `precision`, then one rounding.
  Value eUp = addi(e2, i(it, fm.precision));
  Value up = fromBits(t, ori(cleared, shl(maxsi(eUp, i(it, 1)), shift)));
  Value denormal = mul(up, f(t, std::ldexp(1.0, -fm.precision)));
  Value r = sel(cmpi(CmpIPredicate::sge, e2, i(it, 1)), normal, denormal);
  r = sel(cmpi(CmpIPredicate::slt, eUp, i(it, 1)),
          copysign(f(t, 0.0), x), r);
  r = sel(cmpi(CmpIPredicate::sgt, e2, i(it, 2 * fm.bias)),
          copysign(f(t, kInf), x), r);
  return sel(bor(isZero(x), bnot(isFinite(x))), x, r);
}

/// 2^k for an integer k of x's width in the normal range.
Value Emitter::pow2(Type t, Value k) {
  Format fm = format(t);
  Type it = intOf(t);
  return fromBits(
      t, shl(addi(k, i(it, fm.bias)), i(it, fm.precision - 1)));
}

/// ilogb(x) as i32: FP_ILOGB0 = INT_MIN, FP_ILOGBNAN = INT_MAX.
Value Emitter::ilogb(Value x) {
  Type t = x.getType();
  Format fm = format(t);
  auto [xs, adj] = normalize(x);
  Value e = addi(subi(exponentField(xs), i(intOf(t), fm.bias)), adj);
  Value r = trunci(i32(), e);
  r = sel(isZero(x), i(i32(), INT32_MIN), r);
  return sel(bnot(isFinite(x)), i(i32(), INT32_MAX), r);
}

Value Emitter::logb(Value x) {
  Type t = x.getType();
  Value r = sitofp(t, ilogb(x));
  r = sel(isZero(x), f(t, -kInf), r);
  r = sel(isInf(x), f(t, kInf), r);
  return sel(isNaN(x), x, r);
}

Value Emitter::nextafter(Value x, Value y) {
  Type t = x.getType();
  Type it = intOf(t);
  Value zero = f(t, 0.0);
  Value up = cmpi(CmpIPredicate::eq, lt(x, y), gt(x, zero));
  Value n = bits(x);
  Value step = sel(up, addi(n, i(it, 1)), subi(n, i(it, 1)));
  Value r = fromBits(t, step);
  r = sel(isZero(x), copysign(fromBits(t, i(it, 1)), y), r);
  r = sel(eq(x, y), y, r);
  return sel(bor(isNaN(x), isNaN(y)), add(x, y), r);
}

Value Emitter::hypot(Value x, Value y) {
  Type t = x.getType();
  Value ax = abs(x), ay = abs(y);
  Value big = arith::MaximumFOp::create(b, l, ax, ay);
  Value small = arith::MinimumFOp::create(b, l, ax, ay);
  Value k = ilogb(sel(isZero(big), f(t, 1.0), big));
  Value negK = subi(i(i32(), 0), k);
  Value sb = ldexp(big, negK), ss = ldexp(small, negK);
  Value r = ldexp(sqrt(fma(sb, sb, mul(ss, ss))), k);
  r = sel(isZero(big), f(t, 0.0), r);
  r = sel(bor(isNaN(x), isNaN(y)), f(t, std::nan("")), r);
  return sel(bor(isInf(x), isInf(y)), f(t, kInf), r);
}

/// remainder(x, y), exact: long division of the significands.
Value Emitter::remainder(Value x, Value y) {
  Type t = x.getType();
  Type it = intOf(t);
  Format fm = format(t);
  Value ax = abs(x), ay = abs(y);
  auto split = [&](Value a) {
    auto [s, adj] = normalize(a);
    Value m = ori(andi(bits(s), i(it, (int64_t(1) << (fm.precision - 1)) - 1)),
                  i(it, int64_t(1) << (fm.precision - 1)));
    return std::make_pair(m, addi(exponentField(s), adj));
  };
  // Operands of the loop made harmless where the result is a special.
  Value special = bor(bor(isNaN(x), isNaN(y)),
                      bor(bor(isInf(x), isInf(y)), bor(isZero(x), isZero(y))));
  Value sx = sel(special, f(t, 1.0), ax), sy = sel(special, f(t, 1.0), ay);
  auto [mx, ex] = split(sx);
  std::pair<Value, Value> ySplit = split(sy);
  Value my = ySplit.first, ey = ySplit.second;
  Value d = subi(ex, ey);
  Value count = maxsi(d, i(it, 0));
  SmallVector<Value> out =
      loop(count, {mx}, [&](Value, ValueRange s) -> SmallVector<Value> {
        Value m = s[0];
        Value ge = cmpi(CmpIPredicate::sge, m, my);
        m = sel(ge, subi(m, my), m);
        return {shl(m, i(it, 1))};
      });
  Value m = out[0];
  Value q = band(cmpi(CmpIPredicate::sge, d, i(it, 0)),
                 cmpi(CmpIPredicate::sge, m, my));
  m = sel(q, subi(m, my), m);
  Value unbiasedY = subi(ey, i(it, fm.bias + fm.precision - 1));
  Value r = ldexp(sitofp(t, m), trunci(i32(), unbiasedY));
  r = sel(cmpi(CmpIPredicate::slt, d, i(it, 0)), sx, r);
  // Round the quotient to nearest, ties to even.
  Value rest = sub(sy, r);
  Value roundUp = bor(gt(r, rest), band(eq(r, rest), q));
  r = sel(roundUp, sub(r, sy), r);
  r = sel(lt(x, f(t, 0.0)), neg(r), r);
  r = sel(isZero(r), copysign(f(t, 0.0), x), r);
  Value nan = bor(bor(isNaN(x), isNaN(y)), bor(isInf(x), isZero(y)));
  r = sel(band(isInf(y), isFinite(x)), x, r);
  r = sel(band(isZero(x), bnot(nan)), x, r);
  return sel(nan, f(t, std::nan("")), r);
}

Value Emitter::fmod(Value x, Value y) {
  // x - n y with n the nearest integer to x / y; fmod truncates n, which
  // differs exactly when the signs of the result and x differ. Then
  // r + copysign(|y|, x) is representable, so the addition is exact; a
  // zero keeps x's sign, as both functions give it.
  Value r = remainder(x, y);
  Type it = intOf(x.getType());
  Value otherSide = band(notZero(r), cmpi(CmpIPredicate::slt,
                                          xori(bits(r), bits(x)), i(it, 0)));
  return sel(otherSide, add(r, copysign(abs(y), x)), r);
}

//===----------------------------------------------------------------------===//
// Powers and roots
//===----------------------------------------------------------------------===//

Value Emitter::isOdd(Value n) {
  Type it = n.getType();
  return cmpi(CmpIPredicate::ne, andi(n, i(it, 1)), i(it, 0));
}

/// pown(x, n): |x|^n by pow with the exponent exact or nearly so, the
/// sign from n's parity, the special values of 7.5.1 explicitly.
Value Emitter::pown(Value x, Value n) {
  Type t = x.getType();
  Type it = n.getType();
  Value zero = f(t, 0.0), inf = f(t, kInf);
  Value ax = abs(x);
  Value safe = sel(bor(isZero(x), bnot(isFinite(x))), f(t, 2.0), ax);
  Value r = math::PowFOp::create(b, l, safe, sitofp(t, n));
  Value odd = isOdd(n);
  Value positive = cmpi(CmpIPredicate::sgt, n, i(it, 0));
  Value atZero = sel(positive, zero, inf);
  Value atInf = sel(positive, inf, zero);
  r = sel(isZero(x), atZero, r);
  r = sel(isInf(x), atInf, r);
  r = sel(odd, copysign(r, x), r);
  r = sel(isNaN(x), x, r);
  return sel(cmpi(CmpIPredicate::eq, n, i(it, 0)), f(t, 1.0), r);
}

/// rootn(x, n) = +-|x|^(1/n), one Newton step on y^n = |x| removing the
/// rounding of 1/n. Tiny |x| is first scaled by 2^(c|n|) (exactly), so
/// that y^n in the Newton step is a normal number, and the root by
/// 2^(-+c) after; |x| near the largest float by 2^-|n| (c = -1).
Value Emitter::rootn(Value x, Value n) {
  Type t = x.getType();
  Type it = n.getType();
  Format fm = format(t);
  Value zero = f(t, 0.0), inf = f(t, kInf);
  Value ax = abs(x);
  Value nf = sitofp(t, n);
  Value an = maxsi(n, subi(i(it, 0), n));
  Value nonZeroN = cmpi(CmpIPredicate::sgt, an, i(it, 0));
  Value scaleUp =
      band(lt(ax, f(t, std::ldexp(fm.minNormal, fm.precision))),
           band(nonZeroN, cmpi(CmpIPredicate::sle, an, i(it, 1024))));
  // Near the largest float y^n may overflow: scale down by 2^(c|n|).
  Value scaleDown =
      band(ge(ax, f(t, std::ldexp(1.0, fm.bias - 1))),
           band(nonZeroN, cmpi(CmpIPredicate::sle, an, i(it, 64))));
  Value useScale = bor(scaleUp, scaleDown);
  Value safeN = sel(useScale, an, i(it, 1));
  Value c = arith::DivSIOp::create(
      b, l, addi(i(it, 2 * fm.precision + 9), safeN), safeN);
  c = sel(scaleDown, subi(i(it, 0), i(it, 1)), c);
  Value scaled = ldexp(ax, muli(c, safeN));
  Value safe = sel(bor(isZero(x), bnot(isFinite(x))), f(t, 2.0),
                   sel(useScale, scaled, ax));
  Value y = math::PowFOp::create(b, l, safe, div(f(t, 1.0), nf));
  Value p = math::PowFOp::create(b, l, y, nf);
  Value ok = band(band(isFinite(p), notZero(p)), band(isFinite(y), notZero(y)));
  Value corr = div(mul(y, div(sub(p, safe), p)), nf);
  y = sel(ok, sub(y, corr), y);
  Value positive = cmpi(CmpIPredicate::sgt, n, i(it, 0));
  Value back = sel(positive, subi(i(it, 0), c), c);
  y = sel(useScale, ldexp(y, back), y);
  y = sel(isZero(x), sel(positive, zero, inf), y);
  y = sel(isInf(x), sel(positive, inf, zero), y);
  Value odd = isOdd(n);
  y = sel(odd, copysign(y, x), y);
  Value bad = bor(cmpi(CmpIPredicate::eq, n, i(it, 0)),
                  band(lt(x, zero), bnot(odd)));
  y = sel(bad, f(t, std::nan("")), y);
  return sel(isNaN(x), x, y);
}

Value Emitter::cbrt(Value x) {
  return rootn(x, i(i32(), 3));
}

/// exp10 on float: 2^(x log2 10) with the product's rounding error
/// applied as a first-order correction.
Value Emitter::exp10(Value x) {
  Type t = x.getType();
  if (t.isF64())
    return expDD(mulDD(x, 0x1.26bb1bbb55516p+1, -0x1.f48ad494ea3e9p-53));
  Value hi = f(t, 0x1.a934f0p+1), lo = f(t, 0x1.2f346e2bf924bp-24);
  Value p = mul(x, hi);
  Value e = fma(x, lo, fma(x, hi, neg(p)));
  Value r = math::Exp2Op::create(b, l, p);
  Value corrected = fma(r, mul(e, f(t, 0x1.62e43p-1)), r);
  Value plain = bor(bor(isInf(r), isZero(r)), bnot(isFinite(p)));
  return sel(plain, r, corrected);
}

} // namespace acc::math_expansion
