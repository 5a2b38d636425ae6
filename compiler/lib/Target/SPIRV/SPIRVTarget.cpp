//===- SPIRVTarget.cpp - The spirv-cl and spirv-vk targets ----------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Both SPIR-V targets are one conversion (lib/Conversion/PortableToSPIRV)
// in two flavours; this file drives it, names the kernel and operation a
// conversion stops at, serialises the spirv.module with MLIR's serializer,
// applies the Shader flavour's binary edits and packages code objects:
//
//   spirv-cl   Kernel flavour, arch kSPIRVCLArch (SPIR-V 1.0), for OpenCL
//              (clCreateProgramWithIL) and Level Zero
//   spirv-vk   Shader flavour, arch kSPIRVVKArch (SPIR-V 1.3), for Vulkan
//
// SPIR-V is written in the host's byte order (SPIR-V allows either; the
// magic number tells readers which). A module without an entry point is
// not valid SPIR-V, so a translation unit without kernels gets no code
// object.
//
//===----------------------------------------------------------------------===//

#include "BinaryEdits.h"

#include "acc/Conversion/PortableToSPIRV.h"
#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Target/Targets.h"
#include "acc/acc_launch.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Target/SPIRV/Serialization.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace acc {
namespace {

/// The spirv.module a conversion made, or null.
spirv::ModuleOp findSPIRVModule(ModuleOp module) {
  auto range = module.getOps<spirv::ModuleOp>();
  return range.empty() ? spirv::ModuleOp() : *range.begin();
}

/// Explains why `kernel` alone does not convert: converts a copy of the
/// prepared module that holds only that kernel. Returns false if it does.
bool explainFailure(ModuleOp prepared, SPIRVFlavour flavour,
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
    result = convertPortableToSPIRV(*single, flavour);
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
  error = spirvKernelError(spirvTargetName(flavour), kernel, what, loc);
  return true;
}

/// Prepares and converts a copy of `portable`. When the conversion fails,
/// converts each kernel alone to name the first one that fails and the
/// operation it stops at.
bool lowerToSPIRV(ModuleOp portable, SPIRVFlavour flavour,
                  OwningOpRef<ModuleOp> &lowered, std::string &error) {
  MLIRContext *ctx = portable.getContext();
  OwningOpRef<ModuleOp> prepared = portable.clone();
  if (!prepareForSPIRV(*prepared, flavour, error))
    return false;

  OwningOpRef<ModuleOp> converted = prepared->clone();
  bool failedToConvert;
  {
    // Diagnostics are collected and turned into one error below.
    ScopedDiagnosticHandler quiet(ctx, [](Diagnostic &) { return success(); });
    failedToConvert = failed(convertPortableToSPIRV(*converted, flavour));
  }
  if (failedToConvert) {
    for (auto gpuModule : prepared->getOps<gpu::GPUModuleOp>())
      for (auto kernel : gpuModule.getOps<gpu::GPUFuncOp>())
        if (kernel.isKernel() &&
            explainFailure(*prepared, flavour, kernel.getName(), error))
          return false;
    error = "internal error: the lowering to SPIR-V (" + spirvTargetName(flavour).str() +
            ") failed";
    return false;
  }
  if (!findSPIRVModule(*converted)) {
    error = "internal error: the lowering to SPIR-V (" + spirvTargetName(flavour).str() +
            ") made no spirv.module";
    return false;
  }
  lowered = std::move(converted);
  return true;
}

/// Serialises the spirv.module of `lowered` into words.
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

/// The binary of `flavour` for `portable`.
bool emitSPIRV(ModuleOp portable, SPIRVFlavour flavour,
               std::vector<uint8_t> &binary, std::string &error) {
  StringRef target = spirvTargetName(flavour);
  if (ir::getKernels(portable).empty()) {
    error = "the " + target.str() +
            " target needs at least one kernel: a SPIR-V module for " +
            (flavour == SPIRVFlavour::Kernel ? "OpenCL"
             : flavour == SPIRVFlavour::Shader ? "Vulkan"
                                               : "GLES") +
            " without an entry point is not valid";
    return false;
  }
  OwningOpRef<ModuleOp> lowered;
  SmallVector<uint32_t, 0> words;
  if (!lowerToSPIRV(portable, flavour, lowered, error) ||
      !serializeSPIRV(*lowered, target, words, error))
    return false;
  std::vector<std::string> printfFormats;
  if (auto formats = lowered->getOperation()->getAttrOfType<ArrayAttr>(
          kSPIRVPrintfFormatsAttr))
    for (Attribute format : formats)
      printfFormats.push_back(llvm::cast<StringAttr>(format).str());
  if (!editBinary(words, printfFormats, error))
    return false;
  const auto *bytes = reinterpret_cast<const uint8_t *>(words.data());
  binary.assign(bytes, bytes + words.size() * sizeof(uint32_t));
  return true;
}

/// Appends the code object of `flavour` for the kernels of `portable`,
/// unless there are none (there would be nothing to launch).
bool compileSPIRV(ModuleOp portable, SPIRVFlavour flavour, acc_target_t target,
                  const char *arch, std::vector<bundle::CodeObject> &out,
                  std::string &error) {
  if (ir::getKernels(portable).empty())
    return true;
  bundle::CodeObject code;
  code.target = target;
  code.arch = arch;
  // Both flavours follow launch convention 1 (--lower-launch-convention).
  code.launchAbi = ACC_LAUNCH_ABI_1;
  if (!emitSPIRV(portable, flavour, code.data, error))
    return false;
  out.push_back(std::move(code));
  return true;
}

} // namespace

bool lowerToSPIRVCL(ModuleOp portable, OwningOpRef<ModuleOp> &lowered,
                    std::string &error) {
  return lowerToSPIRV(portable, SPIRVFlavour::Kernel, lowered, error);
}

bool emitSPIRVCL(ModuleOp portable, std::vector<uint8_t> &binary,
                 std::string &error) {
  return emitSPIRV(portable, SPIRVFlavour::Kernel, binary, error);
}

bool compileSPIRVCL(ModuleOp portable, std::vector<bundle::CodeObject> &out,
                    std::string &error) {
  return compileSPIRV(portable, SPIRVFlavour::Kernel, ACC_TARGET_SPIRV_CL,
                      kSPIRVCLArch, out, error);
}

bool lowerToSPIRVVK(ModuleOp portable, OwningOpRef<ModuleOp> &lowered,
                    std::string &error) {
  return lowerToSPIRV(portable, SPIRVFlavour::Shader, lowered, error);
}

bool emitSPIRVVK(ModuleOp portable, std::vector<uint8_t> &binary,
                 std::string &error) {
  return emitSPIRV(portable, SPIRVFlavour::Shader, binary, error);
}

bool compileSPIRVVK(ModuleOp portable, std::vector<bundle::CodeObject> &out,
                    std::string &error) {
  return compileSPIRV(portable, SPIRVFlavour::Shader, ACC_TARGET_SPIRV_VK,
                      kSPIRVVKArch, out, error);
}

bool lowerToSPIRVGLES(ModuleOp portable, OwningOpRef<ModuleOp> &lowered,
                      std::string &error) {
  return lowerToSPIRV(portable, SPIRVFlavour::GLES, lowered, error);
}

namespace {

/// Removes from `spv` every entry point but `kernel`'s, with the functions
/// and variables only the others use: a shader holds one kernel, and GLSL
/// would declare (and allocate) every variable left in the module.
/// Specialization constants stay (the work-group size is shared).
void keepOnlyKernel(spirv::ModuleOp spv, StringRef kernel) {
  for (Operation &op : llvm::make_early_inc_range(spv.getBody()->getOperations())) {
    if (auto entry = dyn_cast<spirv::EntryPointOp>(op)) {
      if (entry.getFn() != kernel)
        op.erase();
    } else if (auto mode = dyn_cast<spirv::ExecutionModeOp>(op)) {
      if (mode.getFn() != kernel)
        op.erase();
    }
  }
  // Symbols reachable from the kernel's entry point and modes.
  llvm::StringSet<> live;
  SmallVector<Operation *> work;
  for (Operation &op : spv.getBody()->getOperations())
    if (isa<spirv::EntryPointOp, spirv::ExecutionModeOp,
            spirv::SpecConstantOp, spirv::SpecConstantCompositeOp>(op))
      work.push_back(&op);
  if (Operation *fn = SymbolTable::lookupSymbolIn(spv, kernel))
    work.push_back(fn);
  while (!work.empty()) {
    Operation *op = work.pop_back_val();
    if (auto sym = dyn_cast<SymbolOpInterface>(op))
      live.insert(sym.getName());
    if (auto uses = SymbolTable::getSymbolUses(op))
      for (const SymbolTable::SymbolUse &use : *uses) {
        StringRef name = use.getSymbolRef().getRootReference();
        if (live.insert(name).second)
          if (Operation *def = SymbolTable::lookupSymbolIn(spv, name))
            work.push_back(def);
      }
  }
  for (Operation &op : llvm::make_early_inc_range(spv.getBody()->getOperations()))
    if (auto sym = dyn_cast<SymbolOpInterface>(op))
      if (isa<spirv::FuncOp, spirv::GlobalVariableOp>(op) &&
          !live.contains(sym.getName()))
        op.erase();
}

} // namespace

bool emitSPIRVGLESKernels(
    ModuleOp portable,
    std::vector<std::pair<std::string, std::vector<uint8_t>>> &binaries,
    std::string &error) {
  StringRef target = spirvTargetName(SPIRVFlavour::GLES);
  OwningOpRef<ModuleOp> lowered;
  if (!lowerToSPIRV(portable, SPIRVFlavour::GLES, lowered, error))
    return false;
  for (gpu::GPUFuncOp kernel : ir::getKernels(portable)) {
    OwningOpRef<ModuleOp> single = lowered->clone();
    keepOnlyKernel(findSPIRVModule(*single), kernel.getName());
    SmallVector<uint32_t, 0> words;
    if (!serializeSPIRV(*single, target, words, error) ||
        !editBinary(words, {}, error))
      return false;
    const auto *bytes = reinterpret_cast<const uint8_t *>(words.data());
    binaries.emplace_back(
        kernel.getName().str(),
        std::vector<uint8_t>(bytes, bytes + words.size() * sizeof(uint32_t)));
  }
  return true;
}

} // namespace acc
