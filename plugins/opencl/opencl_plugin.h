//===- opencl_plugin.h - Private declarations of the opencl plugin --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The opencl plugin runs OpenCL C source (and SPIR-V, on drivers that take
// IL) through the OpenCL ICD loader, libOpenCL.so.1, which it opens with
// dlopen() at init(): the plugin links no OpenCL library and includes no
// Khronos header (third_party/opencl/acc_cl_min.h declares what it uses).
// This header is shared by the plugin's translation units only; nothing here
// is part of any ABI.
//
// The ABI boundary (entry table, exception guard, handle checks, the
// registry of live objects) is plugins/common's: this plugin implements the
// Backend functions below. Internal functions throw through fail(); OpenCL
// error codes become acc_result_t in one place, check() in status.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_OPENCL_OPENCL_PLUGIN_H
#define ACC_PLUGINS_OPENCL_OPENCL_PLUGIN_H

#include "acc/acc_launch.h"
#include "acc/acc_plugin.h"
#include "acc/plugin/CodeCache.h"
#include "acc/plugin/Handles.h"
#include "acc/plugin/Library.h"
#include "acc/plugin/Status.h"
#include "acc/plugin/Table.h"
#include "acc_cl_min.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace acc {
namespace opencl {

//===----------------------------------------------------------------------===//
// Errors and logging (status.cpp)
//===----------------------------------------------------------------------===//

// Errors, logging and the ABI boundary come from plugins/common.
using plugin::Error;
using plugin::fail;
using plugin::formatBytes;
using plugin::guard;
using plugin::log;
using plugin::report;

/// The acc_result_t an OpenCL error code stands for.
acc_result_t resultFromCl(cl_int error);

/// The spelling of an OpenCL error code ("CL_OUT_OF_RESOURCES"), or
/// "OpenCL error <n>" for a code the specification does not name.
std::string clErrorName(cl_int error);

/// Throws unless `error` is CL_SUCCESS. The message reads
/// "<what>: <call> failed with <CL_NAME> (<n>)"; the code comes from
/// resultFromCl().
void check(cl_int error, const char *call, const std::string &what);

//===----------------------------------------------------------------------===//
// The OpenCL entry points (plugin.cpp loads them)
//===----------------------------------------------------------------------===//

/// Function pointers resolved from the ICD loader, one per line of
/// symbols.inc. Optional entries may be NULL.
struct ClApi {
#define ACC_CL_REQUIRED(name) acc_cl_##name##_fn *name = nullptr;
#define ACC_CL_OPTIONAL(name) acc_cl_##name##_fn *name = nullptr;
#include "symbols.inc"
};

/// The loaded entry points. Valid between a successful init() and
/// shutdown().
const ClApi &cl();

//===----------------------------------------------------------------------===//
// Objects behind the opaque handles
//===----------------------------------------------------------------------===//

/// One OpenCL device of one platform.
struct Device : plugin::Object<plugin::Kind::Device> {
  cl_platform_id platform = nullptr;
  cl_device_id id = nullptr;
  acc_device_info_t info{};
  /// "PoCL", "NVIDIA CUDA", ... for messages.
  std::string platformName;
  /// The device takes SPIR-V (CL_DEVICE_IL_VERSION or cl_khr_il_program).
  bool takesIl = false;
  /// CL_DEVICE_VERSION as major * 10 + minor (12 for OpenCL 1.2).
  unsigned version = 0;

  /// The device's own context, created by the first object that needs it
  /// (listing devices creates none: a context can cost a GPU's driver a lot
  /// of memory and time).
  std::mutex contextMutex;
  cl_context context = nullptr;
};

/// A buffer. OpenCL has no zero-size buffers, so a buffer of logical size 0
/// owns one byte: it can still be bound to a kernel.
struct Buffer : plugin::Object<plugin::Kind::Buffer> {
  Device *device = nullptr;
  cl_mem mem = nullptr;
  uint64_t size = 0;
};

/// What follows a kernel's own arguments in the OpenCL program.
enum class LaunchArgs {
  None,  ///< nothing: whole work-groups only
  Range, ///< convention 0: three ulong, the real global size
  Words, ///< convention 1: one ulong16, the launch words
};

/// One kernel of a module: its cl_kernel and the metadata the launch checks
/// need.
struct Kernel : plugin::Object<plugin::Kind::Kernel> {
  struct Module *module = nullptr;
  std::string name;
  cl_kernel kernel = nullptr;
  /// clSetKernelArg changes the kernel object, so setting the arguments and
  /// enqueueing must not interleave between two threads launching the same
  /// kernel. OpenCL captures the arguments at enqueue time, so the lock is
  /// held only for those calls.
  std::mutex launchMutex;
  acc_kernel_flags_t flags = 0;
  uint32_t requiredLocalSize[3] = {0, 0, 0};
  std::vector<acc_arg_kind_t> argKinds;
  /// CL_KERNEL_WORK_GROUP_SIZE: the driver's limit for this kernel on this
  /// device, which may be below the device's max_work_group_size.
  uint64_t maxGroupSize = 0;
  /// The trailing arguments acc-cc's launch convention adds after those the
  /// metadata lists (acc/acc_launch.h); none for hand-written OpenCL C or
  /// SPIR-V of convention 0, which run whole work-groups only.
  LaunchArgs launchArgs = LaunchArgs::None;
};

/// A built program and its kernels.
struct Module : plugin::Object<plugin::Kind::Module> {
  Device *device = nullptr;
  cl_program program = nullptr;
  std::vector<std::unique_ptr<Kernel>> kernels;
};

/// An in-order command queue with profiling enabled.
struct Queue : plugin::Object<plugin::Kind::Queue> {
  Device *device = nullptr;
  cl_command_queue queue = nullptr;
};

/// An event: a marker enqueued with clEnqueueMarkerWithWaitList.
struct Event : plugin::Object<plugin::Kind::Event> {
  Device *device = nullptr;
  acc_event_flags_t flags = 0;
  cl_event event = nullptr;
};

//===----------------------------------------------------------------------===//
// The backend interface (plugins/common/include/acc/plugin/Table.h)
//===----------------------------------------------------------------------===//

/// The opencl backend as plugins/common sees it: every entry of the ABI is
/// generated from these functions (ACC_PLUGIN_ENTRY in plugin.cpp).
struct Backend
    : acc::plugin::BackendTypes<opencl::Device, opencl::Buffer, opencl::Queue,
                                opencl::Module, opencl::Kernel, opencl::Event> {
  static constexpr const char *kName = "opencl";
  static constexpr const char *kVersion = "0.2.0";
  static constexpr uint32_t kLaunchAbiMax = ACC_LAUNCH_ABI_1;

  ACC_PLUGIN_REQUIRED_IMPLS // plugin.cpp, memory.cpp, module.cpp, queue.cpp
  /// queue.cpp (optional entry): what the driver says about a built kernel.
  static void kernelPropertiesImpl(Kernel &kernel,
                                   acc_kernel_properties_t &props);
};

/// plugin.cpp: the loaded entry points (valid between a successful init()
/// and shutdown()) and the devices.
struct PluginState {
  plugin::Library library;
  ClApi api;
  std::vector<std::unique_ptr<Device>> devices;
};
PluginState &state();

//===----------------------------------------------------------------------===//
// Helpers shared by the plugin's files
//===----------------------------------------------------------------------===//

/// device.cpp: every usable device of every platform. Fails with
/// ACC_ERROR_NO_DEVICE and the reason when there is none.
std::vector<std::unique_ptr<Device>> discoverDevices();
/// device.cpp: the device's context, created on first use.
cl_context deviceContext(Device &device);
/// device.cpp: releases the context, if one was created.
void releaseDevice(Device &device);

/// module.cpp: the program-binary cache is plugins/common's code cache
/// (acc/plugin/CodeCache.h), under the subfolder "opencl".
using plugin::CacheEntry;

/// device.cpp: string properties, trimmed ("" when the driver does not
/// know them). Shared by device enumeration and the cache key.
std::string deviceString(cl_device_id device, cl_device_info param);
std::string platformString(cl_platform_id platform, cl_platform_info param);

} // namespace opencl
} // namespace acc

#endif // ACC_PLUGINS_OPENCL_OPENCL_PLUGIN_H
