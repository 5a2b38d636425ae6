//===- AccDialect.h - The accir dialect of the portable IR -------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The operations the portable kernel IR adds to upstream MLIR (AccOps.td):
// work-item queries, memory fences and builtins without an upstream op.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_DIALECT_ACC_ACCDIALECT_H
#define ACC_DIALECT_ACC_ACCDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "acc/Dialect/Acc/AccOpsDialect.h.inc"
#include "acc/Dialect/Acc/AccOpsEnums.h.inc"

#define GET_OP_CLASSES
#include "acc/Dialect/Acc/AccOps.h.inc"

/// The prefix of every symbol acc's compiler generates (program-scope
/// constants, placeholders, the cpu target's item functions and frames,
/// the opencl-c target's helpers): OpenCL C reserves identifiers that start
/// with two underscores to the implementation, so no kernel's names clash.
/// Written as a literal so generated names concatenate at compile time
/// (ACC_RESERVED_SYMBOL_PREFIX "const_").
#define ACC_RESERVED_SYMBOL_PREFIX "__acc_"

namespace acc::ir {

/// Whether `name` is a symbol acc's compiler generated.
inline bool isReservedSymbol(llvm::StringRef name) {
  return name.starts_with(ACC_RESERVED_SYMBOL_PREFIX);
}

/// How many operands builtin `b` takes (1 or 2).
unsigned builtinArity(Builtin b);
/// Whether the second operand of `b` (ldexp, pown, rootn) or its result
/// (ilogb) is the i32 scalar or vector of the float operand's shape.
bool builtinTakesInt(Builtin b);
bool builtinReturnsInt(Builtin b);

} // namespace acc::ir

#endif // ACC_DIALECT_ACC_ACCDIALECT_H
