//===- Fma.cpp - Fused multiply-add from separate operations --------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// a * b + c rounded once, for targets whose fma instruction may round
// twice. The product is exact as ph + pl (Dekker: each factor split into
// halves of its significand, whose products are exact); c + ph is exact as
// sh + sl (TwoSum); sl + pl is then rounded to odd, which keeps enough of
// the information the first rounding would lose for the final sum
// sh + odd(sl + pl), rounded to nearest, to be the correctly rounded
// a * b + c (S. Boldo and G. Melquiond, "Emulation of FMA and correctly
// rounded sums: proved algorithms using rounding to odd", IEEE Trans.
// Computers 57(4), 2008).
//
// The argument needs every partial product to be a normal number: the
// factors below 2^(emax - 14) (float; 2^(emax - 28) for double) in
// magnitude, so the split cannot overflow (a larger factor trades a power
// of two with the other first), and the product at least 2^(emin + 2p)
// when it is not zero, so no partial product underflows.
// Outside that range, and where a * b + c overflows or is not a number,
// the result is a * b + c with two roundings: exact for a zero product
// (with the sign of zero IEEE gives), infinities and NaNs.
//
//===----------------------------------------------------------------------===//

#include "ExpandMathImpl.h"

#include <cmath>

namespace acc::math_expansion {

DD Emitter::split(Value x) {
  Type t = x.getType();
  // 2^ceil(p/2) + 1.
  Value p = mul(x, f(t, isF64(x) ? 134217729.0 : 4097.0));
  Value hi = sub(p, sub(p, x));
  return {hi, sub(x, hi)};
}

Value Emitter::exactFma(Value a0, Value b0, Value c) {
  Type t = a0.getType();
  const bool wide = isF64(a0);
  const double big = std::ldexp(1.0, wide ? 995 : 113);
  const double tiny = std::ldexp(1.0, wide ? -916 : -78);
  // A factor too large to split gives a power of two to the other, which
  // is then small (the product is finite): the product stays exact.
  const double down = std::ldexp(1.0, wide ? -256 : -64);
  const double up = std::ldexp(1.0, wide ? 256 : 64);
  Value aBig = ge(abs(a0), f(t, big)), bBig = ge(abs(b0), f(t, big));
  Value a1 = sel(aBig, mul(a0, f(t, down)), sel(bBig, mul(a0, f(t, up)), a0));
  Value bb =
      sel(aBig, mul(b0, f(t, up)), sel(bBig, mul(b0, f(t, down)), b0));
  // A product near the largest finite value is computed 2^S smaller (a
  // and c scaled down), and the sum scaled back up, so that a result just
  // below overflow is not lost to an intermediate that overflows.
  const double shrink = std::ldexp(1.0, wide ? -64 : -32);
  const double grow = std::ldexp(1.0, wide ? 64 : 32);
  Value huge =
      bnot(lt(abs(mul(a1, bb)), f(t, std::ldexp(1.0, wide ? 1020 : 124))));
  Value a = sel(huge, mul(a1, f(t, shrink)), a1);
  Value c1 = sel(huge, mul(c, f(t, shrink)), c);
  Value ph = mul(a, bb);
  DD sa = split(a), sb = split(bb);
  Value pl = add(add(add(sub(mul(sa.hi, sb.hi), ph), mul(sa.hi, sb.lo)),
                     mul(sa.lo, sb.hi)),
                 mul(sa.lo, sb.lo));
  DD s = twoSum(c1, ph);
  DD u = twoSum(s.lo, pl);
  // u.hi rounded to odd: when inexact and even, one ulp toward u.lo.
  Type it = intOf(t);
  Value ub = bits(u.hi), lb = bits(u.lo);
  Value zero = i(it, 0), one = i(it, 1);
  Value even = cmpi(CmpIPredicate::eq, andi(ub, one), zero);
  Value inexact = cmpf(CmpFPredicate::UNE, u.lo, f(t, 0.0));
  // Same signs: the magnitude grows (+1), else it shrinks (-1).
  Value same = cmpi(CmpIPredicate::sge, xori(ub, lb), zero);
  Value moved = sel(same, addi(ub, one), subi(ub, one));
  Value odd = fromBits(t, sel(band(inexact, even), moved, ub));
  Value sum = add(s.hi, odd);
  Value exact = sel(huge, mul(sum, f(t, grow)), sum);

  // Where the argument holds; elsewhere IEEE's a * b + c with the original
  // factors (an infinite c with finite factors is c itself).
  Value twice = add(mul(a0, b0), c);
  Value ok = band(band(lt(abs(a), f(t, big)), lt(abs(bb), f(t, big))),
                  band(band(ge(abs(ph), f(t, tiny)), isFinite(ph)),
                       isFinite(c)));
  Value infiniteC =
      band(isInf(c), band(isFinite(a0), isFinite(b0)));
  return sel(ok, exact, sel(infiniteC, c, twice));
}

} // namespace acc::math_expansion
