//===- CodeGen.cpp - Clang AST to portable kernel IR ----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Walks the Clang AST of an OpenCL C translation unit and emits, for every
// kernel, a `gpu.func` in a `gpu.module`: the portable kernel IR every target
// pipeline starts from (docs/portable-ir.md). This file holds the type and
// memory-layout rules, kernels and their arguments, and program-scope
// constants; CodeGenImpl.h describes the other parts.
//
// A construct outside the supported language is reported at its source
// location as a Clang diagnostic; code generation then continues with a
// placeholder so that several errors can be reported in one run.
//
//===----------------------------------------------------------------------===//

#include "CodeGenImpl.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "clang/AST/RecordLayout.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace acc {
namespace cg {

KernelCodeGen::KernelCodeGen(cl::ASTContext &ast, cl::DiagnosticsEngine &diags,
                             MLIRContext &context)
    : ast(ast), diags(diags), context(context), builder(&context) {
  errUnsupported = diags.getCustomDiagID(cl::DiagnosticsEngine::Error,
                                         "%0 is not supported by acc%1");
  errGeneric = diags.getCustomDiagID(cl::DiagnosticsEngine::Error, "%0");
}

//===----------------------------------------------------------------------===//
// Diagnostics and IR helpers
//===----------------------------------------------------------------------===//

void KernelCodeGen::unsupported(cl::SourceLocation l, llvm::StringRef what,
                                llvm::StringRef hint) {
  hadError = true;
  // Helpers are inlined at every call site: report each place once.
  if (l.isValid() && !reported.insert(l.getRawEncoding()).second)
    return;
  diags.Report(l, errUnsupported) << what << hint;
}

void KernelCodeGen::error(cl::SourceLocation l, llvm::StringRef message) {
  hadError = true;
  if (l.isValid() && !reported.insert(l.getRawEncoding()).second)
    return;
  diags.Report(l, errGeneric) << message;
}

Location KernelCodeGen::loc(cl::SourceLocation sloc) {
  cl::SourceManager &sm = ast.getSourceManager();
  cl::PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(sloc));
  if (p.isInvalid())
    return builder.getUnknownLoc();
  return FileLineColLoc::get(&context, p.getFilename(), p.getLine(),
                             p.getColumn());
}

Block *KernelCodeGen::newBlock() {
  Block *block = new Block();
  region->push_back(block);
  return block;
}

bool KernelCodeGen::blockTerminated() {
  Block *block = builder.getInsertionBlock();
  return !block->empty() && block->back().hasTrait<OpTrait::IsTerminator>();
}

void KernelCodeGen::branchTo(Block *dest, Location l) {
  if (!blockTerminated())
    cf::BranchOp::create(builder, l, dest);
}

void KernelCodeGen::startUnreachableBlock() {
  // Code after a jump is unreachable; give it a block of its own so it
  // still has somewhere to go (canonicalisation removes it).
  builder.setInsertionPointToStart(newBlock());
}

Value KernelCodeGen::allocaSlot(Type elementType, Location l) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entryBlock);
  return memref::AllocaOp::create(builder, l,
                                  MemRefType::get({1}, elementType));
}

Address KernelCodeGen::allocaObject(cl::QualType type, Location l,
                                    cl::SourceLocation sloc) {
  Type unit = unitType(type, sloc);
  if (!unit)
    return {};
  int64_t n = unitCount(type, unit, sloc);
  if (n <= 0)
    return {};
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entryBlock);
  Value mem = memref::AllocaOp::create(
      builder, l, MemRefType::get({n}, unit), ValueRange{},
      builder.getI64IntegerAttr(
          std::max<int64_t>(16, ast.getTypeAlignInChars(type).getQuantity())));
  return Address{mem, indexConst(0, l)};
}

Value KernelCodeGen::indexConst(int64_t v, Location l) {
  return arith::ConstantIndexOp::create(builder, l, v);
}

Value KernelCodeGen::constant(Type type, double fp, int64_t integer,
                              Location l) {
  Type elem = getElementTypeOrSelf(type);
  TypedAttr scalar;
  if (auto ft = llvm::dyn_cast<FloatType>(elem)) {
    llvm::APFloat v(fp);
    bool lost;
    v.convert(ft.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
              &lost);
    scalar = builder.getFloatAttr(ft, v);
  } else {
    scalar = builder.getIntegerAttr(elem, integer);
  }
  if (auto vt = llvm::dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(builder, l,
                                     DenseElementsAttr::get(vt, scalar));
  return arith::ConstantOp::create(builder, l, scalar);
}

Address KernelCodeGen::offsetAddress(Address a, Value units, Location l) {
  a.index = arith::AddIOp::create(builder, l, a.index, units);
  return a;
}

void KernelCodeGen::startChoice(PointerVar &var, const PointerChoice &choice,
                                const cl::VarDecl *vd, Location l) {
  var.choice = &choice;
  var.selectorSlot = allocaSlot(builder.getI32Type(), l);
  // A parameter starts in its own buffer; a variable, before its first
  // assignment, in the first candidate's (it is not read before then).
  int64_t start = choice.params.front()->getFunctionScopeIndex();
  if (const auto *param = llvm::dyn_cast<cl::ParmVarDecl>(vd))
    start = param->getFunctionScopeIndex();
  memref::StoreOp::create(builder, l, intConst(builder.getI32Type(), start, l),
                          var.selectorSlot, ValueRange{indexConst(0, l)});
}

Address KernelCodeGen::offsetAddress(Address a, int64_t units, Location l) {
  if (units == 0)
    return a;
  return offsetAddress(a, indexConst(units, l), l);
}

//===----------------------------------------------------------------------===//
// Types and layout
//===----------------------------------------------------------------------===//

Type KernelCodeGen::convertScalarType(cl::QualType type) {
  const auto *bt = type.getCanonicalType()->getAs<cl::BuiltinType>();
  if (!bt)
    return {};
  switch (bt->getKind()) {
  case cl::BuiltinType::Bool:
    return builder.getI1Type();
  case cl::BuiltinType::Char_S:
  case cl::BuiltinType::Char_U:
  case cl::BuiltinType::SChar:
  case cl::BuiltinType::UChar:
    return builder.getI8Type();
  case cl::BuiltinType::Short:
  case cl::BuiltinType::UShort:
    return builder.getI16Type();
  case cl::BuiltinType::Int:
  case cl::BuiltinType::UInt:
    return builder.getI32Type();
  case cl::BuiltinType::Long:
  case cl::BuiltinType::ULong:
    return builder.getI64Type();
  case cl::BuiltinType::Half:
    return builder.getF16Type();
  case cl::BuiltinType::Float:
    return builder.getF32Type();
  case cl::BuiltinType::Double:
    return builder.getF64Type();
  default:
    return {};
  }
}

Type KernelCodeGen::convertValueType(cl::QualType type) {
  // An event_t of the async copies: the copies complete at
  // wait_group_events(), so the event carries no state.
  if (type.getCanonicalType()->isEventT())
    return builder.getI32Type();
  if (const auto *vt = type.getCanonicalType()->getAs<cl::VectorType>()) {
    Type elem = convertScalarType(vt->getElementType());
    if (!elem || elem.isInteger(1))
      return {};
    return VectorType::get({static_cast<int64_t>(vt->getNumElements())}, elem);
  }
  return convertScalarType(type);
}

cl::QualType KernelCodeGen::elementType(cl::QualType type) {
  if (const auto *vt = type.getCanonicalType()->getAs<cl::VectorType>())
    return vt->getElementType();
  return type;
}

acc_scalar_type_t KernelCodeGen::scalarKind(cl::QualType type) {
  const auto *bt = type.getCanonicalType()->getAs<cl::BuiltinType>();
  if (!bt)
    return ACC_SCALAR_TYPE_NONE;
  switch (bt->getKind()) {
  case cl::BuiltinType::Bool:
    return ACC_SCALAR_TYPE_BOOL;
  case cl::BuiltinType::Char_S:
  case cl::BuiltinType::SChar:
    return ACC_SCALAR_TYPE_I8;
  case cl::BuiltinType::Char_U:
  case cl::BuiltinType::UChar:
    return ACC_SCALAR_TYPE_U8;
  case cl::BuiltinType::Short:
    return ACC_SCALAR_TYPE_I16;
  case cl::BuiltinType::UShort:
    return ACC_SCALAR_TYPE_U16;
  case cl::BuiltinType::Int:
    return ACC_SCALAR_TYPE_I32;
  case cl::BuiltinType::UInt:
    return ACC_SCALAR_TYPE_U32;
  case cl::BuiltinType::Long:
    return ACC_SCALAR_TYPE_I64;
  case cl::BuiltinType::ULong:
    return ACC_SCALAR_TYPE_U64;
  case cl::BuiltinType::Half:
    return ACC_SCALAR_TYPE_F16;
  case cl::BuiltinType::Float:
    return ACC_SCALAR_TYPE_F32;
  case cl::BuiltinType::Double:
    return ACC_SCALAR_TYPE_F64;
  default:
    return ACC_SCALAR_TYPE_NONE;
  }
}

bool KernelCodeGen::isSigned(cl::QualType type) {
  type = elementType(type).getCanonicalType();
  return type->isSignedIntegerType();
}

bool KernelCodeGen::isAggregate(cl::QualType type) {
  const cl::Type *t = type.getCanonicalType().getTypePtr();
  return t->isRecordType() || t->isConstantArrayType();
}

int64_t KernelCodeGen::sizeOf(cl::QualType type) {
  return ast.getTypeSizeInChars(type).getQuantity();
}

namespace {
/// Collects the scalar leaves of a type (through arrays, records and
/// vectors); false for a leaf acc cannot place in memory.
bool collectLeaves(cl::ASTContext &ast, cl::QualType type,
                   llvm::SmallVectorImpl<cl::QualType> &leaves,
                   std::string &why) {
  type = type.getCanonicalType();
  const cl::Type *t = type.getTypePtr();
  if (const auto *at = ast.getAsConstantArrayType(type))
    return collectLeaves(ast, at->getElementType(), leaves, why);
  if (t->isArrayType()) {
    why = "an array without a constant size";
    return false;
  }
  if (const auto *vt = t->getAs<cl::VectorType>())
    return collectLeaves(ast, vt->getElementType(), leaves, why);
  if (const auto *rt = t->getAs<cl::RecordType>()) {
    const cl::RecordDecl *rd = rt->getDecl()->getDefinition();
    if (!rd) {
      why = "an incomplete struct";
      return false;
    }
    for (const cl::FieldDecl *f : rd->fields()) {
      if (f->isBitField()) {
        why = "a bit-field";
        return false;
      }
      if (!collectLeaves(ast, f->getType(), leaves, why))
        return false;
    }
    return true;
  }
  if (t->isPointerType()) {
    why = "a pointer stored in memory";
    return false;
  }
  if (t->isBuiltinType() && (t->isIntegerType() || t->isFloatingType())) {
    leaves.push_back(type.getUnqualifiedType());
    return true;
  }
  if (t->isEnumeralType()) {
    leaves.push_back(
        t->castAs<cl::EnumType>()->getDecl()->getIntegerType().getCanonicalType());
    return true;
  }
  why = "the type '" + type.getAsString() + "'";
  return false;
}
} // namespace

Type KernelCodeGen::unitType(cl::QualType type, cl::SourceLocation sloc) {
  type = type.getCanonicalType();
  if (const auto *et = type->getAs<cl::EnumType>())
    type = et->getDecl()->getIntegerType();
  if (type->isBooleanType())
    return builder.getI8Type();
  if (Type scalar = convertScalarType(type))
    return scalar;
  llvm::SmallVector<cl::QualType, 16> leaves;
  std::string why;
  if (!collectLeaves(ast, type, leaves, why) || leaves.empty()) {
    if (why.empty())
      why = "an empty struct";
    unsupported(sloc, "a memory object containing " + why,
                why == "a pointer stored in memory"
                    ? "; store an index into the buffer instead"
                    : "");
    return {};
  }
  Type first = leaves.front()->isBooleanType() ? builder.getI8Type()
                                               : convertScalarType(leaves.front());
  bool uniform = true;
  int64_t minBytes = INT64_MAX;
  for (cl::QualType leaf : leaves) {
    Type t = leaf->isBooleanType() ? builder.getI8Type() : convertScalarType(leaf);
    if (!t) {
      unsupported(sloc, "a memory object containing " + describeType(leaf));
      return {};
    }
    uniform &= t == first;
    minBytes = std::min<int64_t>(minBytes, sizeOf(leaf));
  }
  if (uniform)
    return first;
  return builder.getIntegerType(static_cast<unsigned>(minBytes * 8));
}

int64_t KernelCodeGen::unitBytes(Type unit) {
  if (auto vt = llvm::dyn_cast<VectorType>(unit)) {
    int64_t n = vt.getNumElements();
    if (n == 3)
      n = 4;
    return n * unitBytes(vt.getElementType());
  }
  if (unit.isInteger(1))
    return 1;
  if (unit.isIndex())
    return 8;
  return unit.getIntOrFloatBitWidth() / 8;
}

int64_t KernelCodeGen::unitCount(cl::QualType type, Type unit,
                                 cl::SourceLocation sloc) {
  if (Type vt = convertValueType(type); vt && vt == unit)
    return 1;
  if (type->isBooleanType() && unit.isInteger(8))
    return 1;
  int64_t size = sizeOf(type), ub = unitBytes(unit);
  if (size == 0 || size % ub != 0) {
    unsupported(sloc, "accessing " + describeType(type.getUnqualifiedType()) +
                          " through memory whose element is " +
                          std::to_string(ub * 8) + " bits wide",
                "; access the memory through its declared type");
    return 0;
  }
  return size / ub;
}

std::string KernelCodeGen::describeType(cl::QualType type) {
  const cl::Type *t = type.getCanonicalType().getTypePtr();
  std::string spelled = "'" + type.getAsString() + "'";
  if (t->isVectorType())
    return "vector type " + spelled;
  if (t->isStructureType() || t->isUnionType())
    return "struct/union type " + spelled;
  if (t->isArrayType())
    return "array type " + spelled;
  if (t->isImageType())
    return "image type " + spelled;
  if (t->isSamplerT())
    return "sampler type " + spelled;
  if (t->isEventT())
    return "event type " + spelled;
  if (t->isHalfType())
    return "half type " + spelled;
  return "type " + spelled;
}

//===----------------------------------------------------------------------===//
// Program-scope constants and local variables
//===----------------------------------------------------------------------===//

namespace {
/// Writes the constant `value` of C type `type` into `bytes` at `offset`,
/// little-endian.
bool writeConstant(cl::ASTContext &ast, const cl::APValue &value,
                   cl::QualType type, std::vector<uint8_t> &bytes,
                   uint64_t offset) {
  type = type.getCanonicalType();
  auto putInt = [&](const llvm::APInt &v) {
    for (unsigned i = 0; i < v.getBitWidth() / 8; ++i)
      if (offset + i < bytes.size())
        bytes[offset + i] =
            static_cast<uint8_t>(v.extractBitsAsZExtValue(8, i * 8));
  };
  uint64_t size = ast.getTypeSizeInChars(type).getQuantity();
  switch (value.getKind()) {
  case cl::APValue::None:
  case cl::APValue::Indeterminate:
    return true; // zero-initialised
  case cl::APValue::Int: {
    putInt(value.getInt().zextOrTrunc(static_cast<unsigned>(size * 8)));
    return true;
  }
  case cl::APValue::Float: {
    putInt(value.getFloat().bitcastToAPInt());
    return true;
  }
  case cl::APValue::Vector: {
    const auto *vt = type->castAs<cl::VectorType>();
    uint64_t es = ast.getTypeSizeInChars(vt->getElementType()).getQuantity();
    for (unsigned i = 0; i < value.getVectorLength(); ++i) {
      if (!writeConstant(ast, value.getVectorElt(i), vt->getElementType(),
                         bytes, offset + i * es))
        return false;
    }
    return true;
  }
  case cl::APValue::Array: {
    const auto *at = ast.getAsConstantArrayType(type);
    uint64_t es = ast.getTypeSizeInChars(at->getElementType()).getQuantity();
    uint64_t n = at->getSize().getZExtValue();
    for (uint64_t i = 0; i < n; ++i) {
      if (i >= value.getArrayInitializedElts() && !value.hasArrayFiller())
        break;
      const cl::APValue &elt = i < value.getArrayInitializedElts()
                                   ? value.getArrayInitializedElt(i)
                                   : value.getArrayFiller();
      if (!writeConstant(ast, elt, at->getElementType(), bytes, offset + i * es))
        return false;
    }
    return true;
  }
  case cl::APValue::Struct: {
    const cl::RecordDecl *rd = type->castAs<cl::RecordType>()->getDecl();
    const cl::ASTRecordLayout &layout = ast.getASTRecordLayout(rd);
    unsigned i = 0;
    for (const cl::FieldDecl *f : rd->fields()) {
      uint64_t off = layout.getFieldOffset(f->getFieldIndex()) / 8;
      if (!writeConstant(ast, value.getStructField(i++), f->getType(), bytes,
                         offset + off))
        return false;
    }
    return true;
  }
  case cl::APValue::Union: {
    const cl::FieldDecl *f = value.getUnionField();
    if (!f)
      return true;
    return writeConstant(ast, value.getUnionValue(), f->getType(), bytes,
                         offset);
  }
  default:
    return false;
  }
}
} // namespace

void KernelCodeGen::emitProgramScopeVariable(const cl::VarDecl *vd) {
  cl::QualType type = vd->getType();
  if (type.getAddressSpace() != cl::LangAS::opencl_constant) {
    unsupported(vd->getLocation(), "a program-scope variable outside the "
                                   "'constant' address space",
                "; kernels cannot share mutable state except through buffer "
                "arguments, so pass a buffer");
    return;
  }
  Type unit = unitType(type, vd->getLocation());
  if (!unit)
    return;
  int64_t n = unitCount(type, unit, vd->getLocation());
  if (n <= 0)
    return;
  std::vector<uint8_t> bytes(static_cast<size_t>(sizeOf(type)), 0);
  if (const cl::Expr *init = vd->getInit()) {
    const cl::APValue *value = vd->evaluateValue();
    if (!value || !writeConstant(ast, *value, type, bytes, 0)) {
      unsupported(init->getBeginLoc(),
                  "an initialiser of a program-scope constant that is not a "
                  "constant expression");
      return;
    }
  }
  // Units from bytes.
  int64_t ub = unitBytes(unit);
  llvm::SmallVector<llvm::APInt> bits;
  for (int64_t i = 0; i < n; ++i) {
    llvm::APInt v(static_cast<unsigned>(ub * 8), 0);
    for (int64_t b = 0; b < ub; ++b)
      v.insertBits(llvm::APInt(8, bytes[i * ub + b]), static_cast<unsigned>(b * 8));
    bits.push_back(v);
  }
  auto memType = MemRefType::get({n}, unit);
  auto tensorType = RankedTensorType::get({n}, unit);
  DenseElementsAttr init;
  if (auto ft = llvm::dyn_cast<FloatType>(unit)) {
    llvm::SmallVector<llvm::APFloat> fs;
    for (const llvm::APInt &v : bits)
      fs.emplace_back(ft.getFloatSemantics(), v);
    init = DenseElementsAttr::get(tensorType, fs);
  } else {
    init = DenseElementsAttr::get(tensorType, bits);
  }
  std::string name = ACC_RESERVED_SYMBOL_PREFIX "const_" + vd->getNameAsString();
  OpBuilder b(&context);
  b.setInsertionPointToStart(gpuModule.getBody());
  memref::GlobalOp::create(
      b, loc(vd->getLocation()), name, b.getStringAttr("private"), memType,
      init, /*constant=*/true,
      b.getI64IntegerAttr(std::max<int64_t>(16, ast.getTypeAlignInChars(type).getQuantity())));
  globals[vd] = name;
}

Value KernelCodeGen::globalMemRef(const cl::VarDecl *vd, Location l) {
  auto it = globalRefs.find(vd);
  if (it != globalRefs.end())
    return it->second;
  auto git = globals.find(vd);
  if (git == globals.end())
    return {};
  auto global = gpuModule.lookupSymbol<memref::GlobalOp>(git->second);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entryBlock);
  Value ref = memref::GetGlobalOp::create(builder, l, global.getType(),
                                          global.getSymName());
  globalRefs[vd] = ref;
  return ref;
}

Address KernelCodeGen::localVariable(const cl::VarDecl *vd, Location l) {
  auto it = objects.find(vd);
  if (it != objects.end())
    return it->second;
  cl::QualType type = vd->getType();
  Type unit = unitType(type, vd->getLocation());
  if (!unit)
    return {};
  int64_t n = unitCount(type, unit, vd->getLocation());
  if (n <= 0)
    return {};
  auto space = gpu::AddressSpaceAttr::get(&context,
                                          gpu::AddressSpace::Workgroup);
  auto memType = MemRefType::get({n}, unit, MemRefLayoutAttrInterface(), space);
  Value mem = kernelFunc.addWorkgroupAttribution(memType, l);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entryBlock);
  Address a{mem, indexConst(0, l)};
  objects[vd] = a;
  return a;
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

bool KernelCodeGen::run(FrontendResult &result) {
  Location unknown = builder.getUnknownLoc();
  result.module = ModuleOp::create(unknown);
  result.module->getOperation()->setAttr(
      gpu::GPUDialect::getContainerModuleAttrName(), builder.getUnitAttr());
  builder.setInsertionPointToEnd(result.module->getBody());
  gpuModule = gpu::GPUModuleOp::create(builder, unknown, "kernels");

  cl::TranslationUnitDecl *tu = ast.getTranslationUnitDecl();
  for (const cl::Decl *decl : tu->decls()) {
    if (const auto *fd = llvm::dyn_cast<cl::FunctionDecl>(decl)) {
      if (fd->hasAttr<cl::DeviceKernelAttr>() &&
          fd->doesThisDeclarationHaveABody())
        emitKernel(fd, result);
      continue;
    }
    if (const auto *vd = llvm::dyn_cast<cl::VarDecl>(decl)) {
      if (!vd->isImplicit())
        emitProgramScopeVariable(vd);
    }
  }
  if (kernelCount == 0 && !hadError) {
    unsigned id = diags.getCustomDiagID(
        cl::DiagnosticsEngine::Warning,
        "no kernel functions in this file; the bundle will be empty");
    diags.Report(cl::SourceLocation(), id);
  }
  if (!hadError && failed(verify(*result.module))) {
    error(cl::SourceLocation(), "internal error: acc generated invalid IR "
                                "(please report this with the kernel)");
  }
  return !hadError;
}

bool KernelCodeGen::describeKernelArg(const cl::ParmVarDecl *param,
                                      bundle::ArgInfo &info, Type &mlirType,
                                      bool &byValueAggregate) {
  cl::QualType type = param->getType();
  info.name = param->getNameAsString();
  info.typeName = type.getAsString();
  byValueAggregate = false;
  cl::SourceLocation sloc = param->getLocation();
  const cl::Type *canon = type.getCanonicalType().getTypePtr();
  if (canon->isImageType() || canon->isSamplerT() || canon->isEventT() ||
      canon->isPipeType()) {
    unsupported(sloc, "a kernel argument of " + describeType(type),
                "; acc kernels take buffers, local memory and values only "
                "(images: pass the pixels in a buffer and index it)");
    return false;
  }
  if (const auto *pt = canon->getAs<cl::PointerType>()) {
    cl::QualType pointee = pt->getPointeeType();
    cl::LangAS as = pointee.getAddressSpace();
    if (pointee->isPointerType()) {
      unsupported(sloc, "a pointer to a pointer",
                  "; pass an index into a buffer instead of a stored pointer");
      return false;
    }
    if (pointee->isBooleanType()) {
      unsupported(sloc, "a buffer of bool",
                  "; OpenCL leaves the size of bool to each device: use "
                  "uchar or int");
      return false;
    }
    if (pointee->isVoidType()) {
      unsupported(sloc, "a 'void *' kernel argument",
                  "; declare the buffer with its element type");
      return false;
    }
    if (as != cl::LangAS::opencl_global && as != cl::LangAS::opencl_constant &&
        as != cl::LangAS::opencl_local) {
      error(sloc, "kernel pointer arguments must point to 'global', "
                  "'constant' or 'local' memory");
      return false;
    }
    Type unit = unitType(pointee, sloc);
    if (!unit)
      return false;
    info.scalarType = scalarKind(elementType(pointee));
    info.size = 8;
    info.alignment = static_cast<uint32_t>(
        ast.getTypeAlignInChars(pointee).getQuantity());
    if (as == cl::LangAS::opencl_local) {
      info.kind = ACC_ARG_KIND_LOCAL;
      info.addressSpace = ACC_ADDRESS_SPACE_LOCAL;
      info.access = ACC_ACCESS_READ | ACC_ACCESS_WRITE;
      info.size = 0;
      mlirType = MemRefType::get(
          {ShapedType::kDynamic}, unit, MemRefLayoutAttrInterface(),
          gpu::AddressSpaceAttr::get(&context, gpu::AddressSpace::Workgroup));
      return true;
    }
    info.kind = ACC_ARG_KIND_BUFFER;
    info.addressSpace = as == cl::LangAS::opencl_constant
                            ? ACC_ADDRESS_SPACE_CONSTANT
                            : ACC_ADDRESS_SPACE_GLOBAL;
    bool readOnly =
        pointee.isConstQualified() || as == cl::LangAS::opencl_constant;
    info.access =
        readOnly ? ACC_ACCESS_READ : (ACC_ACCESS_READ | ACC_ACCESS_WRITE);
    mlirType = MemRefType::get({ShapedType::kDynamic}, unit);
    return true;
  }
  info.kind = ACC_ARG_KIND_SCALAR;
  info.addressSpace = ACC_ADDRESS_SPACE_PRIVATE;
  info.size = static_cast<uint32_t>(sizeOf(type));
  info.alignment =
      static_cast<uint32_t>(ast.getTypeAlignInChars(type).getQuantity());
  if (isAggregate(type)) {
    Type unit = unitType(type, sloc);
    if (!unit)
      return false;
    int64_t n = unitCount(type, unit, sloc);
    if (n <= 0)
      return false;
    info.scalarType = ACC_SCALAR_TYPE_NONE;
    mlirType = MemRefType::get({n}, unit);
    byValueAggregate = true;
    return true;
  }
  Type value = convertValueType(type);
  if (!value || type->isBooleanType() || value.isF16() ||
      (llvm::isa<VectorType>(value) &&
       llvm::cast<VectorType>(value).getElementType().isF16())) {
    unsupported(sloc, "a kernel argument of " + describeType(type),
                type->isBooleanType() ? "; OpenCL forbids bool kernel arguments"
                                      : "");
    return false;
  }
  info.scalarType = scalarKind(elementType(type));
  mlirType = value;
  return true;
}

void KernelCodeGen::emitKernel(const cl::FunctionDecl *fd,
                               FrontendResult &result) {
  bundle::KernelInfo info;
  info.name = fd->getNameAsString();
  usesBarriers = usesInt64Atomics = false;

  llvm::SmallVector<Type> argTypes;
  llvm::SmallVector<bool> byValue;
  bool argsOk = true;
  for (const cl::ParmVarDecl *param : fd->parameters()) {
    bundle::ArgInfo arg;
    Type type;
    bool agg = false;
    if (!describeKernelArg(param, arg, type, agg)) {
      argsOk = false;
      continue;
    }
    info.args.push_back(std::move(arg));
    argTypes.push_back(type);
    byValue.push_back(agg);
  }
  if (!argsOk)
    return;

  if (const auto *attr = fd->getAttr<cl::ReqdWorkGroupSizeAttr>()) {
    const cl::Expr *dims[3] = {attr->getXDim(), attr->getYDim(),
                               attr->getZDim()};
    for (int i = 0; i < 3; ++i)
      if (auto v = dims[i]->getIntegerConstantExpr(ast))
        info.requiredLocalSize[i] = static_cast<uint32_t>(v->getZExtValue());
  }

  Location l = loc(fd->getLocation());
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(gpuModule.getBody());
  auto funcType = builder.getFunctionType(argTypes, {});
  kernelFunc = gpu::GPUFuncOp::create(builder, l, info.name, funcType);
  kernelFunc->setAttr(gpu::GPUDialect::getKernelFuncAttrName(),
                      builder.getUnitAttr());

  region = &kernelFunc.getBody();
  entryBlock = &region->front();
  objects.clear();
  pointerVars.clear();
  pointerChoices.clear();
  pointerChoiceStore.clear();
  addressTaken.clear();
  collectAddressTaken(fd->getBody());
  planPointerChoices(fd);
  globalRefs.clear();
  jumpStack.clear();
  functionStack.clear();

  Block *exitBlock = newBlock();
  builder.setInsertionPointToStart(entryBlock);

  // Parameters are ordinary variables in C: give each storage so that the
  // body may assign to them.
  unsigned argIndex = 0;
  for (const cl::ParmVarDecl *param : fd->parameters()) {
    Value arg = kernelFunc.getArgument(argIndex);
    if (byValue[argIndex]) {
      // A by-value struct: copy it, since the body may modify its copy.
      Address copy = allocaObject(param->getType(), l, param->getLocation());
      if (copy)
        copyObject(copy, Address{arg, indexConst(0, l)}, param->getType(), l,
                   param->getLocation());
      objects[param] = copy;
    } else if (llvm::isa<MemRefType>(arg.getType())) {
      auto var = std::make_unique<PointerVar>();
      var->base = arg;
      var->offsetSlot = allocaSlot(builder.getIndexType(), l);
      memref::StoreOp::create(builder, l, indexConst(0, l), var->offsetSlot,
                              ValueRange{indexConst(0, l)});
      if (auto choice = pointerChoices.find(param);
          choice != pointerChoices.end())
        startChoice(*var, *choice->second, param, l);
      pointerVars[param] = std::move(var);
    } else {
      Value slot = allocaSlot(arg.getType(), l);
      memref::StoreOp::create(builder, l, arg, slot,
                              ValueRange{indexConst(0, l)});
      objects[param] = Address{slot, indexConst(0, l)};
    }
    ++argIndex;
  }

  functionStack.push_back({fd, exitBlock, Address()});
  emitStmt(fd->getBody());
  branchTo(exitBlock, l);
  functionStack.pop_back();

  builder.setInsertionPointToEnd(exitBlock);
  gpu::ReturnOp::create(builder, l);

  // ACC_KERNEL_FLAG_USES_FP64 comes from the folded portable IR
  // (acc::annotateKernelFeatures), not from the types the source mentions.
  // Launch convention 1 runs the partial groups of a kernel with barriers
  // as dispatches of their own (acc/acc_launch.h); with a required
  // work-group size there is no smaller group to dispatch.
  if (usesBarriers)
    info.flags |= ACC_KERNEL_FLAG_USES_BARRIERS;
  if (usesBarriers && info.requiredLocalSize[0] != 0)
    info.flags |= ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS;
  if (usesInt64Atomics)
    info.flags |= ACC_KERNEL_FLAG_USES_INT64_ATOMICS;
  // The metadata every pipeline reads, with the resource layout the bundle
  // will hold (bindings, scalar-block offsets).
  std::string layoutError;
  if (!bundle::assignLayout(info, layoutError)) {
    error(fd->getLocation(), "kernel '" + info.name + "': " + layoutError);
    return;
  }
  kernelFunc->setAttr(ir::AccIRDialect::getKernelAttrName(),
                      ir::makeKernelAttr(&context, info, byValue));
  ++kernelCount;
}

} // namespace cg

bool generatePortableIR(clang::ASTContext &astContext,
                        clang::DiagnosticsEngine &diags,
                        mlir::MLIRContext &context, FrontendResult &result) {
  cg::KernelCodeGen codegen(astContext, diags, context);
  return codegen.run(result);
}

void registerPortableIRDialects(mlir::MLIRContext &context) {
  context.loadDialect<ir::AccIRDialect, arith::ArithDialect,
                      cf::ControlFlowDialect,
                      func::FuncDialect, gpu::GPUDialect, math::MathDialect,
                      memref::MemRefDialect, scf::SCFDialect, ub::UBDialect,
                      vector::VectorDialect>();
}

} // namespace acc
