//===- null_plugin.h - Private declarations of the null plugin ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The null plugin is the skeleton a new backend starts from (README.md): it
// loads, reports no device with a reason, and answers every other entry with
// ACC_ERROR_NOT_IMPLEMENTED naming the entry. The file set and the layering
// are those of the real plugins (plugins/cpu, plugins/opencl), so a copy
// grows into one by filling in the functions declared below.
//
// Error handling: internal functions throw acc::null::Error; every ABI entry
// point runs its body through guard() (status.cpp), which turns exceptions
// into an acc_result_t plus host->set_error(). No exception leaves the
// plugin. Keep it that way when you fill the functions in.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_NULL_NULL_PLUGIN_H
#define ACC_PLUGINS_NULL_NULL_PLUGIN_H

#include "acc/acc_plugin.h"

#include <cstdint>
#include <string>

namespace acc {
namespace null {

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

/// Throws ACC_ERROR_NOT_IMPLEMENTED with a message naming `entry`. Every
/// stub below calls it; a new backend replaces the calls one by one.
[[noreturn]] void notImplemented(const char *entry);

/// Records `message` as the calling thread's last error through the host and
/// logs it at debug level; returns `code`.
acc_result_t report(acc_result_t code, const std::string &message);

/// Writes a line to the runtime's log (no-op before init()).
void log(acc_log_level_t level, const std::string &message);

/// Runs `body` and converts every exception into an acc_result_t reported
/// through the host.
template <typename Fn> acc_result_t guard(const char *entry, Fn &&body);

//===----------------------------------------------------------------------===//
// Plugin-wide state (plugin.cpp)
//===----------------------------------------------------------------------===//

/// Everything the plugin owns between init() and shutdown(). A real backend
/// adds its vendor library handle, its devices and its live objects here
/// (see plugins/opencl/opencl_plugin.h).
struct PluginState {
  /// Copy of the host services (up to the struct size the host gave).
  acc_plugin_host_v1_t host{};
  bool initialized = false;
  uint32_t deviceCount = 0;
};

/// The one instance.
PluginState &state();

//===----------------------------------------------------------------------===//
// What a backend implements. Each function throws Error on failure; the
// table entries in plugin.cpp wrap them in guard(). A real backend turns the
// opaque handles into its own objects first (toDevice(), toBuffer(), ... in
// plugins/cpu/plugin.cpp).
//===----------------------------------------------------------------------===//

/// device.cpp: opens the vendor library and counts the devices. Fails with
/// ACC_ERROR_NO_DEVICE and the reason when there is none.
uint32_t discoverDevices();
void deviceInfo(acc_plugin_device_t device, acc_device_info_t &info);

/// memory.cpp
acc_plugin_buffer_t createBuffer(acc_plugin_device_t device, uint64_t size,
                                 acc_buffer_flags_t flags);
void destroyBuffer(acc_plugin_buffer_t buffer);

/// module.cpp
acc_plugin_module_t createModule(acc_plugin_device_t device,
                                 const acc_plugin_module_desc_t &desc);
void destroyModule(acc_plugin_module_t module);
acc_plugin_kernel_t findKernel(acc_plugin_module_t module, const char *name);

/// queue.cpp
acc_plugin_queue_t createQueue(acc_plugin_device_t device);
void destroyQueue(acc_plugin_queue_t queue);
void finishQueue(acc_plugin_queue_t queue);
void enqueueWrite(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                  uint64_t offset, uint64_t size, const void *src,
                  bool blocking);
void enqueueRead(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                 uint64_t offset, uint64_t size, void *dst, bool blocking);
void enqueueCopy(acc_plugin_queue_t queue, acc_plugin_buffer_t src,
                 uint64_t srcOffset, acc_plugin_buffer_t dst,
                 uint64_t dstOffset, uint64_t size);
void enqueueFill(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                 uint64_t offset, uint64_t size, const void *pattern,
                 uint32_t patternSize);
void enqueueLaunch(acc_plugin_queue_t queue, acc_plugin_kernel_t kernel,
                   const acc_plugin_launch_desc_t &desc);
/// module.cpp: the vendor's view of a built kernel (its work-group limit,
/// preferred multiple, static local memory).
void kernelProperties(acc_plugin_kernel_t kernel,
                      acc_kernel_properties_t &props);
/// queue.cpp: events mark points in a queue (see acc/acc_plugin.h).
acc_plugin_event_t recordEvent(acc_plugin_queue_t queue,
                               acc_event_flags_t flags);
void enqueueWaitEvent(acc_plugin_queue_t queue, acc_plugin_event_t event);
void waitEvent(acc_plugin_event_t event);
/// ACC_SUCCESS when complete, ACC_ERROR_NOT_READY when not (no error set).
acc_result_t queryEvent(acc_plugin_event_t event);
uint64_t eventElapsedNs(acc_plugin_event_t start, acc_plugin_event_t end);
void destroyEvent(acc_plugin_event_t event);

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

} // namespace null
} // namespace acc

#endif // ACC_PLUGINS_NULL_NULL_PLUGIN_H
