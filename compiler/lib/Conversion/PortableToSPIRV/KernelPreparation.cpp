//===- KernelPreparation.cpp - The Kernel flavour of SPIR-V ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Stage 1 of the Kernel flavour (SPIR-V for OpenCL: 1.0, Kernel,
// Physical64, the OpenCL memory model), on a clone of the portable IR:
// the work-item queries get OpenCL's meaning (below); memrefs get a
// storage class (buffers CrossWorkgroup, private slots Function, local
// memory Workgroup); the blocks of each kernel are put in reverse
// post-order, because SPIR-V wants every block after its dominators, and a
// conditional branch with both edges into one block gets an edge block,
// because OpPhi takes one value per predecessor; the module gets
// `spirv.target_env` and each kernel `spirv.entry_point_abi` (with
// reqd_work_group_size as LocalSize). The Kernel execution model allows
// unstructured control flow: cf.br / cf.cond_br become spirv.Branch /
// spirv.BranchConditional and block arguments OpPhi, nothing is
// structurised.
//
// Work-item queries become loads of OpenCL's builtin variables, all of them
// 64-bit (size_t under Physical64) except WorkDim, which is 32-bit:
//
//   gpu.thread_id           LocalInvocationId
//   gpu.block_id            WorkgroupId
//   gpu.block_dim           WorkgroupSize (get_local_size: the size of this
//                           group, smaller for the last group of a
//                           non-uniform range, as in the portable IR)
//   gpu.grid_dim            NumWorkgroups
//   gpu.global_id           GlobalInvocationId - GlobalOffset
//   accir.global_offset     GlobalOffset
//   accir.global_size       GlobalSize
//   accir.work_dim          WorkDim
//
// OpenCL's GlobalInvocationId includes the global offset, but the portable
// IR's gpu.global_id does not: CodeGen adds accir.global_offset to it for
// get_global_id(). Preparation therefore rewrites gpu.global_id as
// (gpu.global_id - offset), and canonicalisation folds the (id - offset) +
// offset of get_global_id() back to a single GlobalInvocationId load.
//
//===----------------------------------------------------------------------===//

#include "PortableToSPIRVImpl.h"

#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Transforms/PortableTransforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/RegionGraphTraits.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace acc::tospirv {
namespace {

std::string kernelError(StringRef kernel, const llvm::Twine &what,
                        std::optional<Location> loc = std::nullopt) {
  return spirvKernelError(spirvTargetName(SPIRVFlavour::Kernel), kernel, what,
                          loc);
}

/// Checks what the spirv-cl target cannot express yet and rewrites each
/// gpu.global_id as (gpu.global_id - global offset): OpenCL's
/// GlobalInvocationId includes the offset, the portable IR adds it itself.
bool prepareQueries(gpu::GPUFuncOp kernel, std::string &error) {
  // Math ops that MLIR's SPIR-V conversion lacks (cbrt, erfc) or computes
  // outside OpenCL's error bounds (expm1 as exp(x) - 1, log1p as
  // log(1 + x)), and the accir.builtin ops: OpenCL.std has those
  // functions, MLIR's SPIR-V dialect has no op for them yet. The first in
  // program order is reported.
  Operation *unexpressible = nullptr;
  kernel.walk([&](Operation *op) {
    if (isa<math::CbrtOp, math::ErfcOp, math::ExpM1Op, math::Log1pOp,
            ir::BuiltinOp>(op))
      unexpressible = op;
    return unexpressible ? WalkResult::interrupt() : WalkResult::advance();
  });
  if (unexpressible) {
    StringRef builtin =
        llvm::TypeSwitch<Operation *, StringRef>(unexpressible)
            .Case<ir::BuiltinOp>(
                [](auto op) { return ir::stringifyBuiltin(op.getBuiltin()); })
            .Case<math::CbrtOp>([](auto) { return "cbrt"; })
            .Case<math::ErfcOp>([](auto) { return "erfc"; })
            .Case<math::ExpM1Op>([](auto) { return "expm1"; })
            .Default([](auto) { return "log1p"; });
    error = kernelError(kernel.getName(), "'" + builtin + "' yet",
                        unexpressible->getLoc());
    return false;
  }
  // One offset query per dimension, at the top of the kernel, so that
  // canonicalisation sees the same value in (id - offset) + offset.
  Block &entry = kernel.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  Value offsets[3];
  auto offsetOf = [&](ir::Dimension d) {
    Value &v = offsets[static_cast<unsigned>(d)];
    if (!v) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&entry);
      v = ir::GlobalOffsetOp::create(b, kernel.getLoc(), d);
    }
    return v;
  };
  SmallVector<ir::GlobalOffsetOp> queries;
  SmallVector<gpu::GlobalIdOp> globalIds;
  kernel.walk([&](Operation *op) {
    if (auto q = dyn_cast<ir::GlobalOffsetOp>(op))
      queries.push_back(q);
    else if (auto id = dyn_cast<gpu::GlobalIdOp>(op))
      globalIds.push_back(id);
  });
  for (ir::GlobalOffsetOp q : queries) {
    q.getResult().replaceAllUsesWith(offsetOf(q.getDimension()));
    q.erase();
  }
  for (gpu::GlobalIdOp id : globalIds) {
    Value offset = offsetOf(static_cast<ir::Dimension>(id.getDimension()));
    b.setInsertionPointAfter(id);
    Value withoutOffset = arith::SubIOp::create(b, id.getLoc(), id, offset);
    id.getResult().replaceAllUsesExcept(withoutOffset,
                                        withoutOffset.getDefiningOp());
  }
  return true;
}

/// A cf.cond_br whose two edges reach the same block with arguments cannot
/// be written as OpPhi, which takes one value per predecessor block: the
/// false edge gets a block of its own that forwards its operands.
void splitDuplicateEdges(gpu::GPUFuncOp kernel) {
  SmallVector<cf::CondBranchOp> branches;
  kernel.walk([&](cf::CondBranchOp br) {
    if (br.getTrueDest() == br.getFalseDest() &&
        br.getTrueDest()->getNumArguments() != 0)
      branches.push_back(br);
  });
  for (cf::CondBranchOp br : branches) {
    Block *dest = br.getFalseDest();
    Block *edge = new Block();
    kernel.getBody().getBlocks().insertAfter(dest->getIterator(), edge);
    OpBuilder b = OpBuilder::atBlockEnd(edge);
    cf::BranchOp::create(b, br.getLoc(), dest, br.getFalseDestOperands());
    b.setInsertionPoint(br);
    cf::CondBranchOp::create(b, br.getLoc(), br.getCondition(), dest,
                             br.getTrueDestOperands(), edge, ValueRange{});
    br.erase();
  }
}

/// Puts the blocks of `kernel` in reverse post-order, so that every block
/// comes after the blocks that dominate it (a SPIR-V rule), and drops
/// unreachable blocks.
void sortBlocks(gpu::GPUFuncOp kernel) {
  Region &body = kernel.getBody();
  if (body.hasOneBlock())
    return;
  SmallVector<Block *> order;
  for (Block *block : llvm::ReversePostOrderTraversal<Block *>(&body.front()))
    order.push_back(block);
  llvm::SmallPtrSet<Block *, 16> reachable(order.begin(), order.end());
  for (Block &block : llvm::make_early_inc_range(body))
    if (!reachable.contains(&block)) {
      block.dropAllDefinedValueUses();
      block.dropAllReferences();
    }
  for (Block &block : llvm::make_early_inc_range(body))
    if (!reachable.contains(&block))
      block.erase();
  for (Block *block : order)
    block->moveBefore(&body, body.end());
}

/// Gives every memref a SPIR-V storage class: private slots (memref.alloca)
/// are Function variables, everything else (kernel buffer arguments) is
/// CrossWorkgroup (OpenCL's global and constant memory alike).
bool assignStorageClasses(gpu::GPUFuncOp kernel, std::string &error) {
  MLIRContext *ctx = kernel.getContext();
  bool ok = true;
  // OpenCL 1.2's SPIR-V environment has no Int64Atomics capability.
  kernel.walk([&](Operation *op) {
    if (ok && isa<memref::AtomicRMWOp, memref::GenericAtomicRMWOp>(op) &&
        op->getResult(0).getType().isInteger(64)) {
      error = kernelError(kernel.getName(), "64-bit atomics", op->getLoc());
      ok = false;
    }
  });
  if (!ok)
    return false;
  kernel.walk([&](memref::AllocaOp alloca) {
    MemRefType type = alloca.getType();
    if (!type.hasStaticShape()) {
      error = kernelError(kernel.getName(), "a private array of dynamic size",
                          alloca.getLoc());
      ok = false;
      return;
    }
    alloca.getResult().setType(MemRefType::get(
        type.getShape(), type.getElementType(), type.getLayout(),
        spirv::StorageClassAttr::get(ctx, spirv::StorageClass::Function)));
  });
  if (!ok)
    return false;
  // `local` arrays: workgroup memory.allocs, which MLIR's memref-to-spirv
  // turns into Workgroup module variables.
  if (unsigned n = kernel.getNumWorkgroupAttributions()) {
    Block &entry = kernel.getBody().front();
    unsigned first = kernel.getFirstWorkgroupAttributionIndex();
    OpBuilder b = OpBuilder::atBlockBegin(&entry);
    for (BlockArgument attribution : kernel.getWorkgroupAttributions())
      attribution.replaceAllUsesWith(memref::AllocOp::create(
          b, attribution.getLoc(),
          llvm::cast<MemRefType>(attribution.getType())));
    entry.eraseArguments(first, n);
    kernel->removeAttr(kernel.getNumWorkgroupAttributionsAttrName());
  }
  AttrTypeReplacer replacer;
  replacer.addReplacement([&](MemRefType type) -> std::optional<Type> {
    // `local` memory (arrays declared in the kernel and local pointer
    // arguments) is OpenCL's Workgroup storage class.
    if (auto space = llvm::dyn_cast_or_null<gpu::AddressSpaceAttr>(
            type.getMemorySpace());
        space && space.getValue() == gpu::AddressSpace::Workgroup)
      return MemRefType::get(
          type.getShape(), type.getElementType(), type.getLayout(),
          spirv::StorageClassAttr::get(ctx, spirv::StorageClass::Workgroup));
    if (type.getMemorySpace())
      return std::nullopt;
    return MemRefType::get(
        type.getShape(), type.getElementType(), type.getLayout(),
        spirv::StorageClassAttr::get(ctx, spirv::StorageClass::CrossWorkgroup));
  });
  replacer.recursivelyReplaceElementsIn(kernel, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/true);
  return true;
}

/// Stage 1 on `module` (a clone of the portable IR).
} // namespace

bool prepareKernelFlavour(ModuleOp module, std::string &error) {
  MLIRContext *ctx = module.getContext();
  for (auto gpuModule : module.getOps<gpu::GPUModuleOp>()) {
    // SPIR-V for OpenCL could hold initialised UniformConstant variables,
    // but MLIR's SPIR-V dialect cannot express their initialisers yet:
    // small tables become private copies.
    std::string what;
    if (!materializeConstantGlobals(gpuModule, /*maxUnits=*/4096, what)) {
      error = "the spirv-cl target cannot express " + what;
      return false;
    }
    for (auto kernel : gpuModule.getOps<gpu::GPUFuncOp>()) {
      // half buffers need OpenCL.std's vload_half/vstore_half, which MLIR's
      // SPIR-V dialect does not have.
      for (Type t : kernel.getArgumentTypes())
        if (auto mt = llvm::dyn_cast<MemRefType>(t); mt && mt.getElementType().isF16()) {
          error = "kernel '" + kernel.getName().str() +
                  "': the spirv-cl target cannot express half loads and stores "
                  "(vload_half/vstore_half) yet (at " +
                  describeLocation(kernel.getLoc()) + ")";
          return false;
        }
      if (kernel.isKernel() && !prepareQueries(kernel, error))
        return false;
    }
  }

  PassManager pm(ctx);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (failed(pm.run(module))) {
    error = "internal error: canonicalisation for the spirv-cl target failed";
    return false;
  }

  module->setAttr(spirv::getTargetEnvAttrName(),
                  getSPIRVTargetEnv(ctx, SPIRVFlavour::Kernel));
  for (auto gpuModule : module.getOps<gpu::GPUModuleOp>()) {
    for (auto kernel : gpuModule.getOps<gpu::GPUFuncOp>()) {
      if (!kernel.isKernel())
        continue;
      splitDuplicateEdges(kernel);
      sortBlocks(kernel);
      if (!assignStorageClasses(kernel, error))
        return false;
      ArrayRef<int32_t> localSize;
      if (ir::KernelAttr info = ir::getKernelAttr(kernel);
          info && info.getReqdWorkGroupSize())
        localSize = info.getReqdWorkGroupSize().asArrayRef();
      kernel->setAttr(spirv::getEntryPointABIAttrName(),
                      spirv::getEntryPointABIAttr(ctx, localSize));
    }
  }
  return true;
}

namespace {

/// accir.work_dim: OpenCL's WorkDim builtin (a 32-bit value).
struct WorkDimLowering final : OpConversionPattern<ir::WorkDimOp> {
  WorkDimLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}

  LogicalResult
  matchAndRewrite(ir::WorkDimOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type sizeType = getTypeConverter<SPIRVTypeConverter>()->getIndexType();
    Value v = loadBuiltin(op, spirv::BuiltIn::WorkDim, rewriter.getI32Type(),
                          rewriter);
    rewriter.replaceOp(
        op, spirv::UConvertOp::create(rewriter, op.getLoc(), sizeType, v));
    return success();
  }
};

} // namespace

void populateKernelFlavourPatterns(SPIRVTypeConverter &converter,
                                   RewritePatternSet &patterns) {
  patterns.add<
      WorkItemOpLowering<gpu::BlockDimOp, spirv::BuiltIn::WorkgroupSize>,
      // accir.global_offset and global_size: OpenCL's own builtins.
      WorkItemOpLowering<ir::GlobalOffsetOp, spirv::BuiltIn::GlobalOffset>,
      WorkItemOpLowering<ir::GlobalSizeOp, spirv::BuiltIn::GlobalSize>,
      WorkDimLowering>(converter, patterns.getContext());
}

} // namespace acc::tospirv
