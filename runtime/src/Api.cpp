//===- Api.cpp - The C API: lifetime, backends, devices, buffers, queues --===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Each exported function validates its arguments, looks handles up in the
// registry (so a released handle is an error, not a crash), calls the
// plugin without holding the global lock, and converts any exception into a
// result code through guard().
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <sstream>

using namespace acc::rt;

namespace acc::rt {

std::mutex &stateMutex() {
  static std::mutex m;
  return m;
}

State *&statePtr() {
  static State *state = nullptr;
  return state;
}

acc_result_t requireInit() {
  std::lock_guard<std::mutex> lock(stateMutex());
  if (!statePtr())
    return fail(ACC_ERROR_NOT_INITIALIZED,
                "the acc runtime is not initialised; call acc_init() first");
  return ACC_SUCCESS;
}

namespace {

template <typename T>
acc_result_t checkHandle(T *handle, std::unordered_set<T *> State::*set,
                         const char *kind, const char *what) {
  std::lock_guard<std::mutex> lock(stateMutex());
  State *state = statePtr();
  if (!state)
    return fail(ACC_ERROR_NOT_INITIALIZED,
                "the acc runtime is not initialised; call acc_init() first");
  if (!handle)
    return fail(ACC_ERROR_INVALID_HANDLE,
                std::string(what) + " is a NULL " + kind + " handle");
  if (!(state->*set).count(handle))
    return fail(ACC_ERROR_INVALID_HANDLE,
                std::string(what) + " is not a live " + kind +
                    " handle (it was released, or never created by acc)");
  return ACC_SUCCESS;
}

} // namespace

acc_result_t checkDevice(acc_device_t h, const char *what) {
  return checkHandle(h, &State::liveDevices, "device", what);
}
bool liveBuffer(acc_buffer_t h) {
  std::lock_guard<std::mutex> lock(stateMutex());
  State *state = statePtr();
  return state && h && state->buffers.count(h);
}

acc_result_t checkBuffer(acc_buffer_t h, const char *what) {
  return checkHandle(h, &State::buffers, "buffer", what);
}
acc_result_t checkQueue(acc_queue_t h, const char *what) {
  return checkHandle(h, &State::queues, "queue", what);
}
acc_result_t checkModule(acc_module_t h, const char *what) {
  return checkHandle(h, &State::modules, "module", what);
}
acc_result_t checkKernel(acc_kernel_t h, const char *what) {
  return checkHandle(h, &State::kernels, "kernel", what);
}
acc_result_t checkEvent(acc_event_t h, const char *what) {
  return checkHandle(h, &State::events, "event", what);
}

std::string describeDevice(const acc_device_s &d) {
  return "device " + std::to_string(d.index) + " '" + d.info.name +
         "' (backend " + d.backend->name + ")";
}

} // namespace acc::rt

#define ACC_REQUIRE_OUT(ptr)                                                   \
  do {                                                                         \
    if (!(ptr))                                                                \
      return fail(ACC_ERROR_INVALID_ARGUMENT,                                  \
                  std::string(__func__) + ": " #ptr " is NULL");              \
  } while (0)

namespace {

acc_result_t checkRange(const acc_buffer_s &buf, uint64_t offset,
                        uint64_t size, const char *what) {
  if (offset > buf.size || size > buf.size - offset)
    return fail(ACC_ERROR_INVALID_ARGUMENT,
                std::string(what) + ": the range of " + std::to_string(size) +
                    " bytes at offset " + std::to_string(offset) +
                    " does not fit in the buffer of " +
                    std::to_string(buf.size) + " bytes");
  return ACC_SUCCESS;
}

acc_result_t checkSameDevice(const acc_queue_s &q, const acc_buffer_s &b,
                             const char *what) {
  if (q.device != b.device)
    return fail(ACC_ERROR_INVALID_HANDLE,
                std::string(what) + ": the buffer belongs to " +
                    describeDevice(*b.device) + ", but the queue to " +
                    describeDevice(*q.device));
  return ACC_SUCCESS;
}

} // namespace

//===----------------------------------------------------------------------===//
// Errors and version
//===----------------------------------------------------------------------===//

extern "C" ACC_API const char *acc_result_name(acc_result_t result) {
  switch (result) {
#define ACC_NAME(x)                                                            \
  case x:                                                                      \
    return #x;
    ACC_NAME(ACC_SUCCESS)
    ACC_NAME(ACC_ERROR_INVALID_ARGUMENT)
    ACC_NAME(ACC_ERROR_INVALID_HANDLE)
    ACC_NAME(ACC_ERROR_NOT_INITIALIZED)
    ACC_NAME(ACC_ERROR_NOT_FOUND)
    ACC_NAME(ACC_ERROR_NO_DEVICE)
    ACC_NAME(ACC_ERROR_OUT_OF_MEMORY)
    ACC_NAME(ACC_ERROR_INVALID_BUNDLE)
    ACC_NAME(ACC_ERROR_NO_CODE_FOR_BACKEND)
    ACC_NAME(ACC_ERROR_UNSUPPORTED)
    ACC_NAME(ACC_ERROR_PLUGIN_LOAD)
    ACC_NAME(ACC_ERROR_ABI_VERSION)
    ACC_NAME(ACC_ERROR_INVALID_LAUNCH)
    ACC_NAME(ACC_ERROR_IO)
    ACC_NAME(ACC_ERROR_DEVICE_LOST)
    ACC_NAME(ACC_ERROR_NOT_IMPLEMENTED)
    ACC_NAME(ACC_ERROR_INTERNAL)
    ACC_NAME(ACC_ERROR_BUILD_FAILED)
    ACC_NAME(ACC_ERROR_NOT_READY)
#undef ACC_NAME
  default:
    return "ACC_ERROR_UNKNOWN";
  }
}

extern "C" ACC_API const char *acc_last_error_message(void) {
  return lastErrorMessage().c_str();
}

extern "C" ACC_API const char *acc_version_string(void) {
#define ACC_STR2(x) #x
#define ACC_STR(x) ACC_STR2(x)
  return ACC_STR(ACC_VERSION_MAJOR) "." ACC_STR(ACC_VERSION_MINOR) "." ACC_STR(
      ACC_VERSION_PATCH);
}

//===----------------------------------------------------------------------===//
// Initialisation
//===----------------------------------------------------------------------===//

extern "C" ACC_API void acc_init_options_init(acc_init_options_t *options) {
  if (!options)
    return;
  std::memset(options, 0, sizeof(*options));
  options->struct_size = sizeof(acc_init_options_t);
}

extern "C" ACC_API acc_result_t acc_init(const acc_init_options_t *options) {
  return guard([&]() -> acc_result_t {
    if (options) {
      if (options->struct_size < sizeof(acc_init_options_t))
        return fail(ACC_ERROR_INVALID_ARGUMENT,
                    "acc_init: options->struct_size is " +
                        std::to_string(options->struct_size) +
                        "; initialise the options with acc_init_options_init()");
      if (options->next)
        return fail(ACC_ERROR_INVALID_ARGUMENT,
                    "acc_init: options->next must be NULL in this version");
      if (options->plugin_path_count && !options->plugin_paths)
        return fail(ACC_ERROR_INVALID_ARGUMENT,
                    "acc_init: options->plugin_paths is NULL but "
                    "plugin_path_count is " +
                        std::to_string(options->plugin_path_count));
    }
    {
      std::lock_guard<std::mutex> lock(stateMutex());
      if (statePtr()) {
        log(ACC_LOG_LEVEL_DEBUG, "acc_init: already initialised");
        return ACC_SUCCESS;
      }
    }
    reloadLogLevel();
    auto state = std::make_unique<State>();
    loadPlugins(*state, options);
    std::lock_guard<std::mutex> lock(stateMutex());
    statePtr() = state.release();
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API void acc_shutdown(void) {
  guard([]() -> acc_result_t {
    State *state;
    {
      std::lock_guard<std::mutex> lock(stateMutex());
      state = statePtr();
      statePtr() = nullptr;
    }
    if (state) {
      unloadPlugins(*state);
      delete state;
    }
    return ACC_SUCCESS;
  });
}

//===----------------------------------------------------------------------===//
// Backends and devices
//===----------------------------------------------------------------------===//

extern "C" ACC_API acc_result_t acc_backend_count(uint32_t *out_count) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(requireInit());
    ACC_REQUIRE_OUT(out_count);
    std::lock_guard<std::mutex> lock(stateMutex());
    initBackends(*statePtr());
    *out_count = uint32_t(statePtr()->backends.size());
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_backend_get_info(uint32_t index,
                                                     acc_backend_info_t *info) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(requireInit());
    ACC_REQUIRE_OUT(info);
    if (info->struct_size < offsetof(acc_backend_info_t, name))
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_backend_get_info: set info->struct_size to "
                  "sizeof(acc_backend_info_t)");
    std::lock_guard<std::mutex> lock(stateMutex());
    State &state = *statePtr();
    initBackends(state);
    if (index >= state.backends.size())
      return fail(ACC_ERROR_NOT_FOUND,
                  "acc_backend_get_info: backend index " +
                      std::to_string(index) + " is out of range (there are " +
                      std::to_string(state.backends.size()) + ")");
    const Backend &b = *state.backends[index];
    acc_backend_info_t full;
    full.struct_size = info->struct_size;
    full.status = b.status;
    full.name = b.name.c_str();
    full.plugin_path = b.path.c_str();
    full.version = b.version.c_str();
    full.status_message = b.statusMessage.c_str();
    full.abi_major = b.abiMajor;
    full.abi_minor = b.abiMinor;
    full.device_count = uint32_t(b.devices.size());
    full.first_device_index = b.firstDevice;
    std::memcpy(info, &full,
                std::min<size_t>(info->struct_size, sizeof(full)));
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_device_count(uint32_t *out_count) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(requireInit());
    ACC_REQUIRE_OUT(out_count);
    std::lock_guard<std::mutex> lock(stateMutex());
    initBackends(*statePtr());
    *out_count = uint32_t(statePtr()->devices.size());
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_device_get(uint32_t index,
                                               acc_device_t *out_device) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(requireInit());
    ACC_REQUIRE_OUT(out_device);
    std::lock_guard<std::mutex> lock(stateMutex());
    State &state = *statePtr();
    initBackends(state);
    if (index >= state.devices.size())
      return fail(ACC_ERROR_NOT_FOUND,
                  "acc_device_get: device index " + std::to_string(index) +
                      " is out of range (there are " +
                      std::to_string(state.devices.size()) + " devices)");
    *out_device = state.devices[index];
    return ACC_SUCCESS;
  });
}

namespace {

std::string availableBackends(const State &state) {
  std::vector<std::string> names;
  for (const auto &b : state.backends)
    if (std::find(names.begin(), names.end(), b->name) == names.end())
      names.push_back(b->name);
  if (names.empty())
    return "none (no plugin was found)";
  std::string list;
  for (const std::string &n : names)
    list += (list.empty() ? "" : ", ") + n;
  return list;
}

/// Resolves one ACC_BACKEND entry. Called with the state mutex held.
acc_result_t resolveEntry(const State &state, const std::string &entry,
                          acc_device_t *out, std::string &message) {
  std::string name = entry;
  long index = 0;
  size_t colon = entry.find(':');
  if (colon != std::string::npos) {
    name = entry.substr(0, colon);
    std::string idx = entry.substr(colon + 1);
    char *end = nullptr;
    index = idx.empty() ? -1 : std::strtol(idx.c_str(), &end, 10);
    if (idx.empty() || *end || index < 0) {
      message = "ACC_BACKEND=" + entry + ": '" + idx +
                "' is not a device index (expected name[:index], e.g. cpu:0)";
      return ACC_ERROR_INVALID_ARGUMENT;
    }
  }
  const Backend *withDevice = nullptr;
  const Backend *any = nullptr;
  for (const auto &b : state.backends) {
    if (b->name != name)
      continue;
    if (!any)
      any = b.get();
    if (!b->devices.empty()) {
      withDevice = b.get();
      break;
    }
  }
  if (!any) {
    message = "ACC_BACKEND=" + entry + ": no such backend; available: " +
              availableBackends(state);
    return ACC_ERROR_NOT_FOUND;
  }
  if (!withDevice) {
    message = "ACC_BACKEND=" + entry + ": backend '" + name +
              "' has no device: " + any->statusMessage;
    return any->loaded() ? ACC_ERROR_NO_DEVICE : any->status;
  }
  if (size_t(index) >= withDevice->devices.size()) {
    message = "ACC_BACKEND=" + entry + ": backend '" + name + "' has " +
              std::to_string(withDevice->devices.size()) +
              " device(s), so index " + std::to_string(index) +
              " does not exist";
    return ACC_ERROR_NOT_FOUND;
  }
  *out = withDevice->devices[size_t(index)].get();
  return ACC_SUCCESS;
}

} // namespace

extern "C" ACC_API acc_result_t acc_device_get_default(acc_device_t *out_device) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(requireInit());
    ACC_REQUIRE_OUT(out_device);
    std::lock_guard<std::mutex> lock(stateMutex());
    State &state = *statePtr();
    const char *env = std::getenv("ACC_BACKEND");
    std::string spec = env ? env : "";
    // Trim blanks so "cpu, opencl" works.
    spec.erase(std::remove_if(spec.begin(), spec.end(),
                              [](char c) { return c == ' ' || c == '\t'; }),
               spec.end());
    if (spec.empty()) {
      // The first backend with a device: initialise them in order until
      // one has.
      for (const auto &b : state.backends) {
        initBackends(state, &b->name);
        if (!b->devices.empty()) {
          *out_device = b->devices.front().get();
          return ACC_SUCCESS;
        }
      }
      std::string why;
      for (const auto &b : state.backends)
        why += "; " + b->name + ": " + b->statusMessage;
      if (state.backends.empty())
        return fail(ACC_ERROR_NO_DEVICE,
                    "no acc backend plugin was found; set ACC_PLUGIN_PATH to "
                    "the folder holding libacc_plugin_*.so files, or install "
                    "them in acc/plugins beside libacc.so");
      return fail(ACC_ERROR_NO_DEVICE,
                  "no acc backend has a device" + why);
    }
    acc_result_t first = ACC_SUCCESS;
    std::string messages;
    size_t start = 0;
    while (start <= spec.size()) {
      size_t comma = spec.find(',', start);
      if (comma == std::string::npos)
        comma = spec.size();
      std::string entry = spec.substr(start, comma - start);
      start = comma + 1;
      if (entry.empty())
        continue;
      std::string message;
      std::string name = entry.substr(0, entry.find(':'));
      initBackends(state, &name);
      acc_result_t r = resolveEntry(state, entry, out_device, message);
      if (r == ACC_SUCCESS)
        return ACC_SUCCESS;
      if (first == ACC_SUCCESS)
        first = r;
      messages += messages.empty() ? message : "; " + message;
    }
    return fail(first, messages);
  });
}

extern "C" ACC_API acc_result_t acc_device_get_info(acc_device_t device,
                                                    acc_device_info_t *info) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkDevice(device, "acc_device_get_info: device"));
    ACC_REQUIRE_OUT(info);
    if (info->struct_size < offsetof(acc_device_info_t, name))
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_device_get_info: info->struct_size is " +
                      std::to_string(info->struct_size) +
                      "; set it to sizeof(acc_device_info_t)");
    uint32_t size = info->struct_size;
    std::memcpy(info, &device->info,
                std::min<size_t>(size, sizeof(acc_device_info_t)));
    info->struct_size = size;
    return ACC_SUCCESS;
  });
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

extern "C" ACC_API acc_result_t acc_buffer_create(acc_device_t device,
                                                  uint64_t size, acc_buffer_flags_t flags,
                                                  acc_buffer_t *out_buffer) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkDevice(device, "acc_buffer_create: device"));
    ACC_REQUIRE_OUT(out_buffer);
    const uint32_t access = ACC_BUFFER_READ_ONLY | ACC_BUFFER_WRITE_ONLY;
    const uint32_t known = access | ACC_BUFFER_HOST_VISIBLE;
    if (flags & ~known)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_buffer_create: unknown flags " +
                      std::to_string(flags & ~known));
    Backend &backend = *device->backend;
    if (flags & ACC_BUFFER_HOST_VISIBLE) {
      // A placement request: a plugin older than ABI 1.3 does not know the
      // bit and gets the buffer without it.
      if (backend.abiMinor < 3)
        flags &= ~acc_buffer_flags_t(ACC_BUFFER_HOST_VISIBLE);
      else if (!(device->info.caps & ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY))
        return fail(ACC_ERROR_UNSUPPORTED,
                    "acc_buffer_create: " + describeDevice(*device) +
                        " has no memory the host can address, so "
                        "ACC_BUFFER_HOST_VISIBLE is refused; acc_buffer_map() "
                        "still works on any buffer, through copies");
    }
    if ((flags & access) == access)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_buffer_create: a buffer cannot be both "
                  "ACC_BUFFER_READ_ONLY and ACC_BUFFER_WRITE_ONLY");
    uint64_t max = device->info.max_allocation_size;
    if (max && size > max)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_buffer_create: " + std::to_string(size) +
                      " bytes exceed the largest allocation of " +
                      describeDevice(*device) + " (" + std::to_string(max) +
                      " bytes)");
    Backend &b = *device->backend;
    auto buf = std::make_unique<acc_buffer_s>();
    buf->device = device;
    buf->size = size;
    buf->flags = flags;
    ACC_CHECK(callPlugin(b, b.table.buffer_create, "buffer_create",
                         device->handle, size, flags, &buf->handle));
    try {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->buffers.insert(buf.get());
    } catch (...) {
      b.table.buffer_release(buf->handle);
      throw;
    }
    *out_buffer = buf.release();
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_buffer_release(acc_buffer_t buffer) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkBuffer(buffer, "acc_buffer_release: buffer"));
    {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->buffers.erase(buffer);
    }
    std::unique_ptr<acc_buffer_s> owned(buffer);
    Backend &b = *buffer->device->backend;
    return callPlugin(b, b.table.buffer_release, "buffer_release",
                      buffer->handle);
  });
}

extern "C" ACC_API acc_result_t acc_buffer_size(acc_buffer_t buffer,
                                                uint64_t *out_size) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkBuffer(buffer, "acc_buffer_size: buffer"));
    ACC_REQUIRE_OUT(out_size);
    *out_size = buffer->size;
    return ACC_SUCCESS;
  });
}

namespace {

/// acc_buffer_write() and acc_buffer_write_async().
acc_result_t bufferWrite(const char *api, acc_queue_t queue,
                         acc_buffer_t buffer, uint64_t offset, uint64_t size,
                         const void *src, bool blocking) {
  std::string what(api);
  ACC_CHECK(checkQueue(queue, (what + ": queue").c_str()));
  ACC_CHECK(checkBuffer(buffer, (what + ": buffer").c_str()));
  ACC_CHECK(checkSameDevice(*queue, *buffer, api));
  if (!src && size)
    return fail(ACC_ERROR_INVALID_ARGUMENT, what + ": src is NULL");
  ACC_CHECK(checkRange(*buffer, offset, size, api));
  if (size == 0)
    return ACC_SUCCESS;
  Backend &b = *queue->device->backend;
  std::lock_guard<std::mutex> lock(queue->mutex);
  return callPlugin(b, b.table.buffer_write, "buffer_write", queue->handle,
                    buffer->handle, offset, size, src, blocking);
}

/// acc_buffer_read() and acc_buffer_read_async().
acc_result_t bufferRead(const char *api, acc_queue_t queue,
                        acc_buffer_t buffer, uint64_t offset, uint64_t size,
                        void *dst, bool blocking) {
  std::string what(api);
  ACC_CHECK(checkQueue(queue, (what + ": queue").c_str()));
  ACC_CHECK(checkBuffer(buffer, (what + ": buffer").c_str()));
  ACC_CHECK(checkSameDevice(*queue, *buffer, api));
  if (!dst && size)
    return fail(ACC_ERROR_INVALID_ARGUMENT, what + ": dst is NULL");
  ACC_CHECK(checkRange(*buffer, offset, size, api));
  Backend &b = *queue->device->backend;
  if (size == 0) {
    // Nothing to copy, but a blocking read still orders the host after the
    // queue's earlier commands.
    if (!blocking)
      return ACC_SUCCESS;
    return callPlugin(b, b.table.queue_finish, "queue_finish", queue->handle);
  }
  std::lock_guard<std::mutex> lock(queue->mutex);
  return callPlugin(b, b.table.buffer_read, "buffer_read", queue->handle,
                    buffer->handle, offset, size, dst, blocking);
}

} // namespace

extern "C" ACC_API acc_result_t acc_buffer_write(acc_queue_t queue,
                                                 acc_buffer_t buffer,
                                                 uint64_t offset, uint64_t size,
                                                 const void *src) {
  return guard([&] {
    return bufferWrite("acc_buffer_write", queue, buffer, offset, size, src,
                       /*blocking=*/true);
  });
}

extern "C" ACC_API acc_result_t acc_buffer_write_async(acc_queue_t queue,
                                                       acc_buffer_t buffer,
                                                       uint64_t offset,
                                                       uint64_t size,
                                                       const void *src) {
  return guard([&] {
    return bufferWrite("acc_buffer_write_async", queue, buffer, offset, size,
                       src, /*blocking=*/false);
  });
}

extern "C" ACC_API acc_result_t acc_buffer_read(acc_queue_t queue,
                                                acc_buffer_t buffer,
                                                uint64_t offset, uint64_t size,
                                                void *dst) {
  return guard([&] {
    return bufferRead("acc_buffer_read", queue, buffer, offset, size, dst,
                      /*blocking=*/true);
  });
}

extern "C" ACC_API acc_result_t acc_buffer_read_async(acc_queue_t queue,
                                                      acc_buffer_t buffer,
                                                      uint64_t offset,
                                                      uint64_t size,
                                                      void *dst) {
  return guard([&] {
    return bufferRead("acc_buffer_read_async", queue, buffer, offset, size,
                      dst, /*blocking=*/false);
  });
}

namespace {

acc_result_t bufferMap(acc_queue_t queue, acc_buffer_t buffer,
                       acc_map_flags_t flags, uint64_t offset, uint64_t size,
                       void **outPtr) {
  const char *api = "acc_buffer_map";
  ACC_CHECK(checkQueue(queue, "acc_buffer_map: queue"));
  ACC_CHECK(checkBuffer(buffer, "acc_buffer_map: buffer"));
  ACC_CHECK(checkSameDevice(*queue, *buffer, api));
  if (!outPtr)
    return fail(ACC_ERROR_INVALID_ARGUMENT, "acc_buffer_map: out_ptr is NULL");
  if (flags == 0 || (flags & ~uint32_t(ACC_MAP_READ | ACC_MAP_WRITE)))
    return fail(ACC_ERROR_INVALID_ARGUMENT,
                "acc_buffer_map: flags " + std::to_string(flags) +
                    " must be ACC_MAP_READ, ACC_MAP_WRITE or both");
  ACC_CHECK(checkRange(*buffer, offset, size, api));
  Backend &b = *queue->device->backend;
  acc_buffer_s::Mapping mapping;
  mapping.offset = offset;
  mapping.size = size;
  mapping.flags = flags;
  acc_result_t r = ACC_ERROR_UNSUPPORTED;
  // (An empty mapping is staged: it needs an address of its own.)
  if (b.table.buffer_map && size != 0) {
    std::lock_guard<std::mutex> lock(queue->mutex);
    clearPluginErrorFlag();
    r = b.table.buffer_map(queue->handle, buffer->handle, offset, size, flags,
                           &mapping.ptr);
    if (r != ACC_SUCCESS && r != ACC_ERROR_UNSUPPORTED)
      return pluginResult(b, "buffer_map", r);
  }
  if (r != ACC_SUCCESS) {
    // Staged: host memory, filled from the buffer when it is to be read.
    mapping.staging.reset(new (std::nothrow) unsigned char[size ? size : 1]);
    if (!mapping.staging)
      return fail(ACC_ERROR_OUT_OF_MEMORY,
                  "acc_buffer_map: cannot allocate " + std::to_string(size) +
                      " bytes of host memory to stage the mapping");
    mapping.ptr = mapping.staging.get();
    if (flags & ACC_MAP_READ)
      ACC_CHECK(bufferRead(api, queue, buffer, offset, size, mapping.ptr,
                           /*blocking=*/true));
  }
  *outPtr = mapping.ptr;
  std::lock_guard<std::mutex> lock(buffer->mappingsMutex);
  buffer->mappings.push_back(std::move(mapping));
  return ACC_SUCCESS;
}

acc_result_t bufferUnmap(acc_queue_t queue, acc_buffer_t buffer, void *ptr) {
  ACC_CHECK(checkQueue(queue, "acc_buffer_unmap: queue"));
  ACC_CHECK(checkBuffer(buffer, "acc_buffer_unmap: buffer"));
  ACC_CHECK(checkSameDevice(*queue, *buffer, "acc_buffer_unmap"));
  acc_buffer_s::Mapping mapping;
  {
    std::lock_guard<std::mutex> lock(buffer->mappingsMutex);
    auto it = std::find_if(
        buffer->mappings.begin(), buffer->mappings.end(),
        [&](const acc_buffer_s::Mapping &m) { return m.ptr == ptr; });
    if (!ptr || it == buffer->mappings.end())
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_buffer_unmap: the pointer is not a live mapping of "
                  "this buffer (use what acc_buffer_map() returned, once)");
    mapping = std::move(*it);
    buffer->mappings.erase(it);
  }
  Backend &b = *queue->device->backend;
  if (!mapping.staging) {
    std::lock_guard<std::mutex> lock(queue->mutex);
    if (!b.table.buffer_unmap)
      return ACC_SUCCESS;
    return callPlugin(b, b.table.buffer_unmap, "buffer_unmap", queue->handle,
                      buffer->handle, ptr);
  }
  if (mapping.flags & ACC_MAP_WRITE)
    return bufferWrite("acc_buffer_unmap", queue, buffer, mapping.offset,
                       mapping.size, mapping.ptr, /*blocking=*/true);
  return ACC_SUCCESS;
}

} // namespace

extern "C" ACC_API acc_result_t acc_buffer_map(acc_queue_t queue,
                                               acc_buffer_t buffer,
                                               acc_map_flags_t flags,
                                               uint64_t offset, uint64_t size,
                                               void **out_ptr) {
  return guard(
      [&] { return bufferMap(queue, buffer, flags, offset, size, out_ptr); });
}

extern "C" ACC_API acc_result_t acc_buffer_unmap(acc_queue_t queue,
                                                 acc_buffer_t buffer,
                                                 void *ptr) {
  return guard([&] { return bufferUnmap(queue, buffer, ptr); });
}

extern "C" ACC_API acc_result_t acc_buffer_copy(acc_queue_t queue,
                                                acc_buffer_t src,
                                                uint64_t src_offset,
                                                acc_buffer_t dst,
                                                uint64_t dst_offset,
                                                uint64_t size) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkQueue(queue, "acc_buffer_copy: queue"));
    ACC_CHECK(checkBuffer(src, "acc_buffer_copy: src"));
    ACC_CHECK(checkBuffer(dst, "acc_buffer_copy: dst"));
    ACC_CHECK(checkSameDevice(*queue, *src, "acc_buffer_copy (src)"));
    ACC_CHECK(checkSameDevice(*queue, *dst, "acc_buffer_copy (dst)"));
    ACC_CHECK(checkRange(*src, src_offset, size, "acc_buffer_copy (src)"));
    ACC_CHECK(checkRange(*dst, dst_offset, size, "acc_buffer_copy (dst)"));
    if (src == dst && size && src_offset < dst_offset + size &&
        dst_offset < src_offset + size)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_buffer_copy: the source and destination ranges "
                  "overlap in the same buffer");
    if (size == 0)
      return ACC_SUCCESS;
    Backend &b = *queue->device->backend;
    std::lock_guard<std::mutex> lock(queue->mutex);
    return callPlugin(b, b.table.buffer_copy, "buffer_copy", queue->handle,
                      src->handle, src_offset, dst->handle, dst_offset, size);
  });
}

extern "C" ACC_API acc_result_t acc_buffer_fill(acc_queue_t queue,
                                                acc_buffer_t buffer,
                                                uint64_t offset, uint64_t size,
                                                const void *pattern,
                                                uint32_t pattern_size) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkQueue(queue, "acc_buffer_fill: queue"));
    ACC_CHECK(checkBuffer(buffer, "acc_buffer_fill: buffer"));
    ACC_CHECK(checkSameDevice(*queue, *buffer, "acc_buffer_fill"));
    if (!pattern)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_buffer_fill: pattern is NULL");
    if (pattern_size == 0 || pattern_size > 128 ||
        (pattern_size & (pattern_size - 1)))
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_buffer_fill: pattern_size " +
                      std::to_string(pattern_size) +
                      " is not 1, 2, 4, 8, 16, 32, 64 or 128");
    if (offset % pattern_size || size % pattern_size)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_buffer_fill: offset " + std::to_string(offset) +
                      " and size " + std::to_string(size) +
                      " must be multiples of the pattern size " +
                      std::to_string(pattern_size));
    ACC_CHECK(checkRange(*buffer, offset, size, "acc_buffer_fill"));
    if (size == 0)
      return ACC_SUCCESS;
    Backend &b = *queue->device->backend;
    std::lock_guard<std::mutex> lock(queue->mutex);
    return callPlugin(b, b.table.buffer_fill, "buffer_fill", queue->handle,
                      buffer->handle, offset, size, pattern, pattern_size);
  });
}

//===----------------------------------------------------------------------===//
// Queues
//===----------------------------------------------------------------------===//

extern "C" ACC_API acc_result_t acc_queue_create(acc_device_t device,
                                                 acc_queue_t *out_queue) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkDevice(device, "acc_queue_create: device"));
    ACC_REQUIRE_OUT(out_queue);
    Backend &b = *device->backend;
    auto q = std::make_unique<acc_queue_s>();
    q->device = device;
    ACC_CHECK(callPlugin(b, b.table.queue_create, "queue_create",
                         device->handle, &q->handle));
    try {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->queues.insert(q.get());
    } catch (...) {
      b.table.queue_release(q->handle);
      throw;
    }
    *out_queue = q.release();
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_queue_release(acc_queue_t queue) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkQueue(queue, "acc_queue_release: queue"));
    {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->queues.erase(queue);
    }
    std::unique_ptr<acc_queue_s> owned(queue);
    Backend &b = *queue->device->backend;
    std::lock_guard<std::mutex> lock(queue->mutex);
    return callPlugin(b, b.table.queue_release, "queue_release",
                      queue->handle);
  });
}

extern "C" ACC_API acc_result_t acc_queue_finish(acc_queue_t queue) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkQueue(queue, "acc_queue_finish: queue"));
    Backend &b = *queue->device->backend;
    return callPlugin(b, b.table.queue_finish, "queue_finish", queue->handle);
  });
}
