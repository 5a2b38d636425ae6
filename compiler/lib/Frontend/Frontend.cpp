//===- Frontend.cpp - Running Clang over an OpenCL C translation unit -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Sets up a Clang CompilerInstance for OpenCL C 1.2 on a 64-bit SPIR target
// (so size_t is 64 bits and address spaces are OpenCL's), with Clang's own
// declarations of the OpenCL builtins, and hands the finished AST to
// CodeGen.cpp. Diagnostics - Clang's and acc's - are printed by Clang's
// TextDiagnosticPrinter: file:line:col, the source line and a caret.
//
//===----------------------------------------------------------------------===//

#include "CodeGen.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"

#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

#ifndef ACC_CLANG_RESOURCE_DIR
#error "ACC_CLANG_RESOURCE_DIR must name Clang's resource directory"
#endif
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace acc {
namespace {

/// Runs acc's CodeGen once Sema has finished the translation unit.
class KernelConsumer : public ASTConsumer {
public:
  KernelConsumer(CompilerInstance &ci, const FrontendOptions &options,
                 mlir::MLIRContext &context, FrontendResult &result, bool &ok)
      : ci(ci), options(options), context(context), result(result), ok(ok) {}

  void HandleTranslationUnit(ASTContext &ast) override {
    DiagnosticsEngine &diags = ci.getDiagnostics();
    if (diags.hasErrorOccurred())
      return;
    if (options.dumpAST) {
      ast.getTranslationUnitDecl()->dump(llvm::outs());
      ok = true;
      return;
    }
    ok = generatePortableIR(ast, diags, context, result);
  }

private:
  CompilerInstance &ci;
  const FrontendOptions &options;
  mlir::MLIRContext &context;
  FrontendResult &result;
  bool &ok;
};

class KernelAction : public ASTFrontendAction {
public:
  KernelAction(const FrontendOptions &options, mlir::MLIRContext &context,
               FrontendResult &result, bool &ok)
      : options(options), context(context), result(result), ok(ok) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &ci,
                                                 llvm::StringRef) override {
    return std::make_unique<KernelConsumer>(ci, options, context, result, ok);
  }

private:
  const FrontendOptions &options;
  mlir::MLIRContext &context;
  FrontendResult &result;
  bool &ok;
};

} // namespace

bool runFrontend(const FrontendOptions &options, mlir::MLIRContext &context,
                 FrontendResult &result) {
  // The cc1 command line a `clang -x cl -cl-std=CL1.2` invocation for a
  // 64-bit SPIR target would produce, restricted to what matters here.
  std::vector<std::string> args = {
      "-triple", "spir64-unknown-unknown",
      "-x", "cl",
      "-cl-std=CL1.2",
      "-fdeclare-opencl-builtins",
      "-finclude-default-header",
      "-cl-ext=+cl_khr_fp64,+cl_khr_int64_base_atomics,"
      "+cl_khr_int64_extended_atomics,+cl_khr_local_int32_base_atomics,"
      "+cl_khr_global_int32_base_atomics",
      "-ferror-limit", "20",
      "-fmessage-length=0",
  };
  // Clang's resource directory holds opencl-c-base.h.
  const char *resourceDir = std::getenv("ACC_CLANG_RESOURCE_DIR");
  args.push_back("-resource-dir");
  args.push_back(resourceDir ? resourceDir : ACC_CLANG_RESOURCE_DIR);
  if (options.colorDiagnostics)
    args.push_back("-fcolor-diagnostics");
  for (const std::string &dir : options.includeDirs) {
    args.push_back("-I");
    args.push_back(dir);
  }
  for (const std::string &def : options.macroDefinitions) {
    if (!def.empty() && def[0] == '-') {
      args.push_back("-U");
      args.push_back(def.substr(1));
    } else {
      args.push_back("-D");
      args.push_back(def);
    }
  }
  if (!options.dependencyFile.empty()) {
    args.push_back("-dependency-file");
    args.push_back(options.dependencyFile);
    args.push_back("-MT");
    args.push_back(options.dependencyTarget);
    args.push_back("-sys-header-deps");
  }
  args.push_back(options.inputFile);

  std::vector<const char *> argv;
  for (const std::string &a : args)
    argv.push_back(a.c_str());

  auto invocation = std::make_shared<CompilerInvocation>();
  DiagnosticOptions parseDiagOpts;
  TextDiagnosticPrinter parsePrinter(llvm::errs(), parseDiagOpts);
  IntrusiveRefCntPtr<DiagnosticsEngine> parseDiags =
      CompilerInstance::createDiagnostics(*llvm::vfs::getRealFileSystem(),
                                          parseDiagOpts, &parsePrinter,
                                          /*ShouldOwnClient=*/false);
  if (!CompilerInvocation::CreateFromArgs(*invocation, argv, *parseDiags))
    return false;
  invocation->getDiagnosticOpts().ShowColors = options.colorDiagnostics;
  invocation->getFrontendOpts().DisableFree = false;

  CompilerInstance ci(invocation);
  ci.createVirtualFileSystem(llvm::vfs::getRealFileSystem());
  ci.createDiagnostics();
  bool ok = false;
  KernelAction action(options, context, result, ok);
  bool ran = ci.ExecuteAction(action);
  return ran && ok && !ci.getDiagnostics().hasErrorOccurred();
}

} // namespace acc
