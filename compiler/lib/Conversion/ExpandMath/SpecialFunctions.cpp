//===- SpecialFunctions.cpp - erf, erfc, tgamma, lgamma on float ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Fitted polynomials and series for the float functions no instruction
// set has; the coefficients' provenance is in ExpandMath.cpp's header.
//
//===----------------------------------------------------------------------===//

#include "ExpandMathImpl.h"

namespace acc::math_expansion {

//===----------------------------------------------------------------------===//
// erf, erfc, tgamma, lgamma on float
//===----------------------------------------------------------------------===//

/// erf(x) for |x| < 1: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
Value Emitter::erfSmall(Value x) {
  SmallVector<double> c;
  double fact = 1;
  for (int n = 0; n <= 12; ++n) {
    if (n)
      fact *= n;
    c.push_back((n % 2 ? -1.0 : 1.0) * 1.1283791670955126 / (fact * (2 * n + 1)));
  }
  std::reverse(c.begin(), c.end());
  return mul(x, horner(mul(x, x), c));
}

/// erfc(a) for a in [1, 10.1]: exp(-a^2) R(1/a) / a, R fitted in t = 1/a.
Value Emitter::erfcLarge(Value a) {
  Type t = a.getType();
  Value u = div(f(t, 1.0), a);
  static const double near[] = {
      1.5856920086881114e-08, -6.941742742934201e-08, 1.690352713967445e-07,
      4.170798799720882e-08,  -4.422747720283258e-06, 3.680212688780048e-05,
      -0.00019713183705646705, 0.0006295818280112195, 0.0012092420422157733,
      -0.042270244475454945,  0.46817959203854037};
  static const double far[] = {
      1.1161261242602254e-08, -3.315395255366007e-09, -1.3537113663473625e-07,
      4.6931098567360516e-07, -4.7605112349935157e-07, -3.464170667057427e-06,
      2.2226522042406045e-05, -5.166214657859103e-05, -0.0001311318550683439,
      0.0016782687983667671,  -0.00546266271073977,   -0.0269598915618053,
      0.5416998040117662};
  // t in [1/2, 1]: centre 0.75, half-width 0.25; t in [1/10.1, 1/2]:
  // centre 0.2995049504950495, half-width 0.2004950495049505.
  Value sNear = div(sub(u, f(t, 0.75)), f(t, 0.25));
  Value sFar = div(sub(u, f(t, 0.2995049504950495)), f(t, 0.2004950495049505));
  Value r = sel(ge(u, f(t, 0.5)), horner(sNear, near), horner(sFar, far));
  Value sq = mul(a, a);
  Value sqLo = fma(a, a, neg(sq));
  Value e = math::ExpOp::create(b, l, neg(sq));
  e = fma(e, neg(sqLo), e);
  return mul(mul(e, r), u);
}

Value Emitter::erf(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  Value safe = sel(lt(ax, f(t, 1.0)), f(t, 1.0), sel(gt(ax, f(t, 10.0)), f(t, 10.0), ax));
  Value large = sub(f(t, 1.0), erfcLarge(safe));
  large = sel(ge(ax, f(t, 4.0)), f(t, 1.0), large);
  Value r = sel(lt(ax, f(t, 1.0)), erfSmall(x), copysign(large, x));
  return sel(isNaN(x), x, r);
}

Value Emitter::erfc(Value x) {
  Type t = x.getType();
  Value ax = abs(x);
  Value safe = sel(lt(ax, f(t, 1.0)), f(t, 1.0), sel(gt(ax, f(t, 10.1)), f(t, 10.1), ax));
  Value large = erfcLarge(safe);
  large = sel(gt(ax, f(t, 10.1)), f(t, 0.0), large);
  Value r = sel(lt(x, f(t, 0.0)), sub(f(t, 2.0), large), large);
  r = sel(lt(ax, f(t, 1.0)), sub(f(t, 1.0), erfSmall(x)), r);
  return sel(isNaN(x), x, r);
}

/// Gamma on [1, 2), fitted in s = 2 (z - 1.5).
Value Emitter::gammaCore(Value z) {
  Type t = z.getType();
  static const double c[] = {
      -5.321139723254633e-06, 1.5948886958553025e-05, -3.175204073335941e-05,
      9.527386247142725e-05,  -0.0002978992436810483, 0.0009188121345162714,
      -0.002422354916172861,  0.009039613825547462,   -0.013411871347989273,
      0.10370342572933508,    0.016169199013463604,   0.886226924586041};
  Value s = mul(sub(z, f(t, 1.5)), f(t, 2.0));
  return horner(s, c);
}

/// tgamma: Gamma(z) on [1, 2) times (or divided by) the factors that
/// bring x there, with the products' rounding errors carried along.
Value Emitter::tgamma(Value x) {
  Type t = x.getType();
  Type it = i32();
  Value zero = f(t, 0.0);
  // Beyond these Gamma overflows or underflows (float: 35.04, -42).
  double hiLimit = t.isF64() ? 171.7 : 35.1, loLimit = t.isF64() ? -185 : -46;
  Value xs = sel(band(ge(x, f(t, loLimit)), le(x, f(t, hiLimit))), x, f(t, 1.5));
  Value fl = floor(xs);
  Value up = ge(xs, f(t, 2.0));
  Value flI = fptosi(it, fl);
  // Up: factors x-1 .. x-m (m = floor(x) - 1); down: x, x+1, .. x+m-1
  // (m = 1 - floor(x)).
  Value m = sel(up, subi(flI, i(it, 1)), maxsi(subi(i(it, 1), flI), i(it, 0)));
  Value z = sel(up, sub(xs, sitofp(t, m)), add(xs, sitofp(t, m)));
  Value g = gammaCore(z);
  SmallVector<Value> out = loop(
      m, {g, zero}, [&](Value k, ValueRange s) -> SmallVector<Value> {
        Value kf = sitofp(t, k);
        Value fu = sub(xs, add(kf, f(t, 1.0)));
        Value fd = add(xs, kf);
        Value q = s[0], e = s[1];
        // Up: q*fu exactly as h + lo.
        Value h = mul(q, fu);
        Value eu = fma(e, fu, fma(q, fu, neg(h)));
        // Down: q/fd = d + rem/fd.
        Value d = div(q, fd);
        Value rem = fma(neg(d), fd, q);
        Value ed = div(add(rem, e), fd);
        return {sel(up, h, d), sel(up, eu, ed)};
      });
  Value r = add(out[0], out[1]);
  // Specials.
  Value pole = band(le(x, zero), eq(floor(x), x));
  r = sel(gt(x, f(t, hiLimit)), f(t, kInf), r);
  Value negOdd = isOdd(fptosi(i64(), sel(lt(x, f(t, loLimit)), floor(x), zero)));
  r = sel(lt(x, f(t, loLimit)), sel(negOdd, f(t, -0.0), zero), r);
  r = sel(pole, f(t, std::nan("")), r);
  r = sel(isZero(x), copysign(f(t, kInf), x), r);
  return sel(isNaN(x), x, r);
}

/// lgamma: log|tgamma| where tgamma is representable, Stirling's series
/// with the reflection formula beyond.
Value Emitter::lgamma(Value x) {
  Type t = x.getType();
  double limit = t.isF64() ? 170 : 34;
  Value ax = abs(x);
  Value inRange = lt(ax, f(t, limit));
  Value small = math::LogOp::create(b, l, abs(tgamma(sel(inRange, x, f(t, 1.5)))));
  // Stirling for a = |x| >= limit.
  Value a = sel(inRange, f(t, limit), ax);
  Value la = math::LogOp::create(b, l, a);
  Value ia = div(f(t, 1.0), a), ia2 = mul(ia, ia);
  Value series = mul(ia, horner(ia2, {1.0 / 1260, -1.0 / 360, 1.0 / 12}));
  Value st = add(sub(mul(sub(a, f(t, 0.5)), la), a),
                 add(f(t, 0.91893853320467274178), series));
  // x <= -limit: log(pi / |x sinpi(x)|) - lgamma(-x).
  Value sp = abs(mul(a, trigPi("sinpi", a)));
  Value refl = sub(math::LogOp::create(b, l, div(f(t, 0x1.921fb54442d18p+1), sp)), st);
  Value r = sel(inRange, small, sel(lt(x, f(t, 0.0)), refl, st));
  Value pole = band(le(x, f(t, 0.0)), eq(floor(x), x));
  r = sel(bor(pole, isInf(x)), f(t, kInf), r);
  return sel(isNaN(x), x, r);
}

} // namespace acc::math_expansion
