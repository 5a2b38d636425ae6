//===- KernelOmission.cpp - Code objects without the kernels a target lacks ===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// One kernel that uses fp64 must not take the glsl target away from every
// other kernel of its file. When a target's pipeline refuses the whole
// module with "cannot express", each kernel is compiled alone: those the
// target cannot hold are left out of the target's code objects, each with
// its own diagnostic as the reason (bundle format 1.1, CodeObject::missing),
// and the rest are compiled together. The search costs one compilation per
// kernel, and only on this failure path; a module the target accepts is
// compiled once, as before.
//
//===----------------------------------------------------------------------===//

#include "acc/Pipelines/Pipelines.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace acc {
namespace {

/// Whether `error` says the target cannot express a construct (the wording
/// every pipeline uses for a limit of the target, as opposed to a failure).
bool isTargetLimit(llvm::StringRef error) {
  return error.contains("cannot express");
}

/// A copy of `portable` holding only the kernels named in `keep`.
OwningOpRef<ModuleOp> withKernels(ModuleOp portable,
                                  const llvm::StringSet<> &keep) {
  OwningOpRef<ModuleOp> copy = portable.clone();
  for (auto gpuModule : copy->getOps<gpu::GPUModuleOp>())
    for (auto fn :
         llvm::make_early_inc_range(gpuModule.getOps<gpu::GPUFuncOp>()))
      if (fn.isKernel() && !keep.contains(fn.getName()))
        fn.erase();
  return copy;
}

} // namespace

bool compileOmittingKernels(ModuleOp portable,
                            const std::vector<bundle::KernelInfo> &kernels,
                            const TargetCompileFn &compile,
                            std::vector<bundle::CodeObject> &out,
                            std::vector<bundle::MissingKernel> &omitted,
                            std::string &error) {
  omitted.clear();
  size_t before = out.size();
  if (compile(portable, kernels, out, error))
    return true;
  out.resize(before);
  if (!isTargetLimit(error) || kernels.size() < 2)
    return false;
  std::string wholeError = error;

  std::vector<bundle::KernelInfo> kept;
  llvm::StringSet<> keptNames;
  for (size_t i = 0; i < kernels.size(); ++i) {
    llvm::StringSet<> one;
    one.insert(kernels[i].name);
    OwningOpRef<ModuleOp> single = withKernels(portable, one);
    std::vector<bundle::CodeObject> scratch;
    std::string kernelError;
    if (compile(*single, {kernels[i]}, scratch, kernelError)) {
      kept.push_back(kernels[i]);
      keptNames.insert(kernels[i].name);
      continue;
    }
    if (!isTargetLimit(kernelError)) {
      error = kernelError;
      return false;
    }
    omitted.push_back({uint32_t(i), kernelError});
  }
  // Every kernel compiles alone, or none does: the limit is the module's
  // (a program-scope table, say), not a kernel's.
  if (omitted.empty() || kept.empty()) {
    omitted.clear();
    error = wholeError;
    return false;
  }
  OwningOpRef<ModuleOp> rest = withKernels(portable, keptNames);
  if (!compile(*rest, kept, out, error)) {
    out.resize(before);
    omitted.clear();
    return false;
  }
  for (size_t c = before; c < out.size(); ++c)
    out[c].missing = omitted;
  return true;
}

} // namespace acc
