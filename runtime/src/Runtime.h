//===- Runtime.h - libacc's internal state and helpers ---------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Internal to libacc, never installed. Declares the objects behind the
// public opaque handles, the loader state (backends and their devices), the
// per-thread last-error record, logging, and the guard that keeps C++
// exceptions from crossing the C ABI.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_RUNTIME_RUNTIME_H
#define ACC_RUNTIME_RUNTIME_H

#include "acc/acc.h"
#include "acc/acc_plugin.h"
#include "acc/bundle/Bundle.h"

#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

namespace acc::rt {

//===----------------------------------------------------------------------===//
// Errors and logging
//===----------------------------------------------------------------------===//

/// Records `message` as the calling thread's last error and returns `result`.
acc_result_t fail(acc_result_t result, std::string message);

/// The plugin-facing set_error callback and the flag it raises, so the
/// runtime knows whether a failing plugin call explained itself.
void hostSetError(acc_result_t result, const char *message);
void clearPluginErrorFlag();
bool pluginErrorFlag();
const std::string &lastErrorMessage();

/// Log levels follow acc_log_level_t. The level comes from ACC_LOG.
bool logEnabled(acc_log_level_t level);
void log(acc_log_level_t level, const std::string &message);
void reloadLogLevel();

/// Runs `body` (returning acc_result_t) and converts any exception into a
/// result code and message, so nothing escapes through the C ABI.
template <typename F> acc_result_t guard(F &&body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return fail(ACC_ERROR_OUT_OF_MEMORY, "out of host memory");
  } catch (const std::exception &e) {
    return fail(ACC_ERROR_INTERNAL,
                std::string("internal error in libacc: ") + e.what());
  } catch (...) {
    return fail(ACC_ERROR_INTERNAL, "internal error in libacc: unknown "
                                    "exception");
  }
}

//===----------------------------------------------------------------------===//
// Loader state
//===----------------------------------------------------------------------===//

struct Backend;

} // namespace acc::rt

/// A device: owned by its Backend, valid until acc_shutdown().
struct acc_device_s {
  acc::rt::Backend *backend = nullptr;
  acc_plugin_device_t handle = nullptr;
  /// Global index (acc_device_get()) and index within the backend.
  uint32_t index = 0;
  uint32_t localIndex = 0;
  /// Properties, queried once at load time, strings NUL-terminated.
  acc_device_info_t info{};
  /// libacc's portable library kernels for this device (Ops.cpp), loaded
  /// when an operation first needs them. Released with everything else by
  /// acc_shutdown(). Guarded by opsMutex.
  std::mutex opsMutex;
  acc_module_t opsModule = nullptr;
  /// acc_matmul_f32_16 and acc_matmul_f32_8.
  acc_kernel_t opsMatmul16 = nullptr;
  acc_kernel_t opsMatmul8 = nullptr;
};

struct acc_buffer_s {
  acc_device_s *device = nullptr;
  acc_plugin_buffer_t handle = nullptr;
  uint64_t size = 0;
  uint32_t flags = 0;

  /// A live acc_buffer_map() mapping.
  struct Mapping {
    void *ptr = nullptr;
    uint64_t offset = 0, size = 0;
    uint32_t flags = 0;
    /// Host memory libacc staged (freed at unmap), or null when the plugin
    /// mapped the buffer's own memory.
    std::unique_ptr<unsigned char[]> staging;
  };
  std::mutex mappingsMutex;
  std::vector<Mapping> mappings;
};

struct acc_queue_s {
  acc_device_s *device = nullptr;
  acc_plugin_queue_t handle = nullptr;
  /// Serialises submissions so that a queue may be shared between threads.
  std::mutex mutex;
};

/// An event: a marker in a queue of `device`.
struct acc_event_s {
  acc_device_s *device = nullptr;
  acc_plugin_event_t handle = nullptr;
  acc_event_flags_t flags = 0;
};

namespace acc::rt {

/// What a module and the kernels taken from it share. Owns the metadata
/// strings handed to the plugin and to the application.
struct ModuleData {
  acc_device_s *device = nullptr;
  acc_plugin_module_t handle = nullptr;
  bundle::Bundle bundle;
  std::vector<std::vector<acc_arg_info_t>> args;
  std::vector<acc_kernel_info_t> kernels;
  /// Per kernel: why the code object loaded for the device lacks it ("uses
  /// fp64, which GLSL ES lacks"), or "" when it has it.
  std::vector<std::string> missing;
  acc_target_t target = ACC_TARGET_NONE;
  ~ModuleData();
};

} // namespace acc::rt

struct acc_module_s {
  std::shared_ptr<acc::rt::ModuleData> data;
};

struct acc_kernel_s {
  std::shared_ptr<acc::rt::ModuleData> module;
  acc_plugin_kernel_t handle = nullptr;
  const acc_kernel_info_t *info = nullptr;
  /// kernel_get_properties(), asked once at the first launch or query.
  std::once_flag propertiesOnce;
  acc_kernel_properties_t properties{};
  acc_result_t propertiesResult = ACC_SUCCESS;
  std::string propertiesError;
};

namespace acc::rt {

/// One plugin file the loader looked at.
struct Backend {
  std::string name;
  std::string path;
  std::string version;
  std::string statusMessage;
  acc_result_t status = ACC_ERROR_PLUGIN_LOAD;
  uint32_t abiMajor = 0;
  uint32_t abiMinor = 0;
  void *library = nullptr;
  /// The validation layer's table around the plugin's (ACC_VALIDATE=1), to
  /// give back at unload; null without the layer.
  const acc_plugin_v1_t *validationTable = nullptr;
  /// The plugin's table, copied up to its struct_size; the rest is zero.
  acc_plugin_v1_t table{};
  /// The plugin's library operations, copied up to their struct_size; all
  /// NULL when the plugin has none.
  acc_plugin_ops_v1_t ops{};
  bool initCalled = false;
  /// Loaded, init() not called yet: plugins are initialised when a device
  /// of theirs is first needed (initBackends()).
  bool initPending = false;
  uint32_t firstDevice = 0;
  std::vector<std::unique_ptr<acc_device_s>> devices;

  /// Whether the plugin itself loaded (it may still have no device).
  bool loaded() const {
    return status == ACC_SUCCESS || status == ACC_ERROR_NO_DEVICE;
  }
};

/// Everything acc_init() creates and acc_shutdown() destroys.
struct State {
  std::vector<std::unique_ptr<Backend>> backends;
  std::vector<acc_device_s *> devices;
  std::unordered_set<acc_device_s *> liveDevices;
  std::unordered_set<acc_buffer_s *> buffers;
  std::unordered_set<acc_queue_s *> queues;
  std::unordered_set<acc_module_s *> modules;
  std::unordered_set<acc_kernel_s *> kernels;
  std::unordered_set<acc_event_s *> events;
  /// Library operations go to a plugin's operation table when it has one;
  /// ACC_PLUGIN_OPS=0 sends them all to the portable kernels.
  bool pluginOps = true;
};

/// Protects the global state pointer and the handle registries.
std::mutex &stateMutex();
/// The state, or null when not initialised. Read under stateMutex().
State *&statePtr();

/// Fails with ACC_ERROR_NOT_INITIALIZED when acc_init() has not run.
acc_result_t requireInit();

/// Loads plugins (Loader.cpp); fills `state`. Never fails for a plugin's
/// sake: failures are recorded in the backend list.
void loadPlugins(State &state, const acc_init_options_t *options);
/// Releases every live object and unloads every plugin.
void unloadPlugins(State &state);
/// Initialises the loaded backends not initialised yet (only those named
/// `name` when it is not null) and rebuilds the device list in backend
/// order. Called with stateMutex() held. Initialising a plugin can be slow
/// (an OpenCL ICD loads its driver), so `ACC_BACKEND=cpu` initialises only
/// the cpu plugin until something enumerates every device.
void initBackends(State &state, const std::string *name = nullptr);

/// The folder that holds libacc.so (found through dladdr), or "" when it
/// cannot be told.
std::string libraryFolder();

/// Wraps a call into a plugin: a failure gets the backend's name as prefix,
/// and a plugin that failed without calling set_error gets a generic reason.
acc_result_t pluginResult(const Backend &backend, const char *function,
                          acc_result_t result);

/// Fails with ACC_ERROR_NOT_IMPLEMENTED when a table entry is absent.
acc_result_t missingEntry(const Backend &backend, const char *function);

/// Calls a plugin entry, reporting an absent one and prefixing its error.
template <typename Fn, typename... Args>
acc_result_t callPlugin(const Backend &b, Fn fn, const char *name,
                        Args &&...args) {
  if (!fn)
    return missingEntry(b, name);
  clearPluginErrorFlag();
  return pluginResult(b, name, fn(std::forward<Args>(args)...));
}

/// Acc-cc's --targets spelling of a code target ("cpu" for both CPU
/// families).
const char *targetFlagName(acc_target_t target);

/// Looks up a live handle under the state mutex.
acc_result_t checkDevice(acc_device_t device, const char *what);
acc_result_t checkBuffer(acc_buffer_t buffer, const char *what);
acc_result_t checkQueue(acc_queue_t queue, const char *what);
acc_result_t checkModule(acc_module_t module, const char *what);
acc_result_t checkKernel(acc_kernel_t kernel, const char *what);
acc_result_t checkEvent(acc_event_t event, const char *what);

/// Whether `h` is a live buffer; no message, no allocation (for hot paths,
/// which call checkBuffer() for the message when this says no).
bool liveBuffer(acc_buffer_t h);

/// Describes a device for messages: "device 0 'Mock Device' (backend mock)".
std::string describeDevice(const acc_device_s &device);

} // namespace acc::rt

/// Returns from the enclosing function when `expr` is not ACC_SUCCESS.
#define ACC_CHECK(expr)                                                        \
  do {                                                                         \
    acc_result_t acc_check_result_ = (expr);                                   \
    if (acc_check_result_ != ACC_SUCCESS)                                      \
      return acc_check_result_;                                                \
  } while (0)

#endif // ACC_RUNTIME_RUNTIME_H
