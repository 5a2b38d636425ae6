//===- plugin.cpp - Entry point and function table of the null plugin -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// acc_plugin_query() is the only exported symbol; the build (acc_add_plugin
// with plugins/plugin.map) hides everything else. Each table entry runs its
// work in device.cpp, memory.cpp, queue.cpp or module.cpp inside guard(),
// which turns every exception into a result code and a message for the
// host (status.cpp).
//
// What the null plugin answers:
//  - init: ACC_ERROR_NO_DEVICE, "the null plugin has no devices; it is a
//    template to copy" (acc-info lists the plugin with this reason);
//  - device_count: 0; device_get: ACC_ERROR_NOT_FOUND (no index is valid);
//  - every other entry: ACC_ERROR_NOT_IMPLEMENTED naming the entry.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

#include <algorithm>
#include <cstring>

using namespace acc::null;

PluginState &acc::null::state() {
  static PluginState instance;
  return instance;
}

namespace {

/// The backend name, as ACC_BACKEND and the file name spell it. Change it
/// (and the folder, and acc_add_plugin's name) when you copy this plugin.
constexpr const char *kName = "null";
constexpr const char *kVersion = "0.1.0";

void requireInit() {
  if (!state().initialized)
    fail(ACC_ERROR_NOT_INITIALIZED, "the null plugin is not initialised");
}

template <typename T> void requireOut(T *out, const char *entry) {
  if (!out)
    fail(ACC_ERROR_INVALID_ARGUMENT, std::string(entry) + ": output is NULL");
}

//===----------------------------------------------------------------------===//
// Table entries
//===----------------------------------------------------------------------===//

acc_result_t pluginInit(const acc_plugin_host_v1_t *host) {
  return guard("init", [&] {
    if (!host || host->struct_size < offsetof(acc_plugin_host_v1_t, log))
      fail(ACC_ERROR_INVALID_ARGUMENT, "init: host table is missing or too "
                                       "small");
    PluginState &s = state();
    acc_plugin_host_v1_t copy{};
    std::memcpy(&copy, host, std::min<size_t>(host->struct_size, sizeof(copy)));
    s.host = copy;
    // Initialised even without devices: device_count then answers 0.
    s.initialized = true;
    s.deviceCount = discoverDevices();
  });
}

void pluginShutdown() {
  // A real backend releases here every object still alive (queues, then
  // modules, then buffers) and its devices. It must also cope with a failed
  // init() and leave the plugin ready for another init().
  PluginState &s = state();
  s.deviceCount = 0;
  s.initialized = false;
  s.host = acc_plugin_host_v1_t{};
}

acc_result_t deviceCount(uint32_t *out_count) {
  return guard("device_count", [&] {
    requireInit();
    requireOut(out_count, "device_count");
    *out_count = state().deviceCount;
  });
}

acc_result_t deviceGet(uint32_t index, acc_plugin_device_t *out_device) {
  return guard("device_get", [&] {
    requireInit();
    requireOut(out_device, "device_get");
    if (index >= state().deviceCount)
      fail(ACC_ERROR_NOT_FOUND,
           "device_get: the null plugin has no devices (asked for index " +
               std::to_string(index) + "); it is a template to copy");
    notImplemented("device_get");
  });
}

acc_result_t deviceGetInfo(acc_plugin_device_t device,
                           acc_device_info_t *info) {
  return guard("device_get_info", [&] {
    requireInit();
    requireOut(info, "device_get_info");
    deviceInfo(device, *info);
  });
}

acc_result_t bufferCreate(acc_plugin_device_t device, uint64_t size,
                          acc_buffer_flags_t flags,
                          acc_plugin_buffer_t *out_buffer) {
  return guard("buffer_create", [&] {
    requireInit();
    requireOut(out_buffer, "buffer_create");
    *out_buffer = createBuffer(device, size, flags);
  });
}

acc_result_t bufferRelease(acc_plugin_buffer_t buffer) {
  return guard("buffer_release", [&] { destroyBuffer(buffer); });
}

acc_result_t queueCreate(acc_plugin_device_t device,
                         acc_plugin_queue_t *out_queue) {
  return guard("queue_create", [&] {
    requireInit();
    requireOut(out_queue, "queue_create");
    *out_queue = createQueue(device);
  });
}

acc_result_t queueRelease(acc_plugin_queue_t queue) {
  return guard("queue_release", [&] { destroyQueue(queue); });
}

acc_result_t queueFinish(acc_plugin_queue_t queue) {
  return guard("queue_finish", [&] { finishQueue(queue); });
}

acc_result_t bufferWrite(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                         uint64_t offset, uint64_t size, const void *src,
                         bool blocking) {
  return guard("buffer_write", [&] {
    enqueueWrite(queue, buffer, offset, size, src, blocking);
  });
}

acc_result_t bufferRead(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                        uint64_t offset, uint64_t size, void *dst,
                        bool blocking) {
  return guard("buffer_read", [&] {
    enqueueRead(queue, buffer, offset, size, dst, blocking);
  });
}

acc_result_t bufferCopy(acc_plugin_queue_t queue, acc_plugin_buffer_t src,
                        uint64_t src_offset, acc_plugin_buffer_t dst,
                        uint64_t dst_offset, uint64_t size) {
  return guard("buffer_copy", [&] {
    enqueueCopy(queue, src, src_offset, dst, dst_offset, size);
  });
}

acc_result_t bufferFill(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                        uint64_t offset, uint64_t size, const void *pattern,
                        uint32_t pattern_size) {
  return guard("buffer_fill", [&] {
    enqueueFill(queue, buffer, offset, size, pattern, pattern_size);
  });
}

acc_result_t moduleCreate(acc_plugin_device_t device,
                          const acc_plugin_module_desc_t *desc,
                          acc_plugin_module_t *out_module) {
  return guard("module_create", [&] {
    requireInit();
    if (!desc)
      fail(ACC_ERROR_INVALID_ARGUMENT, "module_create: desc is NULL");
    requireOut(out_module, "module_create");
    *out_module = createModule(device, *desc);
  });
}

acc_result_t moduleRelease(acc_plugin_module_t module) {
  return guard("module_release", [&] { destroyModule(module); });
}

acc_result_t kernelGet(acc_plugin_module_t module, const char *name,
                       acc_plugin_kernel_t *out_kernel) {
  return guard("kernel_get", [&] {
    requireOut(out_kernel, "kernel_get");
    *out_kernel = findKernel(module, name);
  });
}

acc_result_t launch(acc_plugin_queue_t queue, acc_plugin_kernel_t kernel,
                    const acc_plugin_launch_desc_t *desc) {
  return guard("launch", [&] {
    if (!desc)
      fail(ACC_ERROR_INVALID_ARGUMENT, "launch: desc is NULL");
    enqueueLaunch(queue, kernel, *desc);
  });
}

acc_result_t queueRecordEvent(acc_plugin_queue_t queue,
                              acc_event_flags_t flags,
                              acc_plugin_event_t *out_event) {
  return guard("queue_record_event", [&] {
    requireOut(out_event, "queue_record_event");
    *out_event = recordEvent(queue, flags);
  });
}

acc_result_t queueWaitEvent(acc_plugin_queue_t queue,
                            acc_plugin_event_t event) {
  return guard("queue_wait_event", [&] { enqueueWaitEvent(queue, event); });
}

acc_result_t eventWait(acc_plugin_event_t event) {
  return guard("event_wait", [&] { waitEvent(event); });
}

/// "Not ready" is an answer, not a failure: it goes back without set_error.
acc_result_t eventQuery(acc_plugin_event_t event) {
  acc_result_t status = ACC_SUCCESS;
  acc_result_t result =
      guard("event_query", [&] { status = queryEvent(event); });
  return result != ACC_SUCCESS ? result : status;
}

acc_result_t eventElapsedNs(acc_plugin_event_t start, acc_plugin_event_t end,
                            uint64_t *out_ns) {
  return guard("event_elapsed_ns", [&] {
    requireOut(out_ns, "event_elapsed_ns");
    *out_ns = acc::null::eventElapsedNs(start, end);
  });
}

acc_result_t eventRelease(acc_plugin_event_t event) {
  return guard("event_release", [&] { destroyEvent(event); });
}

acc_result_t kernelGetProperties(acc_plugin_kernel_t kernel,
                                acc_kernel_properties_t *props) {
  return guard("kernel_get_properties", [&] {
    if (!props || props->struct_size == 0)
      fail(ACC_ERROR_INVALID_ARGUMENT,
           "kernel_get_properties: props is NULL or its struct_size is 0");
    kernelProperties(kernel, *props);
  });
}

/// Every entry is filled in, even the optional ones: a NULL entry would make
/// the runtime answer "the null plugin does not implement <entry>" itself,
/// but a template should show where each implementation goes.
const acc_plugin_v1_t kTable = [] {
  acc_plugin_v1_t table{};
  table.struct_size = sizeof(acc_plugin_v1_t);
  table.abi_major = ACC_PLUGIN_ABI_MAJOR;
  table.abi_minor = ACC_PLUGIN_ABI_MINOR;
  table.name = kName;
  table.version = kVersion;
  table.init = pluginInit;
  table.shutdown = pluginShutdown;
  table.device_count = deviceCount;
  table.device_get = deviceGet;
  table.device_get_info = deviceGetInfo;
  table.buffer_create = bufferCreate;
  table.buffer_release = bufferRelease;
  table.queue_create = queueCreate;
  table.queue_release = queueRelease;
  table.queue_finish = queueFinish;
  table.buffer_write = bufferWrite;
  table.buffer_read = bufferRead;
  table.buffer_copy = bufferCopy;
  table.buffer_fill = bufferFill;
  table.module_create = moduleCreate;
  table.module_release = moduleRelease;
  table.kernel_get = kernelGet;
  table.launch = launch;
  table.queue_record_event = queueRecordEvent;
  table.queue_wait_event = queueWaitEvent;
  table.event_wait = eventWait;
  table.event_query = eventQuery;
  table.event_elapsed_ns = eventElapsedNs;
  table.event_release = eventRelease;
  table.kernel_get_properties = kernelGetProperties;
  return table;
}();

} // namespace

extern "C" ACC_PLUGIN_EXPORT acc_result_t
acc_plugin_query(uint32_t loader_major, uint32_t /*loader_minor*/,
                 const acc_plugin_v1_t **out_table) {
  // No host table yet, so failures can only be reported by their code.
  if (!out_table)
    return ACC_ERROR_INVALID_ARGUMENT;
  if (loader_major != ACC_PLUGIN_ABI_MAJOR)
    return ACC_ERROR_ABI_VERSION;
  *out_table = &kTable;
  return ACC_SUCCESS;
}
