//===- CGMemory.cpp - The unit memory model of the portable IR ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Loads and stores of the unit memory model (CodeGenImpl.h,
// docs/portable-ir.md): a scalar or vector of any type at a unit index of
// a memref of units, copies and zeroing of aggregates, initialisers.
//
//===----------------------------------------------------------------------===//

#include "CodeGenImpl.h"

#include "clang/AST/RecordLayout.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

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

} // namespace cg
} // namespace acc
