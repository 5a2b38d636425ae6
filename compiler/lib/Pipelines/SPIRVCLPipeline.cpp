//===- SPIRVCLPipeline.cpp - Portable kernel IR to SPIR-V (Kernel) --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The spirv-cl target: SPIR-V 1.0 with the Kernel capability, the Physical64
// addressing model and the OpenCL memory model, the flavour of SPIR-V that
// OpenCL drivers with IL support (clCreateProgramWithIL) and Level Zero
// consume. Stages:
//
//   1. Preparation, on a clone of the portable IR: the work-item queries
//      get OpenCL's meaning (below); memrefs get a storage class (buffers
//      CrossWorkgroup, private slots Function); the blocks of each kernel
//      are put in reverse post-order, because SPIR-V wants every block after
//      its dominators, and a conditional branch with both edges into one
//      block gets an edge block, because OpPhi takes one value per
//      predecessor; the module gets `spirv.target_env` and each kernel
//      `spirv.entry_point_abi` (with reqd_work_group_size as LocalSize).
//   2. One dialect conversion of the gpu.module into a spirv.module: MLIR's
//      gpu, arith, cf, math, memref and ub patterns, plus acc's own for the
//      work-item queries and for the math builtins that MLIR's SPIR-V
//      dialect has no OpenCL.std op for. cf.br / cf.cond_br become
//      spirv.Branch / spirv.BranchConditional and block arguments become
//      OpPhi: the Kernel execution model allows unstructured control flow,
//      so nothing needs to be structurised.
//   3. Canonicalisation and CSE of the spirv.module, spirv-lower-abi-attrs
//      (OpEntryPoint, OpExecutionMode) and spirv-update-vce (the
//      capabilities the module really uses).
//   4. MLIR's SPIR-V serializer.
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
// A kernel the conversion cannot express is reported by name, with the
// operation and its source location; nothing is written then.
//
//===----------------------------------------------------------------------===//

#include "acc/Pipelines/Pipelines.h"

#include "PortableTransforms.h"
#include "SPIRVCommon.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Conversion/ArithToSPIRV/ArithToSPIRV.h"
#include "mlir/Conversion/ControlFlowToSPIRV/ControlFlowToSPIRV.h"
#include "mlir/Conversion/GPUToSPIRV/GPUToSPIRV.h"
#include "mlir/Conversion/MathToSPIRV/MathToSPIRV.h"
#include "mlir/Conversion/MemRefToSPIRV/MemRefToSPIRV.h"
#include "mlir/Conversion/UBToSPIRV/UBToSPIRV.h"
#include "mlir/Conversion/VectorToSPIRV/VectorToSPIRV.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/Dialect/SPIRV/Transforms/SPIRVConversion.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/RegionGraphTraits.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/SPIRV/Serialization.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace acc {
namespace {

constexpr llvm::StringLiteral kTarget = "spirv-cl";
/// What the spirv-cl target may use: SPIR-V 1.0, OpenCL's client API, and
/// the capabilities an OpenCL 1.2 full-profile device guarantees that acc's
/// kernels need (plus Float64, which cl_khr_fp64 devices have).
/// spirv-update-vce later keeps only those the module uses.
spirv::TargetEnvAttr getTargetEnv(MLIRContext *ctx) {
  using C = spirv::Capability;
  auto vce = spirv::VerCapExtAttr::get(
      spirv::Version::V_1_0,
      {C::Addresses, C::Kernel, C::Int8, C::Int16, C::Int64, C::Float64,
       C::Vector16}, {},
      ctx);
  return spirv::TargetEnvAttr::get(vce, spirv::getDefaultResourceLimits(ctx),
                                   spirv::ClientAPI::OpenCL);
}

std::string kernelError(StringRef kernel, const llvm::Twine &what,
                        std::optional<Location> loc = std::nullopt) {
  return spirvKernelError(kTarget, kernel, what, loc);
}

//===----------------------------------------------------------------------===//
// Preparation
//===----------------------------------------------------------------------===//

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
bool prepare(ModuleOp module, std::string &error) {
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

  module->setAttr(spirv::getTargetEnvAttrName(), getTargetEnv(ctx));
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

//===----------------------------------------------------------------------===//
// Conversion patterns
//===----------------------------------------------------------------------===//

/// Patterns here win over MLIR's for the same ops.
constexpr unsigned kAccBenefit = 100;

/// Loads the OpenCL builtin variable `builtin` of type `type`, declaring it
/// in the enclosing module on first use.
Value loadBuiltin(Operation *op, spirv::BuiltIn builtin, Type type,
                  ConversionPatternRewriter &rewriter) {
  Operation *table = SymbolTable::getNearestSymbolTable(op->getParentOp());
  Block &body = table->getRegion(0).front();
  std::string name =
      ("__builtin__" + spirv::stringifyBuiltIn(builtin) + "__").str();
  auto var = dyn_cast_or_null<spirv::GlobalVariableOp>(
      SymbolTable::lookupSymbolIn(table, name));
  if (!var) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(&body);
    var = spirv::GlobalVariableOp::create(
        rewriter, op->getLoc(),
        spirv::PointerType::get(type, spirv::StorageClass::Input), name,
        builtin);
  }
  Value ptr = spirv::AddressOfOp::create(rewriter, op->getLoc(), var);
  return spirv::LoadOp::create(rewriter, op->getLoc(), ptr);
}

/// Component `dim` of the 3 x size_t builtin `builtin`.
Value loadBuiltinComponent(Operation *op, spirv::BuiltIn builtin, int32_t dim,
                           Type sizeType, ConversionPatternRewriter &rewriter) {
  Value v = loadBuiltin(op, builtin, VectorType::get({3}, sizeType), rewriter);
  return spirv::CompositeExtractOp::create(rewriter, op->getLoc(), v,
                                           ArrayRef<int32_t>{dim});
}

/// gpu.thread_id / block_id / block_dim / grid_dim / global_id.
template <typename SourceOp, spirv::BuiltIn Builtin>
struct WorkItemOpLowering final : OpConversionPattern<SourceOp> {
  WorkItemOpLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern<SourceOp>(converter, ctx, kAccBenefit) {}

  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type sizeType =
        this->template getTypeConverter<SPIRVTypeConverter>()->getIndexType();
    rewriter.replaceOp(
        op, loadBuiltinComponent(op, Builtin,
                                 static_cast<int32_t>(op.getDimension()),
                                 sizeType, rewriter));
    return success();
  }
};

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

/// OpenCL's barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE), which the
/// portable IR's gpu.barrier always means: OpControlBarrier with Workgroup
/// execution and memory scope and sequentially consistent semantics over
/// both memories (MLIR's own pattern fences only workgroup memory).
struct BarrierLowering final : OpConversionPattern<gpu::BarrierOp> {
  BarrierLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(gpu::BarrierOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    using S = spirv::MemorySemantics;
    rewriter.replaceOpWithNewOp<spirv::ControlBarrierOp>(
        op, spirv::Scope::Workgroup, spirv::Scope::Workgroup,
        S::SequentiallyConsistent | S::WorkgroupMemory |
            S::CrossWorkgroupMemory);
    return success();
  }
};

/// accir.mem_fence: OpMemoryBarrier at Workgroup scope over the memories
/// the flags name (CLK_LOCAL_MEM_FENCE = 1, CLK_GLOBAL_MEM_FENCE = 2),
/// sequentially consistent, as OpenCL compilers emit it.
struct MemFenceLowering final : OpConversionPattern<ir::MemFenceOp> {
  MemFenceLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(ir::MemFenceOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    using S = spirv::MemorySemantics;
    S semantics = S::SequentiallyConsistent;
    if (op.getFlags() & 1)
      semantics = semantics | S::WorkgroupMemory;
    if (op.getFlags() & 2)
      semantics = semantics | S::CrossWorkgroupMemory;
    rewriter.replaceOpWithNewOp<spirv::MemoryBarrierOp>(
        op, fenceScope(op.getScope()), semantics);
    return success();
  }
};

/// Scope and semantics of OpenCL 1.2's atomic functions on memory of
/// `type`: Workgroup for local memory, Device for global memory, each
/// sequentially consistent over that memory.
std::pair<spirv::ScopeAttr, spirv::MemorySemanticsAttr>
atomicScope(MLIRContext *ctx, MemRefType type) {
  using S = spirv::MemorySemantics;
  auto sc = llvm::dyn_cast_or_null<spirv::StorageClassAttr>(type.getMemorySpace());
  bool local = sc && sc.getValue() == spirv::StorageClass::Workgroup;
  return {spirv::ScopeAttr::get(ctx, local ? spirv::Scope::Workgroup
                                           : spirv::Scope::Device),
          spirv::MemorySemanticsAttr::get(
              ctx, S::SequentiallyConsistent |
                       (local ? S::WorkgroupMemory : S::CrossWorkgroupMemory))};
}

/// memref.atomic_rmw: OpAtomicIAdd, OpAtomicExchange, OpAtomic{S,U}{Min,Max},
/// OpAtomicAnd/Or/Xor. (MLIR's own pattern knows only StorageBuffer and
/// Workgroup memory, not OpenCL's CrossWorkgroup.)
struct AtomicRMWLowering final : OpConversionPattern<memref::AtomicRMWOp> {
  AtomicRMWLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(memref::AtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    const auto &converter = *getTypeConverter<SPIRVTypeConverter>();
    auto memrefType = llvm::cast<MemRefType>(op.getMemref().getType());
    Type t = converter.convertType(op.getType());
    if (!t)
      return rewriter.notifyMatchFailure(op, "unsupported type");
    Value ptr = spirv::getElementPtr(converter, memrefType, adaptor.getMemref(),
                                     adaptor.getIndices(), op.getLoc(), rewriter);
    if (!ptr)
      return rewriter.notifyMatchFailure(op, "unsupported memref");
    auto [scope, semantics] = atomicScope(op.getContext(), memrefType);
    Value v = adaptor.getValue();
    using K = arith::AtomicRMWKind;
    switch (op.getKind()) {
    case K::addi:
      rewriter.replaceOpWithNewOp<spirv::AtomicIAddOp>(op, t, ptr, scope, semantics, v);
      return success();
    case K::assign:
      rewriter.replaceOpWithNewOp<spirv::AtomicExchangeOp>(op, t, ptr, scope, semantics, v);
      return success();
    case K::maxs:
      rewriter.replaceOpWithNewOp<spirv::AtomicSMaxOp>(op, t, ptr, scope, semantics, v);
      return success();
    case K::maxu:
      rewriter.replaceOpWithNewOp<spirv::AtomicUMaxOp>(op, t, ptr, scope, semantics, v);
      return success();
    case K::mins:
      rewriter.replaceOpWithNewOp<spirv::AtomicSMinOp>(op, t, ptr, scope, semantics, v);
      return success();
    case K::minu:
      rewriter.replaceOpWithNewOp<spirv::AtomicUMinOp>(op, t, ptr, scope, semantics, v);
      return success();
    case K::andi:
      rewriter.replaceOpWithNewOp<spirv::AtomicAndOp>(op, t, ptr, scope, semantics, v);
      return success();
    case K::ori:
      rewriter.replaceOpWithNewOp<spirv::AtomicOrOp>(op, t, ptr, scope, semantics, v);
      return success();
    case K::xori:
      rewriter.replaceOpWithNewOp<spirv::AtomicXorOp>(op, t, ptr, scope, semantics, v);
      return success();
    default:
      return rewriter.notifyMatchFailure(op, "unsupported atomic kind");
    }
  }
};

/// atomic_cmpxchg: a memref.generic_atomic_rmw whose body is
/// `select(current == compare, value, current)` becomes
/// OpAtomicCompareExchange.
struct CmpxchgLowering final
    : OpConversionPattern<memref::GenericAtomicRMWOp> {
  CmpxchgLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(memref::GenericAtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getRegion().front();
    if (body.getNumArguments() != 1 || body.getOperations().size() != 3)
      return rewriter.notifyMatchFailure(op, "not atomic_cmpxchg");
    Value current = body.getArgument(0);
    auto cmp = dyn_cast<arith::CmpIOp>(&body.front());
    auto sel = dyn_cast_or_null<arith::SelectOp>(cmp ? cmp->getNextNode() : nullptr);
    auto yield = dyn_cast<memref::AtomicYieldOp>(body.getTerminator());
    if (!cmp || !sel || !yield ||
        cmp.getPredicate() != arith::CmpIPredicate::eq ||
        (cmp.getLhs() != current && cmp.getRhs() != current) ||
        sel.getCondition() != cmp.getResult() ||
        sel.getFalseValue() != current || yield.getResult() != sel.getResult())
      return rewriter.notifyMatchFailure(op, "not atomic_cmpxchg");
    Value compare = cmp.getLhs() == current ? cmp.getRhs() : cmp.getLhs();
    Value value = sel.getTrueValue();
    if (compare.getParentRegion() == &op.getRegion() ||
        value.getParentRegion() == &op.getRegion())
      return rewriter.notifyMatchFailure(op, "not atomic_cmpxchg");
    const auto &converter = *getTypeConverter<SPIRVTypeConverter>();
    auto memrefType = llvm::cast<MemRefType>(op.getMemref().getType());
    Type t = converter.convertType(op.getResult().getType());
    Value ptr = spirv::getElementPtr(converter, memrefType, adaptor.getMemref(),
                                     adaptor.getIndices(), op.getLoc(), rewriter);
    Value newCompare = rewriter.getRemappedValue(compare);
    Value newValue = rewriter.getRemappedValue(value);
    if (!t || !ptr || !newCompare || !newValue)
      return rewriter.notifyMatchFailure(op, "unsupported operands");
    auto [scope, semantics] = atomicScope(op.getContext(), memrefType);
    rewriter.replaceOpWithNewOp<spirv::AtomicCompareExchangeOp>(
        op, t, ptr, scope, semantics, semantics, newValue, newCompare);
    return success();
  }
};

/// Base for the math ops that MLIR's math-to-spirv does not map for OpenCL
/// in LLVM 22 (exp2 and trunc: its SPIR-V dialect has no OpenCL.std op for
/// them). Each is rewritten in terms of ops that exist. (log2 and log10
/// become log(x) * 1/ln(b) there, copysign bit operations.)
template <typename SourceOp>
struct MathLowering : OpConversionPattern<SourceOp> {
  MathLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern<SourceOp>(converter, ctx, kAccBenefit) {}

  /// The converted scalar float type, or null.
  Type floatType(SourceOp op) const {
    Type t = this->getTypeConverter()->convertType(op.getType());
    return t && llvm::isa<FloatType>(t) ? t : Type();
  }
  Value floatConstant(Location loc, Type t, double v,
                      ConversionPatternRewriter &rewriter) const {
    return spirv::ConstantOp::create(rewriter, loc, t,
                                     rewriter.getFloatAttr(t, v));
  }
};

/// exp2(x) = pow(2, x): the same function, computed by OpenCL's pow (whose
/// error bound, 16 ulp, is wider than exp2's 3 ulp; exp(x * ln 2) would be
/// worse for large |x|).
struct Exp2Lowering final : MathLowering<math::Exp2Op> {
  using MathLowering::MathLowering;
  LogicalResult
  matchAndRewrite(math::Exp2Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type t = floatType(op);
    if (!t)
      return failure();
    Value two = floatConstant(op.getLoc(), t, 2.0, rewriter);
    rewriter.replaceOpWithNewOp<spirv::CLPowOp>(op, t, two,
                                                adaptor.getOperand());
    return success();
  }
};

/// popcount: OpBitCount. clz(x) = popcount(~s) where s is x with its
/// highest set bit smeared into every lower bit (exact, any width).
template <typename SourceOp>
struct BitCountLowering final : OpConversionPattern<SourceOp> {
  BitCountLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern<SourceOp>(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type t = this->getTypeConverter()->convertType(op.getType());
    if (!t)
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getOperand();
    if (std::is_same_v<SourceOp, math::CountLeadingZerosOp>) {
      Type elem = getElementTypeOrSelf(t);
      unsigned width = elem.getIntOrFloatBitWidth();
      auto constant = [&](uint64_t v) -> Value {
        Attribute a = rewriter.getIntegerAttr(elem, v);
        if (auto vt = llvm::dyn_cast<VectorType>(t))
          a = DenseElementsAttr::get(vt, a);
        return spirv::ConstantOp::create(rewriter, loc, t, cast<TypedAttr>(a));
      };
      for (unsigned shift = 1; shift < width; shift *= 2)
        x = spirv::BitwiseOrOp::create(
            rewriter, loc, x,
            spirv::ShiftRightLogicalOp::create(rewriter, loc, x,
                                               constant(shift)));
      x = spirv::NotOp::create(rewriter, loc, x);
    }
    rewriter.replaceOpWithNewOp<spirv::BitCountOp>(op, t, x);
    return success();
  }
};

/// trunc(x) = x < 0 ? ceil(x) : floor(x) (exact; NaN and -0 stay).
struct TruncLowering final : MathLowering<math::TruncOp> {
  using MathLowering::MathLowering;
  LogicalResult
  matchAndRewrite(math::TruncOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type t = floatType(op);
    if (!t)
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getOperand();
    Value zero = floatConstant(loc, t, 0.0, rewriter);
    Value negative = spirv::FOrdLessThanOp::create(rewriter, loc, x, zero);
    Value up = spirv::CLCeilOp::create(rewriter, loc, t, x);
    Value down = spirv::CLFloorOp::create(rewriter, loc, t, x);
    rewriter.replaceOpWithNewOp<spirv::SelectOp>(op, negative, up, down);
    return success();
  }
};

/// Stage 2: converts every gpu.module of `module` into a spirv.module.
/// Diagnostics go to the context's handler.
LogicalResult convert(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  auto targetEnv = module->getAttrOfType<spirv::TargetEnvAttr>(
      spirv::getTargetEnvAttrName());
  SPIRVConversionOptions options;
  options.use64bitIndex = true;
  // Never change a buffer's element type behind the runtime's back.
  options.emulateLT32BitScalarTypes = false;
  options.emulateUnsupportedFloatTypes = false;
  SPIRVTypeConverter typeConverter(targetEnv, options);
  std::unique_ptr<ConversionTarget> target =
      SPIRVConversionTarget::get(targetEnv);

  RewritePatternSet patterns(ctx);
  populateGPUToSPIRVPatterns(typeConverter, patterns);
  arith::populateArithToSPIRVPatterns(typeConverter, patterns);
  cf::populateControlFlowToSPIRVPatterns(typeConverter, patterns);
  populateMathToSPIRVPatterns(typeConverter, patterns);
  populateMemRefToSPIRVPatterns(typeConverter, patterns);
  ub::populateUBToSPIRVConversionPatterns(typeConverter, patterns);
  populateVectorToSPIRVPatterns(typeConverter, patterns);
  patterns.add<
      WorkItemOpLowering<gpu::ThreadIdOp, spirv::BuiltIn::LocalInvocationId>,
      WorkItemOpLowering<gpu::BlockIdOp, spirv::BuiltIn::WorkgroupId>,
      WorkItemOpLowering<gpu::BlockDimOp, spirv::BuiltIn::WorkgroupSize>,
      WorkItemOpLowering<gpu::GridDimOp, spirv::BuiltIn::NumWorkgroups>,
      WorkItemOpLowering<gpu::GlobalIdOp, spirv::BuiltIn::GlobalInvocationId>,
      // accir.global_offset and global_size: OpenCL's own builtins.
      WorkItemOpLowering<ir::GlobalOffsetOp, spirv::BuiltIn::GlobalOffset>,
      WorkItemOpLowering<ir::GlobalSizeOp, spirv::BuiltIn::GlobalSize>,
      WorkDimLowering, Exp2Lowering, TruncLowering,
      BarrierLowering, MemFenceLowering, AtomicRMWLowering, CmpxchgLowering,
      BitCountLowering<math::CtPopOp>,
      BitCountLowering<math::CountLeadingZerosOp>>(
      typeConverter, ctx);

  FrozenRewritePatternSet frozen(std::move(patterns));
  SmallVector<gpu::GPUModuleOp> gpuModules(module.getOps<gpu::GPUModuleOp>());
  for (gpu::GPUModuleOp gpuModule : gpuModules)
    if (failed(applyFullConversion(gpuModule, *target, frozen)))
      return failure();
  module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());

  // Stage 3.
  PassManager pm(ctx);
  OpPassManager &spv = pm.nest<spirv::ModuleOp>();
  // Drops the constants and loads the patterns left unused.
  spv.addPass(createCanonicalizerPass());
  spv.addPass(createCSEPass());
  spv.addPass(spirv::createSPIRVLowerABIAttributesPass());
  spv.addPass(spirv::createSPIRVUpdateVCEPass());
  if (failed(pm.run(module)))
    return failure();
  return verify(module);
}

} // namespace

bool lowerToSPIRVCL(ModuleOp portable, OwningOpRef<ModuleOp> &lowered,
                    std::string &error) {
  portable.getContext()->getOrLoadDialect<spirv::SPIRVDialect>();
  SPIRVTarget target;
  target.name = kTarget;
  target.prepare = prepare;
  target.convert = convert;
  return lowerToSPIRV(portable, target, lowered, error);
}

bool emitSPIRVCL(ModuleOp portable, std::vector<uint8_t> &binary,
                 std::string &error) {
  if (ir::getKernels(portable).empty()) {
    error = "the spirv-cl target needs at least one kernel: a SPIR-V module "
            "for OpenCL without an entry point is not valid";
    return false;
  }
  OwningOpRef<ModuleOp> lowered;
  SmallVector<uint32_t, 0> words;
  if (!lowerToSPIRVCL(portable, lowered, error) ||
      !serializeSPIRV(*lowered, kTarget, words, error))
    return false;
  const auto *bytes = reinterpret_cast<const uint8_t *>(words.data());
  binary.assign(bytes, bytes + words.size() * sizeof(uint32_t));
  return true;
}

bool compileSPIRVCL(ModuleOp portable, std::vector<bundle::CodeObject> &out,
                    std::string &error) {
  return appendSPIRVCodeObject(
      ACC_TARGET_SPIRV_CL, kSPIRVCLArch, portable,
      [&](std::vector<uint8_t> &data, std::string &err) {
        return emitSPIRVCL(portable, data, err);
      },
      out, error);
}

} // namespace acc
