//===- Frontend.h - OpenCL C to portable kernel IR ------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The front end runs Clang (preprocessor, parser, semantic analysis and its
// diagnostics) over an OpenCL C translation unit, then acc's CodeGen turns
// every kernel into a `gpu.func` of the portable kernel IR: memref buffer
// arguments, every memory access a (buffer, index) pair, cf/arith/math ops.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_FRONTEND_FRONTEND_H
#define ACC_FRONTEND_FRONTEND_H

#include "acc/bundle/Bundle.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace acc {

/// What the front end is asked to compile.
struct FrontendOptions {
  std::string inputFile;
  std::vector<std::string> includeDirs;
  /// -D and -U arguments, spelled as on the command line without the dash
  /// letter: "NAME", "NAME=VALUE"; undefines are prefixed with '-'.
  std::vector<std::string> macroDefinitions;
  /// When set, Clang writes a make-style dependency file here.
  std::string dependencyFile;
  /// The target named in the dependency file.
  std::string dependencyTarget;
  /// Print the Clang AST to stdout instead of generating code.
  bool dumpAST = false;
  /// Colours in diagnostics.
  bool colorDiagnostics = false;
};

/// The front end's product.
struct FrontendResult {
  /// A builtin.module holding one gpu.module named "kernels"; each kernel
  /// carries its metadata (#accir.kernel, acc::ir::getKernelInfos()).
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// Compiles `options.inputFile`. Diagnostics go to stderr in Clang's format.
/// Returns false when any error was reported.
bool runFrontend(const FrontendOptions &options, mlir::MLIRContext &context,
                 FrontendResult &result);

/// Registers the dialects the portable kernel IR uses.
void registerPortableIRDialects(mlir::MLIRContext &context);

} // namespace acc

#endif // ACC_FRONTEND_FRONTEND_H
