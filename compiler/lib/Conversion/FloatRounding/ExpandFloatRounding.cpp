//===- ExpandFloatRounding.cpp - Directed rounding of float truncation ----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A directed rounding is the nearest rounding r = trunc(x), moved by one
// ulp when it landed on the wrong side of x: back = ext(r) is exact, so
// comparing it with x tells which side r is on. Moving by one ulp is one
// step of the sign-magnitude bit pattern: -1 shrinks the magnitude, +1
// grows it (from the largest finite value to infinity, from zero to the
// smallest denormal). A NaN compares false and is left alone.
//
//===----------------------------------------------------------------------===//

#include "acc/Conversion/ExpandFloatRounding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace acc {
namespace {

/// The integer `v` of `type` (an integer type or a vector of one), splat
/// for a vector.
Value intConstant(OpBuilder &b, Location l, Type type, int64_t v) {
  TypedAttr a = b.getIntegerAttr(getElementTypeOrSelf(type), v);
  if (auto vt = llvm::dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, l, DenseElementsAttr::get(vt, a));
  return arith::ConstantOp::create(b, l, a);
}

} // namespace

void expandFloatRounding(Operation *root) {
  llvm::SmallVector<arith::TruncFOp> work;
  root->walk([&](arith::TruncFOp op) {
    std::optional<arith::RoundingMode> mode = op.getRoundingmode();
    if (mode && (*mode == arith::RoundingMode::toward_zero ||
                 *mode == arith::RoundingMode::upward ||
                 *mode == arith::RoundingMode::downward))
      work.push_back(op);
  });
  for (arith::TruncFOp op : work) {
    OpBuilder b(op);
    Location l = op.getLoc();
    Value x = op.getIn();
    Type dst = op.getType();
    Type dstElem = getElementTypeOrSelf(dst);
    Type bitsElem = b.getIntegerType(dstElem.getIntOrFloatBitWidth());
    Type bitsType = bitsElem;
    if (auto vt = llvm::dyn_cast<VectorType>(dst))
      bitsType = VectorType::get(vt.getShape(), bitsElem);
    auto intConst = [&](int64_t v) { return intConstant(b, l, bitsType, v); };

    Value nearest = arith::TruncFOp::create(b, l, dst, x);
    Value back = arith::ExtFOp::create(b, l, x.getType(), nearest);
    Value bits = arith::BitcastOp::create(b, l, bitsType, nearest);
    Value minus = arith::SubIOp::create(b, l, bits, intConst(1));
    Value plus = arith::AddIOp::create(b, l, bits, intConst(1));
    Value negative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                           bits, intConst(0));
    Value wrong, moved;
    switch (*op.getRoundingmode()) {
    case arith::RoundingMode::toward_zero:
      wrong = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                    math::AbsFOp::create(b, l, back),
                                    math::AbsFOp::create(b, l, x));
      moved = minus;
      break;
    case arith::RoundingMode::upward:
      wrong = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, back, x);
      moved = arith::SelectOp::create(b, l, negative, minus, plus);
      break;
    default: // downward
      wrong = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, back, x);
      moved = arith::SelectOp::create(b, l, negative, plus, minus);
      break;
    }
    Value fixed = arith::BitcastOp::create(b, l, dst, moved);
    Value result = arith::SelectOp::create(b, l, wrong, fixed, nearest);
    op.replaceAllUsesWith(result);
    op.erase();
  }
}

void splitDoubleToHalf(Operation *root) {
  llvm::SmallVector<arith::TruncFOp> work;
  root->walk([&](arith::TruncFOp op) {
    if (getElementTypeOrSelf(op.getIn().getType()).isF64() &&
        getElementTypeOrSelf(op.getType()).isF16())
      work.push_back(op);
  });
  for (arith::TruncFOp op : work) {
    OpBuilder b(op);
    Location l = op.getLoc();
    Value x = op.getIn();
    auto like = [&](Type elem) -> Type {
      if (auto vt = llvm::dyn_cast<VectorType>(x.getType()))
        return VectorType::get(vt.getShape(), elem);
      return elem;
    };
    Type f32 = like(b.getF32Type()), i32 = like(b.getI32Type());
    auto intConst = [&](int64_t v) { return intConstant(b, l, i32, v); };
    // Round to odd: the nearest float, moved toward zero when it is
    // farther from zero than x, with the last bit set when it is inexact.
    Value nearest = arith::TruncFOp::create(b, l, f32, x);
    Value back = arith::ExtFOp::create(b, l, x.getType(), nearest);
    Value bits = arith::BitcastOp::create(b, l, i32, nearest);
    Value above = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT,
                                        math::AbsFOp::create(b, l, back),
                                        math::AbsFOp::create(b, l, x));
    Value down = arith::SelectOp::create(
        b, l, above, arith::SubIOp::create(b, l, bits, intConst(1)), bits);
    Value odd = arith::OrIOp::create(b, l, down, intConst(1));
    Value inexact =
        arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNE, back, x);
    Value rounded = arith::SelectOp::create(
        b, l, inexact, arith::BitcastOp::create(b, l, f32, odd), nearest);
    auto half = arith::TruncFOp::create(b, l, op.getType(), rounded,
                                        op.getRoundingmodeAttr(),
                                        op.getFastmathAttr());
    op.replaceAllUsesWith(half.getResult());
    op.erase();
  }
}

} // namespace acc
