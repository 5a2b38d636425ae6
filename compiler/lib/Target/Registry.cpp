//===- Registry.cpp - The targets acc-cc compiles for ---------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See Registry.h. The entries adapt each target (lib/Target/<Target>) to the
// table's signatures; nothing outside this file knows a target by name.
//
//===----------------------------------------------------------------------===//

#include "acc/Target/Registry.h"

#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Transforms/PortableTransforms.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace acc {
namespace {

/// The kernel features of the flags a target may lack, with their names.
struct Feature {
  acc_kernel_flags_t flag;
  const char *name;
};
constexpr Feature kFeatures[] = {
    {ACC_KERNEL_FLAG_USES_FP64, "fp64"},
    {ACC_KERNEL_FLAG_USES_INT64, "64-bit integers"},
    {ACC_KERNEL_FLAG_USES_INT64_ATOMICS, "64-bit atomics"},
    {ACC_KERNEL_FLAG_USES_8BIT_STORAGE, "8-bit storage"},
    {ACC_KERNEL_FLAG_USES_16BIT_STORAGE, "16-bit storage"},
    {ACC_KERNEL_FLAG_USES_FP16, "half arithmetic"},
    {ACC_KERNEL_FLAG_USES_PRINTF, "printf"},
};

constexpr acc_kernel_flags_t allFeatures() {
  acc_kernel_flags_t all = 0;
  for (const Feature &f : kFeatures)
    all |= f.flag;
  return all;
}
constexpr acc_kernel_flags_t kAllFeatures = allFeatures();

// --- cpu ------------------------------------------------------------------

bool compileCPUTarget(const TargetOptions &o, ModuleOp m,
                      std::vector<bundle::CodeObject> &out, std::string &e) {
  return compileCPU(m, o.cpuFamilies, o.cpu, out, e);
}

bool lowerCPUTarget(const TargetOptions &o, ModuleOp m,
                    OwningOpRef<ModuleOp> &lowered, std::string &e) {
  lowered = m.clone();
  if (succeeded(lowerCPUToLLVMDialect(*lowered, o.cpu)))
    return true;
  e = "internal error: lowering to the LLVM dialect failed";
  return false;
}

bool emitCPUTarget(const TargetOptions &o, ModuleOp m, std::string &bytes,
                   std::string &e) {
  OwningOpRef<ModuleOp> lowered;
  if (!lowerCPUTarget(o, m, lowered, e))
    return false;
  llvm::raw_string_ostream os(bytes);
  return emitCPULLVMIR(*lowered, ir::getKernelInfos(m), o.cpuFamilies.front(),
                       o.cpu, os, e);
}

// --- opencl-c -------------------------------------------------------------

bool compileOpenCLCTarget(const TargetOptions &, ModuleOp m,
                          std::vector<bundle::CodeObject> &out,
                          std::string &e) {
  return compileOpenCLC(m, out, e);
}

bool emitOpenCLCTarget(const TargetOptions &, ModuleOp m, std::string &bytes,
                       std::string &e) {
  llvm::raw_string_ostream os(bytes);
  return emitOpenCLC(m, os, e);
}

// --- spirv-cl and spirv-vk ------------------------------------------------

template <bool (*Compile)(ModuleOp, std::vector<bundle::CodeObject> &,
                          std::string &)>
bool compileWith(const TargetOptions &, ModuleOp m,
                 std::vector<bundle::CodeObject> &out, std::string &e) {
  return Compile(m, out, e);
}

template <bool (*Lower)(ModuleOp, OwningOpRef<ModuleOp> &, std::string &)>
bool lowerWith(const TargetOptions &, ModuleOp m,
               OwningOpRef<ModuleOp> &lowered, std::string &e) {
  return Lower(m, lowered, e);
}

template <bool (*Emit)(ModuleOp, std::vector<uint8_t> &, std::string &)>
bool emitSPIRVWith(const TargetOptions &, ModuleOp m, std::string &bytes,
                   std::string &e) {
  std::vector<uint8_t> binary;
  if (!Emit(m, binary, e))
    return false;
  bytes.assign(binary.begin(), binary.end());
  return true;
}

bool emitGLSLTarget(const TargetOptions &, ModuleOp m, std::string &bytes,
                    std::string &e) {
  return emitGLSL(m, bytes, e);
}

const Target kTargets[] = {
    {"cpu", "ELF shared objects for the cpu backend (x86-64, AArch64)",
     kAllFeatures, /*inDefaultSet=*/true, kEmitMLIR | kEmitLLVM,
     compileCPUTarget, lowerCPUTarget, emitCPUTarget},
    {"opencl-c", "OpenCL C 1.2 source for the opencl backend", kAllFeatures,
     true, kEmitOpenCLC, compileOpenCLCTarget, nullptr, emitOpenCLCTarget},
    {"spirv-cl", "SPIR-V (Kernel) for OpenCL and Level Zero",
     kAllFeatures & ~(ACC_KERNEL_FLAG_USES_INT64_ATOMICS |
                      ACC_KERNEL_FLAG_USES_PRINTF),
     true, kEmitMLIR | kEmitSPIRV, compileWith<compileSPIRVCL>,
     lowerWith<lowerToSPIRVCL>, emitSPIRVWith<emitSPIRVCL>},
    {"spirv-vk", "SPIR-V (Shader) for the vulkan backend",
     kAllFeatures, true, kEmitMLIR | kEmitSPIRV, compileWith<compileSPIRVVK>,
     lowerWith<lowerToSPIRVVK>, emitSPIRVWith<emitSPIRVVK>},
    {"glsl", "GLSL ES 3.10 compute for the gles backend",
     kAllFeatures & ~(ACC_KERNEL_FLAG_USES_FP64 | ACC_KERNEL_FLAG_USES_INT64 |
                      ACC_KERNEL_FLAG_USES_INT64_ATOMICS |
                      ACC_KERNEL_FLAG_USES_8BIT_STORAGE |
                      ACC_KERNEL_FLAG_USES_16BIT_STORAGE |
                      ACC_KERNEL_FLAG_USES_FP16 | ACC_KERNEL_FLAG_USES_PRINTF),
     true, kEmitMLIR | kEmitGLSL, compileWith<compileGLSL>,
     lowerWith<lowerToSPIRVGLES>, emitGLSLTarget},
    {"nvptx", "PTX for the cuda backend", kAllFeatures, true, 0, nullptr,
     nullptr, nullptr},
    {"amdgpu", "AMDGPU code objects for the hip backend", kAllFeatures, true,
     0, nullptr, nullptr, nullptr},
};

/// The first feature in `flags` that `target` cannot express, or null.
const Feature *firstMissing(const Target &target, acc_kernel_flags_t flags) {
  for (const Feature &f : kFeatures)
    if ((flags & f.flag) && !(target.features & f.flag))
      return &f;
  return nullptr;
}

/// "file:line:col" of `loc`, or nothing.
std::string where(Location loc) {
  auto fl = loc->findInstanceOf<FileLineColLoc>();
  if (!fl)
    return "";
  return " (at " + fl.getFilename().getValue().str() + ":" +
         std::to_string(fl.getLine()) + ":" + std::to_string(fl.getColumn()) +
         ")";
}

} // namespace

llvm::ArrayRef<Target> targetRegistry() { return kTargets; }

const Target *findTarget(llvm::StringRef name) {
  for (const Target &t : kTargets)
    if (name == t.name)
      return &t;
  return nullptr;
}

std::vector<bundle::MissingKernel>
kernelsLackingFeatures(const Target &target, ModuleOp portable) {
  std::vector<bundle::MissingKernel> lacking;
  for (auto [i, fn] : llvm::enumerate(ir::getKernels(portable))) {
    ir::KernelAttr info = ir::getKernelAttr(fn);
    const Feature *missing = firstMissing(target, info ? info.getFlags() : 0);
    if (!missing)
      continue;
    // Where the kernel needs it: the first operation, else the kernel.
    Operation *at = findFeatureUse(fn, missing->flag);
    Location loc = at ? at->getLoc() : fn.getLoc();
    lacking.push_back({uint32_t(i), "kernel '" + fn.getName().str() +
                                        "': the " + target.name +
                                        " target cannot express " +
                                        missing->name + where(loc)});
  }
  return lacking;
}

std::string describeTargetFeatures(acc_kernel_flags_t features) {
  std::string s;
  for (const Feature &f : kFeatures)
    if (features & f.flag)
      s += (s.empty() ? "" : ", ") + std::string(f.name);
  return s.empty() ? "none" : s;
}

} // namespace acc
