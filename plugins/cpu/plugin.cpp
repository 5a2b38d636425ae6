//===- plugin.cpp - Entry point and function table of the cpu plugin ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// acc_plugin_query() is the only exported symbol. Each table entry checks its
// handles, then runs the work in device.cpp, memory.cpp, queue.cpp or
// module.cpp inside guard(), which turns every exception into a result code
// and a message for the host (status.cpp).
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include <algorithm>
#include <cstring>

using namespace acc::cpu;

PluginState &acc::cpu::state() {
  static PluginState instance;
  return instance;
}

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
         std::string(what) + " handle is not a live cpu " + what);
  return object;
}

void requireInit() {
  if (!state().initialized)
    fail(ACC_ERROR_NOT_INITIALIZED, "the cpu plugin is not initialised");
}

} // namespace

Device *acc::cpu::toDevice(acc_plugin_device_t handle) {
  return checkHandle<Device>(handle, Tag::Device, "device");
}
Buffer *acc::cpu::toBuffer(acc_plugin_buffer_t handle) {
  return checkHandle<Buffer>(handle, Tag::Buffer, "buffer");
}
Queue *acc::cpu::toQueue(acc_plugin_queue_t handle) {
  return checkHandle<Queue>(handle, Tag::Queue, "queue");
}
Module *acc::cpu::toModule(acc_plugin_module_t handle) {
  return checkHandle<Module>(handle, Tag::Module, "module");
}
Kernel *acc::cpu::toKernel(acc_plugin_kernel_t handle) {
  return checkHandle<Kernel>(handle, Tag::Kernel, "kernel");
}
Event *acc::cpu::toEvent(acc_plugin_event_t handle) {
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

acc_result_t pluginInit(const acc_plugin_host_v1_t *host) {
  return guard("init", [&] {
    if (!host || host->struct_size < offsetof(acc_plugin_host_v1_t, log))
      fail(ACC_ERROR_INVALID_ARGUMENT, "init: host table is missing or too "
                                       "small");
    PluginState &s = state();
    acc_plugin_host_v1_t copy{};
    std::memcpy(&copy, host,
                std::min<size_t>(host->struct_size, sizeof(copy)));
    s.host = copy;
    if (!s.device)
      s.device = createHostDevice();
    s.initialized = true;
    log(ACC_LOG_LEVEL_INFO,
        std::string("device \"") + s.device->info.name + "\", " +
            std::to_string(s.device->info.compute_units) +
            " hardware threads");
  });
}

void pluginShutdown() {
  PluginState &s = state();
  try {
    std::lock_guard<std::mutex> lock(s.objectsMutex);
    for (Queue *queue : s.queues)
      destroyQueue(queue);
    for (Event *event : s.events)
      destroyEvent(event);
    s.events.clear();
    for (Module *module : s.modules)
      destroyModule(module);
    for (Buffer *buffer : s.buffers)
      destroyBuffer(buffer);
    s.queues.clear();
    s.modules.clear();
    s.buffers.clear();
  } catch (...) {
    // Nothing to report to: shutdown returns void. Carry on tearing down.
  }
  s.device.reset(); // Joins the pool's threads.
  s.initialized = false;
  s.host = acc_plugin_host_v1_t{};
}

acc_result_t deviceCount(uint32_t *out_count) {
  return guard("device_count", [&] {
    requireInit();
    requireOut(out_count, "device_count");
    *out_count = 1;
  });
}

acc_result_t deviceGet(uint32_t index, acc_plugin_device_t *out_device) {
  return guard("device_get", [&] {
    requireInit();
    requireOut(out_device, "device_get");
    if (index != 0)
      fail(ACC_ERROR_NOT_FOUND, "device_get: the cpu backend has one device "
                                "(index 0), not index " +
                                    std::to_string(index));
    *out_device = reinterpret_cast<acc_plugin_device_t>(state().device.get());
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
               ", but this cpu plugin knows convention 0 only; update the "
               "cpu plugin to the acc release that compiled the bundle, or "
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
    // Launches of its kernels may still be queued.
    finishAllQueues();
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
    Queue *q = toQueue(queue);
    Event *e = toEvent(event);
    if (e->device != q->device)
      fail(ACC_ERROR_INVALID_HANDLE,
           "queue_wait_event: the event belongs to another device");
    enqueueWaitEvent(*q, *e);
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
    Event *s = toEvent(start);
    Event *e = toEvent(end);
    requireOut(out_ns, "event_elapsed_ns");
    *out_ns = eventElapsedNs(*s, *e);
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
    // Any group the device allows: a work-group is a loop on one thread.
    acc_kernel_properties_t out{};
    out.struct_size = props->struct_size;
    out.max_work_group_size = k->module->device->info.max_work_group_size;
    out.preferred_work_group_multiple = 1;
    out.static_local_memory_size = 0;
    std::memcpy(props, &out,
                std::min<size_t>(props->struct_size, sizeof(out)));
  });
}

// The device works in host memory: a mapping is the buffer's own memory.
acc_result_t bufferMap(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                       uint64_t offset, uint64_t size, acc_map_flags_t /*flags*/,
                       void **out_ptr) {
  return guard("buffer_map", [&] {
    Queue &q = *toQueue(queue);
    Buffer &b = *toBuffer(buffer);
    if (!out_ptr)
      fail(ACC_ERROR_INVALID_ARGUMENT, "buffer_map: out_ptr is NULL");
    checkRange(b, offset, size, "buffer_map");
    // After the queue's earlier commands, whose errors it reports.
    finishQueue(q);
    *out_ptr = static_cast<unsigned char *>(b.data) + offset;
  });
}

acc_result_t bufferUnmap(acc_plugin_queue_t queue, acc_plugin_buffer_t buffer,
                         void *ptr) {
  return guard("buffer_unmap", [&] {
    toQueue(queue);
    Buffer &b = *toBuffer(buffer);
    auto *p = static_cast<unsigned char *>(ptr);
    auto *base = static_cast<unsigned char *>(b.data);
    if (!p || p < base || p > base + b.size)
      fail(ACC_ERROR_INVALID_ARGUMENT,
           "buffer_unmap: the pointer is not inside the buffer");
  });
}

const acc_plugin_v1_t kTable = [] {
  acc_plugin_v1_t table{};
  table.struct_size = sizeof(acc_plugin_v1_t);
  table.abi_major = ACC_PLUGIN_ABI_MAJOR;
  table.abi_minor = ACC_PLUGIN_ABI_MINOR;
  table.name = "cpu";
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
  table.ops = &kOps;
  table.buffer_map = bufferMap;
  table.buffer_unmap = bufferUnmap;
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
