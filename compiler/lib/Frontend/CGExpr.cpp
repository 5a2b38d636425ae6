//===- CGExpr.cpp - Expressions to portable kernel IR ---------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Expressions (CodeGenImpl.h, docs/portable-ir.md): the dispatch over
// expression kinds, literals and vector element access. Scalars and OpenCL
// vectors are SSA values (vector<NxT>); aggregates stay in memory and are
// passed around by address; pointers are Addresses. Lvalues are in
// CGLValue.cpp, loads and stores in CGMemory.cpp, conversions and
// operators in CGOperators.cpp.
//
//===----------------------------------------------------------------------===//

#include "CodeGenImpl.h"

#include "clang/AST/ExprCXX.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace acc {
namespace cg {

//===----------------------------------------------------------------------===//
// Expressions: plumbing
//===----------------------------------------------------------------------===//

Value KernelCodeGen::placeholder(cl::QualType type, Location l) {
  Type t = convertValueType(type);
  if (!t)
    t = builder.getI32Type();
  return constant(t, 0.0, 0, l);
}

Value KernelCodeGen::emitValue(const cl::Expr *expr) {
  // A few builtins (as_type) take their operand as an lvalue.
  RValue v = expr->isGLValue() && convertValueType(expr->getType())
                 ? loadLValue(emitLValue(expr), expr->getType(),
                              loc(expr->getBeginLoc()), expr->getBeginLoc())
                 : emitExpr(expr);
  if (v.value)
    return v.value;
  Location l = loc(expr->getBeginLoc());
  if (v.isPtr())
    unsupported(expr->getBeginLoc(), "using a pointer as a value here");
  else if (v.isAgg())
    unsupported(expr->getBeginLoc(), "using " + describeType(expr->getType()) +
                                         " as a value here");
  return placeholder(expr->getType(), l);
}

Address KernelCodeGen::emitPointer(const cl::Expr *expr) {
  RValue v = emitExpr(expr);
  if (v.isPtr())
    return v.ptr;
  if (!hadError)
    unsupported(expr->getBeginLoc(), "this pointer expression");
  return {};
}

Address KernelCodeGen::emitAggregate(const cl::Expr *expr) {
  RValue v = emitExpr(expr);
  if (v.isAgg())
    return v.agg;
  if (!hadError)
    unsupported(expr->getBeginLoc(),
                "this expression of " + describeType(expr->getType()));
  return {};
}

Value KernelCodeGen::toBool(Value v, Location l) {
  if (getElementTypeOrSelf(v.getType()).isInteger(1))
    return v;
  Value zero = constant(v.getType(), 0.0, 0, l);
  if (llvm::isa<FloatType>(getElementTypeOrSelf(v.getType())))
    return arith::CmpFOp::create(builder, l, arith::CmpFPredicate::UNE, v,
                                 zero);
  return arith::CmpIOp::create(builder, l, arith::CmpIPredicate::ne, v, zero);
}

Value KernelCodeGen::fromBool(Value c, cl::QualType type, Location l) {
  Type rt = convertValueType(type);
  if (!rt || rt == c.getType())
    return c;
  if (llvm::isa<VectorType>(rt))
    return arith::ExtSIOp::create(builder, l, rt, c);
  return arith::ExtUIOp::create(builder, l, rt, c);
}

Value KernelCodeGen::emitCondition(const cl::Expr *expr) {
  Location l = loc(expr->getBeginLoc());
  if (expr->getType()->isPointerType()) {
    unsupported(expr->getBeginLoc(), "testing a pointer for null",
                "; buffers are never null in acc");
    return intConst(builder.getI1Type(), 0, l);
  }
  return toBool(emitValue(expr), l);
}

Value KernelCodeGen::castIndex(Value v, cl::QualType type, Location l) {
  if (v.getType().isIndex())
    return v;
  // Widen to 64 bits first, honouring signedness, then reinterpret as index.
  if (v.getType().getIntOrFloatBitWidth() < 64) {
    if (isSigned(type))
      v = arith::ExtSIOp::create(builder, l, builder.getI64Type(), v);
    else
      v = arith::ExtUIOp::create(builder, l, builder.getI64Type(), v);
  }
  return arith::IndexCastOp::create(builder, l, builder.getIndexType(), v);
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

RValue KernelCodeGen::emitExpr(const cl::Expr *expr) {
  Location l = loc(expr->getBeginLoc());
  cl::QualType type = expr->getType();
  // (A call is let through: the builtin's own refusal says more.)
  if (!type->isVoidType() && !type->isPointerType() && !isAggregate(type) &&
      !convertValueType(type) && !llvm::isa<cl::CallExpr>(expr)) {
    unsupported(expr->getBeginLoc(), describeType(type));
    return RValue::get(placeholder(type, l));
  }

  switch (expr->getStmtClass()) {
  case cl::Stmt::ParenExprClass:
    return emitExpr(llvm::cast<cl::ParenExpr>(expr)->getSubExpr());
  case cl::Stmt::ConstantExprClass:
    return emitExpr(llvm::cast<cl::ConstantExpr>(expr)->getSubExpr());
  case cl::Stmt::IntegerLiteralClass:
    return RValue::get(arith::ConstantOp::create(
        builder, l,
        builder.getIntegerAttr(convertScalarType(type),
                               llvm::cast<cl::IntegerLiteral>(expr)->getValue())));
  case cl::Stmt::CharacterLiteralClass:
    return RValue::get(intConst(convertScalarType(type),
                                llvm::cast<cl::CharacterLiteral>(expr)->getValue(), l));
  case cl::Stmt::CXXBoolLiteralExprClass:
    return RValue::get(intConst(builder.getI1Type(),
                                llvm::cast<cl::CXXBoolLiteralExpr>(expr)->getValue(), l));
  case cl::Stmt::FloatingLiteralClass: {
    auto ft = llvm::cast<FloatType>(convertScalarType(type));
    llvm::APFloat value = llvm::cast<cl::FloatingLiteral>(expr)->getValue();
    bool lost;
    value.convert(ft.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
                  &lost);
    return RValue::get(arith::ConstantFloatOp::create(builder, l, ft, value));
  }
  case cl::Stmt::DeclRefExprClass: {
    const auto *ref = llvm::cast<cl::DeclRefExpr>(expr);
    if (const auto *ec = llvm::dyn_cast<cl::EnumConstantDecl>(ref->getDecl()))
      return RValue::get(arith::ConstantOp::create(
          builder, l,
          builder.getIntegerAttr(convertScalarType(type), ec->getInitVal())));
    if (isAggregate(type)) {
      LValue lv = emitLValue(expr);
      return lv.kind == LValue::Memory ? RValue::getAgg(lv.addr) : RValue{};
    }
    // A DeclRefExpr used as an rvalue is wrapped in an LValueToRValue cast;
    // reaching here means a function name or similar.
    unsupported(ref->getLocation(), "referring to '" +
                                        ref->getDecl()->getNameAsString() +
                                        "' as a value");
    return RValue::get(placeholder(type, l));
  }
  case cl::Stmt::ImplicitCastExprClass:
  case cl::Stmt::CStyleCastExprClass:
    return emitCast(llvm::cast<cl::CastExpr>(expr));
  case cl::Stmt::UnaryOperatorClass:
    return emitUnary(llvm::cast<cl::UnaryOperator>(expr));
  case cl::Stmt::BinaryOperatorClass:
    return emitBinary(llvm::cast<cl::BinaryOperator>(expr));
  case cl::Stmt::CompoundAssignOperatorClass:
    return emitCompoundAssign(llvm::cast<cl::CompoundAssignOperator>(expr));
  case cl::Stmt::ConditionalOperatorClass:
    return emitConditional(llvm::cast<cl::ConditionalOperator>(expr));
  case cl::Stmt::CallExprClass:
    return emitCall(llvm::cast<cl::CallExpr>(expr));
  case cl::Stmt::ExtVectorElementExprClass:
    return RValue::get(
        emitVectorElements(llvm::cast<cl::ExtVectorElementExpr>(expr)));
  case cl::Stmt::InitListExprClass:
    if (type->isVectorType())
      return RValue::get(
          emitVectorInitList(llvm::cast<cl::InitListExpr>(expr), type));
    break;
  case cl::Stmt::ImplicitValueInitExprClass:
    if (!isAggregate(type))
      return RValue::get(placeholder(type, l));
    break;
  case cl::Stmt::ArraySubscriptExprClass:
  case cl::Stmt::MemberExprClass:
  case cl::Stmt::CompoundLiteralExprClass:
    if (isAggregate(type)) {
      LValue lv = emitLValue(expr);
      return lv.kind == LValue::Memory ? RValue::getAgg(lv.addr) : RValue{};
    }
    break;
  case cl::Stmt::AsTypeExprClass: {
    const auto *as = llvm::cast<cl::AsTypeExpr>(expr);
    Value v = emitValue(as->getSrcExpr());
    Type to = convertValueType(type);
    // Reinterpretation between types of one size: an element-wise bitcast
    // when the lane counts agree, else a vector.bitcast of the flattened
    // value.
    auto shapeOf = [](Type t) {
      auto vt = llvm::dyn_cast<VectorType>(t);
      return std::make_pair(vt ? vt.getNumElements() : 1,
                            getElementTypeOrSelf(t));
    };
    auto [fromN, fromE] = shapeOf(v.getType());
    auto [toN, toE] = shapeOf(to);
    if (fromN == toN)
      return RValue::get(arith::BitcastOp::create(builder, l, to, v));
    if (fromN * fromE.getIntOrFloatBitWidth() != toN * toE.getIntOrFloatBitWidth()) {
      unsupported(expr->getBeginLoc(),
                  "as_type between a 3-component vector and a type of "
                  "another size");
      return RValue::get(placeholder(type, l));
    }
    Value src = v;
    if (fromN == 1)
      src = vector::FromElementsOp::create(
          builder, l, VectorType::get({1}, fromE), ValueRange{v});
    Value r = vector::BitCastOp::create(builder, l, VectorType::get({toN}, toE),
                                        src);
    if (!llvm::isa<VectorType>(to))
      r = vector::ExtractOp::create(builder, l, r, 0);
    return RValue::get(r);
  }
  case cl::Stmt::UnaryExprOrTypeTraitExprClass: {
    const auto *e = llvm::cast<cl::UnaryExprOrTypeTraitExpr>(expr);
    cl::Expr::EvalResult r;
    if (e->EvaluateAsInt(r, ast))
      return RValue::get(arith::ConstantOp::create(
          builder, l,
          builder.getIntegerAttr(convertScalarType(type), r.Val.getInt())));
    unsupported(expr->getBeginLoc(), "this 'sizeof'/'alignof' expression");
    return RValue::get(placeholder(type, l));
  }
  case cl::Stmt::StringLiteralClass:
    unsupported(expr->getBeginLoc(), "a string literal outside printf",
                "; OpenCL C has no strings");
    return {};
  default:
    break;
  }
  unsupported(expr->getBeginLoc(),
              std::string("the expression '") + expr->getStmtClassName() + "'");
  return RValue::get(placeholder(type, l));
}

Value KernelCodeGen::emitVectorElements(const cl::ExtVectorElementExpr *expr) {
  Location l = loc(expr->getBeginLoc());
  llvm::SmallVector<uint32_t, 16> lanes;
  expr->getEncodedElementAccess(lanes);
  Value vec;
  if (expr->isArrow()) {
    Address p = emitPointer(expr->getBase());
    vec = loadValue(p, expr->getBase()->getType()->getPointeeType(), l);
  } else {
    vec = emitValue(expr->getBase());
  }
  if (!llvm::isa<VectorType>(vec.getType())) {
    // A scalar treated as a one-lane vector (`x.s0`).
    if (lanes.size() == 1)
      return vec;
    return vector::BroadcastOp::create(builder, l, convertValueType(expr->getType()), vec);
  }
  if (lanes.size() == 1)
    return vector::ExtractOp::create(builder, l, vec, lanes[0]);
  llvm::SmallVector<int64_t, 16> mask(lanes.begin(), lanes.end());
  return vector::ShuffleOp::create(builder, l, vec, vec, mask);
}

Value KernelCodeGen::emitVectorInitList(const cl::InitListExpr *init,
                                        cl::QualType type) {
  Location l = loc(init->getBeginLoc());
  auto vt = llvm::cast<VectorType>(convertValueType(type));
  llvm::SmallVector<Value, 16> lanes;
  for (const cl::Expr *e : init->inits()) {
    Value v = emitValue(e);
    if (auto ev = llvm::dyn_cast<VectorType>(v.getType())) {
      for (int64_t i = 0; i < ev.getNumElements(); ++i)
        lanes.push_back(vector::ExtractOp::create(builder, l, v, i));
    } else {
      lanes.push_back(v);
    }
  }
  if (lanes.size() == 1 && vt.getNumElements() > 1 &&
      init->getNumInits() == 1 && !init->getInit(0)->getType()->isVectorType())
    return vector::BroadcastOp::create(builder, l, vt, lanes[0]);
  while (static_cast<int64_t>(lanes.size()) < vt.getNumElements())
    lanes.push_back(constant(vt.getElementType(), 0.0, 0, l));
  lanes.resize(vt.getNumElements());
  return vector::FromElementsOp::create(builder, l, vt, lanes);
}

} // namespace cg
} // namespace acc
