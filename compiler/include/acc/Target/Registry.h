//===- Registry.h - The targets acc-cc compiles for --------------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// One table of acc-cc's targets. Each entry says what the target is called,
// which bundle code objects it writes, which kernel features its code can
// express, which --emit stages it offers and which functions run its
// pipeline. acc-cc's --targets, --target, --emit and --list-targets, the
// default target set, the per-kernel "cannot express" warnings and the
// bundle's per-kernel availability all read this table; a new target is a
// new entry (docs/architecture.md, "Adding a target").
//
//===----------------------------------------------------------------------===//
#ifndef ACC_TARGET_REGISTRY_H
#define ACC_TARGET_REGISTRY_H

#include "acc/Target/Targets.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace acc {

/// What every target's pipeline may read of acc-cc's options.
struct TargetOptions {
  /// The CPU families the cpu target writes code objects for.
  std::vector<CPUFamily> cpuFamilies;
  CPUPipelineOptions cpu;
};

/// The --emit stages besides `ast` (which every target has).
enum EmitStage : unsigned {
  kEmitMLIR = 1u << 0,    ///< the target's lowered MLIR
  kEmitLLVM = 1u << 1,    ///< LLVM IR (cpu)
  kEmitOpenCLC = 1u << 2, ///< OpenCL C source
  kEmitSPIRV = 1u << 3,   ///< a SPIR-V binary
  kEmitGLSL = 1u << 4,    ///< GLSL ES source
};

/// One target of acc-cc.
struct Target {
  const char *name;
  const char *description;
  /// ACC_KERNEL_FLAG_USES_* features the target's code can express. A
  /// kernel that needs another is left out of its code (or refused when the
  /// target is named with --targets), with the reason.
  acc_kernel_flags_t features;
  /// Whether acc-cc compiles for it when --targets is not given.
  bool inDefaultSet;
  /// EmitStage bits.
  unsigned stages;
  /// Compiles every kernel of the portable IR into code objects; fails
  /// with "... cannot express ..." for a construct the target lacks. Null
  /// when this build does not have the target yet.
  bool (*compile)(const TargetOptions &options, mlir::ModuleOp portable,
                  std::vector<bundle::CodeObject> &out, std::string &error);
  /// --emit=mlir --target=<name>: the IR after the target's lowering.
  bool (*lower)(const TargetOptions &options, mlir::ModuleOp portable,
                mlir::OwningOpRef<mlir::ModuleOp> &lowered,
                std::string &error);
  /// --emit=llvm|opencl-c|spirv: the target's own format, as bytes.
  bool (*emit)(const TargetOptions &options, mlir::ModuleOp portable,
               std::string &bytes, std::string &error);

  bool available() const { return compile != nullptr; }
};

/// Every target acc-cc knows, in the order --list-targets prints them.
llvm::ArrayRef<Target> targetRegistry();
/// The target called `name`, or null.
const Target *findTarget(llvm::StringRef name);
/// The names of the features in `features`, comma-separated.
std::string describeTargetFeatures(acc_kernel_flags_t features);

/// The kernels of `portable` that `target` cannot hold because they need a
/// feature it lacks, each with its reason ("kernel 'k': the spirv-cl target
/// cannot express 64-bit atomics (at file:line:col)", located at the first
/// operation that needs the feature), by index into
/// acc::ir::getKernels(portable).
std::vector<bundle::MissingKernel>
kernelsLackingFeatures(const Target &target, mlir::ModuleOp portable);

} // namespace acc

#endif // ACC_TARGET_REGISTRY_H
