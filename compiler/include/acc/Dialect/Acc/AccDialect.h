//===- AccDialect.h - The accir dialect of the portable IR -------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The operations the portable kernel IR adds to upstream MLIR (AccOps.td):
// work-item queries, memory fences and builtins without an upstream op;
// and the kernel metadata attribute every kernel gpu.func carries.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_DIALECT_ACC_ACCDIALECT_H
#define ACC_DIALECT_ACC_ACCDIALECT_H

#include "acc/bundle/Bundle.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "acc/Dialect/Acc/AccOpsDialect.h.inc"
#include "acc/Dialect/Acc/AccOpsEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "acc/Dialect/Acc/AccOpsAttrs.h.inc"

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

/// Where accir.launch_word's field `field` of dimension `dim` lies in
/// convention 1's launch words (acc_launch_words_t, acc/acc_launch.h): its
/// byte offset, and whether it is 64-bit (global offset and size) or 32.
unsigned launchFieldOffset(LaunchField field, Dimension dim);
bool isWideLaunchField(LaunchField field);

//===----------------------------------------------------------------------===//
// Kernel metadata (#accir.kernel on each kernel gpu.func)
//===----------------------------------------------------------------------===//

/// The metadata attribute of `kernel`: `info` (its name is the function's)
/// with `byValue[i]` for each argument the portable IR receives as a memref
/// of bytes (a struct passed by value; empty: none).
KernelAttr makeKernelAttr(mlir::MLIRContext *ctx,
                          const bundle::KernelInfo &info,
                          llvm::ArrayRef<bool> byValue = {});
/// The metadata of `kernel`, or null when it carries none.
KernelAttr getKernelAttr(mlir::gpu::GPUFuncOp kernel);
/// The argument metadata of argument `i` of `kernel`, or null.
ArgAttr getArgAttr(mlir::gpu::GPUFuncOp kernel, unsigned i);
/// Whether argument `i` of `kernel` is a struct passed by value.
bool isByValueArg(mlir::gpu::GPUFuncOp kernel, unsigned i);
/// The bundle's description of `kernel` (the verifier guarantees the
/// attribute on every kernel of the portable IR).
bundle::KernelInfo getKernelInfo(mlir::gpu::GPUFuncOp kernel);
/// Replaces the flags of `kernel`'s metadata.
void setKernelFlags(mlir::gpu::GPUFuncOp kernel, acc_kernel_flags_t flags);
/// The kernels of `module`, in the order of the IR (which is the order of
/// the source and of the bundle's kernel table).
llvm::SmallVector<mlir::gpu::GPUFuncOp> getKernels(mlir::ModuleOp module);
/// getKernelInfo() of every kernel of `module`, in the same order.
std::vector<bundle::KernelInfo> getKernelInfos(mlir::ModuleOp module);

} // namespace acc::ir

#endif // ACC_DIALECT_ACC_ACCDIALECT_H
