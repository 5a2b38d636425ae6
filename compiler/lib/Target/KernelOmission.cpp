//===- KernelOmission.cpp - Code objects without the kernels a target lacks ===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// One kernel that uses fp64 must not take the glsl target away from every
// other kernel of its file. The kernels a target lacks a feature for are
// known before compiling (acc/Target/Registry.h) and come in as already
// omitted; the others are compiled together. When a target's pipeline
// refuses the whole
// module with "cannot express", each kernel is compiled alone: those the
// target cannot hold are left out of the target's code objects, each with
// its own diagnostic as the reason (bundle format 1.1, CodeObject::missing),
// and the rest are compiled together. The search costs one compilation per
// kernel, and only on this failure path; a module the target accepts is
// compiled once, as before.
//
//===----------------------------------------------------------------------===//

#include "acc/Target/Targets.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

#include "llvm/ADT/STLExtras.h"
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
                            const TargetCompileFn &compile,
                            std::vector<bundle::CodeObject> &out,
                            std::vector<bundle::MissingKernel> &omitted,
                            std::string &error) {
  llvm::sort(omitted, [](const bundle::MissingKernel &a,
                         const bundle::MissingKernel &b) {
    return a.kernel < b.kernel;
  });
  const std::vector<bundle::KernelInfo> kernels = ir::getKernelInfos(portable);
  std::vector<size_t> candidates;
  for (size_t i = 0; i < kernels.size(); ++i)
    if (llvm::none_of(omitted, [&](const bundle::MissingKernel &m) {
          return m.kernel == i;
        }))
      candidates.push_back(i);
  if (candidates.empty() && !omitted.empty()) {
    error = omitted.front().reason;
    return false;
  }
  auto subset = [&](llvm::ArrayRef<size_t> indices) {
    llvm::StringSet<> names;
    for (size_t i : indices)
      names.insert(kernels[i].name);
    return withKernels(portable, names);
  };
  const size_t before = out.size();
  auto finish = [&](const std::vector<bundle::MissingKernel> &missing) {
    for (size_t c = before; c < out.size(); ++c)
      out[c].missing = missing;
    omitted = missing;
    return true;
  };

  // Every candidate together: one compilation when the target takes them.
  OwningOpRef<ModuleOp> copy;
  if (!omitted.empty())
    copy = subset(candidates);
  if (compile(copy ? *copy : portable, out, error))
    return finish(omitted);
  out.resize(before);
  if (!isTargetLimit(error) || candidates.size() < 2)
    return false;
  std::string wholeError = error;

  // Each candidate alone, to find those the target cannot hold.
  std::vector<size_t> kept;
  std::vector<bundle::MissingKernel> missing = omitted;
  for (size_t i : candidates) {
    OwningOpRef<ModuleOp> single = subset({i});
    std::vector<bundle::CodeObject> scratch;
    std::string kernelError;
    if (compile(*single, scratch, kernelError)) {
      kept.push_back(i);
      continue;
    }
    if (!isTargetLimit(kernelError)) {
      error = kernelError;
      return false;
    }
    missing.push_back({uint32_t(i), kernelError});
  }
  // Every candidate compiles alone, or none does: the limit is the
  // module's (a program-scope table, say), not a kernel's.
  if (missing.size() == omitted.size() || kept.empty()) {
    error = wholeError;
    return false;
  }
  OwningOpRef<ModuleOp> rest = subset(kept);
  if (!compile(*rest, out, error)) {
    out.resize(before);
    return false;
  }
  llvm::sort(missing, [](const bundle::MissingKernel &a,
                         const bundle::MissingKernel &b) {
    return a.kernel < b.kernel;
  });
  return finish(missing);
}

} // namespace acc
