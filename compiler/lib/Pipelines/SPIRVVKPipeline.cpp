//===- SPIRVVKPipeline.cpp - Portable kernel IR to SPIR-V (Shader) --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The spirv-vk target: SPIR-V 1.3 (Vulkan 1.1) with the Shader capability,
// logical addressing and the GLSL450 memory model; one GLCompute entry point
// per kernel. Compile-only for now: the Vulkan plugin comes later and must
// follow the interface described here (and in docs/bundle-format.md,
// "spirv-vk").
//
// Interface of a kernel (all from acc::bundle::computeLayout()):
//
//   buffer argument     StorageBuffer variable, descriptor set 0, binding =
//                       the layout's binding; struct { U data[]; } (Block)
//   scalar arguments,   the kernel's scalar block (scalar_block_size bytes,
//   by-value structs    the layout's byte offsets), read as 32-bit words
//   local argument k    Workgroup array of U whose length is
//                       ceil(bytes / sizeof(U)), bytes = the specialization
//                       constant with SpecId k (default 1024)
//   local arrays        Workgroup variables of their static size
//   work-group size     OpSpecConstantComposite decorated BuiltIn
//                       WorkgroupSize, SpecIds 65536/65537/65538 (default
//                       64, 1, 1), present when a kernel of the module has
//                       no reqd_work_group_size; a kernel with one also gets
//                       OpExecutionMode LocalSize and uses the constants
//   launch words        8 x u32 in the push-constant block after the scalar
//                       block: global_offset[3], global_size[3], work_dim,
//                       0 (get_global_offset, get_global_size,
//                       get_work_dim)
//
// The push-constant block is `struct { uvec4 w[N]; }`: the scalar block
// rounded up to 16 bytes, then the 32 launch bytes. When that exceeds 128
// bytes (Vulkan's guaranteed maxPushConstantsSize), the scalar block moves
// to a uniform buffer, `struct { uvec4 w[M]; }` at descriptor set 0,
// binding = number of buffer arguments, and the push-constant block holds
// only the launch words (at offset 0). An 8-, 16- or 64-bit scalar is
// assembled from the 32-bit words that hold it, so no 8/16-bit push-constant
// capability is needed.
//
// Stages:
//   1. Preparation, on a clone of the portable IR: arguments are replaced by
//      placeholder calls (@__acc_vk_*) that the conversion turns into the
//      resources above; scalars are assembled from block words; program-
//      scope constants become initialised Function arrays; memrefs get a
//      storage class; the unstructured cf graph is lifted to scf
//      (transformCFGToSCF), scf.index_switch becomes nested scf.if.
//   2. One dialect conversion of the gpu.module into a spirv.module (MLIR's
//      gpu, scf, arith, math (GLSL.std.450), memref, vector and ub patterns
//      plus acc's own).
//   3. Canonicalisation, CSE, spirv-lower-abi-attrs, spirv-update-vce.
//   4. Serialisation, then two edits MLIR's SPIR-V dialect cannot express:
//      the BuiltIn WorkgroupSize decoration of a spec-constant composite,
//      and array lengths given by OpSpecConstantOp (local arguments).
//
//===----------------------------------------------------------------------===//

#include "acc/acc_launch.h"
#include "acc/Pipelines/Pipelines.h"

#include "PortableTransforms.h"
#include "SPIRVCommon.h"
#include "acc/Conversion/ExpandFloatRounding.h"
#include "acc/Conversion/ExpandMath.h"
#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Conversion/ArithToSPIRV/ArithToSPIRV.h"
#include "mlir/Conversion/ControlFlowToSCF/ControlFlowToSCF.h"
#include "mlir/Conversion/ControlFlowToSPIRV/ControlFlowToSPIRV.h"
#include "mlir/Conversion/FuncToSPIRV/FuncToSPIRV.h"
#include "mlir/Conversion/GPUToSPIRV/GPUToSPIRV.h"
#include "mlir/Conversion/MathToSPIRV/MathToSPIRV.h"
#include "mlir/Conversion/MemRefToSPIRV/MemRefToSPIRV.h"
#include "mlir/Conversion/SCFToSPIRV/SCFToSPIRV.h"
#include "mlir/Conversion/UBToSPIRV/UBToSPIRV.h"
#include "mlir/Conversion/VectorToSPIRV/VectorToSPIRV.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/Dialect/SPIRV/Transforms/SPIRVConversion.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/SPIRV/Serialization.h"
#include "mlir/Transforms/CFGToSCF.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <map>

using namespace mlir;

namespace acc {
namespace {

constexpr llvm::StringLiteral kTarget = "spirv-vk";
/// Placeholder calls made by preparation start with this.
constexpr llvm::StringLiteral kPlaceholder = ACC_RESERVED_SYMBOL_PREFIX "vk_";
/// Attributes of the placeholder calls.
constexpr llvm::StringLiteral kKindAttr = "acc.vk.kind";
constexpr llvm::StringLiteral kIndexAttr = "acc.vk.index";
constexpr llvm::StringLiteral kWordsAttr = "acc.vk.words";
constexpr llvm::StringLiteral kKernelAttr = "acc.vk.kernel";
/// memref.alloca standing for a program-scope constant: its initial value.
constexpr llvm::StringLiteral kInitAttr = "acc.vk.init";

/// Specialization constants (docs/bundle-format.md): the local size is
/// 65536..65538, a local argument's byte size its local index.
constexpr uint32_t kWorkGroupSizeSpecId = 65536;
constexpr int32_t kDefaultWorkGroupSize[3] = {64, 1, 1};
constexpr int32_t kDefaultLocalBytes = 1024;
/// Launch words after the scalar block: global_offset[3], global_size[3],
/// work_dim, padding (acc/acc_launch.h, shared with the plugins).
constexpr uint32_t kLaunchBytes = ACC_LAUNCH_VK_LAUNCH_WORD_BYTES;
constexpr uint32_t kLaunchGlobalOffset = ACC_LAUNCH_VK_GLOBAL_OFFSET;
constexpr uint32_t kLaunchGlobalSize = ACC_LAUNCH_VK_GLOBAL_SIZE;
constexpr uint32_t kLaunchWorkDim = ACC_LAUNCH_VK_WORK_DIM;
/// Array length written for local argument arrays, replaced in the binary.
constexpr uint32_t kLocalLengthSentinel = 0x7ACC0000;
/// Symbol names the binary edits look for.
constexpr llvm::StringLiteral kWorkGroupSizeName = ACC_RESERVED_SYMBOL_PREFIX "workgroup_size";
/// printf: calls of `__acc_vk_debug_printf_<k>` become DebugPrintf
/// instructions with format k of the top-level module's attribute.
constexpr llvm::StringLiteral kDebugPrintfPrefix = ACC_RESERVED_SYMBOL_PREFIX "vk_debug_printf_";
constexpr llvm::StringLiteral kPrintfFormatsAttr = "acc.vk.printf_formats";
constexpr llvm::StringLiteral kLocalBytesPrefix = ACC_RESERVED_SYMBOL_PREFIX "local_bytes_";

/// What the spirv-vk target may use. spirv-update-vce keeps only what the
/// module needs.
spirv::TargetEnvAttr getTargetEnv(MLIRContext *ctx) {
  using C = spirv::Capability;
  using E = spirv::Extension;
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

std::string kernelError(StringRef kernel, const llvm::Twine &what,
                        std::optional<Location> loc = std::nullopt) {
  return spirvKernelError(kTarget, kernel, what, loc);
}

//===----------------------------------------------------------------------===//
// Preparation
//===----------------------------------------------------------------------===//

/// Where a kernel's scalar block and launch words live.
struct BlockPlan {
  /// Scalars in the push-constant block (else in a uniform buffer).
  bool scalarsInPushConstants = true;
  /// Byte offset of the launch words in the push-constant block.
  uint32_t launchOffset = 0;
  /// uvec4 count of the push-constant block and of the uniform buffer.
  uint32_t pushVec4s = 0;
  uint32_t uniformVec4s = 0;
  uint32_t uniformBinding = 0;
};

/// The layout of acc/acc_launch.h, which the vulkan plugin reads too.
BlockPlan planBlocks(const bundle::KernelLayout &layout) {
  acc_launch_vk_plan_t shared =
      acc_launch_vk_plan(layout.scalarBlockSize, layout.bufferCount);
  BlockPlan plan;
  plan.scalarsInPushConstants = shared.scalars_in_push_constants != 0;
  plan.launchOffset = shared.launch_word_offset;
  plan.pushVec4s = shared.push_constant_bytes / 16;
  plan.uniformVec4s = shared.uniform_bytes / 16;
  if (!plan.scalarsInPushConstants)
    plan.uniformBinding = shared.uniform_binding;
  return plan;
}

/// Declares `name` : `type` privately in `gpuModule` if absent.
void declare(gpu::GPUModuleOp gpuModule, StringRef name, FunctionType type) {
  if (gpuModule.lookupSymbol(name))
    return;
  OpBuilder b = OpBuilder::atBlockBegin(gpuModule.getBody());
  auto fn = func::FuncOp::create(b, gpuModule.getLoc(), name, type);
  fn.setPrivate();
}

/// Builds the values that preparation substitutes for arguments and
/// queries, at the start of the kernel's entry block.
class KernelPreparer {
public:
  KernelPreparer(gpu::GPUModuleOp gpuModule, gpu::GPUFuncOp kernel,
                 const BlockPlan &plan)
      : gpuModule(gpuModule), kernel(kernel), plan(plan),
        b(OpBuilder::atBlockBegin(&kernel.getBody().front())),
        loc(kernel.getLoc()) {}

  OpBuilder &builder() { return b; }

  Value index(int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  }

  /// The 32-bit word at byte offset `byteOffset` (a multiple of 4) of the
  /// scalar block (`launch` false) or of the push-constant block.
  Value word(Value byteOffset, bool launch) {
    bool push = launch || plan.scalarsInPushConstants;
    std::string name = (kPlaceholder + kernel.getName() +
                        (push ? "_push_word" : "_uniform_word"))
                           .str();
    Type idx = b.getIndexType();
    declare(gpuModule, name,
            b.getFunctionType({idx, idx}, {b.getI32Type()}));
    Value wordIndex = arith::DivUIOp::create(b, loc, byteOffset, index(4));
    Value vec = arith::DivUIOp::create(b, loc, wordIndex, index(4));
    Value component = arith::RemUIOp::create(b, loc, wordIndex, index(4));
    auto call = func::CallOp::create(b, loc, name, TypeRange{b.getI32Type()},
                                     ValueRange{vec, component});
    call->setAttr(kKindAttr, b.getStringAttr(push ? "push" : "uniform"));
    call->setAttr(kKernelAttr, b.getStringAttr(kernel.getName()));
    call->setAttr(kWordsAttr,
                  b.getI32IntegerAttr(static_cast<int32_t>(
                      push ? plan.pushVec4s : plan.uniformVec4s)));
    call->setAttr(kIndexAttr,
                  b.getI32IntegerAttr(static_cast<int32_t>(
                      push ? 0 : plan.uniformBinding)));
    return call.getResult(0);
  }

  /// A value of scalar type `type` stored at byte offset `byteOffset`
  /// (aligned to its size) of the scalar block.
  Value unit(Type type, Value byteOffset) {
    unsigned bits = type.getIntOrFloatBitWidth();
    Type intType = b.getIntegerType(bits);
    Value v;
    if (bits == 64) {
      Value lo = word(byteOffset, false);
      Value hi = word(arith::AddIOp::create(b, loc, byteOffset, index(4)),
                      false);
      Type i64 = b.getI64Type();
      lo = arith::ExtUIOp::create(b, loc, i64, lo);
      hi = arith::ExtUIOp::create(b, loc, i64, hi);
      Value shift = arith::ConstantIntOp::create(b, loc, i64, 32);
      hi = arith::ShLIOp::create(b, loc, hi, shift);
      v = arith::OrIOp::create(b, loc, lo, hi);
    } else {
      Value aligned = arith::MulIOp::create(
          b, loc, arith::DivUIOp::create(b, loc, byteOffset, index(4)),
          index(4));
      v = word(aligned, false);
      if (bits < 32) {
        Value byteInWord = arith::RemUIOp::create(b, loc, byteOffset, index(4));
        Value shift = arith::IndexCastUIOp::create(
            b, loc, b.getI32Type(),
            arith::MulIOp::create(b, loc, byteInWord, index(8)));
        v = arith::ShRUIOp::create(b, loc, v, shift);
        v = arith::TruncIOp::create(b, loc, intType, v);
      }
    }
    if (type != intType)
      v = arith::BitcastOp::create(b, loc, type, v);
    return v;
  }

  /// A scalar or vector argument at `offset`.
  Value scalarArgument(Type type, uint32_t offset) {
    auto vt = llvm::dyn_cast<VectorType>(type);
    if (!vt)
      return unit(type, index(offset));
    Type elem = vt.getElementType();
    int64_t size = elem.getIntOrFloatBitWidth() / 8;
    SmallVector<Value> elems;
    for (int64_t i = 0; i < vt.getNumElements(); ++i)
      elems.push_back(unit(elem, index(offset + i * size)));
    return vector::FromElementsOp::create(b, loc, vt, elems);
  }

  /// A launch word (get_global_offset etc.), as an index.
  Value launchWord(uint32_t field, Value dim) {
    Value byteOffset = index(plan.launchOffset + field);
    if (dim)
      byteOffset = arith::AddIOp::create(
          b, loc, byteOffset,
          arith::MulIOp::create(b, loc, dim, index(4)));
    Value w = word(byteOffset, true);
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), w);
  }

  /// A placeholder call for a memory resource.
  Value resource(StringRef kind, int32_t ordinal, MemRefType type) {
    std::string name = (kPlaceholder + kernel.getName() + "_" + kind + "_" +
                        llvm::Twine(ordinal))
                           .str();
    declare(gpuModule, name, b.getFunctionType({}, {type}));
    auto call = func::CallOp::create(b, loc, name, TypeRange{type},
                                     ValueRange{});
    call->setAttr(kKindAttr, b.getStringAttr(kind));
    call->setAttr(kIndexAttr, b.getI32IntegerAttr(ordinal));
    call->setAttr(kKernelAttr, b.getStringAttr(kernel.getName()));
    return call.getResult(0);
  }

private:
  gpu::GPUModuleOp gpuModule;
  gpu::GPUFuncOp kernel;
  const BlockPlan &plan;
  OpBuilder b;
  Location loc;
};

/// Transcendental GLSL.std.450 instructions exist for 16- and 32-bit
/// floats only.
bool isFloat32OnlyMath(Operation *op) {
  return isa<math::SinOp, math::CosOp, math::TanOp, math::AsinOp,
             math::AcosOp, math::AtanOp, math::Atan2Op, math::SinhOp,
             math::CoshOp, math::TanhOp, math::AsinhOp, math::AcoshOp,
             math::AtanhOp, math::ExpOp, math::Exp2Op, math::LogOp,
             math::Log2Op, math::Log10Op, math::PowFOp, math::ExpM1Op,
             math::Log1pOp>(op);
}

/// Refuses what Vulkan SPIR-V cannot express. Returns false with `error`.
bool checkExpressible(gpu::GPUFuncOp kernel, std::string &error) {
  StringRef name = kernel.getName();
  WalkResult r = kernel.walk([&](Operation *op) {
    auto tooWide = [](Type t) {
      if (auto mt = llvm::dyn_cast<MemRefType>(t))
        t = mt.getElementType();
      auto vt = llvm::dyn_cast<VectorType>(t);
      return vt && vt.getNumElements() > 4;
    };
    for (Type t : op->getResultTypes())
      if (tooWide(t)) {
        error = kernelError(name,
                            "8- and 16-element vectors yet (Vulkan SPIR-V "
                            "vectors have at most 4 components)",
                            op->getLoc());
        return WalkResult::interrupt();
      }
    if (isFloat32OnlyMath(op) && op->getNumResults() == 1 &&
        getElementTypeOrSelf(op->getResult(0).getType()).isF64()) {
      error = kernelError(name,
                          "'" + op->getName().stripDialect() +
                              "' on double (GLSL.std.450 has it for 16- and "
                              "32-bit floats only)",
                          op->getLoc());
      return WalkResult::interrupt();
    }
    if (auto select = dyn_cast<arith::SelectOp>(op);
        select && llvm::isa<MemRefType>(select.getType())) {
      // Left after chooseAccesses: a chosen buffer used other than by a
      // memory access (logical addressing has no pointer to select).
      error = kernelError(name, "a pointer that chooses between buffers here",
                          op->getLoc());
      return WalkResult::interrupt();
    }
    if (auto builtin = dyn_cast<ir::BuiltinOp>(op)) {
      error = kernelError(name,
                          "'" + ir::stringifyBuiltin(builtin.getBuiltin()) +
                              "' (no GLSL.std.450 equivalent)",
                          builtin.getLoc());
      return WalkResult::interrupt();
    }
    if (auto call = dyn_cast<func::CallOp>(op)) {
      error = kernelError(name, "a call to '" + call.getCallee() + "'",
                          call.getLoc());
      return WalkResult::interrupt();
    }
    if (auto rmw = dyn_cast<memref::AtomicRMWOp>(op)) {
      if (!llvm::isa<IntegerType>(rmw.getValue().getType()) &&
          rmw.getKind() != arith::AtomicRMWKind::assign) {
        error = kernelError(name,
                            "a floating-point atomic other than exchange",
                            op->getLoc());
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return !r.wasInterrupted();
}

/// Replaces arguments, attributions, queries and constant globals of
/// `kernel` by placeholders and block reads.
/// The memref of `op` that an arith.select chose, or null.
arith::SelectOp chosenBuffer(Operation *op) {
  for (Value v : op->getOperands())
    if (llvm::isa<MemRefType>(v.getType()))
      if (auto select = v.getDefiningOp<arith::SelectOp>())
        return select;
  return {};
}

/// A pointer variable that chooses between buffers reads them through
/// arith.select of memrefs, which logical addressing cannot express (an
/// OpSelect of pointers needs VariablePointers). Each access through such
/// a choice becomes a branch per candidate: cond_br to a copy of the access
/// on the true buffer and one on the false buffer, whose results meet as
/// block arguments. Never speculative: the unchosen buffer is not touched.
void chooseAccesses(gpu::GPUFuncOp kernel) {
  SmallVector<Operation *> worklist;
  kernel.walk([&](Operation *op) {
    if (op->getNumRegions() == 0 && chosenBuffer(op))
      worklist.push_back(op);
  });
  OpBuilder b(kernel.getContext());
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    arith::SelectOp select = chosenBuffer(op);
    Location loc = op->getLoc();
    Block *before = op->getBlock();
    Block *after = before->splitBlock(op);
    Region &region = *before->getParent();
    auto *onTrue = new Block(), *onFalse = new Block();
    region.getBlocks().insert(Region::iterator(after), onTrue);
    region.getBlocks().insert(Region::iterator(after), onFalse);
    SmallVector<Value> results;
    for (Value r : op->getResults())
      results.push_back(after->addArgument(r.getType(), loc));
    for (auto [block, buffer] :
         {std::pair{onTrue, select.getTrueValue()},
          std::pair{onFalse, select.getFalseValue()}}) {
      b.setInsertionPointToStart(block);
      IRMapping map;
      map.map(select.getResult(), buffer);
      Operation *copy = b.clone(*op, map);
      cf::BranchOp::create(b, loc, after, copy->getResults());
      if (chosenBuffer(copy))
        worklist.push_back(copy);
    }
    b.setInsertionPointToEnd(before);
    cf::CondBranchOp::create(b, loc, select.getCondition(), onTrue,
                             ValueRange{}, onFalse, ValueRange{});
    op->replaceAllUsesWith(results);
    op->erase();
    if (select->use_empty())
      select.erase();
  }
}

bool prepareKernel(gpu::GPUModuleOp gpuModule, gpu::GPUFuncOp kernel,
                   std::string &error) {
  const bundle::KernelInfo info = ir::getKernelInfo(kernel);
  StringRef name = kernel.getName();
  if (info.args.size() != kernel.getNumArguments()) {
    error = "internal error: kernel '" + name.str() +
            "' has a different argument count in its metadata";
    return false;
  }
  // float8, int16, ...: Vulkan SPIR-V vectors have at most 4 components.
  std::string wide;
  if (!scalarizeWideVectors(kernel, /*maxLanes=*/4, wide)) {
    error = kernelError(name, wide + " (Vulkan SPIR-V vectors have at most 4 "
                                     "components)");
    return false;
  }
  chooseAccesses(kernel);
  if (!checkExpressible(kernel, error))
    return false;
  bundle::KernelLayout layout;
  if (!bundle::computeLayout(info.args, layout, error))
    return false;
  BlockPlan plan = planBlocks(layout);
  KernelPreparer p(gpuModule, kernel, plan);
  OpBuilder &b = p.builder();
  Location loc = kernel.getLoc();

  for (unsigned i = 0; i < kernel.getNumArguments(); ++i) {
    BlockArgument arg = kernel.getArgument(i);
    const bundle::ArgInfo &a = info.args[i];
    uint32_t binding = layout.binding[i];
    if (ir::isByValueArg(kernel, i)) {
      auto type = llvm::cast<MemRefType>(arg.getType());
      Type unitType = type.getElementType();
      int64_t unitSize = unitType.getIntOrFloatBitWidth() / 8;
      for (Operation *user : llvm::make_early_inc_range(arg.getUsers())) {
        auto load = dyn_cast<memref::LoadOp>(user);
        if (!load || load.getMemref() != arg) {
          error = kernelError(name,
                              "a use of by-value struct argument '" + a.name +
                                  "' other than a read",
                              user->getLoc());
          return false;
        }
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(load);
        Value offset = arith::AddIOp::create(
            b, load.getLoc(), p.index(binding),
            arith::MulIOp::create(b, load.getLoc(), load.getIndices()[0],
                                  p.index(unitSize)));
        load.getResult().replaceAllUsesWith(p.unit(unitType, offset));
        load.erase();
      }
      continue;
    }
    switch (a.kind) {
    case ACC_ARG_KIND_BUFFER:
      arg.replaceAllUsesWith(p.resource(
          "buffer", static_cast<int32_t>(binding),
          llvm::cast<MemRefType>(arg.getType())));
      break;
    case ACC_ARG_KIND_LOCAL: {
      // A static array whose length the binary edits replace by
      // ceil(bytes / unit); every use is a load, store or atomic, which
      // take any shape.
      auto type = llvm::cast<MemRefType>(arg.getType());
      int64_t unitBytes = type.getElementType().getIntOrFloatBitWidth() / 8;
      auto sized = MemRefType::get(
          {static_cast<int64_t>(kLocalLengthSentinel) + binding * 16 +
           unitBytes},
          type.getElementType(), MemRefLayoutAttrInterface(),
          type.getMemorySpace());
      arg.replaceAllUsesWith(
          p.resource("local", static_cast<int32_t>(binding), sized));
      break;
    }
    default:
      if (llvm::isa<MemRefType>(arg.getType())) {
        error = "internal error: kernel '" + name.str() + "' argument '" +
                a.name + "' is a scalar in its metadata but memory in the IR";
        return false;
      }
      arg.replaceAllUsesWith(p.scalarArgument(arg.getType(), binding));
      break;
    }
  }
  for (auto [n, attribution] :
       llvm::enumerate(kernel.getWorkgroupAttributions()))
    BlockArgument(attribution).replaceAllUsesWith(
        p.resource("workgroup", static_cast<int32_t>(n),
                   llvm::cast<MemRefType>(attribution.getType())));

  // Queries, and program-scope constants.
  SmallVector<Operation *> ops;
  kernel.walk([&](Operation *op) {
    if (isa<ir::GlobalOffsetOp, ir::GlobalSizeOp, ir::WorkDimOp,
            memref::GetGlobalOp>(op))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    if (auto get = dyn_cast<memref::GetGlobalOp>(op)) {
      auto global = dyn_cast_or_null<memref::GlobalOp>(
          gpuModule.lookupSymbol(get.getName()));
      auto init = global ? llvm::dyn_cast_or_null<DenseElementsAttr>(
                               global.getInitialValueAttr())
                         : DenseElementsAttr();
      if (!init || !global.getConstant()) {
        error = kernelError(name, "a program-scope variable", op->getLoc());
        return false;
      }
      auto alloca = memref::AllocaOp::create(b, get.getLoc(), get.getType());
      alloca->setAttr(kInitAttr, init);
      get.getResult().replaceAllUsesWith(alloca.getResult());
      get.erase();
      continue;
    }
    // A work-item query: its launch word.
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(op);
    uint32_t field = kLaunchWorkDim;
    Value dim;
    auto dimension = [&](ir::Dimension d) {
      return arith::ConstantIndexOp::create(b, op->getLoc(), int64_t(d));
    };
    if (auto q = dyn_cast<ir::GlobalOffsetOp>(op)) {
      field = kLaunchGlobalOffset;
      dim = dimension(q.getDimension());
    } else if (auto q = dyn_cast<ir::GlobalSizeOp>(op)) {
      field = kLaunchGlobalSize;
      dim = dimension(q.getDimension());
    }
    op->getResult(0).replaceAllUsesWith(p.launchWord(field, dim));
    op->erase();
  }

  // The entry point: LocalSize from reqd_work_group_size, or none (the
  // WorkgroupSize spec constants then apply).
  SmallVector<int32_t, 3> localSize;
  if (info.requiredLocalSize[0])
    for (uint32_t s : info.requiredLocalSize)
      localSize.push_back(static_cast<int32_t>(s));
  kernel->setAttr(spirv::getEntryPointABIAttrName(),
                  spirv::getEntryPointABIAttr(kernel.getContext(), localSize));
  (void)loc;
  return true;
}

/// The lift of a gpu.func body: its unreachable terminator is gpu.return.
class GPUFuncCFGToSCF final : public ControlFlowToSCFTransformation {
public:
  FailureOr<Operation *> createUnreachableTerminator(Location loc,
                                                     OpBuilder &builder,
                                                     Region &) override {
    return gpu::ReturnOp::create(builder, loc).getOperation();
  }
};

/// scf.index_switch -> a chain of scf.if (SCF-to-SPIR-V has no switch).
void lowerIndexSwitches(gpu::GPUFuncOp kernel) {
  SmallVector<scf::IndexSwitchOp> switches;
  kernel.walk<WalkOrder::PostOrder>(
      [&](scf::IndexSwitchOp op) { switches.push_back(op); });
  for (scf::IndexSwitchOp sw : switches) {
    OpBuilder b(sw);
    Location loc = sw.getLoc();
    TypeRange types = sw.getResultTypes();
    ArrayRef<int64_t> cases = sw.getCases();
    // Builds the if for case `i` at the builder's point; returns its op.
    std::function<Operation *(unsigned)> build = [&](unsigned i) -> Operation * {
      Value c = arith::ConstantIndexOp::create(b, loc, cases[i]);
      Value eq = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                       sw.getArg(), c);
      auto ifOp = scf::IfOp::create(b, loc, types, eq, /*withElse=*/false);
      ifOp.getThenRegion().takeBody(sw.getCaseRegions()[i]);
      Region &elseRegion = ifOp.getElseRegion();
      if (i + 1 < cases.size()) {
        Block *block = new Block();
        elseRegion.push_back(block);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToEnd(block);
        Operation *inner = build(i + 1);
        scf::YieldOp::create(b, loc, inner->getResults());
      } else {
        elseRegion.takeBody(sw.getDefaultRegion());
      }
      return ifOp;
    };
    if (cases.empty()) {
      // Only the default: inline it.
      Block &body = sw.getDefaultBlock();
      auto yield = cast<scf::YieldOp>(body.getTerminator());
      SmallVector<Value> results(yield.getOperands());
      yield.erase();
      sw->getBlock()->getOperations().splice(sw->getIterator(),
                                             body.getOperations());
      sw.replaceAllUsesWith(results);
      sw.erase();
      continue;
    }
    Operation *top = build(0);
    sw.replaceAllUsesWith(top->getResults());
    sw.erase();
  }
}

/// Gives every memref a storage class: private slots Function, buffers
/// StorageBuffer, local memory Workgroup.
void assignStorageClasses(gpu::GPUModuleOp gpuModule) {
  MLIRContext *ctx = gpuModule.getContext();
  auto sc = [&](spirv::StorageClass c) {
    return spirv::StorageClassAttr::get(ctx, c);
  };
  gpuModule.walk([&](memref::AllocaOp alloca) {
    MemRefType type = alloca.getType();
    alloca.getResult().setType(
        MemRefType::get(type.getShape(), type.getElementType(),
                        type.getLayout(), sc(spirv::StorageClass::Function)));
  });
  AttrTypeReplacer replacer;
  replacer.addReplacement([&](MemRefType type) -> std::optional<Type> {
    Attribute space = type.getMemorySpace();
    spirv::StorageClass c;
    if (!space)
      c = spirv::StorageClass::StorageBuffer;
    else if (auto as = llvm::dyn_cast<gpu::AddressSpaceAttr>(space);
             as && as.getValue() == gpu::AddressSpace::Workgroup)
      c = spirv::StorageClass::Workgroup;
    else
      return std::nullopt;
    return MemRefType::get(type.getShape(), type.getElementType(),
                           type.getLayout(), sc(c));
  });
  replacer.recursivelyReplaceElementsIn(gpuModule, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/true);
}

/// The NonSemantic.DebugPrintf spelling of an OpenCL printf format (after
/// the front end's %s folding and %v expansion) whose arguments have
/// `types`: length modifiers go, as the arguments are 32-bit or wider, and
/// 64-bit integers and doubles take 'l'.
std::string debugPrintfFormat(StringRef format, TypeRange types) {
  std::string out;
  size_t arg = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    out += format[i];
    if (format[i] != '%')
      continue;
    if (i + 1 < format.size() && format[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < format.size() && StringRef("-+ #0123456789.").contains(format[j]))
      out += format[j++];
    while (j < format.size() && StringRef("hlL").contains(format[j]))
      ++j;
    if (j == format.size())
      break;
    if (arg < types.size() && types[arg].getIntOrFloatBitWidth() == 64)
      out += 'l';
    ++arg;
    out += format[j];
    i = j;
  }
  return out;
}

/// Replaces each gpu.printf by a call of an empty function
/// `__acc_vk_debug_printf_<k>`, k indexing `formats`; editBinary turns the
/// calls into DebugPrintf instructions.
void rewritePrintf(gpu::GPUModuleOp gpuModule,
                   std::vector<std::string> &formats) {
  SmallVector<gpu::PrintfOp> printfs;
  gpuModule.walk([&](gpu::PrintfOp op) { printfs.push_back(op); });
  for (gpu::PrintfOp op : printfs) {
    OpBuilder b(op);
    std::string name =
        (kDebugPrintfPrefix + llvm::Twine(formats.size())).str();
    formats.push_back(
        debugPrintfFormat(op.getFormat(), op.getArgs().getTypes()));
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToEnd(gpuModule.getBody());
      auto fn = func::FuncOp::create(
          b, op.getLoc(), name,
          b.getFunctionType(op.getArgs().getTypes(), {}));
      b.setInsertionPointToStart(fn.addEntryBlock());
      func::ReturnOp::create(b, op.getLoc());
    }
    func::CallOp::create(b, op.getLoc(), name, TypeRange{}, op.getArgs());
    op.erase();
  }
}

bool prepare(ModuleOp module, std::string &error) {
  MLIRContext *ctx = module.getContext();
  std::vector<std::string> formats;
  // Vulkan allows only RTE and RTZ rounding decorations on conversions:
  // directed roundings are computed instead (vstore_half_rtp, ...).
  expandFloatRounding(module);
  // GLSL.std.450 has no sinpi, tgamma, erf, ..., and its exp, log, sin, ...
  // take 16- and 32-bit floats only: those are computed from arithmetic.
  MathExpansion missing;
  missing.libraryCalls = missing.missingFloatOps =
      missing.float64Transcendentals = true;
  expandMath(module, missing);
  for (auto gpuModule : module.getOps<gpu::GPUModuleOp>()) {
    SmallVector<gpu::GPUFuncOp> funcs(gpuModule.getOps<gpu::GPUFuncOp>());
    for (gpu::GPUFuncOp kernel : funcs) {
      if (kernel.isKernel() && !prepareKernel(gpuModule, kernel, error))
        return false;
    }
    for (auto global :
         llvm::make_early_inc_range(gpuModule.getOps<memref::GlobalOp>()))
      global.erase();
    rewritePrintf(gpuModule, formats);
  }
  if (!formats.empty()) {
    SmallVector<StringRef> refs(formats.begin(), formats.end());
    module->setAttr(kPrintfFormatsAttr, OpBuilder(ctx).getStrArrayAttr(refs));
  }

  PassManager pm(ctx);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (failed(pm.run(module))) {
    error = "internal error: canonicalisation for the spirv-vk target failed";
    return false;
  }

  for (auto gpuModule : module.getOps<gpu::GPUModuleOp>()) {
    for (auto kernel : gpuModule.getOps<gpu::GPUFuncOp>()) {
      if (!kernel.isKernel() || kernel.getBody().hasOneBlock())
        continue;
      GPUFuncCFGToSCF iface;
      DominanceInfo dom(kernel);
      if (failed(transformCFGToSCF(kernel.getBody(), iface, dom)) ||
          !kernel.getBody().hasOneBlock()) {
        error = kernelError(kernel.getName(),
                            "this kernel's control flow (it could not be "
                            "structured)");
        return false;
      }
    }
  }
  for (auto gpuModule : module.getOps<gpu::GPUModuleOp>()) {
    for (auto kernel : gpuModule.getOps<gpu::GPUFuncOp>())
      lowerIndexSwitches(kernel);
    assignStorageClasses(gpuModule);
  }
  module->setAttr(spirv::getTargetEnvAttrName(), getTargetEnv(ctx));

  PassManager pm2(ctx);
  pm2.addPass(createCanonicalizerPass());
  pm2.addPass(createCSEPass());
  if (failed(pm2.run(module))) {
    error = "internal error: canonicalisation for the spirv-vk target failed";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Conversion patterns
//===----------------------------------------------------------------------===//

constexpr unsigned kAccBenefit = 100;

Block &moduleBody(Operation *op) {
  Operation *table = SymbolTable::getNearestSymbolTable(op->getParentOp());
  return table->getRegion(0).front();
}

/// Module-level declarations go after the leading spec constants (the
/// binary edits need every spec constant before the types that use it).
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

spirv::SpecConstantOp getSpecConstant(OpBuilder &rewriter, Block &body,
                                      Location loc, StringRef name,
                                      uint32_t specId, int32_t value) {
  Operation *found = SymbolTable::lookupSymbolIn(
      body.getParentOp(), StringAttr::get(rewriter.getContext(), name));
  if (auto sc = dyn_cast_or_null<spirv::SpecConstantOp>(found))
    return sc;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(&body);
  auto sc = spirv::SpecConstantOp::create(
      rewriter, loc, rewriter.getStringAttr(name),
      rewriter.getI32IntegerAttr(value));
  sc->setAttr("spec_id", rewriter.getI32IntegerAttr(
                             static_cast<int32_t>(specId)));
  return sc;
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

/// The entry_point_abi work-group size of the function around `op`.
std::optional<std::array<int32_t, 3>> requiredSize(Operation *op) {
  for (Operation *p = op->getParentOp(); p; p = p->getParentOp()) {
    auto abi = p->getAttrOfType<spirv::EntryPointABIAttr>(
        spirv::getEntryPointABIAttrName());
    if (!abi)
      continue;
    if (auto ws = abi.getWorkgroupSize(); ws && ws.size() == 3)
      return std::array<int32_t, 3>{ws[0], ws[1], ws[2]};
    return std::nullopt;
  }
  return std::nullopt;
}

/// gpu.thread_id / block_id / grid_dim / global_id.
template <typename SourceOp, spirv::BuiltIn Builtin>
struct WorkItemOpLowering final : OpConversionPattern<SourceOp> {
  WorkItemOpLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern<SourceOp>(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type i32 = rewriter.getI32Type();
    Value v = loadBuiltin(op, Builtin, VectorType::get({3}, i32), rewriter);
    rewriter.replaceOpWithNewOp<spirv::CompositeExtractOp>(
        op, v,
        ArrayRef<int32_t>{static_cast<int32_t>(op.getDimension())});
    return success();
  }
};

/// The spec-constant composite decorated BuiltIn WorkgroupSize (in the
/// binary edits), created once per module.
void ensureWorkGroupSize(OpBuilder &rewriter, Block &body, Location loc) {
  if (SymbolTable::lookupSymbolIn(body.getParentOp(),
                                  rewriter.getStringAttr(kWorkGroupSizeName)))
    return;
  SmallVector<Attribute> parts;
  for (int i = 0; i < 3; ++i) {
    std::string name =
        (kWorkGroupSizeName + "_" + StringRef("xyz" + i, 1)).str();
    auto sc = getSpecConstant(rewriter, body, loc, name,
                              kWorkGroupSizeSpecId + i,
                              kDefaultWorkGroupSize[i]);
    parts.push_back(SymbolRefAttr::get(sc));
  }
  OpBuilder::InsertionGuard guard(rewriter);
  setInsertionPointForGlobal(rewriter, body);
  spirv::SpecConstantCompositeOp::create(
      rewriter, loc, TypeAttr::get(VectorType::get({3}, rewriter.getI32Type())),
      rewriter.getStringAttr(kWorkGroupSizeName), rewriter.getArrayAttr(parts));
}

/// gpu.block_dim: the constant reqd_work_group_size, or the WorkgroupSize
/// spec-constant composite.
struct BlockDimLowering final : OpConversionPattern<gpu::BlockDimOp> {
  BlockDimLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(gpu::BlockDimOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type i32 = rewriter.getI32Type();
    auto dim = static_cast<int32_t>(op.getDimension());
    if (auto size = requiredSize(op)) {
      rewriter.replaceOpWithNewOp<spirv::ConstantOp>(
          op, i32, rewriter.getI32IntegerAttr((*size)[dim]));
      return success();
    }
    Location loc = op.getLoc();
    auto vec3 = VectorType::get({3}, i32);
    ensureWorkGroupSize(rewriter, moduleBody(op), loc);
    Value v = spirv::ReferenceOfOp::create(
        rewriter, loc, vec3,
        SymbolRefAttr::get(rewriter.getContext(), kWorkGroupSizeName));
    rewriter.replaceOpWithNewOp<spirv::CompositeExtractOp>(
        op, v, ArrayRef<int32_t>{dim});
    return success();
  }
};

/// A kernel: a spirv.func without arguments (preparation replaced them).
struct KernelLowering final : OpConversionPattern<gpu::GPUFuncOp> {
  KernelLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(gpu::GPUFuncOp fn, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!fn.isKernel())
      return failure();
    Block &entry = fn.getBody().front();
    for (BlockArgument arg : entry.getArguments())
      if (!arg.use_empty())
        return rewriter.notifyMatchFailure(fn, "argument still used");
    auto newFn = spirv::FuncOp::create(rewriter, fn.getLoc(), fn.getName(),
                                       rewriter.getFunctionType({}, {}));
    newFn->setAttr(spirv::getEntryPointABIAttrName(),
                   fn->getAttr(spirv::getEntryPointABIAttrName()));
    if (!requiredSize(&fn.getBody().front().front()))
      ensureWorkGroupSize(rewriter, moduleBody(fn), fn.getLoc());
    rewriter.inlineRegionBefore(fn.getBody(), newFn.getBody(), newFn.end());
    TypeConverter::SignatureConversion sig(entry.getNumArguments());
    rewriter.applySignatureConversion(&newFn.getBody().front(), sig,
                                      getTypeConverter());
    rewriter.eraseOp(fn);
    return success();
  }
};

/// gpu.return.
struct ReturnLowering final : OpConversionPattern<gpu::ReturnOp> {
  ReturnLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(gpu::ReturnOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<spirv::ReturnOp>(op);
    return success();
  }
};

spirv::MemorySemantics fenceSemantics() {
  return spirv::MemorySemantics::AcquireRelease |
         spirv::MemorySemantics::WorkgroupMemory |
         spirv::MemorySemantics::UniformMemory;
}

/// gpu.barrier: a work-group barrier with local and global fences.
struct BarrierLowering final : OpConversionPattern<gpu::BarrierOp> {
  BarrierLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(gpu::BarrierOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<spirv::ControlBarrierOp>(
        op, spirv::Scope::Workgroup, spirv::Scope::Workgroup,
        fenceSemantics());
    return success();
  }
};

/// accir.mem_fence: OpMemoryBarrier at Workgroup scope over both memories
/// (Vulkan's storage classes are not the flags' address spaces).
struct MemFenceLowering final : OpConversionPattern<ir::MemFenceOp> {
  MemFenceLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}

  LogicalResult
  matchAndRewrite(ir::MemFenceOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<spirv::MemoryBarrierOp>(
        op, fenceScope(op.getScope()), fenceSemantics());
    return success();
  }
};

/// Calls: the placeholders.
struct CallLowering final : OpConversionPattern<func::CallOp> {
  CallLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}

  LogicalResult
  matchAndRewrite(func::CallOp call, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = call.getLoc();
    auto kind = call->getAttrOfType<StringAttr>(kKindAttr);
    auto kernel = call->getAttrOfType<StringAttr>(kKernelAttr);
    auto ordinal = call->getAttrOfType<IntegerAttr>(kIndexAttr);
    if (!kind || !kernel || !ordinal)
      return rewriter.notifyMatchFailure(call, "not a placeholder");
    const auto &converter = *getTypeConverter<SPIRVTypeConverter>();
    Block &body = moduleBody(call);
    int32_t n = static_cast<int32_t>(ordinal.getInt());
    Type i32 = rewriter.getI32Type();

    if (kind.getValue() == "push" || kind.getValue() == "uniform") {
      bool push = kind.getValue() == "push";
      std::string name = (ACC_RESERVED_SYMBOL_PREFIX + kernel.getValue() +
                          (push ? "_push_constants" : "_scalars"))
                             .str();
      auto var = lookupGlobal(body, name);
      if (!var) {
        auto words = call->getAttrOfType<IntegerAttr>(kWordsAttr);
        auto array = spirv::ArrayType::get(
            VectorType::get({4}, i32),
            static_cast<unsigned>(words.getInt()), 16);
        auto block = spirv::StructType::get({array}, {0});
        auto ptr = spirv::PointerType::get(
            block, push ? spirv::StorageClass::PushConstant
                        : spirv::StorageClass::Uniform);
        OpBuilder::InsertionGuard guard(rewriter);
        setInsertionPointForGlobal(rewriter, body);
        if (push)
          var = spirv::GlobalVariableOp::create(
              rewriter, loc, TypeAttr::get(ptr), rewriter.getStringAttr(name));
        else
          var = spirv::GlobalVariableOp::create(rewriter, loc, ptr, name, 0,
                                                static_cast<unsigned>(n));
      }
      Value base = spirv::AddressOfOp::create(rewriter, loc, var);
      Value zero = spirv::ConstantOp::getZero(i32, loc, rewriter);
      Value elemPtr = spirv::AccessChainOp::create(
          rewriter, loc, base, ValueRange{zero, adaptor.getOperands()[0]});
      Value vec = spirv::LoadOp::create(rewriter, loc, elemPtr);
      rewriter.replaceOpWithNewOp<spirv::VectorExtractDynamicOp>(
          call, vec, adaptor.getOperands()[1]);
      return success();
    }

    auto memrefType = llvm::cast<MemRefType>(call.getResult(0).getType());
    std::string name =
        (ACC_RESERVED_SYMBOL_PREFIX + kernel.getValue() + "_" + kind.getValue() + "_" +
         llvm::Twine(n))
            .str();
    auto var = lookupGlobal(body, name);
    if (!var) {
      if (kind.getValue() == "local")
        getSpecConstant(rewriter, body, loc,
                        (kLocalBytesPrefix + llvm::Twine(n)).str(),
                        static_cast<uint32_t>(n), kDefaultLocalBytes);
      Type type = converter.convertType(memrefType);
      if (!type)
        return rewriter.notifyMatchFailure(call, "unconvertible resource");
      OpBuilder::InsertionGuard guard(rewriter);
      setInsertionPointForGlobal(rewriter, body);
      if (kind.getValue() == "buffer")
        var = spirv::GlobalVariableOp::create(rewriter, loc, type, name, 0,
                                              static_cast<unsigned>(n));
      else
        var = spirv::GlobalVariableOp::create(
            rewriter, loc, TypeAttr::get(type), rewriter.getStringAttr(name));
    }
    rewriter.replaceOpWithNewOp<spirv::AddressOfOp>(call, var);
    return success();
  }
};

/// The private declarations of @__acc_* functions go away with their calls.
struct DeclarationLowering final : OpConversionPattern<func::FuncOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(func::FuncOp fn, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!fn.isDeclaration() || !ir::isReservedSymbol(fn.getName()))
      return rewriter.notifyMatchFailure(fn, "not an acc declaration");
    rewriter.eraseOp(fn);
    return success();
  }
};

/// A program-scope constant: a Function variable stored from the constant
/// array at the start of the kernel.
struct ConstantArrayLowering final : OpConversionPattern<memref::AllocaOp> {
  ConstantArrayLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(memref::AllocaOp alloca, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto init = alloca->getAttrOfType<DenseElementsAttr>(kInitAttr);
    if (!init)
      return failure();
    auto ptrType = llvm::dyn_cast_or_null<spirv::PointerType>(
        getTypeConverter()->convertType(alloca.getType()));
    if (!ptrType)
      return failure();
    auto structType =
        llvm::dyn_cast<spirv::StructType>(ptrType.getPointeeType());
    if (!structType || structType.getNumElements() != 1)
      return failure();
    auto arrayType =
        llvm::dyn_cast<spirv::ArrayType>(structType.getElementType(0));
    if (!arrayType)
      return failure();
    Type elem = arrayType.getElementType();
    SmallVector<Attribute> values;
    for (Attribute a : init.getValues<Attribute>()) {
      if (auto i = llvm::dyn_cast<IntegerAttr>(a))
        a = IntegerAttr::get(elem, i.getValue());
      else if (auto f = llvm::dyn_cast<FloatAttr>(a))
        a = FloatAttr::get(elem, f.getValue());
      else
        return failure();
      values.push_back(a);
    }
    Location loc = alloca.getLoc();
    auto var = spirv::VariableOp::create(rewriter, loc, ptrType,
                                         spirv::StorageClass::Function,
                                         /*initializer=*/nullptr);
    Value zero = spirv::ConstantOp::getZero(rewriter.getI32Type(), loc,
                                            rewriter);
    Value arrayPtr =
        spirv::AccessChainOp::create(rewriter, loc, var, ValueRange{zero});
    Value array = spirv::ConstantOp::create(rewriter, loc, arrayType,
                                            rewriter.getArrayAttr(values));
    spirv::StoreOp::create(rewriter, loc, arrayPtr, array);
    rewriter.replaceOp(alloca, var);
    return success();
  }
};

spirv::Scope scopeOf(MemRefType type) {
  auto sc = llvm::dyn_cast_or_null<spirv::StorageClassAttr>(
      type.getMemorySpace());
  return sc && sc.getValue() == spirv::StorageClass::Workgroup
             ? spirv::Scope::Workgroup
             : spirv::Scope::Device;
}

/// memref.atomic_rmw on integers (relaxed, like OpenCL 1.2's atomics).
struct AtomicRMWLowering final : OpConversionPattern<memref::AtomicRMWOp> {
  AtomicRMWLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(memref::AtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type t = getTypeConverter()->convertType(op.getType());
    if (!t || (!llvm::isa<IntegerType>(t) &&
               op.getKind() != arith::AtomicRMWKind::assign))
      return rewriter.notifyMatchFailure(op, "not an integer atomic");
    MemRefType memrefType = op.getMemRefType();
    Value ptr = spirv::getElementPtr(
        *getTypeConverter<SPIRVTypeConverter>(), memrefType,
        adaptor.getMemref(), adaptor.getIndices(), op.getLoc(), rewriter);
    if (!ptr)
      return failure();
    spirv::Scope scope = scopeOf(memrefType);
    auto sem = spirv::MemorySemantics::None;
    Value v = adaptor.getValue();
    Location loc = op.getLoc();
    Value r;
    switch (op.getKind()) {
    case arith::AtomicRMWKind::addi:
      r = spirv::AtomicIAddOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case arith::AtomicRMWKind::assign:
      r = spirv::AtomicExchangeOp::create(rewriter, loc, t, ptr, scope, sem,
                                          v);
      break;
    case arith::AtomicRMWKind::maxs:
      r = spirv::AtomicSMaxOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case arith::AtomicRMWKind::maxu:
      r = spirv::AtomicUMaxOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case arith::AtomicRMWKind::mins:
      r = spirv::AtomicSMinOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case arith::AtomicRMWKind::minu:
      r = spirv::AtomicUMinOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case arith::AtomicRMWKind::andi:
      r = spirv::AtomicAndOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case arith::AtomicRMWKind::ori:
      r = spirv::AtomicOrOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    case arith::AtomicRMWKind::xori:
      r = spirv::AtomicXorOp::create(rewriter, loc, t, ptr, scope, sem, v);
      break;
    default:
      return rewriter.notifyMatchFailure(op, "unsupported atomic kind");
    }
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// atomic_cmpxchg: memref.generic_atomic_rmw whose body is
/// select(current == cmp, value, current).
struct CmpXchgLowering final
    : OpConversionPattern<memref::GenericAtomicRMWOp> {
  CmpXchgLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(memref::GenericAtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getRegion().front();
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
    Type t = getTypeConverter()->convertType(op.getResult().getType());
    if (!t || !llvm::isa<IntegerType>(t))
      return rewriter.notifyMatchFailure(op, "not an integer atomic");
    MemRefType memrefType = llvm::cast<MemRefType>(op.getMemref().getType());
    Value ptr = spirv::getElementPtr(
        *getTypeConverter<SPIRVTypeConverter>(), memrefType,
        adaptor.getMemref(), adaptor.getIndices(), op.getLoc(), rewriter);
    if (!ptr)
      return failure();
    rewriter.replaceOpWithNewOp<spirv::AtomicCompareExchangeOp>(
        op, t, ptr, scopeOf(memrefType), spirv::MemorySemantics::None,
        spirv::MemorySemantics::None, rewriter.getRemappedValue(value),
        rewriter.getRemappedValue(comparator));
    return success();
  }
};

/// exp2: GLSL.std.450 Exp2 (MLIR's math-to-spirv has no GLSL mapping).
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

/// trunc(x) = x < 0 ? ceil(x) : floor(x) (exact; NaN and -0 stay).
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

/// popcount and clz. Vulkan's OpBitCount takes 32-bit integers only:
/// narrower values are zero-extended, 64-bit ones counted in two halves.
/// clz(x) = popcount(~s), s = x with its highest set bit smeared down.
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
      return spirv::ConstantOp::create(rewriter, loc, type, cast<TypedAttr>(a));
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
      Value wide =
          width == 32 ? x : spirv::UConvertOp::create(rewriter, loc, t32, x);
      count = spirv::BitCountOp::create(rewriter, loc, t32, wide);
    }
    if (width != 32)
      count = spirv::UConvertOp::create(rewriter, loc, t, count);
    rewriter.replaceOp(op, count);
    return success();
  }
};

/// After spirv-update-vce: the version stays 1.3 (the target's, which the
/// pass lowers to the minimum the module needs), and Int64Atomics, which
/// the pass does not derive from 64-bit atomics, is added when used.
void finishVCE(ModuleOp module) {
  for (auto spv : module.getOps<spirv::ModuleOp>()) {
    bool used = false;
    spv.walk([&](Operation *op) {
      if (op->getName().getStringRef().starts_with("spirv.Atomic") &&
          op->getNumResults() == 1 &&
          op->getResult(0).getType().isInteger(64))
        used = true;
    });
    std::optional<spirv::VerCapExtAttr> vce = spv.getVceTriple();
    if (!vce)
      continue;
    SmallVector<spirv::Capability> caps(vce->getCapabilities());
    if (used && !llvm::is_contained(caps, spirv::Capability::Int64Atomics))
      caps.push_back(spirv::Capability::Int64Atomics);
    SmallVector<spirv::Extension> exts(vce->getExtensions());
    spv.setVceTripleAttr(spirv::VerCapExtAttr::get(
        spirv::Version::V_1_3, caps, exts, module.getContext()));
  }
}

LogicalResult convert(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  auto targetEnv = module->getAttrOfType<spirv::TargetEnvAttr>(
      spirv::getTargetEnvAttrName());
  SPIRVConversionOptions options;
  options.use64bitIndex = false;
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
  patterns.add<
      WorkItemOpLowering<gpu::ThreadIdOp, spirv::BuiltIn::LocalInvocationId>,
      WorkItemOpLowering<gpu::BlockIdOp, spirv::BuiltIn::WorkgroupId>,
      WorkItemOpLowering<gpu::GridDimOp, spirv::BuiltIn::NumWorkgroups>,
      WorkItemOpLowering<gpu::GlobalIdOp, spirv::BuiltIn::GlobalInvocationId>,
      BlockDimLowering, KernelLowering, ReturnLowering, BarrierLowering,
      CallLowering, MemFenceLowering, DeclarationLowering, ConstantArrayLowering,
      AtomicRMWLowering, CmpXchgLowering, Exp2Lowering, TruncLowering,
      BitCountLowering<math::CtPopOp>,
      BitCountLowering<math::CountLeadingZerosOp>>(typeConverter, ctx);

  FrozenRewritePatternSet frozen(std::move(patterns));
  SmallVector<gpu::GPUModuleOp> gpuModules(module.getOps<gpu::GPUModuleOp>());
  for (gpu::GPUModuleOp gpuModule : gpuModules)
    if (failed(applyFullConversion(gpuModule, *target, frozen)))
      return failure();
  module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());

  PassManager pm(ctx);
  OpPassManager &spv = pm.nest<spirv::ModuleOp>();
  spv.addPass(createCanonicalizerPass());
  spv.addPass(createCSEPass());
  spv.addPass(spirv::createSPIRVLowerABIAttributesPass());
  spv.addPass(spirv::createSPIRVUpdateVCEPass());
  if (failed(pm.run(module)))
    return failure();
  finishVCE(module);
  return verify(module);
}

//===----------------------------------------------------------------------===//
// Binary edits
//===----------------------------------------------------------------------===//

namespace op {
constexpr uint32_t SourceContinued = 2;
constexpr uint32_t Source = 3;
constexpr uint32_t SourceExtension = 4;
constexpr uint32_t Name = 5;
constexpr uint32_t String = 7;
constexpr uint32_t Extension = 10;
constexpr uint32_t ExtInstImport = 11;
constexpr uint32_t ExtInst = 12;
constexpr uint32_t MemoryModel = 14;
constexpr uint32_t EntryPoint = 15;
constexpr uint32_t ExecutionMode = 16;
constexpr uint32_t Capability = 17;
constexpr uint32_t Function = 54;
constexpr uint32_t FunctionEnd = 56;
constexpr uint32_t FunctionCall = 57;
constexpr uint32_t ExecutionModeId = 331;
constexpr uint32_t TypeInt = 21;
constexpr uint32_t Constant = 43;
constexpr uint32_t SpecConstantOp = 52;
constexpr uint32_t Decorate = 71;
constexpr uint32_t IAdd = 128;
constexpr uint32_t UDiv = 134;
} // namespace op
constexpr uint32_t kDecorationBuiltIn = 11;
constexpr uint32_t kBuiltInWorkgroupSize = 25;

constexpr uint32_t kDebugPrintfInstruction = 1;

/// A literal string operand: UTF-8, NUL-terminated, padded to words.
std::vector<uint32_t> stringWords(StringRef text) {
  std::vector<uint32_t> w((text.size() + 4) / 4, 0);
  std::memcpy(w.data(), text.data(), text.size());
  return w;
}

/// Decorates the work-group size composite with BuiltIn WorkgroupSize,
/// gives each local-argument array its specialised length, and turns calls
/// of the printf placeholders into NonSemantic.DebugPrintf instructions
/// with `printfFormats` (dropping the placeholders' bodies).
bool editBinary(SmallVectorImpl<uint32_t> &words,
                ArrayRef<std::string> printfFormats, std::string &error) {
  if (words.size() < 5) {
    error = "internal error: the spirv-vk module is empty";
    return false;
  }
  struct Inst {
    size_t begin;
    uint32_t opcode;
    uint32_t count;
  };
  std::vector<Inst> insts;
  for (size_t i = 5; i < words.size();) {
    uint32_t count = words[i] >> 16;
    if (count == 0 || i + count > words.size()) {
      error = "internal error: malformed spirv-vk module";
      return false;
    }
    insts.push_back({i, words[i] & 0xFFFF, count});
    i += count;
  }
  std::map<std::string, uint32_t> names;
  std::map<uint32_t, size_t> definedAt;
  uint32_t uintType = 0;
  for (size_t n = 0; n < insts.size(); ++n) {
    const Inst &in = insts[n];
    if (in.opcode == op::Name && in.count > 2) {
      const char *s = reinterpret_cast<const char *>(&words[in.begin + 2]);
      size_t max = (in.count - 2) * 4;
      names[std::string(s, strnlen(s, max))] = words[in.begin + 1];
    }
    if (in.opcode == op::TypeInt && words[in.begin + 2] == 32 && !uintType)
      uintType = words[in.begin + 1];
  }
  for (size_t n = 0; n < insts.size(); ++n) {
    const Inst &in = insts[n];
    if (in.count >= 3 && in.opcode >= 41 && in.opcode <= 52)
      definedAt[words[in.begin + 2]] = n;
  }

  uint32_t bound = words[3];
  // Replacement instruction lists, by instruction index.
  std::map<size_t, std::vector<uint32_t>> replace;
  for (size_t n = 0; n < insts.size(); ++n) {
    const Inst &in = insts[n];
    if (in.opcode != op::Constant || in.count != 4 ||
        words[in.begin + 1] != uintType)
      continue;
    uint32_t value = words[in.begin + 3];
    if (value < kLocalLengthSentinel ||
        value >= kLocalLengthSentinel + 0x10000)
      continue;
    uint32_t local = (value - kLocalLengthSentinel) / 16;
    uint32_t unit = (value - kLocalLengthSentinel) % 16;
    auto it = names.find((kLocalBytesPrefix + llvm::Twine(local)).str());
    if (it == names.end() || !definedAt.count(it->second) ||
        definedAt[it->second] > n || unit == 0) {
      error = "internal error: the spirv-vk local-memory size of local "
              "argument " +
              std::to_string(local) + " is not declared before its use";
      return false;
    }
    uint32_t bytes = it->second;
    uint32_t result = words[in.begin + 2];
    uint32_t minus1 = bound++, unitId = bound++, sum = bound++;
    std::vector<uint32_t> out = {
        (4u << 16) | op::Constant, uintType, minus1, unit - 1,
        (4u << 16) | op::Constant, uintType, unitId, unit,
        (6u << 16) | op::SpecConstantOp, uintType, sum, op::IAdd, bytes,
        minus1,
        (6u << 16) | op::SpecConstantOp, uintType, result, op::UDiv, sum,
        unitId};
    replace[n] = std::move(out);
  }
  // printf placeholders: function id -> format.
  std::map<uint32_t, uint32_t> printfFunctions;
  for (const auto &[name, id] : names) {
    StringRef suffix = StringRef(name);
    unsigned k;
    if (suffix.consume_front(kDebugPrintfPrefix) && !suffix.getAsInteger(10, k)) {
      if (k >= printfFormats.size()) {
        error = "internal error: spirv-vk printf format " + std::to_string(k) +
                " is missing";
        return false;
      }
      printfFunctions[id] = k;
    }
  }
  std::vector<uint32_t> extension, import, strings;
  uint32_t printfSet = 0;
  std::vector<uint32_t> formatIds;
  if (!printfFunctions.empty()) {
    std::vector<uint32_t> ext = stringWords("SPV_KHR_non_semantic_info");
    extension.push_back(uint32_t(1 + ext.size()) << 16 | op::Extension);
    extension.insert(extension.end(), ext.begin(), ext.end());
    printfSet = bound++;
    std::vector<uint32_t> set = stringWords("NonSemantic.DebugPrintf");
    import.push_back(uint32_t(2 + set.size()) << 16 | op::ExtInstImport);
    import.push_back(printfSet);
    import.insert(import.end(), set.begin(), set.end());
    for (const std::string &format : printfFormats) {
      formatIds.push_back(bound++);
      std::vector<uint32_t> text = stringWords(format);
      strings.push_back(uint32_t(2 + text.size()) << 16 | op::String);
      strings.push_back(formatIds.back());
      strings.insert(strings.end(), text.begin(), text.end());
    }
  }
  // Where the new instructions go, by section: the first instruction of a
  // later section.
  auto after = [](uint32_t opcode, std::initializer_list<uint32_t> section) {
    return llvm::is_contained(section, opcode);
  };

  std::vector<uint32_t> decoration;
  if (auto it = names.find(kWorkGroupSizeName.str()); it != names.end())
    decoration = {(4u << 16) | op::Decorate, it->second, kDecorationBuiltIn,
                  kBuiltInWorkgroupSize};

  SmallVector<uint32_t, 0> out(words.begin(), words.begin() + 5);
  bool decorated = decoration.empty();
  bool skipping = false; // inside a printf placeholder's body
  for (size_t n = 0; n < insts.size(); ++n) {
    const Inst &in = insts[n];
    if (!extension.empty() &&
        !after(in.opcode, {op::Capability, op::Extension})) {
      out.append(extension.begin(), extension.end());
      extension.clear();
    }
    if (!import.empty() &&
        !after(in.opcode, {op::Capability, op::Extension, op::ExtInstImport})) {
      out.append(import.begin(), import.end());
      import.clear();
    }
    if (!strings.empty() &&
        !after(in.opcode,
               {op::Capability, op::Extension, op::ExtInstImport,
                op::MemoryModel, op::EntryPoint, op::ExecutionMode,
                op::ExecutionModeId, op::String, op::Source,
                op::SourceExtension, op::SourceContinued})) {
      out.append(strings.begin(), strings.end());
      strings.clear();
    }
    if (!decorated && in.opcode == op::Decorate) {
      out.append(decoration.begin(), decoration.end());
      decorated = true;
    }
    if (!printfFunctions.empty()) {
      if (in.opcode == op::Function &&
          printfFunctions.count(words[in.begin + 2]))
        skipping = true;
      if (skipping) {
        skipping = in.opcode != op::FunctionEnd;
        continue;
      }
      if (in.opcode == op::Name && printfFunctions.count(words[in.begin + 1]))
        continue;
      if (in.opcode == op::FunctionCall) {
        auto it = printfFunctions.find(words[in.begin + 3]);
        if (it != printfFunctions.end()) {
          out.push_back((in.count + 2) << 16 | op::ExtInst);
          out.push_back(words[in.begin + 1]); // void
          out.push_back(words[in.begin + 2]); // result
          out.push_back(printfSet);
          out.push_back(kDebugPrintfInstruction);
          out.push_back(formatIds[it->second]);
          out.append(words.begin() + in.begin + 4,
                     words.begin() + in.begin + in.count);
          continue;
        }
      }
    }
    if (auto it = replace.find(n); it != replace.end())
      out.append(it->second.begin(), it->second.end());
    else
      out.append(words.begin() + in.begin,
                 words.begin() + in.begin + in.count);
  }
  if (!decorated) {
    error = "internal error: no place for the WorkgroupSize decoration";
    return false;
  }
  out[3] = bound;
  words.assign(out.begin(), out.end());
  return true;
}

} // namespace

bool lowerToSPIRVVK(ModuleOp portable, OwningOpRef<ModuleOp> &lowered,
                    std::string &error) {
  MLIRContext *ctx = portable.getContext();
  ctx->getOrLoadDialect<spirv::SPIRVDialect>();
  ctx->getOrLoadDialect<scf::SCFDialect>();
  ctx->getOrLoadDialect<ub::UBDialect>();
  ctx->getOrLoadDialect<vector::VectorDialect>();
  SPIRVTarget target;
  target.name = kTarget;
  target.prepare = [&](ModuleOp module, std::string &err) {
    ScopedDiagnosticHandler quiet(ctx, [](Diagnostic &) { return success(); });
    return prepare(module, err);
  };
  target.convert = convert;
  return lowerToSPIRV(portable, target, lowered, error);
}

bool emitSPIRVVK(ModuleOp portable, std::vector<uint8_t> &binary,
                 std::string &error) {
  if (ir::getKernels(portable).empty()) {
    error = "the spirv-vk target needs at least one kernel: a SPIR-V module "
            "for Vulkan without an entry point is not valid";
    return false;
  }
  OwningOpRef<ModuleOp> lowered;
  SmallVector<uint32_t, 0> words;
  if (!lowerToSPIRVVK(portable, lowered, error) ||
      !serializeSPIRV(*lowered, kTarget, words, error))
    return false;
  std::vector<std::string> printfFormats;
  if (auto formats = lowered->getOperation()->getAttrOfType<ArrayAttr>(
          kPrintfFormatsAttr))
    for (Attribute format : formats)
      printfFormats.push_back(llvm::cast<StringAttr>(format).str());
  if (!editBinary(words, printfFormats, error))
    return false;
  const auto *bytes = reinterpret_cast<const uint8_t *>(words.data());
  binary.assign(bytes, bytes + words.size() * sizeof(uint32_t));
  return true;
}

bool compileSPIRVVK(ModuleOp portable, std::vector<bundle::CodeObject> &out,
                    std::string &error) {
  return appendSPIRVCodeObject(
      ACC_TARGET_SPIRV_VK, kSPIRVVKArch, portable,
      [&](std::vector<uint8_t> &data, std::string &err) {
        return emitSPIRVVK(portable, data, err);
      },
      out, error);
}

} // namespace acc
