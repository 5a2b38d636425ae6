//===- CodeGenImpl.h - Clang AST to portable kernel IR, internals -*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The AST walker that emits the portable kernel IR (docs/portable-ir.md).
// Its implementation is split by topic so that a change recompiles one part:
//
//   CodeGen.cpp      types and memory layout, kernels, program-scope
//                    constants
//   CGStmt.cpp       statements
//   CGExpr.cpp       expressions: the dispatch, literals, vector elements
//   CGLValue.cpp     lvalues, and loads and stores through them
//   CGMemory.cpp     loads and stores of the unit memory model, copies,
//                    initialisers
//   CGOperators.cpp  conversions, casts and operators
//   CGCall.cpp       helper-function inlining and the builtins that need
//                    the AST or the memory model (Builtins.cpp has the rest)
//
// The memory model: every memory object is a 1-D memref of *units* (the
// unit type is chosen from the object's C type, see unitType()), and a C
// pointer is an Address: a memref plus a unit index. A pointer variable's
// memref is fixed by its first assignment; only its index lives in memory.
// This is what keeps every access in (buffer, index) form for the
// logical-addressing targets.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_FRONTEND_CODEGENIMPL_H
#define ACC_LIB_FRONTEND_CODEGENIMPL_H

#include "CodeGen.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <string>

namespace acc {
namespace cg {

namespace cl = clang;

/// A place in memory: unit `index` of the 1-D memref `base`. Also the value
/// of a C pointer.
struct PointerChoice;

struct Address {
  mlir::Value base;  // memref<?xU> or memref<NxU>, any memory space
  mlir::Value index; // index, counted in units of base's element type
  /// For a pointer into the buffer of a pointer parameter of function
  /// `scope`: which parameter (an i32, its position among the function's
  /// parameters; run-time for a variable that chooses between buffers), so
  /// that assigning it to such a variable keeps the choice.
  mlir::Value selector;
  const clang::FunctionDecl *scope = nullptr;
  explicit operator bool() const { return base && index; }
  mlir::Type unit() const {
    return llvm::cast<mlir::MemRefType>(base.getType()).getElementType();
  }
};

/// A pointer variable that may point into the buffers of two or more
/// pointer parameters of its function, through assignments (p = a; q = p +
/// 1; if (c) p = b; ...). It keeps, besides its index, which parameter it
/// points into (its position among the function's parameters); a read
/// selects that parameter's buffer (arith.select over `params`).
struct PointerChoice {
  llvm::SmallVector<const clang::ParmVarDecl *, 4> params;
  /// Set once its buffers were found not to be choosable (and reported).
  mutable bool refused = false;
};

/// A pointer variable: the memref it points into is fixed by its first
/// assignment, or, for a variable of a PointerChoice, chosen at run time;
/// the unit index lives in a private slot.
struct PointerVar {
  mlir::Value base;       // null until the first assignment
  mlir::Value offsetSlot; // memref<1xindex>
  const PointerChoice *choice = nullptr;
  mlir::Value selectorSlot; // memref<1xi32>, with `choice`
};

/// The result of evaluating an expression: a scalar or vector SSA value, a
/// pointer, an aggregate (which stays in memory), or nothing (void).
struct RValue {
  mlir::Value value;
  Address ptr;
  Address agg;
  static RValue get(mlir::Value v) { return RValue{v, {}, {}}; }
  static RValue getPtr(Address p) { return RValue{{}, p, {}}; }
  static RValue getAgg(Address a) { return RValue{{}, {}, a}; }
  bool isPtr() const { return static_cast<bool>(ptr); }
  bool isAgg() const { return static_cast<bool>(agg); }
};

/// Something that can be assigned to.
struct LValue {
  enum Kind { Invalid, Memory, PointerVariable, VectorElements };
  Kind kind = Invalid;
  Address addr;            // Memory, VectorElements: the object / the vector
  cl::QualType type;       // Memory: the object's type; VectorElements: the
                           // whole vector's type
  PointerVar *pointerVar = nullptr;
  llvm::SmallVector<int64_t, 16> elements; // VectorElements: lanes, in order

  static LValue memory(Address a, cl::QualType t) {
    LValue lv;
    lv.kind = Memory;
    lv.addr = a;
    lv.type = t;
    return lv;
  }
  bool valid() const { return kind != Invalid; }
};

/// Per-function state: the function being emitted (a kernel, or a helper
/// being inlined into one).
struct FunctionScope {
  const cl::FunctionDecl *decl;
  mlir::Block *returnBlock;
  Address returnSlot; // non-void helpers: where `return` stores
};

/// Where `break` and `continue` go. A switch has a break target and
/// inherits the enclosing loop's continue target (null outside loops).
struct JumpTargets {
  mlir::Block *breakBlock;
  mlir::Block *continueBlock;
};

class KernelCodeGen {
public:
  KernelCodeGen(cl::ASTContext &ast, cl::DiagnosticsEngine &diags,
                mlir::MLIRContext &context);

  bool run(FrontendResult &result);

  // --- Diagnostics -------------------------------------------------------
  /// Reports "<what> is not supported by acc<hint>" once per location.
  /// `hint` continues the sentence: " yet; ..." or "; do this instead".
  void unsupported(cl::SourceLocation loc, llvm::StringRef what,
                   llvm::StringRef hint = "");
  void error(cl::SourceLocation loc, llvm::StringRef message);
  mlir::Location loc(cl::SourceLocation sloc);

  // --- Types and layout (CodeGen.cpp) --------------------------------------
  /// The MLIR type of a scalar: i1 for bool, iN, f16, f32, f64.
  mlir::Type convertScalarType(cl::QualType type);
  /// Scalars and vectors (vector<NxT>); null for anything else.
  mlir::Type convertValueType(cl::QualType type);
  acc_scalar_type_t scalarKind(cl::QualType type);
  bool isSigned(cl::QualType type);
  /// The element type of a vector type, or the type itself.
  cl::QualType elementType(cl::QualType type);
  static bool isAggregate(cl::QualType type);
  /// The unit of a memory object of C type `type` (docs/portable-ir.md);
  /// null, after a diagnostic at `sloc`, for types acc cannot place in
  /// memory.
  mlir::Type unitType(cl::QualType type, cl::SourceLocation sloc);
  int64_t unitBytes(mlir::Type unit);
  /// How many units of `unit` an object of type `type` spans; 0 after a
  /// diagnostic when it is not a whole number.
  int64_t unitCount(cl::QualType type, mlir::Type unit, cl::SourceLocation sloc);
  int64_t sizeOf(cl::QualType type);
  static std::string describeType(cl::QualType type);

  // --- IR helpers ----------------------------------------------------------
  mlir::Block *newBlock();
  bool blockTerminated();
  void branchTo(mlir::Block *dest, mlir::Location l);
  void startUnreachableBlock();
  mlir::Value allocaSlot(mlir::Type elementType, mlir::Location l);
  /// A private memref<NxU> for an aggregate (or any object) of `type`.
  Address allocaObject(cl::QualType type, mlir::Location l,
                       cl::SourceLocation sloc);
  mlir::Value indexConst(int64_t v, mlir::Location l);
  /// An integer or float constant of `type`, splatted for vectors.
  mlir::Value constant(mlir::Type type, double fp, int64_t integer,
                       mlir::Location l);
  mlir::Value intConst(mlir::Type type, int64_t v, mlir::Location l) {
    return constant(type, 0.0, v, l);
  }
  Address offsetAddress(Address a, mlir::Value units, mlir::Location l);
  Address offsetAddress(Address a, int64_t units, mlir::Location l);

  // --- Kernels and globals (CodeGen.cpp) -----------------------------------
  void emitKernel(const cl::FunctionDecl *fd, FrontendResult &result);
  bool describeKernelArg(const cl::ParmVarDecl *param, bundle::ArgInfo &info,
                         mlir::Type &mlirType, bool &byValueAggregate);
  void emitProgramScopeVariable(const cl::VarDecl *vd);
  /// The memref of a program-scope constant, fetched in the current kernel.
  mlir::Value globalMemRef(const cl::VarDecl *vd, mlir::Location l);
  /// A `local` variable declared in the kernel: a workgroup attribution.
  Address localVariable(const cl::VarDecl *vd, mlir::Location l);

  // --- Statements (CGStmt.cpp) ----------------------------------------------
  void emitStmt(const cl::Stmt *stmt);
  void emitDecl(const cl::Decl *decl);
  void emitIf(const cl::IfStmt *stmt);
  void emitWhile(const cl::WhileStmt *stmt);
  void emitDo(const cl::DoStmt *stmt);
  void emitFor(const cl::ForStmt *stmt);
  void emitReturn(const cl::ReturnStmt *stmt);
  void emitSwitch(const cl::SwitchStmt *stmt);
  void emitBreakOrContinue(const cl::Stmt *stmt, bool isBreak);
  /// Binds `vd` to fresh storage initialised from `value` (helper
  /// parameters) or from its initialiser.
  void bindVariable(const cl::VarDecl *vd, const RValue *value,
                    cl::SourceLocation valueLoc);

  // --- Memory (CGExpr.cpp) ----------------------------------------------------
  mlir::Value loadValue(Address a, cl::QualType type, mlir::Location l);
  void storeValue(Address a, cl::QualType type, mlir::Value v, mlir::Location l);
  mlir::Value loadScalarAt(mlir::Value base, mlir::Value index,
                           mlir::Type scalar, mlir::Location l);
  void storeScalarAt(mlir::Value base, mlir::Value index, mlir::Value v,
                     mlir::Location l);
  void copyObject(Address dst, Address src, cl::QualType type,
                  mlir::Location l, cl::SourceLocation sloc);
  void zeroObject(Address dst, cl::QualType type, mlir::Location l,
                  cl::SourceLocation sloc);
  /// Stores zero into `count` units of `dst` starting `from` units in.
  void zeroUnits(Address dst, int64_t from, int64_t count, mlir::Location l);
  /// Initialises the object at `dst` of `type` from `init` (an initialiser
  /// list, an aggregate, a value).
  void emitInitInto(Address dst, cl::QualType type, const cl::Expr *init);
  /// Units per element when a pointer to `pointee` steps into `base`.
  int64_t pointerStride(cl::QualType pointee, Address base,
                        cl::SourceLocation sloc);

  // --- Expressions (CGExpr.cpp) -----------------------------------------------
  RValue emitExpr(const cl::Expr *expr);
  /// A scalar or vector value.
  mlir::Value emitValue(const cl::Expr *expr);
  Address emitPointer(const cl::Expr *expr);
  /// The address of an aggregate-typed expression (evaluated into a
  /// temporary when it is not already in memory).
  Address emitAggregate(const cl::Expr *expr);
  mlir::Value emitCondition(const cl::Expr *expr);
  LValue emitLValue(const cl::Expr *expr);
  RValue loadLValue(const LValue &lv, cl::QualType type, mlir::Location l,
                    cl::SourceLocation sloc);
  void storeLValue(const LValue &lv, const RValue &value, mlir::Location l,
                   cl::SourceLocation sloc);
  RValue emitCast(const cl::CastExpr *expr);
  mlir::Value emitConversion(mlir::Value v, cl::QualType from, cl::QualType to,
                             mlir::Location l);
  mlir::Value toBool(mlir::Value v, mlir::Location l);
  /// A comparison result (i1 or vector<Nxi1>) as the C type `type`: 0/1
  /// for scalars, 0/-1 for vectors.
  mlir::Value fromBool(mlir::Value c, cl::QualType type, mlir::Location l);
  RValue emitUnary(const cl::UnaryOperator *expr);
  RValue emitBinary(const cl::BinaryOperator *expr);
  RValue emitCompoundAssign(const cl::CompoundAssignOperator *expr);
  mlir::Value emitArith(cl::BinaryOperatorKind op, mlir::Value lhs,
                        mlir::Value rhs, cl::QualType type, mlir::Location l,
                        cl::SourceLocation sloc, bool contract = false);
  /// Whether the floating-point addition or subtraction `expr` (a
  /// BinaryOperator or CompoundAssignOperator) may be fused with a
  /// multiplication among its operands, as OpenCL C's FP_CONTRACT allows
  /// within an expression (on by default); marks such a multiplication,
  /// already emitted as `lhs` or `rhs`, contractible.
  bool contractMultiply(const cl::BinaryOperator *expr, const cl::Expr *lhsExpr,
                        mlir::Value lhs, const cl::Expr *rhsExpr,
                        mlir::Value rhs);
  mlir::Value emitCompare(cl::BinaryOperatorKind op, mlir::Value a,
                          mlir::Value b, cl::QualType operandType,
                          mlir::Location l);
  RValue emitPointerArith(cl::BinaryOperatorKind op, const cl::Expr *lhs,
                          const cl::Expr *rhs, mlir::Location l);
  RValue emitLogical(const cl::BinaryOperator *expr);
  /// Whether evaluating `expr` unconditionally is unobservable, so that
  /// `?:`, `&&` and `||` may compute it without a branch.
  bool isSafeToSpeculate(const cl::Expr *expr);
  RValue emitConditional(const cl::AbstractConditionalOperator *expr);
  mlir::Value emitVectorInitList(const cl::InitListExpr *init,
                                 cl::QualType type);
  mlir::Value emitVectorElements(const cl::ExtVectorElementExpr *expr);
  mlir::Value placeholder(cl::QualType type, mlir::Location l);
  mlir::Value castIndex(mlir::Value v, cl::QualType type, mlir::Location l);

  // --- Calls (CGCall.cpp) ------------------------------------------------------
  RValue emitCall(const cl::CallExpr *expr);
  RValue emitInlinedCall(const cl::CallExpr *expr,
                         const cl::FunctionDecl *callee);
  RValue emitBuiltinCall(const cl::CallExpr *expr,
                         const cl::FunctionDecl *callee, bool &handled);
  mlir::Value emitWorkItemQuery(llvm::StringRef name, const cl::Expr *dimExpr,
                                mlir::Location l);
  RValue emitMemoryBuiltin(const cl::CallExpr *expr, llvm::StringRef name,
                           bool &handled);
  RValue emitAtomic(const cl::CallExpr *expr, llvm::StringRef op);
  RValue emitAsyncCopy(const cl::CallExpr *expr, bool strided);
  RValue emitPrintf(const cl::CallExpr *expr);

  // --- State ----------------------------------------------------------------
  cl::ASTContext &ast;
  cl::DiagnosticsEngine &diags;
  mlir::MLIRContext &context;
  mlir::OpBuilder builder;
  unsigned errUnsupported, errGeneric;
  bool hadError = false;
  /// Source locations already diagnosed (see unsupported()).
  llvm::DenseSet<cl::SourceLocation::UIntTy> reported;
  mlir::gpu::GPUModuleOp gpuModule;
  /// Program-scope constants: their memref.global symbol.
  llvm::DenseMap<const cl::VarDecl *, std::string> globals;

  // Per-kernel state.
  mlir::gpu::GPUFuncOp kernelFunc;
  mlir::Region *region = nullptr;
  mlir::Block *entryBlock = nullptr;
  bool usesBarriers = false;
  bool usesInt64Atomics = false;
  /// Kernels emitted so far.
  unsigned kernelCount = 0;
  /// Variables that live in memory (scalars and vectors in a memref<1xT>
  /// slot; aggregates; local variables): their address.
  llvm::DenseMap<const cl::VarDecl *, Address> objects;
  llvm::DenseMap<const cl::VarDecl *, std::unique_ptr<PointerVar>> pointerVars;
  /// planPointerChoices' result: the variables of each choice.
  std::vector<std::unique_ptr<PointerChoice>> pointerChoiceStore;
  llvm::DenseMap<const cl::VarDecl *, const PointerChoice *> pointerChoices;
  /// Variables whose address is taken somewhere (`&v`): a vector among
  /// them is stored as units so that a pointer can reach its lanes.
  llvm::DenseSet<const cl::VarDecl *> addressTaken;
  void collectAddressTaken(const cl::Stmt *stmt);
  /// Finds the pointer variables of `fd`'s body that may point into
  /// different buffers (PointerChoice), before the body is emitted.
  void planPointerChoices(const cl::FunctionDecl *fd);
  /// Makes `var` (the variable `vd`) one of `choice`'s: a selector slot,
  /// starting at `vd`'s own buffer for a parameter, else at the first.
  void startChoice(PointerVar &var, const PointerChoice &choice,
                   const cl::VarDecl *vd, mlir::Location l);
  /// The position of the current function's pointer parameter whose
  /// buffer is `base`, as an i32 constant, or null.
  mlir::Value parameterSelector(mlir::Value base, mlir::Location l);
  /// The candidate buffers of `choice`, in order, or an empty list (with
  /// a diagnostic at `sloc`) when they cannot be chosen between.
  llvm::SmallVector<mlir::Value, 4> choiceBuffers(const PointerChoice &choice,
                                                  cl::SourceLocation sloc);
  /// memref.get_global results of this kernel, by symbol.
  llvm::DenseMap<const cl::VarDecl *, mlir::Value> globalRefs;
  llvm::SmallVector<FunctionScope, 4> functionStack;
  llvm::SmallVector<JumpTargets, 4> jumpStack;
  /// For each enclosing switch: the block of each case label.
  llvm::SmallVector<llvm::DenseMap<const cl::SwitchCase *, mlir::Block *>, 2>
      switchStack;
};

} // namespace cg
} // namespace acc

#endif // ACC_LIB_FRONTEND_CODEGENIMPL_H
