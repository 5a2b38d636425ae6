//===- LowerLaunchConvention.cpp - Work-item queries for convention 1 -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The pass of Passes.td (`--lower-launch-convention`): the work-item
// queries of the portable IR, rewritten once for every GPU-style target in
// terms of the target's native ids and the launch words of convention 1.
// The native ids it creates (gpu.thread_id, gpu.block_id, gpu.block_dim)
// then mean what the API gives each dispatch, which is what the target's
// own lowering of those ops reads.
//
//===----------------------------------------------------------------------===//

#include "acc/Conversion/Passes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"

namespace acc {

#define GEN_PASS_DEF_LOWERLAUNCHCONVENTIONPASS
#include "acc/Conversion/Passes.h.inc"

using namespace mlir;

namespace {

/// The values of one kernel, each built once at the top of its entry block
/// (they are uniform, or per work-item but unchanging), in order, before an
/// anchor that stays while the queries they replace are erased.
class LaunchValues {
public:
  explicit LaunchValues(gpu::GPUFuncOp kernel)
      : b(OpBuilder::atBlockBegin(&kernel.getBody().front())),
        loc(kernel.getLoc()) {
    anchor = arith::ConstantIndexOp::create(b, loc, 0);
    b.setInsertionPoint(anchor);
  }
  ~LaunchValues() { anchor->erase(); }

  Value word(ir::LaunchField field, gpu::Dimension d) {
    Value &v = words[static_cast<unsigned>(field)][static_cast<unsigned>(d)];
    if (!v)
      v = ir::LaunchWordOp::create(b, loc, field, dim(d));
    return v;
  }

  /// The group id: the dispatch's first group plus the native one.
  Value groupId(gpu::Dimension d) {
    Value &v = groupIds[static_cast<unsigned>(d)];
    if (!v)
      v = arith::AddIOp::create(b, loc,
                                word(ir::LaunchField::group_offset, d),
                                gpu::BlockIdOp::create(b, loc, d));
    return v;
  }

  /// The global id of the work-item's group's first work-item, without the
  /// global offset.
  Value groupStart(gpu::Dimension d) {
    Value &v = groupStarts[static_cast<unsigned>(d)];
    if (!v)
      v = arith::MulIOp::create(b, loc, groupId(d),
                                word(ir::LaunchField::local_size, d));
    return v;
  }

  Value globalId(gpu::Dimension d) {
    Value &v = globalIds[static_cast<unsigned>(d)];
    if (!v)
      v = arith::AddIOp::create(b, loc, groupStart(d),
                                gpu::ThreadIdOp::create(b, loc, d));
    return v;
  }

  /// The size of this work-item's group: the native size, or less for the
  /// partial last group of a range rounded up to whole groups.
  Value groupSize(gpu::Dimension d) {
    Value left = arith::SubIOp::create(
        b, loc, word(ir::LaunchField::global_size, d), groupStart(d));
    return arith::MinUIOp::create(b, loc, gpu::BlockDimOp::create(b, loc, d),
                                  left);
  }

  /// ceil(global_size / local_size).
  Value numGroups(gpu::Dimension d) {
    Value size = word(ir::LaunchField::global_size, d);
    Value local = word(ir::LaunchField::local_size, d);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    return arith::DivUIOp::create(
        b, loc,
        arith::SubIOp::create(b, loc, arith::AddIOp::create(b, loc, size, local),
                              one),
        local);
  }

  OpBuilder &builder() { return b; }

private:
  static ir::Dimension dim(gpu::Dimension d) {
    return static_cast<ir::Dimension>(d);
  }

  OpBuilder b;
  Location loc;
  Operation *anchor;
  Value words[5][3];
  Value groupIds[3], groupStarts[3], globalIds[3];
};

constexpr gpu::Dimension kDims[3] = {gpu::Dimension::x, gpu::Dimension::y,
                                     gpu::Dimension::z};

/// Retires the work-items past the real global size: the entry block
/// branches to a new block that returns when any dimension's global id
/// reaches its global size, and to the rest of the kernel otherwise.
void retireExtraWorkItems(gpu::GPUFuncOp kernel, LaunchValues &values) {
  OpBuilder &b = values.builder();
  Location loc = kernel.getLoc();
  Value outside;
  for (gpu::Dimension d : kDims) {
    Value past = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::uge, values.globalId(d),
        values.word(ir::LaunchField::global_size, d));
    outside = outside ? arith::OrIOp::create(b, loc, outside, past) : past;
  }
  Block *entry = &kernel.getBody().front();
  Block *rest = entry->splitBlock(b.getInsertionPoint());
  Block *retire = new Block();
  kernel.getBody().getBlocks().insertAfter(entry->getIterator(), retire);
  OpBuilder end = OpBuilder::atBlockEnd(retire);
  gpu::ReturnOp::create(end, loc);
  end.setInsertionPointToEnd(entry);
  cf::CondBranchOp::create(end, loc, outside, retire, rest);
}

struct LowerLaunchConventionPass final
    : impl::LowerLaunchConventionPassBase<LowerLaunchConventionPass> {
  void runOnOperation() override {
    getOperation().walk([](gpu::GPUFuncOp kernel) {
      if (kernel.isKernel())
        lowerKernel(kernel);
    });
  }

  static void lowerKernel(gpu::GPUFuncOp kernel) {
    SmallVector<Operation *> queries;
    bool barriers = false;
    kernel.walk([&](Operation *op) {
      if (isa<gpu::GlobalIdOp, gpu::BlockIdOp, gpu::BlockDimOp, gpu::GridDimOp,
              ir::GlobalOffsetOp, ir::GlobalSizeOp, ir::WorkDimOp>(op))
        queries.push_back(op);
      barriers |= isa<gpu::BarrierOp>(op);
    });
    LaunchValues values(kernel);
    for (Operation *op : queries) {
      Value v;
      if (auto q = dyn_cast<gpu::GlobalIdOp>(op))
        v = values.globalId(q.getDimension());
      else if (auto q = dyn_cast<gpu::BlockIdOp>(op))
        v = values.groupId(q.getDimension());
      else if (auto q = dyn_cast<gpu::BlockDimOp>(op))
        v = values.groupSize(q.getDimension());
      else if (auto q = dyn_cast<gpu::GridDimOp>(op))
        v = values.numGroups(q.getDimension());
      else if (auto q = dyn_cast<ir::GlobalOffsetOp>(op))
        v = values.word(ir::LaunchField::global_offset,
                        static_cast<gpu::Dimension>(q.getDimension()));
      else if (auto q = dyn_cast<ir::GlobalSizeOp>(op))
        v = values.word(ir::LaunchField::global_size,
                        static_cast<gpu::Dimension>(q.getDimension()));
      else
        v = values.word(ir::LaunchField::work_dim, gpu::Dimension::x);
      op->getResult(0).replaceAllUsesWith(v);
      op->erase();
    }
    if (!barriers)
      retireExtraWorkItems(kernel, values);
  }
};

} // namespace
} // namespace acc
