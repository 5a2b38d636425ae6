//===- plugin.cpp - Entry point and function table of the opencl plugin ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// acc_plugin_query() is the only exported symbol. init() opens the OpenCL
// ICD loader and resolves the functions of symbols.inc; each table entry then
// checks its handles and runs the work in device.cpp, memory.cpp, queue.cpp
// or module.cpp inside guard(), which turns every exception into a result
// code and a message for the host (status.cpp).
//
// Only the ICD loader is opened, never a vendor library: the loader picks the
// drivers registered in /etc/OpenCL/vendors (or OCL_ICD_VENDORS), so one
// plugin serves every OpenCL implementation. ACC_OPENCL_ICD_LOADER names a
// different loader file (tests use it to simulate a machine without one).
//
// The loader is never dlclose()d, not even by shutdown(): ICD loaders never
// unload the drivers they opened, and drivers keep worker threads, so
// unloading would save nothing and could pull the loader from under a
// driver thread. shutdown() only forgets the handle; a later init() opens
// the loader again (dlopen() returns the loaded copy).
//
//===----------------------------------------------------------------------===//
#include "opencl_plugin.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

using namespace acc::opencl;

PluginState &acc::opencl::state() {
  static PluginState instance;
  return instance;
}

const ClApi &acc::opencl::cl() { return state().api; }

//===----------------------------------------------------------------------===//
// Handle checks
//===----------------------------------------------------------------------===//

namespace {

template <typename T, typename Handle>
T *checkHandle(Handle handle, Tag tag, const char *what) {
  auto *object = reinterpret_cast<T *>(handle);
  if (!object)
    fail(ACC_ERROR_INVALID_HANDLE, std::string(what) + " handle is NULL");
  if (object->tag != tag)
    fail(ACC_ERROR_INVALID_HANDLE,
         std::string(what) + " handle is not a live opencl " + what);
  return object;
}

void requireInit() {
  if (!state().initialized)
    fail(ACC_ERROR_NOT_INITIALIZED, "the opencl plugin is not initialised");
}

} // namespace

Device *acc::opencl::toDevice(acc_plugin_device_t handle) {
  return checkHandle<Device>(handle, Tag::Device, "device");
}
Buffer *acc::opencl::toBuffer(acc_plugin_buffer_t handle) {
  return checkHandle<Buffer>(handle, Tag::Buffer, "buffer");
}
Queue *acc::opencl::toQueue(acc_plugin_queue_t handle) {
  return checkHandle<Queue>(handle, Tag::Queue, "queue");
}
Module *acc::opencl::toModule(acc_plugin_module_t handle) {
  return checkHandle<Module>(handle, Tag::Module, "module");
}
Kernel *acc::opencl::toKernel(acc_plugin_kernel_t handle) {
  return checkHandle<Kernel>(handle, Tag::Kernel, "kernel");
}
Event *acc::opencl::toEvent(acc_plugin_event_t handle) {
  return checkHandle<Event>(handle, Tag::Event, "event");
}

//===----------------------------------------------------------------------===//
// Table entries
//===----------------------------------------------------------------------===//

namespace {

template <typename T> void requireOut(T *out, const char *entry) {
  if (!out)
    fail(ACC_ERROR_INVALID_ARGUMENT, std::string(entry) + ": output is NULL");
}

/// The ICD loader's file name, as dlopen() searches it.
constexpr const char *kLoaderName = "libOpenCL.so.1";

/// Opens the ICD loader and resolves symbols.inc into `api`.
void loadOpenCl(PluginState &s) {
  const char *override = std::getenv("ACC_OPENCL_ICD_LOADER");
  std::string name = override && *override ? override : kLoaderName;
  dlerror();
  s.library = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!s.library) {
    const char *reason = dlerror();
    std::string why = reason ? reason : "";
    log(ACC_LOG_LEVEL_DEBUG, "dlopen(\"" + name + "\"): " + why);
    // A loader that exists but cannot be loaded (wrong architecture, missing
    // dependency) says so; a missing one gets the install hint.
    if (why.find("No such file") == std::string::npos && !why.empty())
      fail(ACC_ERROR_NO_DEVICE, name + " could not be loaded: " + why);
    fail(ACC_ERROR_NO_DEVICE,
         name + " not found (install an OpenCL ICD loader and a driver, "
                "e.g. ocl-icd-libopencl1 and pocl-opencl-icd)");
  }
  ClApi api;
#define ACC_CL_REQUIRED(fn)                                                    \
  api.fn = reinterpret_cast<acc_cl_##fn##_fn *>(dlsym(s.library, #fn));        \
  if (!api.fn)                                                                 \
    fail(ACC_ERROR_NO_DEVICE,                                                  \
         name + " has no " #fn ": it is not an OpenCL 1.2 ICD loader");
#define ACC_CL_OPTIONAL(fn)                                                    \
  api.fn = reinterpret_cast<acc_cl_##fn##_fn *>(dlsym(s.library, #fn));
#include "symbols.inc"
  s.api = api;
}

acc_result_t pluginInit(const acc_plugin_host_v1_t *host) {
  return guard("init", [&] {
    if (!host || host->struct_size < offsetof(acc_plugin_host_v1_t, log))
      fail(ACC_ERROR_INVALID_ARGUMENT, "init: host table is missing or too "
                                       "small");
    PluginState &s = state();
    acc_plugin_host_v1_t copy{};
    std::memcpy(&copy, host, std::min<size_t>(host->struct_size, sizeof(copy)));
    s.host = copy;
    loadOpenCl(s);
    if (s.devices.empty())
      s.devices = discoverDevices();
    s.initialized = true;
    for (const std::unique_ptr<Device> &device : s.devices)
      log(ACC_LOG_LEVEL_INFO, std::string("device \"") + device->info.name +
                                  "\" on platform \"" + device->platformName +
                                  "\"");
  });
}

void pluginShutdown() {
  PluginState &s = state();
  try {
    std::lock_guard<std::mutex> lock(s.objectsMutex);
    for (Queue *queue : s.queues) {
      try {
        destroyQueue(queue);
      } catch (...) {
        // The queue is released even when its last command failed.
      }
    }
    for (Event *event : s.events)
      destroyEvent(event);
    for (Module *module : s.modules)
      destroyModule(module);
    for (Buffer *buffer : s.buffers)
      destroyBuffer(buffer);
    s.events.clear();
    s.queues.clear();
    s.modules.clear();
    s.buffers.clear();
  } catch (...) {
    // Nothing to report to: shutdown returns void. Carry on tearing down.
  }
  for (std::unique_ptr<Device> &device : s.devices)
    releaseDevice(*device);
  s.devices.clear();
  s.api = ClApi{};
  s.library = nullptr; // Not dlclose()d: see the top of this file.
  s.initialized = false;
  s.host = acc_plugin_host_v1_t{};
}

acc_result_t deviceCount(uint32_t *out_count) {
  return guard("device_count", [&] {
    requireInit();
    requireOut(out_count, "device_count");
    *out_count = static_cast<uint32_t>(state().devices.size());
  });
}

acc_result_t deviceGet(uint32_t index, acc_plugin_device_t *out_device) {
  return guard("device_get", [&] {
    requireInit();
    requireOut(out_device, "device_get");
    const auto &devices = state().devices;
    if (index >= devices.size())
      fail(ACC_ERROR_NOT_FOUND, "device_get: the opencl backend has " +
                                    std::to_string(devices.size()) +
                                    " devices, there is no index " +
                                    std::to_string(index));
    *out_device = reinterpret_cast<acc_plugin_device_t>(devices[index].get());
  });
}

acc_result_t deviceGetInfo(acc_plugin_device_t device,
                           acc_device_info_t *info) {
  return guard("device_get_info", [&] {
    requireInit();
    Device *d = toDevice(device);
    requireOut(info, "device_get_info");
    uint32_t size = info->struct_size;
    if (size < sizeof(uint32_t))
      fail(ACC_ERROR_INVALID_ARGUMENT,
           "device_get_info: info->struct_size is not set");
    std::memcpy(info, &d->info, std::min<size_t>(size, sizeof(d->info)));
    info->struct_size = size;
  });
}

acc_result_t bufferCreate(acc_plugin_device_t device, uint64_t size,
                          acc_buffer_flags_t flags,
                          acc_plugin_buffer_t *out_buffer) {
  return guard("buffer_create", [&] {
    requireInit();
    Device *d = toDevice(device);
    requireOut(out_buffer, "buffer_create");
    Buffer *buffer = createBuffer(*d, size, flags);
    PluginState &s = state();
    try {
      std::lock_guard<std::mutex> lock(s.objectsMutex);
      s.buffers.insert(buffer);
    } catch (...) {
      destroyBuffer(buffer);
      throw;
    }
    *out_buffer = reinterpret_cast<acc_plugin_buffer_t>(buffer);
  });
}

acc_result_t bufferRelease(acc_plugin_buffer_t handle) {
  return guard("buffer_release", [&] {
    Buffer *buffer = toBuffer(handle);
    PluginState &s = state();
    {
      std::lock_guard<std::mutex> lock(s.objectsMutex);
      s.buffers.erase(buffer);
    }
    destroyBuffer(buffer);
  });
}

acc_result_t queueCreate(acc_plugin_device_t device,
                         acc_plugin_queue_t *out_queue) {
  return guard("queue_create", [&] {
    requireInit();
    Device *d = toDevice(device);
    requireOut(out_queue, "queue_create");
    Queue *queue = createQueue(*d);
    PluginState &s = state();
    try {
      std::lock_guard<std::mutex> lock(s.objectsMutex);
      s.queues.insert(queue);
    } catch (...) {
      destroyQueue(queue);
      throw;
    }
    *out_queue = reinterpret_cast<acc_plugin_queue_t>(queue);
  });
}

acc_result_t queueRelease(acc_plugin_queue_t handle) {
  return guard("queue_release", [&] {
    Queue *queue = toQueue(handle);
    PluginState &s = state();
    {
      std::lock_guard<std::mutex> lock(s.objectsMutex);
      s.queues.erase(queue);
    }
    destroyQueue(queue);
  });
}

acc_result_t queueFinish(acc_plugin_queue_t handle) {
  return guard("queue_finish", [&] { finishQueue(*toQueue(handle)); });
}

acc_result_t bufferWrite(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                         uint64_t offset, uint64_t size, const void *src,
                         bool blocking) {
  return guard("buffer_write", [&] {
    enqueueWrite(*toQueue(queue), *toBuffer(buffer), offset, size, src,
                 blocking);
  });
}

acc_result_t bufferRead(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                        uint64_t offset, uint64_t size, void *dst,
                        bool blocking) {
  return guard("buffer_read", [&] {
    enqueueRead(*toQueue(queue), *toBuffer(buffer), offset, size, dst,
                blocking);
  });
}

acc_result_t bufferCopy(acc_plugin_queue_t queue, acc_plugin_buffer_t src,
                        uint64_t src_offset, acc_plugin_buffer_t dst,
                        uint64_t dst_offset, uint64_t size) {
  return guard("buffer_copy", [&] {
    enqueueCopy(*toQueue(queue), *toBuffer(src), src_offset, *toBuffer(dst),
                dst_offset, size);
  });
}

acc_result_t bufferFill(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                        uint64_t offset, uint64_t size, const void *pattern,
                        uint32_t pattern_size) {
  return guard("buffer_fill", [&] {
    enqueueFill(*toQueue(queue), *toBuffer(buffer), offset, size, pattern,
                pattern_size);
  });
}

acc_result_t moduleCreate(acc_plugin_device_t device,
                          const acc_plugin_module_desc_t *desc,
                          acc_plugin_module_t *out_module) {
  return guard("module_create", [&] {
    requireInit();
    Device *d = toDevice(device);
    if (!desc)
      fail(ACC_ERROR_INVALID_ARGUMENT, "module_create: desc is NULL");
    requireOut(out_module, "module_create");
    // Launch convention 0 is the only one this plugin knows.
    if (desc->struct_size > offsetof(acc_plugin_module_desc_t, launch_abi) &&
        desc->launch_abi != 0)
      fail(ACC_ERROR_ABI_VERSION,
           "module_create: the code follows launch convention " +
               std::to_string(desc->launch_abi) +
               ", but this opencl plugin knows convention 0 only; update the "
               "opencl plugin to the acc release that compiled the bundle, or "
               "recompile the bundle with the acc-cc of this release");
    Module *module = createModule(*d, *desc);
    PluginState &s = state();
    try {
      std::lock_guard<std::mutex> lock(s.objectsMutex);
      s.modules.insert(module);
    } catch (...) {
      destroyModule(module);
      throw;
    }
    *out_module = reinterpret_cast<acc_plugin_module_t>(module);
  });
}

acc_result_t moduleRelease(acc_plugin_module_t handle) {
  return guard("module_release", [&] {
    Module *module = toModule(handle);
    PluginState &s = state();
    {
      std::lock_guard<std::mutex> lock(s.objectsMutex);
      s.modules.erase(module);
    }
    destroyModule(module);
  });
}

acc_result_t kernelGet(acc_plugin_module_t module, const char *name,
                       acc_plugin_kernel_t *out_kernel) {
  return guard("kernel_get", [&] {
    Module *m = toModule(module);
    requireOut(out_kernel, "kernel_get");
    *out_kernel = reinterpret_cast<acc_plugin_kernel_t>(findKernel(*m, name));
  });
}

acc_result_t launch(acc_plugin_queue_t queue, acc_plugin_kernel_t kernel,
                    const acc_plugin_launch_desc_t *desc) {
  return guard("launch", [&] {
    Queue *q = toQueue(queue);
    Kernel *k = toKernel(kernel);
    if (!desc)
      fail(ACC_ERROR_INVALID_ARGUMENT, "launch: desc is NULL");
    enqueueLaunch(*q, *k, *desc);
  });
}

acc_result_t queueRecordEvent(acc_plugin_queue_t queue,
                              acc_event_flags_t flags,
                              acc_plugin_event_t *out_event) {
  return guard("queue_record_event", [&] {
    Queue *q = toQueue(queue);
    requireOut(out_event, "queue_record_event");
    if (flags & ~acc_event_flags_t(ACC_EVENT_TIMING))
      fail(ACC_ERROR_INVALID_ARGUMENT,
           "queue_record_event: unknown flags " + std::to_string(flags));
    PluginState &s = state();
    std::lock_guard<std::mutex> lock(s.objectsMutex);
    s.events.reserve(s.events.size() + 1); // insert() below cannot throw
    Event *event = recordEvent(*q, flags);
    s.events.insert(event);
    *out_event = reinterpret_cast<acc_plugin_event_t>(event);
  });
}

acc_result_t queueWaitEvent(acc_plugin_queue_t queue,
                            acc_plugin_event_t event) {
  return guard("queue_wait_event", [&] {
    enqueueWaitEvent(*toQueue(queue), *toEvent(event));
  });
}

acc_result_t eventWait(acc_plugin_event_t event) {
  return guard("event_wait", [&] { waitEvent(*toEvent(event)); });
}

acc_result_t eventQuery(acc_plugin_event_t event) {
  acc_result_t status = ACC_SUCCESS;
  acc_result_t result =
      guard("event_query", [&] { status = queryEvent(*toEvent(event)); });
  return result != ACC_SUCCESS ? result : status;
}

acc_result_t eventElapsedNs(acc_plugin_event_t start, acc_plugin_event_t end,
                            uint64_t *out_ns) {
  return guard("event_elapsed_ns", [&] {
    Event *first = toEvent(start);
    Event *last = toEvent(end);
    requireOut(out_ns, "event_elapsed_ns");
    *out_ns = eventElapsedNs(*first, *last);
  });
}

acc_result_t eventRelease(acc_plugin_event_t handle) {
  return guard("event_release", [&] {
    Event *event = toEvent(handle);
    PluginState &s = state();
    {
      std::lock_guard<std::mutex> lock(s.objectsMutex);
      s.events.erase(event);
    }
    destroyEvent(event);
  });
}

acc_result_t kernelGetProperties(acc_plugin_kernel_t kernel,
                                acc_kernel_properties_t *props) {
  return guard("kernel_get_properties", [&] {
    Kernel *k = toKernel(kernel);
    if (!props || props->struct_size == 0)
      fail(ACC_ERROR_INVALID_ARGUMENT,
           "kernel_get_properties: props is NULL or its struct_size is 0");
    kernelProperties(*k, *props);
  });
}

const acc_plugin_v1_t kTable = [] {
  acc_plugin_v1_t table{};
  table.struct_size = sizeof(acc_plugin_v1_t);
  table.abi_major = ACC_PLUGIN_ABI_MAJOR;
  table.abi_minor = ACC_PLUGIN_ABI_MINOR;
  table.name = "opencl";
  table.version = "0.1.0";
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
