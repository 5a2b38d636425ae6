//===- PortableToSPIRV.cpp - The portable IR to SPIR-V --------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The driver of the one SPIR-V conversion (acc/Conversion/PortableToSPIRV.h)
// and the patterns both flavours use. Stage 2 is one dialect conversion of
// each gpu.module into a spirv.module: MLIR's gpu, func, scf, arith, cf,
// math, memref, ub and vector patterns, plus acc's own below (which win
// over MLIR's). Where the flavours differ only in a detail, the pattern
// takes the flavour:
//
//                     Kernel (OpenCL)                Shader (Vulkan)
//   barrier, fence    SequentiallyConsistent over    AcquireRelease over
//                     Workgroup / CrossWorkgroup     Workgroup + Uniform
//                     memory (a fence: its flags')   memory
//   atomics           SequentiallyConsistent over    Relaxed (OpenCL 1.2's
//                     the memory they touch          atomics order nothing)
//   popcount, clz     OpBitCount of any width        32-bit OpBitCount
//
// exp2 and trunc, which MLIR's math-to-spirv does not map, are GLSL.std.450
// instructions in the Shader flavour; the Kernel flavour calls OpenCL.std's
// (with the other functions MLIR's SPIR-V dialect lacks) through
// placeholders that lib/Target/SPIRV's binary edits turn into OpExtInst.
//
// Stage 3: canonicalisation and CSE, spirv-lower-abi-attrs (OpEntryPoint,
// OpExecutionMode), spirv-update-vce, and the version and capability that
// update-vce does not derive.
//
//===----------------------------------------------------------------------===//

#include "PortableToSPIRVImpl.h"

#include "acc/Conversion/Passes.h"
#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Conversion/ArithToSPIRV/ArithToSPIRV.h"
#include "mlir/Conversion/ControlFlowToSPIRV/ControlFlowToSPIRV.h"
#include "mlir/Conversion/FuncToSPIRV/FuncToSPIRV.h"
#include "mlir/Conversion/GPUToSPIRV/GPUToSPIRV.h"
#include "mlir/Conversion/MathToSPIRV/MathToSPIRV.h"
#include "mlir/Conversion/MemRefToSPIRV/MemRefToSPIRV.h"
#include "mlir/Conversion/SCFToSPIRV/SCFToSPIRV.h"
#include "mlir/Conversion/UBToSPIRV/UBToSPIRV.h"
#include "mlir/Conversion/VectorToSPIRV/VectorToSPIRV.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace acc {

llvm::StringRef spirvTargetName(SPIRVFlavour flavour) {
  switch (flavour) {
  case SPIRVFlavour::Kernel:
    return "spirv-cl";
  case SPIRVFlavour::Shader:
    return "spirv-vk";
  case SPIRVFlavour::GLES:
    return "glsl";
  }
  llvm_unreachable("unknown SPIR-V flavour");
}

spirv::TargetEnvAttr getSPIRVTargetEnv(MLIRContext *ctx,
                                       SPIRVFlavour flavour) {
  using C = spirv::Capability;
  using E = spirv::Extension;
  if (flavour == SPIRVFlavour::Kernel) {
    // SPIR-V 1.0, OpenCL's client API, and the capabilities an OpenCL 1.2
    // full-profile device guarantees that acc's kernels need (plus
    // Float64, which cl_khr_fp64 devices have). OpenCL 1.2's SPIR-V
    // environment has no Int64Atomics (spirv-val refuses it): the registry
    // leaves kernels with 64-bit atomics out of spirv-cl code.
    auto vce = spirv::VerCapExtAttr::get(
        spirv::Version::V_1_0,
        {C::Addresses, C::Kernel, C::Int8, C::Int16, C::Int64, C::Float64,
         C::Vector16},
        {}, ctx);
    return spirv::TargetEnvAttr::get(vce, spirv::getDefaultResourceLimits(ctx),
                                     spirv::ClientAPI::OpenCL);
  }
  if (flavour == SPIRVFlavour::GLES) {
    // What GLSL ES 3.10 can say: 32-bit integers and floats only. A kernel
    // that needs more fails to convert and is left out of the glsl code.
    auto vce = spirv::VerCapExtAttr::get(
        spirv::Version::V_1_3, {C::Shader},
        {E::SPV_KHR_storage_buffer_storage_class}, ctx);
    return spirv::TargetEnvAttr::get(vce, spirv::getDefaultResourceLimits(ctx),
                                     spirv::ClientAPI::Vulkan);
  }
  // SPIR-V 1.3 (Vulkan 1.1) and the optional features a kernel may need;
  // the runtime refuses a kernel whose flags the device lacks.
  auto vce = spirv::VerCapExtAttr::get(
      spirv::Version::V_1_3,
      {C::Shader, C::Int8, C::Int16, C::Int64, C::Float16, C::Float64,
       C::Int64Atomics, C::StorageBuffer8BitAccess,
       C::UniformAndStorageBuffer8BitAccess, C::StorageBuffer16BitAccess,
       C::StorageUniform16},
      {E::SPV_KHR_storage_buffer_storage_class, E::SPV_KHR_8bit_storage,
       E::SPV_KHR_16bit_storage},
      ctx);
  return spirv::TargetEnvAttr::get(vce, spirv::getDefaultResourceLimits(ctx),
                                   spirv::ClientAPI::Vulkan);
}

std::string describeLocation(Location loc) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (auto fl = llvm::dyn_cast<FileLineColLoc>(loc))
    os << fl.getFilename().getValue() << ":" << fl.getLine() << ":"
       << fl.getColumn();
  else
    os << loc;
  return s;
}

std::string spirvKernelError(StringRef target, StringRef kernel,
                             const llvm::Twine &what,
                             std::optional<Location> loc) {
  std::string s = "kernel '" + kernel.str() + "': the " + target.str() +
                  " target cannot express " + what.str();
  if (loc)
    s += " (at " + describeLocation(*loc) + ")";
  return s;
}

namespace tospirv {

Block &moduleBody(Operation *op) {
  Operation *table = SymbolTable::getNearestSymbolTable(op->getParentOp());
  return table->getRegion(0).front();
}

void setInsertionPointForGlobal(OpBuilder &b, Block &body) {
  auto it = body.begin();
  while (it != body.end() &&
         isa<spirv::SpecConstantOp, spirv::SpecConstantCompositeOp>(*it))
    ++it;
  b.setInsertionPoint(&body, it);
}

spirv::GlobalVariableOp lookupGlobal(Block &body, StringRef name) {
  return dyn_cast_or_null<spirv::GlobalVariableOp>(SymbolTable::lookupSymbolIn(
      body.getParentOp(), StringAttr::get(body.getParentOp()->getContext(),
                                          name)));
}

Value loadBuiltin(Operation *op, spirv::BuiltIn builtin, Type type,
                  OpBuilder &rewriter) {
  Block &body = moduleBody(op);
  std::string name =
      ("__builtin__" + spirv::stringifyBuiltIn(builtin) + "__").str();
  auto var = lookupGlobal(body, name);
  if (!var) {
    OpBuilder::InsertionGuard guard(rewriter);
    setInsertionPointForGlobal(rewriter, body);
    var = spirv::GlobalVariableOp::create(
        rewriter, op->getLoc(),
        spirv::PointerType::get(type, spirv::StorageClass::Input), name,
        builtin);
  }
  Value ptr = spirv::AddressOfOp::create(rewriter, op->getLoc(), var);
  return spirv::LoadOp::create(rewriter, op->getLoc(), ptr);
}

namespace {

/// A pattern of acc's that takes the flavour.
template <typename SourceOp>
struct FlavouredPattern : OpConversionPattern<SourceOp> {
  FlavouredPattern(const SPIRVTypeConverter &converter, MLIRContext *ctx,
                   SPIRVFlavour flavour)
      : OpConversionPattern<SourceOp>(converter, ctx, kAccBenefit),
        flavour(flavour) {}
  bool isKernel() const { return flavour == SPIRVFlavour::Kernel; }
  SPIRVFlavour flavour;
};

/// The memory semantics of a barrier or fence over the memories `flags`
/// names (CLK_LOCAL_MEM_FENCE 1, CLK_GLOBAL_MEM_FENCE 2). The Shader
/// flavour always orders both: Vulkan's storage classes are not OpenCL's
/// address spaces.
spirv::MemorySemantics fenceSemantics(SPIRVFlavour flavour, uint32_t flags) {
  using S = spirv::MemorySemantics;
  if (isShaderFlavour(flavour))
    return S::AcquireRelease | S::WorkgroupMemory | S::UniformMemory;
  S semantics = S::SequentiallyConsistent;
  if (flags & 1)
    semantics = semantics | S::WorkgroupMemory;
  if (flags & 2)
    semantics = semantics | S::CrossWorkgroupMemory;
  return semantics;
}

/// gpu.barrier, which the portable IR always means as
/// barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE): OpControlBarrier
/// with Workgroup execution and memory scope over both memories (MLIR's
/// own pattern fences only workgroup memory).
struct BarrierLowering final : FlavouredPattern<gpu::BarrierOp> {
  using FlavouredPattern::FlavouredPattern;
  LogicalResult
  matchAndRewrite(gpu::BarrierOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<spirv::ControlBarrierOp>(
        op, spirv::Scope::Workgroup, spirv::Scope::Workgroup,
        fenceSemantics(flavour, 3));
    return success();
  }
};

/// The SPIR-V scope of an accir.mem_fence's scope.
spirv::Scope fenceScope(ir::MemoryScope scope) {
  return scope == ir::MemoryScope::device ? spirv::Scope::Device
                                          : spirv::Scope::Workgroup;
}

/// accir.mem_fence: OpMemoryBarrier, as OpenCL compilers emit it.
struct MemFenceLowering final : FlavouredPattern<ir::MemFenceOp> {
  using FlavouredPattern::FlavouredPattern;
  LogicalResult
  matchAndRewrite(ir::MemFenceOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<spirv::MemoryBarrierOp>(
        op, fenceScope(op.getScope()), fenceSemantics(flavour, op.getFlags()));
    return success();
  }
};

/// Scope and semantics of OpenCL 1.2's atomic functions on memory of
/// `type`: Workgroup for local memory, Device otherwise; sequentially
/// consistent over that memory in the Kernel flavour, relaxed in the Shader
/// flavour.
std::pair<spirv::Scope, spirv::MemorySemantics>
atomicScope(SPIRVFlavour flavour, MemRefType type) {
  using S = spirv::MemorySemantics;
  auto sc =
      llvm::dyn_cast_or_null<spirv::StorageClassAttr>(type.getMemorySpace());
  bool local = sc && sc.getValue() == spirv::StorageClass::Workgroup;
  spirv::Scope scope = local ? spirv::Scope::Workgroup : spirv::Scope::Device;
  if (isShaderFlavour(flavour))
    return {scope, S::None};
  return {scope, S::SequentiallyConsistent |
                     (local ? S::WorkgroupMemory : S::CrossWorkgroupMemory)};
}

/// memref.atomic_rmw: OpAtomicIAdd, OpAtomicExchange, OpAtomic{S,U}{Min,Max},
/// OpAtomicAnd/Or/Xor. (MLIR's own pattern knows only StorageBuffer and
/// Workgroup memory, not OpenCL's CrossWorkgroup, and orders nothing.)
struct AtomicRMWLowering final : FlavouredPattern<memref::AtomicRMWOp> {
  using FlavouredPattern::FlavouredPattern;
  LogicalResult
  matchAndRewrite(memref::AtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    const auto &converter = *getTypeConverter<SPIRVTypeConverter>();
    Type t = converter.convertType(op.getType());
    if (!t || (!llvm::isa<IntegerType>(t) &&
               op.getKind() != arith::AtomicRMWKind::assign))
      return rewriter.notifyMatchFailure(op, "not an integer atomic");
    MemRefType memrefType = op.getMemRefType();
    Value ptr = spirv::getElementPtr(converter, memrefType, adaptor.getMemref(),
                                     adaptor.getIndices(), op.getLoc(),
                                     rewriter);
    if (!ptr)
      return rewriter.notifyMatchFailure(op, "unsupported memref");
    auto [scope, sem] = atomicScope(flavour, memrefType);
    Value v = adaptor.getValue();
    Location loc = op.getLoc();
    Value r;
    using K = arith::AtomicRMWKind;
    switch (op.getKind()) {
    case K::addi:
      r = spirv::AtomicIAddOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case K::assign:
      r = spirv::AtomicExchangeOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case K::maxs:
      r = spirv::AtomicSMaxOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case K::maxu:
      r = spirv::AtomicUMaxOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case K::mins:
      r = spirv::AtomicSMinOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case K::minu:
      r = spirv::AtomicUMinOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case K::andi:
      r = spirv::AtomicAndOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case K::ori:
      r = spirv::AtomicOrOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case K::xori:
      r = spirv::AtomicXorOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    default:
      return rewriter.notifyMatchFailure(op, "unsupported atomic kind");
    }
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// atomic_cmpxchg: a memref.generic_atomic_rmw whose body is
/// `select(current == compare, value, current)` becomes
/// OpAtomicCompareExchange.
struct CmpXchgLowering final : FlavouredPattern<memref::GenericAtomicRMWOp> {
  using FlavouredPattern::FlavouredPattern;
  LogicalResult
  matchAndRewrite(memref::GenericAtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getRegion().front();
    if (body.getNumArguments() != 1)
      return rewriter.notifyMatchFailure(op, "not a compare-exchange");
    Value current = body.getArgument(0);
    auto yield = dyn_cast<memref::AtomicYieldOp>(body.getTerminator());
    auto select =
        yield ? yield.getResult().getDefiningOp<arith::SelectOp>() : nullptr;
    auto cmp = select ? select.getCondition().getDefiningOp<arith::CmpIOp>()
                      : nullptr;
    if (!cmp || cmp.getPredicate() != arith::CmpIPredicate::eq ||
        select.getFalseValue() != current ||
        (cmp.getLhs() != current && cmp.getRhs() != current))
      return rewriter.notifyMatchFailure(op, "not a compare-exchange");
    Value comparator = cmp.getLhs() == current ? cmp.getRhs() : cmp.getLhs();
    Value value = select.getTrueValue();
    if (comparator.getParentRegion() == &op.getRegion() ||
        value.getParentRegion() == &op.getRegion())
      return rewriter.notifyMatchFailure(op, "operands computed in the body");
    const auto &converter = *getTypeConverter<SPIRVTypeConverter>();
    Type t = converter.convertType(op.getResult().getType());
    if (!t || !llvm::isa<IntegerType>(t))
      return rewriter.notifyMatchFailure(op, "not an integer atomic");
    auto memrefType = llvm::cast<MemRefType>(op.getMemref().getType());
    Value ptr = spirv::getElementPtr(converter, memrefType, adaptor.getMemref(),
                                     adaptor.getIndices(), op.getLoc(),
                                     rewriter);
    Value newComparator = rewriter.getRemappedValue(comparator);
    Value newValue = rewriter.getRemappedValue(value);
    if (!ptr || !newComparator || !newValue)
      return rewriter.notifyMatchFailure(op, "unsupported operands");
    auto [scope, sem] = atomicScope(flavour, memrefType);
    rewriter.replaceOpWithNewOp<spirv::AtomicCompareExchangeOp>(
        op, t, ptr, scope, sem, sem, newValue, newComparator);
    return success();
  }
};

/// exp2, which MLIR's math-to-spirv does not map to GLSL.std.450 in LLVM
/// 22: GLSL's Exp2. (The Kernel flavour calls OpenCL.std's exp2 through a
/// placeholder, KernelPreparation.cpp.)
struct Exp2Lowering final : OpConversionPattern<math::Exp2Op> {
  Exp2Lowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(math::Exp2Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type t = getTypeConverter()->convertType(op.getType());
    if (!t)
      return failure();
    rewriter.replaceOpWithNewOp<spirv::GLExp2Op>(op, t, adaptor.getOperand());
    return success();
  }
};

/// trunc(x) = x < 0 ? ceil(x) : floor(x) with GLSL.std.450 (exact; NaN and
/// -0 stay). (The Kernel flavour calls OpenCL.std's trunc.)
struct TruncLowering final : OpConversionPattern<math::TruncOp> {
  TruncLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(math::TruncOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type t = getTypeConverter()->convertType(op.getType());
    if (!t)
      return failure();
    Location loc = op.getLoc();
    Value x = adaptor.getOperand();
    Value zero = spirv::ConstantOp::getZero(t, loc, rewriter);
    Value negative = spirv::FOrdLessThanOp::create(rewriter, loc, x, zero);
    Value up = spirv::GLCeilOp::create(rewriter, loc, t, x);
    Value down = spirv::GLFloorOp::create(rewriter, loc, t, x);
    rewriter.replaceOpWithNewOp<spirv::SelectOp>(op, negative, up, down);
    return success();
  }
};

/// popcount and clz: OpBitCount. clz(x) = popcount(~s), s = x with its
/// highest set bit smeared into every lower bit (exact, any width).
/// Vulkan's OpBitCount takes 32-bit integers only: in the Shader flavour
/// narrower values are zero-extended and 64-bit ones counted in two halves.
template <typename SourceOp>
struct BitCountLowering final : FlavouredPattern<SourceOp> {
  using FlavouredPattern<SourceOp>::FlavouredPattern;
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type t = this->getTypeConverter()->convertType(op.getType());
    if (!t)
      return failure();
    Location loc = op.getLoc();
    auto vt = llvm::dyn_cast<VectorType>(t);
    unsigned width = getElementTypeOrSelf(t).getIntOrFloatBitWidth();
    auto withWidth = [&](unsigned w) -> Type {
      Type e = rewriter.getIntegerType(w);
      return vt ? Type(VectorType::get(vt.getShape(), e)) : e;
    };
    auto constant = [&](Type type, uint64_t v) -> Value {
      Attribute a = rewriter.getIntegerAttr(getElementTypeOrSelf(type), v);
      if (auto vty = llvm::dyn_cast<VectorType>(type))
        a = DenseElementsAttr::get(vty, a);
      return spirv::ConstantOp::create(rewriter, loc, type,
                                       llvm::cast<TypedAttr>(a));
    };
    Value x = adaptor.getOperand();
    if (std::is_same_v<SourceOp, math::CountLeadingZerosOp>) {
      for (unsigned shift = 1; shift < width; shift *= 2)
        x = spirv::BitwiseOrOp::create(
            rewriter, loc, x,
            spirv::ShiftRightLogicalOp::create(rewriter, loc, x,
                                               constant(t, shift)));
      x = spirv::NotOp::create(rewriter, loc, x);
    }
    if (this->isKernel() || width == 32) {
      rewriter.replaceOpWithNewOp<spirv::BitCountOp>(op, t, x);
      return success();
    }
    Type t32 = withWidth(32);
    Value count;
    if (width == 64) {
      Value lo = spirv::UConvertOp::create(rewriter, loc, t32, x);
      Value hi = spirv::UConvertOp::create(
          rewriter, loc, t32,
          spirv::ShiftRightLogicalOp::create(rewriter, loc, x,
                                             constant(t, 32)));
      count = spirv::IAddOp::create(
          rewriter, loc, spirv::BitCountOp::create(rewriter, loc, t32, lo),
          spirv::BitCountOp::create(rewriter, loc, t32, hi));
    } else {
      count = spirv::BitCountOp::create(
          rewriter, loc, t32, spirv::UConvertOp::create(rewriter, loc, t32, x));
    }
    rewriter.replaceOpWithNewOp<spirv::UConvertOp>(op, t, count);
    return success();
  }
};

/// Contraction was decided in the portable IR (math.fma where the source
/// allows it and the front end fuses): no driver may fuse anything else,
/// or backends would differ in bits. The Kernel flavour says so per entry
/// point (OpExecutionMode ContractionOff); the Shader flavour, which has no
/// such mode, decorates every float multiply, add and subtract
/// NoContraction.
void forbidContraction(ModuleOp module, SPIRVFlavour flavour) {
  MLIRContext *ctx = module.getContext();
  for (auto spv : module.getOps<spirv::ModuleOp>()) {
    if (flavour == SPIRVFlavour::Kernel) {
      SmallVector<spirv::EntryPointOp> entries(spv.getOps<spirv::EntryPointOp>());
      for (spirv::EntryPointOp entry : entries) {
        OpBuilder b(entry);
        b.setInsertionPointAfter(entry);
        spirv::ExecutionModeOp::create(
            b, entry.getLoc(), entry.getFnAttr(),
            spirv::ExecutionModeAttr::get(ctx,
                                          spirv::ExecutionMode::ContractionOff),
            b.getI32ArrayAttr({}));
      }
      continue;
    }
    spv.walk([&](Operation *op) {
      if (isa<spirv::FMulOp, spirv::FAddOp, spirv::FSubOp,
              spirv::VectorTimesScalarOp>(op))
        // The serializer writes an attribute named after a decoration, in
        // snake case, as that decoration.
        op->setAttr(llvm::convertToSnakeFromCamelCase(spirv::stringifyDecoration(
                        spirv::Decoration::NoContraction)),
                    UnitAttr::get(ctx));
    });
  }
}

/// After spirv-update-vce: the version stays the target environment's
/// (the pass lowers it to the minimum the module needs, and Vulkan 1.1's
/// drivers are promised 1.3), and Int64Atomics, which the pass does not
/// derive from 64-bit atomics, is added when used.
void finishVCE(ModuleOp module, spirv::Version version) {
  for (auto spv : module.getOps<spirv::ModuleOp>()) {
    bool int64Atomics = false;
    spv.walk([&](Operation *op) {
      if (op->getName().getStringRef().starts_with("spirv.Atomic") &&
          op->getNumResults() == 1 &&
          op->getResult(0).getType().isInteger(64))
        int64Atomics = true;
    });
    std::optional<spirv::VerCapExtAttr> vce = spv.getVceTriple();
    if (!vce)
      continue;
    SmallVector<spirv::Capability> caps(vce->getCapabilities());
    if (int64Atomics &&
        !llvm::is_contained(caps, spirv::Capability::Int64Atomics))
      caps.push_back(spirv::Capability::Int64Atomics);
    SmallVector<spirv::Extension> exts(vce->getExtensions());
    spv.setVceTripleAttr(
        spirv::VerCapExtAttr::get(version, caps, exts, module.getContext()));
  }
}

} // namespace
} // namespace tospirv

bool prepareForSPIRV(ModuleOp module, SPIRVFlavour flavour,
                     std::string &error) {
  MLIRContext *ctx = module.getContext();
  ctx->loadDialect<spirv::SPIRVDialect, scf::SCFDialect, ub::UBDialect,
                   vector::VectorDialect>();
  // Preparation's own passes report through `error`, not diagnostics.
  ScopedDiagnosticHandler quiet(ctx, [](Diagnostic &) { return success(); });
  if (!(flavour == SPIRVFlavour::Kernel
            ? tospirv::prepareKernelFlavour(module, error)
            : tospirv::prepareShaderFlavour(module, flavour, error)))
    return false;
  // Preparation has read the kernel metadata; SPIR-V functions carry none.
  for (gpu::GPUFuncOp kernel : ir::getKernels(module))
    kernel->removeAttr(ir::AccIRDialect::getKernelAttrName());
  return true;
}

LogicalResult convertPortableToSPIRV(ModuleOp module, SPIRVFlavour flavour) {
  using namespace tospirv;
  MLIRContext *ctx = module.getContext();
  auto targetEnv = module->getAttrOfType<spirv::TargetEnvAttr>(
      spirv::getTargetEnvAttrName());
  if (!targetEnv)
    return module.emitError("the module was not prepared for SPIR-V");
  SPIRVConversionOptions options;
  // size_t is 64-bit under Physical64; Vulkan indexes with 32 bits.
  options.use64bitIndex = flavour == SPIRVFlavour::Kernel;
  // Never change a buffer's element type behind the runtime's back.
  options.emulateLT32BitScalarTypes = false;
  options.emulateUnsupportedFloatTypes = false;
  SPIRVTypeConverter typeConverter(targetEnv, options);
  std::unique_ptr<ConversionTarget> target =
      SPIRVConversionTarget::get(targetEnv);

  RewritePatternSet patterns(ctx);
  ScfToSPIRVContext scfContext;
  populateGPUToSPIRVPatterns(typeConverter, patterns);
  populateFuncToSPIRVPatterns(typeConverter, patterns);
  populateBuiltinFuncToSPIRVPatterns(typeConverter, patterns);
  populateSCFToSPIRVPatterns(typeConverter, scfContext, patterns);
  arith::populateArithToSPIRVPatterns(typeConverter, patterns);
  cf::populateControlFlowToSPIRVPatterns(typeConverter, patterns);
  populateMathToSPIRVPatterns(typeConverter, patterns);
  populateMemRefToSPIRVPatterns(typeConverter, patterns);
  ub::populateUBToSPIRVConversionPatterns(typeConverter, patterns);
  populateVectorToSPIRVPatterns(typeConverter, patterns);
  // The native ids that --lower-launch-convention leaves (gpu.block_dim is
  // each flavour's own).
  patterns.add<
      WorkItemOpLowering<gpu::ThreadIdOp, spirv::BuiltIn::LocalInvocationId>,
      WorkItemOpLowering<gpu::BlockIdOp, spirv::BuiltIn::WorkgroupId>>(
      typeConverter, ctx);
  patterns.add<BarrierLowering, MemFenceLowering, AtomicRMWLowering,
               CmpXchgLowering, BitCountLowering<math::CtPopOp>,
               BitCountLowering<math::CountLeadingZerosOp>>(typeConverter, ctx,
                                                            flavour);
  if (flavour == SPIRVFlavour::Kernel) {
    populateKernelFlavourPatterns(typeConverter, patterns);
  } else {
    patterns.add<Exp2Lowering, TruncLowering>(typeConverter, ctx);
    populateShaderFlavourPatterns(typeConverter, patterns, flavour);
  }

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
  finishVCE(module, targetEnv.getVersion());
  forbidContraction(module, flavour);
  return verify(module);
}

#define GEN_PASS_DEF_CONVERTPORTABLETOSPIRVPASS
#include "acc/Conversion/Passes.h.inc"

namespace {

struct ConvertPortableToSPIRVPass final
    : impl::ConvertPortableToSPIRVPassBase<ConvertPortableToSPIRVPass> {
  using ConvertPortableToSPIRVPassBase::ConvertPortableToSPIRVPassBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (flavour != "kernel" && flavour != "shader" && flavour != "gles") {
      module.emitError() << "flavour must be 'kernel', 'shader' or 'gles', "
                            "not '"
                         << flavour << "'";
      return signalPassFailure();
    }
    SPIRVFlavour f = flavour == "kernel"   ? SPIRVFlavour::Kernel
                     : flavour == "shader" ? SPIRVFlavour::Shader
                                           : SPIRVFlavour::GLES;
    std::string error;
    if (!prepareForSPIRV(module, f, error)) {
      module.emitError() << error;
      return signalPassFailure();
    }
    if (failed(convertPortableToSPIRV(module, f)))
      signalPassFailure();
  }
};

} // namespace
} // namespace acc
