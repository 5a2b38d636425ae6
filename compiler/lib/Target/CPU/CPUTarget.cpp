//===- CPUTarget.cpp - Portable kernel IR to CPU code objects -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Stages:
//   1. -convert-gpu-to-cpu: each kernel becomes a per-work-item func.func.
//   2. Standard MLIR lowering to the LLVM dialect (scf, arith, math, memref,
//      cf, func), then translation to LLVM IR.
//   3. In LLVM IR, the work-group function of acc/acc_cpu_abi.h: it loads the
//      arguments and the group description once and loops over the
//      work-items (x innermost), calling the always-inlined item function.
//      A kernel with `local` arrays or barriers also gets its work-group
//      memory (stack or heap) and, with barriers, one such loop per state
//      of its resumable item function, run until the state is -1 (see
//      GPUToCPU.cpp).
//   4. LLVM's -O pipeline for the family's CPU, object emission, and ld.lld
//      to turn the object into a shared object the cpu plugin can dlopen.
//
//===----------------------------------------------------------------------===//

#include "acc/Target/Targets.h"

#include "CPUBuiltins.h"
#include "WorkItemLoopVersioning.h"

#include "acc/Conversion/ExpandFloatRounding.h"
#include "acc/Conversion/ExpandHalfStorage.h"
#include "acc/Conversion/ExpandMath.h"
#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Conversion/Passes.h"
#include "acc/acc_cpu_abi.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"

#ifndef ACC_LLVM_TOOLS_DIR
#define ACC_LLVM_TOOLS_DIR ""
#endif

using namespace mlir;

namespace acc {

std::vector<CPUFamily> availableCPUFamilies() {
  static bool initialised = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialised;
  std::vector<CPUFamily> families;
  // x86-64: one code object per instruction-set level, the most capable
  // first (the runtime offers them in order; the plugin refuses a level
  // the CPU lacks).
  const CPUFamily all[] = {
      {ACC_TARGET_CPU_X86_64, "x86_64-unknown-linux-gnu", "x86-64-v4",
       "x86-64-v4", "elf_x86_64", "512"},
      {ACC_TARGET_CPU_X86_64, "x86_64-unknown-linux-gnu", "x86-64-v3",
       "x86-64-v3", "elf_x86_64"},
      {ACC_TARGET_CPU_X86_64, "x86_64-unknown-linux-gnu", "x86-64-v2",
       "x86-64-v2", "elf_x86_64"},
      {ACC_TARGET_CPU_AARCH64, "aarch64-unknown-linux-gnu", "generic", "aarch64",
       "aarch64linux"},
  };
  for (const CPUFamily &f : all) {
    std::string err;
    if (llvm::TargetRegistry::lookupTarget(llvm::Triple(f.triple), err))
      families.push_back(f);
  }
  return families;
}

LogicalResult lowerCPUToLLVMDialect(ModuleOp module,
                                    const CPUPipelineOptions &options) {
  if (options.softMath) {
    MathExpansion all;
    all.libraryCalls = all.missingFloatOps = all.float64Transcendentals =
        all.float32Transcendentals = all.exactFma = all.exactRemainder = true;
    expandMath(module, all);
    // half storage as the spirv-cl target moves it, in integer bits.
    for (gpu::GPUFuncOp kernel : ir::getKernels(module)) {
      std::string error;
      if (!expandHalfStorage(kernel, error))
        return kernel.emitError() << error;
    }
  }
  // Before arith reaches LLVM, whose constrained intrinsics would drop it.
  expandFloatRounding(module);
  PassManager pm(module.getContext());
  pm.addPass(createLowerBuiltinsForCPUPass());
  pm.addPass(createConvertGPUToCPUPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  return pm.run(module);
}

namespace {

/// Work-group memory up to this size lives on the stack of the thread that
/// runs the group; more comes from the heap (malloc, once per group). Pool
/// threads have the default stack of several MiB.
constexpr uint64_t kGroupMemoryStackLimit = 128 * 1024;

/// Reads and erases the frame constant of `kernel` (see acc/Conversion/
/// Passes.h): {local bytes, spill bytes per work-item, barriers}.
bool takeFrame(llvm::Module &m, const std::string &kernel, uint64_t frame[5],
               bool &found, std::string &error) {
  found = false;
  llvm::GlobalVariable *g =
      m.getGlobalVariable(std::string(kCPUFramePrefix) + kernel, true);
  if (!g)
    return true;
  auto *init =
      llvm::dyn_cast_or_null<llvm::ConstantDataArray>(g->getInitializer());
  if (!init || init->getNumElements() != 5 || !g->use_empty()) {
    error = "internal error: bad frame constant for kernel '" + kernel + "'";
    return false;
  }
  for (unsigned i = 0; i < 5; ++i)
    frame[i] = init->getElementAsInteger(i);
  g->eraseFromParent();
  found = true;
  return true;
}

/// Builds the work-group function `__acc_kernel_<name>` around the item
/// function `__acc_item_<name>`.
bool buildWorkGroupFunction(llvm::Module &m, const bundle::KernelInfo &kernel,
                            const CPUFamily &family, std::string &error) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Function *item = m.getFunction(std::string(kCPUItemPrefix) + kernel.name);
  if (!item) {
    error = "internal error: no item function for kernel '" + kernel.name + "'";
    return false;
  }
  item->setLinkage(llvm::GlobalValue::InternalLinkage);
  item->addFnAttr(llvm::Attribute::AlwaysInline);

  // Kernels with `local` arrays or barriers: work-group memory and states.
  uint64_t frame[5] = {0, 0, 0, 0, 0};
  bool hasFrame = false;
  if (!takeFrame(m, kernel.name, frame, hasFrame, error))
    return false;
  const uint64_t localBytes = frame[0], spillBytes = frame[1];
  const unsigned barriers = static_cast<unsigned>(frame[2]);
  // Bytes of one copy of the uniform slots (GPUToCPU.cpp).
  const uint64_t uniformBytes = frame[3];
  // Work-items may finish (return) while others go on to a barrier: the
  // kernel's barriers are implicit ones behind a divergent early return.
  const bool mayFinishEarly = frame[4] != 0;

  llvm::Type *ptrTy = llvm::PointerType::get(ctx, 0);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  auto *fnTy = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
                                       {ptrTy, ptrTy}, false);
  auto *wg = llvm::Function::Create(
      fnTy, llvm::GlobalValue::ExternalLinkage,
      ACC_CPU_KERNEL_SYMBOL_PREFIX + kernel.name, m);
  wg->setVisibility(llvm::GlobalValue::DefaultVisibility);
  for (unsigned i = 0; i < 2; ++i) {
    wg->addParamAttr(i, llvm::Attribute::NoAlias);
    wg->addParamAttr(i, llvm::Attribute::getWithCaptureInfo(
                                ctx, llvm::CaptureInfo::none()));
    wg->addParamAttr(i, llvm::Attribute::ReadOnly);
  }
  wg->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::Value *group = wg->getArg(0);
  llvm::Value *args = wg->getArg(1);

  auto *entry = llvm::BasicBlock::Create(ctx, "entry", wg);
  llvm::IRBuilder<> b(entry);

  // Kernel arguments, in the item function's expanded form: a memref
  // argument is (allocated ptr, aligned ptr, offset, size, stride).
  llvm::SmallVector<llvm::Value *, 32> callArgs;
  unsigned param = 0;
  for (auto [i, arg] : llvm::enumerate(kernel.args)) {
    llvm::Value *slot = b.CreateLoad(
        ptrTy, b.CreateConstInBoundsGEP1_64(ptrTy, args, i), "arg" + std::to_string(i));
    if (arg.kind == ACC_ARG_KIND_BUFFER || arg.kind == ACC_ARG_KIND_LOCAL) {
      llvm::Value *p = b.CreateLoad(ptrTy, slot, arg.name);
      callArgs.append({p, p, b.getInt64(0), b.getInt64(INT64_MAX), b.getInt64(1)});
      param += 5;
    } else if (param < item->arg_size() &&
               item->getArg(param)->getType()->isPointerTy()) {
      // A struct passed by value: its memref views the argument's bytes.
      callArgs.append({slot, slot, b.getInt64(0), b.getInt64(INT64_MAX),
                       b.getInt64(1)});
      param += 5;
    } else {
      if (param >= item->arg_size()) {
        error = "internal error: argument mismatch for kernel '" + kernel.name + "'";
        return false;
      }
      callArgs.push_back(
          b.CreateLoad(item->getArg(param)->getType(), slot, arg.name));
      param += 1;
    }
  }
  unsigned trailing = (hasFrame ? 5 : 0) + (barriers ? 5 + 1 : 0);
  if (param + kItemArgCount + trailing != item->arg_size() ||
      item->getReturnType()->isVoidTy() != (barriers == 0)) {
    error = "internal error: item function of kernel '" + kernel.name +
            "' has an unexpected signature (" + std::to_string(param) + " + " +
            std::to_string(trailing) + " of " +
            std::to_string(item->arg_size()) + ")";
    return false;
  }
  // A kernel that reads its y id is usually launched with 2-D work-groups
  // of a few work-items across (16 x 16, 32 x 8): wider vectors then mean
  // fewer iterations, and fewer run-time checks, per row. A 1-D kernel
  // runs long rows, which stream faster with the CPU's own preference
  // (x86-64-v4's 256 bits: triad lost 8 % with 512 on a Xeon).
  const bool usesY =
      !item->getArg(param + kItemLocalId + 1)->use_empty() ||
      !item->getArg(param + kItemGroupId + 1)->use_empty();
  if (usesY && family.preferVectorWidth)
    wg->addFnAttr("prefer-vector-width", family.preferVectorWidth);

  auto field = [&](unsigned offset, unsigned dim, const char *name) {
    llvm::Value *p = b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), group,
                                                  offset + 8 * dim);
    return b.CreateLoad(i64, p, name);
  };
  llvm::Value *groupId[3], *localSize[3], *numGroups[3], *offset[3],
      *globalSize[3], *enqueued[3];
  // A kernel with reqd_work_group_size whose groups are all full (it has
  // barriers, so the runtime and the plugin require the local size to
  // divide the range) has constant loop bounds: the loops over its
  // work-items get exact trip counts, which LLVM vectorises and unrolls
  // without remainder loops or run-time checks.
  const bool constantGroup =
      kernel.requiredLocalSize[0] != 0 &&
      (kernel.flags & ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS);
  for (unsigned d = 0; d < 3; ++d) {
    groupId[d] = field(ACC_CPU_WG_OFFSET_GROUP_ID, d, "group_id");
    localSize[d] =
        constantGroup
            ? static_cast<llvm::Value *>(b.getInt64(
                  std::max<uint32_t>(1, kernel.requiredLocalSize[d])))
            : field(ACC_CPU_WG_OFFSET_LOCAL_SIZE, d, "local_size");
    numGroups[d] = field(ACC_CPU_WG_OFFSET_NUM_GROUPS, d, "num_groups");
    offset[d] = field(ACC_CPU_WG_OFFSET_GLOBAL_OFFSET, d, "global_offset");
    globalSize[d] = field(ACC_CPU_WG_OFFSET_GLOBAL_SIZE, d, "global_size");
    enqueued[d] = field(ACC_CPU_WG_OFFSET_ENQUEUED_LOCAL_SIZE, d, "enqueued");
  }
  llvm::Value *workDim = b.CreateZExt(
      b.CreateLoad(b.getInt32Ty(), group, "work_dim"), i64);

  // Work-group memory: local bytes + spill bytes * work-items, aligned. On
  // the stack when it fits, else on the heap (freed on return).
  llvm::Value *groupMemory = nullptr, *heapBlock = nullptr;
  llvm::FunctionCallee freeFn;
  if (hasFrame) {
    const llvm::Align align(kCPUGroupMemoryAlignment);
    llvm::Value *bytes = b.getInt64(localBytes);
    if (spillBytes != 0) {
      llvm::Value *items = b.CreateNUWMul(
          localSize[0], b.CreateNUWMul(localSize[1], localSize[2]), "items");
      bytes = b.CreateNUWAdd(
          bytes, b.CreateNUWMul(items, b.getInt64(spillBytes)), "group_bytes");
    }
    if (spillBytes == 0 && localBytes <= kGroupMemoryStackLimit) {
      auto *a = b.CreateAlloca(b.getInt8Ty(), b.getInt64(localBytes),
                               "group_memory");
      a->setAlignment(align);
      groupMemory = a;
    } else {
      // malloc and free come from the C library, which is always loaded.
      llvm::FunctionCallee mallocFn = m.getOrInsertFunction(
          "malloc", llvm::FunctionType::get(ptrTy, {i64}, false));
      freeFn = m.getOrInsertFunction(
          "free", llvm::FunctionType::get(b.getVoidTy(), {ptrTy}, false));
      llvm::Value *onHeap =
          b.CreateICmpUGT(bytes, b.getInt64(kGroupMemoryStackLimit), "on_heap");
      auto *stack = b.CreateAlloca(
          b.getInt8Ty(), b.CreateSelect(onHeap, b.getInt64(0), bytes),
          "group_stack");
      stack->setAlignment(align);
      auto *heapBB = llvm::BasicBlock::Create(ctx, "group_heap", wg);
      auto *trapBB = llvm::BasicBlock::Create(ctx, "group_oom", wg);
      auto *gotBB = llvm::BasicBlock::Create(ctx, "group_memory", wg);
      b.CreateCondBr(onHeap, heapBB, gotBB);
      b.SetInsertPoint(heapBB);
      llvm::Value *raw = b.CreateCall(
          mallocFn, {b.CreateAdd(bytes, b.getInt64(align.value() - 1))});
      b.CreateCondBr(b.CreateIsNull(raw), trapBB, gotBB);
      b.SetInsertPoint(trapBB);
      // No way to report an error from here: out of memory is fatal.
      b.CreateCall(llvm::Intrinsic::getOrInsertDeclaration(&m, llvm::Intrinsic::trap));
      b.CreateUnreachable();
      b.SetInsertPoint(heapBB, heapBB->getTerminator()->getIterator());
      llvm::Value *rawInt = b.CreatePtrToInt(raw, i64);
      llvm::Value *alignedInt = b.CreateAnd(
          b.CreateAdd(rawInt, b.getInt64(align.value() - 1)),
          b.getInt64(~(align.value() - 1)));
      llvm::Value *aligned = b.CreateGEP(b.getInt8Ty(), raw,
                                         b.CreateSub(alignedInt, rawInt));
      b.SetInsertPoint(gotBB);
      auto *mem = b.CreatePHI(ptrTy, 2, "group_memory");
      mem->addIncoming(stack, entry);
      mem->addIncoming(aligned, heapBB);
      auto *blk = b.CreatePHI(ptrTy, 2, "group_heap_block");
      blk->addIncoming(llvm::ConstantPointerNull::get(
                           llvm::cast<llvm::PointerType>(ptrTy)),
                       entry);
      blk->addIncoming(raw, heapBB);
      groupMemory = mem;
      heapBlock = blk;
    }
    callArgs.append({groupMemory, groupMemory, b.getInt64(0), bytes,
                     b.getInt64(1)});
  }
  // The uniform slots of a kernel with barriers: two copies of U bytes, in
  // an allocation of their own (GPUToCPU.cpp).
  llvm::Value *uniformSlots = nullptr;
  if (barriers != 0) {
    llvm::IRBuilder<> atEntry(entry, entry->begin());
    auto *a = atEntry.CreateAlloca(
        b.getInt8Ty(), b.getInt64(std::max<uint64_t>(1, 2 * uniformBytes)),
        "uniform_slots");
    a->setAlignment(llvm::Align(16));
    uniformSlots = a;
  }

  // Loops z, y, x (x innermost, so consecutive work-items touch consecutive
  // elements and LLVM's loop vectoriser sees unit strides). Local sizes are
  // at least 1, so each loop is a do-while. Returns the last call's result.
  // Work-items that finished early (mayFinishEarly): a flag per work-item,
  // whether any has, and the group's next state, the largest any work-item
  // returned (finished ones return -1).
  llvm::Value *doneFlags = nullptr, *anyDone = nullptr, *nextState = nullptr;
  if (mayFinishEarly) {
    llvm::IRBuilder<> atEntry(entry, entry->begin());
    // Sized by the group, so allocated here, once per call, after the sizes
    // are loaded.
    doneFlags = b.CreateAlloca(
        b.getInt8Ty(),
        b.CreateNUWMul(localSize[0], b.CreateNUWMul(localSize[1], localSize[2])),
        "done_flags");
    anyDone = atEntry.CreateAlloca(b.getInt1Ty(), nullptr, "any_done");
    nextState = atEntry.CreateAlloca(b.getInt32Ty(), nullptr, "next_state");
    b.CreateStore(b.getFalse(), anyDone);
  }

  // `checked`: skip the work-items whose flag says they finished.
  auto emitItemLoops = [&](llvm::Value *state,
                           bool checked = false) -> llvm::Value * {
    llvm::Value *localId[3];
    llvm::BasicBlock *headers[3], *exitBlocks[3];
    llvm::PHINode *ivs[3];
    for (int d = 2; d >= 0; --d) {
      llvm::BasicBlock *pre = b.GetInsertBlock();
      headers[d] = llvm::BasicBlock::Create(ctx, "loop" + std::to_string(d), wg);
      exitBlocks[d] =
          llvm::BasicBlock::Create(ctx, "done" + std::to_string(d), wg);
      b.CreateBr(headers[d]);
      b.SetInsertPoint(headers[d]);
      ivs[d] = b.CreatePHI(i64, 2, "lid" + std::to_string(d));
      ivs[d]->addIncoming(b.getInt64(0), pre);
      localId[d] = ivs[d];
    }
    llvm::SmallVector<llvm::Value *, 64> all(callArgs.begin(), callArgs.end());
    llvm::Value *extra = nullptr;
    if (hasFrame) { // The group memory goes after the work-item arguments.
      all.truncate(callArgs.size() - 5);
      extra = groupMemory;
    }
    for (unsigned d = 0; d < 3; ++d) all.push_back(localId[d]);
    for (unsigned d = 0; d < 3; ++d) all.push_back(groupId[d]);
    for (unsigned d = 0; d < 3; ++d) all.push_back(localSize[d]);
    for (unsigned d = 0; d < 3; ++d) all.push_back(numGroups[d]);
    for (unsigned d = 0; d < 3; ++d) all.push_back(offset[d]);
    for (unsigned d = 0; d < 3; ++d) all.push_back(globalSize[d]);
    for (unsigned d = 0; d < 3; ++d) all.push_back(enqueued[d]);
    all.push_back(workDim);
    if (extra)
      all.append(callArgs.end() - 5, callArgs.end());
    if (uniformSlots)
      all.append({uniformSlots, uniformSlots, b.getInt64(0),
                  b.getInt64(std::max<uint64_t>(1, 2 * uniformBytes)),
                  b.getInt64(1)});
    if (state)
      all.push_back(state);
    llvm::Value *result = nullptr;
    if (doneFlags && state) {
      llvm::Value *linear = b.CreateNUWAdd(
          localId[0],
          b.CreateNUWMul(localSize[0],
                         b.CreateNUWAdd(localId[1],
                                        b.CreateNUWMul(localSize[1], localId[2]))));
      llvm::Value *flag =
          b.CreateInBoundsGEP(b.getInt8Ty(), doneFlags, linear, "done_flag");
      llvm::BasicBlock *after = nullptr;
      if (checked) {
        auto *run = llvm::BasicBlock::Create(ctx, "item_runs", wg);
        after = llvm::BasicBlock::Create(ctx, "item_next", wg);
        b.CreateCondBr(b.CreateIsNull(b.CreateLoad(b.getInt8Ty(), flag)), run,
                       after);
        b.SetInsertPoint(run);
      }
      result = b.CreateCall(item, all);
      llvm::Value *finishedNow = b.CreateICmpEQ(result, b.getInt32(-1));
      b.CreateStore(b.CreateZExt(finishedNow, b.getInt8Ty()), flag);
      b.CreateStore(b.CreateOr(b.CreateLoad(b.getInt1Ty(), anyDone), finishedNow),
                    anyDone);
      llvm::Value *prev = b.CreateLoad(b.getInt32Ty(), nextState);
      b.CreateStore(b.CreateBinaryIntrinsic(llvm::Intrinsic::smax, prev, result),
                    nextState);
      if (checked) {
        b.CreateBr(after);
        b.SetInsertPoint(after);
      }
    } else {
      result = b.CreateCall(item, all);
    }
    for (unsigned d = 0; d < 3; ++d) {
      llvm::Value *next = b.CreateNUWAdd(ivs[d], b.getInt64(1));
      ivs[d]->addIncoming(next, b.GetInsertBlock());
      llvm::BranchInst *latch = b.CreateCondBr(
          b.CreateICmpULT(next, localSize[d]), headers[d], exitBlocks[d]);
      if (d == 0) {
        // Marks the x loop for WorkItemLoopVersioningPass.
        llvm::Metadata *ops[] = {
            nullptr, llvm::MDNode::get(ctx, llvm::MDString::get(
                                                ctx, kWorkItemLoopAttribute))};
        llvm::MDNode *loopID = llvm::MDNode::getDistinct(ctx, ops);
        loopID->replaceOperandWith(0, loopID);
        latch->setMetadata(llvm::LLVMContext::MD_loop, loopID);
      }
      b.SetInsertPoint(exitBlocks[d]);
    }
    return result;
  };

  if (barriers == 0) {
    emitItemLoops(nullptr);
  } else {
    // One loop nest per state; each calls the item function with a constant
    // state, so after inlining it holds only the code between two barriers.
    // The state is uniform across the group (OpenCL requires every
    // work-item to reach the same barrier), so the last work-item's answer
    // is the group's.
    auto *round = llvm::BasicBlock::Create(ctx, "round", wg);
    auto *finished = llvm::BasicBlock::Create(ctx, "finished", wg);
    b.CreateBr(round);
    llvm::BasicBlock *pre = b.GetInsertBlock();
    b.SetInsertPoint(round);
    auto *state = b.CreatePHI(b.getInt32Ty(), barriers + 2, "state");
    state->addIncoming(b.getInt32(0), pre);
    if (uniformBytes != 0) {
      // What the last round saved becomes what this round restores.
      llvm::Value *next =
          b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), uniformSlots, uniformBytes);
      b.CreateMemCpy(uniformSlots, llvm::Align(16), next, llvm::Align(16),
                     uniformBytes);
    }
    auto *dispatch = b.CreateSwitch(state, finished, barriers + 1);
    for (unsigned s = 0; s <= barriers; ++s) {
      auto *bb = llvm::BasicBlock::Create(ctx, "state" + std::to_string(s), wg);
      dispatch->addCase(b.getInt32(s), bb);
      b.SetInsertPoint(bb);
      if (!mayFinishEarly) {
        llvm::Value *next = emitItemLoops(b.getInt32(s));
        state->addIncoming(next, b.GetInsertBlock());
        b.CreateBr(round);
        continue;
      }
      // Finished work-items are skipped, in a copy of the loops that checks
      // their flags, taken only once one has finished: the usual copy
      // (every work-item of the group still running) stays branch-free.
      b.CreateStore(b.getInt32(-1), nextState);
      auto *fast = llvm::BasicBlock::Create(ctx, "all_running", wg);
      auto *slow = llvm::BasicBlock::Create(ctx, "some_finished", wg);
      auto *join = llvm::BasicBlock::Create(ctx, "round_done", wg);
      b.CreateCondBr(b.CreateLoad(b.getInt1Ty(), anyDone), slow, fast);
      b.SetInsertPoint(fast);
      emitItemLoops(b.getInt32(s), /*checked=*/false);
      b.CreateBr(join);
      b.SetInsertPoint(slow);
      emitItemLoops(b.getInt32(s), /*checked=*/true);
      b.CreateBr(join);
      b.SetInsertPoint(join);
      state->addIncoming(b.CreateLoad(b.getInt32Ty(), nextState),
                         b.GetInsertBlock());
      b.CreateBr(round);
    }
    b.SetInsertPoint(finished);
  }
  if (heapBlock) {
    auto *freeBB = llvm::BasicBlock::Create(ctx, "free", wg);
    auto *retBB = llvm::BasicBlock::Create(ctx, "return", wg);
    b.CreateCondBr(b.CreateIsNull(heapBlock), retBB, freeBB);
    b.SetInsertPoint(freeBB);
    b.CreateCall(freeFn, {heapBlock});
    b.CreateBr(retBB);
    b.SetInsertPoint(retBB);
  }
  b.CreateRetVoid();
  return true;
}

std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const CPUFamily &family, unsigned optLevel,
                    std::string &error) {
  llvm::Triple triple(family.triple);
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  llvm::TargetOptions options;
  llvm::CodeGenOptLevel level = optLevel == 0   ? llvm::CodeGenOptLevel::None
                                : optLevel == 1 ? llvm::CodeGenOptLevel::Less
                                : optLevel == 2 ? llvm::CodeGenOptLevel::Default
                                                : llvm::CodeGenOptLevel::Aggressive;
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, family.cpu, "", options, llvm::Reloc::PIC_, std::nullopt, level));
}

/// Translates, wraps and optimises for one family.
std::unique_ptr<llvm::Module>
buildOptimisedModule(ModuleOp llvmDialect,
                     const std::vector<bundle::KernelInfo> &kernels,
                     const CPUFamily &family, llvm::TargetMachine &tm,
                     unsigned optLevel, llvm::LLVMContext &ctx,
                     std::string &error) {
  registerBuiltinDialectTranslation(*llvmDialect.getContext());
  registerLLVMDialectTranslation(*llvmDialect.getContext());
  std::unique_ptr<llvm::Module> m = translateModuleToLLVMIR(llvmDialect, ctx);
  if (!m) {
    error = "internal error: translation to LLVM IR failed";
    return nullptr;
  }
  m->setTargetTriple(tm.getTargetTriple());
  m->setDataLayout(tm.createDataLayout());
  for (const bundle::KernelInfo &k : kernels)
    if (!buildWorkGroupFunction(*m, k, family, error))
      return nullptr;
  auto *version = new llvm::GlobalVariable(
      *m, llvm::Type::getInt32Ty(ctx), /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantInt::get(llvm::Type::getInt32Ty(ctx), ACC_CPU_ABI_VERSION),
      ACC_CPU_ABI_VERSION_SYMBOL);
  version->setVisibility(llvm::GlobalValue::DefaultVisibility);

  std::string verifyMessage;
  llvm::raw_string_ostream vos(verifyMessage);
  if (llvm::verifyModule(*m, &vos)) {
    error = "internal error: invalid LLVM IR: " + verifyMessage;
    return nullptr;
  }

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions pto;
  pto.LoopVectorization = optLevel >= 2;
  pto.SLPVectorization = optLevel >= 2;
  llvm::PassBuilder pb(&tm, pto);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel == 0   ? llvm::OptimizationLevel::O0
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  if (optLevel >= 2)
    pb.registerVectorizerStartEPCallback(
        [](llvm::FunctionPassManager &fpm, llvm::OptimizationLevel) {
          fpm.addPass(WorkItemLoopVersioningPass());
          fpm.addPass(llvm::SimplifyCFGPass());
          fpm.addPass(llvm::InstCombinePass());
        });
  llvm::ModulePassManager mpm = level == llvm::OptimizationLevel::O0
                                    ? pb.buildO0DefaultPipeline(level)
                                    : pb.buildPerModuleDefaultPipeline(level);
  mpm.run(*m, mam);
  return m;
}

std::string findLinker(const CPUPipelineOptions &options) {
  if (!options.linker.empty())
    return options.linker;
  if (const char *env = std::getenv("ACC_LLD"))
    return env;
  std::string toolsDir = ACC_LLVM_TOOLS_DIR;
  if (!toolsDir.empty()) {
    std::string candidate = toolsDir + "/ld.lld";
    if (llvm::sys::fs::can_execute(candidate))
      return candidate;
  }
  for (const char *name : {"ld.lld-22", "ld.lld"})
    if (auto p = llvm::sys::findProgramByName(name))
      return *p;
  return {};
}

bool linkSharedObject(const std::string &linker, const CPUFamily &family,
                      llvm::ArrayRef<char> object, std::vector<uint8_t> &out,
                      std::string &error) {
  llvm::SmallString<128> objPath, soPath, logPath;
  if (llvm::sys::fs::createTemporaryFile("acc-cpu", "o", objPath) ||
      llvm::sys::fs::createTemporaryFile("acc-cpu", "so", soPath) ||
      llvm::sys::fs::createTemporaryFile("acc-cpu", "log", logPath)) {
    error = "cannot create temporary files for linking";
    return false;
  }
  llvm::scope_exit cleanup([&] {
    llvm::sys::fs::remove(objPath);
    llvm::sys::fs::remove(soPath);
    llvm::sys::fs::remove(logPath);
  });
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(objPath, ec);
    if (ec) {
      error = "cannot write " + objPath.str().str() + ": " + ec.message();
      return false;
    }
    os.write(object.data(), object.size());
  }
  llvm::SmallVector<llvm::StringRef, 16> argv = {
      linker, "-m", family.emulation, "-shared", "--hash-style=both",
      "-z", "noexecstack", "-z", "now", "--build-id=none", "-o", soPath, objPath};
  std::optional<llvm::StringRef> redirects[3] = {std::nullopt, llvm::StringRef(logPath),
                                                 llvm::StringRef(logPath)};
  std::string execError;
  int rc = llvm::sys::ExecuteAndWait(linker, argv, std::nullopt, redirects, 0,
                                     0, &execError);
  if (rc != 0) {
    std::string log;
    if (auto buf = llvm::MemoryBuffer::getFile(logPath))
      log = (*buf)->getBuffer().str();
    error = "linking the " + std::string(family.arch) + " code object with " +
            linker + " failed" + (execError.empty() ? "" : ": " + execError) +
            (log.empty() ? "" : "\n" + log);
    return false;
  }
  auto buf = llvm::MemoryBuffer::getFile(soPath);
  if (!buf) {
    error = "cannot read the linked code object " + soPath.str().str();
    return false;
  }
  out.assign((*buf)->getBufferStart(), (*buf)->getBufferEnd());
  return true;
}

} // namespace

bool emitCPULLVMIR(ModuleOp llvmDialectModule,
                   const std::vector<bundle::KernelInfo> &kernels,
                   const CPUFamily &family, const CPUPipelineOptions &options,
                   llvm::raw_ostream &os, std::string &error) {
  auto tm = createTargetMachine(family, options.optLevel, error);
  if (!tm)
    return false;
  llvm::LLVMContext ctx;
  auto m = buildOptimisedModule(llvmDialectModule, kernels, family, *tm,
                                options.optLevel, ctx, error);
  if (!m)
    return false;
  m->print(os, nullptr);
  return true;
}

bool compileCPU(ModuleOp portable, const std::vector<CPUFamily> &families,
                const CPUPipelineOptions &options,
                std::vector<bundle::CodeObject> &out, std::string &error) {
  const std::vector<bundle::KernelInfo> kernels = ir::getKernelInfos(portable);
  OwningOpRef<ModuleOp> lowered = portable.clone();
  if (failed(lowerCPUToLLVMDialect(*lowered, options))) {
    error = "internal error: lowering to the LLVM dialect failed";
    return false;
  }
  std::string linker = findLinker(options);
  if (linker.empty()) {
    error = "cannot find ld.lld, which the cpu target needs to link code "
            "objects; install lld-22 or set ACC_LLD to its path";
    return false;
  }
  for (const CPUFamily &family : families) {
    auto tm = createTargetMachine(family, options.optLevel, error);
    if (!tm)
      return false;
    llvm::LLVMContext ctx;
    auto m = buildOptimisedModule(*lowered, kernels, family, *tm,
                                  options.optLevel, ctx, error);
    if (!m)
      return false;
    llvm::SmallVector<char, 0> object;
    {
      llvm::raw_svector_ostream os(object);
      llvm::legacy::PassManager pm;
      if (tm->addPassesToEmitFile(pm, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile)) {
        error = std::string("the ") + family.arch +
                " target cannot emit object files";
        return false;
      }
      pm.run(*m);
    }
    bundle::CodeObject code;
    code.target = family.target;
    code.arch = family.arch;
    if (!linkSharedObject(linker, family, object, code.data, error))
      return false;
    out.push_back(std::move(code));
  }
  return true;
}

} // namespace acc
