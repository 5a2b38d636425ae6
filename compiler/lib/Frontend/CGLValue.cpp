//===- CGLValue.cpp - Lvalues to portable kernel IR -----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Lvalues: what an assignable expression designates (a variable, an
// element through a pointer, a struct field, vector lanes) and the loads
// and stores through them.
//
//===----------------------------------------------------------------------===//

#include "CodeGenImpl.h"

#include "clang/AST/RecordLayout.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace acc {
namespace cg {

//===----------------------------------------------------------------------===//
// Lvalues
//===----------------------------------------------------------------------===//

RValue KernelCodeGen::loadLValue(const LValue &lv, cl::QualType type,
                                 Location l, cl::SourceLocation sloc) {
  switch (lv.kind) {
  case LValue::PointerVariable: {
    if (!lv.pointerVar->base) {
      // After an earlier error the pointer may be unassigned only because
      // its initialiser was rejected; don't report that twice.
      if (!hadError)
        error(sloc, "this pointer is read before it is assigned a buffer; "
                    "acc needs to know which buffer every pointer points into");
      return {};
    }
    Value off = memref::LoadOp::create(builder, l, lv.pointerVar->offsetSlot,
                                       ValueRange{indexConst(0, l)});
    if (const PointerChoice *choice = lv.pointerVar->choice) {
      // The buffer it points into now: a select over the candidates.
      llvm::SmallVector<Value, 4> buffers = choiceBuffers(*choice, sloc);
      if (buffers.empty())
        return {};
      Value selector =
          memref::LoadOp::create(builder, l, lv.pointerVar->selectorSlot,
                                 ValueRange{indexConst(0, l)});
      Value base = buffers.front();
      for (size_t k = 1; k < buffers.size(); ++k) {
        Value is = arith::CmpIOp::create(
            builder, l, arith::CmpIPredicate::eq, selector,
            intConst(builder.getI32Type(),
                     choice->params[k]->getFunctionScopeIndex(), l));
        base = arith::SelectOp::create(builder, l, is, buffers[k], base);
      }
      Address a{base, off};
      a.selector = selector;
      a.scope = functionStack.back().decl;
      return RValue::getPtr(a);
    }
    Address a{lv.pointerVar->base, off};
    if ((a.selector = parameterSelector(a.base, l)))
      a.scope = functionStack.back().decl;
    return RValue::getPtr(a);
  }
  case LValue::Memory:
    if (isAggregate(lv.type))
      return RValue::getAgg(lv.addr);
    if (lv.type->isPointerType()) {
      unsupported(sloc, "a pointer stored in memory",
                  "; store an index into the buffer instead");
      return {};
    }
    return RValue::get(loadValue(lv.addr, lv.type, l));
  case LValue::VectorElements: {
    Value vec = loadValue(lv.addr, lv.type, l);
    if (lv.elements.size() == 1)
      return RValue::get(vector::ExtractOp::create(builder, l, vec, lv.elements[0]));
    return RValue::get(
        vector::ShuffleOp::create(builder, l, vec, vec, lv.elements));
  }
  case LValue::Invalid:
    break;
  }
  if (isAggregate(type))
    return {};
  return RValue::get(placeholder(type, l));
}

void KernelCodeGen::storeLValue(const LValue &lv, const RValue &value,
                                Location l, cl::SourceLocation sloc) {
  switch (lv.kind) {
  case LValue::PointerVariable: {
    if (!value.isPtr()) {
      if (!hadError)
        unsupported(sloc, "assigning a non-pointer value to a pointer",
                    "; pointers must come from a buffer argument or a "
                    "variable's address");
      return;
    }
    PointerVar &var = *lv.pointerVar;
    if (var.choice) {
      // Which candidate it points into: the source's own choice, or the
      // candidate that is its buffer.
      llvm::SmallVector<Value, 4> buffers = choiceBuffers(*var.choice, sloc);
      if (buffers.empty())
        return;
      Value selector;
      if (value.ptr.selector &&
          value.ptr.scope == functionStack.back().decl) {
        selector = value.ptr.selector;
      } else if (!(selector = parameterSelector(value.ptr.base, l))) {
        unsupported(sloc,
                    "a pointer variable that may point into a buffer other "
                    "than the kernel's or function's pointer parameters",
                    "; use a separate pointer (or an index) per buffer");
        return;
      }
      var.base = buffers.front();
      memref::StoreOp::create(builder, l, selector, var.selectorSlot,
                              ValueRange{indexConst(0, l)});
      memref::StoreOp::create(builder, l, value.ptr.index, var.offsetSlot,
                              ValueRange{indexConst(0, l)});
      return;
    }
    if (!var.base) {
      var.base = value.ptr.base;
    } else if (var.base != value.ptr.base) {
      unsupported(sloc,
                  "a pointer variable that may point into different buffers",
                  "; use a separate pointer (or an index) per buffer");
      return;
    }
    memref::StoreOp::create(builder, l, value.ptr.index, var.offsetSlot,
                            ValueRange{indexConst(0, l)});
    return;
  }
  case LValue::Memory:
    if (isAggregate(lv.type)) {
      if (value.isAgg())
        copyObject(lv.addr, value.agg, lv.type, l, sloc);
      return;
    }
    if (lv.type->isPointerType()) {
      unsupported(sloc, "storing a pointer in memory",
                  "; store an index into the buffer instead");
      return;
    }
    storeValue(lv.addr, lv.type, value.value, l);
    return;
  case LValue::VectorElements: {
    if (!value.value || !lv.addr)
      return;
    auto component = [&](size_t i) -> Value {
      if (llvm::isa<VectorType>(value.value.getType()))
        return vector::ExtractOp::create(builder, l, value.value,
                                         static_cast<int64_t>(i));
      return value.value;
    };
    if (llvm::isa<VectorType>(lv.addr.unit())) {
      // A private vector: read, replace the lanes, write back.
      Value vec = loadValue(lv.addr, lv.type, l);
      for (size_t i = 0; i < lv.elements.size(); ++i)
        vec = vector::InsertOp::create(builder, l, component(i), vec,
                                       lv.elements[i]);
      storeValue(lv.addr, lv.type, vec, l);
      return;
    }
    // Vector lanes are separate units: write only the named lanes, so that
    // work-items writing other lanes of the same vector do not race.
    Type elem = llvm::cast<VectorType>(convertValueType(lv.type)).getElementType();
    int64_t stride = unitBytes(elem) / unitBytes(lv.addr.unit());
    for (size_t i = 0; i < lv.elements.size(); ++i) {
      Value at = arith::AddIOp::create(
          builder, l, lv.addr.index, indexConst(lv.elements[i] * stride, l));
      storeScalarAt(lv.addr.base, at, component(i), l);
    }
    return;
  }
  case LValue::Invalid:
    return;
  }
}

LValue KernelCodeGen::emitLValue(const cl::Expr *expr) {
  expr = expr->IgnoreParens();
  Location l = loc(expr->getBeginLoc());
  cl::QualType type = expr->getType();
  if (const auto *ref = llvm::dyn_cast<cl::DeclRefExpr>(expr)) {
    const auto *vd = llvm::dyn_cast<cl::VarDecl>(ref->getDecl());
    if (vd) {
      auto it = objects.find(vd);
      if (it != objects.end()) {
        if (!it->second)
          return {};
        return LValue::memory(it->second, vd->getType());
      }
      auto pit = pointerVars.find(vd);
      if (pit != pointerVars.end()) {
        LValue lv;
        lv.kind = LValue::PointerVariable;
        lv.pointerVar = pit->second.get();
        return lv;
      }
      if (globals.count(vd)) {
        Value mem = globalMemRef(vd, l);
        return LValue::memory(Address{mem, indexConst(0, l)}, vd->getType());
      }
      if (vd->hasGlobalStorage()) {
        unsupported(ref->getLocation(), "a program-scope variable outside the "
                                        "'constant' address space",
                    "; pass the data in a buffer argument");
        return {};
      }
    }
    if (!hadError)
      unsupported(ref->getLocation(), "referring to '" +
                                          ref->getDecl()->getNameAsString() +
                                          "' here");
    return {};
  }
  if (const auto *sub = llvm::dyn_cast<cl::ArraySubscriptExpr>(expr)) {
    if (sub->getBase()->getType()->isVectorType()) {
      // v[i] on a vector: a lane with a constant index.
      std::optional<llvm::APSInt> c = sub->getIdx()->getIntegerConstantExpr(ast);
      LValue base = emitLValue(sub->getBase());
      if (!c || base.kind != LValue::Memory) {
        unsupported(sub->getBeginLoc(),
                    "indexing a vector with a non-constant index",
                    "; copy the vector into an array");
        return {};
      }
      LValue lv;
      lv.kind = LValue::VectorElements;
      lv.addr = base.addr;
      lv.type = base.type;
      lv.elements.push_back(c->getExtValue());
      return lv;
    }
    Address base = emitPointer(sub->getBase());
    Value idx = emitValue(sub->getIdx());
    if (!base || !idx)
      return {};
    int64_t stride = pointerStride(type, base, sub->getBeginLoc());
    if (stride <= 0)
      return {};
    idx = castIndex(idx, sub->getIdx()->getType(), l);
    if (stride != 1)
      idx = arith::MulIOp::create(builder, l, idx, indexConst(stride, l));
    return LValue::memory(offsetAddress(base, idx, l), type);
  }
  if (const auto *un = llvm::dyn_cast<cl::UnaryOperator>(expr)) {
    if (un->getOpcode() == cl::UO_Deref) {
      Address p = emitPointer(un->getSubExpr());
      if (!p)
        return {};
      return LValue::memory(p, type);
    }
  }
  if (const auto *me = llvm::dyn_cast<cl::MemberExpr>(expr)) {
    const auto *field = llvm::dyn_cast<cl::FieldDecl>(me->getMemberDecl());
    if (!field) {
      unsupported(me->getBeginLoc(), "this member access");
      return {};
    }
    Address base = me->isArrow() ? emitPointer(me->getBase())
                                 : emitAggregate(me->getBase());
    if (!base)
      return {};
    const cl::ASTRecordLayout &layout =
        ast.getASTRecordLayout(field->getParent());
    int64_t off = static_cast<int64_t>(layout.getFieldOffset(field->getFieldIndex()) / 8);
    int64_t ub = unitBytes(base.unit());
    if (off % ub != 0) {
      unsupported(me->getBeginLoc(), "accessing this field through memory "
                                     "laid out in wider units");
      return {};
    }
    return LValue::memory(offsetAddress(base, off / ub, l), type);
  }
  if (const auto *ev = llvm::dyn_cast<cl::ExtVectorElementExpr>(expr)) {
    llvm::SmallVector<uint32_t, 16> lanes;
    ev->getEncodedElementAccess(lanes);
    LValue base;
    if (ev->isArrow()) {
      Address p = emitPointer(ev->getBase());
      if (!p)
        return {};
      base = LValue::memory(p, ev->getBase()->getType()->getPointeeType());
    } else {
      base = emitLValue(ev->getBase());
    }
    if (base.kind == LValue::VectorElements) {
      LValue lv = base;
      lv.elements.clear();
      for (uint32_t lane : lanes)
        lv.elements.push_back(base.elements[lane]);
      return lv;
    }
    if (base.kind != LValue::Memory)
      return {};
    LValue lv;
    lv.kind = LValue::VectorElements;
    lv.addr = base.addr;
    lv.type = base.type;
    for (uint32_t lane : lanes)
      lv.elements.push_back(lane);
    return lv;
  }
  if (const auto *cle = llvm::dyn_cast<cl::CompoundLiteralExpr>(expr)) {
    Address tmp;
    if (isAggregate(type))
      tmp = allocaObject(type, l, expr->getBeginLoc());
    else if (Type vt = convertValueType(type))
      tmp = Address{allocaSlot(vt, l), indexConst(0, l)};
    if (!tmp) {
      unsupported(expr->getBeginLoc(), "a compound literal of " +
                                           describeType(type));
      return {};
    }
    emitInitInto(tmp, type, cle->getInitializer());
    return LValue::memory(tmp, type);
  }
  if (llvm::isa<cl::StringLiteral>(expr)) {
    unsupported(expr->getBeginLoc(), "a string literal outside printf",
                "; OpenCL C has no strings");
    return {};
  }
  if (const auto *bin = llvm::dyn_cast<cl::BinaryOperator>(expr)) {
    if (bin->getOpcode() == cl::BO_Comma) {
      emitExpr(bin->getLHS());
      return emitLValue(bin->getRHS());
    }
  }
  if (!hadError)
    unsupported(expr->getBeginLoc(), "this kind of assignable expression");
  return {};
}

} // namespace cg
} // namespace acc
