//===- Builtins.h - OpenCL C builtin functions on SSA values -----*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The OpenCL C 1.2 builtin library for the builtins that take and return
// values (math, integer, common, geometric, relational, conversions,
// reinterpretations). Builtins that touch memory (vload/vstore, atomics,
// the pointer-output math functions) or the work-item state stay in the
// AST code generator, which owns the memory model.
//
// Every function here works on scalars and on `vector<NxT>` alike and emits
// only portable kernel IR (docs/portable-ir.md): arith/math/vector ops, and
// for functions with no upstream op an `accir.builtin` op (AccOps.td lists
// them and their shapes; vector operands are element-wise, every operand
// already broadcast to the result's shape). No Clang header is needed: the
// AST layer passes each operand's signedness.
//
// The cpu pipeline resolves the builtins in CPUBuiltins.cpp (libm or an
// expansion), the opencl-c pipeline prints the OpenCL builtin of the same
// name, the spirv-vk pipeline computes them with acc::expandMath, and the
// spirv-cl pipeline refuses them ("cannot express '<name>' yet").
//
// as_<type> (Clang's AsTypeExpr) goes through emitValueBuiltin too, with the
// name "as_<type>" and the result type.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_FRONTEND_BUILTINS_H
#define ACC_LIB_FRONTEND_BUILTINS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <utility>

namespace mlir {
namespace gpu {
class GPUModuleOp;
} // namespace gpu
} // namespace mlir

namespace acc {

/// One operand of a builtin call, already converted by Clang's overload
/// resolution to the parameter type of the selected overload.
struct BuiltinOperand {
  mlir::Value value; ///< scalar or vector<NxT>
  bool isSigned;     ///< for integer element types: signed C type?
};

/// What the caller wants back.
struct BuiltinResult {
  mlir::Type type; ///< MLIR type of the call expression (scalar or vector)
  bool isSigned;   ///< for integer element types
};

enum class BuiltinStatus {
  Emitted,   ///< `value` holds the result
  Unknown,   ///< not a builtin this library handles: try elsewhere
  Refused,   ///< a builtin it knows but cannot compile; `message` says why
};

struct BuiltinEmission {
  BuiltinStatus status = BuiltinStatus::Unknown;
  mlir::Value value;
  std::string message;
};

/// Emits builtin `name` (the OpenCL name as written: "sin", "convert_int4_sat_rte",
/// "as_float", "mad24", ...) at the builder's insertion point.
/// `module` is the kernel's module (unused by the value builtins today).
BuiltinEmission emitValueBuiltin(mlir::OpBuilder &builder, mlir::Location loc,
                                 mlir::gpu::GPUModuleOp module,
                                 llvm::StringRef name,
                                 llvm::ArrayRef<BuiltinOperand> operands,
                                 BuiltinResult result);

// Value parts of the pointer-output builtins, for the AST code generator
// (scalars and vectors alike). Each returns (result, value stored through
// the pointer).

/// frexp(x): (mantissa in [0.5, 1) with x's sign, exponent as `expType`
/// (i32 or vector<Nxi32>)). Zero, inf and NaN give (x, 0). Exact.
std::pair<mlir::Value, mlir::Value> emitFrexp(mlir::OpBuilder &builder,
                                              mlir::Location loc,
                                              mlir::Value x,
                                              mlir::Type expType);
/// modf(x): (fractional part with x's sign, trunc(x)); modf(+-inf) =
/// (+-0, +-inf).
std::pair<mlir::Value, mlir::Value> emitModf(mlir::OpBuilder &builder,
                                             mlir::Location loc,
                                             mlir::Value x);
/// fract(x): (fmin(x - floor(x), 0x1.fffffep-1f), floor(x)), with fract of
/// +-inf = +-0 and of NaN = NaN.
std::pair<mlir::Value, mlir::Value> emitFract(mlir::OpBuilder &builder,
                                              mlir::Location loc,
                                              mlir::Value x);
/// lgamma_r(x): (lgamma(x), the sign of gamma(x) as `signType` (i32 or
/// vector<Nxi32>): 1 or -1, 0 at the poles and for NaN). `module` receives
/// nothing today.
std::pair<mlir::Value, mlir::Value>
emitLgammaR(mlir::OpBuilder &builder, mlir::Location loc,
            mlir::gpu::GPUModuleOp module, mlir::Value x,
            mlir::Type signType);
/// remquo(x, y): (remainder(x, y), quo as `quoType` (i32 or vector<Nxi32>))
/// where quo has the sign of x / y and the low 7 bits of the integral
/// quotient's magnitude (0 when the remainder is NaN). The remainder is an
/// accir.builtin remainder, so spirv-cl refuses it like remainder.
std::pair<mlir::Value, mlir::Value>
emitRemquo(mlir::OpBuilder &builder, mlir::Location loc,
           mlir::gpu::GPUModuleOp module, mlir::Value x, mlir::Value y,
           mlir::Type quoType);
/// sincos(x): (sin(x), cos(x)).
std::pair<mlir::Value, mlir::Value> emitSincos(mlir::OpBuilder &builder,
                                               mlir::Location loc,
                                               mlir::Value x);

} // namespace acc

#endif // ACC_LIB_FRONTEND_BUILTINS_H
