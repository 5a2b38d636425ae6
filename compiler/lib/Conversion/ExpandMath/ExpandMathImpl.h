//===- ExpandMathImpl.h - The arithmetic the math expansions use -*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The emitter the math library expansions of ExpandMath.cpp are written
// in: small builders over arith and math ops (inline here), double-double
// arithmetic, and one method per function, defined in the file of its
// family (Exponents.cpp, TrigPi.cpp, SpecialFunctions.cpp, ExpLog.cpp,
// Fma.cpp, Trig.cpp, Inverse.cpp). Private to lib/Conversion/ExpandMath.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_CONVERSION_EXPANDMATH_EXPANDMATHIMPL_H
#define ACC_LIB_CONVERSION_EXPANDMATH_EXPANDMATHIMPL_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>

namespace acc::math_expansion {

using namespace mlir;
using arith::CmpFPredicate;
using arith::CmpIPredicate;

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// A double-double value hi + lo, |lo| <= ulp(hi)/2.
struct DD {
  Value hi, lo;
};

class Emitter {
public:
  Emitter(OpBuilder &b, Location l, Operation *symbols)
      : b(b), l(l), symbols(symbols) {}

  OpBuilder &b;
  Location l;
  Operation *symbols; ///< symbol table for the 2/pi constant

  // Types.
  static bool isF64(Value x) { return x.getType().isF64(); }
  Type intOf(Type t) { return b.getIntegerType(t.getIntOrFloatBitWidth()); }
  Type i32() { return b.getI32Type(); }
  Type i64() { return b.getI64Type(); }

  // Constants.
  Value f(Type t, double v) {
    return arith::ConstantOp::create(b, l, FloatAttr::get(t, v));
  }
  Value i(Type t, int64_t v) {
    return arith::ConstantOp::create(b, l, IntegerAttr::get(t, v));
  }

  // Floating point.
  Value add(Value x, Value y) { return arith::AddFOp::create(b, l, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, l, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, l, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, l, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, l, x); }
  /// x * y + z rounded once: exact on every target (expandMath's exactFma
  /// computes it where the instruction may round twice).
  Value fma(Value x, Value y, Value z) {
    return math::FmaOp::create(b, l, x, y, z);
  }
  /// x * y + z where rounding twice is as good (a polynomial's steps, a
  /// low-order correction): marked `afn`, which exactFma leaves to the
  /// target's instruction.
  Value fmaApprox(Value x, Value y, Value z) {
    return math::FmaOp::create(b, l, x, y, z, arith::FastMathFlags::afn);
  }
  Value abs(Value x) { return math::AbsFOp::create(b, l, x); }
  Value floor(Value x) { return math::FloorOp::create(b, l, x); }
  Value rint(Value x) { return math::RoundEvenOp::create(b, l, x); }
  Value sqrt(Value x) { return math::SqrtOp::create(b, l, x); }
  Value copysign(Value x, Value y) {
    return math::CopySignOp::create(b, l, x, y);
  }
  Value cmpf(CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, l, p, x, y);
  }
  Value lt(Value x, Value y) { return cmpf(CmpFPredicate::OLT, x, y); }
  Value le(Value x, Value y) { return cmpf(CmpFPredicate::OLE, x, y); }
  Value gt(Value x, Value y) { return cmpf(CmpFPredicate::OGT, x, y); }
  Value ge(Value x, Value y) { return cmpf(CmpFPredicate::OGE, x, y); }
  Value eq(Value x, Value y) { return cmpf(CmpFPredicate::OEQ, x, y); }
  Value isNaN(Value x) { return cmpf(CmpFPredicate::UNO, x, x); }
  Value isInf(Value x) { return eq(abs(x), f(x.getType(), kInf)); }
  Value isFinite(Value x) { return lt(abs(x), f(x.getType(), kInf)); }
  Value isZero(Value x) { return eq(x, f(x.getType(), 0.0)); }
  Value sel(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, l, c, x, y);
  }
  Value sel(Value c, Value x, double y) { return sel(c, x, f(x.getType(), y)); }
  /// a*b + ... in Horner form, coefficients from the highest degree.
  Value horner(Value x, ArrayRef<double> coefficients) {
    Type t = x.getType();
    Value r = f(t, coefficients.front());
    for (double c : coefficients.drop_front())
      r = fmaApprox(r, x, f(t, c));
    return r;
  }

  // Integers and bits.
  Value cmpi(CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, l, p, x, y);
  }
  Value addi(Value x, Value y) { return arith::AddIOp::create(b, l, x, y); }
  Value subi(Value x, Value y) { return arith::SubIOp::create(b, l, x, y); }
  Value muli(Value x, Value y) { return arith::MulIOp::create(b, l, x, y); }
  Value andi(Value x, Value y) { return arith::AndIOp::create(b, l, x, y); }
  Value ori(Value x, Value y) { return arith::OrIOp::create(b, l, x, y); }
  Value xori(Value x, Value y) { return arith::XOrIOp::create(b, l, x, y); }
  Value shl(Value x, Value y) { return arith::ShLIOp::create(b, l, x, y); }
  Value shru(Value x, Value y) { return arith::ShRUIOp::create(b, l, x, y); }
  Value shrs(Value x, Value y) { return arith::ShRSIOp::create(b, l, x, y); }
  Value maxsi(Value x, Value y) { return arith::MaxSIOp::create(b, l, x, y); }
  Value minsi(Value x, Value y) { return arith::MinSIOp::create(b, l, x, y); }
  Value bits(Value x) {
    return arith::BitcastOp::create(b, l, intOf(x.getType()), x);
  }
  Value fromBits(Type t, Value n) {
    return arith::BitcastOp::create(b, l, t, n);
  }
  Value sitofp(Type t, Value n) { return arith::SIToFPOp::create(b, l, t, n); }
  Value uitofp(Type t, Value n) { return arith::UIToFPOp::create(b, l, t, n); }
  Value fptosi(Type t, Value x) { return arith::FPToSIOp::create(b, l, t, x); }
  Value extsi(Type t, Value n) {
    return n.getType() == t ? n : (Value)arith::ExtSIOp::create(b, l, t, n);
  }
  Value trunci(Type t, Value n) {
    return n.getType() == t ? n : (Value)arith::TruncIOp::create(b, l, t, n);
  }
  Value extui(Type t, Value n) {
    return n.getType() == t ? n : (Value)arith::ExtUIOp::create(b, l, t, n);
  }

  // Double-double arithmetic.
  /// a + b exactly, as hi + lo (any magnitudes).
  DD twoSum(Value a, Value b2) {
    Value s = add(a, b2);
    Value bb = sub(s, a);
    Value err = add(sub(a, sub(s, bb)), sub(b2, bb));
    return {s, err};
  }
  /// a + b exactly when |a| >= |b|.
  DD fastTwoSum(Value a, Value b2) {
    Value s = add(a, b2);
    return {s, sub(b2, sub(s, a))};
  }
  /// a * b exactly, as hi + lo (the product and its rounding error): by
  /// fma on double, by Dekker's product of split halves on float, which
  /// costs less than an exact fma where the instruction may round twice.
  /// Exact while no partial product overflows or underflows.
  DD twoProd(Value a, Value b2) {
    Value p = mul(a, b2);
    if (isF64(a))
      return {p, fma(a, b2, neg(p))};
    DD sa = split(a), sb = split(b2);
    Value e = add(add(add(sub(mul(sa.hi, sb.hi), p), mul(sa.hi, sb.lo)),
                      mul(sa.lo, sb.hi)),
                  mul(sa.lo, sb.lo));
    return {p, e};
  }
  /// x * (c.hi + c.lo) as a double-double.
  DD mulDD(Value x, double hi, double lo) {
    Type t = x.getType();
    DD p = twoProd(x, f(t, hi));
    return fastTwoSum(p.hi, fmaApprox(x, f(t, lo), p.lo));
  }
  /// (a.hi + a.lo) * (c.hi + c.lo).
  DD mulDD(DD a, double hi, double lo) {
    Type t = a.hi.getType();
    DD p = twoProd(a.hi, f(t, hi));
    Value e = fmaApprox(a.hi, f(t, lo), p.lo);
    e = fmaApprox(a.lo, f(t, hi), e);
    return fastTwoSum(p.hi, e);
  }
  /// sqrt(x) as hi + lo, the instruction's root corrected by its residual
  /// (Vulkan's square root need not be correctly rounded). x >= 0 finite.
  DD sqrtDD(Value x) {
    Type t = x.getType();
    Value s = sqrt(x);
    DD sq = twoProd(s, s);
    Value lo = div(sub(sub(x, sq.hi), sq.lo), mul(s, f(t, 2.0)));
    return {s, sel(gt(s, f(t, 0.0)), lo, f(t, 0.0))};
  }

  /// for (i = 0; i < count; ++i) state = body(i, state); as blocks at the
  /// insertion point, which ends at the start of the block after the loop.
  SmallVector<Value>
  loop(Value count, ValueRange init,
       const std::function<SmallVector<Value>(Value, ValueRange)> &body) {
    Block *before = b.getInsertionBlock();
    Block *after = before->splitBlock(b.getInsertionPoint());
    SmallVector<Type> stateTypes(init.getTypes());
    SmallVector<Type> headerTypes{count.getType()};
    headerTypes.append(stateTypes);
    SmallVector<Location> headerLocs(headerTypes.size(), l);
    Block *header = b.createBlock(after, headerTypes, headerLocs);
    Block *bodyBlock = b.createBlock(after);
    SmallVector<Value> results;
    for (Type t : stateTypes)
      results.push_back(after->addArgument(t, l));

    b.setInsertionPointToEnd(before);
    SmallVector<Value> entry{i(count.getType(), 0)};
    entry.append(init.begin(), init.end());
    cf::BranchOp::create(b, l, header, entry);

    b.setInsertionPointToEnd(header);
    Value index = header->getArgument(0);
    ValueRange state = header->getArguments().drop_front();
    cf::CondBranchOp::create(b, l, cmpi(CmpIPredicate::slt, index, count),
                             bodyBlock, ValueRange{}, after, state);

    b.setInsertionPointToEnd(bodyBlock);
    SmallVector<Value> next{addi(index, i(count.getType(), 1))};
    SmallVector<Value> updated = body(index, state);
    next.append(updated.begin(), updated.end());
    cf::BranchOp::create(b, l, header, next);

    b.setInsertionPointToStart(after);
    return results;
  }

  struct Format {
    int precision; ///< significand bits, with the implicit one
    int bias;
    int64_t expMask;  ///< of the biased exponent field, shifted down
    double minNormal;
  };
  static Format format(Type t) {
    if (t.isF64())
      return {53, 1023, 0x7ff, 0x1p-1022};
    return {24, 127, 0xff, 0x1p-126};
  }

  /// (x scaled to a normal number, exponent correction): denormals are
  /// multiplied by 2^precision.
  std::pair<Value, Value> normalize(Value x) {
    Type t = x.getType();
    Format fm = format(t);
    Value sub = band(lt(abs(x), f(t, fm.minNormal)), notZero(x));
    Value scaled = mul(x, f(t, std::ldexp(1.0, fm.precision)));
    Type it = intOf(t);
    return {sel(sub, scaled, x), sel(sub, i(it, -fm.precision), i(it, 0))};
  }
  Value band(Value x, Value y) { return andi(x, y); }
  Value bor(Value x, Value y) { return ori(x, y); }
  Value notZero(Value x) {
    return cmpf(CmpFPredicate::UNE, x, f(x.getType(), 0.0));
  }

  /// The biased exponent field of a normal x, as an integer of x's width.
  Value exponentField(Value x) {
    Format fm = format(x.getType());
    Type it = intOf(x.getType());
    return andi(shru(bits(x), i(it, fm.precision - 1)), i(it, fm.expMask));
  }
  Value bnot(Value c) { return xori(c, i(c.getType(), 1)); }

  //===--------------------------------------------------------------------===//
  // Exponent and bit-level functions (exact) (Exponents.cpp)
  //===--------------------------------------------------------------------===//

  /// ldexp(x, n), exact (one rounding when the result is denormal).
  Value ldexp(Value x, Value n);
  /// 2^k for an integer k of x's width in the normal range.
  Value pow2(Type t, Value k);
  /// ilogb(x) as i32: FP_ILOGB0 = INT_MIN, FP_ILOGBNAN = INT_MAX.
  Value ilogb(Value x);
  Value logb(Value x);
  Value nextafter(Value x, Value y);
  Value hypot(Value x, Value y);
  /// remainder(x, y), exact: long division of the significands.
  Value remainder(Value x, Value y);
  /// fmod(x, y), exact: remainder's result moved by |y| to x's side.
  Value fmod(Value x, Value y);

  //===--------------------------------------------------------------------===//
  // Powers and roots (Exponents.cpp)
  //===--------------------------------------------------------------------===//

  Value isOdd(Value n);
  /// pown(x, n): |x|^n by pow with the exponent exact or nearly so, the
  /// sign from n's parity, the special values of 7.5.1 explicitly.
  Value pown(Value x, Value n);
  /// rootn(x, n) = +-|x|^(1/n), one Newton step on y^n = |x| removing the
  /// rounding of 1/n. Tiny |x| is first scaled by 2^(c|n|) (exactly), so
  /// that y^n in the Newton step is a normal number, and the root by
  /// 2^(-+c) after; |x| near the largest float by 2^-|n| (c = -1).
  Value rootn(Value x, Value n);
  Value cbrt(Value x);
  /// exp10 on float: 2^(x log2 10) with the product's rounding error
  /// applied as a first-order correction.
  Value exp10(Value x);

  //===--------------------------------------------------------------------===//
  // Trigonometry in units of pi (TrigPi.cpp)
  //===--------------------------------------------------------------------===//

  /// pi * r with r's product rounded once.
  Value timesPi(Value r);
  Value overPi(Value v);
  /// sinpi, cospi, tanpi: x = n/2 + r with |r| <= 1/4 (exact), then sin or
  /// cos of pi r by quadrant.
  Value trigPi(StringRef which, Value x);
  /// atan2 from atan: the smaller ratio, then the quadrant; special values
  /// as in C99 F.9.1.4.
  Value atan2(Value y, Value x);
  Value isNegZero(Value x);

  //===--------------------------------------------------------------------===//
  // erf, erfc, tgamma, lgamma on float (SpecialFunctions.cpp)
  //===--------------------------------------------------------------------===//

  /// erf(x) for |x| < 1: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
  Value erfSmall(Value x);
  /// erfc(a) for a in [1, 10.1]: exp(-a^2) R(1/a) / a, R fitted in t = 1/a.
  Value erfcLarge(Value a);
  Value erf(Value x);
  Value erfc(Value x);
  /// Gamma on [1, 2), fitted in s = 2 (z - 1.5).
  Value gammaCore(Value z);
  /// tgamma: Gamma(z) on [1, 2) times (or divided by) the factors that
  /// bring x there, with the products' rounding errors carried along.
  Value tgamma(Value x);
  /// lgamma: log|tgamma| where tgamma is representable, Stirling's series
  /// with the reflection formula beyond.
  Value lgamma(Value x);

  //===--------------------------------------------------------------------===//
  // exp, log, pow (ExpLog.cpp), float and double
  //===--------------------------------------------------------------------===//

  /// e^(r + rr) * 2^k for |r| <= ln2/2 + a little; k an i64.
  Value expCore(Value r, Value rr, Value k);
  /// e^(x.hi + x.lo) with the special cases of exp.
  Value expDD(DD x);
  Value exp(Value x);
  Value exp2(Value x);
  /// log(x) for finite x > 0 as e ln2 + (lm.hi + lm.lo): returns e (as a
  /// double) and log m, m in [sqrt(1/2), sqrt(2)).
  std::pair<Value, DD> logParts(Value x);
  /// log(x) for finite x > 0 as a double-double.
  DD logDD(Value x);
  /// Special values of log, log2, log10 around `finite` (x > 0 finite).
  Value logSpecials(Value x, Value finite);
  Value safeLogArg(Value x);
  Value log(Value x);
  /// log2 x = e + log(m)/ln2 (exact for powers of two).
  Value log2(Value x);
  Value log10(Value x);
  /// pow(x, y) with C99's special values (F.9.4.4).
  Value pow(Value x, Value y);

  //===--------------------------------------------------------------------===//
  // Float: inverse trigonometric and hyperbolic functions (Inverse.cpp)
  //===--------------------------------------------------------------------===//

  /// atan by reduction to |t| <= tan(pi/8) (t = x, (x-1)/(x+1) or -1/x,
  /// plus 0, pi/4 or pi/2) and the Taylor series.
  Value atan(Value x);
  /// asin(u) - u for |u| <= 1/2: u z P(z), z = u^2, Taylor series.
  Value asinTail(Value u, Value z);
  /// asin and acos: the series below 1/2, asin(x) = pi/2 - 2 asin(s) with
  /// s = sqrt((1 - |x|)/2) in double-float above.
  Value asin(Value x);
  Value acos(Value x);
  /// e^x - 1: x = k ln2 + r, e^r - 1 by its series, then 2^k (e^r - 1) +
  /// (2^k - 1).
  Value expm1(Value x);
  /// log(1 + x): the series below 1/16, log(u) + (x - (u - 1))/u with
  /// u = 1 + x above (log(u) in double-float).
  Value log1p(Value x);
  /// e^|x| / 2 as exp of |x| - ln2 in double-float (finite up to the
  /// largest sinh and cosh).
  Value halfExp(Value ax);
  Value sinh(Value x);
  Value cosh(Value x);
  /// tanh = (e^2x - 1) / (e^2x + 1) by expm1.
  Value tanh(Value x);
  /// asinh = log1p(|x| + x^2 / (1 + sqrt(1 + x^2))), log 2|x| when large.
  Value asinh(Value x);
  /// acosh = log1p(t + sqrt(2t + t^2)), t = x - 1, log 2x when large.
  Value acosh(Value x);
  /// atanh = (log1p(|x|) - log1p(-|x|)) / 2: no division, no cancellation.
  Value atanh(Value x);

  //===--------------------------------------------------------------------===//
  // Exact fused multiply-add (Fma.cpp)
  //===--------------------------------------------------------------------===//

  /// x = hi + lo with hi holding the upper half of the significand
  /// (Veltkamp's split), exact unless x is near the largest finite value.
  DD split(Value x);
  /// a * b + c rounded once, without a fused instruction.
  Value exactFma(Value a, Value b, Value c);

  //===--------------------------------------------------------------------===//
  // sin, cos, tan (Trig.cpp), float and double
  //===--------------------------------------------------------------------===//

  /// The 2/pi table as a constant global of the nearest symbol table.
  Value twoOverPiTable();
  /// |x| = k pi/2 + (r.hi + r.lo), |r| <= pi/4 (about); k mod 4 as an
  /// integer of x's width.
  std::pair<DD, Value> reduce(Value ax);
  /// reduce() for float, in 32-bit integer arithmetic.
  std::pair<DD, Value> reduceFloat(Value ax);
  /// sin(r + rr) and cos(r + rr) for |r| <= pi/4 (about).
  std::pair<Value, Value> sinCosKernel(DD r);
  Value trig(StringRef which, Value x);
};

} // namespace acc::math_expansion

#endif // ACC_LIB_CONVERSION_EXPANDMATH_EXPANDMATHIMPL_H
