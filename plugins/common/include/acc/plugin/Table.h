//===- Table.h - The plugin ABI's entry points, generated once ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A backend plugin is a C++ struct B of static `*Impl` functions (the
// backend interface below) plus ACC_PLUGIN_ENTRY(B) in one of its files.
// Everything between those functions and the C ABI of acc/acc_plugin.h is
// here, written once for every plugin:
//
//  - the function table (acc_plugin_v1_t) and the exported query entry,
//    with the ABI version negotiation of docs/plugin-abi.md;
//  - the exception guard: every entry runs its Impl inside guard(), so a
//    failure is an acc_result_t with a message through set_error();
//  - handle conversion with tag checks (Handles.h), output pointers written
//    only on success, "not initialised" answers;
//  - the registry of live objects, so that shutdown() releases what the
//    runtime leaked (queues first, so their work finishes while buffers
//    still exist; then events, modules, buffers);
//  - the launch-convention check of module_create (B::kLaunchAbiMax);
//  - the struct_size prefix rules of device_get_info and
//    kernel_get_properties, and event_query's "not ready" answer, which
//    goes back without set_error.
//
// The runtime validates every call before it reaches a plugin (it is the
// validation layer, docs/plugin-abi.md "Valid usage"), so none of this
// re-checks ranges, sizes or launch arguments; an Impl checks only what
// its backend alone knows: device limits, memory, builds, device loss.
//
// The backend interface. B provides:
//
//   using Device, Buffer, Queue, Module, Kernel, Event;  // each derives
//                                 // from acc::plugin::Object<Kind::...>;
//                                 // deriving B from BackendTypes<...>
//                                 // names all six at once
//   static constexpr const char *kName;     // "cpu", as ACC_BACKEND spells it
//   static constexpr const char *kVersion;  // free-form, "0.2.0"
//   static constexpr uint32_t kLaunchAbiMax; // newest launch convention known
//
//   static void initImpl();       // open the vendor library, find devices;
//                                 // fail(ACC_ERROR_NO_DEVICE, why) if none
//                                 // (the plugin then has zero devices)
//   static void shutdownImpl();   // after every live object was released
//   static uint32_t deviceCountImpl();
//   static Device &deviceGetImpl(uint32_t index);     // index < count
//   static void deviceInfoImpl(Device &, acc_device_info_t &info);
//   static Buffer *bufferCreateImpl(Device &, uint64_t size,
//                                   acc_buffer_flags_t flags);
//   static void bufferReleaseImpl(Buffer *);
//   static Queue *queueCreateImpl(Device &);
//   static void queueReleaseImpl(Queue *);  // waits for the queue's work
//   static void queueFinishImpl(Queue &);
//   static void bufferWriteImpl(Queue &, Buffer &, uint64_t offset,
//                               uint64_t size, const void *src, bool blocking);
//   static void bufferReadImpl(Queue &, Buffer &, uint64_t offset,
//                              uint64_t size, void *dst, bool blocking);
//   static void bufferCopyImpl(Queue &, Buffer &src, uint64_t srcOffset,
//                              Buffer &dst, uint64_t dstOffset, uint64_t size);
//   static void bufferFillImpl(Queue &, Buffer &, uint64_t offset,
//                              uint64_t size, const void *pattern,
//                              uint32_t patternSize);
//   static Module *moduleCreateImpl(Device &, const acc_plugin_module_desc_t &);
//   static void moduleReleaseImpl(Module *);
//   static Kernel &kernelGetImpl(Module &, const char *name);
//   static void launchImpl(Queue &, Kernel &, const acc_plugin_launch_desc_t &);
//   static Event *queueRecordEventImpl(Queue &, acc_event_flags_t flags);
//   static void queueWaitEventImpl(Queue &, Event &);
//   static void eventWaitImpl(Event &);
//   static bool eventQueryImpl(Event &);   // true once complete; throws the
//                                          // error of a command it covers
//   static uint64_t eventElapsedNsImpl(Event &start, Event &end);
//   static void eventReleaseImpl(Event *);
//
// and, optionally (the entry is NULL without it):
//
//   static void kernelPropertiesImpl(Kernel &, acc_kernel_properties_t &);
//   static void kernelSuggestLocalSizeImpl(Kernel &, uint32_t workDim,
//                                          const uint64_t globalSize[3],
//                                          uint32_t local[3]);
//   static void kernelPrepareImpl(Kernel &, const acc_plugin_launch_desc_t &);
//   static void *bufferMapImpl(Queue &, Buffer &, uint64_t offset,
//                              uint64_t size, acc_map_flags_t flags);
//   static void bufferUnmapImpl(Queue &, Buffer &, void *ptr);
//   static const acc_plugin_ops_v1_t *opsImpl();
//
// deviceInfoImpl and kernelPropertiesImpl fill a whole struct; the entry
// copies the prefix the caller's struct_size asks for.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGIN_TABLE_H
#define ACC_PLUGIN_TABLE_H

#include "acc/plugin/Handles.h"
#include "acc/plugin/Status.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <type_traits>
#include <unordered_set>

/// Defines deviceCountImpl, deviceGetImpl and deviceInfoImpl of backend `B`
/// whose devices are `list` (a std::vector of std::unique_ptr<B::Device>,
/// filled by initImpl, each Device with its acc_device_info_t `info`):
/// what every plugin with a list of discovered devices writes.
#define ACC_PLUGIN_DEVICE_LIST_IMPLS(B, list)                                  \
  uint32_t B::deviceCountImpl() { return static_cast<uint32_t>((list).size()); } \
  B::Device &B::deviceGetImpl(uint32_t index) { return *(list)[index]; }       \
  void B::deviceInfoImpl(B::Device &device, acc_device_info_t &info) {         \
    info = device.info;                                                        \
  }

/// Declares, inside a backend struct that has the six type aliases, every
/// required function of the backend interface above; the plugin defines them
/// (and declares the optional ones it has next to this).
#define ACC_PLUGIN_REQUIRED_IMPLS                                              \
  static void initImpl();                                                      \
  static void shutdownImpl();                                                  \
  static uint32_t deviceCountImpl();                                           \
  static Device &deviceGetImpl(uint32_t index);                                \
  static void deviceInfoImpl(Device &device, acc_device_info_t &info);         \
  static Buffer *bufferCreateImpl(Device &device, uint64_t size,               \
                                  acc_buffer_flags_t flags);                   \
  static void bufferReleaseImpl(Buffer *buffer);                               \
  static Queue *queueCreateImpl(Device &device);                               \
  static void queueReleaseImpl(Queue *queue);                                  \
  static void queueFinishImpl(Queue &queue);                                   \
  static void bufferWriteImpl(Queue &queue, Buffer &buffer, uint64_t offset,   \
                              uint64_t size, const void *src, bool blocking);  \
  static void bufferReadImpl(Queue &queue, Buffer &buffer, uint64_t offset,    \
                             uint64_t size, void *dst, bool blocking);         \
  static void bufferCopyImpl(Queue &queue, Buffer &src, uint64_t srcOffset,    \
                             Buffer &dst, uint64_t dstOffset, uint64_t size);  \
  static void bufferFillImpl(Queue &queue, Buffer &buffer, uint64_t offset,    \
                             uint64_t size, const void *pattern,               \
                             uint32_t patternSize);                            \
  static Module *moduleCreateImpl(Device &device,                              \
                                  const acc_plugin_module_desc_t &desc);       \
  static void moduleReleaseImpl(Module *module);                               \
  static Kernel &kernelGetImpl(Module &module, const char *name);              \
  static void launchImpl(Queue &queue, Kernel &kernel,                         \
                         const acc_plugin_launch_desc_t &desc);                \
  static Event *queueRecordEventImpl(Queue &queue, acc_event_flags_t flags);   \
  static void queueWaitEventImpl(Queue &queue, Event &event);                  \
  static void eventWaitImpl(Event &event);                                     \
  static bool eventQueryImpl(Event &event);                                    \
  static uint64_t eventElapsedNsImpl(Event &start, Event &end);                \
  static void eventReleaseImpl(Event *event);

namespace acc::plugin {

/// The six object types of a backend interface, named once: `struct
/// Backend : BackendTypes<Device, Buffer, Queue, Module, Kernel, Event>`.
template <typename D, typename B, typename Q, typename M, typename K,
          typename E>
struct BackendTypes {
  using Device = D;
  using Buffer = B;
  using Queue = Q;
  using Module = M;
  using Kernel = K;
  using Event = E;
};

//===----------------------------------------------------------------------===//
// Live objects
//===----------------------------------------------------------------------===//

/// Everything the generated entries keep for backend B between init() and
/// shutdown().
template <typename B> struct Live {
  std::mutex mutex;
  bool initialized = false;
  std::unordered_set<typename B::Buffer *> buffers;
  std::unordered_set<typename B::Queue *> queues;
  std::unordered_set<typename B::Module *> modules;
  std::unordered_set<typename B::Event *> events;

  static Live &get() {
    static Live instance;
    return instance;
  }
};

/// Whether init() has succeeded and shutdown() not run since.
template <typename B> bool initialized() { return Live<B>::get().initialized; }

namespace detail {

template <typename...> using Void = void;
template <typename B, typename = void> struct HasProperties : std::false_type {};
template <typename B>
struct HasProperties<B, Void<decltype(&B::kernelPropertiesImpl)>>
    : std::true_type {};
template <typename B, typename = void> struct HasMap : std::false_type {};
template <typename B>
struct HasMap<B, Void<decltype(&B::bufferMapImpl), decltype(&B::bufferUnmapImpl)>>
    : std::true_type {};
template <typename B, typename = void> struct HasSuggest : std::false_type {};
template <typename B>
struct HasSuggest<B, Void<decltype(&B::kernelSuggestLocalSizeImpl)>>
    : std::true_type {};
template <typename B, typename = void> struct HasPrepare : std::false_type {};
template <typename B>
struct HasPrepare<B, Void<decltype(&B::kernelPrepareImpl)>> : std::true_type {};
template <typename B, typename = void> struct HasOps : std::false_type {};
template <typename B>
struct HasOps<B, Void<decltype(&B::opsImpl)>> : std::true_type {};

template <typename B> void requireInit() {
  if (!initialized<B>())
    fail(ACC_ERROR_NOT_INITIALIZED,
         std::string("the ") + B::kName + " plugin is not initialised");
}

template <typename T> void requireOut(T *out, const char *entry) {
  if (!out)
    fail(ACC_ERROR_INVALID_ARGUMENT, std::string(entry) + ": output is NULL");
}

/// Adds `object` to `set`, or releases it with `release` and rethrows when
/// even that fails (out of memory).
template <typename T, typename Release>
void track(std::mutex &mutex, std::unordered_set<T *> &set, T *object,
           Release release) {
  try {
    std::lock_guard<std::mutex> lock(mutex);
    set.insert(object);
  } catch (...) {
    release(object);
    throw;
  }
}

template <typename T> void untrack(std::mutex &mutex, std::unordered_set<T *> &set,
                                   T *object) {
  std::lock_guard<std::mutex> lock(mutex);
  set.erase(object);
}

/// Copies the prefix of `full` that `out->struct_size` asks for.
template <typename T> void copyPrefix(const T &full, T *out, const char *entry) {
  uint32_t size = out->struct_size;
  if (size < sizeof(uint32_t))
    fail(ACC_ERROR_INVALID_ARGUMENT,
         std::string(entry) + ": struct_size is not set");
  std::memcpy(out, &full, std::min<size_t>(size, sizeof(T)));
  out->struct_size = size;
}

//===----------------------------------------------------------------------===//
// The entries
//===----------------------------------------------------------------------===//

template <typename B> struct Entries {
  using Device = typename B::Device;
  using Buffer = typename B::Buffer;
  using Queue = typename B::Queue;
  using Module = typename B::Module;
  using Kernel = typename B::Kernel;
  using Event = typename B::Event;

  static acc_result_t init(const acc_plugin_host_v1_t *h) {
    return guard("init", [&] {
      if (!h)
        fail(ACC_ERROR_INVALID_ARGUMENT, "init: the host table is NULL");
      setHost(h);
      try {
        B::initImpl();
      } catch (const Error &e) {
        // No device is not a failure to load: the plugin stays initialised
        // with zero devices (device_count answers 0), and the reason goes
        // to the runtime, which lists it.
        if (e.code == ACC_ERROR_NO_DEVICE)
          Live<B>::get().initialized = true;
        throw;
      }
      Live<B>::get().initialized = true;
    });
  }

  static void shutdown() {
    Live<B> &l = Live<B>::get();
    // Each release is on its own: one that fails must not keep the rest
    // alive, and shutdown() returns void, so there is nobody to tell. The
    // registry's lock is not held while an Impl runs (a module's release
    // may wait for every queue).
    auto each = [&l](auto &set, auto release) {
      std::remove_reference_t<decltype(set)> taken;
      {
        std::lock_guard<std::mutex> lock(l.mutex);
        taken.swap(set);
      }
      for (auto *object : taken) {
        try {
          release(object);
        } catch (...) {
        }
      }
    };
    each(l.queues, B::queueReleaseImpl);
    each(l.events, B::eventReleaseImpl);
    each(l.modules, B::moduleReleaseImpl);
    each(l.buffers, B::bufferReleaseImpl);
    try {
      B::shutdownImpl();
    } catch (...) {
    }
    l.initialized = false;
    setHost(nullptr);
  }

  static acc_result_t deviceCount(uint32_t *out) {
    return guard("device_count", [&] {
      requireInit<B>();
      requireOut(out, "device_count");
      *out = B::deviceCountImpl();
    });
  }

  static acc_result_t deviceGet(uint32_t index, acc_plugin_device_t *out) {
    return guard("device_get", [&] {
      requireInit<B>();
      requireOut(out, "device_get");
      uint32_t count = B::deviceCountImpl();
      if (index >= count)
        fail(ACC_ERROR_NOT_FOUND,
             "device_get: the " + std::string(B::kName) + " plugin has " +
                 std::to_string(count) + " device(s), so index " +
                 std::to_string(index) + " does not exist");
      *out = toHandle<acc_plugin_device_t>(&B::deviceGetImpl(index));
    });
  }

  static acc_result_t deviceGetInfo(acc_plugin_device_t device,
                                    acc_device_info_t *info) {
    return guard("device_get_info", [&] {
      requireInit<B>();
      Device &d = handleCast<Device>(device);
      requireOut(info, "device_get_info");
      acc_device_info_t full{};
      full.struct_size = sizeof(full);
      B::deviceInfoImpl(d, full);
      copyPrefix(full, info, "device_get_info");
    });
  }

  static acc_result_t bufferCreate(acc_plugin_device_t device, uint64_t size,
                                   acc_buffer_flags_t flags,
                                   acc_plugin_buffer_t *out) {
    return guard("buffer_create", [&] {
      requireInit<B>();
      Device &d = handleCast<Device>(device);
      requireOut(out, "buffer_create");
      Buffer *buffer = B::bufferCreateImpl(d, size, flags);
      Live<B> &l = Live<B>::get();
      track(l.mutex, l.buffers, buffer, B::bufferReleaseImpl);
      *out = toHandle<acc_plugin_buffer_t>(buffer);
    });
  }

  static acc_result_t bufferRelease(acc_plugin_buffer_t handle) {
    return guard("buffer_release", [&] {
      Buffer *buffer = &handleCast<Buffer>(handle);
      Live<B> &l = Live<B>::get();
      untrack(l.mutex, l.buffers, buffer);
      B::bufferReleaseImpl(buffer);
    });
  }

  static acc_result_t queueCreate(acc_plugin_device_t device,
                                  acc_plugin_queue_t *out) {
    return guard("queue_create", [&] {
      requireInit<B>();
      Device &d = handleCast<Device>(device);
      requireOut(out, "queue_create");
      Queue *queue = B::queueCreateImpl(d);
      Live<B> &l = Live<B>::get();
      track(l.mutex, l.queues, queue, B::queueReleaseImpl);
      *out = toHandle<acc_plugin_queue_t>(queue);
    });
  }

  static acc_result_t queueRelease(acc_plugin_queue_t handle) {
    return guard("queue_release", [&] {
      Queue *queue = &handleCast<Queue>(handle);
      Live<B> &l = Live<B>::get();
      untrack(l.mutex, l.queues, queue);
      B::queueReleaseImpl(queue);
    });
  }

  static acc_result_t queueFinish(acc_plugin_queue_t queue) {
    return guard("queue_finish",
                 [&] { B::queueFinishImpl(handleCast<Queue>(queue)); });
  }

  static acc_result_t bufferWrite(acc_plugin_queue_t queue,
                                  acc_plugin_buffer_t buffer, uint64_t offset,
                                  uint64_t size, const void *src,
                                  bool blocking) {
    return guard("buffer_write", [&] {
      B::bufferWriteImpl(handleCast<Queue>(queue), handleCast<Buffer>(buffer),
                         offset, size, src, blocking);
    });
  }

  static acc_result_t bufferRead(acc_plugin_queue_t queue,
                                 acc_plugin_buffer_t buffer, uint64_t offset,
                                 uint64_t size, void *dst, bool blocking) {
    return guard("buffer_read", [&] {
      B::bufferReadImpl(handleCast<Queue>(queue), handleCast<Buffer>(buffer),
                        offset, size, dst, blocking);
    });
  }

  static acc_result_t bufferCopy(acc_plugin_queue_t queue,
                                 acc_plugin_buffer_t src, uint64_t srcOffset,
                                 acc_plugin_buffer_t dst, uint64_t dstOffset,
                                 uint64_t size) {
    return guard("buffer_copy", [&] {
      B::bufferCopyImpl(handleCast<Queue>(queue), handleCast<Buffer>(src),
                        srcOffset, handleCast<Buffer>(dst), dstOffset, size);
    });
  }

  static acc_result_t bufferFill(acc_plugin_queue_t queue,
                                 acc_plugin_buffer_t buffer, uint64_t offset,
                                 uint64_t size, const void *pattern,
                                 uint32_t patternSize) {
    return guard("buffer_fill", [&] {
      B::bufferFillImpl(handleCast<Queue>(queue), handleCast<Buffer>(buffer),
                        offset, size, pattern, patternSize);
    });
  }

  static acc_result_t moduleCreate(acc_plugin_device_t device,
                                   const acc_plugin_module_desc_t *desc,
                                   acc_plugin_module_t *out) {
    return guard("module_create", [&] {
      requireInit<B>();
      Device &d = handleCast<Device>(device);
      if (!desc)
        fail(ACC_ERROR_INVALID_ARGUMENT, "module_create: desc is NULL");
      if (desc->struct_size <
          offsetof(acc_plugin_module_desc_t, kernels) + sizeof(desc->kernels))
        fail(ACC_ERROR_INVALID_ARGUMENT,
             "module_create: desc->struct_size " +
                 std::to_string(desc->struct_size) +
                 " is smaller than the 1.0 descriptor");
      requireOut(out, "module_create");
      // A descriptor from a runtime older than ABI 1.2 ends before
      // launch_abi or holds 0 there (it was reserved).
      if (desc->struct_size > offsetof(acc_plugin_module_desc_t, launch_abi) &&
          desc->launch_abi > B::kLaunchAbiMax)
        fail(ACC_ERROR_ABI_VERSION,
             "module_create: the code follows launch convention " +
                 std::to_string(desc->launch_abi) + ", but this " + B::kName +
                 " plugin knows conventions up to " +
                 std::to_string(B::kLaunchAbiMax) + "; update the " +
                 B::kName +
                 " plugin to the acc release that compiled the bundle, or "
                 "recompile the bundle with the acc-cc of this release");
      Module *module = B::moduleCreateImpl(d, *desc);
      Live<B> &l = Live<B>::get();
      track(l.mutex, l.modules, module, B::moduleReleaseImpl);
      *out = toHandle<acc_plugin_module_t>(module);
    });
  }

  static acc_result_t moduleRelease(acc_plugin_module_t handle) {
    return guard("module_release", [&] {
      Module *module = &handleCast<Module>(handle);
      Live<B> &l = Live<B>::get();
      untrack(l.mutex, l.modules, module);
      B::moduleReleaseImpl(module);
    });
  }

  static acc_result_t kernelGet(acc_plugin_module_t module, const char *name,
                                acc_plugin_kernel_t *out) {
    return guard("kernel_get", [&] {
      Module &m = handleCast<Module>(module);
      requireOut(out, "kernel_get");
      if (!name)
        fail(ACC_ERROR_INVALID_ARGUMENT, "kernel_get: name is NULL");
      *out = toHandle<acc_plugin_kernel_t>(&B::kernelGetImpl(m, name));
    });
  }

  static acc_result_t launch(acc_plugin_queue_t queue,
                             acc_plugin_kernel_t kernel,
                             const acc_plugin_launch_desc_t *desc) {
    return guard("launch", [&] {
      Queue &q = handleCast<Queue>(queue);
      Kernel &k = handleCast<Kernel>(kernel);
      if (!desc)
        fail(ACC_ERROR_INVALID_ARGUMENT, "launch: desc is NULL");
      B::launchImpl(q, k, *desc);
    });
  }

  static acc_result_t queueRecordEvent(acc_plugin_queue_t queue,
                                       acc_event_flags_t flags,
                                       acc_plugin_event_t *out) {
    return guard("queue_record_event", [&] {
      Queue &q = handleCast<Queue>(queue);
      requireOut(out, "queue_record_event");
      Event *event = B::queueRecordEventImpl(q, flags);
      Live<B> &l = Live<B>::get();
      track(l.mutex, l.events, event, B::eventReleaseImpl);
      *out = toHandle<acc_plugin_event_t>(event);
    });
  }

  static acc_result_t queueWaitEvent(acc_plugin_queue_t queue,
                                     acc_plugin_event_t event) {
    return guard("queue_wait_event", [&] {
      B::queueWaitEventImpl(handleCast<Queue>(queue), handleCast<Event>(event));
    });
  }

  static acc_result_t eventWait(acc_plugin_event_t event) {
    return guard("event_wait",
                 [&] { B::eventWaitImpl(handleCast<Event>(event)); });
  }

  /// "Not ready" is an answer, not a failure: it goes back without
  /// set_error.
  static acc_result_t eventQuery(acc_plugin_event_t event) {
    bool done = false;
    acc_result_t r = guard(
        "event_query", [&] { done = B::eventQueryImpl(handleCast<Event>(event)); });
    if (r != ACC_SUCCESS)
      return r;
    return done ? ACC_SUCCESS : ACC_ERROR_NOT_READY;
  }

  static acc_result_t eventElapsedNs(acc_plugin_event_t start,
                                     acc_plugin_event_t end, uint64_t *out) {
    return guard("event_elapsed_ns", [&] {
      Event &s = handleCast<Event>(start);
      Event &e = handleCast<Event>(end);
      requireOut(out, "event_elapsed_ns");
      *out = B::eventElapsedNsImpl(s, e);
    });
  }

  static acc_result_t eventRelease(acc_plugin_event_t handle) {
    return guard("event_release", [&] {
      Event *event = &handleCast<Event>(handle);
      Live<B> &l = Live<B>::get();
      untrack(l.mutex, l.events, event);
      B::eventReleaseImpl(event);
    });
  }

  static acc_result_t kernelGetProperties(acc_plugin_kernel_t kernel,
                                          acc_kernel_properties_t *props) {
    return guard("kernel_get_properties", [&] {
      Kernel &k = handleCast<Kernel>(kernel);
      if (!props || props->struct_size == 0)
        fail(ACC_ERROR_INVALID_ARGUMENT,
             "kernel_get_properties: props is NULL or its struct_size is 0");
      acc_kernel_properties_t full{};
      full.struct_size = sizeof(full);
      if constexpr (HasProperties<B>::value)
        B::kernelPropertiesImpl(k, full);
      copyPrefix(full, props, "kernel_get_properties");
    });
  }

  static acc_result_t kernelSuggestLocalSize(acc_plugin_kernel_t kernel,
                                             uint32_t workDim,
                                             const uint64_t globalSize[3],
                                             uint32_t out[3]) {
    return guard("kernel_suggest_local_size", [&] {
      Kernel &k = handleCast<Kernel>(kernel);
      requireOut(out, "kernel_suggest_local_size");
      if constexpr (HasSuggest<B>::value) {
        uint32_t local[3] = {1, 1, 1};
        B::kernelSuggestLocalSizeImpl(k, workDim, globalSize, local);
        std::memcpy(out, local, sizeof local);
      }
    });
  }

  static acc_result_t kernelPrepare(acc_plugin_kernel_t kernel,
                                    const acc_plugin_launch_desc_t *desc) {
    return guard("kernel_prepare", [&] {
      Kernel &k = handleCast<Kernel>(kernel);
      if (!desc)
        fail(ACC_ERROR_INVALID_ARGUMENT, "kernel_prepare: desc is NULL");
      if constexpr (HasPrepare<B>::value)
        B::kernelPrepareImpl(k, *desc);
    });
  }

  static acc_result_t bufferMap(acc_plugin_queue_t queue,
                                acc_plugin_buffer_t buffer, uint64_t offset,
                                uint64_t size, acc_map_flags_t flags,
                                void **out) {
    return guard("buffer_map", [&] {
      Queue &q = handleCast<Queue>(queue);
      Buffer &b = handleCast<Buffer>(buffer);
      requireOut(out, "buffer_map");
      if constexpr (HasMap<B>::value)
        *out = B::bufferMapImpl(q, b, offset, size, flags);
    });
  }

  static acc_result_t bufferUnmap(acc_plugin_queue_t queue,
                                  acc_plugin_buffer_t buffer, void *ptr) {
    return guard("buffer_unmap", [&] {
      Queue &q = handleCast<Queue>(queue);
      Buffer &b = handleCast<Buffer>(buffer);
      if constexpr (HasMap<B>::value)
        B::bufferUnmapImpl(q, b, ptr);
    });
  }
};

} // namespace detail

/// The function table of backend B: every entry of this ABI version, the
/// optional ones only where B has their Impl.
template <typename B> const acc_plugin_v1_t &table() {
  static const acc_plugin_v1_t instance = [] {
    using E = detail::Entries<B>;
    acc_plugin_v1_t t{};
    t.struct_size = sizeof(acc_plugin_v1_t);
    t.abi_major = ACC_PLUGIN_ABI_MAJOR;
    t.abi_minor = ACC_PLUGIN_ABI_MINOR;
    t.name = B::kName;
    t.version = B::kVersion;
    t.init = E::init;
    t.shutdown = E::shutdown;
    t.device_count = E::deviceCount;
    t.device_get = E::deviceGet;
    t.device_get_info = E::deviceGetInfo;
    t.buffer_create = E::bufferCreate;
    t.buffer_release = E::bufferRelease;
    t.queue_create = E::queueCreate;
    t.queue_release = E::queueRelease;
    t.queue_finish = E::queueFinish;
    t.buffer_write = E::bufferWrite;
    t.buffer_read = E::bufferRead;
    t.buffer_copy = E::bufferCopy;
    t.buffer_fill = E::bufferFill;
    t.module_create = E::moduleCreate;
    t.module_release = E::moduleRelease;
    t.kernel_get = E::kernelGet;
    t.launch = E::launch;
    t.queue_record_event = E::queueRecordEvent;
    t.queue_wait_event = E::queueWaitEvent;
    t.event_wait = E::eventWait;
    t.event_query = E::eventQuery;
    t.event_elapsed_ns = E::eventElapsedNs;
    t.event_release = E::eventRelease;
    if constexpr (detail::HasProperties<B>::value)
      t.kernel_get_properties = E::kernelGetProperties;
    if constexpr (detail::HasOps<B>::value)
      t.ops = B::opsImpl();
    if constexpr (detail::HasMap<B>::value) {
      t.buffer_map = E::bufferMap;
      t.buffer_unmap = E::bufferUnmap;
    }
    if constexpr (detail::HasSuggest<B>::value)
      t.kernel_suggest_local_size = E::kernelSuggestLocalSize;
    if constexpr (detail::HasPrepare<B>::value)
      t.kernel_prepare = E::kernelPrepare;
    return t;
  }();
  return instance;
}

/// The body of acc_plugin_query for backend B: answers a runtime of the
/// same ABI major with B's table, any other with ACC_ERROR_ABI_VERSION.
template <typename B>
acc_result_t query(uint32_t loaderMajor, uint32_t /*loaderMinor*/,
                   const acc_plugin_v1_t **out) {
  // No host table yet, so failures can only be reported by their code.
  if (!out)
    return ACC_ERROR_INVALID_ARGUMENT;
  if (loaderMajor != ACC_PLUGIN_ABI_MAJOR)
    return ACC_ERROR_ABI_VERSION;
  setBackendName(B::kName);
  *out = &table<B>();
  return ACC_SUCCESS;
}

} // namespace acc::plugin

/// Defines the plugin's one exported symbol for backend struct `B`.
#define ACC_PLUGIN_ENTRY(B)                                                    \
  extern "C" ACC_PLUGIN_EXPORT acc_result_t acc_plugin_query(                  \
      uint32_t loader_major, uint32_t loader_minor,                            \
      const acc_plugin_v1_t **out_table) {                                     \
    return ::acc::plugin::query<B>(loader_major, loader_minor, out_table);     \
  }

#endif // ACC_PLUGIN_TABLE_H
