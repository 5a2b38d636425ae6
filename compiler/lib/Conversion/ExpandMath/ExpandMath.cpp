//===- ExpandMath.cpp - The math library from arithmetic ------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See ExpandMath.h. Every function is written once for float and double on
// scalars (vectors go lane by lane) and is branch-free except where a loop
// is the algorithm (remainder's long division, tgamma's recurrence).
//
// Accuracy, as measured by the kernel suite on the cpu target with
// `acc-cc --soft-math` (tests/kernels, areas math_ext and fp64): within
// OpenCL C 1.2's bounds (table 7.1 for float, 7.2 for double), given base
// functions (sin, exp2, pow, ... on float) within theirs. The double
// functions use textbook methods:
//
//   exp    x = k ln2 + r (ln2 in two parts, k ln2_hi exact), Taylor series
//          of degree 13 on |r| <= ln2/2, 2^k applied in two exact steps.
//   log    x = 2^e m, m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(f) with
//          f = (m-1)/(m+1) in double-double and the series to f^23.
//   pow    exp(y log|x|) with log|x| and the product in double-double.
//   sin    x = k pi/2 + r by Cody-Waite (pi/2 in three parts) below 2^19,
//   cos    by Payne-Hanek above (x times 192 bits of 2/pi chosen by x's
//   tan    exponent, in 32-bit limbs); Taylor series on |r| <= pi/4 with
//          r's low part; tan = sin/cos.
//
// The float functions without an instruction (erf, erfc, tgamma's core on
// [1, 2)) use polynomials fitted for acc on Chebyshev nodes (50-digit
// arithmetic, mpmath), evaluated in the centred variable given next to each.
//
//===----------------------------------------------------------------------===//

#include "acc/Conversion/ExpandMath.h"
#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>

using namespace mlir;

namespace acc {
namespace {

using arith::CmpFPredicate;
using arith::CmpIPredicate;

constexpr double kInf = std::numeric_limits<double>::infinity();

/// 2/pi in 32-bit words, most significant first (bits 1..1408 after the
/// binary point).
constexpr uint32_t kTwoOverPi[] = {
    0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041,
    0xfe5163ab, 0xdebbc561, 0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c,
    0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484, 0xe99c7026, 0xb45f7e41,
    0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
    0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d,
    0x7527bac7, 0xebe5f17b, 0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08,
    0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d, 0xa9e39161, 0x5ee61b08,
    0x6599855f, 0x14a06840};

/// A double-double value hi + lo, |lo| <= ulp(hi)/2.
struct DD {
  Value hi, lo;
};

/// The arithmetic the expansions are written in, at one insertion point.
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
  Value fma(Value x, Value y, Value z) {
    return math::FmaOp::create(b, l, x, y, z);
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
      r = fma(r, x, f(t, c));
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
  /// x * (c.hi + c.lo) as a double-double.
  DD mulDD(Value x, double hi, double lo) {
    Type t = x.getType();
    Value p = mul(x, f(t, hi));
    Value e = fma(x, f(t, hi), neg(p));
    return fastTwoSum(p, fma(x, f(t, lo), e));
  }
  /// (a.hi + a.lo) * (c.hi + c.lo).
  DD mulDD(DD a, double hi, double lo) {
    Type t = a.hi.getType();
    Value p = mul(a.hi, f(t, hi));
    Value e = fma(a.hi, f(t, hi), neg(p));
    e = fma(a.hi, f(t, lo), e);
    e = fma(a.lo, f(t, hi), e);
    return fastTwoSum(p, e);
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

  //===--------------------------------------------------------------------===//
  // Exponent and bit-level functions (exact)
  //===--------------------------------------------------------------------===//

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

  /// ldexp(x, n), exact (one rounding when the result is denormal).
  Value ldexp(Value x, Value n) {
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
  Value bnot(Value c) { return xori(c, i(c.getType(), 1)); }

  /// 2^k for an integer k of x's width in the normal range.
  Value pow2(Type t, Value k) {
    Format fm = format(t);
    Type it = intOf(t);
    return fromBits(
        t, shl(addi(k, i(it, fm.bias)), i(it, fm.precision - 1)));
  }

  /// ilogb(x) as i32: FP_ILOGB0 = INT_MIN, FP_ILOGBNAN = INT_MAX.
  Value ilogb(Value x) {
    Type t = x.getType();
    Format fm = format(t);
    auto [xs, adj] = normalize(x);
    Value e = addi(subi(exponentField(xs), i(intOf(t), fm.bias)), adj);
    Value r = trunci(i32(), e);
    r = sel(isZero(x), i(i32(), INT32_MIN), r);
    return sel(bnot(isFinite(x)), i(i32(), INT32_MAX), r);
  }

  Value logb(Value x) {
    Type t = x.getType();
    Value r = sitofp(t, ilogb(x));
    r = sel(isZero(x), f(t, -kInf), r);
    r = sel(isInf(x), f(t, kInf), r);
    return sel(isNaN(x), x, r);
  }

  Value nextafter(Value x, Value y) {
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

  Value hypot(Value x, Value y) {
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
  Value remainder(Value x, Value y) {
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

  //===--------------------------------------------------------------------===//
  // Powers and roots
  //===--------------------------------------------------------------------===//

  Value isOdd(Value n) {
    Type it = n.getType();
    return cmpi(CmpIPredicate::ne, andi(n, i(it, 1)), i(it, 0));
  }

  /// pown(x, n): |x|^n by pow with the exponent exact or nearly so, the
  /// sign from n's parity, the special values of 7.5.1 explicitly.
  Value pown(Value x, Value n) {
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
  Value rootn(Value x, Value n) {
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

  Value cbrt(Value x) { return rootn(x, i(i32(), 3)); }

  /// exp10 on float: 2^(x log2 10) with the product's rounding error
  /// applied as a first-order correction.
  Value exp10(Value x) {
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

  //===--------------------------------------------------------------------===//
  // Trigonometry in units of pi
  //===--------------------------------------------------------------------===//

  /// pi * r with r's product rounded once.
  Value timesPi(Value r) {
    Type t = r.getType();
    if (t.isF64())
      return fma(r, f(t, 0x1.921fb54442d18p+1), mul(r, f(t, 0x1.1a62633145c07p-53)));
    return fma(r, f(t, 0x1.921fb6p+1), mul(r, f(t, -0x1.777a5cf72cecep-24)));
  }
  Value overPi(Value v) {
    Type t = v.getType();
    if (t.isF64())
      return fma(v, f(t, 0x1.45f306dc9c883p-2), mul(v, f(t, -0x1.6b01ec5417056p-56)));
    return fma(v, f(t, 0x1.45f306p-2), mul(v, f(t, 0x1.b9391054a7f0ap-27)));
  }

  /// sinpi, cospi, tanpi: x = n/2 + r with |r| <= 1/4 (exact), then sin or
  /// cos of pi r by quadrant.
  Value trigPi(StringRef which, Value x) {
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
  Value atan2(Value y, Value x) {
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
  Value isNegZero(Value x) {
    Type it = intOf(x.getType());
    return cmpi(CmpIPredicate::slt, bits(x), i(it, 0));
  }

  //===--------------------------------------------------------------------===//
  // erf, erfc, tgamma, lgamma on float
  //===--------------------------------------------------------------------===//

  /// erf(x) for |x| < 1: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
  Value erfSmall(Value x) {
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
  Value erfcLarge(Value a) {
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
  Value erf(Value x) {
    Type t = x.getType();
    Value ax = abs(x);
    Value safe = sel(lt(ax, f(t, 1.0)), f(t, 1.0), sel(gt(ax, f(t, 10.0)), f(t, 10.0), ax));
    Value large = sub(f(t, 1.0), erfcLarge(safe));
    large = sel(ge(ax, f(t, 4.0)), f(t, 1.0), large);
    Value r = sel(lt(ax, f(t, 1.0)), erfSmall(x), copysign(large, x));
    return sel(isNaN(x), x, r);
  }
  Value erfc(Value x) {
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
  Value gammaCore(Value z) {
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
  Value tgamma(Value x) {
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
  Value lgamma(Value x) {
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

  //===--------------------------------------------------------------------===//
  // Double precision: exp, log, pow
  //===--------------------------------------------------------------------===//

  /// e^(r + rr) * 2^k for |r| <= ln2/2 + a little; k an i64.
  Value expCore(Value r, Value rr, Value k) {
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
  Value expDD(DD x) {
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

  Value exp(Value x) { return expDD({x, f(x.getType(), 0.0)}); }

  Value exp2(Value x) {
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
  std::pair<Value, DD> logParts(Value x) {
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
  DD logDD(Value x) {
    Type t = x.getType();
    auto [ef, lm] = logParts(x);
    // e*LN2_1 is exact.
    DD a = twoSum(mul(ef, f(t, 0x1.62e42feep-1)), lm.hi);
    Value lo = add(add(a.lo, lm.lo), mul(ef, f(t, 0x1.a39ef35793c76p-33)));
    return fastTwoSum(a.hi, lo);
  }

  /// Special values of log, log2, log10 around `finite` (x > 0 finite).
  Value logSpecials(Value x, Value finite) {
    Type t = x.getType();
    Value r = sel(isZero(x), f(t, -kInf), finite);
    r = sel(lt(x, f(t, 0.0)), f(t, std::nan("")), r);
    r = sel(eq(x, f(t, kInf)), x, r);
    return sel(isNaN(x), x, r);
  }
  Value safeLogArg(Value x) {
    Type t = x.getType();
    return sel(band(gt(x, f(t, 0.0)), isFinite(x)), x, f(t, 2.0));
  }
  Value log(Value x) {
    DD r = logDD(safeLogArg(x));
    return logSpecials(x, r.hi);
  }
  /// log2 x = e + log(m)/ln2 (exact for powers of two).
  Value log2(Value x) {
    auto [ef, lm] = logParts(safeLogArg(x));
    DD q = mulDD(lm, 0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56);
    DD s = twoSum(ef, q.hi);
    return logSpecials(x, add(s.hi, add(s.lo, q.lo)));
  }
  Value log10(Value x) {
    DD r = mulDD(logDD(safeLogArg(x)), 0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57);
    return logSpecials(x, add(r.hi, r.lo));
  }

  /// pow(x, y) with C99's special values (F.9.4.4).
  Value pow(Value x, Value y) {
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

  //===--------------------------------------------------------------------===//
  // Double precision: sin, cos, tan
  //===--------------------------------------------------------------------===//

  /// The 2/pi table as a constant global of the nearest symbol table.
  Value twoOverPiTable() {
    StringRef name = ACC_RESERVED_SYMBOL_PREFIX "two_over_pi";
    auto type = MemRefType::get({2 + int64_t(std::size(kTwoOverPi))}, i32());
    if (!SymbolTable::lookupSymbolIn(symbols, name)) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&symbols->getRegion(0).front());
      SmallVector<int32_t> words{0, 0};
      for (uint32_t w : kTwoOverPi)
        words.push_back(static_cast<int32_t>(w));
      auto tensor = RankedTensorType::get(type.getShape(), i32());
      memref::GlobalOp::create(b, l, name, b.getStringAttr("private"), type,
                               DenseElementsAttr::get(tensor, ArrayRef(words)),
                               /*constant=*/true, /*alignment=*/nullptr);
    }
    return memref::GetGlobalOp::create(b, l, type, name);
  }

  /// |x| = k pi/2 + (r.hi + r.lo), |r| <= pi/4 (about); k mod 4 as i64.
  std::pair<DD, Value> reduce(Value ax) {
    Type t = ax.getType();
    Type it = i64();
    // Cody-Waite below 2^19: pi/2 = P1 + P2 + P3, P1 and P2 with 33 bits.
    Value cwIn = sel(lt(ax, f(t, 0x1p19)), ax, f(t, 0.0));
    Value kf = rint(mul(cwIn, f(t, 0x1.45f306dc9c883p-1)));
    Value t1 = fma(neg(kf), f(t, 0x1.921fb544p+0), cwIn); // exact
    Value w = mul(kf, f(t, 0x1.0b4611a6p-34));              // exact
    DD r1 = twoSum(t1, neg(w));
    Value w3 = mul(kf, f(t, 0x1.3198a2e037073p-69));
    DD r2 = twoSum(r1.hi, neg(w3));
    Value w3err = fma(kf, f(t, 0x1.3198a2e037073p-69), neg(w3));
    DD cw = fastTwoSum(r2.hi, sub(add(r2.lo, r1.lo), w3err));
    Value cwK = fptosi(it, kf);

    // Payne-Hanek above: |x| = M 2^E, M a 53-bit integer.
    Value phIn = sel(lt(ax, f(t, 0x1p19)), f(t, 0x1p19), ax);
    Value xb = bits(phIn);
    Value E = subi(exponentField(phIn), i(it, 1075));
    Value M = ori(andi(xb, i(it, 0x000fffffffffffffLL)), i(it, 1LL << 52));
    // 192 bits of 2/pi from bit E-1 on (bit q = 1 is the first after the
    // point; table entries 0 and 1 are zeros for q <= 0).
    Value q1 = addi(subi(E, i(it, 2)), i(it, 64)); // (q - 1) + 64, >= 0
    Value word = shru(q1, i(it, 5));
    Value offset = andi(q1, i(it, 31));
    Value table = twoOverPiTable();
    auto load = [&](Value index) {
      Value idx = arith::IndexCastOp::create(b, l, b.getIndexType(), index);
      Value v = memref::LoadOp::create(b, l, table, ValueRange{idx});
      return extui(it, v);
    };
    Value mask32 = i(it, 0xffffffffLL);
    SmallVector<Value> raw;
    for (int k = 0; k < 7; ++k)
      raw.push_back(load(addi(word, i(it, k))));
    // Limbs w[0] (least significant) .. w[5].
    SmallVector<Value> wl(6);
    for (int k = 0; k < 6; ++k) {
      Value pair = ori(shl(raw[k], i(it, 32)), raw[k + 1]);
      Value limb = andi(shru(pair, subi(i(it, 32), offset)), mask32);
      wl[5 - k] = limb;
    }
    // P = M * W, M = mh 2^32 + ml.
    Value ml = andi(M, mask32), mh = shru(M, i(it, 32));
    SmallVector<Value> p(8, i(it, 0));
    auto mulAdd = [&](Value factor, int shift) {
      Value carry = i(it, 0);
      for (int k = 0; k < 6; ++k) {
        Value prod = muli(factor, wl[k]); // < 2^64
        Value plo = andi(prod, mask32), phi = shru(prod, i(it, 32));
        Value s = addi(addi(p[k + shift], plo), carry); // < 2^34
        p[k + shift] = andi(s, mask32);
        carry = addi(phi, shru(s, i(it, 32)));
      }
      for (int k = 6 + shift; k < 8; ++k) {
        Value s = addi(p[k], carry);
        p[k] = andi(s, mask32);
        carry = shru(s, i(it, 32));
      }
    };
    mulAdd(ml, 0);
    mulAdd(mh, 1);
    // x 2/pi = P / 2^190: quadrant = bits 190-191, fraction bits 189 down.
    Value quadrant = andi(shru(p[5], i(it, 30)), i(it, 3));
    Value F = ori(shl(andi(p[5], i(it, 0x3fffffff)), i(it, 32)), p[4]); // 62 bits
    Value G = ori(shl(p[3], i(it, 32)), p[2]);                          // 64 bits
    // Fraction >= 1/2: take f - 1 (negative), quadrant + 1.
    Value upper = cmpi(CmpIPredicate::ne, andi(F, i(it, 1LL << 61)), i(it, 0));
    // 2^126 - (F 2^64 + G) on 126 bits.
    Value gNeg = subi(i(it, 0), G);
    Value borrow = sel(cmpi(CmpIPredicate::ne, G, i(it, 0)), i(it, 1), i(it, 0));
    Value fNeg = subi(subi(i(it, 1LL << 62), F), borrow);
    Value Fm = sel(upper, fNeg, F), Gm = sel(upper, gNeg, G);
    Value hiF = uitofp(t, Fm);
    Value rest = subi(Fm, arith::FPToUIOp::create(b, l, it, hiF)); // small
    Value loF = add(sitofp(t, rest), mul(uitofp(t, Gm), f(t, 0x1p-64)));
    DD frac = fastTwoSum(mul(hiF, f(t, 0x1p-62)), mul(loF, f(t, 0x1p-62)));
    DD ph = mulDD(frac, 0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54);
    ph = {sel(upper, neg(ph.hi), ph.hi), sel(upper, neg(ph.lo), ph.lo)};
    Value phK = addi(quadrant, sel(upper, i(it, 1), i(it, 0)));

    Value useCW = lt(ax, f(t, 0x1p19));
    DD r{sel(useCW, cw.hi, ph.hi), sel(useCW, cw.lo, ph.lo)};
    return {r, andi(sel(useCW, cwK, phK), i(it, 3))};
  }

  /// sin(r + rr) and cos(r + rr) for |r| <= pi/4 (about).
  std::pair<Value, Value> sinCosKernel(DD r) {
    Type t = r.hi.getType();
    Value x = r.hi, xx = r.lo;
    Value z = mul(x, x);
    // sin: x + x^3 (-1/3! + z/5! - ...), to x^21; cos: 1 - z/2 + z^2 (1/4!
    // - z/6! + ...), to x^22.
    SmallVector<double> sc, cc;
    double fact = 1;
    SmallVector<double> inv(23);
    for (int n = 1; n <= 22; ++n) {
      fact *= n;
      inv[n] = 1.0 / fact;
    }
    for (int n = 21; n >= 3; n -= 2)
      sc.push_back(((n - 1) / 2) % 2 ? -inv[n] : inv[n]);
    for (int n = 22; n >= 4; n -= 2)
      cc.push_back((n / 2) % 2 ? -inv[n] : inv[n]);
    Value s3 = mul(mul(z, x), horner(z, sc));
    Value sinV = add(x, add(s3, mul(xx, sub(f(t, 1.0), mul(z, f(t, 0.5))))));
    Value hz = mul(z, f(t, 0.5));
    Value w = sub(f(t, 1.0), hz);
    // 1 - hz exactly as w + corr, then the rest.
    Value corr = sub(sub(f(t, 1.0), w), hz);
    Value c4 = mul(mul(z, z), horner(z, cc));
    Value cosV = add(w, add(corr, sub(c4, mul(x, xx))));
    return {sinV, cosV};
  }

  Value trig(StringRef which, Value x) {
    Type t = x.getType();
    Type it = i64();
    Value ax = abs(x);
    Value safe = sel(isFinite(x), ax, f(t, 0.0));
    auto [r, k] = reduce(safe);
    auto [s, c] = sinCosKernel(r);
    auto isK = [&](int64_t v) { return cmpi(CmpIPredicate::eq, k, i(it, v)); };
    Value res;
    Value tiny = lt(ax, f(t, 0x1p-27));
    if (which == "sin") {
      res = sel(isK(0), s, sel(isK(1), c, sel(isK(2), neg(s), neg(c))));
      res = sel(lt(x, f(t, 0.0)), neg(res), res);
      res = sel(tiny, x, res);
    } else if (which == "cos") {
      res = sel(isK(0), c, sel(isK(1), neg(s), sel(isK(2), neg(c), s)));
      res = sel(tiny, f(t, 1.0), res);
    } else {
      Value even = bor(isK(0), isK(2));
      res = sel(even, div(s, c), neg(div(c, s)));
      res = sel(lt(x, f(t, 0.0)), neg(res), res);
      res = sel(tiny, x, res);
    }
    return sel(isFinite(x), res, f(t, std::nan("")));
  }
};

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

/// The element types a function is computed for.
enum class Types { Both, F32, F64 };

/// One computable function: its name (the builtin's, or the math op's
/// without "math.") and how to compute it on scalar operands.
struct Function {
  StringRef name;
  Types types;
  Value (*compute)(Emitter &, ArrayRef<Value>);
};

const Function kFunctions[] = {
    // Library calls of the portable IR.
    {"sinpi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trigPi("sinpi", a[0]); }},
    {"cospi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trigPi("cospi", a[0]); }},
    {"tanpi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trigPi("tanpi", a[0]); }},
    {"asinpi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.overPi(math::AsinOp::create(e.b, e.l, a[0])); }},
    {"acospi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.overPi(math::AcosOp::create(e.b, e.l, a[0])); }},
    {"atanpi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.overPi(math::AtanOp::create(e.b, e.l, a[0])); }},
    {"atan2pi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.overPi(e.atan2(a[0], a[1])); }},
    {"exp10", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.exp10(a[0]); }},
    {"logb", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.logb(a[0]); }},
    {"ilogb", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.ilogb(a[0]); }},
    {"tgamma", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.tgamma(a[0]); }},
    {"lgamma", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.lgamma(a[0]); }},
    {"hypot", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.hypot(a[0], a[1]); }},
    {"nextafter", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.nextafter(a[0], a[1]); }},
    {"remainder", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.remainder(a[0], a[1]); }},
    {"ldexp", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.ldexp(a[0], a[1]); }},
    {"pown", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.pown(a[0], a[1]); }},
    {"rootn", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.rootn(a[0], a[1]); }},
    // Math ops some instruction sets lack.
    {"erf", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.erf(a[0]); }},
    {"erfc", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.erfc(a[0]); }},
    {"cbrt", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.cbrt(a[0]); }},
    {"atan2", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.atan2(a[0], a[1]); }},
    // Double precision.
    {"exp", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.exp(a[0]); }},
    {"exp2", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.exp2(a[0]); }},
    {"log", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.log(a[0]); }},
    {"log2", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.log2(a[0]); }},
    {"log10", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.log10(a[0]); }},
    {"powf", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.pow(a[0], a[1]); }},
    {"sin", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.trig("sin", a[0]); }},
    {"cos", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.trig("cos", a[0]); }},
    {"tan", Types::F64, [](Emitter &e, ArrayRef<Value> a) { return e.trig("tan", a[0]); }},
};

const Function *lookup(StringRef name, Type elem) {
  if (!(elem.isF32() || elem.isF64()))
    return nullptr;
  for (const Function &fn : kFunctions)
    if (fn.name == name &&
        (fn.types == Types::Both || (fn.types == Types::F32) == elem.isF32()))
      return &fn;
  return nullptr;
}

/// Replaces `op` (one result) by `name` computed lane by lane; false when
/// `name` is not computable for its types.
bool expandOp(Operation *op, StringRef name) {
  // Loops split blocks: only in function bodies.
  if (!op->getParentOp() || !isa<FunctionOpInterface>(op->getParentOp()))
    return false;
  SmallVector<Value> args(op->getOperands());
  const Function *fn = lookup(name, getElementTypeOrSelf(args[0].getType()));
  if (!fn)
    return false;
  OpBuilder b(op);
  Emitter e(b, op->getLoc(),
            SymbolTable::getNearestSymbolTable(op->getParentOp()));
  Value r;
  if (auto vt = llvm::dyn_cast<VectorType>(op->getResult(0).getType())) {
    SmallVector<Value> lanes;
    for (int64_t k = 0; k < vt.getNumElements(); ++k) {
      SmallVector<Value> lane;
      for (Value v : args)
        lane.push_back(llvm::isa<VectorType>(v.getType())
                           ? (Value)vector::ExtractOp::create(b, e.l, v, k)
                           : v);
      lanes.push_back(fn->compute(e, lane));
    }
    r = vector::FromElementsOp::create(b, e.l, vt, lanes);
  } else {
    r = fn->compute(e, args);
  }
  op->getResult(0).replaceAllUsesWith(r);
  op->erase();
  return true;
}

/// The ops under `root` that `pred` selects, in program order.
template <typename Pred>
SmallVector<Operation *> collect(Operation *root, Pred pred) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (pred(op))
      ops.push_back(op);
  });
  return ops;
}

} // namespace

Value buildMathExpansion(OpBuilder &b, Location loc, Operation *symbols,
                         StringRef name, ValueRange args) {
  if (args.empty() || llvm::isa<VectorType>(args[0].getType()))
    return {};
  const Function *fn = lookup(name, args[0].getType());
  if (!fn)
    return {};
  Emitter e(b, loc, symbols);
  SmallVector<Value> operands(args);
  return fn->compute(e, operands);
}

void expandMath(Operation *root, const MathExpansion &what) {
  // Library calls first: they produce math ops the later steps expand.
  if (what.libraryCalls)
    for (Operation *op : collect(root, [](Operation *op) {
           return isa<ir::BuiltinOp>(op);
         }))
      expandOp(op, ir::stringifyBuiltin(cast<ir::BuiltinOp>(op).getBuiltin()));
  if (what.missingFloatOps)
    for (Operation *op : collect(root, [](Operation *op) {
           return isa<math::ErfOp, math::ErfcOp, math::CbrtOp, math::Atan2Op>(op);
         }))
      expandOp(op, op->getName().stripDialect());
  if (what.float64Transcendentals)
    for (Operation *op : collect(root, [](Operation *op) {
           return isa<math::ExpOp, math::Exp2Op, math::LogOp, math::Log2Op,
                      math::Log10Op, math::PowFOp, math::SinOp, math::CosOp,
                      math::TanOp>(op) &&
                  getElementTypeOrSelf(op->getResult(0).getType()).isF64();
         }))
      expandOp(op, op->getName().stripDialect());
}

} // namespace acc
