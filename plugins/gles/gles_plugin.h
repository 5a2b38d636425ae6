//===- gles_plugin.h - The gles backend's objects -----------------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The gles plugin runs acc-cc's glsl code (GLSL ES 3.10 compute shaders)
// on OpenGL ES 3.1 through EGL, headless: a context without a config or a
// surface (EGL_KHR_no_config_context, EGL_KHR_surfaceless_context) on each
// EGL device (EGL_EXT_platform_device) or on Mesa's surfaceless platform.
//
// A GL context is current on one thread at a time, so each device has a
// worker thread that owns its context and makes every GL call of the
// device, in the order the calls were submitted (one FIFO per device).
// acc queues are streams of tasks into that FIFO: every command of every
// queue of a device executes in submission order, which is stricter than
// the ABI asks (in order per queue) and makes cross-queue waits hold by
// construction. Entries that return values (buffer_create, blocking
// transfers, finish) wait for their task. Completion on the device is a
// fence (glFenceSync) after the marker task of an event; the worker polls
// the fences it watches between tasks.
//
// See README.md for the files, limits and environment variables.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_GLES_GLES_PLUGIN_H
#define ACC_PLUGINS_GLES_GLES_PLUGIN_H

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES3/gl31.h>
#include <GLES2/gl2ext.h>

#include "acc/acc_launch.h"
#include "acc/acc_plugin.h"
#include "acc/plugin/CodeCache.h"
#include "acc/plugin/Handles.h"
#include "acc/plugin/KernelArgs.h"
#include "acc/plugin/Library.h"
#include "acc/plugin/Status.h"
#include "acc/plugin/Table.h"

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace acc {
namespace gles {

using plugin::Error;
using plugin::fail;
using plugin::formatBytes;
using plugin::log;

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// Every EGL and GLES function the plugin calls, resolved at init().
struct Api {
#define ACC_EGL(name) decltype(&::name) name = nullptr;
#define ACC_GL(name) decltype(&::name) name = nullptr;
#define ACC_GL_EXT(name, type) type name = nullptr;
#include "symbols.inc"
  PFNEGLGETPROCADDRESSPROC eglGetProcAddress = nullptr;
  PFNEGLGETPLATFORMDISPLAYEXTPROC eglGetPlatformDisplayEXT = nullptr;
  PFNEGLQUERYDEVICESEXTPROC eglQueryDevicesEXT = nullptr;
  PFNEGLQUERYDEVICESTRINGEXTPROC eglQueryDeviceStringEXT = nullptr;
};

const Api &gl();

/// The name of a GL error code ("GL_OUT_OF_MEMORY").
std::string glErrorName(GLenum error);

/// Fails with the GL error pending after `call`, if any: out of memory as
/// ACC_ERROR_OUT_OF_MEMORY, the others as ACC_ERROR_INTERNAL.
void checkGl(const char *call, const std::string &what);

//===----------------------------------------------------------------------===//
// Completion
//===----------------------------------------------------------------------===//

/// A point in a device's FIFO: done when the marker task ran and the GL
/// fence it inserted signalled. Shared by the event that owns it and the
/// worker that watches it.
struct Marker {
  /// Set by the marker task (worker only).
  GLsync fence = nullptr;
  GLuint query = 0;
  /// Written by the worker under the device's mutex.
  bool done = false;
  uint64_t timestamp = 0;
  acc_result_t error = ACC_SUCCESS;
  std::string message;
};

/// The first error a queue's commands met on the worker, reported (and
/// cleared) by the next finish or event that covers it.
struct QueueState {
  std::mutex mutex;
  acc_result_t error = ACC_SUCCESS;
  std::string message;
  void record(acc_result_t code, const std::string &text) {
    std::lock_guard<std::mutex> lock(mutex);
    if (error == ACC_SUCCESS) {
      error = code;
      message = text;
    }
  }
};

//===----------------------------------------------------------------------===//
// Objects
//===----------------------------------------------------------------------===//

struct Device : plugin::Object<plugin::Kind::Device> {
  acc_device_info_t info{};
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  bool software = false;
  bool timerQuery = false;
  uint32_t maxGroupCount[3] = {65535, 65535, 65535};
  uint32_t maxStorageBlocks = 4;
  uint32_t maxUniformBlockSize = 16384;
  /// What the program-binary cache key names besides the code.
  std::vector<std::string> cacheIdentity;

  // The worker thread and its FIFO.
  std::thread thread;
  std::mutex mutex;
  std::condition_variable wake;     ///< a task arrived, or stop
  std::condition_variable progress; ///< a task ran, or a marker completed
  std::deque<std::function<void()>> tasks;
  bool stopping = false;
  /// Markers whose fences the worker polls, oldest first (worker only).
  std::deque<std::shared_ptr<Marker>> watching;
  /// The uniform buffer launches upload their scalars and words into, and
  /// a 16-byte buffer bound for null buffer arguments (worker only).
  GLuint uniformBuffer = 0;
  GLuint nullBuffer = 0;

  /// Runs `task` on the worker after everything submitted before it;
  /// returns at once. The task reports its own errors.
  void post(std::function<void()> task);
  /// Runs `task` on the worker and waits for it; rethrows what it threw.
  void run(const std::function<void()> &task);
  /// Waits until `marker` is done.
  void await(const std::shared_ptr<Marker> &marker);
};

struct Buffer : plugin::Object<plugin::Kind::Buffer> {
  Device *device = nullptr;
  GLuint id = 0;
  uint64_t size = 0;
};

struct Module;

struct Kernel : plugin::Object<plugin::Kind::Kernel> {
  Module *module = nullptr;
  std::string name;
  /// The kernel's shader from the glsl code object, from its #version line.
  std::string source;
  acc_kernel_flags_t flags = 0;
  using Arg = plugin::KernelArg;
  std::vector<Arg> args;
  uint32_t bufferCount = 0;
  /// The uniform block: scalars, then the launch words at wordOffset.
  uint32_t wordOffset = 0;
  uint32_t uniformBytes = 0;
  /// What a program is built for (the macros the plugin defines).
  using Specialization = plugin::Specialization;
  /// Built programs (worker only).
  std::map<Specialization, GLuint> programs;
};

struct Module : plugin::Object<plugin::Kind::Module> {
  Device *device = nullptr;
  std::vector<std::unique_ptr<Kernel>> kernels;
};

struct Queue : plugin::Object<plugin::Kind::Queue> {
  Device *device = nullptr;
  std::shared_ptr<QueueState> state = std::make_shared<QueueState>();
};

struct Event : plugin::Object<plugin::Kind::Event> {
  Device *device = nullptr;
  acc_event_flags_t flags = 0;
  std::shared_ptr<Marker> marker;
};

//===----------------------------------------------------------------------===//
// The backend interface (plugins/common/include/acc/plugin/Table.h)
//===----------------------------------------------------------------------===//

struct Backend
    : acc::plugin::BackendTypes<gles::Device, gles::Buffer, gles::Queue,
                                gles::Module, gles::Kernel, gles::Event> {
  static constexpr const char *kName = "gles";
  static constexpr const char *kVersion = "0.1.0";
  static constexpr uint32_t kLaunchAbiMax = ACC_LAUNCH_ABI_1;

  ACC_PLUGIN_REQUIRED_IMPLS // plugin.cpp, commands.cpp

  static void kernelPropertiesImpl(Kernel &kernel,
                                   acc_kernel_properties_t &props);
  static void kernelPrepareImpl(Kernel &kernel,
                                const acc_plugin_launch_desc_t &desc);
};

//===----------------------------------------------------------------------===//
// Shared by the plugin's files
//===----------------------------------------------------------------------===//

/// plugin.cpp: the worker loop's fence polling, called on the worker.
void pollMarkers(Device &device);

/// commands.cpp: enqueues a marker on `queue`'s device that takes over the
/// queue's error so far; with `timing`, a timestamp query too.
std::shared_ptr<Marker> recordMarker(Queue &queue, bool timing);

/// commands.cpp: deletes what a kernel built (worker only).
void releasePrograms(Kernel &kernel);

} // namespace gles
} // namespace acc

#endif // ACC_PLUGINS_GLES_GLES_PLUGIN_H
