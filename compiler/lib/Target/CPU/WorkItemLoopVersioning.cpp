//===- WorkItemLoopVersioning.cpp - Branch-free work-item loops -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// GPU-style kernels guard their work with tests of the work-item's id:
//
//   if (i < n) y[i] = a * x[i] + y[i];          // range check
//   if (x == 0 || x == w - 1) { border } else { interior }
//
// Once the item function is inlined into the work-group function's loop
// over x (CPUTarget.cpp), such a test is a branch inside the loop on a
// comparison of an affine function of the loop's induction variable with a
// loop-invariant value. LLVM's loop vectoriser turns the branch into masked
// loads and stores, which on x86 run the loop at a third of the speed of the
// unguarded one. Yet in every work-group but one or two at the edges of the
// range the test comes out the same for all work-items of the group.
//
// This pass versions the loop. For each conditional branch of the loop
// whose condition is an and/or/not tree of such comparisons (and of
// loop-invariant values), it picks the *expected* successor, the one that
// leads to more code (the work rather than the skip or the border), and
// computes before the loop, from the comparisons' values at the first and
// the last iteration, whether the condition is uniform over the group and
// takes that successor. When every branch is, a copy of the loop in which
// those branches are unconditional runs; otherwise the original loop does.
// The copy vectorises without masks.
//
// A branch on a loop-invariant condition alone is versioned the same way
// (LLVM's non-trivial loop unswitching runs only at -O3). The commonest is
// a loop's test inside a kernel with implicit loop barriers (GPUToCPU.cpp):
// in each round the test `k < n` is the same for every work-item, and the
// round's loop over work-items vectorises only without it (naive SGEMM
// went from 4 to 8 GFLOP/s with this, tiled SGEMM from 36 to 78).
//
// A comparison of X = {start,+,step}<loop> (step a positive constant, X of
// any integer width) with an invariant N is uniform over iterations
// 0..BTC when X does not wrap, checked exactly in 128 bits:
// ext(X_last) == ext(X_first) + step * BTC, and
//  - for <, <=, >, >=: when it has the same value at X_first and X_last
//    (monotone);
//  - for == and !=: when N lies outside [X_first, X_last] (or the range has
//    one element).
// A loop-invariant leaf is uniform by definition.
//
// Runs at the vectoriser's start (PassBuilder's VectorizerStart point), on
// loops that buildWorkGroupFunction marked with kWorkItemLoopAttribute and
// that are innermost (a kernel's own loop inside keeps the x loop from being
// vectorised anyway). Afterwards it declares each of those loops (the copies
// too) parallel when it can; see markParallelAccesses().
//
//===----------------------------------------------------------------------===//

#include "WorkItemLoopVersioning.h"

#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Analysis/VectorUtils.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace acc {
namespace {

/// One branch to make unconditional in the fast copy.
struct Guard {
  BranchInst *branch;
  /// Successor index (0: true) the fast copy always takes.
  unsigned expected;
};

class Versioner {
public:
  Versioner(Loop &loop, LoopInfo &li, DominatorTree &dt, ScalarEvolution &se)
      : loop(loop), li(li), dt(dt), se(se), expander(se, "acc.wi") {}

  /// Versions the loop; false when it has nothing to version.
  bool run();

private:
  /// Whether `cond` is a tree this pass can evaluate before the loop.
  bool analysable(Value *cond, unsigned depth = 0);
  /// Emits, at `at`, the condition's value at the first iteration and
  /// whether it is uniform over the loop.
  std::pair<Value *, Value *> evaluate(Value *cond, IRBuilder<> &b);
  std::pair<Value *, Value *> evaluateCompare(ICmpInst *cmp, IRBuilder<> &b);
  /// Instructions reached only through `succ` from `from`, inside the loop.
  unsigned weight(BasicBlock *from, BasicBlock *succ);
  Value *expand(const SCEV *s, IRBuilder<> &b) {
    return expander.expandCodeFor(s, s->getType(), b.GetInsertPoint());
  }

  Loop &loop;
  LoopInfo &li;
  DominatorTree &dt;
  ScalarEvolution &se;
  SCEVExpander expander;
  const SCEV *btc = nullptr;
};

/// `s` as an affine recurrence of `loop` with a positive constant step, or
/// null.
const SCEVAddRecExpr *affineIn(const SCEV *s, const Loop &loop,
                               ScalarEvolution &se) {
  auto *ar = dyn_cast<SCEVAddRecExpr>(s);
  if (!ar || ar->getLoop() != &loop || !ar->isAffine())
    return nullptr;
  auto *step = dyn_cast<SCEVConstant>(ar->getStepRecurrence(se));
  if (!step || !step->getAPInt().isStrictlyPositive())
    return nullptr;
  return ar;
}

bool Versioner::analysable(Value *cond, unsigned depth) {
  if (depth > 8)
    return false;
  if (loop.isLoopInvariant(cond))
    return true;
  if (auto *cmp = dyn_cast<ICmpInst>(cond)) {
    const SCEV *l = se.getSCEV(cmp->getOperand(0));
    const SCEV *r = se.getSCEV(cmp->getOperand(1));
    const SCEV *affine = affineIn(l, loop, se) ? l : r;
    const SCEV *other = affine == l ? r : l;
    if (!affineIn(affine, loop, se) || !se.isLoopInvariant(other, &loop))
      return false;
    Instruction *at = loop.getLoopPreheader()->getTerminator();
    // What the check computes: the recurrence's start and its value after
    // btc steps, and the other operand.
    const auto *ar = cast<SCEVAddRecExpr>(affine);
    if (!expander.isSafeToExpandAt(ar->getStart(), at) ||
        !expander.isSafeToExpandAt(btc, at) ||
        !expander.isSafeToExpandAt(other, at))
      return false;
    return true;
  }
  Value *x, *y;
  if (match(cond, m_LogicalAnd(m_Value(x), m_Value(y))) ||
      match(cond, m_LogicalOr(m_Value(x), m_Value(y))))
    return analysable(x, depth + 1) && analysable(y, depth + 1);
  if (match(cond, m_Not(m_Value(x))))
    return analysable(x, depth + 1);
  return false;
}

std::pair<Value *, Value *> Versioner::evaluateCompare(ICmpInst *cmp,
                                                       IRBuilder<> &b) {
  const SCEV *l = se.getSCEV(cmp->getOperand(0));
  const SCEV *r = se.getSCEV(cmp->getOperand(1));
  bool affineLeft = affineIn(l, loop, se) != nullptr;
  const auto *ar = affineIn(affineLeft ? l : r, loop, se);
  const SCEV *first = ar->getStart();
  const SCEV *last = ar->evaluateAtIteration(btc, se);
  Value *n = expand(affineLeft ? r : l, b);
  Value *x0 = expand(first, b), *x1 = expand(last, b);
  CmpInst::Predicate pred = cmp->getPredicate();
  auto compare = [&](Value *x) {
    return affineLeft ? b.CreateICmp(pred, x, n) : b.CreateICmp(pred, n, x);
  };

  // No wrap over the loop: ext(last) == ext(first) + step * btc in 128 bits,
  // with the extension the predicate's signedness calls for.
  bool isSigned = !ICmpInst::isUnsigned(pred);
  Type *wide = b.getIntNTy(128);
  auto ext = [&](const SCEV *v) {
    return isSigned ? se.getSignExtendExpr(v, wide)
                    : se.getZeroExtendExpr(v, wide);
  };
  const SCEV *step = se.getZeroExtendExpr(ar->getStepRecurrence(se), wide);
  const SCEV *expectLast = se.getAddExpr(
      ext(first), se.getMulExpr(step, se.getZeroExtendExpr(btc, wide)));
  Value *noWrap = b.CreateICmpEQ(expand(ext(last), b), expand(expectLast, b));

  Value *value = compare(x0);
  Value *uniform;
  if (ICmpInst::isEquality(pred)) {
    // N outside [x0, x1], or a single iteration.
    Value *below = isSigned ? b.CreateICmpSLT(n, x0) : b.CreateICmpULT(n, x0);
    Value *above = isSigned ? b.CreateICmpSGT(n, x1) : b.CreateICmpUGT(n, x1);
    Value *single = b.CreateICmpEQ(x0, x1);
    uniform = b.CreateOr(b.CreateOr(below, above), single);
  } else {
    uniform = b.CreateICmpEQ(value, compare(x1));
  }
  return {value, b.CreateAnd(noWrap, uniform)};
}

std::pair<Value *, Value *> Versioner::evaluate(Value *cond, IRBuilder<> &b) {
  if (loop.isLoopInvariant(cond)) {
    // A constant, an argument or an instruction outside the loop, which
    // dominates the loop and so the preheader's end.
    return {cond, b.getTrue()};
  }
  if (auto *cmp = dyn_cast<ICmpInst>(cond))
    return evaluateCompare(cmp, b);
  Value *x, *y;
  if (match(cond, m_LogicalAnd(m_Value(x), m_Value(y)))) {
    auto [vx, ux] = evaluate(x, b);
    auto [vy, uy] = evaluate(y, b);
    return {b.CreateAnd(vx, vy), b.CreateAnd(ux, uy)};
  }
  if (match(cond, m_LogicalOr(m_Value(x), m_Value(y)))) {
    auto [vx, ux] = evaluate(x, b);
    auto [vy, uy] = evaluate(y, b);
    return {b.CreateOr(vx, vy), b.CreateAnd(ux, uy)};
  }
  match(cond, m_Not(m_Value(x)));
  auto [vx, ux] = evaluate(x, b);
  return {b.CreateNot(vx), ux};
}

unsigned Versioner::weight(BasicBlock *from, BasicBlock *succ) {
  // A successor with other predecessors is where paths join (the skip edge
  // of a range check goes straight to the latch): it is not this branch's.
  if (!loop.contains(succ) || succ->getSinglePredecessor() != from)
    return 0;
  unsigned count = 0;
  for (BasicBlock *bb : loop.blocks())
    if (dt.dominates(succ, bb))
      count += bb->size();
  return count;
}

bool Versioner::run() {
  BasicBlock *preheader = loop.getLoopPreheader();
  BasicBlock *exit = loop.getExitBlock();
  if (!preheader || !exit || !loop.getLoopLatch())
    return false;
  btc = se.getBackedgeTakenCount(&loop);
  if (isa<SCEVCouldNotCompute>(btc))
    return false;

  SmallVector<Guard, 8> guards;
  for (BasicBlock *bb : loop.blocks()) {
    auto *br = dyn_cast<BranchInst>(bb->getTerminator());
    if (!br || !br->isConditional() || loop.isLoopExiting(bb))
      continue;
    if (br->getSuccessor(0) == loop.getHeader() ||
        br->getSuccessor(1) == loop.getHeader())
      continue;
    if (!analysable(br->getCondition()))
      continue;
    unsigned wt = weight(bb, br->getSuccessor(0));
    unsigned wf = weight(bb, br->getSuccessor(1));
    if (wt == 0 && wf == 0)
      continue;
    guards.push_back({br, wt >= wf ? 0u : 1u});
  }
  if (guards.empty())
    return false;

  // The check, at the end of the preheader.
  IRBuilder<> b(preheader->getTerminator());
  Value *fast = b.getTrue();
  for (const Guard &g : guards) {
    auto [value, uniform] = evaluate(g.branch->getCondition(), b);
    Value *expected = g.expected == 0 ? value : b.CreateNot(value);
    fast = b.CreateAnd(fast, b.CreateAnd(uniform, expected));
  }
  fast->setName("acc.wi.uniform");

  // preheader (the check) -> fastPreheader (a copy) / slowPreheader -> loop.
  BasicBlock *slowPreheader = SplitBlock(preheader, preheader->getTerminator(),
                                         &dt, &li, nullptr, "acc.wi.slow");
  ValueToValueMapTy vmap;
  SmallVector<BasicBlock *, 16> blocks;
  Loop *copy = cloneLoopWithPreheader(slowPreheader, preheader, &loop, vmap,
                                      ".acc.fast", &li, &dt, blocks);
  remapInstructionsInBlocks(blocks, vmap);
  Instruction *term = preheader->getTerminator();
  BranchInst::Create(copy->getLoopPreheader(), slowPreheader, fast,
                     term->getIterator());
  term->eraseFromParent();
  dt.changeImmediateDominator(exit, preheader);

  // Both loops leave through `exit`: its phis (LCSSA) take the copy's
  // values too.
  for (PHINode &phi : exit->phis())
    for (unsigned i = 0, e = phi.getNumIncomingValues(); i != e; ++i) {
      BasicBlock *from = phi.getIncomingBlock(i);
      if (!loop.contains(from))
        continue;
      Value *v = phi.getIncomingValue(i);
      Value *mapped = vmap.lookup(v);
      phi.addIncoming(mapped ? mapped : v, cast<BasicBlock>(vmap[from]));
    }

  // In the copy, the guards always take their expected successor. The
  // blocks left unreachable are removed by the SimplifyCFG that follows.
  for (const Guard &g : guards) {
    auto *br = cast<BranchInst>(vmap[g.branch]);
    BasicBlock *keep = br->getSuccessor(g.expected);
    BasicBlock *drop = br->getSuccessor(1 - g.expected);
    drop->removePredecessor(br->getParent());
    BranchInst::Create(keep, br->getIterator());
    br->eraseFromParent();
  }
  se.forgetLoop(&loop);
  return true;
}

/// Whether every object `ptr` may point into is memory that work-items
/// share: what the work-group function's arguments point to (its
/// descriptor and argument array), a buffer or local-memory pointer loaded
/// from there, or a constant. Not an alloca: a work-item's private
/// variables live in the work-group function's frame, where every
/// iteration of the loop reuses them, and not a pointer loaded from one.
bool pointsIntoSharedMemory(const Value *ptr, const LoopInfo &li,
                            unsigned depth = 0) {
  SmallVector<const Value *, 4> objects;
  getUnderlyingObjects(ptr, objects, &li);
  return !objects.empty() && all_of(objects, [&](const Value *object) {
    if (isa<Argument>(object))
      return true;
    if (auto *load = dyn_cast<LoadInst>(object))
      return depth < 2 &&
             pointsIntoSharedMemory(load->getPointerOperand(), li, depth + 1);
    auto *global = dyn_cast<GlobalVariable>(object);
    return global && global->isConstant();
  });
}

/// Declares the accesses of a work-item loop free of dependences between
/// iterations (llvm.loop.parallel_accesses), when each of them is a plain
/// load or store of shared memory. Between two barriers, OpenCL gives no
/// order to the accesses of different work-items: two of them touching the
/// same location, one writing, race, and the result is undefined. So the
/// vectoriser may drop its run-time overlap checks between buffers, which
/// per row of a small work-group cost as much as the row's work. A loop
/// with anything else (an atomic, a call that touches memory, a private
/// variable in the frame) is left as it is.
bool markParallelAccesses(Loop &loop, const LoopInfo &li) {
  SmallVector<Instruction *, 32> accesses;
  for (BasicBlock *block : loop.blocks())
    for (Instruction &inst : *block) {
      if (!inst.mayReadOrWriteMemory())
        continue;
      const Value *ptr = nullptr;
      if (auto *load = dyn_cast<LoadInst>(&inst); load && load->isSimple())
        ptr = load->getPointerOperand();
      else if (auto *store = dyn_cast<StoreInst>(&inst);
               store && store->isSimple())
        ptr = store->getPointerOperand();
      if (!ptr || !pointsIntoSharedMemory(ptr, li))
        return false;
      accesses.push_back(&inst);
    }
  if (accesses.empty())
    return false;
  LLVMContext &ctx = loop.getHeader()->getContext();
  MDNode *group = MDNode::getDistinct(ctx, {});
  for (Instruction *inst : accesses)
    inst->setMetadata(LLVMContext::MD_access_group,
                      uniteAccessGroups(
                          inst->getMetadata(LLVMContext::MD_access_group),
                          group));
  MDNode *parallel = MDNode::get(
      ctx, {MDString::get(ctx, "llvm.loop.parallel_accesses"), group});
  SmallVector<Metadata *, 4> ops = {nullptr};
  if (MDNode *id = loop.getLoopID())
    for (unsigned i = 1, e = id->getNumOperands(); i < e; ++i)
      ops.push_back(id->getOperand(i));
  ops.push_back(parallel);
  MDNode *id = MDNode::getDistinct(ctx, ops);
  id->replaceOperandWith(0, id);
  loop.setLoopID(id);
  return true;
}

} // namespace

PreservedAnalyses WorkItemLoopVersioningPass::run(Function &f,
                                                  FunctionAnalysisManager &fam) {
  auto &li = fam.getResult<LoopAnalysis>(f);
  SmallVector<Loop *, 8> marked;
  for (Loop *l : li.getLoopsInPreorder())
    if (l->isInnermost() && getBooleanLoopAttribute(l, kWorkItemLoopAttribute))
      marked.push_back(l);
  if (marked.empty())
    return PreservedAnalyses::all();
  auto &dt = fam.getResult<DominatorTreeAnalysis>(f);
  auto &se = fam.getResult<ScalarEvolutionAnalysis>(f);
  auto &ac = fam.getResult<AssumptionAnalysis>(f);
  bool changed = false;
  for (Loop *l : marked) {
    changed |= simplifyLoop(l, &dt, &li, &se, &ac, nullptr,
                            /*PreserveLCSSA=*/false);
    changed |= formLCSSARecursively(*l, dt, &li, &se);
    changed |= Versioner(*l, li, dt, se).run();
  }
  // The loops again: versioning added copies, with the attribute too.
  for (Loop *l : li.getLoopsInPreorder())
    if (l->isInnermost() && getBooleanLoopAttribute(l, kWorkItemLoopAttribute))
      changed |= markParallelAccesses(*l, li);
  return changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace acc
