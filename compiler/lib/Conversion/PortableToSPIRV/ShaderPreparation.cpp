//===- ShaderPreparation.cpp - The Shader flavour of SPIR-V ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Stage 1 of the Shader flavour: SPIR-V 1.3 (Vulkan 1.1) with the Shader
// capability, logical addressing and the GLSL450 memory model; one
// GLCompute entry point per kernel (the spirv-vk target). The Vulkan
// plugin follows the interface described here (and in
// docs/bundle-format.md, "spirv-vk").
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
//   launch words        launch convention 1's 80 bytes (acc_launch_words_t)
//                       in the push-constant block after the scalar block;
//                       the kernel reads the low half of 64-bit fields
//                       (`--lower-launch-convention` computes every
//                       work-item query from them and the native ids)
//
// The push-constant block is `struct { uvec4 w[N]; }`: the scalar block
// rounded up to 16 bytes, then the 80 launch bytes (rounded up to 16;
// acc_launch_vk_plan_for(ACC_LAUNCH_ABI_1, ...)). When that exceeds 128
// bytes (Vulkan's guaranteed maxPushConstantsSize), the scalar block moves
// to a uniform buffer, `struct { uvec4 w[M]; }` at descriptor set 0,
// binding = number of buffer arguments, and the push-constant block holds
// only the launch words (at offset 0). An 8-, 16- or 64-bit scalar is
// assembled from the 32-bit words that hold it, so no 8/16-bit push-constant
// capability is needed.
//
// Preparation, on a clone of the portable IR: arguments are replaced by
// placeholder calls (@__acc_vk_*) that ShaderPatterns.cpp turns into the
// resources above; scalars are assembled from block words; program-scope
// constants become initialised Function arrays; pointers that choose
// between buffers become a branch per candidate; memrefs get a storage
// class; the unstructured cf graph is lifted to scf (transformCFGToSCF),
// scf.index_switch becomes nested scf.if. After serialisation,
// lib/Target/SPIRV edits in what MLIR's SPIR-V dialect cannot express: the
// BuiltIn WorkgroupSize decoration of a spec-constant composite, array
// lengths given by OpSpecConstantOp (local arguments), DebugPrintf.
//
//===----------------------------------------------------------------------===//

#include "PortableToSPIRVImpl.h"

#include "acc/Conversion/ExpandFloatRounding.h"
#include "acc/Conversion/ExpandMath.h"
#include "acc/Conversion/Passes.h"
#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Transforms/PortableTransforms.h"
#include "acc/acc_launch.h"

#include "mlir/Conversion/ControlFlowToSCF/ControlFlowToSCF.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/CFGToSCF.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <map>

using namespace mlir;

namespace acc::tospirv {
namespace {

std::string kernelError(SPIRVFlavour flavour, StringRef kernel,
                        const llvm::Twine &what,
                        std::optional<Location> loc = std::nullopt) {
  return spirvKernelError(spirvTargetName(flavour), kernel, what,
                          loc);
}

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

/// The layout of acc/acc_launch.h, which the vulkan and gles plugins read
/// too. GLES has no push constants: its one uniform block (binding 0) holds
/// the scalar block and then the launch words, laid out as Vulkan's
/// push-constant block would be (acc_launch_gles_word_offset).
BlockPlan planBlocks(const bundle::KernelLayout &layout, SPIRVFlavour flavour) {
  if (flavour == SPIRVFlavour::GLES) {
    BlockPlan plan;
    plan.scalarsInPushConstants = true;
    plan.launchOffset = acc_launch_gles_word_offset(layout.scalarBlockSize);
    plan.pushVec4s = (plan.launchOffset + ACC_LAUNCH_WORDS_BYTES) / 16;
    return plan;
  }
  acc_launch_vk_plan_t shared = acc_launch_vk_plan_for(
      ACC_LAUNCH_ABI_1, layout.scalarBlockSize, layout.bufferCount);
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
    std::string name = (kPlaceholderPrefix + kernel.getName() +
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

  /// A field of the launch words, as an index: all of a 32-bit field, the
  /// low half of a 64-bit one (ids are 32-bit here; a device that reports
  /// global_id_bits = 32 makes the runtime refuse larger launches).
  Value launchWord(ir::LaunchField field, ir::Dimension dim) {
    Value w = word(
        index(plan.launchOffset + ir::launchFieldOffset(field, dim)), true);
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), w);
  }

  /// A placeholder call for a memory resource.
  Value resource(StringRef kind, int32_t ordinal, MemRefType type) {
    std::string name = (kPlaceholderPrefix + kernel.getName() + "_" + kind + "_" +
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
bool checkExpressible(gpu::GPUFuncOp kernel, SPIRVFlavour flavour,
                      std::string &error) {
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
        error = kernelError(flavour, name,
                            "8- and 16-element vectors yet (Vulkan SPIR-V "
                            "vectors have at most 4 components)",
                            op->getLoc());
        return WalkResult::interrupt();
      }
    if (isFloat32OnlyMath(op) && op->getNumResults() == 1 &&
        getElementTypeOrSelf(op->getResult(0).getType()).isF64()) {
      error = kernelError(flavour, name,
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
      error = kernelError(flavour, name, "a pointer that chooses between buffers here",
                          op->getLoc());
      return WalkResult::interrupt();
    }
    if (auto builtin = dyn_cast<ir::BuiltinOp>(op)) {
      error = kernelError(flavour, name,
                          "'" + ir::stringifyBuiltin(builtin.getBuiltin()) +
                              "' (no GLSL.std.450 equivalent)",
                          builtin.getLoc());
      return WalkResult::interrupt();
    }
    if (auto call = dyn_cast<func::CallOp>(op)) {
      error = kernelError(flavour, name, "a call to '" + call.getCallee() + "'",
                          call.getLoc());
      return WalkResult::interrupt();
    }
    if (auto rmw = dyn_cast<memref::AtomicRMWOp>(op)) {
      if (!llvm::isa<IntegerType>(rmw.getValue().getType()) &&
          rmw.getKind() != arith::AtomicRMWKind::assign) {
        error = kernelError(flavour, name,
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
                   SPIRVFlavour flavour, std::string &error) {
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
    error = kernelError(flavour, name, wide + " (Vulkan SPIR-V vectors have at most 4 "
                                     "components)");
    return false;
  }
  chooseAccesses(kernel);
  if (!checkExpressible(kernel, flavour, error))
    return false;
  bundle::KernelLayout layout;
  if (!bundle::computeLayout(info.args, layout, error))
    return false;
  BlockPlan plan = planBlocks(layout, flavour);
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
          error = kernelError(flavour, name,
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
          {static_cast<int64_t>(kSPIRVLocalLengthSentinel) + binding * 16 +
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
    if (isa<ir::LaunchWordOp, memref::GetGlobalOp>(op))
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
        error = kernelError(flavour, name, "a program-scope variable", op->getLoc());
        return false;
      }
      auto alloca = memref::AllocaOp::create(b, get.getLoc(), get.getType());
      alloca->setAttr(kInitAttr, init);
      get.getResult().replaceAllUsesWith(alloca.getResult());
      get.erase();
      continue;
    }
    // A field of the launch words, from the push-constant block.
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(op);
    auto word = cast<ir::LaunchWordOp>(op);
    word.getResult().replaceAllUsesWith(
        p.launchWord(word.getField(), word.getDimension()));
    word.erase();
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
        (kSPIRVDebugPrintfPrefix + llvm::Twine(formats.size())).str();
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

} // namespace

/// arith.mulsi_extended as mului_extended with the high word corrected
/// for negative factors (hi -= b if a < 0, hi -= a if b < 0). SPIRV-Cross
/// writes OpSMulExtended of 32-bit words as imulExtended on uint, which
/// GLSL ES refuses.
void unsignedMulExtended(ModuleOp module) {
  SmallVector<arith::MulSIExtendedOp> ops;
  module.walk([&](arith::MulSIExtendedOp op) { ops.push_back(op); });
  for (arith::MulSIExtendedOp op : ops) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value x = op.getLhs(), y = op.getRhs();
    auto wide = arith::MulUIExtendedOp::create(b, loc, x, y);
    Value zero = arith::ConstantOp::create(
        b, loc, b.getZeroAttr(x.getType()));
    auto negative = [&](Value v) {
      return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, zero);
    };
    Value hi = wide.getHigh();
    hi = arith::SubIOp::create(
        b, loc, hi, arith::SelectOp::create(b, loc, negative(x), y, zero));
    hi = arith::SubIOp::create(
        b, loc, hi, arith::SelectOp::create(b, loc, negative(y), x, zero));
    op.getLow().replaceAllUsesWith(wide.getLow());
    op.getHigh().replaceAllUsesWith(hi);
    op.erase();
  }
}

/// Signed atomic min and max as a compare-exchange loop. SPIRV-Cross
/// writes OpAtomicSMin/SMax on 32-bit words as atomicMin/Max on uint (the
/// SPIR-V types are signless), which GLSL computes unsigned.
void signedAtomicsAsCAS(ModuleOp module) {
  SmallVector<memref::AtomicRMWOp> ops;
  module.walk([&](memref::AtomicRMWOp op) {
    if (op.getKind() == arith::AtomicRMWKind::mins ||
        op.getKind() == arith::AtomicRMWKind::maxs)
      ops.push_back(op);
  });
  for (memref::AtomicRMWOp op : ops) {
    Location loc = op.getLoc();
    bool min = op.getKind() == arith::AtomicRMWKind::mins;
    Value memref = op.getMemref(), value = op.getValue();
    SmallVector<Value> indices(op.getIndices());
    Type t = op.getType();
    OpBuilder b(op);
    Block *before = op->getBlock();
    Block *after = before->splitBlock(op->getIterator());
    Value result = after->addArgument(t, loc);
    Block *loop = b.createBlock(after, {t}, {loc});
    // A plain load guesses the current value; the exchange checks it.
    b.setInsertionPointToEnd(before);
    Value guess = memref::LoadOp::create(b, loc, memref, indices);
    cf::BranchOp::create(b, loc, loop, ValueRange{guess});
    b.setInsertionPointToEnd(loop);
    Value old = loop->getArgument(0);
    Value wanted = min ? (Value)arith::MinSIOp::create(b, loc, old, value)
                       : (Value)arith::MaxSIOp::create(b, loc, old, value);
    auto cas = memref::GenericAtomicRMWOp::create(b, loc, memref, indices);
    {
      OpBuilder::InsertionGuard guard(b);
      Block &body = cas.getRegion().front();
      b.setInsertionPointToEnd(&body);
      Value current = body.getArgument(0);
      Value same = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         current, old);
      memref::AtomicYieldOp::create(
          b, loc, arith::SelectOp::create(b, loc, same, wanted, current));
    }
    Value done = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                       cas.getResult(), old);
    cf::CondBranchOp::create(b, loc, done, after, ValueRange{cas.getResult()},
                             loop, ValueRange{cas.getResult()});
    op.getResult().replaceAllUsesWith(result);
    op.erase();
  }
}

/// Ordered not-equal and unordered equal from ordered less and greater:
/// SPIRV-Cross writes them as `!=` and `==`, whose results GLSL leaves
/// undefined for NaN (llvmpipe gives IEEE's, the opposite of these).
void explicitNaNCompares(ModuleOp module) {
  SmallVector<arith::CmpFOp> ops;
  module.walk([&](arith::CmpFOp op) {
    if (op.getPredicate() == arith::CmpFPredicate::ONE ||
        op.getPredicate() == arith::CmpFPredicate::UEQ)
      ops.push_back(op);
  });
  for (arith::CmpFOp op : ops) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value lt = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                     op.getLhs(), op.getRhs());
    Value gt = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                     op.getLhs(), op.getRhs());
    Value either = arith::OrIOp::create(b, loc, lt, gt);
    if (op.getPredicate() == arith::CmpFPredicate::UEQ) {
      Value ones = arith::ConstantOp::create(
          b, loc, b.getOneAttr(either.getType()));
      either = arith::XOrIOp::create(b, loc, either, ones);
    }
    op.getResult().replaceAllUsesWith(either);
    op.erase();
  }
}

bool prepareShaderFlavour(ModuleOp module, SPIRVFlavour flavour,
                          std::string &error) {
  MLIRContext *ctx = module.getContext();
  // GLSL ES has no 64-bit integers: size_t is computed in 32 bits.
  if (flavour == SPIRVFlavour::GLES) {
    for (gpu::GPUFuncOp kernel : ir::getKernels(module))
      if (!narrowSizeT(kernel, spirvTargetName(flavour), error))
        return false;
    unsignedMulExtended(module);
    signedAtomicsAsCAS(module);
  }
  std::vector<std::string> formats;
  // Vulkan allows only RTE and RTZ rounding decorations on conversions:
  // directed roundings are computed instead (vstore_half_rtp, ...). Mesa
  // converts double to half through float: split it so it rounds once.
  splitDoubleToHalf(module);
  expandFloatRounding(module);
  // GLSL.std.450 has no sinpi, tgamma, erf, ..., its exp, log, sin, ...
  // take 16- and 32-bit floats only, and their precision on float is
  // Vulkan's (exp within 3 + 2|x| ulp, sin within 2^-11 absolute, asinh
  // unspecified), not OpenCL's: those are computed from arithmetic.
  // Vulkan lets Fma round twice (Mesa's does) and computes OpFRem in
  // floating point: fma and fmod are computed exactly.
  MathExpansion missing;
  missing.libraryCalls = missing.missingFloatOps =
      missing.float64Transcendentals = missing.float32Transcendentals =
          missing.exactFma = missing.exactRemainder = true;
  expandMath(module, missing);
  if (flavour == SPIRVFlavour::GLES)
    explicitNaNCompares(module);
  // Launch convention 1: the work-item queries in terms of Vulkan's native
  // ids and the launch words, which preparation reads from push constants.
  {
    PassManager pm(ctx);
    pm.addPass(createLowerLaunchConventionPass());
    if (failed(pm.run(module))) {
      error = "internal error: lowering the launch convention for the "
              "spirv-vk target failed";
      return false;
    }
  }
  for (auto gpuModule : module.getOps<gpu::GPUModuleOp>()) {
    SmallVector<gpu::GPUFuncOp> funcs(gpuModule.getOps<gpu::GPUFuncOp>());
    for (gpu::GPUFuncOp kernel : funcs) {
      if (kernel.isKernel() &&
          !prepareKernel(gpuModule, kernel, flavour, error))
        return false;
    }
    for (auto global :
         llvm::make_early_inc_range(gpuModule.getOps<memref::GlobalOp>()))
      global.erase();
    rewritePrintf(gpuModule, formats);
  }
  if (!formats.empty()) {
    SmallVector<StringRef> refs(formats.begin(), formats.end());
    module->setAttr(kSPIRVPrintfFormatsAttr, OpBuilder(ctx).getStrArrayAttr(refs));
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
        error = kernelError(flavour, kernel.getName(),
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
  module->setAttr(spirv::getTargetEnvAttrName(),
                  getSPIRVTargetEnv(ctx, flavour));

  PassManager pm2(ctx);
  pm2.addPass(createCanonicalizerPass());
  pm2.addPass(createCSEPass());
  if (failed(pm2.run(module))) {
    error = "internal error: canonicalisation for the spirv-vk target failed";
    return false;
  }
  return true;
}

} // namespace acc::tospirv
