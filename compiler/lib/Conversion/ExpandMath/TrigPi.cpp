//===- TrigPi.cpp - Trigonometry in units of pi -----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// sinpi, cospi, tanpi with an exact reduction to |r| <= 1/4; asinpi,
// acospi, atanpi, atan2pi from the hardware's functions; atan2 from atan.
//
//===----------------------------------------------------------------------===//

#include "ExpandMathImpl.h"

namespace acc::math_expansion {

//===----------------------------------------------------------------------===//
// Trigonometry in units of pi
//===----------------------------------------------------------------------===//

/// pi * r with r's product rounded once.
Value Emitter::timesPi(Value r) {
  Type t = r.getType();
  if (t.isF64())
    return fma(r, f(t, 0x1.921fb54442d18p+1), mul(r, f(t, 0x1.1a62633145c07p-53)));
  return fma(r, f(t, 0x1.921fb6p+1), mul(r, f(t, -0x1.777a5cf72cecep-24)));
}

Value Emitter::overPi(Value v) {
  Type t = v.getType();
  if (t.isF64())
    return fma(v, f(t, 0x1.45f306dc9c883p-2), mul(v, f(t, -0x1.6b01ec5417056p-56)));
  return fma(v, f(t, 0x1.45f306p-2), mul(v, f(t, 0x1.b9391054a7f0ap-27)));
}

/// sinpi, cospi, tanpi: x = n/2 + r with |r| <= 1/4 (exact), then sin or
/// cos of pi r by quadrant.
Value Emitter::trigPi(StringRef which, Value x) {
  Type t = x.getType();
  Type it = intOf(t);
  Format fm = format(t);
  Value zero = f(t, 0.0);
  Value finite = isFinite(x);
  // |x| >= 2^precision: an even integer.
  Value big = band(ge(abs(x), f(t, std::ldexp(1.0, fm.precision))), finite);
  Value d = sel(bor(big, bnot(finite)), zero, x);
  Value n = rint(mul(d, f(t, 2.0)));
  Value r = sub(d, mul(n, f(t, 0.5)));
  Value k = andi(fptosi(it, n), i(it, 3));
  Value y = timesPi(r);
  Value s = math::SinOp::create(b, l, y);
  Value c = math::CosOp::create(b, l, y);
  auto isK = [&](int64_t v) { return cmpi(CmpIPredicate::eq, k, i(it, v)); };
  Value res;
  if (which == "sinpi") {
    res = sel(isK(0), s, sel(isK(1), c, sel(isK(2), neg(s), neg(c))));
    res = sel(bor(isZero(res), big), copysign(zero, x), res);
  } else if (which == "cospi") {
    res = sel(isK(0), c, sel(isK(1), neg(s), sel(isK(2), neg(c), s)));
    res = add(res, zero); // -0 -> +0
    res = sel(big, f(t, 1.0), res);
  } else {
    Value even = bor(isK(0), isK(2));
    res = sel(even, div(s, c), neg(div(c, s)));
    Value inf = f(t, kInf);
    Value exact = sel(isK(0), copysign(zero, x),
                      sel(isK(2), copysign(zero, neg(x)),
                          sel(isK(1), inf, neg(inf))));
    res = sel(isZero(r), exact, res);
    res = sel(big, copysign(zero, x), res);
  }
  return sel(finite, res, f(t, std::nan("")));
}

/// atan2 from atan: the smaller ratio, then the quadrant; special values
/// as in C99 F.9.1.4.
Value Emitter::atan2(Value y, Value x) {
  Type t = y.getType();
  Value zero = f(t, 0.0);
  Value pi = f(t, t.isF64() ? 0x1.921fb54442d18p+1 : 0x1.921fb6p+1);
  Value pio2 = f(t, t.isF64() ? 0x1.921fb54442d18p+0 : 0x1.921fb6p+0);
  Value pio2lo = f(t, t.isF64() ? 0x1.1a62633145c07p-54 : -0x1.777a5cp-25);
  Value pilo = f(t, t.isF64() ? 0x1.1a62633145c07p-53 : -0x1.777a5cp-24);
  Value ax = abs(x), ay = abs(y);
  Value flat = le(ay, ax);
  Value ratio = sel(flat, div(ay, ax), div(ax, ay));
  Value a = math::AtanOp::create(b, l, ratio);
  a = sel(flat, a, add(sub(pio2, a), pio2lo));
  Value xNeg = bor(lt(x, zero), band(isZero(x), isNegZero(x)));
  a = sel(xNeg, add(sub(pi, a), pilo), a);
  // Zeros and infinities.
  Value quarter = f(t, t.isF64() ? 0x1.921fb54442d18p-1 : 0x1.921fb6p-1);
  Value threeQuarters = f(t, t.isF64() ? 0x1.2d97c7f3321d2p+1 : 0x1.2d97c8p+1);
  Value bothInf = band(isInf(x), isInf(y));
  a = sel(bothInf, sel(xNeg, threeQuarters, quarter), a);
  a = sel(band(isInf(x), isFinite(y)), sel(xNeg, pi, zero), a);
  a = sel(band(isInf(y), isFinite(x)), pio2, a);
  a = sel(isZero(y), sel(xNeg, pi, zero), a);
  a = sel(band(isZero(x), bnot(isZero(y))), pio2, a);
  a = copysign(a, y);
  return sel(bor(isNaN(x), isNaN(y)), add(x, y), a);
}

Value Emitter::isNegZero(Value x) {
  Type it = intOf(x.getType());
  return cmpi(CmpIPredicate::slt, bits(x), i(it, 0));
}

} // namespace acc::math_expansion
