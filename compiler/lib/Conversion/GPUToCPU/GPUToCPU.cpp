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
// Work-group memory
// -----------------
// A kernel with `local` arrays (workgroup attributions) or barriers gets one
// more argument, `memref<?xi8>`: a block of *work-group memory* that the
// work-group function allocates per call (kCPUGroupMemoryAlignment-aligned;
// on its stack when small, on the heap otherwise) and laid out as
//
//   [local array 0][local array 1]...      "local bytes" L, fixed
//   [spill slot 0 x n][spill slot 1 x n]... "spill bytes" S per work-item
//
// where n is the number of work-items in the group. Each local array is a
// `memref.view` at a constant offset. `local` pointer arguments are memory
// the plugin allocates per work-group and passes like buffers. The workgroup
// memory space is stripped from every type: on the cpu it is plain memory
// (LLVM address space 0). The constant @__acc_cpu_frame_<kernel> =
// [L, S, number of barriers, U, early] tells the work-group function what to
// allocate and how to run the item function (early: work-items may return
// while others go on to an implicit barrier; see insertLoopBarriers()).
//
// Barriers
// --------
// Kernels without barriers keep the simple form: one call of the item
// function per work-item, in a loop nest (lib/Target/CPU/CPUTarget.cpp). A kernel with
// barriers becomes a *resumable* item function: it takes an i32 `state`
// (0 = start, k = resume after barrier k) and returns the state to resume
// in (k when it stopped at barrier k, -1 when the work-item finished). The
// work-group function runs
//
//   state = 0
//   do { for each work-item (z, y, x): next = item(..., state); state = next }
//   while (state != -1)
//
// with one copy of the loop nest per state, each calling the item function
// with a constant state, so that after inlining each loop holds only the
// code between two barriers (and can be vectorised across work-items like a
// kernel without barriers). OpenCL requires every work-item of a group to
// reach the same barrier (barriers in loops and branches included, which
// the work-items must take alike), so the state is uniform across the group
// and the last work-item's result stands for all.
//
// The transformation of the item function (lowerBarriers):
//  1. A new entry block, which `cf.switch`es on the state to the old entry
//     block (state 0) or to the block after barrier k (state k).
//  2. Constants, and pure operations whose operands are all available in the
//     new entry (function arguments, constants, other such operations:
//     local id arithmetic, uniform sizes, views of the group memory), move
//     into the new entry block, so they are recomputed instead of saved.
//     Static private allocas move there too.
//  3. Each barrier ends its block and branches to a new block, the resume
//     block. mlir::Liveness gives the values live into each resume block:
//     those are live across the barrier. A `memref.alloca` (a private array
//     that mem2reg could not promote) live across a barrier becomes a view
//     of a per-work-item part of the spill area; every other value that
//     may differ between work-items (nonUniformValues()) gets a spill slot,
//     laid out as a structure of arrays (slot j at byte offset
//     L + off_j * n, element [linear local id]) so that later vectorisation
//     across work-items sees unit strides. A value that is the same for
//     every work-item (a loop counter over tiles, a tree-reduction stride)
//     gets one uniform slot in a separate block of 2 x U bytes, restored
//     from its current copy and saved into the next, which the work-group
//     function copies over the current one between rounds.
//  4. SSA form across the new edges is rebuilt with MLIR's mem2reg: each
//     spilled value gets a temporary `memref<1xT>` alloca, stored after the
//     definition, loaded before every use; barrier k stores the values live
//     across it into their slots and returns k; resume block k loads them
//     from the slots into the temporaries. mem2reg then turns the
//     temporaries back into SSA values and block arguments.
//  5. `gpu.return` returns -1.
//
// `mem_fence` (`accir.mem_fence`) is erased. The work-items of a
// group run one after another on one thread and switch only at barriers,
// where the item function returns, so each work-item's loads and stores
// are already ordered, as seen by every other work-item of its group, more
// strictly than a fence could order them. OpenCL 1.2 gives no ordering
// guarantee between work-groups except through atomics, which carry their
// own ordering. Keeping a fence would only stop LLVM from vectorising the
// loop over work-items.
//
//===----------------------------------------------------------------------===//

#include "acc/Conversion/Passes.h"
#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Analysis/Liveness.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/Mem2Reg.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/MathExtras.h"

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

/// gpu.printf becomes a call to the C library's printf (the code object
/// may reference libc, like libm): the format is a private constant
/// string, and each argument gets C's default promotions (float to
/// double, narrow integers to int). Output goes to the process's standard
/// output; the cpu plugin flushes it when the launch completes.
void lowerPrintf(gpu::PrintfOp print, ModuleOp into, RewriterBase &rewriter) {
  Location l = print.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i32 = rewriter.getI32Type();
  auto printfType = LLVM::LLVMFunctionType::get(i32, {ptr}, /*isVarArg=*/true);
  if (!into.lookupSymbol("printf")) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(into.getBody());
    LLVM::LLVMFuncOp::create(rewriter, l, "printf", printfType);
  }
  // One private string per distinct format.
  std::string text = print.getFormat().str();
  text.push_back('\0');
  std::string name =
      ACC_RESERVED_SYMBOL_PREFIX "printf_format_" + std::to_string(llvm::hash_value(text) & 0xffffffff);
  if (!into.lookupSymbol(name)) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(into.getBody());
    auto type = LLVM::LLVMArrayType::get(rewriter.getI8Type(), text.size());
    LLVM::GlobalOp::create(rewriter, l, type, /*isConstant=*/true,
                           LLVM::Linkage::Private, name,
                           rewriter.getStringAttr(text));
  }
  llvm::SmallVector<Value> args{
      LLVM::AddressOfOp::create(rewriter, l, ptr, name)};
  for (Value v : print.getArgs()) {
    Type t = v.getType();
    if (t.isF32() || t.isF16())
      v = arith::ExtFOp::create(rewriter, l, rewriter.getF64Type(), v);
    else if (t.isInteger(1))
      v = arith::ExtUIOp::create(rewriter, l, i32, v);
    else if (t.isInteger() && t.getIntOrFloatBitWidth() < 32)
      v = arith::ExtSIOp::create(rewriter, l, i32, v);
    else if (t.isIndex())
      v = arith::IndexCastOp::create(rewriter, l, rewriter.getI64Type(), v);
    args.push_back(v);
  }
  LLVM::CallOp::create(rewriter, l, printfType, "printf", args);
  rewriter.eraseOp(print);
}

/// The index argument for `base` + dimension `dim`.
static Value itemArg(Block &entry, unsigned firstExtra, unsigned base,
                     gpu::Dimension dim) {
  return entry.getArgument(firstExtra + base + static_cast<unsigned>(dim));
}

/// `type` without a gpu address space (workgroup memory is plain memory on
/// the cpu).
static Type stripMemorySpace(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !isa_and_nonnull<gpu::AddressSpaceAttr>(
                     memref.getMemorySpace()))
    return type;
  return MemRefType::get(memref.getShape(), memref.getElementType(),
                         memref.getLayout(), Attribute());
}

static Value indexConstant(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// Bytes of one element of `type` as LLVM lays it out (a 3-element vector
/// occupies four elements).
static int64_t elementBytes(const DataLayout &layout, Type type) {
  return static_cast<int64_t>(layout.getTypeSize(type).getFixedValue());
}

/// What lowerBarriers() reports for the frame constant.
struct BarrierFrame {
  int64_t spillBytesPerItem = 0;
  /// Bytes of one copy of the uniform slots (there are two: see
  /// lowerBarriers()).
  int64_t uniformBytes = 0;
  unsigned barriers = 0;
};

/// What analyseUniformity() finds.
struct Uniformity {
  /// Values that may differ between the work-items of a group.
  llvm::DenseSet<Value> varying;
  /// Blocks that end in a branch on a varying condition.
  llvm::DenseSet<Block *> divergentBranches;
  /// Blocks that only some work-items may reach: those after a divergent
  /// branch and before the block where its paths join.
  llvm::DenseSet<Block *> divergentBlocks;
  /// The same per divergent branch.
  llvm::DenseMap<Block *, llvm::SmallPtrSet<Block *, 16>> divergentRegions;
};

/// The values of `body` (a kernel or an item function) that may differ
/// between the work-items of a group, starting from `seeds` (the local and
/// global ids); every other value is the same for all of them (arguments
/// other than seeds included). Non-uniform: the seeds and what is computed from them,
/// every load, call, alloca and operation with regions (conservatively),
/// block arguments that receive a non-uniform value, and, for each branch
/// on a non-uniform condition (a divergent branch), the block arguments of
/// the blocks where paths from its different successors join (its
/// immediate post-dominator, and blocks before it reachable from two
/// successors) and the values defined between the branch and its
/// post-dominator that are used after it (different work-items leave a
/// loop with a divergent exit at different iterations). A value inside a
/// loop with a divergent exit, such as its counter, counts as uniform: it
/// is the same for the work-items still in the loop, which is what the
/// uses here (barriers, branches in the loop) need. Iterated to a fixed point, as
/// a new non-uniform value can make another branch divergent.
static Uniformity analyseUniformity(Operation *function, Region &body,
                                    llvm::ArrayRef<Value> seeds) {
  Uniformity result;
  llvm::DenseSet<Value> &varying = result.varying;
  varying.insert(seeds.begin(), seeds.end());
  PostDominanceInfo postDominance(function);
  llvm::DenseSet<Block *> &divergentBranches = result.divergentBranches;
  llvm::DenseSet<Block *> joinBlocks;
  bool changed = true;
  auto mark = [&](Value v) {
    if (varying.insert(v).second)
      changed = true;
  };
  while (changed) {
    changed = false;
    for (Block &block : body) {
      if (joinBlocks.contains(&block))
        for (BlockArgument arg : block.getArguments())
          mark(arg);
      for (Operation &op : block) {
        bool uniformOp = op.getNumRegions() == 0 && isPure(&op) &&
                         llvm::none_of(op.getOperands(), [&](Value v) {
                           return varying.contains(v);
                         });
        if (!uniformOp)
          for (Value r : op.getResults())
            mark(r);
      }
      // Values flowing into successor block arguments.
      Operation *term = block.getTerminator();
      if (auto branch = dyn_cast<BranchOpInterface>(term))
        for (unsigned i = 0; i < term->getNumSuccessors(); ++i) {
          SuccessorOperands operands = branch.getSuccessorOperands(i);
          Block *succ = term->getSuccessor(i);
          for (unsigned j = 0; j < operands.size(); ++j)
            if (Value v = operands[j]; v && varying.contains(v))
              mark(succ->getArgument(j));
        }
      // A divergent branch: a terminator with several successors whose
      // operands (the condition, the switch flag) vary.
      if (term->getNumSuccessors() < 2 || divergentBranches.contains(&block))
        continue;
      bool divergent = false;
      if (auto condBr = dyn_cast<cf::CondBranchOp>(term))
        divergent = varying.contains(condBr.getCondition());
      else if (auto sw = dyn_cast<cf::SwitchOp>(term))
        divergent = varying.contains(sw.getFlag());
      else
        divergent = true;
      if (!divergent)
        continue;
      divergentBranches.insert(&block);
      changed = true;
      DominanceInfoNode *node = postDominance.getNode(&block);
      Block *join = node && node->getIDom() ? node->getIDom()->getBlock()
                                            : nullptr;
      // The blocks reachable from each successor before the join. Paths
      // from different successors meet at the join or at a block reachable
      // from two of them: their arguments merge values of different
      // work-items. A block reachable from one successor only (the loop
      // after an early return) is reached alike by the work-items that
      // take that successor.
      llvm::SmallPtrSet<Block *, 16> between;
      llvm::DenseMap<Block *, unsigned> reachedFrom;
      for (Block *start : term->getSuccessors()) {
        llvm::SmallPtrSet<Block *, 16> seen;
        llvm::SmallVector<Block *> work{start};
        while (!work.empty()) {
          Block *b = work.pop_back_val();
          if (b == join || !seen.insert(b).second)
            continue;
          for (Block *succ : b->getSuccessors())
            work.push_back(succ);
        }
        for (Block *b : seen) {
          between.insert(b);
          ++reachedFrom[b];
        }
      }
      if (join)
        joinBlocks.insert(join);
      result.divergentRegions[&block] = between;
      for (Block *b : between) {
        if (reachedFrom[b] > 1)
          joinBlocks.insert(b);
        result.divergentBlocks.insert(b);
        auto markIfUsedAfter = [&](Value v) {
          for (Operation *user : v.getUsers())
            if (!between.contains(
                    body.findAncestorBlockInRegion(*user->getBlock())))
              mark(v);
        };
        for (BlockArgument arg : b->getArguments())
          markIfUsedAfter(arg);
        for (Operation &op : *b)
          for (Value r : op.getResults())
            markIfUsedAfter(r);
      }
    }
  }
  return result;
}

/// The item function's varying values (the seeds are its local ids).
static llvm::DenseSet<Value> nonUniformValues(func::FuncOp item,
                                              unsigned firstExtra) {
  Block &entry = item.getBody().front();
  llvm::SmallVector<Value, 3> seeds;
  for (unsigned d = 0; d < 3; ++d)
    seeds.push_back(entry.getArgument(firstExtra + kItemLocalId + d));
  return analyseUniformity(item, item.getBody(), seeds).varying;
}

/// What insertLoopBarriers() did.
struct LoopBarriers {
  bool inserted = false;
  /// A barrier went behind a divergent early return: work-items may finish
  /// while others go on to it (the work-group function tracks them).
  bool mayFinishEarly = false;
};

/// Whether `branch` is an early return: one of its successors returns at
/// once (the work-items that take it only finish).
static bool isReturnGuard(Block *branch) {
  for (Block *succ : branch->getSuccessors())
    if (succ->getOperations().size() == 1 && isa<gpu::ReturnOp>(succ->front()))
      return true;
  return false;
}

/// Implicit barriers in uniform loops. A loop inside a kernel keeps LLVM
/// from vectorising the loop over work-items around it (naive SGEMM's loop
/// over k, in each work-item). When every work-item of the group runs the
/// loop the same number of times (it is entered outside any divergent
/// branch and all its exits test uniform conditions), a barrier at the end
/// of its body changes nothing a kernel may rely on (OpenCL orders nothing
/// between work-items without a barrier), and makes the item function
/// resumable there: each round of the work-group function then runs one
/// iteration for all work-items, a loop over work-items that vectorises,
/// with the loop's counter in a uniform slot and its per-item values
/// (sums) in structure-of-arrays slots. Done for innermost loops that
/// access memory and print nothing (printf's order across work-items would
/// change). A loop behind divergent early returns only (`if (row >= n)
/// return;`, the usual range check) qualifies as well: the work-items that
/// returned are done, and every other one runs the loop alike; the
/// work-group function then skips finished work-items.
static LoopBarriers insertLoopBarriers(gpu::GPUFuncOp kernel) {
  LoopBarriers result;
  Region &body = kernel.getBody();
  if (body.hasOneBlock())
    return result;
  llvm::SmallVector<Value> seeds;
  bool printsOrSyncs = false;
  kernel.walk([&](Operation *op) {
    if (isa<gpu::ThreadIdOp, gpu::GlobalIdOp, gpu::LaneIdOp>(op))
      seeds.append(op->result_begin(), op->result_end());
    if (isa<gpu::BarrierOp>(op))
      printsOrSyncs = true;
  });
  if (printsOrSyncs)
    return result; // Explicit barriers: the loops stay as written.
  Uniformity uniformity = analyseUniformity(kernel, body, seeds);
  DominanceInfo dominance(kernel);

  // Natural loops: header -> blocks, from back edges latch -> header.
  llvm::MapVector<Block *, llvm::SmallVector<Block *>> latches;
  for (Block &block : body)
    for (Block *succ : block.getSuccessors())
      if (dominance.dominates(succ, &block))
        latches[succ].push_back(&block);
  for (auto &[header, headerLatches] : latches) {
    if (headerLatches.size() != 1)
      continue;
    Block *latch = headerLatches.front();
    llvm::SmallPtrSet<Block *, 16> loop{header};
    llvm::SmallVector<Block *> work{latch};
    while (!work.empty()) {
      Block *b = work.pop_back_val();
      if (!loop.insert(b).second)
        continue;
      for (Block *pred : b->getPredecessors())
        work.push_back(pred);
    }
    // Divergent branches before the loop may only be early returns.
    bool behindGuard = false, ok = true;
    for (auto &[branch, region] : uniformity.divergentRegions) {
      if (!region.contains(header))
        continue;
      behindGuard = true;
      ok = ok && isReturnGuard(branch);
    }
    bool touchesMemory = false;
    for (Block *b : loop) {
      // Innermost: no other loop header inside.
      if (b != header && latches.count(b))
        ok = false;
      // Every exit tests a uniform condition.
      bool exits = llvm::any_of(b->getSuccessors(),
                                [&](Block *s) { return !loop.contains(s); });
      if (exits && uniformity.divergentBranches.contains(b))
        ok = false;
      for (Operation &op : *b) {
        if (isa<gpu::PrintfOp>(op) || op.getNumRegions() != 0)
          ok = false;
        if (isa<memref::LoadOp, memref::StoreOp>(op))
          touchesMemory = true;
      }
    }
    if (!ok || !touchesMemory)
      continue;
    OpBuilder b(latch->getTerminator());
    gpu::BarrierOp::create(b, latch->getTerminator()->getLoc());
    result.inserted = true;
    result.mayFinishEarly |= behindGuard;
  }
  return result;
}

/// Makes `item` resumable at its barriers; see the comment at the top of
/// this file. `firstExtra` is the index of the first work-item argument,
/// the group memory, the uniform slots and the state are the three trailing
/// arguments, and the spill area starts at byte `localBytes` of the group
/// memory.
static LogicalResult lowerBarriers(func::FuncOp item, unsigned firstExtra,
                                   int64_t localBytes, BarrierFrame &frame) {
  MLIRContext *ctx = item.getContext();
  Location loc = item.getLoc();
  Region &body = item.getBody();
  Block *oldEntry = &body.front();
  OpBuilder b(ctx);

  // 1. The new entry block takes over the arguments.
  auto *entry = new Block();
  body.push_front(entry);
  for (BlockArgument arg : oldEntry->getArguments())
    entry->addArgument(arg.getType(), arg.getLoc());
  for (auto [from, to] :
       llvm::zip(oldEntry->getArguments(), entry->getArguments()))
    from.replaceAllUsesWith(to);
  oldEntry->eraseArguments(0, oldEntry->getNumArguments());
  Value groupMemory = entry->getArgument(entry->getNumArguments() - 3);
  Value uniformSlots = entry->getArgument(entry->getNumArguments() - 2);
  Value state = entry->getArgument(entry->getNumArguments() - 1);

  // 2. Hoist constants, pure operations on hoisted values and static
  //    allocas into the new entry block.
  auto availableInEntry = [&](Value v) {
    if (auto arg = dyn_cast<BlockArgument>(v))
      return arg.getOwner() == entry;
    return v.getDefiningOp()->getBlock() == entry;
  };
  llvm::SmallVector<memref::AllocaOp> allocas;
  for (bool changed = true; changed;) {
    changed = false;
    for (Block &block : llvm::drop_begin(body.getBlocks())) {
      for (Operation &op : llvm::make_early_inc_range(block)) {
        if (op.getNumRegions() != 0 || op.hasTrait<OpTrait::IsTerminator>())
          continue;
        bool hoist = false;
        if (auto alloca = dyn_cast<memref::AllocaOp>(op)) {
          hoist = alloca.getType().hasStaticShape();
        } else if (op.hasTrait<OpTrait::ConstantLike>() || isPure(&op)) {
          hoist = llvm::all_of(op.getOperands(), availableInEntry);
        }
        if (hoist) {
          op.moveBefore(entry, entry->end());
          changed = true;
        }
      }
    }
  }
  for (auto alloca : entry->getOps<memref::AllocaOp>())
    allocas.push_back(alloca);
  for (Block &block : llvm::drop_begin(body.getBlocks()))
    for (auto alloca : block.getOps<memref::AllocaOp>())
      allocas.push_back(alloca);

  // 3. Split at the barriers.
  llvm::SmallVector<gpu::BarrierOp> barriers;
  item.walk([&](gpu::BarrierOp op) { barriers.push_back(op); });
  for (gpu::BarrierOp barrier : barriers)
    if (barrier->getParentOp() != item.getOperation())
      return barrier.emitError(
          "a barrier inside a region is not supported by the cpu target");
  llvm::SmallVector<Block *> resume;
  for (gpu::BarrierOp barrier : barriers) {
    Block *block = barrier->getBlock();
    Block *after = block->splitBlock(barrier->getNextNode());
    b.setInsertionPointToEnd(block);
    cf::BranchOp::create(b, barrier.getLoc(), after);
    resume.push_back(after);
  }
  frame.barriers = barriers.size();

  // Values in a fixed order (the order of definition), so that the output
  // does not depend on pointer values.
  llvm::DenseMap<Value, unsigned> order;
  item.walk([&](Block *block) {
    for (BlockArgument arg : block->getArguments())
      order.try_emplace(arg, order.size());
    for (Operation &op : *block)
      for (Value r : op.getResults())
        order.try_emplace(r, order.size());
  });
  auto byOrder = [&](Value a, Value c) { return order[a] < order[c]; };

  const llvm::DenseSet<Value> varying = nonUniformValues(item, firstExtra);
  Liveness liveness(item);
  llvm::SmallVector<llvm::SmallVector<Value>> liveAcross(barriers.size());
  llvm::SetVector<Value> spilled;
  llvm::DenseSet<Value> spilledAllocas;
  for (auto [k, block] : llvm::enumerate(resume)) {
    for (Value v : liveness.getLiveIn(block)) {
      // An alloca's memory, unlike its address, must survive the return.
      if (v.getDefiningOp<memref::AllocaOp>()) {
        spilledAllocas.insert(v);
        continue;
      }
      if (availableInEntry(v))
        continue;
      liveAcross[k].push_back(v);
    }
    llvm::sort(liveAcross[k], byOrder);
  }
  {
    llvm::SmallVector<Value> all;
    for (auto &values : liveAcross)
      all.append(values.begin(), values.end());
    llvm::sort(all, byOrder);
    for (Value v : all)
      spilled.insert(v);
  }

  // Linear local id and work-item count, for the spill slots.
  b.setInsertionPointToEnd(entry);
  auto arg = [&](unsigned i) { return entry->getArgument(firstExtra + i); };
  Value sizeX = arg(kItemLocalSize), sizeY = arg(kItemLocalSize + 1),
        sizeZ = arg(kItemLocalSize + 2);
  Value linear = arith::AddIOp::create(
      b, loc, arg(kItemLocalId),
      arith::MulIOp::create(
          b, loc, sizeX,
          arith::AddIOp::create(
              b, loc, arg(kItemLocalId + 1),
              arith::MulIOp::create(b, loc, sizeY, arg(kItemLocalId + 2)))));
  Value items = arith::MulIOp::create(
      b, loc, sizeX, arith::MulIOp::create(b, loc, sizeY, sizeZ));

  DataLayout layout = DataLayout::closest(item);
  int64_t cursor = 0;
  // The byte offset of a slot of `bytesPerItem` bytes per work-item at
  // `slotOffset`, for this work-item: L + slotOffset * n + lid * bytes.
  auto slotView = [&](int64_t slotOffset, MemRefType type,
                      ValueRange sizes) -> Value {
    Value shift = arith::AddIOp::create(
        b, loc, indexConstant(b, loc, localBytes),
        arith::MulIOp::create(b, loc, indexConstant(b, loc, slotOffset),
                              items));
    return memref::ViewOp::create(b, loc, type, groupMemory, shift, sizes);
  };

  // Private arrays live across a barrier: a per-work-item part of the spill
  // area (each work-item's array contiguous).
  for (memref::AllocaOp alloca : allocas) {
    if (!spilledAllocas.contains(alloca.getResult()))
      continue;
    MemRefType type = alloca.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity()) {
      alloca.emitError("private array of unsupported type kept across a "
                       "barrier");
      return failure();
    }
    int64_t elem = elementBytes(layout, type.getElementType());
    int64_t bytes = elem * type.getNumElements();
    cursor = llvm::alignTo(cursor, std::max<int64_t>(16, llvm::PowerOf2Ceil(elem)));
    int64_t offset = cursor;
    cursor += bytes;
    b.setInsertionPointToEnd(entry);
    Value shift = arith::AddIOp::create(
        b, loc,
        arith::AddIOp::create(
            b, loc, indexConstant(b, loc, localBytes),
            arith::MulIOp::create(b, loc, indexConstant(b, loc, offset),
                                  items)),
        arith::MulIOp::create(b, loc, indexConstant(b, loc, bytes), linear));
    Value view = memref::ViewOp::create(
        b, loc,
        MemRefType::get(type.getShape(), type.getElementType()),
        groupMemory, shift, ValueRange{});
    alloca.getResult().replaceAllUsesWith(view);
    alloca.erase();
  }

  // One structure-of-arrays slot per other value that varies between
  // work-items; the uniform ones go to the uniform slots below.
  llvm::DenseMap<Value, Value> slots, temps, uniformNext;
  Value zero = indexConstant(b, loc, 0);
  llvm::SmallVector<Value> uniform;
  for (Value v : spilled) {
    Type type = v.getType();
    bool storable = type.isIntOrIndexOrFloat();
    if (auto vec = dyn_cast<VectorType>(type))
      storable = vec.getRank() == 1 && !vec.isScalable() &&
                 vec.getElementType().isIntOrIndexOrFloat();
    if (!storable) {
      Operation *at = v.getDefiningOp() ? v.getDefiningOp()
                                        : v.getParentBlock()->getParentOp();
      at->emitError("a value of type ")
          << type << " cannot be kept across a barrier on the cpu target";
      return failure();
    }
    b.setInsertionPointToEnd(entry);
    temps[v] = memref::AllocaOp::create(b, loc, MemRefType::get({1}, type));
    if (!varying.contains(v)) {
      uniform.push_back(v);
      continue;
    }
    int64_t elem = elementBytes(layout, type);
    cursor = llvm::alignTo(cursor, std::max<int64_t>(1, llvm::PowerOf2Ceil(elem)));
    slots[v] = slotView(cursor, MemRefType::get({ShapedType::kDynamic}, type),
                        ValueRange{items});
    cursor += elem;
  }
  frame.spillBytesPerItem = llvm::alignTo(cursor, 16);

  // Uniform values live across a barrier: one slot each, in two copies in
  // a block of their own (the item function's `uniform slots` argument,
  // which the work-group function allocates apart from the group memory so
  // that LLVM sees they cannot alias). A work-item restores from the current copy
  // and saves into the next one, which the work-group function copies over
  // the current one between rounds: every work-item of a round reads what
  // the previous round saved, although the first work-items have saved the
  // new values before the last ones restore. (One slot per work-item would
  // do too, but a value at one address per group is loop-invariant in the
  // loop over work-items, which LLVM hoists and vectorises around.)
  int64_t uniformCursor = 0;
  llvm::SmallVector<std::pair<Value, int64_t>> uniformOffsets;
  for (Value v : uniform) {
    int64_t elem = elementBytes(layout, v.getType());
    uniformCursor = llvm::alignTo(
        uniformCursor, std::max<int64_t>(1, llvm::PowerOf2Ceil(elem)));
    uniformOffsets.push_back({v, uniformCursor});
    uniformCursor += elem;
  }
  frame.uniformBytes = llvm::alignTo(uniformCursor, 16);
  b.setInsertionPointToEnd(entry);
  for (auto [v, offset] : uniformOffsets) {
    auto type = MemRefType::get({1}, v.getType());
    slots[v] = memref::ViewOp::create(b, loc, type, uniformSlots,
                                      indexConstant(b, loc, offset),
                                      ValueRange{});
    uniformNext[v] = memref::ViewOp::create(
        b, loc, type, uniformSlots,
        indexConstant(b, loc, frame.uniformBytes + offset), ValueRange{});
  }

  // 4. Temporaries: stored after the definition, loaded before each use.
  for (Value v : spilled) {
    Value temp = temps[v];
    llvm::SmallVector<OpOperand *> uses;
    for (OpOperand &use : v.getUses())
      uses.push_back(&use);
    for (OpOperand *use : uses) {
      // A use inside an operation's region (the body of a
      // generic_atomic_rmw) loads before that operation.
      b.setInsertionPoint(body.findAncestorOpInRegion(*use->getOwner()));
      use->set(memref::LoadOp::create(b, loc, temp, ValueRange{zero}));
    }
    if (auto blockArg = dyn_cast<BlockArgument>(v))
      b.setInsertionPointToStart(blockArg.getOwner());
    else
      b.setInsertionPointAfter(v.getDefiningOp());
    memref::StoreOp::create(b, loc, v, temp, ValueRange{zero});
  }
  for (auto [k, barrier] : llvm::enumerate(barriers)) {
    // Barrier k + 1: save and return.
    Block *block = barrier->getBlock();
    Operation *branch = block->getTerminator();
    b.setInsertionPoint(branch);
    for (Value v : liveAcross[k]) {
      Value current = memref::LoadOp::create(b, loc, temps[v], ValueRange{zero});
      if (uniformNext.count(v))
        memref::StoreOp::create(b, loc, current, uniformNext[v],
                                ValueRange{zero});
      else
        memref::StoreOp::create(b, loc, current, slots[v], ValueRange{linear});
    }
    Value next = arith::ConstantIntOp::create(b, barrier.getLoc(),
                                              b.getI32Type(), k + 1);
    func::ReturnOp::create(b, barrier.getLoc(), next);
    branch->erase();
    barrier.erase();
    // Resume block k + 1: restore.
    b.setInsertionPointToStart(resume[k]);
    for (Value v : liveAcross[k]) {
      Value saved = memref::LoadOp::create(
          b, loc, slots[v], ValueRange{uniformNext.count(v) ? zero : linear});
      memref::StoreOp::create(b, loc, saved, temps[v], ValueRange{zero});
    }
  }

  // 1 (end). Dispatch on the state.
  b.setInsertionPointToEnd(entry);
  llvm::SmallVector<int32_t> caseValues;
  llvm::SmallVector<ValueRange> caseOperands;
  for (unsigned k = 0; k < resume.size(); ++k) {
    caseValues.push_back(static_cast<int32_t>(k + 1));
    caseOperands.push_back(ValueRange{});
  }
  cf::SwitchOp::create(b, loc, state, oldEntry, ValueRange{}, caseValues,
                       BlockRange(resume), caseOperands);

  // 4 (end). Back to SSA form.
  llvm::SmallVector<PromotableAllocationOpInterface> promotable;
  for (Value v : spilled)
    promotable.push_back(
        cast<PromotableAllocationOpInterface>(temps[v].getDefiningOp()));
  if (!promotable.empty()) {
    DominanceInfo dominance(item);
    OpBuilder builder(ctx);
    if (failed(tryToPromoteMemorySlots(promotable, builder, layout,
                                       dominance))) {
      item.emitError("internal error: cannot rebuild SSA form after "
                     "splitting at barriers");
      return failure();
    }
  }
  return success();
}

LogicalResult ConvertGPUToCPUPass::convertKernel(gpu::GPUFuncOp kernel,
                                                 ModuleOp into) {
  OpBuilder builder(kernel.getContext());
  Location loc = kernel.getLoc();
  FunctionType kernelType = kernel.getFunctionType();
  unsigned numInputs = kernelType.getNumInputs();
  unsigned numWorkgroup = kernel.getNumWorkgroupAttributions();
  if (kernel.getNumPrivateAttributions() != 0)
    return kernel.emitError(
        "private attributions are not supported by the cpu target");

  const LoopBarriers implicitBarriers = insertLoopBarriers(kernel);
  bool hasBarriers = false;
  kernel.walk([&](gpu::BarrierOp) { hasBarriers = true; });
  bool needsGroupMemory = hasBarriers || numWorkgroup != 0;

  // Arguments: the kernel's, the work-item description, then the group
  // memory and the state when needed.
  llvm::SmallVector<Type> inputs;
  for (Type t : kernelType.getInputs())
    inputs.push_back(stripMemorySpace(t));
  inputs.append(kItemArgCount, builder.getIndexType());
  Type bytesTy = MemRefType::get({ShapedType::kDynamic}, builder.getI8Type());
  if (needsGroupMemory)
    inputs.push_back(bytesTy);
  if (hasBarriers) {
    inputs.push_back(bytesTy); // the uniform slots
    inputs.push_back(builder.getI32Type());
  }
  llvm::SmallVector<Type> results;
  if (hasBarriers)
    results.push_back(builder.getI32Type());

  builder.setInsertionPointToEnd(into.getBody());
  auto item = func::FuncOp::create(
      builder, loc, (kCPUItemPrefix + kernel.getName()).str(),
      builder.getFunctionType(inputs, results));
  item.setPrivate();

  Region &body = item.getBody();
  body.takeBody(kernel.getBody());
  Block &entry = body.front();
  for (unsigned i = 0; i < numInputs; ++i)
    entry.getArgument(i).setType(inputs[i]);
  for (unsigned i = 0; i < kItemArgCount; ++i)
    entry.addArgument(builder.getIndexType(), loc);
  Value groupMemory;
  if (needsGroupMemory)
    groupMemory = entry.addArgument(bytesTy, loc);
  if (hasBarriers) {
    entry.addArgument(bytesTy, loc);
    entry.addArgument(builder.getI32Type(), loc);
  }

  // `local` arrays: views of the group memory at fixed offsets.
  DataLayout layout = DataLayout::closest(into);
  int64_t localBytes = 0;
  builder.setInsertionPointToStart(&entry);
  for (unsigned i = 0; i < numWorkgroup; ++i) {
    BlockArgument attribution = entry.getArgument(numInputs + i);
    auto type = cast<MemRefType>(stripMemorySpace(attribution.getType()));
    if (!type.hasStaticShape() || !type.getLayout().isIdentity())
      return kernel.emitError("local array of unsupported type ") << type;
    localBytes = llvm::alignTo(localBytes, kCPUGroupMemoryAlignment);
    Value view = memref::ViewOp::create(
        builder, loc, type, groupMemory, indexConstant(builder, loc, localBytes),
        ValueRange{});
    attribution.replaceAllUsesWith(view);
    localBytes +=
        elementBytes(layout, type.getElementType()) * type.getNumElements();
  }
  if (numWorkgroup)
    entry.eraseArguments(numInputs, numWorkgroup);
  localBytes = llvm::alignTo(localBytes, kCPUGroupMemoryAlignment);
  unsigned firstExtra = numInputs;

  // The workgroup memory space means nothing on the cpu.
  item.walk([&](Operation *op) {
    for (Value r : op->getResults())
      r.setType(stripMemorySpace(r.getType()));
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          arg.setType(stripMemorySpace(arg.getType()));
  });

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
    } else if (isa<ir::MemFenceOp>(op)) {
      // See the comment at the top of this file.
      rewriter.eraseOp(op);
    } else if (auto o = dyn_cast<ir::GlobalOffsetOp>(op)) {
      rewriter.replaceOp(op, entry.getArgument(firstExtra + kItemGlobalOffset +
                                               unsigned(o.getDimension())));
    } else if (auto o = dyn_cast<ir::GlobalSizeOp>(op)) {
      rewriter.replaceOp(op, entry.getArgument(firstExtra + kItemGlobalSize +
                                               unsigned(o.getDimension())));
    } else if (isa<ir::WorkDimOp>(op)) {
      rewriter.replaceOp(op, entry.getArgument(firstExtra + kItemWorkDim));
    } else if (isa<gpu::ReturnOp>(op)) {
      if (hasBarriers) {
        Value done = arith::ConstantIntOp::create(rewriter, op->getLoc(),
                                                  rewriter.getI32Type(), -1);
        rewriter.replaceOpWithNewOp<func::ReturnOp>(op, done);
      } else {
        rewriter.replaceOpWithNewOp<func::ReturnOp>(op);
      }
    } else if (isa<gpu::BarrierOp>(op)) {
      // Lowered below.
    } else if (auto print = dyn_cast<gpu::PrintfOp>(op)) {
      lowerPrintf(print, into, rewriter);
    } else if (op->getDialect() &&
               op->getDialect()->getNamespace() == "gpu") {
      op->emitError("gpu operation not supported by the cpu target");
      failedToConvert = true;
    }
  });
  if (failedToConvert)
    return failure();

  BarrierFrame frame;
  if (hasBarriers && failed(lowerBarriers(item, firstExtra, localBytes, frame)))
    return failure();

  if (needsGroupMemory) {
    builder.setInsertionPointToEnd(into.getBody());
    auto frameType = MemRefType::get({5}, builder.getI64Type());
    auto value = DenseElementsAttr::get(
        RankedTensorType::get({5}, builder.getI64Type()),
        llvm::ArrayRef<int64_t>{localBytes, frame.spillBytesPerItem,
                                static_cast<int64_t>(frame.barriers),
                                frame.uniformBytes,
                                implicitBarriers.mayFinishEarly ? 1 : 0});
    memref::GlobalOp::create(builder, loc,
                             (kCPUFramePrefix + kernel.getName()).str(),
                             builder.getStringAttr("private"), frameType,
                             value, /*constant=*/true, IntegerAttr());
  }
  return success();
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
    // Program-scope constants live on beside the kernels.
    for (auto global :
         llvm::make_early_inc_range(gpuModule.getOps<memref::GlobalOp>()))
      global->moveBefore(module.getBody(), module.getBody()->end());
    gpuModule.erase();
  }
  module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
}

} // namespace
} // namespace acc
