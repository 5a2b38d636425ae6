//===- GLES.cpp - acc-bench's raw GLES alternative ------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The honest alternative to acc:gles: the hand-written GLSL of the Vulkan
// rows (bench/glsl/<kernel>.comp) made GLSL ES 3.10 the way a GLES
// programmer writes it (`#version 310 es`, the local size in the layout,
// the scalars in a std140 uniform block at binding 0 instead of push
// constants), dispatched through GLES 3.1 on a headless EGL context (Mesa's
// surfaceless platform): buffers as SSBOs bound once, the uniform block set
// once, one launch = glDispatchCompute + glFinish; `n` launches are n
// dispatches with a memory barrier between them and one glFinish.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES3/gl31.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace bench {
namespace {

/// The EGL display and context, current on the benchmark's thread.
struct Context {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  std::string glslDir;

  ~Context() {
    if (context != EGL_NO_CONTEXT) {
      eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext(display, context);
    }
    if (display != EGL_NO_DISPLAY)
      eglTerminate(display);
  }

  std::string open(std::string &deviceName) {
    auto getDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (!getDisplay)
      return "EGL has no eglGetPlatformDisplayEXT";
    display = getDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
                         nullptr);
    if (display == EGL_NO_DISPLAY || !eglInitialize(display, nullptr, nullptr))
      return "no surfaceless EGL display";
    eglBindAPI(EGL_OPENGL_ES_API);
    const EGLint attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3,
                                 EGL_CONTEXT_MINOR_VERSION, 1, EGL_NONE};
    context = eglCreateContext(display, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT,
                               attributes);
    if (context == EGL_NO_CONTEXT ||
        !eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context))
      return "no OpenGL ES 3.1 context";
    deviceName = reinterpret_cast<const char *>(glGetString(GL_RENDERER));
    return "";
  }
};

/// The Vulkan GLSL of `kernel` as GLSL ES 3.10 for local size lx x ly.
std::string esSource(const std::string &path, uint32_t lx, uint32_t ly,
                     std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return "";
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  auto replace = [&](const std::string &from, const std::string &to) {
    size_t at = s.find(from);
    if (at == std::string::npos)
      return false;
    s.replace(at, from.size(), to);
    return true;
  };
  // A shader with a fixed local size (sgemm_tiled) keeps it.
  if (!replace("#version 450", "#version 310 es\nprecision highp float;\n"
                               "precision highp int;") ||
      (!replace("layout(local_size_x_id = 0, local_size_y_id = 1) in;",
                "layout(local_size_x = " + std::to_string(lx) +
                    ", local_size_y = " + std::to_string(ly) + ") in;") &&
       s.find("layout(local_size_x = ") == std::string::npos)) {
    error = path + " is not in the form bench/GLES.cpp expects";
    return "";
  }
  replace("layout(push_constant) uniform",
          "layout(std140, binding = 0) uniform");
  return s;
}

class GLESRunner final : public Runner {
public:
  explicit GLESRunner(std::shared_ptr<Context> c) : c(std::move(c)) {}
  ~GLESRunner() override { release(); }

  std::string setup(const Problem &p) override {
    release();
    while (glGetError() != GL_NO_ERROR) {
    }
    GLint maxGroups = 65535;
    glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_COUNT, 0, &maxGroups);
    for (int d = 0; d < 2; ++d) {
      local[d] = uint32_t(p.local[d] ? p.local[d] : (d == 0 ? 64 : 1));
      if (d >= int(p.dims))
        local[d] = 1;
      // A GLES programmer grows the group until one dispatch covers the
      // range (GL_MAX_COMPUTE_WORK_GROUP_COUNT is 65535 on most devices).
      while (d == 0 && local[d] < 1024 &&
             (p.global[d] + local[d] - 1) / local[d] > uint64_t(maxGroups))
        local[d] *= 2;
      groups[d] = uint32_t((p.global[d] + local[d] - 1) / local[d]);
    }
    std::string error;
    std::string source = esSource(c->glslDir + "/" + p.kernel + ".comp",
                                  local[0], local[1], error);
    if (!error.empty())
      return error;
    GLuint shader = glCreateShader(GL_COMPUTE_SHADER);
    const char *text = source.c_str();
    glShaderSource(shader, 1, &text, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
      char log[2048] = {};
      glGetShaderInfoLog(shader, sizeof(log), nullptr, log);
      glDeleteShader(shader);
      return "the GLSL ES of " + p.kernel + " did not compile: " + log;
    }
    program = glCreateProgram();
    glAttachShader(program, shader);
    glLinkProgram(program);
    glDeleteShader(shader);
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok)
      return "the GLSL ES of " + p.kernel + " did not link";

    // Buffers at bindings in argument order; scalars in the uniform block.
    buffers.resize(p.buffers.size());
    glGenBuffers(GLsizei(buffers.size()), buffers.data());
    for (size_t b = 0; b < buffers.size(); ++b) {
      glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffers[b]);
      glBufferData(GL_SHADER_STORAGE_BUFFER,
                   GLsizeiptr(std::max<size_t>(p.buffers[b].size(), 4)),
                   p.buffers[b].data(), GL_DYNAMIC_COPY);
      sizes.push_back(p.buffers[b].size());
    }
    std::vector<uint32_t> scalars;
    GLuint binding = 0;
    glUseProgram(program);
    for (const Arg &a : p.args)
      if (a.kind == Arg::Buffer)
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, binding++,
                         buffers[a.value]);
      else if (a.kind != Arg::LocalBytes)
        scalars.push_back(a.value);
    glGenBuffers(1, &uniform);
    glBindBuffer(GL_UNIFORM_BUFFER, uniform);
    scalars.resize(std::max<size_t>(scalars.size(), 4));
    glBufferData(GL_UNIFORM_BUFFER, GLsizeiptr(scalars.size() * 4),
                 scalars.data(), GL_STATIC_DRAW);
    glBindBufferBase(GL_UNIFORM_BUFFER, 0, uniform);
    glFinish();
    return glGetError() == GL_NO_ERROR ? "" : "a GL call failed in setup";
  }

  void run() override {
    glDispatchCompute(groups[0], groups[1], 1);
    glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
    glFinish();
  }

  void runMany(size_t count) override {
    for (size_t i = 0; i < count; ++i) {
      glDispatchCompute(groups[0], groups[1], 1);
      glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
    }
    glFinish();
  }

  Buffers read() override {
    glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
    Buffers out(buffers.size());
    for (size_t b = 0; b < buffers.size(); ++b) {
      out[b].resize(sizes[b]);
      if (!sizes[b])
        continue;
      glBindBuffer(GL_COPY_READ_BUFFER, buffers[b]);
      void *p = glMapBufferRange(GL_COPY_READ_BUFFER, 0, GLsizeiptr(sizes[b]),
                                 GL_MAP_READ_BIT);
      if (p)
        std::memcpy(out[b].data(), p, sizes[b]);
      glUnmapBuffer(GL_COPY_READ_BUFFER);
    }
    return out;
  }

private:
  void release() {
    if (!buffers.empty())
      glDeleteBuffers(GLsizei(buffers.size()), buffers.data());
    if (uniform)
      glDeleteBuffers(1, &uniform);
    if (program)
      glDeleteProgram(program);
    buffers.clear();
    sizes.clear();
    uniform = program = 0;
  }

  std::shared_ptr<Context> c;
  GLuint program = 0, uniform = 0;
  std::vector<GLuint> buffers;
  std::vector<size_t> sizes;
  uint32_t local[2] = {1, 1};
  uint32_t groups[2] = {1, 1};
};

} // namespace

std::function<std::unique_ptr<Runner>()>
makeGLESRunners(const std::string &glslDir, std::string &deviceName,
                std::string &error) {
  auto c = std::make_shared<Context>();
  c->glslDir = glslDir;
  error = c->open(deviceName);
  if (!error.empty())
    return nullptr;
  return [c]() { return std::make_unique<GLESRunner>(c); };
}

} // namespace bench
