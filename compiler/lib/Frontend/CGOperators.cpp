//===- CGOperators.cpp - Conversions and operators to portable IR ---------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Conversions and casts between OpenCL's scalar and vector types, and the
// unary, binary, compound-assignment, logical and conditional operators,
// including pointer arithmetic and the multiply-adds the portable pipeline
// may fuse.
//
//===----------------------------------------------------------------------===//

#include "CodeGenImpl.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <functional>

using namespace mlir;

namespace acc {
namespace cg {

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

Value KernelCodeGen::emitConversion(Value v, cl::QualType from,
                                    cl::QualType to, Location l) {
  Type dst = convertValueType(to);
  if (!dst || !v)
    return placeholder(to, l);
  Type src = v.getType();
  if (src == dst)
    return v; // Same width: signedness changes are free for signless integers.
  if (to->isBooleanType())
    return toBool(v, l);
  Type se = getElementTypeOrSelf(src), de = getElementTypeOrSelf(dst);
  if (llvm::isa<VectorType>(dst) && !llvm::isa<VectorType>(src)) {
    // A scalar converted to a vector: convert, then splat.
    Value s = emitConversion(v, from, elementType(to), l);
    return vector::BroadcastOp::create(builder, l, dst, s);
  }
  bool srcFloat = llvm::isa<FloatType>(se);
  bool dstFloat = llvm::isa<FloatType>(de);
  if (srcFloat && dstFloat) {
    if (se.getIntOrFloatBitWidth() < de.getIntOrFloatBitWidth())
      return arith::ExtFOp::create(builder, l, dst, v);
    return arith::TruncFOp::create(builder, l, dst, v);
  }
  if (srcFloat) {
    if (isSigned(to))
      return arith::FPToSIOp::create(builder, l, dst, v);
    return arith::FPToUIOp::create(builder, l, dst, v);
  }
  bool srcSigned = isSigned(from) && !from->isBooleanType();
  if (dstFloat) {
    if (srcSigned)
      return arith::SIToFPOp::create(builder, l, dst, v);
    return arith::UIToFPOp::create(builder, l, dst, v);
  }
  unsigned sw = se.getIntOrFloatBitWidth(), dw = de.getIntOrFloatBitWidth();
  if (sw < dw) {
    if (srcSigned)
      return arith::ExtSIOp::create(builder, l, dst, v);
    return arith::ExtUIOp::create(builder, l, dst, v);
  }
  return arith::TruncIOp::create(builder, l, dst, v);
}

RValue KernelCodeGen::emitCast(const cl::CastExpr *expr) {
  Location l = loc(expr->getBeginLoc());
  const cl::Expr *sub = expr->getSubExpr();
  cl::QualType to = expr->getType();
  switch (expr->getCastKind()) {
  case cl::CK_LValueToRValue: {
    // A vector literal is a compound literal: build the value directly.
    if (const auto *cle = llvm::dyn_cast<cl::CompoundLiteralExpr>(sub->IgnoreParens()))
      if (to->isVectorType())
        if (const auto *ile = llvm::dyn_cast<cl::InitListExpr>(cle->getInitializer()))
          return RValue::get(emitVectorInitList(ile, to));
    LValue lv = emitLValue(sub);
    return loadLValue(lv, to, l, sub->getBeginLoc());
  }
  case cl::CK_NoOp:
  case cl::CK_AddressSpaceConversion:
  case cl::CK_ToVoid:
    return emitExpr(sub);
  case cl::CK_IntegralCast:
  case cl::CK_IntegralToFloating:
  case cl::CK_FloatingToIntegral:
  case cl::CK_FloatingCast:
  case cl::CK_IntegralToBoolean:
  case cl::CK_FloatingToBoolean:
    return RValue::get(emitConversion(emitValue(sub), sub->getType(), to, l));
  case cl::CK_BooleanToSignedIntegral: {
    // (int)true in a vector context is -1: sign-extend the i1.
    Value v = emitValue(sub);
    return RValue::get(arith::ExtSIOp::create(builder, l, convertValueType(to), v));
  }
  case cl::CK_VectorSplat: {
    Value v = emitValue(sub);
    Type vt = convertValueType(to);
    Type elem = getElementTypeOrSelf(vt);
    if (v.getType() != elem)
      v = emitConversion(v, sub->getType(), elementType(to), l);
    return RValue::get(vector::BroadcastOp::create(builder, l, vt, v));
  }
  case cl::CK_BitCast:
    if (to->isPointerType()) {
      // A pointer to another element type views the same memory; each
      // access checks that the new type is made of whole units.
      return emitExpr(sub);
    }
    {
      Value v = emitValue(sub);
      Type vt = convertValueType(to);
      if (vt && v.getType() != vt) {
        auto a = llvm::dyn_cast<VectorType>(v.getType());
        auto b = llvm::dyn_cast<VectorType>(vt);
        if ((!a && !b) || (a && b && a.getNumElements() == b.getNumElements()))
          return RValue::get(arith::BitcastOp::create(builder, l, vt, v));
        unsupported(expr->getBeginLoc(), "this bit cast",
                    "; use as_<type>() to reinterpret a value");
        return RValue::get(placeholder(to, l));
      }
      return RValue::get(v);
    }
  case cl::CK_ArrayToPointerDecay: {
    LValue lv = emitLValue(sub);
    if (lv.kind != LValue::Memory)
      return {};
    return RValue::getPtr(lv.addr);
  }
  case cl::CK_NullToPointer:
  case cl::CK_IntegralToPointer:
    unsupported(expr->getBeginLoc(), "a pointer made from an integer",
                "; pointers must come from a buffer argument");
    return {};
  case cl::CK_PointerToBoolean:
  case cl::CK_PointerToIntegral:
    unsupported(expr->getBeginLoc(), "converting a pointer to an integer",
                "; compute with indices instead");
    return RValue::get(placeholder(to, l));
  case cl::CK_FunctionToPointerDecay:
  case cl::CK_BuiltinFnToFnPtr:
    unsupported(expr->getBeginLoc(), "function pointers",
                " (OpenCL C forbids them); call the function directly or "
                "switch on an integer");
    return {};
  case cl::CK_ZeroToOCLOpaqueType:
    // The 0 event of async_work_group_copy().
    return RValue::get(intConst(builder.getI32Type(), 0, l));
  case cl::CK_IntToOCLSampler:
    unsupported(expr->getBeginLoc(), "samplers",
                "; acc has no images: pass the pixels in a buffer");
    return {};
  default:
    unsupported(expr->getBeginLoc(),
                std::string("the conversion '") + expr->getCastKindName() + "'");
    return RValue::get(placeholder(to, l));
  }
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

RValue KernelCodeGen::emitUnary(const cl::UnaryOperator *expr) {
  Location l = loc(expr->getBeginLoc());
  const cl::Expr *sub = expr->getSubExpr();
  cl::QualType type = expr->getType();
  switch (expr->getOpcode()) {
  case cl::UO_Plus:
    return emitExpr(sub);
  case cl::UO_Minus: {
    Value v = emitValue(sub);
    if (llvm::isa<FloatType>(getElementTypeOrSelf(v.getType())))
      return RValue::get(arith::NegFOp::create(builder, l, v));
    return RValue::get(
        arith::SubIOp::create(builder, l, intConst(v.getType(), 0, l), v));
  }
  case cl::UO_Not: {
    Value v = emitValue(sub);
    return RValue::get(
        arith::XOrIOp::create(builder, l, v, intConst(v.getType(), -1, l)));
  }
  case cl::UO_LNot: {
    if (sub->getType()->isVectorType()) {
      // !v on a vector: -1 where the lane is zero.
      Value v = emitValue(sub);
      Value zero = constant(v.getType(), 0.0, 0, l);
      Value c = llvm::isa<FloatType>(getElementTypeOrSelf(v.getType()))
                    ? (Value)arith::CmpFOp::create(builder, l,
                                                   arith::CmpFPredicate::OEQ, v, zero)
                    : (Value)arith::CmpIOp::create(builder, l,
                                                   arith::CmpIPredicate::eq, v, zero);
      return RValue::get(fromBool(c, type, l));
    }
    Value c = emitCondition(sub);
    Value n = arith::XOrIOp::create(builder, l, c,
                                    intConst(builder.getI1Type(), 1, l));
    return RValue::get(fromBool(n, type, l));
  }
  case cl::UO_Deref: {
    Address p = emitPointer(sub);
    if (!p)
      return isAggregate(type) ? RValue{} : RValue::get(placeholder(type, l));
    if (type->isPointerType()) {
      unsupported(expr->getBeginLoc(), "pointers stored in memory",
                  "; store an index into the buffer instead");
      return {};
    }
    if (isAggregate(type))
      return RValue::getAgg(p);
    return RValue::get(loadValue(p, type, l));
  }
  case cl::UO_AddrOf: {
    LValue lv = emitLValue(sub);
    if (lv.kind == LValue::PointerVariable) {
      unsupported(expr->getBeginLoc(), "the address of a pointer variable",
                  "; pass the pointer itself");
      return {};
    }
    if (lv.kind == LValue::VectorElements) {
      unsupported(expr->getBeginLoc(), "the address of a vector component",
                  "; copy the component into a variable");
      return {};
    }
    if (!lv.valid())
      return {};
    return RValue::getPtr(lv.addr);
  }
  case cl::UO_PreInc:
  case cl::UO_PreDec:
  case cl::UO_PostInc:
  case cl::UO_PostDec: {
    bool inc = expr->isIncrementOp();
    LValue lv = emitLValue(sub);
    RValue old = loadLValue(lv, sub->getType(), l, sub->getBeginLoc());
    RValue updated;
    if (old.isPtr()) {
      int64_t stride =
          pointerStride(sub->getType()->getPointeeType(), old.ptr, expr->getBeginLoc());
      updated = RValue::getPtr(offsetAddress(old.ptr, inc ? stride : -stride, l));
    } else if (old.value) {
      Value v = old.value;
      if (getElementTypeOrSelf(v.getType()).isInteger(1)) {
        unsupported(expr->getBeginLoc(), "incrementing a bool");
        return old;
      }
      Value one = constant(v.getType(), 1.0, 1, l);
      bool fp = llvm::isa<FloatType>(getElementTypeOrSelf(v.getType()));
      Value r = fp ? (inc ? (Value)arith::AddFOp::create(builder, l, v, one)
                          : (Value)arith::SubFOp::create(builder, l, v, one))
                   : (inc ? (Value)arith::AddIOp::create(builder, l, v, one)
                          : (Value)arith::SubIOp::create(builder, l, v, one));
      updated = RValue::get(r);
    } else {
      return RValue::get(placeholder(type, l));
    }
    storeLValue(lv, updated, l, expr->getBeginLoc());
    return expr->isPrefix() ? updated : old;
  }
  default:
    unsupported(expr->getBeginLoc(),
                std::string("the operator '") +
                    cl::UnaryOperator::getOpcodeStr(expr->getOpcode()).str() +
                    "'");
    return RValue::get(placeholder(type, l));
  }
}

bool KernelCodeGen::contractMultiply(const cl::BinaryOperator *expr,
                                     const cl::Expr *lhsExpr, Value lhs,
                                     const cl::Expr *rhsExpr, Value rhs) {
  cl::BinaryOperatorKind op = expr->getOpcode();
  if (op != cl::BO_Add && op != cl::BO_Sub && op != cl::BO_AddAssign &&
      op != cl::BO_SubAssign)
    return false;
  if (!expr->getFPFeaturesInEffect(ast.getLangOpts())
           .allowFPContractWithinStatement())
    return false;
  // A multiplication written as the operand itself (parentheses aside), as
  // clang fuses: not one reached through a variable or a conversion.
  bool fused = false;
  auto mark = [&](const cl::Expr *operand, Value v) {
    if (!operand || !v)
      return;
    auto *mul =
        llvm::dyn_cast<cl::BinaryOperator>(operand->IgnoreParens());
    if (!mul || mul->getOpcode() != cl::BO_Mul)
      return;
    auto mulf = v.getDefiningOp<arith::MulFOp>();
    if (!mulf)
      return;
    mulf.setFastmath(mulf.getFastmath() | arith::FastMathFlags::contract);
    fused = true;
  };
  mark(lhsExpr, lhs);
  mark(rhsExpr, rhs);
  return fused;
}

Value KernelCodeGen::emitArith(cl::BinaryOperatorKind op, Value lhs,
                               Value rhs, cl::QualType type, Location l,
                               cl::SourceLocation sloc, bool contract) {
  Type t = lhs.getType();
  bool isFloat = llvm::isa<FloatType>(getElementTypeOrSelf(t));
  bool sgn = isSigned(type);
  // `contract` on the addition (and, by contractMultiply(), on its
  // multiplication) asks for one fused multiply-add: the portable pipeline
  // makes it math.fma for every target (decideContraction).
  auto fpFlags =
      contract ? arith::FastMathFlags::contract : arith::FastMathFlags::none;
  switch (op) {
  case cl::BO_Add:
    return isFloat ? (Value)arith::AddFOp::create(builder, l, lhs, rhs, fpFlags)
                   : (Value)arith::AddIOp::create(builder, l, lhs, rhs);
  case cl::BO_Sub:
    return isFloat ? (Value)arith::SubFOp::create(builder, l, lhs, rhs, fpFlags)
                   : (Value)arith::SubIOp::create(builder, l, lhs, rhs);
  case cl::BO_Mul:
    return isFloat ? (Value)arith::MulFOp::create(builder, l, lhs, rhs)
                   : (Value)arith::MulIOp::create(builder, l, lhs, rhs);
  case cl::BO_Div:
  case cl::BO_Rem: {
    if (isFloat)
      return op == cl::BO_Div
                 ? (Value)arith::DivFOp::create(builder, l, lhs, rhs)
                 : (Value)arith::RemFOp::create(builder, l, lhs, rhs);
    // OpenCL leaves x/0 (and INT_MIN/-1) undefined but GPUs never trap;
    // a CPU does. Divide by 1 instead so a buggy kernel gets a wrong
    // result, like on a GPU, rather than killing the application. For
    // signed division by -1 the quotient is the wrapping negation and the
    // remainder 0, which dividing by 1 and negating gives.
    Value zero = intConst(t, 0, l);
    Value one = intConst(t, 1, l);
    Value isZero =
        arith::CmpIOp::create(builder, l, arith::CmpIPredicate::eq, rhs, zero);
    if (!sgn) {
      Value d = arith::SelectOp::create(builder, l, isZero, one, rhs);
      return op == cl::BO_Div
                 ? (Value)arith::DivUIOp::create(builder, l, lhs, d)
                 : (Value)arith::RemUIOp::create(builder, l, lhs, d);
    }
    Value minusOne = intConst(t, -1, l);
    Value isMinusOne = arith::CmpIOp::create(
        builder, l, arith::CmpIPredicate::eq, rhs, minusOne);
    Value special = arith::OrIOp::create(builder, l, isZero, isMinusOne);
    Value d = arith::SelectOp::create(builder, l, special, one, rhs);
    if (op == cl::BO_Rem)
      return arith::RemSIOp::create(builder, l, lhs, d);
    Value q = arith::DivSIOp::create(builder, l, lhs, d);
    Value neg = arith::SubIOp::create(builder, l, zero, q);
    return arith::SelectOp::create(builder, l, isMinusOne, neg, q);
  }
  case cl::BO_And:
    return arith::AndIOp::create(builder, l, lhs, rhs);
  case cl::BO_Or:
    return arith::OrIOp::create(builder, l, lhs, rhs);
  case cl::BO_Xor:
    return arith::XOrIOp::create(builder, l, lhs, rhs);
  case cl::BO_Shl:
  case cl::BO_Shr: {
    // OpenCL C 6.3.j: the shift amount is taken modulo the bit width of the
    // left operand, so shifts never have undefined behaviour.
    unsigned width = getElementTypeOrSelf(t).getIntOrFloatBitWidth();
    if (rhs.getType() != t) {
      if (llvm::isa<VectorType>(t) && !llvm::isa<VectorType>(rhs.getType())) {
        Type st = getElementTypeOrSelf(t);
        unsigned rw = rhs.getType().getIntOrFloatBitWidth();
        if (rw < width)
          rhs = arith::ExtUIOp::create(builder, l, st, rhs);
        else if (rw > width)
          rhs = arith::TruncIOp::create(builder, l, st, rhs);
        rhs = vector::BroadcastOp::create(builder, l, t, rhs);
      } else {
        unsigned rw = getElementTypeOrSelf(rhs.getType()).getIntOrFloatBitWidth();
        if (rw < width)
          rhs = arith::ExtUIOp::create(builder, l, t, rhs);
        else if (rw > width)
          rhs = arith::TruncIOp::create(builder, l, t, rhs);
      }
    }
    rhs = arith::AndIOp::create(builder, l, rhs, intConst(t, width - 1, l));
    if (op == cl::BO_Shl)
      return arith::ShLIOp::create(builder, l, lhs, rhs);
    return sgn ? (Value)arith::ShRSIOp::create(builder, l, lhs, rhs)
               : (Value)arith::ShRUIOp::create(builder, l, lhs, rhs);
  }
  default:
    unsupported(sloc, std::string("the operator '") +
                          cl::BinaryOperator::getOpcodeStr(op).str() + "'");
    return lhs;
  }
}

Value KernelCodeGen::emitCompare(cl::BinaryOperatorKind op, Value a, Value b,
                                 cl::QualType operandType, Location l) {
  if (llvm::isa<FloatType>(getElementTypeOrSelf(a.getType()))) {
    arith::CmpFPredicate p;
    switch (op) {
    case cl::BO_LT: p = arith::CmpFPredicate::OLT; break;
    case cl::BO_GT: p = arith::CmpFPredicate::OGT; break;
    case cl::BO_LE: p = arith::CmpFPredicate::OLE; break;
    case cl::BO_GE: p = arith::CmpFPredicate::OGE; break;
    case cl::BO_EQ: p = arith::CmpFPredicate::OEQ; break;
    default: p = arith::CmpFPredicate::UNE; break;
    }
    return arith::CmpFOp::create(builder, l, p, a, b);
  }
  bool sgn = isSigned(operandType);
  arith::CmpIPredicate p;
  switch (op) {
  case cl::BO_LT: p = sgn ? arith::CmpIPredicate::slt : arith::CmpIPredicate::ult; break;
  case cl::BO_GT: p = sgn ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::ugt; break;
  case cl::BO_LE: p = sgn ? arith::CmpIPredicate::sle : arith::CmpIPredicate::ule; break;
  case cl::BO_GE: p = sgn ? arith::CmpIPredicate::sge : arith::CmpIPredicate::uge; break;
  case cl::BO_EQ: p = arith::CmpIPredicate::eq; break;
  default: p = arith::CmpIPredicate::ne; break;
  }
  return arith::CmpIOp::create(builder, l, p, a, b);
}

RValue KernelCodeGen::emitPointerArith(cl::BinaryOperatorKind op,
                                       const cl::Expr *lhs,
                                       const cl::Expr *rhs, Location l) {
  if (lhs->getType()->isPointerType() && rhs->getType()->isPointerType()) {
    // p - q: both must point into one buffer.
    Address a = emitPointer(lhs), b = emitPointer(rhs);
    if (!a || !b)
      return RValue::get(intConst(builder.getI64Type(), 0, l));
    if (a.base != b.base) {
      unsupported(lhs->getBeginLoc(),
                  "subtracting pointers that may point into different buffers",
                  "; subtract indices instead");
      return RValue::get(intConst(builder.getI64Type(), 0, l));
    }
    int64_t stride = pointerStride(lhs->getType()->getPointeeType(), a,
                                   lhs->getBeginLoc());
    Value d = arith::SubIOp::create(builder, l, a.index, b.index);
    if (stride > 1)
      d = arith::DivSIOp::create(builder, l, d, indexConst(stride, l));
    return RValue::get(
        arith::IndexCastOp::create(builder, l, builder.getI64Type(), d));
  }
  const cl::Expr *ptrExpr = lhs->getType()->isPointerType() ? lhs : rhs;
  const cl::Expr *intExpr = ptrExpr == lhs ? rhs : lhs;
  Address p = emitPointer(ptrExpr);
  Value n = emitValue(intExpr);
  if (!p || !n)
    return {};
  int64_t stride = pointerStride(ptrExpr->getType()->getPointeeType(), p,
                                 ptrExpr->getBeginLoc());
  n = castIndex(n, intExpr->getType(), l);
  if (stride != 1)
    n = arith::MulIOp::create(builder, l, n, indexConst(stride, l));
  Value off = op == cl::BO_Add
                  ? (Value)arith::AddIOp::create(builder, l, p.index, n)
                  : (Value)arith::SubIOp::create(builder, l, p.index, n);
  Address moved = p; // the same buffer (and choice)
  moved.index = off;
  return RValue::getPtr(moved);
}

RValue KernelCodeGen::emitBinary(const cl::BinaryOperator *expr) {
  Location l = loc(expr->getOperatorLoc());
  cl::BinaryOperatorKind op = expr->getOpcode();
  const cl::Expr *lhs = expr->getLHS();
  const cl::Expr *rhs = expr->getRHS();
  cl::QualType type = expr->getType();

  switch (op) {
  case cl::BO_Assign: {
    RValue value = emitExpr(rhs);
    LValue lv = emitLValue(lhs);
    storeLValue(lv, value, l, expr->getBeginLoc());
    if (isAggregate(type) && lv.kind == LValue::Memory)
      return RValue::getAgg(lv.addr);
    return value;
  }
  case cl::BO_Comma:
    emitExpr(lhs);
    return emitExpr(rhs);
  case cl::BO_LAnd:
  case cl::BO_LOr:
    return emitLogical(expr);
  case cl::BO_LT:
  case cl::BO_GT:
  case cl::BO_LE:
  case cl::BO_GE:
  case cl::BO_EQ:
  case cl::BO_NE: {
    if (lhs->getType()->isPointerType()) {
      Address a = emitPointer(lhs), b = emitPointer(rhs);
      if (!a || !b)
        return RValue::get(placeholder(type, l));
      if (a.base != b.base) {
        unsupported(expr->getOperatorLoc(),
                    "comparing pointers that may point into different buffers",
                    "; compare indices instead");
        return RValue::get(placeholder(type, l));
      }
      arith::CmpIPredicate p;
      switch (op) {
      case cl::BO_LT: p = arith::CmpIPredicate::slt; break;
      case cl::BO_GT: p = arith::CmpIPredicate::sgt; break;
      case cl::BO_LE: p = arith::CmpIPredicate::sle; break;
      case cl::BO_GE: p = arith::CmpIPredicate::sge; break;
      case cl::BO_EQ: p = arith::CmpIPredicate::eq; break;
      default: p = arith::CmpIPredicate::ne; break;
      }
      Value c = arith::CmpIOp::create(builder, l, p, a.index, b.index);
      return RValue::get(fromBool(c, type, l));
    }
    Value a = emitValue(lhs), b = emitValue(rhs);
    return RValue::get(fromBool(emitCompare(op, a, b, lhs->getType(), l), type, l));
  }
  case cl::BO_Add:
  case cl::BO_Sub:
    if (lhs->getType()->isPointerType() || rhs->getType()->isPointerType())
      return emitPointerArith(op, lhs, rhs, l);
    [[fallthrough]];
  default: {
    if (op == cl::BO_PtrMemD || op == cl::BO_PtrMemI || op == cl::BO_Cmp)
      break;
    Value a = emitValue(lhs), b = emitValue(rhs);
    bool contract = contractMultiply(expr, lhs, a, rhs, b);
    return RValue::get(
        emitArith(op, a, b, type, l, expr->getOperatorLoc(), contract));
  }
  }
  unsupported(expr->getOperatorLoc(),
              std::string("the operator '") +
                  cl::BinaryOperator::getOpcodeStr(op).str() + "'");
  return RValue::get(placeholder(type, l));
}

RValue KernelCodeGen::emitCompoundAssign(const cl::CompoundAssignOperator *expr) {
  Location l = loc(expr->getOperatorLoc());
  cl::BinaryOperatorKind op =
      cl::BinaryOperator::getOpForCompoundAssignment(expr->getOpcode());
  const cl::Expr *lhs = expr->getLHS();
  if (lhs->getType()->isPointerType()) {
    // p += n / p -= n: move the pointer within its buffer.
    Value n = emitValue(expr->getRHS());
    LValue lv = emitLValue(lhs);
    RValue cur = loadLValue(lv, lhs->getType(), l, lhs->getBeginLoc());
    if (!cur.isPtr() || !n)
      return {};
    int64_t stride = pointerStride(lhs->getType()->getPointeeType(), cur.ptr,
                                   lhs->getBeginLoc());
    n = castIndex(n, expr->getRHS()->getType(), l);
    if (stride != 1)
      n = arith::MulIOp::create(builder, l, n, indexConst(stride, l));
    Value off = op == cl::BO_Add
                    ? (Value)arith::AddIOp::create(builder, l, cur.ptr.index, n)
                    : (Value)arith::SubIOp::create(builder, l, cur.ptr.index, n);
    Address moved = cur.ptr; // the same buffer (and choice)
    moved.index = off;
    RValue result = RValue::getPtr(moved);
    storeLValue(lv, result, l, expr->getBeginLoc());
    return result;
  }
  Value rhs = emitValue(expr->getRHS());
  LValue lv = emitLValue(lhs);
  RValue old = loadLValue(lv, lhs->getType(), l, lhs->getBeginLoc());
  if (!old.value)
    return RValue::get(placeholder(expr->getType(), l));
  cl::QualType compLHS = expr->getComputationLHSType();
  cl::QualType compResult = expr->getComputationResultType();
  Value a = emitConversion(old.value, lhs->getType(), compLHS, l);
  bool contract = contractMultiply(expr, nullptr, a, expr->getRHS(), rhs);
  Value r =
      emitArith(op, a, rhs, compResult, l, expr->getOperatorLoc(), contract);
  Value stored = emitConversion(r, compResult, lhs->getType(), l);
  storeLValue(lv, RValue::get(stored), l, expr->getBeginLoc());
  return RValue::get(stored);
}

bool KernelCodeGen::isSafeToSpeculate(const cl::Expr *expr) {
  // Evaluating it when C would not must be unobservable: no side effects,
  // and no memory access through a pointer or subscript, which the guard
  // may be protecting (`i > 0 ? a[i - 1] : 0`). Private scalar variables
  // are always readable; inlined helper calls are not examined.
  if (expr->HasSideEffects(ast))
    return false;
  bool safe = true;
  std::function<void(const cl::Stmt *)> visit = [&](const cl::Stmt *s) {
    if (!s || !safe)
      return;
    if (llvm::isa<cl::ArraySubscriptExpr>(s)) {
      safe = false;
      return;
    }
    if (const auto *un = llvm::dyn_cast<cl::UnaryOperator>(s))
      if (un->getOpcode() == cl::UO_Deref) {
        safe = false;
        return;
      }
    if (const auto *me = llvm::dyn_cast<cl::MemberExpr>(s))
      if (me->isArrow()) {
        safe = false;
        return;
      }
    if (const auto *ev = llvm::dyn_cast<cl::ExtVectorElementExpr>(s))
      if (ev->isArrow()) {
        safe = false;
        return;
      }
    if (const auto *call = llvm::dyn_cast<cl::CallExpr>(s)) {
      const cl::FunctionDecl *callee = call->getDirectCallee();
      if (!callee || callee->getDefinition()) {
        safe = false;
        return;
      }
    }
    for (const cl::Stmt *child : s->children())
      visit(child);
  };
  visit(expr);
  return safe;
}

RValue KernelCodeGen::emitLogical(const cl::BinaryOperator *expr) {
  Location l = loc(expr->getOperatorLoc());
  bool isAnd = expr->getOpcode() == cl::BO_LAnd;
  if (expr->getType()->isVectorType()) {
    // Vector && and || evaluate both sides (OpenCL C 6.3.h).
    Value a = toBool(emitValue(expr->getLHS()), l);
    Value b = toBool(emitValue(expr->getRHS()), l);
    Value r = isAnd ? (Value)arith::AndIOp::create(builder, l, a, b)
                    : (Value)arith::OrIOp::create(builder, l, a, b);
    return RValue::get(fromBool(r, expr->getType(), l));
  }
  Value lhs = emitCondition(expr->getLHS());
  Value result;
  if (isSafeToSpeculate(expr->getRHS())) {
    // Evaluating the right side unconditionally is unobservable.
    Value rhs = emitCondition(expr->getRHS());
    result = isAnd ? (Value)arith::AndIOp::create(builder, l, lhs, rhs)
                   : (Value)arith::OrIOp::create(builder, l, lhs, rhs);
  } else {
    Block *rhsBlock = newBlock();
    Block *endBlock = newBlock();
    endBlock->addArgument(builder.getI1Type(), l);
    if (isAnd)
      cf::CondBranchOp::create(builder, l, lhs, rhsBlock, ValueRange{},
                               endBlock, ValueRange{lhs});
    else
      cf::CondBranchOp::create(builder, l, lhs, endBlock, ValueRange{lhs},
                               rhsBlock, ValueRange{});
    builder.setInsertionPointToStart(rhsBlock);
    Value rhs = emitCondition(expr->getRHS());
    cf::BranchOp::create(builder, l, endBlock, ValueRange{rhs});
    builder.setInsertionPointToStart(endBlock);
    result = endBlock->getArgument(0);
  }
  return RValue::get(fromBool(result, expr->getType(), l));
}

RValue KernelCodeGen::emitConditional(const cl::AbstractConditionalOperator *e) {
  const auto *expr = llvm::dyn_cast<cl::ConditionalOperator>(e);
  Location l = loc(e->getQuestionLoc());
  if (!expr) {
    unsupported(e->getBeginLoc(), "the GNU '?:' operator",
                "; write the condition out");
    return RValue::get(placeholder(e->getType(), l));
  }
  cl::QualType type = expr->getType();
  const cl::Expr *t = expr->getTrueExpr(), *f = expr->getFalseExpr();
  if (expr->getCond()->getType()->isVectorType()) {
    // c ? a : b with a vector c is select(b, a, c): lanes chosen by the
    // most significant bit of c.
    Value c = emitValue(expr->getCond());
    Value a = emitValue(t), b = emitValue(f);
    Value msb = arith::CmpIOp::create(builder, l, arith::CmpIPredicate::slt, c,
                                      intConst(c.getType(), 0, l));
    return RValue::get(arith::SelectOp::create(builder, l, msb, a, b));
  }
  Value cond = emitCondition(expr->getCond());
  if (type->isPointerType()) {
    Address a = emitPointer(t), b = emitPointer(f);
    if (!a || !b)
      return {};
    if (a.base != b.base && a.selector && b.selector && a.scope == b.scope &&
        a.base.getType() == b.base.getType()) {
      // The buffers of two pointer parameters: select the buffer, which
      // parameter it is, and the index.
      Address chosen{arith::SelectOp::create(builder, l, cond, a.base, b.base),
                     arith::SelectOp::create(builder, l, cond, a.index,
                                             b.index)};
      chosen.selector =
          arith::SelectOp::create(builder, l, cond, a.selector, b.selector);
      chosen.scope = a.scope;
      return RValue::getPtr(chosen);
    }
    if (a.base != b.base) {
      unsupported(expr->getQuestionLoc(),
                  "choosing between pointers into different buffers "
                  "other than pointer parameters",
                  "; select an index instead");
      return {};
    }
    return RValue::getPtr(
        {a.base, arith::SelectOp::create(builder, l, cond, a.index, b.index)});
  }
  if (isAggregate(type)) {
    unsupported(expr->getQuestionLoc(), "'?:' choosing between structs",
                "; use if/else");
    return {};
  }
  if (type->isVoidType() || !isSafeToSpeculate(t) || !isSafeToSpeculate(f)) {
    Block *tb = newBlock(), *fb = newBlock(), *end = newBlock();
    Type rt = type->isVoidType() ? Type() : convertValueType(type);
    if (rt)
      end->addArgument(rt, l);
    cf::CondBranchOp::create(builder, l, cond, tb, ValueRange{}, fb,
                             ValueRange{});
    builder.setInsertionPointToStart(tb);
    RValue tv = emitExpr(t);
    if (rt)
      cf::BranchOp::create(builder, l, end,
                           ValueRange{tv.value ? tv.value : placeholder(type, l)});
    else
      cf::BranchOp::create(builder, l, end);
    builder.setInsertionPointToStart(fb);
    RValue fv = emitExpr(f);
    if (rt)
      cf::BranchOp::create(builder, l, end,
                           ValueRange{fv.value ? fv.value : placeholder(type, l)});
    else
      cf::BranchOp::create(builder, l, end);
    builder.setInsertionPointToStart(end);
    return rt ? RValue::get(end->getArgument(0)) : RValue{};
  }
  Value a = emitValue(t), b = emitValue(f);
  if (auto vt = llvm::dyn_cast<VectorType>(a.getType())) {
    // One condition for whole vectors: splat it (SPIR-V before 1.4 selects
    // vectors with a vector of conditions only).
    cond = vector::BroadcastOp::create(
        builder, l, VectorType::get(vt.getShape(), builder.getI1Type()), cond);
  }
  return RValue::get(arith::SelectOp::create(builder, l, cond, a, b));
}

} // namespace cg
} // namespace acc
