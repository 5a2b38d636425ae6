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
// Error handling: internal functions throw acc::opencl::Error; every ABI
// entry point runs its body through guard() (status.cpp), which turns
// exceptions into an acc_result_t plus host->set_error(). OpenCL error codes
// become acc_result_t in one place, check() in status.cpp. No exception
// leaves the plugin.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_OPENCL_OPENCL_PLUGIN_H
#define ACC_PLUGINS_OPENCL_OPENCL_PLUGIN_H

#include "acc/acc_plugin.h"
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

/// An internal failure on its way to the ABI boundary.
struct Error {
  acc_result_t code;
  std::string message;
};

/// Throws Error{code, message}.
[[noreturn]] void fail(acc_result_t code, std::string message);

/// The acc_result_t an OpenCL error code stands for.
acc_result_t resultFromCl(cl_int error);

/// The spelling of an OpenCL error code ("CL_OUT_OF_RESOURCES"), or
/// "OpenCL error <n>" for a code the specification does not name.
std::string clErrorName(cl_int error);

/// Throws unless `error` is CL_SUCCESS. The message reads
/// "<what>: <call> failed with <CL_NAME> (<n>)"; the code comes from
/// resultFromCl().
void check(cl_int error, const char *call, const std::string &what);

/// Records `message` as the calling thread's last error through the host and
/// logs it at debug level; returns `code`.
acc_result_t report(acc_result_t code, const std::string &message);

/// Writes a line to the runtime's log (no-op before init()).
void log(acc_log_level_t level, const std::string &message);

/// Human-readable byte count ("1.5 GiB").
std::string formatBytes(uint64_t bytes);

/// Runs `body` and converts every exception into an acc_result_t reported
/// through the host. `entry` names the ABI function for messages about
/// unexpected exceptions.
template <typename Fn> acc_result_t guard(const char *entry, Fn &&body);

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

/// Tags stored first in every object so a stale or foreign handle is caught
/// cheaply (defensive: the runtime is expected to pass valid handles).
enum class Tag : uint32_t {
  Device = 0x41434c44, // "ACLD"
  Buffer = 0x41434c42, // "ACLB"
  Queue = 0x41434c51,  // "ACLQ"
  Module = 0x41434c4d, // "ACLM"
  Kernel = 0x41434c4b, // "ACLK"
  Event = 0x41434c45,  // "ACLE"
  Dead = 0xdeadacc1,
};

/// One OpenCL device of one platform.
struct Device {
  Tag tag = Tag::Device;
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
struct Buffer {
  Tag tag = Tag::Buffer;
  Device *device = nullptr;
  cl_mem mem = nullptr;
  uint64_t size = 0;
};

/// One kernel of a module: its cl_kernel and the metadata the launch checks
/// need.
struct Kernel {
  Tag tag = Tag::Kernel;
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
  /// Whether the program declares acc-cc's three trailing "range arguments"
  /// (ulong, the launch's real global size per dimension; see
  /// docs/bundle-format.md). With them a non-uniform range runs as the
  /// rounded-up uniform one: the generated code retires the extra
  /// work-items and reports the real sizes. Hand-written OpenCL C has none
  /// and must be launched with whole work-groups.
  bool hasRangeArgs = false;
};

/// A built program and its kernels.
struct Module {
  Tag tag = Tag::Module;
  Device *device = nullptr;
  cl_program program = nullptr;
  std::vector<std::unique_ptr<Kernel>> kernels;
};

/// An in-order command queue with profiling enabled.
struct Queue {
  Tag tag = Tag::Queue;
  Device *device = nullptr;
  cl_command_queue queue = nullptr;
};

/// An event: a marker enqueued with clEnqueueMarkerWithWaitList.
struct Event {
  Tag tag = Tag::Event;
  Device *device = nullptr;
  acc_event_flags_t flags = 0;
  cl_event event = nullptr;
};

//===----------------------------------------------------------------------===//
// Plugin-wide state (plugin.cpp)
//===----------------------------------------------------------------------===//

/// Everything the plugin owns between init() and shutdown().
struct PluginState {
  /// Copy of the host services (up to the struct size the host gave).
  acc_plugin_host_v1_t host{};
  bool initialized = false;
  /// dlopen() handle of the ICD loader (never closed, see plugin.cpp).
  void *library = nullptr;
  ClApi api;
  std::vector<std::unique_ptr<Device>> devices;

  /// Live objects, so shutdown() can release what the runtime leaked.
  std::mutex objectsMutex;
  std::unordered_set<Buffer *> buffers;
  std::unordered_set<Queue *> queues;
  std::unordered_set<Module *> modules;
  std::unordered_set<Event *> events;
};

/// The one instance.
PluginState &state();

//===----------------------------------------------------------------------===//
// Handle checks
//===----------------------------------------------------------------------===//

Device *toDevice(acc_plugin_device_t handle);
Buffer *toBuffer(acc_plugin_buffer_t handle);
Queue *toQueue(acc_plugin_queue_t handle);
Module *toModule(acc_plugin_module_t handle);
Kernel *toKernel(acc_plugin_kernel_t handle);
Event *toEvent(acc_plugin_event_t handle);

//===----------------------------------------------------------------------===//
// Implementation entry points used by plugin.cpp's table
//===----------------------------------------------------------------------===//

/// device.cpp: every usable device of every platform. Fails with
/// ACC_ERROR_NO_DEVICE and the reason when there is none.
std::vector<std::unique_ptr<Device>> discoverDevices();
/// device.cpp: the device's context, created on first use.
cl_context deviceContext(Device &device);
/// device.cpp: releases the context, if one was created.
void releaseDevice(Device &device);

/// memory.cpp
Buffer *createBuffer(Device &device, uint64_t size, acc_buffer_flags_t flags);
void destroyBuffer(Buffer *buffer);

/// module.cpp
Module *createModule(Device &device, const acc_plugin_module_desc_t &desc);
void destroyModule(Module *module);
Kernel *findKernel(Module &module, const char *name);

/// cache.cpp: the program-binary cache (see README.md, "Program-binary
/// cache"). An entry is one verified program binary for one device, keyed by
/// the device, its driver, the build options, the target and the code.
struct CacheEntry {
  /// False when ACC_CACHE=0 or the folder is unusable (already logged).
  bool enabled = false;
  uint64_t key = 0;
  /// The cache folder ("<base>/opencl") and the entry's file in it.
  std::string folder;
  std::string path;
};
/// The entry for building `code` with `options` on `device`.
CacheEntry cacheEntryFor(Device &device, const std::string &options,
                         acc_target_t target, const void *code, size_t size);
/// Reads and verifies the entry. Returns false when it is missing, or when it
/// fails verification (then it is logged and deleted: never loaded).
bool cacheRead(const CacheEntry &entry, std::vector<unsigned char> &binary);
/// Logs that a verified entry still could not be used and deletes it.
void cacheDiscard(const CacheEntry &entry, const std::string &why);
/// Stores the program's binary for `device`, atomically (temporary file +
/// rename). Returns "" on success, else why not (never throws).
std::string cacheStore(const CacheEntry &entry, cl_program program,
                       Device &device);

/// device.cpp: string properties, trimmed ("" when the driver does not
/// know them). Shared by device enumeration and the cache key.
std::string deviceString(cl_device_id device, cl_device_info param);
std::string platformString(cl_platform_id platform, cl_platform_info param);

/// queue.cpp: commands go to the device's in-order cl_command_queue.
Queue *createQueue(Device &device);
/// Waits for the queue's work and releases it; throws the error of a
/// command that failed (the queue is released anyway).
void destroyQueue(Queue *queue);
void finishQueue(Queue &queue);
void enqueueWrite(Queue &queue, Buffer &buffer, uint64_t offset, uint64_t size,
                  const void *src, bool blocking);
void enqueueRead(Queue &queue, Buffer &buffer, uint64_t offset, uint64_t size,
                 void *dst, bool blocking);
void enqueueCopy(Queue &queue, Buffer &src, uint64_t srcOffset, Buffer &dst,
                 uint64_t dstOffset, uint64_t size);
void enqueueFill(Queue &queue, Buffer &buffer, uint64_t offset, uint64_t size,
                 const void *pattern, uint32_t patternSize);
void enqueueLaunch(Queue &queue, Kernel &kernel,
                   const acc_plugin_launch_desc_t &desc);
/// queue.cpp: what the driver says about a built kernel.
void kernelProperties(const Kernel &kernel, acc_kernel_properties_t &props);
/// queue.cpp: events are markers in the queue.
Event *recordEvent(Queue &queue, acc_event_flags_t flags);
void enqueueWaitEvent(Queue &queue, Event &event);
void waitEvent(Event &event);
/// ACC_SUCCESS or ACC_ERROR_NOT_READY; throws the error of a failed command.
acc_result_t queryEvent(Event &event);
uint64_t eventElapsedNs(Event &start, Event &end);
void destroyEvent(Event *event);

//===----------------------------------------------------------------------===//
// guard() implementation
//===----------------------------------------------------------------------===//

/// Reports an exception caught at the ABI boundary (status.cpp). Must be
/// called from inside a catch block.
acc_result_t reportCurrentException(const char *entry);

template <typename Fn> acc_result_t guard(const char *entry, Fn &&body) {
  try {
    body();
    return ACC_SUCCESS;
  } catch (...) {
    return reportCurrentException(entry);
  }
}

} // namespace opencl
} // namespace acc

#endif // ACC_PLUGINS_OPENCL_OPENCL_PLUGIN_H
