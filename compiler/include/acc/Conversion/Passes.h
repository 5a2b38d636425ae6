//===- Passes.h - acc conversion passes -----------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CONVERSION_PASSES_H
#define ACC_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "acc/Dialect/Acc/AccDialect.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace acc {

/// Number of work-item description arguments appended to each per-item
/// function by -convert-gpu-to-cpu, and their order.
enum CPUItemArg : unsigned {
  kItemLocalId = 0,
  kItemGroupId = 3,
  kItemLocalSize = 6,
  kItemNumGroups = 9,
  kItemGlobalOffset = 12,
  kItemGlobalSize = 15,
  kItemEnqueuedLocalSize = 18,
  kItemWorkDim = 21,
  kItemArgCount = 22,
};

/// Prefix of the per-work-item function made from each kernel.
inline constexpr const char *kCPUItemPrefix = ACC_RESERVED_SYMBOL_PREFIX "item_";

/// Prefix of the private `memref<3xi64>` constant that -convert-gpu-to-cpu
/// writes for a kernel that needs work-group memory (a kernel with `local`
/// arrays or barriers): [local bytes, spill bytes per work-item, barriers].
/// The work-group function reads it and allocates
/// `local bytes + spill bytes * work-items` bytes aligned to
/// kCPUGroupMemoryAlignment, passes them to the item function as a trailing
/// `memref<?xi8>` argument and, when there are barriers, runs the item
/// function's states (see GPUToCPU.cpp). The constant is erased then.
inline constexpr const char *kCPUFramePrefix = ACC_RESERVED_SYMBOL_PREFIX "cpu_frame_";

/// Alignment of the work-group memory block and of each `local` array in it.
inline constexpr unsigned kCPUGroupMemoryAlignment = 128;

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "acc/Conversion/Passes.h.inc"

} // namespace acc

#endif // ACC_CONVERSION_PASSES_H
