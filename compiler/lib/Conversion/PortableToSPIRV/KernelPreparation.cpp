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
// Work-item queries follow launch convention 1 (acc/acc_launch.h):
// `--lower-launch-convention` rewrites them in terms of OpenCL's native ids
// (LocalInvocationId, WorkgroupId, WorkgroupSize: 64-bit size_t under
// Physical64) and the launch words, which arrive as one trailing kernel
// argument of OpenCL C type ulong16 (vector<16xi64>). The plugin dispatches
// the range rounded up to whole groups (the kernel retires the extra
// work-items) or, for a kernel with barriers, in whole-group pieces.
//
//===----------------------------------------------------------------------===//

#include "PortableToSPIRVImpl.h"

#include "acc/Conversion/ExpandHalfStorage.h"
#include "acc/Conversion/Passes.h"
#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Transforms/PortableTransforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
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

/// The OpenCL.std instruction (OpenCL extended instruction set,
/// OpenCL.ExtendedInstructionSet.100) of a function MLIR's SPIR-V dialect
/// has no op for (exp2, trunc, sinpi, ...), or of one it computes outside
/// OpenCL's bounds (expm1 as exp(x) - 1, log1p as log(1 + x), log2 and
/// log10 as log(x) times a constant); none for other ops.
std::optional<unsigned> openCLStdInstruction(Operation *op) {
  if (auto b = dyn_cast<ir::BuiltinOp>(op)) {
    switch (b.getBuiltin()) {
    case ir::Builtin::acospi: return 2;
    case ir::Builtin::asinpi: return 5;
    case ir::Builtin::atanpi: return 9;
    case ir::Builtin::atan2pi: return 10;
    case ir::Builtin::cospi: return 16;
    case ir::Builtin::exp10: return 21;
    case ir::Builtin::hypot: return 32;
    case ir::Builtin::ilogb: return 33;
    case ir::Builtin::ldexp: return 34;
    case ir::Builtin::lgamma: return 35;
    case ir::Builtin::logb: return 41;
    case ir::Builtin::nextafter: return 47;
    case ir::Builtin::pown: return 49;
    case ir::Builtin::remainder: return 51;
    case ir::Builtin::rootn: return 54;
    case ir::Builtin::sinpi: return 60;
    case ir::Builtin::tanpi: return 64;
    case ir::Builtin::tgamma: return 65;
    }
    return std::nullopt;
  }
  return llvm::TypeSwitch<Operation *, std::optional<unsigned>>(op)
      .Case<math::CbrtOp>([](auto) { return 11u; })
      .Case<math::ErfcOp>([](auto) { return 17u; })
      .Case<math::Exp2Op>([](auto) { return 20u; })
      .Case<math::ExpM1Op>([](auto) { return 22u; })
      .Case<math::Log2Op>([](auto) { return 38u; })
      .Case<math::Log10Op>([](auto) { return 39u; })
      .Case<math::Log1pOp>([](auto) { return 40u; })
      .Case<math::TruncOp>([](auto) { return 66u; })
      .Default([](Operation *) { return std::nullopt; });
}

/// The math builtins of openCLStdInstruction: a call of a placeholder
/// function that the binary edits (lib/Target/SPIRV) turn into the
/// driver's own OpenCL.std instruction (kSPIRVOpenCLStdPrefix), whose
/// accuracy OpenCL's conformance tests hold the driver to.
void callOpenCLStd(gpu::GPUModuleOp gpuModule, gpu::GPUFuncOp kernel) {
  SmallVector<std::pair<Operation *, unsigned>> ops;
  kernel.walk([&](Operation *op) {
    if (std::optional<unsigned> n = openCLStdInstruction(op))
      ops.push_back({op, *n});
  });
  for (auto [op, instruction] : ops) {
    Type result = op->getResult(0).getType();
    // One placeholder per instruction and signature.
    std::string name;
    llvm::raw_string_ostream os(name);
    os << kSPIRVOpenCLStdPrefix << instruction;
    for (Type t : llvm::concat<Type>(TypeRange(result), op->getOperandTypes())) {
      os << "_";
      if (auto vt = llvm::dyn_cast<VectorType>(t))
        os << "v" << vt.getNumElements();
      os << getElementTypeOrSelf(t);
    }
    if (!gpuModule.lookupSymbol(name)) {
      // A body the conversion accepts (it returns a value of the result's
      // type); the binary edits drop it.
      OpBuilder mb = OpBuilder::atBlockEnd(gpuModule.getBody());
      auto fn = func::FuncOp::create(
          mb, op->getLoc(), name,
          mb.getFunctionType(op->getOperandTypes(), {result}));
      Block *entry = fn.addEntryBlock();
      mb.setInsertionPointToStart(entry);
      Value any = entry->getArgument(0);
      if (any.getType() != result)
        any = ub::PoisonOp::create(mb, op->getLoc(), result);
      func::ReturnOp::create(mb, op->getLoc(), any);
    }
    OpBuilder b(op);
    auto call = func::CallOp::create(b, op->getLoc(), name, TypeRange{result},
                                     op->getOperands());
    op->getResult(0).replaceAllUsesWith(call.getResult(0));
    op->erase();
  }
}

/// The transport of convention 1's launch words in OpenCL: one trailing
/// kernel argument of OpenCL C type ulong16 (acc/acc_launch.h), whose
/// components .s0-.s9 hold the 80 bytes. Each accir.launch_word becomes a
/// read of it: a 64-bit field is a component, a 32-bit one half of one.
LogicalResult readLaunchWordsFromArgument(gpu::GPUFuncOp kernel) {
  MLIRContext *ctx = kernel.getContext();
  Type i64 = IntegerType::get(ctx, 64);
  Type i32 = IntegerType::get(ctx, 32);
  unsigned position = kernel.getNumArguments();
  if (failed(kernel.insertArgument(position, VectorType::get({16}, i64),
                                   DictionaryAttr::get(ctx), kernel.getLoc())))
    return failure();
  Value words = kernel.getArgument(position);
  SmallVector<ir::LaunchWordOp> reads;
  kernel.walk([&](ir::LaunchWordOp op) { reads.push_back(op); });
  for (ir::LaunchWordOp op : reads) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    unsigned offset = ir::launchFieldOffset(op.getField(), op.getDimension());
    bool wide = ir::isWideLaunchField(op.getField());
    Value v = vector::ExtractOp::create(b, loc, words,
                                        ArrayRef<int64_t>{offset / 8});
    if (!wide) {
      if (offset % 8)
        v = arith::ShRUIOp::create(
            b, loc, v, arith::ConstantIntOp::create(b, loc, i64, 32));
      v = arith::TruncIOp::create(b, loc, i32, v);
    }
    op.getResult().replaceAllUsesWith(
        arith::IndexCastUIOp::create(b, loc, b.getIndexType(), v));
    op.erase();
  }
  return success();
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
      // SPIR-V dialect does not have, or cl_khr_fp16: the bits are moved
      // and rounded in integer arithmetic instead (i16 buffers).
      std::string half;
      if (kernel.isKernel() && !expandHalfStorage(kernel, half)) {
        error = kernelError(kernel.getName(), half, kernel.getLoc());
        return false;
      }
      if (kernel.isKernel())
        callOpenCLStd(gpuModule, kernel);
    }
  }

  PassManager pm(ctx);
  // Launch convention 1: the work-item queries in terms of OpenCL's native
  // ids and the launch words.
  pm.addPass(createLowerLaunchConventionPass());
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
      // The metadata is read; the kernel gains the words' argument.
      kernel->removeAttr(ir::AccIRDialect::getKernelAttrName());
      if (failed(readLaunchWordsFromArgument(kernel))) {
        error = "internal error: kernel '" + kernel.getName().str() +
                "' cannot take the launch words' argument";
        return false;
      }
    }
  }
  return true;
}

void populateKernelFlavourPatterns(SPIRVTypeConverter &converter,
                                   RewritePatternSet &patterns) {
  // The native size of the work-item's group (get_local_size under
  // convention 1 is computed from it and the launch words).
  patterns.add<WorkItemOpLowering<gpu::BlockDimOp,
                                  spirv::BuiltIn::WorkgroupSize>>(
      converter, patterns.getContext());
}

} // namespace acc::tospirv
