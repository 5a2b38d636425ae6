//===- SPIRVCommon.cpp - What the SPIR-V targets share --------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#include "SPIRVCommon.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Target/SPIRV/Serialization.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace acc {

std::string describeLocation(Location loc) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (auto fl = llvm::dyn_cast<FileLineColLoc>(loc))
    os << fl.getFilename().getValue() << ":" << fl.getLine() << ":"
       << fl.getColumn();
  else
    os << loc;
  return s;
}

std::string spirvKernelError(StringRef target, StringRef kernel,
                             const llvm::Twine &what,
                             std::optional<Location> loc) {
  std::string s = "kernel '" + kernel.str() + "': the " + target.str() +
                  " target cannot express " + what.str();
  if (loc)
    s += " (at " + describeLocation(*loc) + ")";
  return s;
}

spirv::ModuleOp findSPIRVModule(ModuleOp module) {
  auto range = module.getOps<spirv::ModuleOp>();
  return range.empty() ? spirv::ModuleOp() : *range.begin();
}

namespace {

/// Explains why `kernel` alone does not convert: converts a copy of the
/// prepared module that holds only that kernel. Returns false if it does.
bool explainFailure(ModuleOp prepared, const SPIRVTarget &target,
                    StringRef kernel, std::string &error) {
  OwningOpRef<ModuleOp> single = prepared.clone();
  for (auto gpuModule : single->getOps<gpu::GPUModuleOp>())
    for (auto fn :
         llvm::make_early_inc_range(gpuModule.getOps<gpu::GPUFuncOp>()))
      if (fn.getName() != kernel)
        fn.erase();
  // The first error diagnostic, as "what" and "where".
  std::string message;
  std::optional<Location> loc;
  LogicalResult result = success();
  {
    ScopedDiagnosticHandler handler(
        prepared.getContext(), [&](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Error &&
              message.empty()) {
            message = diag.str();
            loc = diag.getLocation();
          }
          return success();
        });
    result = target.convert(*single);
  }
  if (succeeded(result))
    return false;
  // "failed to legalize operation 'math.foo'" names the operation.
  StringRef msg = message;
  std::string what;
  size_t quote = msg.find('\'');
  if (msg.starts_with("failed to legalize operation") &&
      quote != StringRef::npos) {
    StringRef rest = msg.drop_front(quote + 1);
    what = "'" + rest.take_until([](char c) { return c == '\''; }).str() + "'";
  } else {
    what = msg.empty() ? std::string("this kernel")
                       : "this kernel (" + msg.str() + ")";
  }
  error = spirvKernelError(target.name, kernel, what, loc);
  return true;
}

} // namespace

bool lowerToSPIRV(ModuleOp portable, const SPIRVTarget &target,
                  OwningOpRef<ModuleOp> &lowered, std::string &error) {
  MLIRContext *ctx = portable.getContext();
  OwningOpRef<ModuleOp> prepared = portable.clone();
  if (!target.prepare(*prepared, error))
    return false;
  // Preparation has read the kernel metadata; SPIR-V functions carry none.
  for (gpu::GPUFuncOp kernel : ir::getKernels(*prepared))
    kernel->removeAttr(ir::AccIRDialect::getKernelAttrName());

  OwningOpRef<ModuleOp> converted = prepared->clone();
  bool failedToConvert;
  {
    // Diagnostics are collected and turned into one error below.
    ScopedDiagnosticHandler quiet(ctx, [](Diagnostic &) { return success(); });
    failedToConvert = failed(target.convert(*converted));
  }
  if (failedToConvert) {
    for (auto gpuModule : prepared->getOps<gpu::GPUModuleOp>())
      for (auto kernel : gpuModule.getOps<gpu::GPUFuncOp>())
        if (kernel.isKernel() &&
            explainFailure(*prepared, target, kernel.getName(), error))
          return false;
    error = "internal error: the lowering to SPIR-V (" + target.name.str() +
            ") failed";
    return false;
  }
  if (!findSPIRVModule(*converted)) {
    error = "internal error: the lowering to SPIR-V (" + target.name.str() +
            ") made no spirv.module";
    return false;
  }
  lowered = std::move(converted);
  return true;
}

bool serializeSPIRV(ModuleOp lowered, StringRef target,
                    SmallVectorImpl<uint32_t> &words, std::string &error) {
  spirv::SerializationOptions options;
  options.emitSymbolName = true;
  options.emitDebugInfo = false;
  std::string diagnostics;
  ScopedDiagnosticHandler handler(lowered.getContext(), [&](Diagnostic &diag) {
    if (diagnostics.empty())
      diagnostics = diag.str();
    return success();
  });
  if (failed(spirv::serialize(findSPIRVModule(lowered), words, options))) {
    error = "internal error: serialising the " + target.str() +
            " module failed" +
            (diagnostics.empty() ? std::string() : ": " + diagnostics);
    return false;
  }
  return true;
}

bool appendSPIRVCodeObject(
    acc_target_t target, const char *arch, mlir::ModuleOp portable,
    const std::function<bool(std::vector<uint8_t> &, std::string &)> &emit,
    std::vector<bundle::CodeObject> &out, std::string &error) {
  if (ir::getKernels(portable).empty())
    return true;
  bundle::CodeObject code;
  code.target = target;
  code.arch = arch;
  if (!emit(code.data, error))
    return false;
  out.push_back(std::move(code));
  return true;
}

} // namespace acc
