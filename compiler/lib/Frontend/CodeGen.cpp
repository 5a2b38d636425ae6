//===- CodeGen.cpp - Clang AST to portable kernel IR ----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Walks the Clang AST of an OpenCL C translation unit and emits, for every
// kernel, a `gpu.func` in a `gpu.module`. The emitted IR is the *portable
// kernel IR* every target pipeline starts from:
//
//  - a `global`/`constant` pointer argument is a `memref<?xT>`; a pointer
//    value anywhere in the kernel is a (memref, index) pair, so no raw
//    pointer ever reaches the IR and logical-addressing targets (Vulkan,
//    GLES) stay reachable;
//  - private variables are `memref<1xT>` allocas in the entry block (mem2reg in
//    the common pipeline promotes them to SSA values);
//  - control flow is unstructured (`cf`), like Clang's own CodeGen;
//  - calls to helper functions are inlined while emitting (OpenCL C has no
//    recursion and no function pointers, so this always terminates);
//  - work-item builtins become `gpu` dialect ops; the few with no upstream
//    op (global offset, global size, work dimension) become calls to
//    `@__acc_*` functions that each target pipeline resolves.
//
// A construct outside the supported language is reported at its source
// location as a Clang diagnostic; code generation then continues with a
// placeholder so that several errors can be reported in one run.
//
//===----------------------------------------------------------------------===//

#include "CodeGen.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
namespace cl = clang;

namespace acc {
namespace {

/// A pointer value: a buffer and an element offset into it.
struct PtrValue {
  Value base;   // memref<?xT> (or memref<1xT> for a private variable)
  Value offset; // index
  explicit operator bool() const { return base && offset; }
};

/// The result of evaluating an expression: a scalar SSA value, a pointer, or
/// nothing (void).
struct RValue {
  Value scalar;
  PtrValue ptr;
  static RValue get(Value v) { return RValue{v, {}}; }
  static RValue getPtr(PtrValue p) { return RValue{{}, p}; }
  bool isPtr() const { return static_cast<bool>(ptr); }
};

/// A pointer variable: the buffer it points into is fixed by its first
/// assignment; the element offset lives in a private slot.
struct PointerVar {
  Value base;       // null until the first assignment
  Value offsetSlot; // memref<1xindex>
};

/// A memory location: element `index` of `base`, or a pointer variable.
struct LValue {
  Value base;
  Value index;
  PointerVar *pointerVar = nullptr;
  bool valid() const { return pointerVar || (base && index); }
};

/// Per-function state: the function being emitted (a kernel, or a helper
/// being inlined into one).
struct FunctionScope {
  const cl::FunctionDecl *decl;
  Block *returnBlock;
  Value returnSlot; // memref<1xT> for non-void helpers
};

struct LoopTargets {
  Block *breakBlock;
  Block *continueBlock;
};

class KernelCodeGen {
public:
  KernelCodeGen(cl::ASTContext &ast, cl::DiagnosticsEngine &diags,
                MLIRContext &context)
      : ast(ast), diags(diags), context(context), builder(&context) {
    errUnsupported = diags.getCustomDiagID(
        cl::DiagnosticsEngine::Error, "%0 is not supported by acc%1");
    errGeneric = diags.getCustomDiagID(cl::DiagnosticsEngine::Error, "%0");
    noteHere = diags.getCustomDiagID(cl::DiagnosticsEngine::Note, "%0");
  }

  bool run(FrontendResult &result);

private:
  // --- Diagnostics -------------------------------------------------------
  void unsupported(cl::SourceLocation loc, llvm::StringRef what,
                   llvm::StringRef hint = "") {
    hadError = true;
    // Helpers are inlined at every call site: report each place once.
    if (loc.isValid() && !reported.insert(loc.getRawEncoding()).second)
      return;
    // `hint` continues the sentence: " yet; ..." or "; do this instead".
    diags.Report(loc, errUnsupported) << what << hint;
  }
  void error(cl::SourceLocation loc, llvm::StringRef message) {
    hadError = true;
    if (loc.isValid() && !reported.insert(loc.getRawEncoding()).second)
      return;
    diags.Report(loc, errGeneric) << message;
  }

  Location loc(cl::SourceLocation sloc) {
    cl::SourceManager &sm = ast.getSourceManager();
    cl::PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(sloc));
    if (p.isInvalid())
      return builder.getUnknownLoc();
    return FileLineColLoc::get(&context, p.getFilename(), p.getLine(),
                               p.getColumn());
  }

  // --- Types --------------------------------------------------------------
  Type convertScalarType(cl::QualType type);
  acc_scalar_type_t scalarKind(cl::QualType type);
  bool isSigned(cl::QualType type) {
    type = type.getCanonicalType();
    return type->isSignedIntegerType();
  }

  // --- Kernels -----------------------------------------------------------
  void emitKernel(const cl::FunctionDecl *fd, gpu::GPUModuleOp gpuModule,
                  FrontendResult &result);
  bool describeKernelArg(const cl::ParmVarDecl *param, bundle::ArgInfo &info,
                         Type &mlirType);

  // --- Blocks ------------------------------------------------------------
  Block *newBlock() {
    Block *block = new Block();
    region->push_back(block);
    return block;
  }
  bool blockTerminated() {
    Block *block = builder.getInsertionBlock();
    return !block->empty() && block->back().hasTrait<OpTrait::IsTerminator>();
  }
  /// Branches to `dest` unless the current block already ended.
  void branchTo(Block *dest, Location l) {
    if (!blockTerminated())
      cf::BranchOp::create(builder, l, dest);
  }
  /// Code after a jump is unreachable; give it a block of its own so it
  /// still has somewhere to go (canonicalisation removes it).
  void startUnreachableBlock() { builder.setInsertionPointToStart(newBlock()); }

  Value allocaSlot(Type elementType, Location l) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(entryBlock);
    auto type = MemRefType::get({1}, elementType);
    return memref::AllocaOp::create(builder, l, type);
  }
  Value indexConst(int64_t v, Location l) {
    return arith::ConstantIndexOp::create(builder, l, v);
  }

  // --- Statements --------------------------------------------------------
  void emitStmt(const cl::Stmt *stmt);
  void emitCompound(const cl::CompoundStmt *stmt);
  void emitDecl(const cl::Decl *decl);
  void emitIf(const cl::IfStmt *stmt);
  void emitWhile(const cl::WhileStmt *stmt);
  void emitDo(const cl::DoStmt *stmt);
  void emitFor(const cl::ForStmt *stmt);
  void emitReturn(const cl::ReturnStmt *stmt);

  // --- Expressions -------------------------------------------------------
  RValue emitExpr(const cl::Expr *expr);
  Value emitScalar(const cl::Expr *expr);
  PtrValue emitPointer(const cl::Expr *expr);
  Value emitCondition(const cl::Expr *expr);
  LValue emitLValue(const cl::Expr *expr);
  RValue loadLValue(const LValue &lv, cl::QualType type, Location l,
                    cl::SourceLocation sloc);
  void storeLValue(const LValue &lv, const RValue &value, Location l,
                   cl::SourceLocation sloc);
  RValue emitCast(const cl::CastExpr *expr);
  Value emitConversion(Value v, cl::QualType from, cl::QualType to,
                       Location l);
  Value toBool(Value v, cl::QualType type, Location l);
  RValue emitUnary(const cl::UnaryOperator *expr);
  RValue emitBinary(const cl::BinaryOperator *expr);
  RValue emitCompoundAssign(const cl::CompoundAssignOperator *expr);
  Value emitArith(cl::BinaryOperatorKind op, Value lhs, Value rhs,
                  cl::QualType type, Location l, cl::SourceLocation sloc);
  RValue emitPointerArith(cl::BinaryOperatorKind op, const cl::Expr *lhs,
                          const cl::Expr *rhs, Location l);
  RValue emitLogical(const cl::BinaryOperator *expr);
  RValue emitConditional(const cl::ConditionalOperator *expr);
  RValue emitCall(const cl::CallExpr *expr);
  RValue emitBuiltinCall(const cl::CallExpr *expr,
                         const cl::FunctionDecl *callee, bool &handled);
  RValue emitInlinedCall(const cl::CallExpr *expr,
                         const cl::FunctionDecl *callee);
  Value emitWorkItemQuery(llvm::StringRef name, const cl::Expr *dimExpr,
                          Location l);
  Value placeholder(cl::QualType type, Location l);
  Value castIndex(Value v, cl::QualType type, Location l);

  cl::ASTContext &ast;
  cl::DiagnosticsEngine &diags;
  MLIRContext &context;
  OpBuilder builder;
  unsigned errUnsupported, errGeneric, noteHere;
  bool hadError = false;
  /// Source locations already diagnosed (see unsupported()).
  llvm::DenseSet<cl::SourceLocation::UIntTy> reported;

  // Per-kernel state.
  Region *region = nullptr;
  Block *entryBlock = nullptr;
  gpu::GPUModuleOp gpuModule;
  bool usesFP64 = false;
  llvm::DenseMap<const cl::VarDecl *, Value> scalarVars;
  llvm::DenseMap<const cl::VarDecl *, std::unique_ptr<PointerVar>> pointerVars;
  llvm::SmallVector<FunctionScope, 4> functionStack;
  llvm::SmallVector<LoopTargets, 4> loopStack;
};

//===----------------------------------------------------------------------===//
// Types
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
  case cl::BuiltinType::Float:
    return builder.getF32Type();
  case cl::BuiltinType::Double:
    usesFP64 = true;
    return builder.getF64Type();
  default:
    return {};
  }
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

/// Describes `type` for a diagnostic: vectors, structs, images, ... get the
/// name of the construct rather than only the type's spelling.
static std::string describeType(cl::QualType type) {
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
  if (t->isHalfType())
    return "half type " + spelled;
  return "type " + spelled;
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
      if (fd->hasAttr<cl::DeviceKernelAttr>() && fd->doesThisDeclarationHaveABody())
        emitKernel(fd, gpuModule, result);
      continue;
    }
    if (const auto *vd = llvm::dyn_cast<cl::VarDecl>(decl)) {
      if (vd->isImplicit())
        continue;
      unsigned diagId = errUnsupported;
      (void)diagId;
      unsupported(vd->getLocation(), "a program-scope variable",
                  " yet; pass the data in a `constant` buffer argument");
    }
  }
  if (result.kernels.empty() && !hadError) {
    // A translation unit without kernels is legal but useless: say so the way
    // a linker would, as a warning-free note is easy to miss.
    unsigned id = diags.getCustomDiagID(
        cl::DiagnosticsEngine::Warning,
        "no kernel functions in this file; the bundle will be empty");
    diags.Report(cl::SourceLocation(), id);
  }
  // Declare the work-item queries that have no upstream op; each target
  // pipeline replaces the calls.
  OpBuilder b(&context);
  b.setInsertionPointToStart(gpuModule.getBody());
  auto idx = b.getIndexType();
  for (auto [name, nargs] : {std::pair<llvm::StringRef, int>{"__acc_global_offset", 1},
                             {"__acc_global_size", 1},
                             {"__acc_work_dim", 0}}) {
    bool used = false;
    gpuModule.walk([&](func::CallOp call) {
      if (call.getCallee() == name)
        used = true;
    });
    if (!used)
      continue;
    llvm::SmallVector<Type> ins(nargs, idx);
    auto fn = func::FuncOp::create(b, b.getUnknownLoc(), name,
                                   b.getFunctionType(ins, {idx}));
    fn.setPrivate();
  }
  if (!hadError && failed(verify(*result.module))) {
    error(cl::SourceLocation(), "internal error: acc generated invalid IR "
                                "(please report this with the kernel)");
  }
  return !hadError;
}

bool KernelCodeGen::describeKernelArg(const cl::ParmVarDecl *param,
                                      bundle::ArgInfo &info, Type &mlirType) {
  cl::QualType type = param->getType();
  info.name = param->getNameAsString();
  info.typeName = type.getAsString();
  if (const auto *pt = type.getCanonicalType()->getAs<cl::PointerType>()) {
    cl::QualType pointee = pt->getPointeeType();
    cl::LangAS as = pointee.getAddressSpace();
    if (as == cl::LangAS::opencl_local) {
      unsupported(param->getLocation(), "a 'local' pointer kernel argument",
                  " yet; declare a fixed-size local array in the kernel "
                  "once local memory is supported");
      return false;
    }
    if (as != cl::LangAS::opencl_global && as != cl::LangAS::opencl_constant) {
      error(param->getLocation(),
            "kernel pointer arguments must point to 'global' or 'constant' "
            "memory");
      return false;
    }
    if (pointee->isPointerType()) {
      unsupported(param->getLocation(), "a pointer to a pointer",
                  "; pass an index into a buffer instead of a stored pointer");
      return false;
    }
    Type elem = convertScalarType(pointee);
    if (!elem || pointee->isBooleanType()) {
      unsupported(param->getLocation(),
                  "a buffer of " + describeType(pointee), " yet");
      return false;
    }
    info.kind = ACC_ARG_KIND_BUFFER;
    info.addressSpace = as == cl::LangAS::opencl_constant
                            ? ACC_ADDRESS_SPACE_CONSTANT
                            : ACC_ADDRESS_SPACE_GLOBAL;
    bool readOnly = pointee.isConstQualified() ||
                    as == cl::LangAS::opencl_constant;
    info.access = readOnly ? ACC_ACCESS_READ : (ACC_ACCESS_READ | ACC_ACCESS_WRITE);
    info.scalarType = scalarKind(pointee);
    info.size = 8;
    info.alignment = static_cast<uint32_t>(
        ast.getTypeAlignInChars(pointee).getQuantity());
    mlirType = MemRefType::get({ShapedType::kDynamic}, elem);
    return true;
  }
  Type scalar = convertScalarType(type);
  if (!scalar || type->isBooleanType()) {
    unsupported(param->getLocation(),
                "a kernel argument of " + describeType(type),
                type->isBooleanType() ? "; OpenCL forbids bool kernel arguments"
                                      : " yet");
    return false;
  }
  info.kind = ACC_ARG_KIND_SCALAR;
  info.addressSpace = ACC_ADDRESS_SPACE_PRIVATE;
  info.scalarType = scalarKind(type);
  info.size = static_cast<uint32_t>(ast.getTypeSizeInChars(type).getQuantity());
  info.alignment =
      static_cast<uint32_t>(ast.getTypeAlignInChars(type).getQuantity());
  mlirType = scalar;
  return true;
}

void KernelCodeGen::emitKernel(const cl::FunctionDecl *fd,
                               gpu::GPUModuleOp gpuModule,
                               FrontendResult &result) {
  bundle::KernelInfo info;
  info.name = fd->getNameAsString();
  usesFP64 = false;

  llvm::SmallVector<Type> argTypes;
  bool argsOk = true;
  for (const cl::ParmVarDecl *param : fd->parameters()) {
    bundle::ArgInfo arg;
    Type type;
    if (!describeKernelArg(param, arg, type)) {
      argsOk = false;
      continue;
    }
    info.args.push_back(std::move(arg));
    argTypes.push_back(type);
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
  auto func = gpu::GPUFuncOp::create(builder, l, info.name, funcType);
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), builder.getUnitAttr());

  region = &func.getBody();
  entryBlock = &region->front();
  scalarVars.clear();
  pointerVars.clear();
  loopStack.clear();
  functionStack.clear();

  Block *exitBlock = newBlock();
  builder.setInsertionPointToStart(entryBlock);

  // Parameters are ordinary variables in C: give each a slot so that the
  // body may assign to them.
  for (auto [i, param] : llvm::enumerate(fd->parameters())) {
    Value arg = entryBlock->getArgument(i);
    if (llvm::isa<MemRefType>(arg.getType())) {
      auto var = std::make_unique<PointerVar>();
      var->base = arg;
      var->offsetSlot = allocaSlot(builder.getIndexType(), l);
      memref::StoreOp::create(builder, l, indexConst(0, l), var->offsetSlot,
                              ValueRange{indexConst(0, l)});
      pointerVars[param] = std::move(var);
    } else {
      Value slot = allocaSlot(arg.getType(), l);
      memref::StoreOp::create(builder, l, arg, slot,
                              ValueRange{indexConst(0, l)});
      scalarVars[param] = slot;
    }
  }

  functionStack.push_back({fd, exitBlock, Value()});
  emitStmt(fd->getBody());
  branchTo(exitBlock, l);
  functionStack.pop_back();

  builder.setInsertionPointToEnd(exitBlock);
  gpu::ReturnOp::create(builder, l);

  if (usesFP64)
    info.flags |= ACC_KERNEL_FLAG_USES_FP64;
  result.kernels.push_back(std::move(info));
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void KernelCodeGen::emitStmt(const cl::Stmt *stmt) {
  if (!stmt)
    return;
  if (const auto *e = llvm::dyn_cast<cl::Expr>(stmt)) {
    emitExpr(e);
    return;
  }
  switch (stmt->getStmtClass()) {
  case cl::Stmt::CompoundStmtClass:
    return emitCompound(llvm::cast<cl::CompoundStmt>(stmt));
  case cl::Stmt::DeclStmtClass:
    for (const cl::Decl *d : llvm::cast<cl::DeclStmt>(stmt)->decls())
      emitDecl(d);
    return;
  case cl::Stmt::NullStmtClass:
    return;
  case cl::Stmt::IfStmtClass:
    return emitIf(llvm::cast<cl::IfStmt>(stmt));
  case cl::Stmt::WhileStmtClass:
    return emitWhile(llvm::cast<cl::WhileStmt>(stmt));
  case cl::Stmt::DoStmtClass:
    return emitDo(llvm::cast<cl::DoStmt>(stmt));
  case cl::Stmt::ForStmtClass:
    return emitFor(llvm::cast<cl::ForStmt>(stmt));
  case cl::Stmt::ReturnStmtClass:
    return emitReturn(llvm::cast<cl::ReturnStmt>(stmt));
  case cl::Stmt::BreakStmtClass: {
    Location l = loc(stmt->getBeginLoc());
    if (loopStack.empty()) {
      unsupported(stmt->getBeginLoc(), "'break' outside a loop", " yet");
      return;
    }
    branchTo(loopStack.back().breakBlock, l);
    startUnreachableBlock();
    return;
  }
  case cl::Stmt::ContinueStmtClass: {
    Location l = loc(stmt->getBeginLoc());
    branchTo(loopStack.back().continueBlock, l);
    startUnreachableBlock();
    return;
  }
  case cl::Stmt::SwitchStmtClass:
    return unsupported(stmt->getBeginLoc(), "a 'switch' statement",
                       " yet; use if/else chains");
  case cl::Stmt::GotoStmtClass:
  case cl::Stmt::IndirectGotoStmtClass:
    return unsupported(stmt->getBeginLoc(), "'goto'",
                       "; use structured control flow");
  case cl::Stmt::LabelStmtClass:
    unsupported(stmt->getBeginLoc(), "a label",
                "; use structured control flow");
    return emitStmt(llvm::cast<cl::LabelStmt>(stmt)->getSubStmt());
  case cl::Stmt::AttributedStmtClass:
    // Loop hints such as `#pragma unroll` and `__attribute__((opencl_unroll_hint))`
    // are advice; the target pipelines make their own unrolling decisions.
    return emitStmt(llvm::cast<cl::AttributedStmt>(stmt)->getSubStmt());
  default:
    return unsupported(stmt->getBeginLoc(),
                       std::string("the statement '") +
                           stmt->getStmtClassName() + "'");
  }
}

void KernelCodeGen::emitCompound(const cl::CompoundStmt *stmt) {
  for (const cl::Stmt *s : stmt->body())
    emitStmt(s);
}

void KernelCodeGen::emitDecl(const cl::Decl *decl) {
  const auto *vd = llvm::dyn_cast<cl::VarDecl>(decl);
  if (!vd) {
    // Declarations that generate no code: local typedefs, enums and
    // function prototypes (calls resolve to the definition).
    if (llvm::isa<cl::TypedefNameDecl, cl::EnumDecl, cl::FunctionDecl>(decl))
      return;
    if (llvm::isa<cl::RecordDecl>(decl)) {
      unsupported(decl->getLocation(), "a struct or union", " yet");
      return;
    }
    unsupported(decl->getLocation(), "this kind of declaration", " yet");
    return;
  }
  Location l = loc(vd->getLocation());
  cl::QualType type = vd->getType();
  if (vd->isStaticLocal() || vd->hasGlobalStorage() ||
      type.getAddressSpace() == cl::LangAS::opencl_local) {
    unsupported(vd->getLocation(),
                type.getAddressSpace() == cl::LangAS::opencl_local
                    ? "a 'local' variable"
                    : "a variable with static storage",
                " yet");
    return;
  }
  if (type->isPointerType()) {
    auto var = std::make_unique<PointerVar>();
    var->offsetSlot = allocaSlot(builder.getIndexType(), l);
    PointerVar *raw = var.get();
    pointerVars[vd] = std::move(var);
    if (const cl::Expr *init = vd->getInit()) {
      LValue lv;
      lv.pointerVar = raw;
      storeLValue(lv, emitExpr(init), l, init->getBeginLoc());
    }
    return;
  }
  Type elem = convertScalarType(type);
  if (!elem) {
    unsupported(vd->getLocation(), "a variable of " + describeType(type),
                " yet");
    return;
  }
  Value slot = allocaSlot(elem, l);
  scalarVars[vd] = slot;
  if (const cl::Expr *init = vd->getInit()) {
    if (llvm::isa<cl::InitListExpr>(init)) {
      unsupported(init->getBeginLoc(), "an initializer list", " yet");
      return;
    }
    Value v = emitScalar(init);
    if (v)
      memref::StoreOp::create(builder, l, v, slot,
                              ValueRange{indexConst(0, l)});
  }
}

void KernelCodeGen::emitIf(const cl::IfStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  if (stmt->getInit() || stmt->getConditionVariable()) {
    unsupported(stmt->getBeginLoc(), "a declaration in an 'if' condition");
    return;
  }
  Value cond = emitCondition(stmt->getCond());
  Block *thenBlock = newBlock();
  Block *endBlock = newBlock();
  Block *elseBlock = stmt->getElse() ? newBlock() : endBlock;
  cf::CondBranchOp::create(builder, l, cond, thenBlock, ValueRange{},
                           elseBlock, ValueRange{});
  builder.setInsertionPointToStart(thenBlock);
  emitStmt(stmt->getThen());
  branchTo(endBlock, l);
  if (stmt->getElse()) {
    builder.setInsertionPointToStart(elseBlock);
    emitStmt(stmt->getElse());
    branchTo(endBlock, l);
  }
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitWhile(const cl::WhileStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  Block *condBlock = newBlock();
  Block *bodyBlock = newBlock();
  Block *endBlock = newBlock();
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(condBlock);
  Value cond = emitCondition(stmt->getCond());
  cf::CondBranchOp::create(builder, l, cond, bodyBlock, ValueRange{}, endBlock,
                           ValueRange{});
  builder.setInsertionPointToStart(bodyBlock);
  loopStack.push_back({endBlock, condBlock});
  emitStmt(stmt->getBody());
  loopStack.pop_back();
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitDo(const cl::DoStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  Block *bodyBlock = newBlock();
  Block *condBlock = newBlock();
  Block *endBlock = newBlock();
  branchTo(bodyBlock, l);
  builder.setInsertionPointToStart(bodyBlock);
  loopStack.push_back({endBlock, condBlock});
  emitStmt(stmt->getBody());
  loopStack.pop_back();
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(condBlock);
  Value cond = emitCondition(stmt->getCond());
  cf::CondBranchOp::create(builder, l, cond, bodyBlock, ValueRange{}, endBlock,
                           ValueRange{});
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitFor(const cl::ForStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  emitStmt(stmt->getInit());
  Block *condBlock = newBlock();
  Block *bodyBlock = newBlock();
  Block *incBlock = newBlock();
  Block *endBlock = newBlock();
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(condBlock);
  if (stmt->getCond()) {
    Value cond = emitCondition(stmt->getCond());
    cf::CondBranchOp::create(builder, l, cond, bodyBlock, ValueRange{},
                             endBlock, ValueRange{});
  } else {
    cf::BranchOp::create(builder, l, bodyBlock);
  }
  builder.setInsertionPointToStart(bodyBlock);
  loopStack.push_back({endBlock, incBlock});
  emitStmt(stmt->getBody());
  loopStack.pop_back();
  branchTo(incBlock, l);
  builder.setInsertionPointToStart(incBlock);
  if (stmt->getInc())
    emitExpr(stmt->getInc());
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitReturn(const cl::ReturnStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  FunctionScope &scope = functionStack.back();
  if (const cl::Expr *value = stmt->getRetValue()) {
    if (value->getType()->isPointerType()) {
      unsupported(stmt->getBeginLoc(), "returning a pointer from a function",
                  " yet; return an index instead");
    } else if (scope.returnSlot) {
      Value v = emitScalar(value);
      if (v)
        memref::StoreOp::create(builder, l, v, scope.returnSlot,
                                ValueRange{indexConst(0, l)});
    } else {
      emitExpr(value);
    }
  }
  branchTo(scope.returnBlock, l);
  startUnreachableBlock();
}

//===----------------------------------------------------------------------===//
// Expressions: plumbing
//===----------------------------------------------------------------------===//

Value KernelCodeGen::placeholder(cl::QualType type, Location l) {
  Type t = convertScalarType(type);
  if (!t)
    t = builder.getI32Type();
  if (auto ft = llvm::dyn_cast<FloatType>(t))
    return arith::ConstantFloatOp::create(builder, l, ft,
                                          llvm::APFloat::getZero(ft.getFloatSemantics()));
  return arith::ConstantIntOp::create(builder, l, t, 0);
}

Value KernelCodeGen::emitScalar(const cl::Expr *expr) {
  RValue v = emitExpr(expr);
  if (v.scalar)
    return v.scalar;
  Location l = loc(expr->getBeginLoc());
  if (v.isPtr()) {
    unsupported(expr->getBeginLoc(), "using a pointer as a value here",
                " yet");
  }
  return placeholder(expr->getType(), l);
}

PtrValue KernelCodeGen::emitPointer(const cl::Expr *expr) {
  RValue v = emitExpr(expr);
  if (v.isPtr())
    return v.ptr;
  if (!hadError)
    unsupported(expr->getBeginLoc(), "this pointer expression", " yet");
  return {};
}

Value KernelCodeGen::toBool(Value v, cl::QualType type, Location l) {
  if (v.getType().isInteger(1))
    return v;
  if (llvm::isa<FloatType>(v.getType())) {
    Value zero = arith::ConstantFloatOp::create(
        builder, l, llvm::cast<FloatType>(v.getType()),
        llvm::APFloat::getZero(
            llvm::cast<FloatType>(v.getType()).getFloatSemantics()));
    return arith::CmpFOp::create(builder, l, arith::CmpFPredicate::UNE, v,
                                 zero);
  }
  Value zero = arith::ConstantIntOp::create(builder, l, v.getType(), 0);
  return arith::CmpIOp::create(builder, l, arith::CmpIPredicate::ne, v, zero);
}

Value KernelCodeGen::emitCondition(const cl::Expr *expr) {
  Location l = loc(expr->getBeginLoc());
  if (expr->getType()->isPointerType()) {
    unsupported(expr->getBeginLoc(), "testing a pointer for null",
                "; buffers are never null in acc");
    return arith::ConstantIntOp::create(builder, l, builder.getI1Type(), 0);
  }
  Value v = emitScalar(expr);
  return toBool(v, expr->getType(), l);
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

RValue KernelCodeGen::loadLValue(const LValue &lv, cl::QualType type,
                                 Location l, cl::SourceLocation sloc) {
  if (lv.pointerVar) {
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
    return RValue::getPtr({lv.pointerVar->base, off});
  }
  if (!lv.valid())
    return RValue::get(placeholder(type, l));
  return RValue::get(
      memref::LoadOp::create(builder, l, lv.base, ValueRange{lv.index}));
}

void KernelCodeGen::storeLValue(const LValue &lv, const RValue &value,
                                Location l, cl::SourceLocation sloc) {
  if (lv.pointerVar) {
    if (!value.isPtr()) {
      if (!hadError)
        unsupported(sloc, "assigning a non-pointer value to a pointer",
                    "; pointers must come from a buffer argument");
      return;
    }
    PointerVar &var = *lv.pointerVar;
    if (!var.base) {
      var.base = value.ptr.base;
    } else if (var.base != value.ptr.base) {
      unsupported(sloc, "a pointer variable that may point into different "
                        "buffers",
                  "; use a separate pointer (or an index) per buffer");
      return;
    }
    memref::StoreOp::create(builder, l, value.ptr.offset, var.offsetSlot,
                            ValueRange{indexConst(0, l)});
    return;
  }
  if (!lv.valid() || !value.scalar)
    return;
  memref::StoreOp::create(builder, l, value.scalar, lv.base,
                          ValueRange{lv.index});
}

LValue KernelCodeGen::emitLValue(const cl::Expr *expr) {
  expr = expr->IgnoreParens();
  Location l = loc(expr->getBeginLoc());
  if (const auto *ref = llvm::dyn_cast<cl::DeclRefExpr>(expr)) {
    const auto *vd = llvm::dyn_cast<cl::VarDecl>(ref->getDecl());
    if (vd) {
      auto it = scalarVars.find(vd);
      if (it != scalarVars.end())
        return LValue{it->second, indexConst(0, l)};
      auto pit = pointerVars.find(vd);
      if (pit != pointerVars.end()) {
        LValue lv;
        lv.pointerVar = pit->second.get();
        return lv;
      }
      if (vd->hasGlobalStorage()) {
        unsupported(ref->getLocation(), "a program-scope variable",
                    " yet; pass the data in a `constant` buffer argument");
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
    PtrValue base = emitPointer(sub->getBase());
    Value idx = emitScalar(sub->getIdx());
    if (!base || !idx)
      return {};
    idx = castIndex(idx, sub->getIdx()->getType(), l);
    Value at = arith::AddIOp::create(builder, l, base.offset, idx);
    return LValue{base.base, at};
  }
  if (const auto *un = llvm::dyn_cast<cl::UnaryOperator>(expr)) {
    if (un->getOpcode() == cl::UO_Deref) {
      PtrValue p = emitPointer(un->getSubExpr());
      if (!p)
        return {};
      return LValue{p.base, p.offset};
    }
  }
  if (llvm::isa<cl::MemberExpr>(expr)) {
    unsupported(expr->getBeginLoc(), "struct and vector member access", " yet");
    return {};
  }
  if (!hadError)
    unsupported(expr->getBeginLoc(), "this kind of assignable expression",
                " yet");
  return {};
}

RValue KernelCodeGen::emitExpr(const cl::Expr *expr) {
  Location l = loc(expr->getBeginLoc());
  cl::QualType type = expr->getType();
  if (!type->isVoidType() && !type->isPointerType() &&
      !convertScalarType(type)) {
    unsupported(expr->getBeginLoc(), describeType(type), " yet");
    return RValue::get(placeholder(type, l));
  }

  switch (expr->getStmtClass()) {
  case cl::Stmt::ParenExprClass:
    return emitExpr(llvm::cast<cl::ParenExpr>(expr)->getSubExpr());
  case cl::Stmt::IntegerLiteralClass: {
    const auto *lit = llvm::cast<cl::IntegerLiteral>(expr);
    return RValue::get(arith::ConstantIntOp::create(
        builder, l, convertScalarType(type), lit->getValue()));
  }
  case cl::Stmt::CharacterLiteralClass: {
    const auto *lit = llvm::cast<cl::CharacterLiteral>(expr);
    return RValue::get(arith::ConstantIntOp::create(
        builder, l, convertScalarType(type), lit->getValue()));
  }
  case cl::Stmt::CXXBoolLiteralExprClass: {
    const auto *lit = llvm::cast<cl::CXXBoolLiteralExpr>(expr);
    return RValue::get(arith::ConstantIntOp::create(
        builder, l, builder.getI1Type(), lit->getValue() ? 1 : 0));
  }
  case cl::Stmt::FloatingLiteralClass: {
    const auto *lit = llvm::cast<cl::FloatingLiteral>(expr);
    auto ft = llvm::cast<FloatType>(convertScalarType(type));
    llvm::APFloat value = lit->getValue();
    bool lost;
    value.convert(ft.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
                  &lost);
    return RValue::get(arith::ConstantFloatOp::create(builder, l, ft, value));
  }
  case cl::Stmt::DeclRefExprClass: {
    const auto *ref = llvm::cast<cl::DeclRefExpr>(expr);
    if (const auto *ec = llvm::dyn_cast<cl::EnumConstantDecl>(ref->getDecl()))
      return RValue::get(arith::ConstantIntOp::create(
          builder, l, convertScalarType(type), ec->getInitVal()));
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
  case cl::Stmt::ArraySubscriptExprClass: {
    // As an rvalue only through an LValueToRValue cast; here it is a decayed
    // array element, which the subset does not have.
    unsupported(expr->getBeginLoc(), "an array", " yet");
    return RValue::get(placeholder(type, l));
  }
  case cl::Stmt::UnaryExprOrTypeTraitExprClass: {
    const auto *e = llvm::cast<cl::UnaryExprOrTypeTraitExpr>(expr);
    cl::Expr::EvalResult r;
    if (e->EvaluateAsInt(r, ast))
      return RValue::get(arith::ConstantIntOp::create(
          builder, l, convertScalarType(type), r.Val.getInt()));
    unsupported(expr->getBeginLoc(), "this 'sizeof'/'alignof' expression");
    return RValue::get(placeholder(type, l));
  }
  case cl::Stmt::ConstantExprClass:
    return emitExpr(llvm::cast<cl::ConstantExpr>(expr)->getSubExpr());
  default:
    break;
  }
  unsupported(expr->getBeginLoc(),
              std::string("the expression '") + expr->getStmtClassName() + "'",
              " yet");
  return RValue::get(placeholder(type, l));
}

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

Value KernelCodeGen::emitConversion(Value v, cl::QualType from,
                                    cl::QualType to, Location l) {
  Type dst = convertScalarType(to);
  if (!dst || !v)
    return placeholder(to, l);
  Type src = v.getType();
  if (src == dst) {
    // Same width: signedness changes are free for signless integers.
    return v;
  }
  if (to->isBooleanType())
    return toBool(v, from, l);
  bool srcFloat = llvm::isa<FloatType>(src);
  bool dstFloat = llvm::isa<FloatType>(dst);
  if (srcFloat && dstFloat) {
    if (src.getIntOrFloatBitWidth() < dst.getIntOrFloatBitWidth())
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
  unsigned sw = src.getIntOrFloatBitWidth(), dw = dst.getIntOrFloatBitWidth();
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
  case cl::CK_BooleanToSignedIntegral: {
    Value v = emitScalar(sub);
    Value r = emitConversion(v, sub->getType(), to, l);
    if (expr->getCastKind() == cl::CK_BooleanToSignedIntegral) {
      // (int)true in a vector context is -1: sign-extend the i1.
      r = arith::ExtSIOp::create(builder, l, convertScalarType(to), v);
    }
    return RValue::get(r);
  }
  case cl::CK_BitCast:
    if (to->isPointerType()) {
      cl::QualType a = to->getPointeeType().getUnqualifiedType().getCanonicalType();
      cl::QualType b = sub->getType()->isPointerType()
                           ? sub->getType()->getPointeeType().getUnqualifiedType().getCanonicalType()
                           : cl::QualType();
      if (!b.isNull() && a == b)
        return emitExpr(sub);
      unsupported(expr->getBeginLoc(),
                  "a pointer cast between different element types",
                  "; access the buffer through its declared element type");
      return {};
    }
    unsupported(expr->getBeginLoc(), "a bit cast",
                " yet; use as_<type>() once supported");
    return RValue::get(placeholder(to, l));
  case cl::CK_ArrayToPointerDecay:
    unsupported(expr->getBeginLoc(), "an array", " yet");
    return {};
  case cl::CK_NullToPointer:
  case cl::CK_IntegralToPointer:
    unsupported(expr->getBeginLoc(), "a pointer made from an integer",
                "; pointers must come from a buffer argument");
    return {};
  case cl::CK_PointerToBoolean:
  case cl::CK_PointerToIntegral:
    unsupported(expr->getBeginLoc(), "converting a pointer to an integer");
    return RValue::get(placeholder(to, l));
  case cl::CK_FunctionToPointerDecay:
  case cl::CK_BuiltinFnToFnPtr:
    unsupported(expr->getBeginLoc(), "function pointers");
    return {};
  default:
    unsupported(expr->getBeginLoc(),
                std::string("the conversion '") + expr->getCastKindName() + "'",
                " yet");
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
    Value v = emitScalar(sub);
    if (llvm::isa<FloatType>(v.getType()))
      return RValue::get(arith::NegFOp::create(builder, l, v));
    Value zero = arith::ConstantIntOp::create(builder, l, v.getType(), 0);
    return RValue::get(arith::SubIOp::create(builder, l, zero, v));
  }
  case cl::UO_Not: {
    Value v = emitScalar(sub);
    Value ones = arith::ConstantIntOp::create(builder, l, v.getType(), -1);
    return RValue::get(arith::XOrIOp::create(builder, l, v, ones));
  }
  case cl::UO_LNot: {
    Value c = emitCondition(sub);
    Value t = arith::ConstantIntOp::create(builder, l, builder.getI1Type(), 1);
    Value n = arith::XOrIOp::create(builder, l, c, t);
    Type rt = convertScalarType(type);
    if (rt.isInteger(1))
      return RValue::get(n);
    return RValue::get(arith::ExtUIOp::create(builder, l, rt, n));
  }
  case cl::UO_Deref: {
    PtrValue p = emitPointer(sub);
    if (!p)
      return RValue::get(placeholder(type, l));
    if (type->isPointerType()) {
      unsupported(expr->getBeginLoc(), "pointers stored in memory");
      return {};
    }
    return RValue::get(
        memref::LoadOp::create(builder, l, p.base, ValueRange{p.offset}));
  }
  case cl::UO_AddrOf: {
    LValue lv = emitLValue(sub);
    if (lv.pointerVar) {
      unsupported(expr->getBeginLoc(), "the address of a pointer variable");
      return {};
    }
    if (!lv.valid())
      return {};
    return RValue::getPtr({lv.base, lv.index});
  }
  case cl::UO_PreInc:
  case cl::UO_PreDec:
  case cl::UO_PostInc:
  case cl::UO_PostDec: {
    bool inc = expr->isIncrementOp();
    bool prefix = expr->isPrefix();
    LValue lv = emitLValue(sub);
    RValue old = loadLValue(lv, sub->getType(), l, sub->getBeginLoc());
    RValue updated;
    if (old.isPtr()) {
      Value step = indexConst(inc ? 1 : -1, l);
      updated = RValue::getPtr(
          {old.ptr.base, arith::AddIOp::create(builder, l, old.ptr.offset, step)});
    } else if (old.scalar) {
      Value v = old.scalar;
      if (auto ft = llvm::dyn_cast<FloatType>(v.getType())) {
        Value one = arith::ConstantFloatOp::create(
            builder, l, ft, llvm::APFloat::getOne(ft.getFloatSemantics()));
        updated = RValue::get(inc ? (Value)arith::AddFOp::create(builder, l, v, one)
                                  : (Value)arith::SubFOp::create(builder, l, v, one));
      } else if (v.getType().isInteger(1)) {
        unsupported(expr->getBeginLoc(), "incrementing a bool");
        return old;
      } else {
        Value one = arith::ConstantIntOp::create(builder, l, v.getType(), 1);
        updated = RValue::get(inc ? (Value)arith::AddIOp::create(builder, l, v, one)
                                  : (Value)arith::SubIOp::create(builder, l, v, one));
      }
    } else {
      return RValue::get(placeholder(type, l));
    }
    storeLValue(lv, updated, l, expr->getBeginLoc());
    return prefix ? updated : old;
  }
  default:
    unsupported(expr->getBeginLoc(),
                std::string("the operator '") +
                    cl::UnaryOperator::getOpcodeStr(expr->getOpcode()).str() +
                    "'");
    return RValue::get(placeholder(type, l));
  }
}

Value KernelCodeGen::emitArith(cl::BinaryOperatorKind op, Value lhs,
                               Value rhs, cl::QualType type, Location l,
                               cl::SourceLocation sloc) {
  bool isFloat = llvm::isa<FloatType>(lhs.getType());
  bool sgn = isSigned(type);
  switch (op) {
  case cl::BO_Add:
    return isFloat ? (Value)arith::AddFOp::create(builder, l, lhs, rhs)
                   : (Value)arith::AddIOp::create(builder, l, lhs, rhs);
  case cl::BO_Sub:
    return isFloat ? (Value)arith::SubFOp::create(builder, l, lhs, rhs)
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
    Type t = lhs.getType();
    Value zero = arith::ConstantIntOp::create(builder, l, t, 0);
    Value one = arith::ConstantIntOp::create(builder, l, t, 1);
    Value isZero =
        arith::CmpIOp::create(builder, l, arith::CmpIPredicate::eq, rhs, zero);
    if (!sgn) {
      Value d = arith::SelectOp::create(builder, l, isZero, one, rhs);
      return op == cl::BO_Div
                 ? (Value)arith::DivUIOp::create(builder, l, lhs, d)
                 : (Value)arith::RemUIOp::create(builder, l, lhs, d);
    }
    Value minusOne = arith::ConstantIntOp::create(builder, l, t, -1);
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
    Type t = lhs.getType();
    unsigned width = t.getIntOrFloatBitWidth();
    unsigned rw = rhs.getType().getIntOrFloatBitWidth();
    if (rw < width)
      rhs = arith::ExtUIOp::create(builder, l, t, rhs);
    else if (rw > width)
      rhs = arith::TruncIOp::create(builder, l, t, rhs);
    Value mask = arith::ConstantIntOp::create(builder, l, t, width - 1);
    rhs = arith::AndIOp::create(builder, l, rhs, mask);
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

RValue KernelCodeGen::emitPointerArith(cl::BinaryOperatorKind op,
                                       const cl::Expr *lhs,
                                       const cl::Expr *rhs, Location l) {
  const cl::Expr *ptrExpr = lhs->getType()->isPointerType() ? lhs : rhs;
  const cl::Expr *intExpr = ptrExpr == lhs ? rhs : lhs;
  if (intExpr->getType()->isPointerType()) {
    unsupported(lhs->getBeginLoc(), "pointer difference", " yet");
    return {};
  }
  PtrValue p = emitPointer(ptrExpr);
  Value n = emitScalar(intExpr);
  if (!p || !n)
    return {};
  n = castIndex(n, intExpr->getType(), l);
  Value off = op == cl::BO_Add
                  ? (Value)arith::AddIOp::create(builder, l, p.offset, n)
                  : (Value)arith::SubIOp::create(builder, l, p.offset, n);
  return RValue::getPtr({p.base, off});
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
      unsupported(expr->getOperatorLoc(), "pointer comparison", " yet");
      return RValue::get(placeholder(type, l));
    }
    Value a = emitScalar(lhs), b = emitScalar(rhs);
    Value c;
    if (llvm::isa<FloatType>(a.getType())) {
      arith::CmpFPredicate p;
      switch (op) {
      case cl::BO_LT: p = arith::CmpFPredicate::OLT; break;
      case cl::BO_GT: p = arith::CmpFPredicate::OGT; break;
      case cl::BO_LE: p = arith::CmpFPredicate::OLE; break;
      case cl::BO_GE: p = arith::CmpFPredicate::OGE; break;
      case cl::BO_EQ: p = arith::CmpFPredicate::OEQ; break;
      default: p = arith::CmpFPredicate::UNE; break;
      }
      c = arith::CmpFOp::create(builder, l, p, a, b);
    } else {
      bool sgn = isSigned(lhs->getType());
      arith::CmpIPredicate p;
      switch (op) {
      case cl::BO_LT: p = sgn ? arith::CmpIPredicate::slt : arith::CmpIPredicate::ult; break;
      case cl::BO_GT: p = sgn ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::ugt; break;
      case cl::BO_LE: p = sgn ? arith::CmpIPredicate::sle : arith::CmpIPredicate::ule; break;
      case cl::BO_GE: p = sgn ? arith::CmpIPredicate::sge : arith::CmpIPredicate::uge; break;
      case cl::BO_EQ: p = arith::CmpIPredicate::eq; break;
      default: p = arith::CmpIPredicate::ne; break;
      }
      c = arith::CmpIOp::create(builder, l, p, a, b);
    }
    Type rt = convertScalarType(type);
    if (rt.isInteger(1))
      return RValue::get(c);
    return RValue::get(arith::ExtUIOp::create(builder, l, rt, c));
  }
  case cl::BO_Add:
  case cl::BO_Sub:
    if (lhs->getType()->isPointerType() || rhs->getType()->isPointerType())
      return emitPointerArith(op, lhs, rhs, l);
    [[fallthrough]];
  default: {
    if (op == cl::BO_PtrMemD || op == cl::BO_PtrMemI || op == cl::BO_Cmp)
      break;
    Value a = emitScalar(lhs), b = emitScalar(rhs);
    return RValue::get(emitArith(op, a, b, type, l, expr->getOperatorLoc()));
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
    Value n = emitScalar(expr->getRHS());
    LValue lv = emitLValue(lhs);
    RValue cur = loadLValue(lv, lhs->getType(), l, lhs->getBeginLoc());
    if (!cur.isPtr() || !n)
      return {};
    n = castIndex(n, expr->getRHS()->getType(), l);
    Value off = op == cl::BO_Add
                    ? (Value)arith::AddIOp::create(builder, l, cur.ptr.offset, n)
                    : (Value)arith::SubIOp::create(builder, l, cur.ptr.offset, n);
    RValue result = RValue::getPtr({cur.ptr.base, off});
    storeLValue(lv, result, l, expr->getBeginLoc());
    return result;
  }
  Value rhs = emitScalar(expr->getRHS());
  LValue lv = emitLValue(lhs);
  RValue old = loadLValue(lv, lhs->getType(), l, lhs->getBeginLoc());
  if (!old.scalar)
    return RValue::get(placeholder(expr->getType(), l));
  cl::QualType compLHS = expr->getComputationLHSType();
  cl::QualType compResult = expr->getComputationResultType();
  Value a = emitConversion(old.scalar, lhs->getType(), compLHS, l);
  Value r = emitArith(op, a, rhs, compResult, l, expr->getOperatorLoc());
  Value stored = emitConversion(r, compResult, lhs->getType(), l);
  storeLValue(lv, RValue::get(stored), l, expr->getBeginLoc());
  return RValue::get(stored);
}

RValue KernelCodeGen::emitLogical(const cl::BinaryOperator *expr) {
  Location l = loc(expr->getOperatorLoc());
  bool isAnd = expr->getOpcode() == cl::BO_LAnd;
  Type rt = convertScalarType(expr->getType());
  Value lhs = emitCondition(expr->getLHS());
  Value result;
  if (!expr->getRHS()->HasSideEffects(ast)) {
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
  if (rt.isInteger(1))
    return RValue::get(result);
  return RValue::get(arith::ExtUIOp::create(builder, l, rt, result));
}

RValue KernelCodeGen::emitConditional(const cl::ConditionalOperator *expr) {
  Location l = loc(expr->getQuestionLoc());
  cl::QualType type = expr->getType();
  Value cond = emitCondition(expr->getCond());
  const cl::Expr *t = expr->getTrueExpr(), *f = expr->getFalseExpr();
  if (type->isPointerType()) {
    PtrValue a = emitPointer(t), b = emitPointer(f);
    if (!a || !b)
      return {};
    if (a.base != b.base) {
      unsupported(expr->getQuestionLoc(),
                  "choosing between pointers into different buffers",
                  "; select an index instead");
      return {};
    }
    return RValue::getPtr(
        {a.base, arith::SelectOp::create(builder, l, cond, a.offset, b.offset)});
  }
  if (type->isVoidType() || t->HasSideEffects(ast) || f->HasSideEffects(ast)) {
    Block *tb = newBlock(), *fb = newBlock(), *end = newBlock();
    Type rt = type->isVoidType() ? Type() : convertScalarType(type);
    if (rt)
      end->addArgument(rt, l);
    cf::CondBranchOp::create(builder, l, cond, tb, ValueRange{}, fb,
                             ValueRange{});
    builder.setInsertionPointToStart(tb);
    RValue tv = emitExpr(t);
    if (rt)
      cf::BranchOp::create(builder, l, end, ValueRange{tv.scalar ? tv.scalar : placeholder(type, l)});
    else
      cf::BranchOp::create(builder, l, end);
    builder.setInsertionPointToStart(fb);
    RValue fv = emitExpr(f);
    if (rt)
      cf::BranchOp::create(builder, l, end, ValueRange{fv.scalar ? fv.scalar : placeholder(type, l)});
    else
      cf::BranchOp::create(builder, l, end);
    builder.setInsertionPointToStart(end);
    return rt ? RValue::get(end->getArgument(0)) : RValue{};
  }
  Value a = emitScalar(t), b = emitScalar(f);
  return RValue::get(arith::SelectOp::create(builder, l, cond, a, b));
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

RValue KernelCodeGen::emitCall(const cl::CallExpr *expr) {
  const cl::FunctionDecl *callee = expr->getDirectCallee();
  Location l = loc(expr->getBeginLoc());
  if (!callee) {
    unsupported(expr->getBeginLoc(), "calls through function pointers");
    return RValue::get(placeholder(expr->getType(), l));
  }
  if (const cl::FunctionDecl *def = callee->getDefinition())
    return emitInlinedCall(expr, def);
  bool handled = false;
  RValue r = emitBuiltinCall(expr, callee, handled);
  if (handled)
    return r;
  std::string name = callee->getNameAsString();
  if (callee->isImplicit() || callee->hasAttr<cl::OverloadableAttr>())
    unsupported(expr->getBeginLoc(), "the builtin '" + name + "'",
                " yet (see docs/kernel-language.md for what is supported)");
  else
    error(expr->getBeginLoc(),
          "function '" + name +
              "' is declared but not defined; acc compiles a kernel program "
              "from one translation unit, so define it in this file or a "
              "header it includes");
  return RValue::get(placeholder(expr->getType(), l));
}

RValue KernelCodeGen::emitInlinedCall(const cl::CallExpr *expr,
                                      const cl::FunctionDecl *callee) {
  Location l = loc(expr->getBeginLoc());
  for (const FunctionScope &scope : functionStack) {
    if (scope.decl == callee) {
      unsupported(expr->getBeginLoc(), "recursion",
                  " (OpenCL C forbids it); rewrite the function as a loop");
      return RValue::get(placeholder(expr->getType(), l));
    }
  }
  if (callee->hasAttr<cl::DeviceKernelAttr>()) {
    unsupported(expr->getBeginLoc(), "calling a kernel from a kernel",
                "; move the shared code into a helper function");
    return RValue::get(placeholder(expr->getType(), l));
  }
  cl::QualType retType = callee->getReturnType();
  if (retType->isPointerType()) {
    unsupported(expr->getBeginLoc(), "a function returning a pointer",
                " yet; return an index instead");
    return {};
  }
  // Evaluate the arguments in the caller, then bind them to fresh variables.
  llvm::SmallVector<RValue> args;
  for (const cl::Expr *arg : expr->arguments())
    args.push_back(emitExpr(arg));

  Value retSlot;
  if (!retType->isVoidType()) {
    Type rt = convertScalarType(retType);
    if (!rt) {
      unsupported(expr->getBeginLoc(),
                  "a function returning " + describeType(retType), " yet");
      return RValue::get(placeholder(expr->getType(), l));
    }
    retSlot = allocaSlot(rt, l);
  }
  for (auto [i, param] : llvm::enumerate(callee->parameters())) {
    Location pl = loc(param->getLocation());
    if (i >= args.size())
      break;
    if (param->getType()->isPointerType()) {
      auto var = std::make_unique<PointerVar>();
      var->offsetSlot = allocaSlot(builder.getIndexType(), pl);
      LValue lv;
      lv.pointerVar = var.get();
      pointerVars[param] = std::move(var);
      storeLValue(lv, args[i], pl, expr->getArg(i)->getBeginLoc());
      continue;
    }
    Type t = convertScalarType(param->getType());
    if (!t) {
      unsupported(param->getLocation(),
                  "a parameter of " + describeType(param->getType()), " yet");
      continue;
    }
    Value slot = allocaSlot(t, pl);
    scalarVars[param] = slot;
    if (args[i].scalar)
      memref::StoreOp::create(builder, pl, args[i].scalar, slot,
                              ValueRange{indexConst(0, pl)});
  }

  Block *returnBlock = newBlock();
  functionStack.push_back({callee, returnBlock, retSlot});
  auto savedLoops = std::move(loopStack);
  loopStack.clear();
  emitStmt(callee->getBody());
  loopStack = std::move(savedLoops);
  functionStack.pop_back();
  branchTo(returnBlock, l);
  builder.setInsertionPointToStart(returnBlock);
  if (!retSlot)
    return {};
  return RValue::get(memref::LoadOp::create(builder, l, retSlot,
                                            ValueRange{indexConst(0, l)}));
}

Value KernelCodeGen::emitWorkItemQuery(llvm::StringRef name,
                                       const cl::Expr *dimExpr, Location l) {
  Type i64 = builder.getI64Type();
  // Value for a dimension index outside 0..2 (OpenCL 1.2 section 6.12.1).
  int64_t outOfRange = (name == "get_global_size" || name == "get_local_size" ||
                        name == "get_num_groups")
                           ? 1
                           : 0;
  auto emitDim = [&](gpu::Dimension d) -> Value {
    Value v;
    if (name == "get_local_id")
      v = gpu::ThreadIdOp::create(builder, l, d);
    else if (name == "get_group_id")
      v = gpu::BlockIdOp::create(builder, l, d);
    else if (name == "get_local_size")
      v = gpu::BlockDimOp::create(builder, l, d);
    else if (name == "get_num_groups")
      v = gpu::GridDimOp::create(builder, l, d);
    else if (name == "get_global_id") {
      Value id = gpu::GlobalIdOp::create(builder, l, d);
      Value dim = indexConst(static_cast<int64_t>(d), l);
      auto call = func::CallOp::create(builder, l, "__acc_global_offset",
                                       TypeRange{builder.getIndexType()},
                                       ValueRange{dim});
      v = arith::AddIOp::create(builder, l, id, call.getResult(0));
    } else {
      // get_global_size / get_global_offset have no upstream gpu op.
      llvm::StringRef fn = name == "get_global_size" ? "__acc_global_size"
                                                     : "__acc_global_offset";
      Value dim = indexConst(static_cast<int64_t>(d), l);
      v = func::CallOp::create(builder, l, fn,
                               TypeRange{builder.getIndexType()},
                               ValueRange{dim})
              .getResult(0);
    }
    return arith::IndexCastUIOp::create(builder, l, i64, v);
  };

  std::optional<llvm::APSInt> constDim = dimExpr->getIntegerConstantExpr(ast);
  if (constDim) {
    uint64_t d = constDim->getZExtValue();
    if (d > 2)
      return arith::ConstantIntOp::create(builder, l, i64, outOfRange);
    return emitDim(static_cast<gpu::Dimension>(d));
  }
  // A dimension known only at run time: select among the three.
  Value dim = emitScalar(dimExpr);
  Value result = arith::ConstantIntOp::create(builder, l, i64, outOfRange);
  for (int d = 2; d >= 0; --d) {
    Value here = emitDim(static_cast<gpu::Dimension>(d));
    Value dc = arith::ConstantIntOp::create(builder, l, dim.getType(), d);
    Value is = arith::CmpIOp::create(builder, l, arith::CmpIPredicate::eq, dim, dc);
    result = arith::SelectOp::create(builder, l, is, here, result);
  }
  return result;
}

RValue KernelCodeGen::emitBuiltinCall(const cl::CallExpr *expr,
                                      const cl::FunctionDecl *callee,
                                      bool &handled) {
  Location l = loc(expr->getBeginLoc());
  std::string name = callee->getNameAsString();
  cl::QualType type = expr->getType();
  handled = true;

  if (name == "get_global_id" || name == "get_local_id" ||
      name == "get_group_id" || name == "get_global_size" ||
      name == "get_local_size" || name == "get_num_groups" ||
      name == "get_global_offset") {
    return RValue::get(emitWorkItemQuery(name, expr->getArg(0), l));
  }
  if (name == "get_work_dim") {
    auto call = func::CallOp::create(builder, l, "__acc_work_dim",
                                     TypeRange{builder.getIndexType()},
                                     ValueRange{});
    return RValue::get(arith::IndexCastUIOp::create(
        builder, l, builder.getI32Type(), call.getResult(0)));
  }
  if (name == "barrier" || name == "mem_fence" || name == "read_mem_fence" ||
      name == "write_mem_fence" || name == "work_group_barrier") {
    unsupported(expr->getBeginLoc(), "'" + name + "'",
                " yet (barriers and local memory come in a later release)");
    return {};
  }

  // Everything below works on scalar arguments already converted by Sema to
  // the selected overload's parameter types.
  for (const cl::Expr *arg : expr->arguments()) {
    if (!convertScalarType(arg->getType())) {
      unsupported(arg->getBeginLoc(),
                  "'" + name + "' with an argument of " +
                      describeType(arg->getType()),
                  " yet");
      return RValue::get(placeholder(type, l));
    }
  }
  llvm::SmallVector<Value, 3> a;
  for (const cl::Expr *arg : expr->arguments())
    a.push_back(emitScalar(arg));
  bool isFloat = !a.empty() && llvm::isa<FloatType>(a[0].getType());
  bool sgn = !expr->arguments().empty() && isSigned(expr->getArg(0)->getType());

  auto unaryF = [&](auto tag) -> RValue {
    using Op = decltype(tag);
    return RValue::get(Op::create(builder, l, a[0]));
  };

  if (isFloat && a.size() == 1) {
    if (name == "sqrt") return unaryF(math::SqrtOp{});
    if (name == "rsqrt") return unaryF(math::RsqrtOp{});
    if (name == "exp") return unaryF(math::ExpOp{});
    if (name == "exp2") return unaryF(math::Exp2Op{});
    if (name == "log") return unaryF(math::LogOp{});
    if (name == "log2") return unaryF(math::Log2Op{});
    if (name == "log10") return unaryF(math::Log10Op{});
    if (name == "sin") return unaryF(math::SinOp{});
    if (name == "cos") return unaryF(math::CosOp{});
    if (name == "tan") return unaryF(math::TanOp{});
    if (name == "fabs") return unaryF(math::AbsFOp{});
    if (name == "floor") return unaryF(math::FloorOp{});
    if (name == "ceil") return unaryF(math::CeilOp{});
    if (name == "trunc") return unaryF(math::TruncOp{});
    if (name == "round") return unaryF(math::RoundOp{});
    if (name == "rint") return unaryF(math::RoundEvenOp{});
  }
  if (isFloat && a.size() == 2) {
    if (name == "pow" || name == "powr")
      return RValue::get(math::PowFOp::create(builder, l, a[0], a[1]));
    if (name == "fmin")
      return RValue::get(arith::MinNumFOp::create(builder, l, a[0], a[1]));
    if (name == "fmax")
      return RValue::get(arith::MaxNumFOp::create(builder, l, a[0], a[1]));
    if (name == "min")
      return RValue::get(arith::MinNumFOp::create(builder, l, a[0], a[1]));
    if (name == "max")
      return RValue::get(arith::MaxNumFOp::create(builder, l, a[0], a[1]));
    if (name == "fmod")
      return RValue::get(arith::RemFOp::create(builder, l, a[0], a[1]));
    if (name == "copysign")
      return RValue::get(math::CopySignOp::create(builder, l, a[0], a[1]));
  }
  if (isFloat && a.size() == 3) {
    if (name == "fma" || name == "mad")
      return RValue::get(math::FmaOp::create(builder, l, a[0], a[1], a[2]));
    if (name == "clamp") {
      Value lo = arith::MaxNumFOp::create(builder, l, a[0], a[1]);
      return RValue::get(arith::MinNumFOp::create(builder, l, lo, a[2]));
    }
  }
  if (!isFloat && !a.empty()) {
    if (name == "min" && a.size() == 2)
      return RValue::get(sgn ? (Value)arith::MinSIOp::create(builder, l, a[0], a[1])
                             : (Value)arith::MinUIOp::create(builder, l, a[0], a[1]));
    if (name == "max" && a.size() == 2)
      return RValue::get(sgn ? (Value)arith::MaxSIOp::create(builder, l, a[0], a[1])
                             : (Value)arith::MaxUIOp::create(builder, l, a[0], a[1]));
    if (name == "clamp" && a.size() == 3) {
      Value lo = sgn ? (Value)arith::MaxSIOp::create(builder, l, a[0], a[1])
                     : (Value)arith::MaxUIOp::create(builder, l, a[0], a[1]);
      return RValue::get(sgn ? (Value)arith::MinSIOp::create(builder, l, lo, a[2])
                             : (Value)arith::MinUIOp::create(builder, l, lo, a[2]));
    }
  }
  handled = false;
  return {};
}

} // namespace

bool generatePortableIR(clang::ASTContext &astContext,
                        clang::DiagnosticsEngine &diags,
                        mlir::MLIRContext &context, FrontendResult &result) {
  KernelCodeGen codegen(astContext, diags, context);
  bool ok = codegen.run(result);
  if (!ok)
    return false;
  return true;
}

void registerPortableIRDialects(mlir::MLIRContext &context) {
  context.loadDialect<arith::ArithDialect, cf::ControlFlowDialect,
                      func::FuncDialect, gpu::GPUDialect, math::MathDialect,
                      memref::MemRefDialect, scf::SCFDialect,
                      ub::UBDialect>();
}

} // namespace acc
