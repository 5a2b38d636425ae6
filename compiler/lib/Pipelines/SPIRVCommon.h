//===- SPIRVCommon.h - What the SPIR-V targets share -------------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The spirv-cl (OpenCL, Kernel capability) and spirv-vk (Vulkan, Shader
// capability) pipelines prepare and convert the portable IR differently,
// but drive those stages, explain a kernel they cannot convert, serialise
// the result and package it the same way: that part lives here.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_PIPELINES_SPIRVCOMMON_H
#define ACC_LIB_PIPELINES_SPIRVCOMMON_H

#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/bundle/Bundle.h"

#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace acc {

/// The SPIR-V scope of an accir.mem_fence's scope.
inline mlir::spirv::Scope fenceScope(ir::MemoryScope scope) {
  return scope == ir::MemoryScope::device ? mlir::spirv::Scope::Device
                                          : mlir::spirv::Scope::Workgroup;
}

/// "file:line:col" for a source location, or the MLIR spelling.
std::string describeLocation(mlir::Location loc);

/// "kernel 'k': the <target> target cannot express <what> (at f:l:c)".
std::string spirvKernelError(llvm::StringRef target, llvm::StringRef kernel,
                             const llvm::Twine &what,
                             std::optional<mlir::Location> loc = std::nullopt);

/// The spirv.module a conversion made, or null.
mlir::spirv::ModuleOp findSPIRVModule(mlir::ModuleOp module);

/// One SPIR-V target's stages.
struct SPIRVTarget {
  llvm::StringRef name; ///< "spirv-cl", "spirv-vk"
  /// Rewrites a copy of the portable IR for `convert`; false with `error`
  /// (a kernelError) for what the target cannot express.
  std::function<bool(mlir::ModuleOp, std::string &error)> prepare;
  /// The dialect conversion to spirv.module, in place.
  std::function<mlir::LogicalResult(mlir::ModuleOp)> convert;
};

/// Prepares and converts a copy of `portable`. When the conversion fails,
/// converts each kernel alone to name the first one that fails and the
/// operation it stops at.
bool lowerToSPIRV(mlir::ModuleOp portable, const SPIRVTarget &target,
                  mlir::OwningOpRef<mlir::ModuleOp> &lowered,
                  std::string &error);

/// Serialises the spirv.module of `lowered` into words.
bool serializeSPIRV(mlir::ModuleOp lowered, llvm::StringRef target,
                    llvm::SmallVectorImpl<uint32_t> &words, std::string &error);

/// Appends the code object `emit` writes for the kernels of `portable`,
/// unless there are none (a SPIR-V module without an entry point is not valid, and there
/// would be nothing to launch).
bool appendSPIRVCodeObject(
    acc_target_t target, const char *arch, mlir::ModuleOp portable,
    const std::function<bool(std::vector<uint8_t> &, std::string &)> &emit,
    std::vector<bundle::CodeObject> &out, std::string &error);

} // namespace acc

#endif // ACC_LIB_PIPELINES_SPIRVCOMMON_H
