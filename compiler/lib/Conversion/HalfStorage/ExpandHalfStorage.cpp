//===- ExpandHalfStorage.cpp - half storage without half values -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See ExpandHalfStorage.h. The conversions work on the bits:
//
//   half -> float   sign, exponent and mantissa moved into place (exact;
//                   subnormal halves through an exact integer-to-float
//                   conversion scaled by 2^-24; inf and NaN kept)
//   float or double -> half
//                   the source's significand shifted right to the half's
//                   10 bits (further for half subnormals), then rounded by
//                   the mode from the bits shifted out: to nearest even,
//                   toward zero, up or down; a carry moves into the
//                   exponent and can reach infinity, as IEEE rounding does
//
//===----------------------------------------------------------------------===//

#include "acc/Conversion/ExpandHalfStorage.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace acc {
namespace {

class Bits {
public:
  Bits(OpBuilder &b, Location l) : b(b), l(l) {}

  Value c(Type t, int64_t v) {
    return arith::ConstantOp::create(b, l, IntegerAttr::get(t, v));
  }
  Value sel(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, l, cond, x, y);
  }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, l, p, x, y);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, l, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, l, x, y); }
  Value band(Value x, Value y) { return arith::AndIOp::create(b, l, x, y); }
  Value bor(Value x, Value y) { return arith::OrIOp::create(b, l, x, y); }
  Value shl(Value x, Value y) { return arith::ShLIOp::create(b, l, x, y); }
  Value shr(Value x, Value y) { return arith::ShRUIOp::create(b, l, x, y); }
  Value bnot(Value c1) {
    return arith::XOrIOp::create(
        b, l, c1, arith::ConstantOp::create(b, l, b.getBoolAttr(true)));
  }

  /// The f32 or f64 value of half bits `h` (i16).
  Value fromHalf(Value h, FloatType to) {
    Type i32 = b.getI32Type();
    Value x = arith::ExtUIOp::create(b, l, i32, h);
    Value sign = shl(band(x, c(i32, 0x8000)), c(i32, 16));
    Value exp = band(shr(x, c(i32, 10)), c(i32, 0x1f));
    Value mant = band(x, c(i32, 0x3ff));
    // Normal: rebias the exponent (15 -> 127); inf and NaN: all ones.
    Value normal = bor(shl(add(exp, c(i32, 112)), c(i32, 23)),
                       shl(mant, c(i32, 13)));
    Value special = bor(c(i32, 0x7f800000), shl(mant, c(i32, 13)));
    Value bits = sel(cmp(arith::CmpIPredicate::eq, exp, c(i32, 0x1f)), special,
                     normal);
    Type f32 = b.getF32Type();
    Value f = arith::BitcastOp::create(b, l, f32, bor(sign, bits));
    // Zero and subnormal: mant * 2^-24, exactly, with the sign.
    Value tiny = arith::MulFOp::create(
        b, l, arith::UIToFPOp::create(b, l, f32, mant),
        arith::ConstantOp::create(b, l, FloatAttr::get(f32, 0x1p-24)));
    tiny = arith::BitcastOp::create(
        b, l, f32,
        bor(sign, arith::BitcastOp::create(b, l, i32, tiny).getResult()));
    f = sel(cmp(arith::CmpIPredicate::eq, exp, c(i32, 0)), tiny, f);
    return to.isF32() ? f : (Value)arith::ExtFOp::create(b, l, to, f);
  }

  /// The half bits (i16) of f32 or f64 `x` rounded by `mode`.
  Value toHalf(Value x, arith::RoundingMode mode) {
    auto ft = llvm::cast<FloatType>(x.getType());
    unsigned w = ft.getWidth();
    unsigned m = ft.getFPMantissaWidth() - 1; // stored mantissa bits
    int64_t bias = (int64_t(1) << (w - m - 2)) - 1;
    Type it = b.getIntegerType(w);
    Value bits = arith::BitcastOp::create(b, l, it, x);
    Value sign = shr(bits, c(it, w - 1));
    Value a = band(bits, c(it, w == 64 ? 0x7fffffffffffffffLL : 0x7fffffffLL));
    Value expField = shr(a, c(it, m));
    Value mantField = band(a, c(it, (int64_t(1) << m) - 1));
    Value maxExp = c(it, (int64_t(1) << (w - m - 1)) - 1);
    Value isSpecial = cmp(arith::CmpIPredicate::eq, expField, maxExp);
    Value isNaN = band(isSpecial,
                       cmp(arith::CmpIPredicate::ne, mantField, c(it, 0)));
    // The significand with its implicit bit, and the true exponent
    // (subnormal sources: 1 - bias).
    Value isNormalSrc = cmp(arith::CmpIPredicate::ne, expField, c(it, 0));
    Value sig = bor(mantField, sel(isNormalSrc, c(it, int64_t(1) << m),
                                   c(it, 0)));
    Value e = sub(sel(isNormalSrc, expField, c(it, 1)), c(it, bias));
    // Shift to the half's 10 bits, further below 2^-14 (half subnormals),
    // at most m + 2 (everything shifted out, below half the least
    // subnormal).
    Value extra = sub(c(it, -14), e);
    extra = sel(cmp(arith::CmpIPredicate::sgt, extra, c(it, 0)), extra,
                c(it, 0));
    Value sh = add(c(it, m - 10), extra);
    sh = sel(cmp(arith::CmpIPredicate::sgt, sh, c(it, m + 2)), c(it, m + 2),
             sh);
    Value kept = shr(sig, sh);
    Value rem = band(sig, sub(shl(c(it, 1), sh), c(it, 1)));
    Value halfway = shl(c(it, 1), sub(sh, c(it, 1)));
    Value normalHalf = cmp(arith::CmpIPredicate::sge, e, c(it, -14));
    // Normal: (e + 14) << 10 plus the kept bits, whose bit 10 is the
    // implicit one, gives (e + 15) << 10 | mantissa.
    Value result = add(sel(normalHalf, shl(add(e, c(it, 14)), c(it, 10)),
                           c(it, 0)),
                       kept);
    Value nonZeroRem = cmp(arith::CmpIPredicate::ne, rem, c(it, 0));
    Value negative = cmp(arith::CmpIPredicate::ne, sign, c(it, 0));
    Value one = c(it, 1), zero = c(it, 0);
    Value inf = c(it, 0x7c00), maxFinite = c(it, 0x7bff);
    // Past the largest half: infinity, or the largest finite half when the
    // mode rounds the magnitude down.
    Value overflow = cmp(arith::CmpIPredicate::sgt, e, c(it, 15));
    Value inc, big;
    if (mode == arith::RoundingMode::to_nearest_even ||
        mode == arith::RoundingMode::to_nearest_away) {
      // Ties to even (the only nearest mode OpenCL's conversions have).
      Value above = cmp(arith::CmpIPredicate::ugt, rem, halfway);
      Value tie = band(cmp(arith::CmpIPredicate::eq, rem, halfway),
                       cmp(arith::CmpIPredicate::ne, band(result, one), zero));
      inc = sel(bor(above, tie), one, zero);
      big = inf;
    } else {
      // A directed mode: does it round this sign's magnitude up?
      Value away = mode == arith::RoundingMode::upward ? bnot(negative)
                   : mode == arith::RoundingMode::downward
                       ? negative
                       : (Value)arith::ConstantOp::create(b, l, b.getBoolAttr(false));
      inc = sel(band(nonZeroRem, away), one, zero);
      big = sel(away, inf, maxFinite);
    }
    result = add(result, inc);
    result = sel(overflow, big, result);
    // Infinity stays infinity, NaN a quiet NaN.
    result = sel(isSpecial, sel(isNaN, c(it, 0x7e00), inf), result);
    result = bor(result, shl(sign, c(it, 15)));
    return arith::TruncIOp::create(b, l, b.getI16Type(), result);
  }

private:
  OpBuilder &b;
  Location l;
};

bool isHalfMemRef(Type t) {
  auto m = llvm::dyn_cast<MemRefType>(t);
  return m && m.getElementType().isF16();
}

} // namespace

bool expandHalfStorage(Operation *kernel, std::string &error) {
  // The loads and stores of half, before the memrefs change type.
  SmallVector<memref::LoadOp> loads;
  SmallVector<memref::StoreOp> stores;
  Operation *unexpected = nullptr;
  kernel->walk([&](Operation *op) {
    if (auto load = dyn_cast<memref::LoadOp>(op); load && load.getType().isF16())
      loads.push_back(load);
    else if (auto store = dyn_cast<memref::StoreOp>(op);
             store && store.getValueToStore().getType().isF16())
      stores.push_back(store);
  });
  for (memref::LoadOp load : loads)
    for (Operation *user : load->getUsers())
      if (!isa<arith::ExtFOp>(user))
        unexpected = user;
  for (memref::StoreOp store : stores) {
    auto trunc = store.getValueToStore().getDefiningOp<arith::TruncFOp>();
    if (!trunc || !(trunc.getIn().getType().isF32() ||
                    trunc.getIn().getType().isF64()))
      unexpected = store;
  }
  if (unexpected) {
    error = "a use of a half value other than vload_half/vstore_half";
    return false;
  }

  MLIRContext *ctx = kernel->getContext();
  Type i16 = IntegerType::get(ctx, 16);
  for (memref::StoreOp store : stores) {
    auto trunc = store.getValueToStore().getDefiningOp<arith::TruncFOp>();
    OpBuilder b(store);
    Bits bits(b, store.getLoc());
    arith::RoundingMode mode = trunc.getRoundingmode().value_or(
        arith::RoundingMode::to_nearest_even);
    Value h = bits.toHalf(trunc.getIn(), mode);
    memref::StoreOp::create(b, store.getLoc(), h, store.getMemref(),
                            store.getIndices());
    store.erase();
    if (trunc->use_empty())
      trunc.erase();
  }
  // Every memref of half becomes one of i16 (arguments, local memory).
  AttrTypeReplacer replacer;
  replacer.addReplacement([&](MemRefType type) -> std::optional<Type> {
    if (!type.getElementType().isF16())
      return std::nullopt;
    return MemRefType::get(type.getShape(), i16, type.getLayout(),
                           type.getMemorySpace());
  });
  replacer.recursivelyReplaceElementsIn(kernel, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/true);
  for (memref::LoadOp load : loads) {
    OpBuilder b(load);
    Bits bits(b, load.getLoc());
    Value h = memref::LoadOp::create(b, load.getLoc(), load.getMemref(),
                                     load.getIndices());
    for (Operation *user : llvm::make_early_inc_range(load->getUsers())) {
      auto ext = cast<arith::ExtFOp>(user);
      OpBuilder ub(ext);
      Bits ubits(ub, ext.getLoc());
      ext.getResult().replaceAllUsesWith(
          ubits.fromHalf(h, llvm::cast<FloatType>(ext.getType())));
      ext.erase();
    }
    load.erase();
  }
  bool left = false;
  kernel->walk([&](Operation *op) {
    left |= llvm::any_of(op->getResultTypes(), [](Type t) {
      return getElementTypeOrSelf(t).isF16() || isHalfMemRef(t);
    });
  });
  if (left) {
    error = "a half value it cannot rewrite into integer bits";
    return false;
  }
  return true;
}

} // namespace acc
