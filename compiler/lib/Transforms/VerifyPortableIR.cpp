//===- VerifyPortableIR.cpp - Check the portable kernel IR's contract -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// docs/portable-ir.md is the contract between the front end and the target
// pipelines. This pass checks it where a pipeline would otherwise meet a
// form it never expected: every rule below names the section of the page
// it enforces, and the first operation that breaks one is reported with
// its location.
//
//===----------------------------------------------------------------------===//

#include "acc/Transforms/Passes.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"

namespace acc {
#define GEN_PASS_DEF_VERIFYPORTABLEIR
#include "acc/Transforms/Passes.h.inc"
} // namespace acc

using namespace mlir;

namespace acc {
namespace {

/// "Values": i1, i8 to i64, f16, f32, f64, index.
bool isPortableScalar(Type t) {
  if (auto i = llvm::dyn_cast<IntegerType>(t))
    return i.isSignless() && llvm::is_contained({1u, 8u, 16u, 32u, 64u},
                                                i.getWidth());
  return t.isF16() || t.isF32() || t.isF64() || t.isIndex();
}

/// "Values": OpenCL's vectors, 1-D with 2, 3, 4, 8 or 16 lanes, and the
/// one-lane vectors of as_<type> between a scalar and a vector
/// (vector.bitcast works on vectors only).
bool isPortableVector(Type t) {
  auto v = llvm::dyn_cast<VectorType>(t);
  return v && v.getRank() == 1 && !v.isScalable() &&
         llvm::is_contained({1, 2, 3, 4, 8, 16}, v.getNumElements()) &&
         isPortableScalar(v.getElementType()) && !v.getElementType().isIndex();
}

/// "Memory": 1-D memrefs of units (scalars or vectors) in the default
/// memory space or the workgroup one.
bool isPortableMemRef(Type t) {
  auto m = llvm::dyn_cast<MemRefType>(t);
  if (!m || m.getRank() != 1 || !m.getLayout().isIdentity())
    return false;
  Type e = m.getElementType();
  if (!(isPortableScalar(e) || isPortableVector(e)) || e.isIndex())
    return false;
  Attribute space = m.getMemorySpace();
  if (!space)
    return true;
  auto gpuSpace = llvm::dyn_cast<gpu::AddressSpaceAttr>(space);
  return gpuSpace && gpuSpace.getValue() == gpu::AddressSpace::Workgroup;
}

bool isPortableType(Type t) {
  return isPortableScalar(t) || isPortableVector(t) || isPortableMemRef(t);
}

/// "Operations": the upstream operations the page lists, and accir (but
/// accir.launch_word, which only --lower-launch-convention writes, on a
/// target's copy).
bool isPortableOp(Operation *op) {
  if (isa<ir::LaunchWordOp>(op))
    return false;
  StringRef ns = op->getDialect() ? op->getDialect()->getNamespace() : "";
  if (ns == "arith" || ns == "math" || ns == "cf" || ns == "ub" ||
      ns == ir::AccIRDialect::getDialectNamespace())
    return true;
  return isa<gpu::ThreadIdOp, gpu::BlockIdOp, gpu::BlockDimOp, gpu::GridDimOp,
             gpu::GlobalIdOp, gpu::BarrierOp, gpu::PrintfOp, gpu::ReturnOp,
             memref::LoadOp, memref::StoreOp, memref::AllocaOp,
             memref::AtomicRMWOp, memref::GenericAtomicRMWOp,
             memref::AtomicYieldOp, memref::GetGlobalOp,
             vector::FromElementsOp, vector::ExtractOp, vector::InsertOp,
             vector::ShuffleOp, vector::BroadcastOp, vector::BitCastOp,
             vector::ExtractStridedSliceOp, vector::InsertStridedSliceOp>(op);
}

/// "Values": half values are only loaded, stored and converted (the kernel
/// language has no half arithmetic).
bool computesHalf(Operation *op) {
  if (isa<arith::ExtFOp, arith::TruncFOp, arith::ConstantOp, arith::SelectOp,
          arith::BitcastOp, memref::LoadOp, memref::StoreOp,
          vector::FromElementsOp, vector::ExtractOp, vector::InsertOp,
          vector::ShuffleOp, vector::BroadcastOp, vector::BitCastOp,
          ub::PoisonOp, cf::BranchOp, cf::CondBranchOp>(op))
    return false;
  auto isHalf = [](Type t) { return getElementTypeOrSelf(t).isF16(); };
  return llvm::any_of(op->getResultTypes(), isHalf) ||
         (!isa<memref::AtomicRMWOp>(op) &&
          llvm::any_of(op->getOperandTypes(), isHalf));
}

struct VerifyPortableIRPass final
    : impl::VerifyPortableIRBase<VerifyPortableIRPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto broken = [&](Operation *op, const Twine &rule) {
      op->emitError() << "not portable IR: " << rule
                      << " (docs/portable-ir.md)";
      signalPassFailure();
    };
    if (!module->hasAttr(gpu::GPUDialect::getContainerModuleAttrName()))
      return broken(module, "the module must be a gpu.container_module");
    for (Operation &top : module.getBody()->getOperations()) {
      auto gpuModule = dyn_cast<gpu::GPUModuleOp>(top);
      if (!gpuModule)
        return broken(&top, "'" + top.getName().getStringRef() +
                                "' at module scope; kernels live in a "
                                "gpu.module");
      for (Operation &op : gpuModule.getBody()->getOperations()) {
        if (auto global = dyn_cast<memref::GlobalOp>(op)) {
          if (!global.isPrivate() || !global.getConstant() ||
              !global.getInitialValue())
            return broken(&op, "a program-scope global must be a private, "
                               "initialised constant");
          if (!isPortableMemRef(global.getType()))
            return broken(&op, "a program-scope constant must be a 1-D "
                               "memref of units");
          continue;
        }
        auto fn = dyn_cast<gpu::GPUFuncOp>(op);
        if (!fn)
          return broken(&op, "'" + op.getName().getStringRef() +
                                 "' in a gpu.module; helpers are inlined, "
                                 "so a gpu.module holds kernels and "
                                 "constants only");
        if (!fn.isKernel())
          return broken(&op, "gpu.func '" + fn.getName() +
                                 "' is not a kernel; helpers are inlined");
        if (!ir::getKernelAttr(fn))
          return broken(&op, "kernel '" + fn.getName() +
                                 "' carries no metadata; every kernel has "
                                 "an 'accir.kernel' attribute");
        if (verifyKernel(fn, broken).wasInterrupted())
          return;
      }
    }
  }

  template <typename Broken>
  WalkResult verifyKernel(gpu::GPUFuncOp fn, Broken &broken) {
    for (auto [i, t] : llvm::enumerate(fn.getArgumentTypes()))
      if (!isPortableType(t)) {
        broken(fn, "argument " + Twine(i) + " of kernel '" + fn.getName() +
                       "' has a type outside the portable IR");
        return WalkResult::interrupt();
      }
    for (BlockArgument a : fn.getWorkgroupAttributions())
      if (!isPortableMemRef(a.getType()) ||
          !llvm::cast<MemRefType>(a.getType()).hasStaticShape()) {
        broken(fn, "a local array of kernel '" + fn.getName() +
                       "' must be a 1-D static workgroup memref of units");
        return WalkResult::interrupt();
      }
    for (Block &block : llvm::drop_begin(fn.getBody()))
      for (BlockArgument arg : block.getArguments())
        if (!isPortableType(arg.getType())) {
          broken(fn, "a block argument of kernel '" + fn.getName() +
                         "' has a type outside the portable IR");
          return WalkResult::interrupt();
        }
    return fn.walk<WalkOrder::PreOrder>([&](Operation *op) -> WalkResult {
      if (op == fn.getOperation())
        return WalkResult::advance();
      if (!isPortableOp(op)) {
        broken(op, "operation '" + op->getName().getStringRef() +
                       "' is not one the portable IR uses");
        return WalkResult::interrupt();
      }
      for (Type t : op->getResultTypes())
        if (!isPortableType(t)) {
          std::string s;
          llvm::raw_string_ostream os(s);
          os << t;
          broken(op, "a value of type " + s + " is outside the portable IR");
          return WalkResult::interrupt();
        }
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            if (!isPortableType(arg.getType())) {
              broken(op, "a block argument has a type outside the portable "
                         "IR");
              return WalkResult::interrupt();
            }
      if (computesHalf(op)) {
        broken(op, "half values are only loaded, stored and converted");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
  }
};

} // namespace
} // namespace acc
