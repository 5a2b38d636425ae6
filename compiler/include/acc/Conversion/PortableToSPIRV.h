//===- PortableToSPIRV.h - The portable IR to SPIR-V --------------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// One conversion from the portable kernel IR to MLIR's SPIR-V dialect, in
// two flavours:
//
//   Kernel   SPIR-V 1.0, Kernel capability, Physical64 addressing, OpenCL
//            memory model: what OpenCL (clCreateProgramWithIL) and Level
//            Zero consume. The spirv-cl target.
//   Shader   SPIR-V 1.3, Shader capability, Logical addressing, GLSL450
//            memory model, GLCompute entry points and the resource
//            interface of docs/bundle-format.md ("spirv-vk"): what Vulkan
//            consumes. The spirv-vk target.
//
// Each flavour prepares a copy of the portable IR its own way (what the
// SPIR-V environment has and lacks: builtin variables or launch words,
// physical or logical pointers, unstructured or structured control flow),
// then one set of patterns converts it; the patterns that differ only in a
// scope, a memory semantics or an extended instruction set take the flavour
// as a parameter. lib/Target/SPIRV serialises the result.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CONVERSION_PORTABLETOSPIRV_H
#define ACC_CONVERSION_PORTABLETOSPIRV_H

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <optional>
#include <string>

namespace acc {

enum class SPIRVFlavour {
  Kernel, ///< OpenCL's SPIR-V (spirv-cl)
  Shader, ///< Vulkan's SPIR-V (spirv-vk)
  /// The Shader flavour for GLSL ES 3.10 (the glsl target, through
  /// SPIRV-Cross): only the Shader capability (no 8-, 16- or 64-bit types),
  /// size_t in 32 bits, the scalars and launch words in one uniform block at
  /// binding 0.
  GLES,
};

/// Whether `flavour` is one of the Shader flavours (logical addressing,
/// structured control flow).
inline bool isShaderFlavour(SPIRVFlavour flavour) {
  return flavour != SPIRVFlavour::Kernel;
}

/// The acc-cc target a flavour is written for ("spirv-cl", "spirv-vk",
/// "glsl").
llvm::StringRef spirvTargetName(SPIRVFlavour flavour);

/// The SPIR-V environment of `flavour`: version, the capabilities and
/// extensions its code may use (spirv-update-vce keeps those a module
/// needs), client API.
mlir::spirv::TargetEnvAttr getSPIRVTargetEnv(mlir::MLIRContext *ctx,
                                             SPIRVFlavour flavour);

/// Stage 1, in place on a copy of the portable IR: rewrites what the
/// flavour's environment expresses differently and attaches the target
/// environment. Fails with a kernelError-style message ("kernel 'k': the
/// spirv-vk target cannot express ... (at f:l:c)") for what it cannot.
bool prepareForSPIRV(mlir::ModuleOp module, SPIRVFlavour flavour,
                     std::string &error);

/// Stages 2 and 3, in place: converts every gpu.module of a prepared module
/// into a spirv.module, then canonicalises it, lowers the ABI attributes
/// into entry points and execution modes and sets the capabilities the
/// module uses. Diagnostics go to the context's handler.
mlir::LogicalResult convertPortableToSPIRV(mlir::ModuleOp module,
                                           SPIRVFlavour flavour);

//===----------------------------------------------------------------------===//
// What the conversion leaves to the binary edits of lib/Target/SPIRV
//===----------------------------------------------------------------------===//
//
// MLIR's SPIR-V dialect cannot express a spec-constant composite decorated
// BuiltIn WorkgroupSize, array lengths given by OpSpecConstantOp, or
// NonSemantic.DebugPrintf: the conversion writes stand-ins that the binary
// edits find by name.

/// Specialization constants (docs/bundle-format.md): the local size is
/// 65536..65538 (default 64 x 1 x 1), a local argument's byte size has its
/// local ordinal as SpecId (default 1024 bytes).
inline constexpr uint32_t kSPIRVWorkGroupSizeSpecId = 65536;
inline constexpr int32_t kSPIRVDefaultWorkGroupSize[3] = {64, 1, 1};
inline constexpr int32_t kSPIRVDefaultLocalBytes = 1024;
/// The array length written for local-argument arrays, replaced by
/// ceil(bytes / unit size) in the binary.
inline constexpr uint32_t kSPIRVLocalLengthSentinel = 0x7ACC0000;
/// The spec-constant composite that becomes BuiltIn WorkgroupSize.
inline constexpr llvm::StringLiteral kSPIRVWorkGroupSizeName =
    ACC_RESERVED_SYMBOL_PREFIX "workgroup_size";
/// The spec constant of local argument k: this prefix, then k.
inline constexpr llvm::StringLiteral kSPIRVLocalBytesPrefix =
    ACC_RESERVED_SYMBOL_PREFIX "local_bytes_";
/// printf: calls of `__acc_vk_debug_printf_<k>` become DebugPrintf
/// instructions with format k of kSPIRVPrintfFormatsAttr, an ArrayAttr of
/// strings on the top-level module.
inline constexpr llvm::StringLiteral kSPIRVDebugPrintfPrefix =
    ACC_RESERVED_SYMBOL_PREFIX "vk_debug_printf_";
inline constexpr llvm::StringLiteral kSPIRVPrintfFormatsAttr =
    "accir.spirv.printf_formats";
/// The Kernel flavour's calls of `__acc_cl_std_<n>_<types>` become
/// OpExtInst of OpenCL.std's instruction n: the builtins MLIR's SPIR-V
/// dialect has no op for (sinpi, tgamma, ...) and the math ops it computes
/// outside OpenCL's bounds (expm1, log1p).
inline constexpr llvm::StringLiteral kSPIRVOpenCLStdPrefix =
    ACC_RESERVED_SYMBOL_PREFIX "cl_std_";

/// "file:line:col" for a source location, or the MLIR spelling.
std::string describeLocation(mlir::Location loc);

/// "kernel 'k': the <target> target cannot express <what> (at f:l:c)".
std::string spirvKernelError(llvm::StringRef target, llvm::StringRef kernel,
                             const llvm::Twine &what,
                             std::optional<mlir::Location> loc = std::nullopt);

} // namespace acc

#endif // ACC_CONVERSION_PORTABLETOSPIRV_H
