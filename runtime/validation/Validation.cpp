//===- Validation.cpp - The plugin ABI's validation layer -----------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A C function table cannot carry a pointer to its wrapper's state, so the
// layer has a fixed number of slots, each a template instance with its own
// state and entries: wrap() takes the next free one. Every entry checks its
// arguments under the slot's lock against what the slot has seen (handles
// the plugin returned, with their device, size or metadata), then calls the
// plugin without the lock, then records what the call created or released.
// Messages are built only on a violation.
//
//===----------------------------------------------------------------------===//
#include "acc/validation/Validation.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <new>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace acc::validation {
namespace {

constexpr unsigned kSlots = 16;
std::atomic<uint64_t> gViolations{0};
/// Guards State::used and State::source of every slot.
std::mutex gSlotsMutex;

struct KernelMeta {
  std::string name;
  acc_kernel_flags_t flags = 0;
  uint32_t requiredLocalSize[3] = {0, 0, 0};
  std::vector<acc_arg_kind_t> kinds;
  std::vector<uint32_t> sizes;
};

struct ModuleInfo {
  void *device = nullptr;
  std::vector<std::shared_ptr<KernelMeta>> kernels;
  std::vector<void *> handles; // kernel handles taken from it
};

struct KernelInfo {
  void *device = nullptr;
  void *module = nullptr;
  std::shared_ptr<KernelMeta> meta;
};

struct BufferInfo {
  void *device = nullptr;
  uint64_t size = 0;
};

struct EventInfo {
  void *device = nullptr;
  acc_event_flags_t flags = 0;
};

/// Everything one slot knows.
struct State {
  /// Taken by wrap(); free again after shutdown(), when nothing calls the
  /// table any more (libacc unloads the plugin next).
  bool used = false;
  /// The table wrapped: wrapping it again returns this slot's table.
  const acc_plugin_v1_t *source = nullptr;
  acc_plugin_v1_t inner{};
  acc_plugin_ops_v1_t innerOps{};
  acc_plugin_ops_v1_t ops{};
  acc_plugin_v1_t table{};
  acc_plugin_host_v1_t host{};
  std::mutex mutex;
  std::unordered_map<void *, acc_device_info_t> devices;
  std::unordered_map<void *, BufferInfo> buffers;
  std::unordered_map<void *, void *> queues;
  std::unordered_map<void *, ModuleInfo> modules;
  std::unordered_map<void *, KernelInfo> kernels;
  std::unordered_map<void *, EventInfo> events;

  void forget() {
    devices.clear();
    buffers.clear();
    queues.clear();
    modules.clear();
    kernels.clear();
    events.clear();
  }
};

/// A caught violation: the code the ABI lists for the case.
struct Violation {
  acc_result_t code;
  std::string message;
};

[[noreturn]] void violate(acc_result_t code, std::string message) {
  throw Violation{code, std::move(message)};
}

std::string name(const char *kind, const void *h) {
  char text[64];
  std::snprintf(text, sizeof text, "%s handle %p", kind, h);
  return text;
}

template <typename Map>
auto &live(Map &map, const void *h, const char *kind) {
  auto it = map.find(const_cast<void *>(h));
  if (it == map.end())
    violate(ACC_ERROR_INVALID_HANDLE,
            name(kind, h) + " is not a live " + kind + " of this plugin");
  return it->second;
}

void requireOut(const void *out, const char *what) {
  if (!out)
    violate(ACC_ERROR_INVALID_ARGUMENT, std::string(what) + " is NULL");
}

void requireRange(const BufferInfo &b, uint64_t offset, uint64_t size,
                  const char *what) {
  if (offset > b.size || size > b.size - offset)
    violate(ACC_ERROR_INVALID_ARGUMENT,
            std::string(what) + ": bytes " + std::to_string(offset) + ".." +
                std::to_string(offset + size) + " are outside the " +
                std::to_string(b.size) + "-byte buffer");
}

void sameDevice(const void *a, const void *b, const char *what) {
  if (a != b)
    violate(ACC_ERROR_INVALID_HANDLE,
            std::string(what) + " belongs to another device");
}

/// Checks a launch against the kernel's metadata and the device's limits.
void checkLaunch(State &s, void *device, const KernelMeta &k,
                 const acc_plugin_launch_desc_t &d) {
  const acc_device_info_t &info = s.devices[device];
  // Messages are built only on a violation.
  auto kn = [&] { return "kernel '" + k.name + "'"; };
  if (d.struct_size < sizeof(acc_plugin_launch_desc_t))
    violate(ACC_ERROR_INVALID_ARGUMENT, "desc->struct_size is too small");
  if (d.work_dim < 1 || d.work_dim > 3)
    violate(ACC_ERROR_INVALID_LAUNCH,
            kn() + ": work_dim " + std::to_string(d.work_dim));
  uint64_t group = 1;
  for (uint32_t i = 0; i < 3; ++i) {
    bool used = i < d.work_dim;
    auto dim = [i] { return " in dimension " + std::to_string(i); };
    if (used && d.global_size[i] == 0)
      violate(ACC_ERROR_INVALID_LAUNCH, kn() + ": global size 0" + dim());
    if (d.global_offset[i] > UINT64_MAX - d.global_size[i])
      violate(ACC_ERROR_INVALID_LAUNCH,
              kn() + ": global offset + global size passes 2^64" + dim());
    if (!used && (d.global_size[i] != 1 || d.local_size[i] != 1 ||
                  d.global_offset[i] != 0))
      violate(ACC_ERROR_INVALID_LAUNCH,
              kn() + ": unused dimension " + std::to_string(i) +
                  " must have global size 1, local size 1 and offset 0");
    if (d.local_size[i] == 0)
      violate(ACC_ERROR_INVALID_LAUNCH, kn() + ": local size 0" + dim() +
                                            " (the runtime always sets it)");
    if (info.max_work_item_sizes[i] &&
        d.local_size[i] > info.max_work_item_sizes[i])
      violate(ACC_ERROR_INVALID_LAUNCH,
              kn() + ": local size " + std::to_string(d.local_size[i]) + dim() +
                  " exceeds the device's " +
                  std::to_string(info.max_work_item_sizes[i]));
    if (k.requiredLocalSize[0] && d.local_size[i] != k.requiredLocalSize[i])
      violate(ACC_ERROR_INVALID_LAUNCH,
              kn() + ": local size differs from its reqd_work_group_size" + dim());
    if ((k.flags & ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS) && used &&
        d.global_size[i] % d.local_size[i] != 0)
      violate(ACC_ERROR_INVALID_LAUNCH,
              kn() + " needs whole work-groups, but the local size does not "
                   "divide the global size" + dim());
    group *= d.local_size[i];
  }
  if (info.max_work_group_size && group > info.max_work_group_size)
    violate(ACC_ERROR_INVALID_LAUNCH,
            kn() + ": a work-group of " + std::to_string(group) +
                " exceeds the device's " +
                std::to_string(info.max_work_group_size));
  if (d.arg_count != k.kinds.size())
    violate(ACC_ERROR_INVALID_LAUNCH,
            kn() + " takes " + std::to_string(k.kinds.size()) +
                " arguments, the launch gives " + std::to_string(d.arg_count));
  if (d.arg_count && !d.args)
    violate(ACC_ERROR_INVALID_ARGUMENT, "desc->args is NULL");
  uint64_t local = 0;
  for (uint32_t i = 0; i < d.arg_count; ++i) {
    const acc_plugin_arg_t &a = d.args[i];
    auto an = [&] { return kn() + ", argument " + std::to_string(i) + ": "; };
    if (a.kind != k.kinds[i])
      violate(ACC_ERROR_INVALID_LAUNCH,
              an() + "kind " + std::to_string(a.kind) + ", the kernel's is " +
                  std::to_string(k.kinds[i]));
    switch (a.kind) {
    case ACC_ARG_KIND_BUFFER:
      // NULL binds no buffer, as in OpenCL.
      if (a.u.buffer && live(s.buffers, a.u.buffer, "buffer").device != device)
        violate(ACC_ERROR_INVALID_HANDLE,
                an() + "the buffer belongs to another device");
      break;
    case ACC_ARG_KIND_SCALAR:
      if (a.size != k.sizes[i] || !a.u.value)
        violate(ACC_ERROR_INVALID_LAUNCH,
                an() + "a scalar of " + std::to_string(a.size) +
                    " bytes at " + (a.u.value ? "a value" : "NULL") +
                    ", the kernel's is " + std::to_string(k.sizes[i]) +
                    " bytes");
      break;
    case ACC_ARG_KIND_LOCAL:
      if (a.size == 0)
        violate(ACC_ERROR_INVALID_LAUNCH, an() + "0 bytes of local memory");
      local += a.size;
      break;
    default:
      violate(ACC_ERROR_INVALID_LAUNCH, an() + "unknown kind");
    }
  }
  if (info.local_memory_size && local > info.local_memory_size)
    violate(ACC_ERROR_INVALID_LAUNCH,
            kn() + ": local arguments of " + std::to_string(local) +
                " bytes exceed the device's " +
                std::to_string(info.local_memory_size));
}

/// Runs the check `body` (a block using `State &s`) under the slot's lock,
/// and returns the violation's code from the entry when it finds one.
#define ACC_VALIDATE_CHECK(entry, ...)                                         \
  do {                                                                         \
    acc_result_t validated_ = validate(entry, [&](State &s) __VA_ARGS__);     \
    if (validated_ != ACC_SUCCESS)                                             \
      return validated_;                                                       \
  } while (0)

/// The entries of slot S.
template <unsigned S> struct Layer {
  static State &st() {
    static State instance;
    return instance;
  }

  /// Runs `check` under the lock; a violation is reported and returned.
  template <typename Check>
  static acc_result_t validate(const char *entry, Check &&check) {
    State &s = st();
    try {
      std::lock_guard<std::mutex> lock(s.mutex);
      check(s);
      return ACC_SUCCESS;
    } catch (const Violation &v) {
      ++gViolations;
      std::string message =
          std::string("validation: ") + entry + ": " + v.message +
          " (the caller broke the plugin ABI's valid usage; this is a bug in "
          "libacc or in the test harness, not in the plugin)";
      if (s.host.log)
        s.host.log(ACC_LOG_LEVEL_ERROR, message.c_str());
      if (s.host.set_error)
        s.host.set_error(v.code, message.c_str());
      return v.code;
    } catch (const std::bad_alloc &) {
      return ACC_ERROR_OUT_OF_MEMORY;
    }
  }

  /// Records the result of a successful call under the lock.
  template <typename Record> static void record(Record &&what) {
    State &s = st();
    std::lock_guard<std::mutex> lock(s.mutex);
    what(s);
  }

  static acc_result_t init(const acc_plugin_host_v1_t *host) {
    State &s = st();
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      s.host = acc_plugin_host_v1_t{};
      if (host)
        std::memcpy(&s.host, host,
                    std::min<size_t>(host->struct_size, sizeof(s.host)));
    }
    return s.inner.init(host);
  }

  static void shutdown() {
    State &s = st();
    s.inner.shutdown();
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      s.forget();
    }
    std::lock_guard<std::mutex> lock(gSlotsMutex);
    s.used = false;
  }

  static acc_result_t deviceCount(uint32_t *out) {
    return st().inner.device_count(out);
  }

  static acc_result_t deviceGet(uint32_t index, acc_plugin_device_t *out) {
    State &s = st();
    acc_result_t r = s.inner.device_get(index, out);
    if (r != ACC_SUCCESS)
      return r;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      if (s.devices.count(*out))
        return r; // Its limits are known already.
    }
    acc_device_info_t info{};
    info.struct_size = sizeof(info);
    if (s.inner.device_get_info(*out, &info) != ACC_SUCCESS)
      info = acc_device_info_t{};
    record([&](State &s) { s.devices[*out] = info; });
    return r;
  }

  static acc_result_t deviceGetInfo(acc_plugin_device_t d,
                                    acc_device_info_t *info) {
    ACC_VALIDATE_CHECK("device_get_info", {
      live(s.devices, d, "device");
      requireOut(info, "info");
      if (info->struct_size == 0)
        violate(ACC_ERROR_INVALID_ARGUMENT, "info->struct_size is 0");
    });
    return st().inner.device_get_info(d, info);
  }

  static acc_result_t bufferCreate(acc_plugin_device_t d, uint64_t size,
                                   acc_buffer_flags_t flags,
                                   acc_plugin_buffer_t *out) {
    ACC_VALIDATE_CHECK("buffer_create", {
      live(s.devices, d, "device");
      requireOut(out, "out_buffer");
      const acc_buffer_flags_t access =
          ACC_BUFFER_READ_ONLY | ACC_BUFFER_WRITE_ONLY;
      const acc_buffer_flags_t known =
          access | (s.inner.abi_minor >= 3
                        ? acc_buffer_flags_t(ACC_BUFFER_HOST_VISIBLE)
                        : acc_buffer_flags_t(0));
      if (flags & ~known)
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "unknown flags " + std::to_string(flags));
      if ((flags & access) == access)
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "READ_ONLY and WRITE_ONLY exclude each other");
    });
    acc_result_t r = st().inner.buffer_create(d, size, flags, out);
    if (r == ACC_SUCCESS)
      record([&](State &s) { s.buffers[*out] = {d, size}; });
    return r;
  }

  static acc_result_t bufferRelease(acc_plugin_buffer_t b) {
    ACC_VALIDATE_CHECK("buffer_release", {
      live(s.buffers, b, "buffer");
      s.buffers.erase(b);
    });
    return st().inner.buffer_release(b);
  }

  static acc_result_t queueCreate(acc_plugin_device_t d,
                                  acc_plugin_queue_t *out) {
    ACC_VALIDATE_CHECK("queue_create", {
      live(s.devices, d, "device");
      requireOut(out, "out_queue");
    });
    acc_result_t r = st().inner.queue_create(d, out);
    if (r == ACC_SUCCESS)
      record([&](State &s) { s.queues[*out] = d; });
    return r;
  }

  static acc_result_t queueRelease(acc_plugin_queue_t q) {
    ACC_VALIDATE_CHECK("queue_release", {
      live(s.queues, q, "queue");
      s.queues.erase(q);
    });
    return st().inner.queue_release(q);
  }

  static acc_result_t queueFinish(acc_plugin_queue_t q) {
    ACC_VALIDATE_CHECK("queue_finish", { live(s.queues, q, "queue"); });
    return st().inner.queue_finish(q);
  }

  /// A queue and a buffer of its device, with a range inside the buffer.
  static void transfer(State &s, acc_plugin_queue_t q, acc_plugin_buffer_t b,
                       uint64_t offset, uint64_t size, const char *what) {
    void *device = live(s.queues, q, "queue");
    const BufferInfo &buffer = live(s.buffers, b, "buffer");
    sameDevice(buffer.device, device, what);
    requireRange(buffer, offset, size, what);
  }

  static acc_result_t bufferWrite(acc_plugin_queue_t q, acc_plugin_buffer_t b,
                                  uint64_t offset, uint64_t size,
                                  const void *src, bool blocking) {
    ACC_VALIDATE_CHECK("buffer_write", {
      transfer(s, q, b, offset, size, "the buffer");
      if (size && !src)
        violate(ACC_ERROR_INVALID_ARGUMENT, "src is NULL");
    });
    return st().inner.buffer_write(q, b, offset, size, src, blocking);
  }

  static acc_result_t bufferRead(acc_plugin_queue_t q, acc_plugin_buffer_t b,
                                 uint64_t offset, uint64_t size, void *dst,
                                 bool blocking) {
    ACC_VALIDATE_CHECK("buffer_read", {
      transfer(s, q, b, offset, size, "the buffer");
      if (size && !dst)
        violate(ACC_ERROR_INVALID_ARGUMENT, "dst is NULL");
    });
    return st().inner.buffer_read(q, b, offset, size, dst, blocking);
  }

  static acc_result_t bufferCopy(acc_plugin_queue_t q, acc_plugin_buffer_t src,
                                 uint64_t srcOffset, acc_plugin_buffer_t dst,
                                 uint64_t dstOffset, uint64_t size) {
    ACC_VALIDATE_CHECK("buffer_copy", {
      transfer(s, q, src, srcOffset, size, "the source buffer");
      transfer(s, q, dst, dstOffset, size, "the destination buffer");
      if (src == dst && srcOffset < dstOffset + size &&
          dstOffset < srcOffset + size)
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "the source and destination ranges overlap");
    });
    return st().inner.buffer_copy(q, src, srcOffset, dst, dstOffset, size);
  }

  static acc_result_t bufferFill(acc_plugin_queue_t q, acc_plugin_buffer_t b,
                                 uint64_t offset, uint64_t size,
                                 const void *pattern, uint32_t patternSize) {
    ACC_VALIDATE_CHECK("buffer_fill", {
      transfer(s, q, b, offset, size, "the buffer");
      if (!pattern)
        violate(ACC_ERROR_INVALID_ARGUMENT, "pattern is NULL");
      if (patternSize == 0 || patternSize > 128 ||
          (patternSize & (patternSize - 1)) != 0)
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "pattern_size " + std::to_string(patternSize) +
                    " is not 1, 2, 4, ..., 128");
      if (offset % patternSize || size % patternSize)
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "offset and size must be multiples of pattern_size");
    });
    return st().inner.buffer_fill(q, b, offset, size, pattern, patternSize);
  }

  static acc_result_t moduleCreate(acc_plugin_device_t d,
                                   const acc_plugin_module_desc_t *desc,
                                   acc_plugin_module_t *out) {
    ModuleInfo m;
    ACC_VALIDATE_CHECK("module_create", {
      live(s.devices, d, "device");
      requireOut(desc, "desc");
      requireOut(out, "out_module");
      if (desc->struct_size < offsetof(acc_plugin_module_desc_t, kernels) +
                                  sizeof(void *))
        violate(ACC_ERROR_INVALID_ARGUMENT, "desc->struct_size is too small");
      if (desc->code_size && !desc->code)
        violate(ACC_ERROR_INVALID_ARGUMENT, "desc->code is NULL");
      if (desc->kernel_count && !desc->kernels)
        violate(ACC_ERROR_INVALID_ARGUMENT, "desc->kernels is NULL");
      m.device = d;
      for (uint32_t i = 0; i < desc->kernel_count; ++i) {
        const acc_kernel_info_t &k = desc->kernels[i];
        if (!k.name || (k.arg_count && !k.args))
          violate(ACC_ERROR_INVALID_ARGUMENT,
                  "kernel " + std::to_string(i) +
                      " of desc->kernels has no name or no arguments");
        auto meta = std::make_shared<KernelMeta>();
        meta->name = k.name;
        meta->flags = k.flags;
        std::memcpy(meta->requiredLocalSize, k.required_local_size,
                    sizeof meta->requiredLocalSize);
        for (uint32_t a = 0; a < k.arg_count; ++a) {
          meta->kinds.push_back(k.args[a].kind);
          meta->sizes.push_back(k.args[a].size);
        }
        m.kernels.push_back(std::move(meta));
      }
    });
    acc_result_t r = st().inner.module_create(d, desc, out);
    if (r == ACC_SUCCESS)
      record([&](State &s) { s.modules[*out] = std::move(m); });
    return r;
  }

  static acc_result_t moduleRelease(acc_plugin_module_t m) {
    ACC_VALIDATE_CHECK("module_release", {
      ModuleInfo &info = live(s.modules, m, "module");
      for (void *k : info.handles)
        s.kernels.erase(k);
      s.modules.erase(m);
    });
    return st().inner.module_release(m);
  }

  static acc_result_t kernelGet(acc_plugin_module_t m, const char *n,
                                acc_plugin_kernel_t *out) {
    std::shared_ptr<KernelMeta> meta;
    void *device = nullptr;
    ACC_VALIDATE_CHECK("kernel_get", {
      ModuleInfo &info = live(s.modules, m, "module");
      requireOut(n, "name");
      requireOut(out, "out_kernel");
      device = info.device;
      for (const auto &k : info.kernels)
        if (k->name == n)
          meta = k;
    });
    acc_result_t r = st().inner.kernel_get(m, n, out);
    if (r == ACC_SUCCESS)
      record([&](State &s) {
        if (!meta) { // Not in the descriptor: the plugin found it anyway.
          meta = std::make_shared<KernelMeta>();
          meta->name = n;
        }
        s.kernels[*out] = {device, m, meta};
        s.modules[m].handles.push_back(*out);
      });
    return r;
  }

  static acc_result_t launch(acc_plugin_queue_t q, acc_plugin_kernel_t k,
                             const acc_plugin_launch_desc_t *desc) {
    ACC_VALIDATE_CHECK("launch", {
      void *device = live(s.queues, q, "queue");
      const KernelInfo &kernel = live(s.kernels, k, "kernel");
      sameDevice(kernel.device, device, "the kernel");
      requireOut(desc, "desc");
      checkLaunch(s, device, *kernel.meta, *desc);
    });
    return st().inner.launch(q, k, desc);
  }

  static acc_result_t queueRecordEvent(acc_plugin_queue_t q,
                                       acc_event_flags_t flags,
                                       acc_plugin_event_t *out) {
    void *device = nullptr;
    ACC_VALIDATE_CHECK("queue_record_event", {
      device = live(s.queues, q, "queue");
      requireOut(out, "out_event");
      if (flags & ~acc_event_flags_t(ACC_EVENT_TIMING))
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "unknown flags " + std::to_string(flags));
    });
    acc_result_t r = st().inner.queue_record_event(q, flags, out);
    if (r == ACC_SUCCESS)
      record([&](State &s) { s.events[*out] = {device, flags}; });
    return r;
  }

  static acc_result_t queueWaitEvent(acc_plugin_queue_t q,
                                     acc_plugin_event_t e) {
    ACC_VALIDATE_CHECK("queue_wait_event", {
      void *device = live(s.queues, q, "queue");
      sameDevice(live(s.events, e, "event").device, device, "the event");
    });
    return st().inner.queue_wait_event(q, e);
  }

  static acc_result_t eventWait(acc_plugin_event_t e) {
    ACC_VALIDATE_CHECK("event_wait", { live(s.events, e, "event"); });
    return st().inner.event_wait(e);
  }

  static acc_result_t eventQuery(acc_plugin_event_t e) {
    ACC_VALIDATE_CHECK("event_query", { live(s.events, e, "event"); });
    return st().inner.event_query(e);
  }

  static acc_result_t eventElapsedNs(acc_plugin_event_t a, acc_plugin_event_t b,
                                     uint64_t *out) {
    ACC_VALIDATE_CHECK("event_elapsed_ns", {
      const EventInfo &start = live(s.events, a, "event");
      const EventInfo &end = live(s.events, b, "event");
      requireOut(out, "out_ns");
      if (!(start.flags & end.flags & ACC_EVENT_TIMING))
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "both events need ACC_EVENT_TIMING");
      if (start.device != end.device)
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "the events belong to different devices");
    });
    return st().inner.event_elapsed_ns(a, b, out);
  }

  static acc_result_t eventRelease(acc_plugin_event_t e) {
    ACC_VALIDATE_CHECK("event_release", {
      live(s.events, e, "event");
      s.events.erase(e);
    });
    return st().inner.event_release(e);
  }

  static acc_result_t kernelGetProperties(acc_plugin_kernel_t k,
                                          acc_kernel_properties_t *props) {
    ACC_VALIDATE_CHECK("kernel_get_properties", {
      live(s.kernels, k, "kernel");
      requireOut(props, "props");
      if (props->struct_size == 0)
        violate(ACC_ERROR_INVALID_ARGUMENT, "props->struct_size is 0");
    });
    return st().inner.kernel_get_properties(k, props);
  }

  static acc_result_t kernelSuggestLocalSize(acc_plugin_kernel_t k,
                                             uint32_t workDim,
                                             const uint64_t global[3],
                                             uint32_t out[3]) {
    ACC_VALIDATE_CHECK("kernel_suggest_local_size", {
      live(s.kernels, k, "kernel");
      requireOut(global, "global_size");
      requireOut(out, "out_local_size");
      if (workDim < 1 || workDim > 3)
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "work_dim " + std::to_string(workDim));
      for (uint32_t d = 0; d < workDim; ++d)
        if (global[d] == 0)
          violate(ACC_ERROR_INVALID_ARGUMENT, "a global size of 0");
    });
    return st().inner.kernel_suggest_local_size(k, workDim, global, out);
  }

  static acc_result_t kernelPrepare(acc_plugin_kernel_t k,
                                    const acc_plugin_launch_desc_t *desc) {
    ACC_VALIDATE_CHECK("kernel_prepare", {
      const KernelInfo &kernel = live(s.kernels, k, "kernel");
      requireOut(desc, "desc");
      if (desc->arg_count != 0)
        violate(ACC_ERROR_INVALID_ARGUMENT, "desc carries arguments");
      // The range as a launch's, without the argument checks.
      KernelMeta rangeOnly = *kernel.meta;
      rangeOnly.kinds.clear();
      rangeOnly.sizes.clear();
      checkLaunch(s, kernel.device, rangeOnly, *desc);
    });
    return st().inner.kernel_prepare(k, desc);
  }

  static acc_result_t bufferMap(acc_plugin_queue_t q, acc_plugin_buffer_t b,
                                uint64_t offset, uint64_t size,
                                acc_map_flags_t flags, void **out) {
    ACC_VALIDATE_CHECK("buffer_map", {
      transfer(s, q, b, offset, size, "the buffer");
      requireOut(out, "out_ptr");
      if (flags & ~acc_map_flags_t(ACC_MAP_READ | ACC_MAP_WRITE))
        violate(ACC_ERROR_INVALID_ARGUMENT,
                "unknown flags " + std::to_string(flags));
    });
    return st().inner.buffer_map(q, b, offset, size, flags, out);
  }

  static acc_result_t bufferUnmap(acc_plugin_queue_t q, acc_plugin_buffer_t b,
                                  void *ptr) {
    ACC_VALIDATE_CHECK("buffer_unmap", {
      transfer(s, q, b, 0, 0, "the buffer");
      requireOut(ptr, "ptr");
    });
    return st().inner.buffer_unmap(q, b, ptr);
  }

  static acc_result_t matmulF32(acc_plugin_queue_t q,
                                const acc_plugin_matmul_desc_t *d) {
    ACC_VALIDATE_CHECK("ops.matmul_f32", {
      void *device = live(s.queues, q, "queue");
      requireOut(d, "desc");
      for (acc_plugin_buffer_t b : {d->a, d->b, d->c})
        sameDevice(live(s.buffers, b, "buffer").device, device,
                   "a matrix's buffer");
      if (!d->m || !d->n || !d->k || d->m > INT32_MAX || d->n > INT32_MAX ||
          d->k > INT32_MAX)
        violate(ACC_ERROR_INVALID_ARGUMENT, "m, n and k must be in "
                                            "1..INT32_MAX");
      auto fits = [&](const char *which, acc_plugin_buffer_t b,
                      uint64_t offset, uint64_t rows, uint64_t cols,
                      uint64_t ld) {
        unsigned __int128 end = (unsigned __int128)offset +
                                (unsigned __int128)(rows - 1) * ld + cols;
        if (ld < cols || end > s.buffers[b].size / sizeof(float))
          violate(ACC_ERROR_INVALID_ARGUMENT,
                  std::string(which) + " does not fit its buffer");
      };
      fits("A", d->a, d->a_offset, d->transpose_a ? d->k : d->m,
           d->transpose_a ? d->m : d->k, d->lda);
      fits("B", d->b, d->b_offset, d->transpose_b ? d->n : d->k,
           d->transpose_b ? d->k : d->n, d->ldb);
      fits("C", d->c, d->c_offset, d->m, d->n, d->ldc);
    });
    return st().innerOps.matmul_f32(q, d);
  }

  /// Builds the slot's table around `in`.
  static const acc_plugin_v1_t *make(const acc_plugin_v1_t *in) {
    State &s = st();
    s.inner = acc_plugin_v1_t{};
    std::memcpy(&s.inner, in,
                std::min<size_t>(in->struct_size, sizeof(s.inner)));
    acc_plugin_v1_t &t = s.table;
    t = s.inner; // Header, name, version; entries replaced below.
    const acc_plugin_v1_t &i = s.inner;
#define ACC_VALIDATE_WRAP(field, fn) t.field = i.field ? fn : nullptr;
    ACC_VALIDATE_WRAP(init, init)
    ACC_VALIDATE_WRAP(shutdown, shutdown)
    ACC_VALIDATE_WRAP(device_count, deviceCount)
    ACC_VALIDATE_WRAP(device_get, deviceGet)
    ACC_VALIDATE_WRAP(device_get_info, deviceGetInfo)
    ACC_VALIDATE_WRAP(buffer_create, bufferCreate)
    ACC_VALIDATE_WRAP(buffer_release, bufferRelease)
    ACC_VALIDATE_WRAP(queue_create, queueCreate)
    ACC_VALIDATE_WRAP(queue_release, queueRelease)
    ACC_VALIDATE_WRAP(queue_finish, queueFinish)
    ACC_VALIDATE_WRAP(buffer_write, bufferWrite)
    ACC_VALIDATE_WRAP(buffer_read, bufferRead)
    ACC_VALIDATE_WRAP(buffer_copy, bufferCopy)
    ACC_VALIDATE_WRAP(buffer_fill, bufferFill)
    ACC_VALIDATE_WRAP(module_create, moduleCreate)
    ACC_VALIDATE_WRAP(module_release, moduleRelease)
    ACC_VALIDATE_WRAP(kernel_get, kernelGet)
    ACC_VALIDATE_WRAP(launch, launch)
    ACC_VALIDATE_WRAP(queue_record_event, queueRecordEvent)
    ACC_VALIDATE_WRAP(queue_wait_event, queueWaitEvent)
    ACC_VALIDATE_WRAP(event_wait, eventWait)
    ACC_VALIDATE_WRAP(event_query, eventQuery)
    ACC_VALIDATE_WRAP(event_elapsed_ns, eventElapsedNs)
    ACC_VALIDATE_WRAP(event_release, eventRelease)
    ACC_VALIDATE_WRAP(kernel_get_properties, kernelGetProperties)
    // The 1.1 entries exist only in a table that reaches them.
    bool v11 = i.abi_minor >= 1 &&
               in->struct_size >= offsetof(acc_plugin_v1_t, reserved);
    if (i.abi_minor >= 3) {
      ACC_VALIDATE_WRAP(kernel_suggest_local_size, kernelSuggestLocalSize)
      ACC_VALIDATE_WRAP(kernel_prepare, kernelPrepare)
    }
    if (v11) {
      ACC_VALIDATE_WRAP(buffer_map, bufferMap)
      ACC_VALIDATE_WRAP(buffer_unmap, bufferUnmap)
      if (i.ops) {
        s.innerOps = acc_plugin_ops_v1_t{};
        std::memcpy(&s.innerOps, i.ops,
                    std::min<size_t>(i.ops->struct_size, sizeof(s.innerOps)));
        s.ops = s.innerOps;
        s.ops.matmul_f32 = s.innerOps.matmul_f32 ? matmulF32 : nullptr;
        t.ops = &s.ops;
      }
    }
#undef ACC_VALIDATE_WRAP
    t.struct_size = in->struct_size;
    return &t;
  }
};

struct Slot {
  State &(*state)();
  const acc_plugin_v1_t *(*make)(const acc_plugin_v1_t *);
};

template <unsigned... I>
constexpr std::array<Slot, sizeof...(I)> slots(std::integer_sequence<unsigned, I...>) {
  return {{{&Layer<I>::st, &Layer<I>::make}...}};
}

} // namespace

const acc_plugin_v1_t *wrap(const acc_plugin_v1_t *inner) {
  static const auto table = slots(std::make_integer_sequence<unsigned, kSlots>());
  if (!inner)
    return nullptr;
  std::lock_guard<std::mutex> lock(gSlotsMutex);
  for (const Slot &slot : table) {
    State &s = slot.state();
    // The same table again (acc-cts and libacc in one process, or the
    // library loaded again, perhaps another one at the same address):
    // copy it afresh.
    if (s.source == inner) {
      s.used = true;
      return slot.make(inner);
    }
  }
  for (const Slot &slot : table) {
    State &s = slot.state();
    if (s.used)
      continue;
    s.used = true;
    s.source = inner;
    return slot.make(inner);
  }
  return nullptr;
}

void release(const acc_plugin_v1_t *wrapped) {
  static const auto table = slots(std::make_integer_sequence<unsigned, kSlots>());
  std::lock_guard<std::mutex> lock(gSlotsMutex);
  for (const Slot &slot : table) {
    State &s = slot.state();
    if (&s.table == wrapped) {
      s.used = false;
      s.source = nullptr;
      std::lock_guard<std::mutex> stateLock(s.mutex);
      s.forget();
    }
  }
}

uint64_t violationCount() { return gViolations.load(); }

} // namespace acc::validation
