//===- NarrowSizeT.cpp - size_t as 32 bits for targets without int64 ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The portable IR computes size_t (get_global_id, sizeof, pointer offsets)
// in 64 bits, as OpenCL C does on a 64-bit device. GLSL ES has no 64-bit
// integers, and its devices report 32-bit ids (acc_device_info_t::
// global_id_bits = 32: the runtime refuses a launch whose ids do not fit).
// A kernel without ACC_KERNEL_FLAG_USES_INT64 holds no 64-bit integer
// except that id arithmetic (lib/Transforms/KernelFeatures.cpp derives the
// flag by exactly that test), so computing its 64-bit integers in 32 bits
// changes no result its launches can produce. This file rewrites such a
// kernel in place: every i64 value becomes i32, constants are truncated,
// extensions to and truncations from 64 bits that become no-ops disappear,
// and the no-wrap flags of the narrowed arithmetic are dropped (they held
// for 64 bits, not for 32).
//
//===----------------------------------------------------------------------===//

#include "PortableToSPIRVImpl.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace acc::tospirv {
namespace {

/// `type` with 64-bit integers made 32-bit (scalars and vectors), or null
/// when it holds none.
Type narrowed(Type type) {
  if (type.isInteger(64))
    return IntegerType::get(type.getContext(), 32);
  if (auto vt = llvm::dyn_cast<VectorType>(type))
    if (vt.getElementType().isInteger(64))
      return vt.clone(IntegerType::get(type.getContext(), 32));
  return {};
}

/// Whether `type` holds 64-bit integers in memory (a memref of them).
bool isWideMemory(Type type) {
  auto mt = llvm::dyn_cast<MemRefType>(type);
  return mt && mt.getElementType().isInteger(64);
}

} // namespace

bool narrowSizeT(gpu::GPUFuncOp kernel, StringRef target, std::string &error) {
  // Memory of 64-bit integers would change layout: such a kernel carries
  // the int64 flag and never comes here; refuse it if it does.
  Operation *wideMemory = nullptr;
  kernel.walk([&](Operation *op) {
    for (Type t : llvm::concat<const Type>(op->getOperandTypes(),
                                           op->getResultTypes()))
      if (isWideMemory(t) && !wideMemory)
        wideMemory = op;
  });
  for (Type t : kernel.getArgumentTypes())
    if (narrowed(t) && !wideMemory)
      wideMemory = kernel;
  // The flag says whether any 64-bit integer is more than id arithmetic.
  ir::KernelAttr info = ir::getKernelAttr(kernel);
  if (info && (info.getFlags() & ACC_KERNEL_FLAG_USES_INT64) && !wideMemory)
    wideMemory = kernel;
  if (wideMemory) {
    error = spirvKernelError(target, kernel.getName(), "64-bit integers",
                             wideMemory->getLoc());
    return false;
  }

  kernel.walk([](Block *block) {
    for (BlockArgument arg : block->getArguments())
      if (Type t = narrowed(arg.getType()))
        arg.setType(t);
  });
  SmallVector<Operation *> ops;
  kernel.walk([&](Operation *op) { ops.push_back(op); });
  for (Operation *op : ops) {
    OpBuilder b(op);
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      Type t = narrowed(constant.getType());
      if (!t)
        continue;
      TypedAttr value;
      if (auto i = llvm::dyn_cast<IntegerAttr>(constant.getValue()))
        value = IntegerAttr::get(t, i.getValue().trunc(32));
      else if (auto dense =
                   llvm::dyn_cast<DenseIntElementsAttr>(constant.getValue()))
        value = dense.mapValues(IntegerType::get(op->getContext(), 32),
                                [](const APInt &v) { return v.trunc(32); });
      if (!value) {
        error = spirvKernelError(target, kernel.getName(), "64-bit integers",
                                 op->getLoc());
        return false;
      }
      Value replacement = arith::ConstantOp::create(b, op->getLoc(), value);
      constant.getResult().replaceAllUsesWith(replacement);
      op->erase();
      continue;
    }
    // Extensions to 64 bits of a 32-bit value and truncations of a (now
    // 32-bit) value to 32 bits are no-ops.
    if (isa<arith::ExtSIOp, arith::ExtUIOp, arith::TruncIOp>(op)) {
      Type to = narrowed(op->getResult(0).getType());
      Type result = to ? to : op->getResult(0).getType();
      if (op->getOperand(0).getType() == result) {
        op->getResult(0).replaceAllUsesWith(op->getOperand(0));
        op->erase();
        continue;
      }
    }
    // A bit cast from or to 64 bits would reinterpret memory of another
    // size: the int64 flag keeps such a kernel away.
    if (isa<arith::BitcastOp>(op) &&
        (narrowed(op->getResult(0).getType()) ||
         narrowed(op->getOperand(0).getType()))) {
      error = spirvKernelError(target, kernel.getName(), "64-bit integers",
                               op->getLoc());
      return false;
    }
    for (OpResult r : op->getResults())
      if (Type t = narrowed(r.getType()))
        r.setType(t);
    if (auto flags = dyn_cast<arith::ArithIntegerOverflowFlagsInterface>(op))
      if (flags.hasNoSignedWrap() || flags.hasNoUnsignedWrap())
        op->setAttr(flags.getIntegerOverflowAttrName(),
                    arith::IntegerOverflowFlagsAttr::get(
                        op->getContext(), arith::IntegerOverflowFlags::none));
  }
  return true;
}

} // namespace acc::tospirv
