//===- CGExpr.cpp - Expressions to portable kernel IR ---------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Expressions, lvalues, and the loads and stores of the unit memory model
// (CodeGenImpl.h, docs/portable-ir.md). Scalars and OpenCL vectors are SSA
// values (vector<NxT>); aggregates stay in memory and are passed around by
// address; pointers are Addresses.
//
//===----------------------------------------------------------------------===//

#include "CodeGenImpl.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecordLayout.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <functional>

using namespace mlir;

namespace acc {
namespace cg {

namespace {
Type bitsType(OpBuilder &b, Type t) {
  return b.getIntegerType(t.getIntOrFloatBitWidth());
}
} // namespace

//===----------------------------------------------------------------------===//
// Loads and stores
//===----------------------------------------------------------------------===//

Value KernelCodeGen::loadScalarAt(Value base, Value index, Type scalar,
                                  Location l) {
  Type unit = llvm::cast<MemRefType>(base.getType()).getElementType();
  if (unit == scalar)
    return memref::LoadOp::create(builder, l, base, ValueRange{index});
  if (scalar.isInteger(1)) {
    // A bool stored in a byte.
    Value byte = loadScalarAt(base, index, builder.getI8Type(), l);
    return arith::CmpIOp::create(builder, l, arith::CmpIPredicate::ne, byte,
                                 intConst(byte.getType(), 0, l));
  }
  unsigned sb = scalar.getIntOrFloatBitWidth();
  unsigned ub = unit.getIntOrFloatBitWidth();
  if (sb == ub) {
    Value v = memref::LoadOp::create(builder, l, base, ValueRange{index});
    return arith::BitcastOp::create(builder, l, scalar, v);
  }
  // A wide leaf assembled from narrower units, little-endian.
  Type wide = builder.getIntegerType(sb);
  Value acc = intConst(wide, 0, l);
  for (unsigned j = 0; j < sb / ub; ++j) {
    Value at = arith::AddIOp::create(builder, l, index, indexConst(j, l));
    Value part = memref::LoadOp::create(builder, l, base, ValueRange{at});
    if (!part.getType().isInteger())
      part = arith::BitcastOp::create(builder, l, bitsType(builder, unit), part);
    part = arith::ExtUIOp::create(builder, l, wide, part);
    if (j)
      part = arith::ShLIOp::create(builder, l, part, intConst(wide, j * ub, l));
    acc = arith::OrIOp::create(builder, l, acc, part);
  }
  if (scalar == wide)
    return acc;
  return arith::BitcastOp::create(builder, l, scalar, acc);
}

void KernelCodeGen::storeScalarAt(Value base, Value index, Value v,
                                  Location l) {
  Type unit = llvm::cast<MemRefType>(base.getType()).getElementType();
  Type scalar = v.getType();
  if (unit == scalar) {
    memref::StoreOp::create(builder, l, v, base, ValueRange{index});
    return;
  }
  if (scalar.isInteger(1)) {
    storeScalarAt(base, index,
                  arith::ExtUIOp::create(builder, l, builder.getI8Type(), v), l);
    return;
  }
  unsigned sb = scalar.getIntOrFloatBitWidth();
  unsigned ub = unit.getIntOrFloatBitWidth();
  if (sb == ub) {
    memref::StoreOp::create(builder, l,
                            arith::BitcastOp::create(builder, l, unit, v), base,
                            ValueRange{index});
    return;
  }
  Type wide = builder.getIntegerType(sb);
  Value bits = scalar == wide ? v : (Value)arith::BitcastOp::create(builder, l, wide, v);
  Type unitBits = bitsType(builder, unit);
  for (unsigned j = 0; j < sb / ub; ++j) {
    Value part = bits;
    if (j)
      part = arith::ShRUIOp::create(builder, l, part, intConst(wide, j * ub, l));
    part = arith::TruncIOp::create(builder, l, unitBits, part);
    if (unitBits != unit)
      part = arith::BitcastOp::create(builder, l, unit, part);
    Value at = arith::AddIOp::create(builder, l, index, indexConst(j, l));
    memref::StoreOp::create(builder, l, part, base, ValueRange{at});
  }
}

Value KernelCodeGen::loadValue(Address a, cl::QualType type, Location l) {
  Type vt = convertValueType(type);
  if (!vt || !a)
    return placeholder(type, l);
  Type unit = a.unit();
  if (vt == unit)
    return memref::LoadOp::create(builder, l, a.base, ValueRange{a.index});
  if (auto vec = llvm::dyn_cast<VectorType>(vt)) {
    Type elem = vec.getElementType();
    int64_t stride = unitBytes(elem) / unitBytes(unit);
    llvm::SmallVector<Value, 16> elems;
    for (int64_t i = 0; i < vec.getNumElements(); ++i) {
      Value at = arith::AddIOp::create(builder, l, a.index,
                                       indexConst(i * stride, l));
      elems.push_back(loadScalarAt(a.base, at, elem, l));
    }
    return vector::FromElementsOp::create(builder, l, vec, elems);
  }
  return loadScalarAt(a.base, a.index, vt, l);
}

void KernelCodeGen::storeValue(Address a, cl::QualType type, Value v,
                               Location l) {
  if (!a || !v)
    return;
  Type unit = a.unit();
  if (v.getType() == unit) {
    memref::StoreOp::create(builder, l, v, a.base, ValueRange{a.index});
    return;
  }
  if (auto vec = llvm::dyn_cast<VectorType>(v.getType())) {
    int64_t stride = unitBytes(vec.getElementType()) / unitBytes(unit);
    for (int64_t i = 0; i < vec.getNumElements(); ++i) {
      Value e = vector::ExtractOp::create(builder, l, v, i);
      Value at = arith::AddIOp::create(builder, l, a.index,
                                       indexConst(i * stride, l));
      storeScalarAt(a.base, at, e, l);
    }
    return;
  }
  storeScalarAt(a.base, a.index, v, l);
}

namespace {
/// Emits `for (i = 0; i < n; ++i) body(i)` as cf blocks.
template <typename Fn>
void emitCountedLoop(KernelCodeGen &cg, int64_t n, Location l, Fn body) {
  OpBuilder &b = cg.builder;
  Block *cond = cg.newBlock();
  Value iv = cond->addArgument(b.getIndexType(), l);
  Block *loopBody = cg.newBlock();
  Block *end = cg.newBlock();
  cf::BranchOp::create(b, l, cond, ValueRange{cg.indexConst(0, l)});
  b.setInsertionPointToStart(cond);
  Value more = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, iv,
                                     cg.indexConst(n, l));
  cf::CondBranchOp::create(b, l, more, loopBody, ValueRange{}, end,
                           ValueRange{});
  b.setInsertionPointToStart(loopBody);
  body(iv);
  Value next = arith::AddIOp::create(b, l, iv, cg.indexConst(1, l));
  cf::BranchOp::create(b, l, cond, ValueRange{next});
  b.setInsertionPointToStart(end);
}
constexpr int64_t kUnrollLimit = 32;

/// Calls body(i) for i in [0, n): unrolled for small n, else a loop.
template <typename Fn>
void forEachUnit(KernelCodeGen &cg, int64_t n, Location l, Fn body) {
  if (n <= kUnrollLimit) {
    for (int64_t i = 0; i < n; ++i)
      body(cg.indexConst(i, l));
    return;
  }
  emitCountedLoop(cg, n, l, body);
}
} // namespace

void KernelCodeGen::copyObject(Address dst, Address src, cl::QualType type,
                               Location l, cl::SourceLocation sloc) {
  if (!dst || !src)
    return;
  Type unit = dst.unit();
  int64_t n = unitCount(type, unit, sloc);
  if (n <= 0)
    return;
  if (unitBytes(src.unit()) > unitBytes(unit) ||
      llvm::isa<VectorType>(src.unit()) != llvm::isa<VectorType>(unit)) {
    unsupported(sloc, "copying " + describeType(type) +
                          " between memory laid out in different units",
                "; copy it field by field");
    return;
  }
  auto copyOne = [&](Value i) {
    Value from = arith::AddIOp::create(builder, l, src.index, i);
    Value to = arith::AddIOp::create(builder, l, dst.index, i);
    Value v = llvm::isa<VectorType>(unit)
                  ? (Value)memref::LoadOp::create(builder, l, src.base, ValueRange{from})
                  : loadScalarAt(src.base, from, unit, l);
    memref::StoreOp::create(builder, l, v, dst.base, ValueRange{to});
  };
  forEachUnit(*this, n, l, copyOne);
}

void KernelCodeGen::zeroObject(Address dst, cl::QualType type, Location l,
                               cl::SourceLocation sloc) {
  if (!dst)
    return;
  if (!isAggregate(type)) {
    if (Type vt = convertValueType(type))
      storeValue(dst, type, constant(vt, 0.0, 0, l), l);
    return;
  }
  Type unit = dst.unit();
  int64_t n = unitCount(type, unit, sloc);
  if (n <= 0)
    return;
  zeroUnits(dst, 0, n, l);
}

void KernelCodeGen::zeroUnits(Address dst, int64_t from, int64_t count,
                              Location l) {
  Value zero = constant(dst.unit(), 0.0, 0, l);
  forEachUnit(*this, count, l, [&](Value i) {
    Value at = arith::AddIOp::create(builder, l, dst.index, i);
    if (from)
      at = arith::AddIOp::create(builder, l, at, indexConst(from, l));
    memref::StoreOp::create(builder, l, zero, dst.base, ValueRange{at});
  });
}

int64_t KernelCodeGen::pointerStride(cl::QualType pointee, Address base,
                                     cl::SourceLocation sloc) {
  if (!base)
    return 0;
  return unitCount(pointee, base.unit(), sloc);
}

void KernelCodeGen::emitInitInto(Address dst, cl::QualType type,
                                 const cl::Expr *init) {
  if (!dst || !init)
    return;
  Location l = loc(init->getBeginLoc());
  cl::SourceLocation sloc = init->getBeginLoc();
  init = init->IgnoreParens();
  if (const auto *ile = llvm::dyn_cast<cl::InitListExpr>(init)) {
    if (type->isVectorType()) {
      storeValue(dst, type, emitVectorInitList(ile, type), l);
      return;
    }
    if (!isAggregate(type)) {
      if (ile->getNumInits() == 0)
        zeroObject(dst, type, l, sloc);
      else
        emitInitInto(dst, type, ile->getInit(0));
      return;
    }
    if (const auto *at = ast.getAsConstantArrayType(type)) {
      cl::QualType et = at->getElementType();
      int64_t stride = unitCount(et, dst.unit(), sloc);
      if (stride <= 0)
        return;
      int64_t n = static_cast<int64_t>(at->getSize().getZExtValue());
      int64_t given = ile->getNumInits();
      for (int64_t i = 0; i < given && i < n; ++i)
        emitInitInto(offsetAddress(dst, i * stride, l), et, ile->getInit(i));
      if (given < n) {
        const cl::Expr *filler = ile->getArrayFiller();
        if (!filler || llvm::isa<cl::ImplicitValueInitExpr>(filler)) {
          // Zero the tail as raw units.
          zeroUnits(dst, given * stride, (n - given) * stride, l);
        } else {
          for (int64_t i = given; i < n; ++i)
            emitInitInto(offsetAddress(dst, i * stride, l), et, filler);
        }
      }
      return;
    }
    const auto *rt = type.getCanonicalType()->getAs<cl::RecordType>();
    const cl::RecordDecl *rd = rt->getDecl()->getDefinition();
    const cl::ASTRecordLayout &layout = ast.getASTRecordLayout(rd);
    int64_t ub = unitBytes(dst.unit());
    if (rd->isUnion()) {
      zeroObject(dst, type, l, sloc);
      const cl::FieldDecl *f = ile->getInitializedFieldInUnion();
      if (f && ile->getNumInits() > 0)
        emitInitInto(dst, f->getType(), ile->getInit(0));
      return;
    }
    unsigned i = 0;
    for (const cl::FieldDecl *f : rd->fields()) {
      if (i >= ile->getNumInits())
        break;
      int64_t off = static_cast<int64_t>(layout.getFieldOffset(f->getFieldIndex()) / 8);
      emitInitInto(offsetAddress(dst, off / ub, l), f->getType(),
                   ile->getInit(i++));
    }
    return;
  }
  if (llvm::isa<cl::ImplicitValueInitExpr>(init)) {
    zeroObject(dst, type, l, sloc);
    return;
  }
  if (const auto *str = llvm::dyn_cast<cl::StringLiteral>(init)) {
    const auto *at = ast.getAsConstantArrayType(type);
    if (at && str->getCharByteWidth() == 1 && dst.unit().isInteger(8)) {
      int64_t n = static_cast<int64_t>(at->getSize().getZExtValue());
      llvm::StringRef bytes = str->getBytes();
      for (int64_t i = 0; i < n; ++i) {
        int64_t c = i < static_cast<int64_t>(bytes.size()) ? bytes[i] : 0;
        memref::StoreOp::create(
            builder, l, intConst(builder.getI8Type(), c, l), dst.base,
            ValueRange{arith::AddIOp::create(builder, l, dst.index,
                                             indexConst(i, l))});
      }
      return;
    }
  }
  if (isAggregate(type)) {
    copyObject(dst, emitAggregate(init), type, l, sloc);
    return;
  }
  storeValue(dst, type, emitValue(init), l);
}

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
