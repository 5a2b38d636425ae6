//===- Builtins.cpp - OpenCL C builtin functions on SSA values ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See Builtins.h. Every builtin is written once for scalars and vectors:
// element-wise builtins broadcast their scalar operands to the result's
// shape and then use arith/math ops, which accept vectors. Functions with no
// upstream op become `accir.builtin` ops (AccOps.td), which each target
// pipeline resolves.
//
//===----------------------------------------------------------------------===//

#include "Builtins.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;

namespace acc {

namespace {

using arith::CmpFPredicate;
using arith::CmpIPredicate;

Type elemOf(Type t) { return getElementTypeOrSelf(t); }
unsigned bitsOf(Type t) { return elemOf(t).getIntOrFloatBitWidth(); }
bool isVec(Type t) { return llvm::isa<VectorType>(t); }
int64_t lanesOf(Type t) {
  auto v = llvm::dyn_cast<VectorType>(t);
  return v ? v.getNumElements() : 1;
}
/// `elem` in the shape of `shape` (scalar or vector).
Type withElem(Type shape, Type elem) {
  if (auto v = llvm::dyn_cast<VectorType>(shape))
    return VectorType::get(v.getShape(), elem);
  return elem;
}
bool isFloatTy(Type t) { return llvm::isa<FloatType>(elemOf(t)); }

enum class Rounding { Default, RTE, RTZ, RTP, RTN };

/// Emission helpers bound to one builder position.
struct E {
  OpBuilder &b;
  Location l;
  gpu::GPUModuleOp module;

  // Constants -------------------------------------------------------------
  Value cst(Type t, TypedAttr scalar) {
    if (auto v = llvm::dyn_cast<VectorType>(t))
      return arith::ConstantOp::create(
          b, l, DenseElementsAttr::get(llvm::cast<ShapedType>(v), scalar));
    return arith::ConstantOp::create(b, l, scalar);
  }
  Value f(Type t, double v) {
    auto ft = llvm::cast<FloatType>(elemOf(t));
    llvm::APFloat a(v);
    bool lost;
    a.convert(ft.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
              &lost);
    return cst(t, FloatAttr::get(ft, a));
  }
  Value fap(Type t, const llvm::APFloat &a) {
    return cst(t, FloatAttr::get(elemOf(t), a));
  }
  const llvm::fltSemantics &sem(Type t) {
    return llvm::cast<FloatType>(elemOf(t)).getFloatSemantics();
  }
  Value inf(Type t, bool neg = false) {
    return fap(t, llvm::APFloat::getInf(sem(t), neg));
  }
  Value qnan(Type t) { return fap(t, llvm::APFloat::getQNaN(sem(t))); }
  Value i(Type t, const llvm::APInt &v) {
    return cst(t, IntegerAttr::get(elemOf(t), v));
  }
  Value i(Type t, int64_t v) {
    return i(t, llvm::APInt(bitsOf(t), v, /*isSigned=*/true));
  }
  Value smax(Type t) { return i(t, llvm::APInt::getSignedMaxValue(bitsOf(t))); }
  Value smin(Type t) { return i(t, llvm::APInt::getSignedMinValue(bitsOf(t))); }
  Value umax(Type t) { return i(t, llvm::APInt::getMaxValue(bitsOf(t))); }

  // Shapes ----------------------------------------------------------------
  /// Broadcasts scalar `v` to the shape of `like` when that is a vector.
  Value splat(Value v, Type like) {
    if (!isVec(like) || isVec(v.getType()))
      return v;
    return vector::BroadcastOp::create(b, l, withElem(like, v.getType()), v);
  }
  SmallVector<Value> elems(Value v) {
    SmallVector<Value> out;
    if (!isVec(v.getType())) {
      out.push_back(v);
      return out;
    }
    for (int64_t k = 0, n = lanesOf(v.getType()); k < n; ++k)
      out.push_back(vector::ExtractOp::create(b, l, v, ArrayRef<int64_t>{k}));
    return out;
  }

  // Ops -------------------------------------------------------------------
  Value cmpf(CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, l, p, x, y);
  }
  Value cmpi(CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, l, p, x, y);
  }
  /// select; a scalar condition is broadcast for vector operands (SPIR-V
  /// before 1.4 wants one condition per component).
  Value sel(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, l, splat(c, x.getType()), x, y);
  }
  Value band(Value x, Value y) { return arith::AndIOp::create(b, l, x, y); }
  Value bor(Value x, Value y) { return arith::OrIOp::create(b, l, x, y); }
  Value bxor(Value x, Value y) { return arith::XOrIOp::create(b, l, x, y); }
  Value bnot(Value x) {
    return bxor(x, i(x.getType(), llvm::APInt::getAllOnes(bitsOf(x.getType()))));
  }
  Value add(Value x, Value y) {
    return isFloatTy(x.getType()) ? (Value)arith::AddFOp::create(b, l, x, y)
                                  : (Value)arith::AddIOp::create(b, l, x, y);
  }
  Value sub(Value x, Value y) {
    return isFloatTy(x.getType()) ? (Value)arith::SubFOp::create(b, l, x, y)
                                  : (Value)arith::SubIOp::create(b, l, x, y);
  }
  Value mul(Value x, Value y) {
    return isFloatTy(x.getType()) ? (Value)arith::MulFOp::create(b, l, x, y)
                                  : (Value)arith::MulIOp::create(b, l, x, y);
  }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, l, x, y); }
  Value fabs(Value x) { return math::AbsFOp::create(b, l, x); }
  Value isnan(Value x) { return cmpf(CmpFPredicate::UNO, x, x); }
  Value isinf(Value x) {
    return cmpf(CmpFPredicate::OEQ, fabs(x), inf(x.getType()));
  }
  Type intLike(Type ft) {
    return withElem(ft, b.getIntegerType(bitsOf(ft)));
  }
  Value bitcast(Value x, Type t) { return arith::BitcastOp::create(b, l, t, x); }
  Value shl(Value x, Value y) { return arith::ShLIOp::create(b, l, x, y); }
  Value shrs(Value x, Value y) { return arith::ShRSIOp::create(b, l, x, y); }
  Value shru(Value x, Value y) { return arith::ShRUIOp::create(b, l, x, y); }
  Value minI(bool sgn, Value x, Value y) {
    return sgn ? (Value)arith::MinSIOp::create(b, l, x, y)
               : (Value)arith::MinUIOp::create(b, l, x, y);
  }
  Value maxI(bool sgn, Value x, Value y) {
    return sgn ? (Value)arith::MaxSIOp::create(b, l, x, y)
               : (Value)arith::MaxUIOp::create(b, l, x, y);
  }
  /// Sign bit set (as i1 per element).
  Value signBit(Value x) {
    Value bits = isFloatTy(x.getType()) ? bitcast(x, intLike(x.getType())) : x;
    return cmpi(CmpIPredicate::slt, bits, i(bits.getType(), 0));
  }
  Value copysign(Value x, Value y) { return math::CopySignOp::create(b, l, x, y); }

  /// The accir.builtin `name` (a case of AccOps.td's Builtin enum).
  Value call(StringRef name, ValueRange args, Type result) {
    std::optional<ir::Builtin> kind = ir::symbolizeBuiltin(name);
    assert(kind && "not a builtin of the accir dialect");
    return ir::BuiltinOp::create(b, l, result, *kind, args).getResult();
  }

  /// The next representable value away from `f` in the direction `up`
  /// (toward +inf) where `up` holds, toward -inf where `down` holds. Only
  /// for the values the directed-rounding conversions produce: neither
  /// -0 moving up nor +0 moving down.
  Value step(Value f, Value up, Value down) {
    Type it = intLike(f.getType());
    Value bits = bitcast(f, it);
    Value neg = signBit(f);
    Value one = i(it, 1);
    Value inc = bitcast(arith::AddIOp::create(b, l, bits, one), f.getType());
    Value dec = bitcast(arith::SubIOp::create(b, l, bits, one), f.getType());
    // Positive: up = +1 ulp in bits; negative: up = -1 in bits.
    Value upV = sel(neg, dec, inc);
    Value downV = sel(neg, inc, dec);
    return sel(up, upV, sel(down, downV, f));
  }

  /// `rounded` (the nearest value of the exact `value`) moved one ulp as
  /// the directed rounding `mode` (RTZ, RTP, RTN) requires: `above` and
  /// `below` say where `rounded` lies from `value`, `positive`/`negative`
  /// the sign of `value`.
  Value directed(Rounding mode, Value rounded, Value above, Value below,
                 Value positive, Value negative) {
    Value none = i(below.getType(), 0);
    switch (mode) {
    case Rounding::RTZ:
      return step(rounded, band(below, negative), band(above, positive));
    case Rounding::RTP:
      return step(rounded, below, none);
    default:
      return step(rounded, none, above);
    }
  }
};


/// Scalar or vector i1 results of a relational test as OpenCL spells them:
/// scalar int 1/0, vector -1/0 in the signed type of the same width.
Value relResult(E &e, Value c, Type resultType) {
  if (isVec(resultType))
    return arith::ExtSIOp::create(e.b, e.l, resultType, c);
  if (resultType.isInteger(1))
    return c;
  return arith::ExtUIOp::create(e.b, e.l, resultType, c);
}

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

Value convertValue(E &e, Value x, bool srcSigned, Type dst, bool dstSigned,
                   bool sat, Rounding mode) {
  Type src = x.getType();
  Type se = elemOf(src), de = elemOf(dst);
  // convert_T(scalar) into a vector is not OpenCL, but keep the shape.
  x = e.splat(x, dst);
  src = x.getType();
  // Same type: nothing to do, except saturating between the signed and
  // unsigned integers of one width.
  if (se == de && (!sat || llvm::isa<FloatType>(se) || srcSigned == dstSigned))
    return x;
  unsigned ws = se.getIntOrFloatBitWidth(), wd = de.getIntOrFloatBitWidth();
  bool sf = llvm::isa<FloatType>(se), df = llvm::isa<FloatType>(de);
  OpBuilder &b = e.b;
  Location l = e.l;

  if (!sf && !df) {
    if (se.isInteger(1))
      return dstSigned ? (Value)arith::ExtSIOp::create(b, l, dst, x)
                       : (Value)arith::ExtUIOp::create(b, l, dst, x);
    if (sat) {
      // Clamp in the source's domain, then resize.
      if (srcSigned && !dstSigned)
        x = e.maxI(true, x, e.i(src, 0));
      else if (srcSigned && dstSigned && wd < ws)
        x = e.maxI(true, x,
                   e.i(src, llvm::APInt::getSignedMinValue(wd).sext(ws)));
      llvm::APInt dmax = dstSigned ? llvm::APInt::getSignedMaxValue(wd)
                                   : llvm::APInt::getMaxValue(wd);
      llvm::APInt smaxV = srcSigned ? llvm::APInt::getSignedMaxValue(ws)
                                    : llvm::APInt::getMaxValue(ws);
      unsigned w = std::max(ws, wd);
      if (dmax.zext(w).ult(smaxV.zext(w)))
        x = e.minI(srcSigned, x, e.i(src, dmax.zext(ws)));
    }
    if (wd < ws)
      return arith::TruncIOp::create(b, l, dst, x);
    if (wd > ws)
      return srcSigned ? (Value)arith::ExtSIOp::create(b, l, dst, x)
                       : (Value)arith::ExtUIOp::create(b, l, dst, x);
    return x;
  }

  if (!sf && df) {
    if (se.isInteger(1)) {
      x = arith::ExtUIOp::create(b, l, withElem(src, b.getI32Type()), x);
      src = x.getType();
      ws = 32;
    }
    Value fv = srcSigned ? (Value)arith::SIToFPOp::create(b, l, dst, x)
                         : (Value)arith::UIToFPOp::create(b, l, dst, x);
    unsigned digits = llvm::APFloat::semanticsPrecision(e.sem(dst));
    if (mode == Rounding::Default || mode == Rounding::RTE || ws <= digits)
      return fv;
    // Directed rounding: compare the nearest value with x exactly.
    llvm::APFloat lim(e.sem(dst));
    lim = llvm::APFloat::getOne(e.sem(dst));
    lim = llvm::scalbn(lim, srcSigned ? ws - 1 : ws,
                       llvm::APFloat::rmNearestTiesToEven);
    Value limV = e.fap(dst, lim);
    Value over = e.cmpf(CmpFPredicate::OGE, fv, limV);
    Value safe = e.sel(over, e.f(dst, 0.0), fv);
    Value back = srcSigned ? (Value)arith::FPToSIOp::create(b, l, src, safe)
                           : (Value)arith::FPToUIOp::create(b, l, src, safe);
    Value gt = e.bor(over, e.cmpi(srcSigned ? CmpIPredicate::sgt
                                            : CmpIPredicate::ugt,
                                  back, x));
    Value lt = e.band(e.bnot(over), e.cmpi(srcSigned ? CmpIPredicate::slt
                                                     : CmpIPredicate::ult,
                                           back, x));
    Value zero = e.f(dst, 0.0);
    return e.directed(mode, fv, gt, lt, e.cmpf(CmpFPredicate::OGT, fv, zero),
                      e.cmpf(CmpFPredicate::OLT, fv, zero));
  }

  if (sf && df) {
    if (wd > ws)
      return arith::ExtFOp::create(b, l, dst, x);
    Value fv = arith::TruncFOp::create(b, l, dst, x);
    if (mode == Rounding::Default || mode == Rounding::RTE)
      return fv;
    Value back = arith::ExtFOp::create(b, l, src, fv);
    Value gt = e.cmpf(CmpFPredicate::OGT, back, x);
    Value lt = e.cmpf(CmpFPredicate::OLT, back, x);
    Value zero = e.f(src, 0.0);
    return e.directed(mode, fv, gt, lt, e.cmpf(CmpFPredicate::OGT, x, zero),
                      e.cmpf(CmpFPredicate::OLT, x, zero));
  }

  // Float to integer.
  Value r = x;
  switch (mode) {
  case Rounding::RTE:
    r = math::RoundEvenOp::create(b, l, x);
    break;
  case Rounding::RTP:
    r = math::CeilOp::create(b, l, x);
    break;
  case Rounding::RTN:
    r = math::FloorOp::create(b, l, x);
    break;
  default:
    if (sat)
      r = math::TruncOp::create(b, l, x);
    break;
  }
  auto toInt = [&](Value v) {
    if (de.isInteger(1))
      return (Value)e.cmpf(CmpFPredicate::UNE, v, e.f(src, 0.0));
    return dstSigned ? (Value)arith::FPToSIOp::create(b, l, dst, v)
                     : (Value)arith::FPToUIOp::create(b, l, dst, v);
  };
  if (!sat)
    return toInt(r);
  // Saturation: NaN -> 0, out of range -> the nearest limit. The limits are
  // powers of two, exact in every float type.
  llvm::APFloat hi = llvm::APFloat::getOne(e.sem(src));
  hi = llvm::scalbn(hi, dstSigned ? wd - 1 : wd,
                    llvm::APFloat::rmNearestTiesToEven);
  llvm::APFloat lo = hi;
  lo.changeSign();
  Value tooHigh = e.cmpf(CmpFPredicate::OGE, r, e.fap(src, hi));
  Value tooLow = dstSigned ? e.cmpf(CmpFPredicate::OLT, r, e.fap(src, lo))
                           : e.cmpf(CmpFPredicate::OLT, r, e.f(src, 0.0));
  Value nan = e.isnan(r);
  Value bad = e.bor(e.bor(tooHigh, tooLow), nan);
  Value conv = toInt(e.sel(bad, e.f(src, 0.0), r));
  Value maxV = dstSigned ? e.smax(dst) : e.umax(dst);
  Value minV = dstSigned ? e.smin(dst) : e.i(dst, 0);
  return e.sel(tooHigh, maxV, e.sel(tooLow, minV, conv));
}

/// as_<type>: the same bits in another type of the same size (3-component
/// vectors count as 4).
Value reinterpret(E &e, Value x, Type dst) {
  Type src = x.getType();
  if (src == dst)
    return x;
  OpBuilder &b = e.b;
  Location l = e.l;
  if (!isVec(src) && !isVec(dst))
    return arith::BitcastOp::create(b, l, dst, x);
  if (isVec(src) && lanesOf(src) == 3) {
    x = vector::ShuffleOp::create(b, l, x, x, ArrayRef<int64_t>{0, 1, 2, 0});
    src = x.getType();
  }
  if (!isVec(src)) {
    x = vector::BroadcastOp::create(b, l, VectorType::get({1}, src), x);
    src = x.getType();
  }
  Type work = dst;
  if (!isVec(dst))
    work = VectorType::get({1}, dst);
  else if (lanesOf(dst) == 3)
    work = VectorType::get({4}, elemOf(dst));
  Value v;
  if (lanesOf(work) == lanesOf(src))
    v = arith::BitcastOp::create(b, l, work, x);
  else
    v = vector::BitCastOp::create(b, l, work, x);
  if (!isVec(dst))
    return vector::ExtractOp::create(b, l, v, ArrayRef<int64_t>{0});
  if (lanesOf(dst) == 3)
    return vector::ShuffleOp::create(b, l, v, v, ArrayRef<int64_t>{0, 1, 2});
  return v;
}

//===----------------------------------------------------------------------===//
// Geometric
//===----------------------------------------------------------------------===//

/// Sum of products, multiply then add (math.fma is a libm call on CPUs
/// without FMA instructions, such as the generic x86-64 model).
Value dotOf(E &e, Value p, Value q) {
  SmallVector<Value> a = e.elems(p), c = e.elems(q);
  Value s = e.mul(a[0], c[0]);
  for (size_t k = 1; k < a.size(); ++k)
    s = e.add(s, e.mul(a[k], c[k]));
  return s;
}

/// A power-of-two scale that keeps the sum of squares of `p` away from
/// overflow and underflow; returns p * scale and scale.
std::pair<Value, Value> scaled(E &e, Value p) {
  Type et = elemOf(p.getType());
  bool dbl = et.isF64();
  Value s = dotOf(e, p, p);
  // float: squares overflow above 2^64, lose accuracy below 2^-63.
  double bigExp = dbl ? 511 : 63, smallExp = dbl ? -511 : -63;
  double up = dbl ? 600 : 80, down = dbl ? -600 : -80;
  Value big = e.cmpf(CmpFPredicate::OGE, s, e.f(et, std::ldexp(1.0, 2 * bigExp)));
  Value small = e.cmpf(CmpFPredicate::OLT, s, e.f(et, std::ldexp(1.0, 2 * smallExp)));
  Value scale = e.sel(big, e.f(et, std::ldexp(1.0, (int)down)),
                      e.sel(small, e.f(et, std::ldexp(1.0, (int)up)),
                            e.f(et, 1.0)));
  return {e.mul(p, e.splat(scale, p.getType())), scale};
}

Value lengthOf(E &e, Value p) {
  if (!isVec(p.getType()))
    return e.fabs(p);
  auto [q, scale] = scaled(e, p);
  Value len = math::SqrtOp::create(e.b, e.l, dotOf(e, q, q));
  return e.div(len, scale);
}

Value normalizeOf(E &e, Value p) {
  Type t = p.getType();
  if (!isVec(t)) {
    // A scalar: sign(p) with zero kept (and NaN).
    Value one = e.copysign(e.f(t, 1.0), p);
    Value zeroOrNan = e.cmpf(CmpFPredicate::UEQ, p, e.f(t, 0.0));
    return e.sel(zeroOrNan, p, one);
  }
  // Infinite components: the vector of their signs.
  SmallVector<Value> comps = e.elems(p);
  Value anyInf;
  for (Value c : comps) {
    Value ci = e.isinf(c);
    anyInf = anyInf ? e.bor(anyInf, ci) : ci;
  }
  Value infs = e.copysign(
      e.sel(e.isinf(p), e.f(t, 1.0), e.f(t, 0.0)), p);
  p = e.sel(e.splat(anyInf, withElem(t, e.b.getI1Type())), infs, p);
  auto [q, scale] = scaled(e, p);
  (void)scale;
  Value len = math::SqrtOp::create(e.b, e.l, dotOf(e, q, q));
  Value r = e.div(q, e.splat(len, t));
  Value zero = e.cmpf(CmpFPredicate::OEQ, len, e.f(len.getType(), 0.0));
  return e.sel(zero, p, r);
}

//===----------------------------------------------------------------------===//
// Integer helpers
//===----------------------------------------------------------------------===//

/// (a * b + c) with saturation, in 2w bits through extended multiplies.
Value madSat(E &e, Value a, Value bv, Value c, bool sgn) {
  OpBuilder &b = e.b;
  Location l = e.l;
  Type t = a.getType();
  unsigned w = bitsOf(t);
  Value lo, hi;
  if (sgn) {
    auto m = arith::MulSIExtendedOp::create(b, l, a, bv);
    lo = m.getLow();
    hi = m.getHigh();
  } else {
    auto m = arith::MulUIExtendedOp::create(b, l, a, bv);
    lo = m.getLow();
    hi = m.getHigh();
  }
  Value lo2 = arith::AddIOp::create(b, l, lo, c);
  Value carry = e.cmpi(CmpIPredicate::ult, lo2, lo);
  Value carryV = arith::ExtUIOp::create(b, l, t, carry);
  Value hi2 = arith::AddIOp::create(b, l, hi, carryV);
  if (!sgn) {
    Value fits = e.cmpi(CmpIPredicate::eq, hi2, e.i(t, 0));
    return e.sel(fits, lo2, e.umax(t));
  }
  // c's sign extension into the high half.
  Value cHigh = e.shrs(c, e.i(t, w - 1));
  hi2 = arith::AddIOp::create(b, l, hi2, cHigh);
  Value loSign = e.shrs(lo2, e.i(t, w - 1));
  Value fits = e.cmpi(CmpIPredicate::eq, hi2, loSign);
  Value neg = e.cmpi(CmpIPredicate::slt, hi2, e.i(t, 0));
  return e.sel(fits, lo2, e.sel(neg, e.smin(t), e.smax(t)));
}

Value mulHi(E &e, Value a, Value bv, bool sgn) {
  if (sgn)
    return arith::MulSIExtendedOp::create(e.b, e.l, a, bv).getHigh();
  return arith::MulUIExtendedOp::create(e.b, e.l, a, bv).getHigh();
}

//===----------------------------------------------------------------------===//
// Math
//===----------------------------------------------------------------------===//

/// powr: pow for x >= 0 with the special values of OpenCL's powr.
Value powr(E &e, Value x, Value y) {
  Type t = x.getType();
  Value p = math::PowFOp::create(e.b, e.l, e.fabs(x), y);
  Value zero = e.f(t, 0.0);
  Value xNeg = e.cmpf(CmpFPredicate::OLT, x, zero);
  Value xZero = e.cmpf(CmpFPredicate::OEQ, x, zero);
  Value yZero = e.cmpf(CmpFPredicate::OEQ, y, zero);
  Value xInf = e.isinf(x);
  Value xOne = e.cmpf(CmpFPredicate::OEQ, x, e.f(t, 1.0));
  Value yInf = e.isinf(y);
  Value bad = e.bor(e.bor(xNeg, e.bor(e.isnan(x), e.isnan(y))),
                    e.bor(e.band(e.bor(xZero, xInf), yZero),
                          e.band(xOne, yInf)));
  return e.sel(bad, e.qnan(t), p);
}

Value maxmag(E &e, Value x, Value y, bool isMax) {
  Value ax = e.fabs(x), ay = e.fabs(y);
  Value xWins = e.cmpf(isMax ? CmpFPredicate::OGT : CmpFPredicate::OLT, ax, ay);
  Value yWins = e.cmpf(isMax ? CmpFPredicate::OGT : CmpFPredicate::OLT, ay, ax);
  Value tie = isMax ? (Value)arith::MaxNumFOp::create(e.b, e.l, x, y)
                    : (Value)arith::MinNumFOp::create(e.b, e.l, x, y);
  return e.sel(xWins, x, e.sel(yWins, y, tie));
}

/// Unary math functions with an upstream op.
Value unaryMathOp(E &e, StringRef n, Value x) {
  OpBuilder &b = e.b;
  Location l = e.l;
#define M(NAME, OP)                                                            \
  if (n == NAME)                                                               \
    return math::OP::create(b, l, x);
  M("acos", AcosOp) M("acosh", AcoshOp) M("asin", AsinOp) M("asinh", AsinhOp)
  M("atan", AtanOp) M("atanh", AtanhOp) M("cbrt", CbrtOp) M("ceil", CeilOp)
  M("cos", CosOp) M("cosh", CoshOp) M("erfc", ErfcOp) M("erf", ErfOp)
  M("exp", ExpOp) M("exp2", Exp2Op) M("expm1", ExpM1Op) M("fabs", AbsFOp)
  M("floor", FloorOp) M("log", LogOp) M("log2", Log2Op) M("log10", Log10Op)
  M("log1p", Log1pOp) M("rint", RoundEvenOp) M("round", RoundOp)
  M("rsqrt", RsqrtOp) M("sin", SinOp) M("sinh", SinhOp) M("sqrt", SqrtOp)
  M("tan", TanOp) M("tanh", TanhOp) M("trunc", TruncOp)
#undef M
  return {};
}

bool isUnaryCall(StringRef n) {
  return llvm::is_contained(
      std::initializer_list<StringRef>{"cospi", "sinpi", "tanpi", "acospi",
                                       "asinpi", "atanpi", "exp10", "lgamma",
                                       "logb", "tgamma"},
      n);
}

/// Math builtins on float operands (already broadcast to `rt`'s shape
/// where element-wise).
Value emitMath(E &e, StringRef n, ArrayRef<Value> a, Type rt) {
  OpBuilder &b = e.b;
  Location l = e.l;
  // half_* and native_* have wider error bounds than the full-precision
  // functions, which therefore implement them.
  if (n.consume_front("half_") || n.consume_front("native_")) {
    if (n == "recip" && a.size() == 1)
      return e.div(e.f(a[0].getType(), 1.0), a[0]);
    if (n == "divide" && a.size() == 2)
      return e.div(a[0], a[1]);
  }
  if (a.size() == 1) {
    if (Value v = unaryMathOp(e, n, a[0]))
      return v;
    if (isUnaryCall(n))
      return e.call(n, a[0], a[0].getType());
    if (n == "ilogb")
      return e.call(n, a[0], rt);
    return {};
  }
  if (a.size() == 2) {
    Value x = a[0], y = a[1];
    if (n == "atan2")
      return math::Atan2Op::create(b, l, x, y);
    if (n == "copysign")
      return math::CopySignOp::create(b, l, x, y);
    if (n == "fmax")
      return arith::MaxNumFOp::create(b, l, x, y);
    if (n == "fmin")
      return arith::MinNumFOp::create(b, l, x, y);
    if (n == "fmod")
      return arith::RemFOp::create(b, l, x, y);
    if (n == "pow")
      return math::PowFOp::create(b, l, x, y);
    if (n == "powr")
      return powr(e, x, y);
    if (n == "fdim") {
      Value le = e.cmpf(CmpFPredicate::OLE, x, y);
      return e.sel(le, e.f(x.getType(), 0.0), e.sub(x, y));
    }
    if (n == "maxmag")
      return maxmag(e, x, y, true);
    if (n == "minmag")
      return maxmag(e, x, y, false);
    if (n == "hypot" || n == "nextafter" || n == "remainder" ||
        n == "atan2pi")
      return e.call(n, {x, y}, x.getType());
    if (n == "ldexp" || n == "pown" || n == "rootn")
      return e.call(n, {x, e.splat(y, x.getType())}, x.getType());
    return {};
  }
  if (a.size() == 3 && (n == "fma" || n == "mad"))
    return math::FmaOp::create(b, l, a[0], a[1], a[2]);
  return {};
}

Rounding parseRounding(StringRef &n) {
  if (n.consume_back("_rte"))
    return Rounding::RTE;
  if (n.consume_back("_rtz"))
    return Rounding::RTZ;
  if (n.consume_back("_rtp"))
    return Rounding::RTP;
  if (n.consume_back("_rtn"))
    return Rounding::RTN;
  return Rounding::Default;
}

} // namespace

//===----------------------------------------------------------------------===//
// Helpers for the pointer-output builtins
//===----------------------------------------------------------------------===//

std::pair<Value, Value> emitFrexp(OpBuilder &b, Location l, Value x,
                                  Type expType) {
  E e{b, l, {}};
  Type t = x.getType();
  Type it = e.intLike(t);
  bool dbl = elemOf(t).isF64();
  unsigned mbits = dbl ? 52 : 23;
  int64_t bias = dbl ? 1023 : 127;
  int64_t expMask = dbl ? 0x7ff : 0xff;
  // Denormals: scale into the normal range first.
  double minNormal = dbl ? 0x1p-1022 : 0x1p-126;
  int scaleExp = dbl ? 54 : 25;
  Value denorm = e.cmpf(CmpFPredicate::OLT, e.fabs(x), e.f(t, minNormal));
  Value xs = e.sel(denorm, e.mul(x, e.f(t, std::ldexp(1.0, scaleExp))), x);
  Value adj = e.sel(e.splat(denorm, withElem(t, b.getI1Type())),
                    e.i(it, -scaleExp), e.i(it, 0));
  Value bits = e.bitcast(xs, it);
  Value ex = e.band(e.shru(bits, e.i(it, mbits)), e.i(it, expMask));
  Value exp = e.add(e.sub(ex, e.i(it, bias - 1)), adj);
  Value clearMask = e.i(it, ~(llvm::APInt(bitsOf(it), expMask).shl(mbits)));
  Value mbitsV = e.bor(e.band(bits, clearMask),
                       e.i(it, llvm::APInt(bitsOf(it), bias - 1).shl(mbits)));
  Value mant = e.bitcast(mbitsV, t);
  // Zero, inf and NaN: (x, 0).
  Value special = e.bor(e.cmpf(CmpFPredicate::UEQ, x, e.f(t, 0.0)), e.isinf(x));
  mant = e.sel(special, x, mant);
  exp = e.sel(special, e.i(it, 0), exp);
  if (bitsOf(expType) < bitsOf(it))
    exp = arith::TruncIOp::create(b, l, expType, exp);
  else if (bitsOf(expType) > bitsOf(it))
    exp = arith::ExtSIOp::create(b, l, expType, exp);
  return {mant, exp};
}

std::pair<Value, Value> emitModf(OpBuilder &b, Location l, Value x) {
  E e{b, l, {}};
  Value ip = math::TruncOp::create(b, l, x);
  Value fr = e.sub(x, ip);
  fr = e.sel(e.isinf(x), e.f(x.getType(), 0.0), fr);
  return {e.copysign(fr, x), ip};
}

std::pair<Value, Value> emitFract(OpBuilder &b, Location l, Value x) {
  E e{b, l, {}};
  Type t = x.getType();
  Value fl = math::FloorOp::create(b, l, x);
  llvm::APFloat below1 = llvm::APFloat::getOne(e.sem(t));
  below1.next(/*nextDown=*/true);
  Value fr = arith::MinNumFOp::create(b, l, e.sub(x, fl), e.fap(t, below1));
  fr = e.sel(e.isinf(x), e.copysign(e.f(t, 0.0), x), fr);
  fr = e.sel(e.isnan(x), x, fr);
  return {fr, fl};
}

std::pair<Value, Value> emitLgammaR(OpBuilder &b, Location l,
                                    gpu::GPUModuleOp module, Value x,
                                    Type signType) {
  E e{b, l, module};
  Type t = x.getType();
  Value lg = e.call("lgamma", x, t);
  // The sign of gamma(x): + for x > 0 and +0, - for -0, (-1)^floor(x) for
  // negative non-integers, 0 at the poles and for NaN.
  Value fl = math::FloorOp::create(b, l, x);
  Value half = e.mul(fl, e.f(t, 0.5));
  Value oddFloor = e.cmpf(CmpFPredicate::UNE, math::FloorOp::create(b, l, half),
                          half);
  Value zero = e.f(t, 0.0);
  Value negNonInt = e.band(e.cmpf(CmpFPredicate::OLT, x, zero),
                           e.cmpf(CmpFPredicate::UNE, fl, x));
  Value isZero = e.cmpf(CmpFPredicate::OEQ, x, zero);
  Value one = e.i(signType, 1), minus = e.i(signType, -1), none = e.i(signType, 0);
  Value sign = e.sel(e.cmpf(CmpFPredicate::OGT, x, zero), one, none);
  sign = e.sel(isZero, e.sel(e.signBit(x), minus, one), sign);
  sign = e.sel(negNonInt, e.sel(oddFloor, minus, one), sign);
  return {lg, sign};
}

std::pair<Value, Value> emitRemquo(OpBuilder &b, Location l,
                                   gpu::GPUModuleOp module, Value x, Value y,
                                   Type quoType) {
  E e{b, l, module};
  Type t = x.getType();
  Value rem = e.call("remainder", {x, y}, t);
  // The quotient's low 7 bits: k = n mod 128 of n = rint-even(x / y) comes
  // from r = fmod(|x|, 128|y|) (exact), as (r - remainder(r, |y|)) / |y|,
  // which is within far less than 0.5 of the integer k; the parity of n,
  // and so the tie-breaking of remainder, is that of k.
  Value ax = e.fabs(x), ay = e.fabs(y);
  Value r = arith::RemFOp::create(b, l, ax, e.mul(ay, e.f(t, 128.0)));
  Value r1 = e.call("remainder", {r, ay}, t);
  Value k = math::RoundEvenOp::create(b, l, e.div(e.sub(r, r1), ay));
  Value bad = e.bor(e.isnan(rem), e.isnan(k));
  k = e.sel(bad, e.f(t, 0.0), k);
  Value ki = arith::FPToSIOp::create(b, l, quoType, k);
  ki = e.band(ki, e.i(quoType, 127));
  Value negQ = e.bxor(e.signBit(x), e.signBit(y));
  Value quo = e.sel(negQ, e.sub(e.i(quoType, 0), ki), ki);
  return {rem, quo};
}

std::pair<Value, Value> emitSincos(OpBuilder &b, Location l, Value x) {
  return {math::SinOp::create(b, l, x), math::CosOp::create(b, l, x)};
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

BuiltinEmission emitValueBuiltin(OpBuilder &b, Location l,
                                 gpu::GPUModuleOp module, llvm::StringRef name,
                                 llvm::ArrayRef<BuiltinOperand> ops,
                                 BuiltinResult result) {
  BuiltinEmission out;
  auto done = [&](Value v) {
    out.status = v ? BuiltinStatus::Emitted : BuiltinStatus::Unknown;
    out.value = v;
    return out;
  };
  if (ops.empty())
    return out;
  E e{b, l, module};
  Type rt = result.type;
  llvm::SmallVector<Value, 3> raw;
  for (const BuiltinOperand &op : ops)
    raw.push_back(op.value);
  // Element-wise operands: scalars broadcast to the result's shape.
  auto bc = [&]() {
    llvm::SmallVector<Value, 3> v;
    for (Value x : raw)
      v.push_back(rt ? e.splat(x, rt) : x);
    return v;
  };
  Type t0 = raw[0].getType();
  bool isFloat = isFloatTy(t0);
  bool sgn = ops[0].isSigned;
  StringRef n = name;

  // Conversions and reinterpretations --------------------------------------
  if (n.starts_with("convert_") && raw.size() == 1 && rt) {
    StringRef s = n;
    Rounding mode = parseRounding(s);
    bool sat = s.ends_with("_sat");
    return done(convertValue(e, raw[0], ops[0].isSigned, rt, result.isSigned,
                             sat, mode));
  }
  if (n.starts_with("as_") && raw.size() == 1 && rt) {
    unsigned srcBits = bitsOf(t0) * (lanesOf(t0) == 3 ? 4 : lanesOf(t0));
    unsigned dstBits = bitsOf(rt) * (lanesOf(rt) == 3 ? 4 : lanesOf(rt));
    if (srcBits != dstBits) {
      out.status = BuiltinStatus::Refused;
      out.message = "'" + name.str() +
                    "' needs an operand of the same size as its result";
      return out;
    }
    return done(reinterpret(e, raw[0], rt));
  }

  // Relational ------------------------------------------------------------
  if (isFloat && rt && !isFloatTy(rt)) {
    static const llvm::StringMap<CmpFPredicate> cmps = {
        {"isequal", CmpFPredicate::OEQ},
        {"isnotequal", CmpFPredicate::UNE},
        {"isgreater", CmpFPredicate::OGT},
        {"isgreaterequal", CmpFPredicate::OGE},
        {"isless", CmpFPredicate::OLT},
        {"islessequal", CmpFPredicate::OLE},
        {"islessgreater", CmpFPredicate::ONE},
        {"isordered", CmpFPredicate::ORD},
        {"isunordered", CmpFPredicate::UNO}};
    auto it = cmps.find(n);
    if (it != cmps.end() && raw.size() == 2) {
      auto v = bc();
      return done(relResult(e, e.cmpf(it->second, v[0], v[1]), rt));
    }
    if (raw.size() == 1) {
      Value x = raw[0];
      Value c;
      if (n == "isfinite")
        c = e.cmpf(CmpFPredicate::OLT, e.fabs(x), e.inf(t0));
      else if (n == "isinf")
        c = e.isinf(x);
      else if (n == "isnan")
        c = e.isnan(x);
      else if (n == "isnormal")
        c = e.band(
            e.cmpf(CmpFPredicate::OGE, e.fabs(x),
                   e.fap(t0, llvm::APFloat::getSmallestNormalized(e.sem(t0)))),
            e.cmpf(CmpFPredicate::OLT, e.fabs(x), e.inf(t0)));
      else if (n == "signbit")
        c = e.signBit(x);
      if (c)
        return done(relResult(e, c, rt));
    }
  }
  if ((n == "any" || n == "all") && raw.size() == 1 && rt) {
    Value c;
    for (Value x : e.elems(raw[0])) {
      Value s = e.signBit(x);
      c = !c ? s : (n == "any" ? e.bor(c, s) : e.band(c, s));
    }
    return done(arith::ExtUIOp::create(b, l, rt, c));
  }
  if (n == "bitselect" && raw.size() == 3) {
    auto v = bc();
    Type it = isFloat ? e.intLike(t0) : v[0].getType();
    auto asInt = [&](Value x) { return isFloat ? e.bitcast(x, it) : x; };
    Value a = asInt(v[0]), bb = asInt(v[1]), c = asInt(v[2]);
    Value r = e.bor(e.band(a, e.bnot(c)), e.band(bb, c));
    return done(isFloat ? e.bitcast(r, v[0].getType()) : r);
  }
  if (n == "select" && raw.size() == 3) {
    auto v = bc();
    Value c = isVec(v[2].getType())
                  ? e.cmpi(CmpIPredicate::slt, v[2], e.i(v[2].getType(), 0))
                  : e.cmpi(CmpIPredicate::ne, v[2], e.i(v[2].getType(), 0));
    return done(e.sel(c, v[1], v[0]));
  }

  // Geometric -------------------------------------------------------------
  if (isFloat) {
    if (n == "dot" && raw.size() == 2)
      return done(dotOf(e, raw[0], raw[1]));
    if (n == "cross" && raw.size() == 2 && lanesOf(t0) >= 3) {
      SmallVector<Value> p = e.elems(raw[0]), q = e.elems(raw[1]);
      auto crossTerm = [&](int i1, int i2) {
        return e.sub(e.mul(p[i1], q[i2]), e.mul(p[i2], q[i1]));
      };
      SmallVector<Value> r = {crossTerm(1, 2), crossTerm(2, 0),
                              crossTerm(0, 1)};
      if (lanesOf(t0) == 4)
        r.push_back(e.f(elemOf(t0), 0.0));
      return done(vector::FromElementsOp::create(b, l, t0, r));
    }
    if (n == "length" && raw.size() == 1)
      return done(lengthOf(e, raw[0]));
    if (n == "distance" && raw.size() == 2)
      return done(lengthOf(e, e.sub(raw[0], raw[1])));
    if (n == "normalize" && raw.size() == 1)
      return done(normalizeOf(e, raw[0]));
    if (n == "fast_length" && raw.size() == 1)
      return done(math::SqrtOp::create(b, l, dotOf(e, raw[0], raw[0])));
    if (n == "fast_distance" && raw.size() == 2) {
      Value d = e.sub(raw[0], raw[1]);
      return done(math::SqrtOp::create(b, l, dotOf(e, d, d)));
    }
    if (n == "fast_normalize" && raw.size() == 1) {
      Value p = raw[0];
      Value s = dotOf(e, p, p);
      Value r = e.mul(p, e.splat(math::RsqrtOp::create(b, l, s), t0));
      Value zero = e.cmpf(CmpFPredicate::OEQ, s, e.f(s.getType(), 0.0));
      return done(e.sel(zero, p, r));
    }
  }

  // Common ----------------------------------------------------------------
  if (isFloat && rt && isFloatTy(rt)) {
    auto v = bc();
    if (n == "clamp" && v.size() == 3)
      return done(arith::MinNumFOp::create(
          b, l, arith::MaxNumFOp::create(b, l, v[0], v[1]), v[2]));
    if (n == "degrees" && v.size() == 1)
      return done(e.mul(v[0], e.f(rt, 180.0 / M_PI)));
    if (n == "radians" && v.size() == 1)
      return done(e.mul(v[0], e.f(rt, M_PI / 180.0)));
    if (n == "max" && v.size() == 2)
      return done(arith::MaxNumFOp::create(b, l, v[0], v[1]));
    if (n == "min" && v.size() == 2)
      return done(arith::MinNumFOp::create(b, l, v[0], v[1]));
    if (n == "mix" && v.size() == 3)
      return done(e.add(v[0], e.mul(e.sub(v[1], v[0]), v[2])));
    if (n == "step" && v.size() == 2)
      return done(e.sel(e.cmpf(CmpFPredicate::OLT, v[1], v[0]), e.f(rt, 0.0),
                        e.f(rt, 1.0)));
    if (n == "smoothstep" && v.size() == 3) {
      Value t = e.div(e.sub(v[2], v[0]), e.sub(v[1], v[0]));
      t = arith::MinNumFOp::create(
          b, l, arith::MaxNumFOp::create(b, l, t, e.f(rt, 0.0)), e.f(rt, 1.0));
      Value poly = e.sub(e.f(rt, 3.0), e.mul(e.f(rt, 2.0), t));
      return done(e.mul(e.mul(t, t), poly));
    }
    if (n == "sign" && v.size() == 1) {
      Value x = v[0];
      Value r = e.sel(e.cmpf(CmpFPredicate::OGT, x, e.f(rt, 0.0)), e.f(rt, 1.0),
                      e.sel(e.cmpf(CmpFPredicate::OLT, x, e.f(rt, 0.0)),
                            e.f(rt, -1.0), x));
      return done(e.sel(e.isnan(x), e.f(rt, 0.0), r));
    }
    if (Value m = emitMath(e, n, v, rt))
      return done(m);
  }
  if (isFloat && rt && n == "ilogb")
    return done(emitMath(e, n, raw, rt));
  if (n == "nan" && raw.size() == 1 && rt && isFloatTy(rt)) {
    // A quiet NaN carrying nancode in its significand.
    Type it = e.intLike(rt);
    unsigned w = bitsOf(rt);
    unsigned mbits = llvm::APFloat::semanticsPrecision(e.sem(rt)) - 1;
    Value code = e.splat(raw[0], it);
    if (bitsOf(code.getType()) < w)
      code = arith::ExtUIOp::create(b, l, it, code);
    else if (bitsOf(code.getType()) > w)
      code = arith::TruncIOp::create(b, l, it, code);
    llvm::APInt payloadMask = llvm::APInt::getLowBitsSet(w, mbits - 1);
    llvm::APInt quiet = llvm::APInt::getBitsSet(w, mbits - 1, w - 1);
    Value bits = e.bor(e.band(code, e.i(it, payloadMask)), e.i(it, quiet));
    return done(e.bitcast(bits, rt));
  }

  // Integer ---------------------------------------------------------------
  if (!isFloat && rt && !isFloatTy(rt)) {
    auto v = bc();
    Type t = v[0].getType();
    unsigned w = bitsOf(t);
    if (n == "min" && v.size() == 2)
      return done(e.minI(sgn, v[0], v[1]));
    if (n == "max" && v.size() == 2)
      return done(e.maxI(sgn, v[0], v[1]));
    if (n == "clamp" && v.size() == 3)
      return done(e.minI(sgn, e.maxI(sgn, v[0], v[1]), v[2]));
    if (n == "abs" && v.size() == 1) {
      if (!sgn)
        return done(v[0]);
      Value neg = e.cmpi(CmpIPredicate::slt, v[0], e.i(t, 0));
      return done(e.sel(neg, e.sub(e.i(t, 0), v[0]), v[0]));
    }
    if (n == "abs_diff" && v.size() == 2)
      return done(e.sub(e.maxI(sgn, v[0], v[1]), e.minI(sgn, v[0], v[1])));
    if (n == "add_sat" && v.size() == 2) {
      Value s = e.add(v[0], v[1]);
      if (!sgn)
        return done(e.sel(e.cmpi(CmpIPredicate::ult, s, v[0]), e.umax(t), s));
      // Overflow: operands of one sign, result of the other.
      Value ovf = e.signBit(e.band(e.bxor(s, v[0]), e.bxor(s, v[1])));
      Value satV = e.sel(e.signBit(v[0]), e.smin(t), e.smax(t));
      return done(e.sel(ovf, satV, s));
    }
    if (n == "sub_sat" && v.size() == 2) {
      Value d = e.sub(v[0], v[1]);
      if (!sgn)
        return done(
            e.sel(e.cmpi(CmpIPredicate::ult, v[0], v[1]), e.i(t, 0), d));
      Value ovf = e.signBit(e.band(e.bxor(v[0], v[1]), e.bxor(d, v[0])));
      Value satV = e.sel(e.signBit(v[0]), e.smin(t), e.smax(t));
      return done(e.sel(ovf, satV, d));
    }
    if ((n == "hadd" || n == "rhadd") && v.size() == 2) {
      Value one = e.i(t, 1);
      Value h = e.add(sgn ? e.shrs(v[0], one) : e.shru(v[0], one),
                      sgn ? e.shrs(v[1], one) : e.shru(v[1], one));
      Value lowBits = n == "hadd" ? e.band(v[0], v[1]) : e.bor(v[0], v[1]);
      return done(e.add(h, e.band(lowBits, one)));
    }
    if (n == "clz" && v.size() == 1)
      return done(math::CountLeadingZerosOp::create(b, l, v[0]));
    if (n == "popcount" && v.size() == 1)
      return done(math::CtPopOp::create(b, l, v[0]));
    if (n == "mul_hi" && v.size() == 2)
      return done(mulHi(e, v[0], v[1], sgn));
    if (n == "mad_hi" && v.size() == 3)
      return done(e.add(mulHi(e, v[0], v[1], sgn), v[2]));
    if (n == "mad_sat" && v.size() == 3)
      return done(madSat(e, v[0], v[1], v[2], sgn));
    if (n == "rotate" && v.size() == 2) {
      Value mask = e.i(t, w - 1);
      Value k = e.band(v[1], mask);
      Value back = e.band(e.sub(e.i(t, w), k), mask);
      return done(e.bor(e.shl(v[0], k), e.shru(v[0], back)));
    }
    if (n == "upsample" && v.size() == 2) {
      Value hi = arith::ExtUIOp::create(b, l, rt, v[0]);
      Value lo = arith::ExtUIOp::create(b, l, rt, v[1]);
      return done(e.bor(e.shl(hi, e.i(rt, w)), lo));
    }
    if (n == "mul24" && v.size() == 2)
      return done(e.mul(v[0], v[1]));
    if (n == "mad24" && v.size() == 3)
      return done(e.add(e.mul(v[0], v[1]), v[2]));
  }
  return out;
}

} // namespace acc
