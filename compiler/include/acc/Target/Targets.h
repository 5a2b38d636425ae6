//===- Targets.h - The code formats acc-cc writes -----------------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The entry points of each target (lib/Target/<Target>): each starts from
// the portable kernel IR, reads the kernels and their metadata from it
// (#accir.kernel), and is built from named stages that acc-cc can dump
// (`--emit=mlir --target=T`, `--emit=llvm --target=T`). The target
// registry (acc/Target/Registry.h) is the table acc-cc drives them from.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_TARGET_TARGETS_H
#define ACC_TARGET_TARGETS_H

#include "acc/bundle/Bundle.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace acc {

/// A CPU family the cpu target can produce code for.
struct CPUFamily {
  /// Bundle target id (ACC_TARGET_CPU_X86_64, ...).
  acc_target_t target;
  /// LLVM triple.
  const char *triple;
  /// LLVM CPU name.
  const char *cpu;
  /// Architecture recorded in the bundle ("x86-64", "aarch64").
  const char *arch;
  /// ld.lld emulation (-m).
  const char *emulation;
  /// The widest vectors, in bits, the vectorisers should prefer (LLVM's
  /// "prefer-vector-width" function attribute) in the work-group functions
  /// of kernels with 2-D ids, or null for the CPU's tuning everywhere.
  /// x86-64-v4's generic tuning prefers 256 bits; the work-item loops of
  /// 16-wide work-groups then take two iterations and twice their per-row
  /// overhead where one 512-bit iteration does.
  const char *preferVectorWidth = nullptr;
};

/// The families this build of acc-cc can target (x86-64 always; AArch64
/// when LLVM has the target).
std::vector<CPUFamily> availableCPUFamilies();

struct CPUPipelineOptions {
  /// -O level for LLVM's optimisation pipeline and code generator (0-3).
  unsigned optLevel = 2;
  /// ld.lld to link code objects with; empty = search (see docs/acc-cc.md).
  std::string linker;
  /// Compute the math library from arithmetic as the spirv-vk target does
  /// (acc::expandMath) instead of calling libm, and half storage in integer
  /// bits as the spirv-cl target does (acc::expandHalfStorage):
  /// -fsoft-math, which tests those expansions where they can run.
  bool softMath = false;
};

/// Stage 1: portable IR -> per-work-item functions in the LLVM dialect.
/// Works in place on `module` (pass a clone).
mlir::LogicalResult
lowerCPUToLLVMDialect(mlir::ModuleOp module,
                      const CPUPipelineOptions &options = {});

/// Stage 2: LLVM-dialect module -> optimised LLVM IR text for `family`,
/// including the work-group functions of acc/acc_cpu_abi.h.
bool emitCPULLVMIR(mlir::ModuleOp llvmDialectModule,
                   const std::vector<bundle::KernelInfo> &kernels,
                   const CPUFamily &family, const CPUPipelineOptions &options,
                   llvm::raw_ostream &os, std::string &error);

/// The whole cpu pipeline: one ELF shared object per family in `families`.
/// Every pipeline reads the kernels and their metadata from the IR
/// (acc::ir::getKernelInfos()).
bool compileCPU(mlir::ModuleOp portable,
                const std::vector<CPUFamily> &families,
                const CPUPipelineOptions &options,
                std::vector<bundle::CodeObject> &out, std::string &error);

/// The opencl-c target: prints the portable IR as OpenCL C 1.2 source.
bool emitOpenCLC(mlir::ModuleOp portable,
                 llvm::raw_ostream &os, std::string &error);

/// The whole opencl-c pipeline: one source code object.
bool compileOpenCLC(mlir::ModuleOp portable,
                    std::vector<bundle::CodeObject> &out, std::string &error);

/// The bundle `arch` of spirv-cl code: the SPIR-V version it is written in.
inline constexpr const char kSPIRVCLArch[] = "spirv-1.0";

/// The spirv-cl target, stages 1-3: the portable IR lowered to a
/// builtin.module holding one spirv.module (SPIR-V 1.0, Kernel, Physical64,
/// OpenCL memory model) with an OpEntryPoint per kernel. `portable` is not
/// modified. On failure `error` names the kernel and what it uses that
/// SPIR-V for OpenCL cannot express.
bool lowerToSPIRVCL(mlir::ModuleOp portable,
                    mlir::OwningOpRef<mlir::ModuleOp> &lowered,
                    std::string &error);

/// The spirv-cl target's SPIR-V binary: 32-bit words in the host's byte
/// order (SPIR-V allows either; the magic number tells readers which).
/// Fails for a translation unit without kernels, which makes no valid
/// module.
bool emitSPIRVCL(mlir::ModuleOp portable,
                 std::vector<uint8_t> &binary, std::string &error);

/// The whole spirv-cl pipeline: one SPIR-V code object (arch kSPIRVCLArch),
/// or none when there are no kernels.
bool compileSPIRVCL(mlir::ModuleOp portable,
                    std::vector<bundle::CodeObject> &out, std::string &error);

/// The bundle `arch` of spirv-vk code: the SPIR-V version it is written in.
inline constexpr const char kSPIRVVKArch[] = "spirv-1.3";

/// The spirv-vk target, stages 1-3: the portable IR lowered to a
/// builtin.module holding one spirv.module (SPIR-V 1.3, Shader, Logical,
/// GLSL450) with a GLCompute entry point per kernel and the resource
/// interface of docs/bundle-format.md ("spirv-vk"). `portable` is not
/// modified. On failure `error` names the kernel and what it uses that
/// SPIR-V for Vulkan cannot express.
bool lowerToSPIRVVK(mlir::ModuleOp portable,
                    mlir::OwningOpRef<mlir::ModuleOp> &lowered,
                    std::string &error);

/// The spirv-vk target's SPIR-V binary (host byte order). Fails for a
/// translation unit without kernels.
bool emitSPIRVVK(mlir::ModuleOp portable,
                 std::vector<uint8_t> &binary, std::string &error);

/// The whole spirv-vk pipeline: one SPIR-V code object (arch kSPIRVVKArch),
/// or none when there are no kernels.
bool compileSPIRVVK(mlir::ModuleOp portable,
                    std::vector<bundle::CodeObject> &out, std::string &error);

/// The bundle `arch` of glsl code: the language version it is written in.
inline constexpr const char kGLSLArch[] = "glsl-es-3.10";

/// The SPIR-V the glsl target cross-compiles: the Shader flavour for GLES
/// (acc::SPIRVFlavour::GLES), lowered as lowerToSPIRVVK does, and as one
/// binary per kernel (its name and a module holding only its entry point,
/// functions and variables).
bool lowerToSPIRVGLES(mlir::ModuleOp portable,
                      mlir::OwningOpRef<mlir::ModuleOp> &lowered,
                      std::string &error);
bool emitSPIRVGLESKernels(
    mlir::ModuleOp portable,
    std::vector<std::pair<std::string, std::vector<uint8_t>>> &binaries,
    std::string &error);

/// The glsl target: one GLSL ES 3.10 compute shader per kernel, written by
/// SPIRV-Cross from the GLES flavour's SPIR-V, in the text format of
/// docs/bundle-format.md ("glsl"). Fails for a translation unit without
/// kernels.
bool emitGLSL(mlir::ModuleOp portable, std::string &text, std::string &error);

/// The whole glsl pipeline: one code object (arch kGLSLArch), or none when
/// there are no kernels.
bool compileGLSL(mlir::ModuleOp portable,
                 std::vector<bundle::CodeObject> &out, std::string &error);

/// One target's compile step (compileCPU, compileOpenCLC, ...): appends the
/// code objects for the kernels of `module` to `out`, or fails with `error`.
using TargetCompileFn =
    std::function<bool(mlir::ModuleOp module,
                       std::vector<bundle::CodeObject> &out,
                       std::string &error)>;

/// Runs `compile` on the kernels of `portable` that `omitted` does not
/// already leave out (on entry: kernels a target lacks a feature for, by
/// index into acc::ir::getKernels(portable), with their reasons). When the target cannot
/// express something in them, compiles each alone to find the kernels it
/// cannot hold, then compiles the others together into code objects that
/// record every left-out kernel (bundle::CodeObject::missing, each
/// kernel's own "cannot express" diagnostic as the reason); on return
/// `omitted` lists them all, by index. Fails, appending nothing, when no
/// kernel is left to compile, when the failure is not a target limit, when
/// no kernel or every kernel compiles alone (the limit is the module's),
/// or when the remaining kernels fail together.
bool compileOmittingKernels(mlir::ModuleOp portable,
                            const TargetCompileFn &compile,
                            std::vector<bundle::CodeObject> &out,
                            std::vector<bundle::MissingKernel> &omitted,
                            std::string &error);

} // namespace acc

#endif // ACC_TARGET_TARGETS_H
