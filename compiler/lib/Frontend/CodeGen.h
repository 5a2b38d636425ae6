//===- CodeGen.h - Clang AST to portable kernel IR ------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Internal interface between the Clang driver glue (Frontend.cpp) and the
// AST-to-MLIR code generator (CodeGen.cpp), so that only CodeGen.cpp pays
// for including both Clang's AST and MLIR's headers.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_FRONTEND_CODEGEN_H
#define ACC_LIB_FRONTEND_CODEGEN_H

#include "acc/Frontend/Frontend.h"

namespace clang {
class ASTContext;
class DiagnosticsEngine;
} // namespace clang

namespace acc {

/// Generates the portable kernel IR for every kernel in `astContext`'s
/// translation unit into `result`. Constructs acc cannot compile are
/// reported through `diags` at their source location. Returns false when
/// an error was reported.
bool generatePortableIR(clang::ASTContext &astContext,
                        clang::DiagnosticsEngine &diags,
                        mlir::MLIRContext &context, FrontendResult &result);

} // namespace acc

#endif // ACC_LIB_FRONTEND_CODEGEN_H
