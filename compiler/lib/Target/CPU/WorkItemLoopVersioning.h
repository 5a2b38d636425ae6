//===- WorkItemLoopVersioning.h - Branch-free work-item loops ---*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// An LLVM function pass of the cpu pipeline; see WorkItemLoopVersioning.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PIPELINES_WORKITEMLOOPVERSIONING_H
#define ACC_PIPELINES_WORKITEMLOOPVERSIONING_H

#include "llvm/IR/PassManager.h"

namespace acc {

/// The loop attribute (a `llvm.loop` string) that marks the loop over the
/// x dimension of a work-group function's work-items.
inline constexpr const char kWorkItemLoopAttribute[] = "acc.workitem.x";

/// Gives each marked work-item loop a second, branch-free copy for the
/// work-groups where its range checks and border tests come out the same for
/// every work-item, chosen at run time before the loop; then declares each
/// of those loops free of dependences between work-items when all its
/// accesses reach buffers or local memory (llvm.loop.parallel_accesses).
class WorkItemLoopVersioningPass
    : public llvm::PassInfoMixin<WorkItemLoopVersioningPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &f,
                              llvm::FunctionAnalysisManager &fam);
};

} // namespace acc

#endif // ACC_PIPELINES_WORKITEMLOOPVERSIONING_H
