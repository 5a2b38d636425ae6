//===- Passes.h - acc conversion passes -----------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CONVERSION_PASSES_H
#define ACC_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
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
inline constexpr const char *kCPUItemPrefix = "__acc_item_";

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "acc/Conversion/Passes.h.inc"

} // namespace acc

#endif // ACC_CONVERSION_PASSES_H
