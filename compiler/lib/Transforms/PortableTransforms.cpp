//===- PortableTransforms.cpp - Rewrites of the portable IR for targets ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#include "acc/Transforms/PortableTransforms.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"

using namespace mlir;

namespace acc {

bool materializeConstantGlobals(gpu::GPUModuleOp module, int64_t maxUnits,
                                std::string &error) {
  llvm::SmallVector<memref::GetGlobalOp> uses;
  module.walk([&](memref::GetGlobalOp op) { uses.push_back(op); });
  for (memref::GetGlobalOp use : uses) {
    auto global = module.lookupSymbol<memref::GlobalOp>(use.getName());
    auto init = global ? llvm::dyn_cast_or_null<DenseElementsAttr>(
                             global.getInitialValueAttr())
                       : DenseElementsAttr();
    MemRefType type = use.getType();
    if (!init || type.getRank() != 1 || !type.hasStaticShape()) {
      error = "a program-scope constant of this shape";
      return false;
    }
    if (type.getDimSize(0) > maxUnits) {
      error = "a program-scope constant of " +
              std::to_string(type.getDimSize(0)) + " elements (more than " +
              std::to_string(maxUnits) + ")";
      return false;
    }
    OpBuilder b(use);
    Location l = use.getLoc();
    Value copy = memref::AllocaOp::create(
        b, l, MemRefType::get(type.getShape(), type.getElementType()));
    auto values = llvm::to_vector(init.getValues<TypedAttr>());
    for (int64_t i = 0; i < type.getDimSize(0); ++i) {
      Value v = arith::ConstantOp::create(b, l, values[init.isSplat() ? 0 : i]);
      Value at = arith::ConstantIndexOp::create(b, l, i);
      memref::StoreOp::create(b, l, v, copy, ValueRange{at});
    }
    use.getResult().replaceAllUsesWith(copy);
    use.erase();
  }
  for (auto global :
       llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
    global.erase();
  return true;
}


//===----------------------------------------------------------------------===//
// Wide vectors
//===----------------------------------------------------------------------===//

namespace {

bool isWide(Type t, int64_t maxLanes) {
  auto vt = llvm::dyn_cast<VectorType>(t);
  return vt && vt.getRank() == 1 && vt.getNumElements() > maxLanes;
}

/// Lane `i` of `v` (a scalar is its own lane).
Value laneOf(OpBuilder &b, Location l, Value v, int64_t i) {
  if (!llvm::isa<VectorType>(v.getType()))
    return v;
  if (auto fe = v.getDefiningOp<vector::FromElementsOp>())
    return fe.getElements()[i];
  return vector::ExtractOp::create(b, l, v, i);
}

/// The lanes of the result of `op`, computed lane by lane; empty when `op`
/// is not something this knows how to split.
llvm::SmallVector<Value> splitOp(OpBuilder &b, Operation *op, VectorType vt) {
  Location l = op->getLoc();
  int64_t n = vt.getNumElements();
  Type elem = vt.getElementType();
  llvm::SmallVector<Value> lanes;
  if (auto c = dyn_cast<arith::ConstantOp>(op)) {
    auto dense = llvm::dyn_cast<DenseElementsAttr>(c.getValue());
    if (!dense)
      return {};
    auto values = llvm::to_vector(dense.getValues<TypedAttr>());
    for (int64_t i = 0; i < n; ++i)
      lanes.push_back(
          arith::ConstantOp::create(b, l, values[dense.isSplat() ? 0 : i]));
    return lanes;
  }
  if (auto bc = dyn_cast<vector::BroadcastOp>(op)) {
    if (llvm::isa<VectorType>(bc.getSource().getType()))
      return {};
    lanes.assign(n, bc.getSource());
    return lanes;
  }
  if (auto sh = dyn_cast<vector::ShuffleOp>(op)) {
    int64_t n1 = sh.getV1VectorType().getNumElements();
    for (int64_t m : sh.getMask())
      lanes.push_back(m < n1 ? laneOf(b, l, sh.getV1(), m)
                             : laneOf(b, l, sh.getV2(), m - n1));
    return lanes;
  }
  if (auto ins = dyn_cast<vector::InsertOp>(op)) {
    if (!ins.getDynamicPosition().empty() || ins.getStaticPosition().size() != 1)
      return {};
    for (int64_t i = 0; i < n; ++i)
      lanes.push_back(i == ins.getStaticPosition()[0]
                          ? ins.getValueToStore()
                          : laneOf(b, l, ins.getDest(), i));
    return lanes;
  }
  if (auto cast = dyn_cast<vector::BitCastOp>(op)) {
    // Regroup: each output lane is made of `ratio` input lanes, or the
    // other way round, through a small vector.bitcast.
    VectorType from = cast.getSourceVectorType();
    int64_t fromN = from.getNumElements();
    Type fromElem = from.getElementType();
    if (fromN >= n) {
      int64_t ratio = fromN / n;
      for (int64_t i = 0; i < n; ++i) {
        llvm::SmallVector<Value> group;
        for (int64_t j = 0; j < ratio; ++j)
          group.push_back(laneOf(b, l, cast.getSource(), i * ratio + j));
        Value small = vector::FromElementsOp::create(
            b, l, VectorType::get({ratio}, fromElem), group);
        Value one = vector::BitCastOp::create(b, l, VectorType::get({1}, elem), small);
        lanes.push_back(vector::ExtractOp::create(b, l, one, 0));
      }
    } else {
      int64_t ratio = n / fromN;
      for (int64_t i = 0; i < fromN; ++i) {
        Value one = vector::FromElementsOp::create(
            b, l, VectorType::get({1}, fromElem),
            ValueRange{laneOf(b, l, cast.getSource(), i)});
        Value small = vector::BitCastOp::create(b, l, VectorType::get({ratio}, elem), one);
        for (int64_t j = 0; j < ratio; ++j)
          lanes.push_back(vector::ExtractOp::create(b, l, small, j));
      }
    }
    return lanes;
  }
  if (op->hasTrait<OpTrait::Elementwise>() && op->getNumResults() == 1 &&
      op->getNumRegions() == 0) {
    for (int64_t i = 0; i < n; ++i) {
      OperationState state(l, op->getName());
      for (Value operand : op->getOperands())
        state.addOperands(laneOf(b, l, operand, i));
      state.addTypes(elem);
      state.addAttributes(op->getAttrs());
      lanes.push_back(b.create(state)->getResult(0));
    }
    return lanes;
  }
  return {};
}

} // namespace

bool scalarizeWideVectors(Operation *kernel, int64_t maxLanes,
                          std::string &error) {
  Region &body = kernel->getRegion(0);
  // Values carried between blocks: one block argument per lane.
  for (Block &block : llvm::drop_begin(body)) {
    for (unsigned a = 0; a < block.getNumArguments();) {
      BlockArgument arg = block.getArgument(a);
      auto vt = llvm::dyn_cast<VectorType>(arg.getType());
      if (!vt || !isWide(vt, maxLanes)) {
        ++a;
        continue;
      }
      int64_t n = vt.getNumElements();
      for (Block *pred : block.getPredecessors()) {
        auto branch = dyn_cast<BranchOpInterface>(pred->getTerminator());
        if (!branch) {
          error = "a wide vector carried between blocks";
          return false;
        }
        for (unsigned s = 0; s < branch->getNumSuccessors(); ++s) {
          if (branch->getSuccessor(s) != &block)
            continue;
          SuccessorOperands ops = branch.getSuccessorOperands(s);
          Value wide = ops[a];
          OpBuilder b(branch);
          llvm::SmallVector<Value> lanes;
          for (int64_t i = 0; i < n; ++i)
            lanes.push_back(laneOf(b, branch.getLoc(), wide, i));
          ops.erase(a);
          ops.append(lanes);
        }
      }
      llvm::SmallVector<Value> laneArgs;
      for (int64_t i = 0; i < n; ++i)
        laneArgs.push_back(block.addArgument(vt.getElementType(), arg.getLoc()));
      OpBuilder b(&block, block.begin());
      Value rebuilt = vector::FromElementsOp::create(b, arg.getLoc(), vt, laneArgs);
      arg.replaceAllUsesWith(rebuilt);
      block.eraseArgument(a);
    }
  }
  // Every op that makes a wide vector, or a vector from one (`.hi` of an
  // int8), computes its lanes instead.
  auto hasWideOperand = [&](Operation *op) {
    return llvm::any_of(op->getOperandTypes(),
                        [&](Type t) { return isWide(t, maxLanes); });
  };
  llvm::SmallVector<Operation *> work;
  kernel->walk([&](Operation *op) {
    if (op->getNumResults() != 1 || isa<vector::FromElementsOp>(op))
      return;
    Type t = op->getResult(0).getType();
    if (isWide(t, maxLanes) ||
        (llvm::isa<VectorType>(t) && hasWideOperand(op)))
      work.push_back(op);
  });
  for (Operation *op : work) {
    auto vt = llvm::cast<VectorType>(op->getResult(0).getType());
    OpBuilder b(op);
    llvm::SmallVector<Value> lanes = splitOp(b, op, vt);
    if (lanes.empty()) {
      error = "'" + op->getName().getStringRef().str() + "' on a wide vector";
      return false;
    }
    Value rebuilt = vector::FromElementsOp::create(b, op->getLoc(), vt, lanes);
    op->getResult(0).replaceAllUsesWith(rebuilt);
    op->erase();
  }
  // Users of the rebuilt vectors read their lanes directly: a constant
  // lane or a reduction (`any`, `all` on 8 lanes). (The front end refuses
  // lanes picked at run time.)
  llvm::SmallVector<Operation *> readers;
  kernel->walk([&](Operation *op) {
    if (isa<vector::ExtractOp, vector::ReductionOp>(op) && hasWideOperand(op))
      readers.push_back(op);
  });
  for (Operation *op : readers) {
    OpBuilder b(op);
    Location l = op->getLoc();
    Value result;
    if (auto ex = dyn_cast<vector::ExtractOp>(op)) {
      if (ex.getStaticPosition().size() != 1 ||
          !ex.getDynamicPosition().empty())
        continue;
      result = laneOf(b, l, ex.getSource(), ex.getStaticPosition()[0]);
    } else {
      auto red = cast<vector::ReductionOp>(op);
      if (red.getAcc())
        continue;
      int64_t n = red.getSourceVectorType().getNumElements();
      result = laneOf(b, l, red.getVector(), 0);
      for (int64_t i = 1; i < n; ++i)
        result = vector::makeArithReduction(b, l, red.getKind(), result,
                                            laneOf(b, l, red.getVector(), i));
    }
    op->getResult(0).replaceAllUsesWith(result);
    op->erase();
  }
  // Erase what is now dead (pure lane plumbing), then check nothing wide
  // is left.
  for (bool changed = true; changed;) {
    changed = false;
    llvm::SmallVector<Operation *> dead;
    kernel->walk([&](Operation *op) {
      if (isa<vector::ExtractOp, vector::FromElementsOp>(op) && op->use_empty())
        dead.push_back(op);
    });
    for (Operation *op : dead)
      op->erase();
    changed = !dead.empty();
  }
  WalkResult left = kernel->walk([&](Operation *op) {
    for (Value v : op->getOperands())
      if (isWide(v.getType(), maxLanes)) {
        error = "'" + op->getName().getStringRef().str() +
                "' with a vector of more than " + std::to_string(maxLanes) +
                " lanes";
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  if (left.wasInterrupted())
    return false;
  return true;
}

} // namespace acc
