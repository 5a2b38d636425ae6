//===- plugin.cpp - The gles plugin: EGL, devices, worker threads --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// init() opens libEGL.so.1 with dlopen (ACC_GLES_EGL names another file;
// tests use it to simulate a machine without EGL), resolves EGL and GLES
// 3.1 entry points, and makes a device of every EGL display that gives a
// headless OpenGL ES 3.1 context: each EGL device (EGL_EXT_device_
// enumeration with EGL_EXT_platform_device), else Mesa's surfaceless
// platform. Each device's context lives on its worker thread (see
// gles_plugin.h), started here and stopped by shutdown().
//
//===----------------------------------------------------------------------===//
#include "gles_plugin.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

using namespace acc::gles;
namespace plugin = acc::plugin;

namespace {

struct PluginState {
  plugin::Library egl;
  plugin::Library gles; ///< fallback for entry points EGL does not give
  Api api;
  std::vector<std::unique_ptr<Device>> devices;
};

PluginState &state() {
  static PluginState instance;
  return instance;
}

bool hasExtension(const char *list, const char *name) {
  if (!list)
    return false;
  size_t n = std::strlen(name);
  for (const char *p = list; (p = std::strstr(p, name)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// The worker
//===----------------------------------------------------------------------===//

void workerLoop(Device &device) {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(device.mutex);
      if (device.tasks.empty() && !device.stopping) {
        if (device.watching.empty())
          device.wake.wait(lock, [&] {
            return !device.tasks.empty() || device.stopping;
          });
        else
          // Fences are polled, not waited on: a new task must not wait
          // for the device to finish older work.
          device.wake.wait_for(lock, std::chrono::microseconds(100), [&] {
            return !device.tasks.empty() || device.stopping;
          });
      }
      if (!device.tasks.empty()) {
        task = std::move(device.tasks.front());
        device.tasks.pop_front();
      } else if (device.stopping) {
        return;
      }
    }
    if (task)
      task();
    pollMarkers(device);
  }
}

/// Starts `device`'s worker thread, creates its context there and reads its
/// limits. Fails with the reason the display gives no GLES 3.1 compute.
void openDevice(Device &device, EGLDisplay display) {
  const Api &api = gl();
  device.display = display;
  device.thread = std::thread([&device] { workerLoop(device); });
  device.run([&] {
    EGLint major = 0, minor = 0;
    if (!api.eglInitialize(display, &major, &minor))
      fail(ACC_ERROR_NO_DEVICE, "eglInitialize failed (EGL error 0x" +
                                    std::to_string(api.eglGetError()) + ")");
    const char *ext = api.eglQueryString(display, EGL_EXTENSIONS);
    if (!hasExtension(ext, "EGL_KHR_no_config_context") &&
        !hasExtension(ext, "EGL_MESA_configless_context"))
      fail(ACC_ERROR_NO_DEVICE,
           "the EGL display has no EGL_KHR_no_config_context");
    if (!hasExtension(ext, "EGL_KHR_surfaceless_context"))
      fail(ACC_ERROR_NO_DEVICE,
           "the EGL display has no EGL_KHR_surfaceless_context");
    if (!api.eglBindAPI(EGL_OPENGL_ES_API))
      fail(ACC_ERROR_NO_DEVICE, "the EGL display has no OpenGL ES");
    const EGLint attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3,
                                 EGL_CONTEXT_MINOR_VERSION, 1, EGL_NONE};
    device.context = api.eglCreateContext(display, EGL_NO_CONFIG_KHR,
                                          EGL_NO_CONTEXT, attributes);
    if (device.context == EGL_NO_CONTEXT)
      fail(ACC_ERROR_NO_DEVICE,
           "no OpenGL ES 3.1 context (eglCreateContext: EGL error 0x" +
               std::to_string(api.eglGetError()) + ")");
    if (!api.eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE,
                            device.context))
      fail(ACC_ERROR_NO_DEVICE, "eglMakeCurrent failed without a surface");

    auto str = [&](GLenum name) {
      const GLubyte *s = api.glGetString(name);
      return std::string(s ? reinterpret_cast<const char *>(s) : "");
    };
    auto integer = [&](GLenum name) {
      GLint v = 0;
      api.glGetIntegerv(name, &v);
      return static_cast<uint32_t>(std::max(v, 0));
    };
    std::string version = str(GL_VERSION);
    int glMajor = 0, glMinor = 0;
    if (std::sscanf(version.c_str(), "OpenGL ES %d.%d", &glMajor, &glMinor) !=
            2 ||
        glMajor * 10 + glMinor < 31)
      fail(ACC_ERROR_NO_DEVICE,
           "the context is \"" + version + "\", not OpenGL ES 3.1 or later");

    acc_device_info_t &info = device.info;
    info.struct_size = sizeof(info);
    info.type = device.software ? ACC_DEVICE_TYPE_CPU : ACC_DEVICE_TYPE_GPU;
    std::snprintf(info.name, sizeof(info.name), "%s", str(GL_RENDERER).c_str());
    std::snprintf(info.vendor, sizeof(info.vendor), "%s",
                  str(GL_VENDOR).c_str());
    std::snprintf(info.driver_version, sizeof(info.driver_version), "%s",
                  version.c_str());
    info.compute_units =
        device.software ? std::max(1u, std::thread::hardware_concurrency())
                        : 1;
    info.max_work_group_size = integer(GL_MAX_COMPUTE_WORK_GROUP_INVOCATIONS);
    for (GLuint d = 0; d < 3; ++d) {
      GLint size = 0, count = 0;
      api.glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_SIZE, d, &size);
      api.glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_COUNT, d, &count);
      info.max_work_item_sizes[d] = static_cast<uint32_t>(std::max(size, 1));
      device.maxGroupCount[d] = static_cast<uint32_t>(std::max(count, 1));
    }
    GLint numExtensions = 0;
    api.glGetIntegerv(GL_NUM_EXTENSIONS, &numExtensions);
    for (GLint i = 0; i < numExtensions; ++i) {
      const char *e =
          reinterpret_cast<const char *>(api.glGetStringi(GL_EXTENSIONS, i));
      if (e && !std::strcmp(e, "GL_EXT_disjoint_timer_query"))
        device.timerQuery = api.glQueryCounterEXT &&
                            api.glGetQueryObjectui64vEXT &&
                            api.glGenQueriesEXT && api.glDeleteQueriesEXT;
    }
    info.caps = device.timerQuery ? ACC_DEVICE_CAP_TIMESTAMPS : 0;
    GLint64 maxBlock = 0;
    api.glGetInteger64v(GL_MAX_SHADER_STORAGE_BLOCK_SIZE, &maxBlock);
    info.max_allocation_size = static_cast<uint64_t>(std::max<GLint64>(maxBlock, 0));
    // GLES has no query for the memory size. A software device uses host
    // memory; for a GPU the largest buffer is the honest lower bound.
    if (device.software)
      info.global_memory_size =
          static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) *
          static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
    else
      info.global_memory_size = info.max_allocation_size;
    info.local_memory_size = integer(GL_MAX_COMPUTE_SHARED_MEMORY_SIZE);
    info.targets[0] = ACC_TARGET_GLSL;
    // The plugin splits dispatches past GL_MAX_COMPUTE_WORK_GROUP_COUNT.
    info.max_group_count[0] = info.max_group_count[1] =
        info.max_group_count[2] = 0;
    info.global_id_bits = 32;
    device.maxStorageBlocks = integer(GL_MAX_COMPUTE_SHADER_STORAGE_BLOCKS);
    device.maxUniformBlockSize = integer(GL_MAX_UNIFORM_BLOCK_SIZE);
    info.max_scalar_block_size =
        device.maxUniformBlockSize > ACC_LAUNCH_WORDS_BYTES
            ? (device.maxUniformBlockSize - ACC_LAUNCH_WORDS_BYTES) / 16 * 16
            : 0;
    device.cacheIdentity = {info.name, info.vendor, version,
                            str(GL_SHADING_LANGUAGE_VERSION)};

    api.glGenBuffers(1, &device.uniformBuffer);
    api.glGenBuffers(1, &device.nullBuffer);
    api.glBindBuffer(GL_SHADER_STORAGE_BUFFER, device.nullBuffer);
    api.glBufferData(GL_SHADER_STORAGE_BUFFER, 16, nullptr, GL_STATIC_DRAW);
    checkGl("glBufferData", "creating the device's buffers");
  });
}

/// Stops the worker after its tasks, releasing the context on it.
void closeDevice(Device &device) {
  if (!device.thread.joinable())
    return;
  const Api &api = gl();
  device.post([&device, &api] {
    if (device.context != EGL_NO_CONTEXT) {
      api.glFinish();
      if (device.uniformBuffer)
        api.glDeleteBuffers(1, &device.uniformBuffer);
      if (device.nullBuffer)
        api.glDeleteBuffers(1, &device.nullBuffer);
      api.eglMakeCurrent(device.display, EGL_NO_SURFACE, EGL_NO_SURFACE,
                         EGL_NO_CONTEXT);
      api.eglDestroyContext(device.display, device.context);
    }
    api.eglReleaseThread();
  });
  {
    std::lock_guard<std::mutex> lock(device.mutex);
    device.stopping = true;
  }
  device.wake.notify_all();
  device.thread.join();
  // Markers still watched complete with the device gone.
  for (const std::shared_ptr<Marker> &m : device.watching)
    m->done = true;
  device.watching.clear();
}

/// The displays to try, each with whether it is a software renderer.
std::vector<std::pair<EGLDisplay, bool>> findDisplays(std::string &why) {
  const Api &api = gl();
  std::vector<std::pair<EGLDisplay, bool>> displays;
  const char *client = api.eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (api.eglGetPlatformDisplayEXT && api.eglQueryDevicesEXT &&
      hasExtension(client, "EGL_EXT_platform_device")) {
    EGLint count = 0;
    api.eglQueryDevicesEXT(0, nullptr, &count);
    std::vector<EGLDeviceEXT> devices(static_cast<size_t>(std::max(count, 0)));
    if (count > 0 && api.eglQueryDevicesEXT(count, devices.data(), &count)) {
      for (EGLint i = 0; i < count; ++i) {
        const char *ext = api.eglQueryDeviceStringEXT
                              ? api.eglQueryDeviceStringEXT(devices[i],
                                                            EGL_EXTENSIONS)
                              : nullptr;
        EGLDisplay d = api.eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT,
                                                    devices[i], nullptr);
        if (d != EGL_NO_DISPLAY)
          displays.push_back(
              {d, hasExtension(ext, "EGL_MESA_device_software")});
      }
    }
    if (!displays.empty())
      return displays;
  }
  if (api.eglGetPlatformDisplayEXT &&
      hasExtension(client, "EGL_MESA_platform_surfaceless")) {
    EGLDisplay d = api.eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA,
                                                EGL_DEFAULT_DISPLAY, nullptr);
    if (d != EGL_NO_DISPLAY)
      displays.push_back({d, false});
    return displays;
  }
  why = "EGL offers no headless display (neither EGL_EXT_platform_device "
        "nor EGL_MESA_platform_surfaceless)";
  return displays;
}

} // namespace

const Api &acc::gles::gl() { return state().api; }

std::string acc::gles::glErrorName(GLenum error) {
  switch (error) {
  case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
  case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
  case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
  case GL_INVALID_FRAMEBUFFER_OPERATION:
    return "GL_INVALID_FRAMEBUFFER_OPERATION";
  case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
  default: {
    char text[32];
    std::snprintf(text, sizeof(text), "GL error 0x%x", error);
    return text;
  }
  }
}

void acc::gles::checkGl(const char *call, const std::string &what) {
  GLenum error = gl().glGetError();
  if (error == GL_NO_ERROR)
    return;
  while (gl().glGetError() != GL_NO_ERROR) {
  }
  if (error == GL_OUT_OF_MEMORY)
    fail(ACC_ERROR_OUT_OF_MEMORY,
         what + ": the device is out of memory (" + call +
             ": GL_OUT_OF_MEMORY); release buffers or use smaller ones");
  fail(ACC_ERROR_INTERNAL, what + ": " + call + " failed (" +
                              glErrorName(error) + ")");
}

//===----------------------------------------------------------------------===//
// Device
//===----------------------------------------------------------------------===//

void Device::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    tasks.push_back(std::move(task));
  }
  wake.notify_one();
}

void Device::run(const std::function<void()> &task) {
  if (std::this_thread::get_id() == thread.get_id()) {
    task();
    return;
  }
  bool finished = false;
  std::exception_ptr thrown;
  post([&] {
    try {
      task();
    } catch (...) {
      thrown = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      finished = true;
    }
    progress.notify_all();
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    progress.wait(lock, [&] { return finished; });
  }
  if (thrown)
    std::rethrow_exception(thrown);
}

void Device::await(const std::shared_ptr<Marker> &marker) {
  std::unique_lock<std::mutex> lock(mutex);
  progress.wait(lock, [&] { return marker->done; });
}

void acc::gles::pollMarkers(Device &device) {
  const Api &api = gl();
  bool any = false;
  while (!device.watching.empty()) {
    const std::shared_ptr<Marker> &m = device.watching.front();
    GLenum r = api.glClientWaitSync(m->fence, 0, 0);
    if (r == GL_TIMEOUT_EXPIRED)
      break;
    uint64_t timestamp = 0;
    if (m->query) {
      GLuint64 t = 0;
      api.glGetQueryObjectui64vEXT(m->query, GL_QUERY_RESULT_EXT, &t);
      api.glDeleteQueriesEXT(1, &m->query);
      timestamp = t;
    }
    api.glDeleteSync(m->fence);
    {
      std::lock_guard<std::mutex> lock(device.mutex);
      m->fence = nullptr;
      m->timestamp = timestamp;
      if (r == GL_WAIT_FAILED && m->error == ACC_SUCCESS) {
        m->error = ACC_ERROR_DEVICE_LOST;
        m->message = "glClientWaitSync failed: the GLES context is lost";
      }
      m->done = true;
    }
    device.watching.pop_front();
    any = true;
  }
  if (any)
    device.progress.notify_all();
}

//===----------------------------------------------------------------------===//
// Lifetime and devices
//===----------------------------------------------------------------------===//

void Backend::initImpl() {
  PluginState &s = state();
  const char *override = std::getenv("ACC_GLES_EGL");
  s.egl = plugin::openLibrary(override && *override ? override : "libEGL.so.1",
                              "install libegl1 and a GLES driver (Debian: "
                              "libegl-mesa0 libgl1-mesa-dri)");
  Api &api = s.api;
#define ACC_EGL(name)                                                          \
  api.name = reinterpret_cast<decltype(api.name)>(plugin::requireSymbol(       \
      s.egl, #name, "an EGL 1.4 library"));
#include "symbols.inc"
  api.eglGetProcAddress = reinterpret_cast<PFNEGLGETPROCADDRESSPROC>(
      plugin::requireSymbol(s.egl, "eglGetProcAddress", "an EGL library"));
  auto proc = [&](const char *name) -> void * {
    void *p = reinterpret_cast<void *>(api.eglGetProcAddress(name));
    if (!p && s.gles.handle)
      p = plugin::findSymbol(s.gles, name);
    return p;
  };
  api.eglGetPlatformDisplayEXT = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      proc("eglGetPlatformDisplayEXT"));
  api.eglQueryDevicesEXT =
      reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(proc("eglQueryDevicesEXT"));
  api.eglQueryDeviceStringEXT = reinterpret_cast<PFNEGLQUERYDEVICESTRINGEXTPROC>(
      proc("eglQueryDeviceStringEXT"));
  // Core GLES entry points: EGL 1.5 (EGL_KHR_get_all_proc_addresses) gives
  // them; libGLESv2 otherwise.
  if (!api.eglGetProcAddress("glDispatchCompute")) {
    try {
      s.gles = plugin::openLibrary("libGLESv2.so.2",
                                   "install libgles2 (a GLES 3.1 driver)");
    } catch (const Error &) {
    }
  }
  std::string missing;
#define ACC_GL(name)                                                           \
  api.name = reinterpret_cast<decltype(api.name)>(proc(#name));                \
  if (!api.name && missing.empty())                                            \
    missing = #name;
#define ACC_GL_EXT(name, type)                                                 \
  api.name = reinterpret_cast<type>(proc(#name));
#include "symbols.inc"
  if (!missing.empty())
    fail(ACC_ERROR_NO_DEVICE, "the GLES library has no " + missing +
                                  ": OpenGL ES 3.1 is needed");

  std::string why;
  std::vector<std::pair<EGLDisplay, bool>> displays = findDisplays(why);
  for (auto [display, software] : displays) {
    auto device = std::make_unique<Device>();
    device->software = software;
    try {
      openDevice(*device, display);
      s.devices.push_back(std::move(device));
    } catch (const Error &e) {
      why = e.message;
      log(ACC_LOG_LEVEL_INFO, "an EGL display is not a device: " + e.message);
      closeDevice(*device);
    }
  }
  if (s.devices.empty())
    fail(ACC_ERROR_NO_DEVICE,
         "no OpenGL ES 3.1 device: " +
             (why.empty() ? std::string("EGL lists no display") : why));
  for (const auto &d : s.devices)
    log(ACC_LOG_LEVEL_INFO,
        std::string("gles: device \"") + d->info.name + "\" (" +
            d->info.driver_version + ")" +
            (d->timerQuery ? "" : ", no timer queries: timing events off"));
}

void Backend::shutdownImpl() {
  PluginState &s = state();
  for (auto &device : s.devices)
    closeDevice(*device);
  s.devices.clear();
  // libEGL stays loaded: drivers keep threads (as the opencl plugin says).
}

ACC_PLUGIN_DEVICE_LIST_IMPLS(Backend, state().devices)

ACC_PLUGIN_ENTRY(acc::gles::Backend)
