//===- module.cpp - Building OpenCL programs ------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A module is one cl_program built for one device:
//
//  - ACC_TARGET_OPENCL_C: the code object is OpenCL C source text
//    (code_size bytes, with or without a terminating NUL), built with
//    clCreateProgramWithSource + clBuildProgram("-cl-std=CL1.2"), the
//    language level acc-cc generates.
//  - ACC_TARGET_SPIRV_CL: SPIR-V (Kernel capability), built with
//    clCreateProgramWithIL on OpenCL 2.1+ devices or cl_khr_il_program's
//    clCreateProgramWithILKHR on older ones. Neither present: the module
//    fails with ACC_ERROR_NOT_IMPLEMENTED. The device only lists this
//    target when it reports IL support, so the runtime picks it only there.
//
// A failed build is ACC_ERROR_BUILD_FAILED, and the message carries the
// driver's build log (CL_PROGRAM_BUILD_LOG) so the user sees the compiler's
// own words. Every kernel the metadata lists gets its cl_kernel here, so a
// code object that lacks one, or disagrees on the number of arguments,
// fails at load time rather than at the first launch.
//
//===----------------------------------------------------------------------===//
#include "opencl_plugin.h"

#include "acc/acc_launch.h"

#include <chrono>
#include <cstdio>
#include <cstring>

using namespace acc::opencl;

namespace {

const char *targetName(acc_target_t target) {
  switch (target) {
  case ACC_TARGET_OPENCL_C:
    return "opencl-c";
  case ACC_TARGET_SPIRV_CL:
    return "spirv-cl";
  default:
    return "another backend's target";
  }
}

/// The build log of `program` for `device` ("" when the driver has none).
std::string buildLog(cl_program program, cl_device_id device) {
  size_t size = 0;
  if (cl().clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0,
                                 nullptr, &size) != CL_SUCCESS ||
      size == 0)
    return {};
  std::string text(size, '\0');
  if (cl().clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size,
                                 &text[0], nullptr) != CL_SUCCESS)
    return {};
  text.resize(std::strlen(text.c_str()));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

/// clCreateProgramWithIL for this device, or NULL when neither the core
/// function nor the extension is available.
acc_cl_clCreateProgramWithIL_fn *ilEntryPoint(const Device &device) {
  if (device.version >= 21 && cl().clCreateProgramWithIL)
    return cl().clCreateProgramWithIL;
  return reinterpret_cast<acc_cl_clCreateProgramWithIL_fn *>(
      cl().clGetExtensionFunctionAddressForPlatform(
          device.platform, "clCreateProgramWithILKHR"));
}

cl_program createProgram(Device &device, cl_context context,
                         const acc_plugin_module_desc_t &desc) {
  cl_int error = CL_SUCCESS;
  cl_program program = nullptr;
  if (desc.target == ACC_TARGET_OPENCL_C) {
    const char *source = static_cast<const char *>(desc.code);
    size_t length = static_cast<size_t>(desc.code_size);
    while (length > 0 && source[length - 1] == '\0')
      --length; // The count must not include a terminator.
    if (length == 0)
      fail(ACC_ERROR_INVALID_BUNDLE, "module_create: the OpenCL C source "
                                     "is empty");
    program =
        cl().clCreateProgramWithSource(context, 1, &source, &length, &error);
    check(error, "clCreateProgramWithSource", "module_create");
  } else {
    acc_cl_clCreateProgramWithIL_fn *createWithIl = ilEntryPoint(device);
    if (!createWithIl)
      fail(ACC_ERROR_NOT_IMPLEMENTED,
           std::string("module_create: cannot load SPIR-V on \"") +
               device.info.name +
               "\": the OpenCL loader has no clCreateProgramWithIL and the "
               "platform no clCreateProgramWithILKHR");
    program = createWithIl(context, desc.code,
                           static_cast<size_t>(desc.code_size), &error);
    check(error, "clCreateProgramWithIL", "module_create");
  }
  return program;
}

/// The clBuildProgram options for `target`. SPIR-V carries its own language
/// version; options would only confuse drivers that reject -cl-std for IL.
const char *buildOptions(acc_target_t target) {
  return target == ACC_TARGET_OPENCL_C ? "-cl-std=CL1.2" : "";
}

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

std::string formatMs(double ms) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", ms);
  return text;
}

/// What decides the program binary the driver builds for `device`: the
/// cache key's identity fields (acc/plugin/CodeCache.h).
std::vector<std::string> cacheIdentity(Device &device,
                                       const std::string &options) {
  return {deviceString(device.id, CL_DEVICE_NAME),
          deviceString(device.id, CL_DEVICE_VENDOR),
          deviceString(device.id, CL_DRIVER_VERSION),
          deviceString(device.id, CL_DEVICE_VERSION),
          platformString(device.platform, CL_PLATFORM_NAME),
          platformString(device.platform, CL_PLATFORM_VERSION),
          options};
}

/// Stores the program's binary (one device) under `entry`; "" on success,
/// else why not.
std::string storeProgram(const CacheEntry &entry, cl_program program) {
  size_t sizesBytes = 0;
  cl_int error = cl().clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, 0,
                                       nullptr, &sizesBytes);
  if (error != CL_SUCCESS)
    return "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES) failed with " +
           clErrorName(error);
  if (sizesBytes != sizeof(size_t))
    return "the program has " + std::to_string(sizesBytes / sizeof(size_t)) +
           " devices, expected 1";
  size_t binarySize = 0;
  error = cl().clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES,
                                sizeof(binarySize), &binarySize, nullptr);
  if (error != CL_SUCCESS)
    return "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES) failed with " +
           clErrorName(error);
  if (binarySize == 0)
    return "the driver offers no program binary";
  std::vector<unsigned char> binary(binarySize);
  unsigned char *pointers[1] = {binary.data()};
  error = cl().clGetProgramInfo(program, CL_PROGRAM_BINARIES, sizeof(pointers),
                                pointers, nullptr);
  if (error != CL_SUCCESS)
    return "clGetProgramInfo(CL_PROGRAM_BINARIES) failed with " +
           clErrorName(error);
  return acc::plugin::cacheStore(entry, binary.data(), binary.size());
}

/// A program from a verified cache entry, built (clBuildProgram is required
/// for binaries too); NULL, with the entry discarded, when the driver rejects
/// it.
cl_program programFromCache(Device &device, cl_context context,
                            const CacheEntry &entry, acc_target_t target,
                            const std::vector<unsigned char> &binary) {
  const unsigned char *data = binary.data();
  size_t size = binary.size();
  cl_int status = CL_SUCCESS, error = CL_SUCCESS;
  cl_program program = cl().clCreateProgramWithBinary(
      context, 1, &device.id, &size, &data, &status, &error);
  if (error == CL_SUCCESS && status != CL_SUCCESS)
    error = status;
  if (error != CL_SUCCESS || !program) {
    if (program)
      cl().clReleaseProgram(program);
    acc::plugin::cacheDiscard(entry, "clCreateProgramWithBinary failed with " +
                            clErrorName(error));
    return nullptr;
  }
  error = cl().clBuildProgram(program, 1, &device.id, buildOptions(target),
                              nullptr, nullptr);
  if (error != CL_SUCCESS) {
    cl().clReleaseProgram(program);
    acc::plugin::cacheDiscard(entry, "clBuildProgram of the binary failed with " +
                            clErrorName(error));
    return nullptr;
  }
  return program;
}

void buildProgram(Device &device, cl_program program, acc_target_t target) {
  const char *options = buildOptions(target);
  auto start = std::chrono::steady_clock::now();
  cl_int error =
      cl().clBuildProgram(program, 1, &device.id, options, nullptr, nullptr);
  if (error != CL_SUCCESS) {
    std::string output = buildLog(program, device.id);
    acc_result_t code = resultFromCl(error);
    if (code != ACC_ERROR_OUT_OF_MEMORY && code != ACC_ERROR_UNSUPPORTED)
      code = ACC_ERROR_BUILD_FAILED;
    fail(code,
         std::string("building ") + targetName(target) + " for \"" +
             device.info.name +
             "\" failed (clBuildProgram: " + clErrorName(error) + ")" +
             (output.empty() ? std::string("; the driver gave no build log")
                             : ":\n" + output));
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - start)
                .count();
  log(ACC_LOG_LEVEL_DEBUG, std::string("built ") + targetName(target) +
                               " for \"" + device.info.name + "\" in " +
                               std::to_string(ms) + " ms");
}

std::unique_ptr<Kernel> bindKernel(Module &module, uint32_t launchAbi,
                                   const acc_kernel_info_t &info) {
  if (!info.name || !*info.name)
    fail(ACC_ERROR_INVALID_BUNDLE, "module_create: a kernel has no name");
  if (info.arg_count > 0 && !info.args)
    fail(ACC_ERROR_INVALID_BUNDLE, std::string("module_create: kernel '") +
                                       info.name + "' has no argument list");
  auto kernel = std::make_unique<Kernel>();
  kernel->module = &module;
  kernel->name = info.name;
  kernel->flags = info.flags;
  for (int d = 0; d < 3; ++d)
    kernel->requiredLocalSize[d] = info.required_local_size[d];
  kernel->argKinds.reserve(info.arg_count);
  for (uint32_t i = 0; i < info.arg_count; ++i)
    kernel->argKinds.push_back(info.args[i].kind);

  const std::string what = "kernel '" + kernel->name + "'";
  cl_int error = CL_SUCCESS;
  kernel->kernel = cl().clCreateKernel(module.program, info.name, &error);
  if (error == CL_INVALID_KERNEL_NAME)
    fail(ACC_ERROR_INVALID_BUNDLE,
         "module_create: the OpenCL program has no kernel named '" +
             kernel->name + "', which the bundle's metadata lists");
  check(error, "clCreateKernel", "module_create: " + what);

  // From here on the Kernel owns its cl_kernel (destroyModule releases it).
  cl_uint argCount = 0;
  error = cl().clGetKernelInfo(kernel->kernel, CL_KERNEL_NUM_ARGS,
                               sizeof(argCount), &argCount, nullptr);
  if (error != CL_SUCCESS) {
    cl().clReleaseKernel(kernel->kernel);
    check(error, "clGetKernelInfo", "module_create: " + what);
  }
  size_t groupSize = 0;
  error = cl().clGetKernelWorkGroupInfo(kernel->kernel, module.device->id,
                                        CL_KERNEL_WORK_GROUP_SIZE,
                                        sizeof(groupSize), &groupSize, nullptr);
  if (error != CL_SUCCESS) {
    cl().clReleaseKernel(kernel->kernel);
    check(error, "clGetKernelWorkGroupInfo", "module_create: " + what);
  }
  kernel->maxGroupSize = groupSize;
  // acc-cc's code declares its launch convention's trailing arguments;
  // hand-written OpenCL C and convention-0 SPIR-V declare none.
  const bool words = launchAbi == ACC_LAUNCH_ABI_1;
  const uint32_t trailing = words ? 1u : ACC_LAUNCH_OPENCL_C_RANGE_ARGS;
  if (argCount == info.arg_count + trailing)
    kernel->launchArgs = words ? LaunchArgs::Words : LaunchArgs::Range;
  else if (argCount != info.arg_count) {
    cl().clReleaseKernel(kernel->kernel);
    fail(ACC_ERROR_INVALID_BUNDLE,
         "module_create: " + what + " takes " + std::to_string(argCount) +
             " arguments in the OpenCL program, but the bundle's metadata "
             "lists " +
             std::to_string(info.arg_count) + " (and launch convention " +
             std::to_string(launchAbi) + " adds " + std::to_string(trailing) +
             ")");
  }
  return kernel;
}

} // namespace

Module *Backend::moduleCreateImpl(Device &device,
                                  const acc_plugin_module_desc_t &desc) {
  if (desc.target != ACC_TARGET_OPENCL_C && desc.target != ACC_TARGET_SPIRV_CL)
    fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
         "module_create: code target " + std::to_string(desc.target) + " (" +
             targetName(desc.target) +
             ") is not one the opencl backend runs (opencl-c, spirv-cl)");
  bool listed = false;
  for (acc_target_t target : device.info.targets)
    listed |= target != ACC_TARGET_NONE && target == desc.target;
  if (!listed)
    fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
         std::string("module_create: \"") + device.info.name + "\" takes no " +
             targetName(desc.target) + " code" +
             (desc.target == ACC_TARGET_SPIRV_CL
                  ? " (it reports no IL support)"
                  : " (its driver has no OpenCL C compiler)"));
  if (!desc.code || desc.code_size == 0)
    fail(ACC_ERROR_INVALID_ARGUMENT, "module_create: no code");
  if (desc.code_size > SIZE_MAX)
    fail(ACC_ERROR_INVALID_ARGUMENT, "module_create: code is too large");
  if (desc.kernel_count > 0 && !desc.kernels)
    fail(ACC_ERROR_INVALID_ARGUMENT,
         "module_create: kernel_count is set but kernels is NULL");

  cl_context context = deviceContext(device);
  auto module = std::make_unique<Module>();
  module->device = &device;

  // The code cache (plugins/common, CodeCache.h): a verified entry skips the
  // driver's compiler; a miss builds from the code and stores the binary.
  auto start = std::chrono::steady_clock::now();
  CacheEntry entry = acc::plugin::cacheEntryFor(
      "opencl", cacheIdentity(device, buildOptions(desc.target)), desc.target,
      desc.code, static_cast<size_t>(desc.code_size));
  std::vector<unsigned char> binary;
  if (acc::plugin::cacheRead(entry, binary))
    module->program =
        programFromCache(device, context, entry, desc.target, binary);
  const bool fromCache = module->program != nullptr;
  if (fromCache)
    log(ACC_LOG_LEVEL_INFO, "module loaded from cache in " +
                                formatMs(msSince(start)) + " ms (cache hit, " +
                                entry.path + ")");
  else
    module->program = createProgram(device, context, desc);

  // From here on a failure must release the program and kernels again.
  try {
    if (!fromCache) {
      buildProgram(device, module->program, desc.target);
      double ms = msSince(start);
      std::string note = "cache disabled";
      if (entry.enabled) {
        std::string why = storeProgram(entry, module->program);
        note = why.empty() ? "cache miss, stored " + entry.path
                           : "cache miss, not stored: " + why;
      }
      log(ACC_LOG_LEVEL_INFO, "module built from source in " + formatMs(ms) +
                                  " ms (" + note + ")");
    }
    module->kernels.reserve(desc.kernel_count);
    for (uint32_t i = 0; i < desc.kernel_count; ++i)
      module->kernels.push_back(bindKernel(*module, desc.launch_abi, desc.kernels[i]));
  } catch (...) {
    Backend::moduleReleaseImpl(module.release());
    throw;
  }
  log(ACC_LOG_LEVEL_DEBUG, std::string("loaded ") + targetName(desc.target) +
                               " code of " + std::to_string(desc.code_size) +
                               " bytes with " +
                               std::to_string(desc.kernel_count) + " kernels");
  return module.release();
}

void Backend::moduleReleaseImpl(Module *module) {
  for (std::unique_ptr<Kernel> &kernel : module->kernels) {
    if (kernel->kernel)
      cl().clReleaseKernel(kernel->kernel);
  }
  module->kernels.clear();
  if (module->program)
    cl().clReleaseProgram(module->program);
  delete module;
}

Kernel &Backend::kernelGetImpl(Module &module, const char *name) {
  return plugin::findKernel(module.kernels, name);
}
