//===- GPUToCPU.cpp - gpu.func kernels to per-work-item functions ---------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Implements -convert-gpu-to-cpu (see Passes.td). The per-item function
// receives everything a work-item may ask about as plain `index` arguments;
// the work-group function built in LLVM IR passes values it loaded once per
// group, so after inlining they are loop-invariant SSA values that LLVM can
// hoist and vectorise around.
//
//===----------------------------------------------------------------------===//

#include "acc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

namespace acc {
#define GEN_PASS_DEF_CONVERTGPUTOCPUPASS
#include "acc/Conversion/Passes.h.inc"
} // namespace acc

using namespace mlir;

namespace acc {
namespace {

struct ConvertGPUToCPUPass
    : public impl::ConvertGPUToCPUPassBase<ConvertGPUToCPUPass> {
  void runOnOperation() override;

private:
  LogicalResult convertKernel(gpu::GPUFuncOp kernel, ModuleOp into);
};

/// The index argument for `base` + dimension `dim`.
static Value itemArg(Block &entry, unsigned firstExtra, unsigned base,
                     gpu::Dimension dim) {
  return entry.getArgument(firstExtra + base + static_cast<unsigned>(dim));
}

LogicalResult ConvertGPUToCPUPass::convertKernel(gpu::GPUFuncOp kernel,
                                                 ModuleOp into) {
  OpBuilder builder(kernel.getContext());
  Location loc = kernel.getLoc();
  FunctionType kernelType = kernel.getFunctionType();
  unsigned firstExtra = kernelType.getNumInputs();

  llvm::SmallVector<Type> inputs(kernelType.getInputs());
  inputs.append(kItemArgCount, builder.getIndexType());
  builder.setInsertionPointToEnd(into.getBody());
  auto item = func::FuncOp::create(
      builder, loc, (kCPUItemPrefix + kernel.getName()).str(),
      builder.getFunctionType(inputs, {}));
  item.setPrivate();

  Region &body = item.getBody();
  body.takeBody(kernel.getBody());
  Block &entry = body.front();
  for (unsigned i = 0; i < kItemArgCount; ++i)
    entry.addArgument(builder.getIndexType(), loc);

  bool failedToConvert = false;
  IRRewriter rewriter(builder);
  item.walk([&](Operation *op) {
    rewriter.setInsertionPoint(op);
    if (auto o = dyn_cast<gpu::ThreadIdOp>(op)) {
      rewriter.replaceOp(op, itemArg(entry, firstExtra, kItemLocalId,
                                     o.getDimension()));
    } else if (auto o = dyn_cast<gpu::BlockIdOp>(op)) {
      rewriter.replaceOp(op, itemArg(entry, firstExtra, kItemGroupId,
                                     o.getDimension()));
    } else if (auto o = dyn_cast<gpu::BlockDimOp>(op)) {
      rewriter.replaceOp(op, itemArg(entry, firstExtra, kItemLocalSize,
                                     o.getDimension()));
    } else if (auto o = dyn_cast<gpu::GridDimOp>(op)) {
      rewriter.replaceOp(op, itemArg(entry, firstExtra, kItemNumGroups,
                                     o.getDimension()));
    } else if (auto o = dyn_cast<gpu::GlobalIdOp>(op)) {
      // Global ids count in enqueued-size groups: the last, partial group
      // of a non-uniform range continues where the full ones stopped.
      gpu::Dimension d = o.getDimension();
      Value group = itemArg(entry, firstExtra, kItemGroupId, d);
      Value size = itemArg(entry, firstExtra, kItemEnqueuedLocalSize, d);
      Value local = itemArg(entry, firstExtra, kItemLocalId, d);
      Value base = arith::MulIOp::create(rewriter, o.getLoc(), group, size);
      rewriter.replaceOpWithNewOp<arith::AddIOp>(op, base, local);
    } else if (auto call = dyn_cast<func::CallOp>(op)) {
      StringRef callee = call.getCallee();
      unsigned base;
      if (callee == "__acc_global_offset")
        base = kItemGlobalOffset;
      else if (callee == "__acc_global_size")
        base = kItemGlobalSize;
      else if (callee == "__acc_work_dim")
        base = kItemWorkDim;
      else
        return;
      unsigned dim = 0;
      if (base != kItemWorkDim) {
        std::optional<int64_t> c = getConstantIntValue(call.getOperand(0));
        if (!c || *c < 0 || *c > 2) {
          call.emitError("work-item query with a non-constant dimension");
          failedToConvert = true;
          return;
        }
        dim = static_cast<unsigned>(*c);
      }
      rewriter.replaceOp(op, entry.getArgument(firstExtra + base + dim));
    } else if (isa<gpu::ReturnOp>(op)) {
      rewriter.replaceOpWithNewOp<func::ReturnOp>(op);
    } else if (op->getDialect() &&
               op->getDialect()->getNamespace() == "gpu") {
      op->emitError("gpu operation not supported by the cpu target");
      failedToConvert = true;
    }
  });
  return failure(failedToConvert);
}

void ConvertGPUToCPUPass::runOnOperation() {
  ModuleOp module = getOperation();
  llvm::SmallVector<gpu::GPUModuleOp> gpuModules(
      module.getOps<gpu::GPUModuleOp>());
  for (gpu::GPUModuleOp gpuModule : gpuModules) {
    for (auto kernel :
         llvm::make_early_inc_range(gpuModule.getOps<gpu::GPUFuncOp>())) {
      if (!kernel.isKernel())
        continue;
      if (failed(convertKernel(kernel, module)))
        return signalPassFailure();
    }
    gpuModule.erase();
  }
  module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
}

} // namespace
} // namespace acc
