//===- commands.cpp - The gles plugin's buffers, programs and commands ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Every GL call runs on the device's worker (gles_plugin.h). Buffers are
// shader storage buffers; reads map them (GLES has no glGetBufferSubData);
// fills upload the repeated pattern. A kernel's program is built per
// (local size, local-argument sizes) by defining the glsl code's macros
// (ACC_LOCAL_SIZE_X/Y/Z, ACC_LOCAL_BYTES_<k>) after its #version line, and
// its binary is kept in the common code cache (subfolder "gles"), so a
// second run links from the cache; ACC_LOG=info says hit or miss. A launch
// uploads the scalar block and the launch words into the uniform block at
// binding 0, binds the buffers at their bindings and dispatches (split by
// plugin::planDispatches), with a full memory barrier after each dispatch.
//
//===----------------------------------------------------------------------===//
#include "gles_plugin.h"

#include "acc/plugin/Launch.h"

#include <algorithm>
#include <chrono>
#include <cstring>

using namespace acc::gles;
namespace plugin = acc::plugin;

namespace {

/// Runs `body` as a command of `queue`: on the worker, after everything
/// submitted before; an error goes to the queue's state for the next
/// finish or event that covers it.
void command(Queue &queue, std::function<void()> body) {
  std::shared_ptr<QueueState> state = queue.state;
  queue.device->post([state, body = std::move(body)] {
    try {
      body();
    } catch (const Error &e) {
      state->record(e.code, e.message);
    } catch (const std::exception &e) {
      state->record(ACC_ERROR_INTERNAL, e.what());
    }
  });
}

/// Throws the error a completed marker carries.
void raise(const Marker &marker) {
  if (marker.error != ACC_SUCCESS)
    fail(marker.error, marker.message);
}

} // namespace

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

Buffer *Backend::bufferCreateImpl(Device &device, uint64_t size,
                                  acc_buffer_flags_t) {
  plugin::requireBufferFits(device.info, size,
                            "GL_MAX_SHADER_STORAGE_BLOCK_SIZE");
  auto buffer = std::make_unique<Buffer>();
  buffer->device = &device;
  buffer->size = size;
  device.run([&] {
    const Api &api = gl();
    api.glGenBuffers(1, &buffer->id);
    api.glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffer->id);
    // A zero-size buffer still gets storage, so it can be bound.
    api.glBufferData(GL_SHADER_STORAGE_BUFFER,
                     static_cast<GLsizeiptr>(std::max<uint64_t>(size, 4)),
                     nullptr, GL_DYNAMIC_COPY);
    try {
      checkGl("glBufferData",
              "buffer_create (" + formatBytes(size) + ")");
    } catch (...) {
      api.glDeleteBuffers(1, &buffer->id);
      throw;
    }
  });
  return buffer.release();
}

void Backend::bufferReleaseImpl(Buffer *buffer) {
  // After the commands that use it; GL keeps the storage until then.
  buffer->device->post([buffer] {
    gl().glDeleteBuffers(1, &buffer->id);
    delete buffer;
  });
}

void Backend::bufferWriteImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                              uint64_t size, const void *src, bool blocking) {
  auto write = [&buffer, offset, size, src] {
    const Api &api = gl();
    api.glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffer.id);
    api.glBufferSubData(GL_SHADER_STORAGE_BUFFER,
                        static_cast<GLintptr>(offset),
                        static_cast<GLsizeiptr>(size), src);
    checkGl("glBufferSubData", "buffer_write");
  };
  if (blocking)
    queue.device->run(write); // glBufferSubData has copied src on return
  else
    command(queue, write);
}

void Backend::bufferReadImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t size, void *dst, bool blocking) {
  auto read = [&buffer, offset, size, dst] {
    const Api &api = gl();
    api.glBindBuffer(GL_COPY_READ_BUFFER, buffer.id);
    void *p = api.glMapBufferRange(GL_COPY_READ_BUFFER,
                                   static_cast<GLintptr>(offset),
                                   static_cast<GLsizeiptr>(size),
                                   GL_MAP_READ_BIT);
    if (!p)
      checkGl("glMapBufferRange", "buffer_read");
    if (!p)
      fail(ACC_ERROR_INTERNAL, "buffer_read: glMapBufferRange returned null");
    std::memcpy(dst, p, size);
    api.glUnmapBuffer(GL_COPY_READ_BUFFER);
  };
  if (blocking) {
    // One task after the queue's earlier commands (mapping waits for the
    // device); an error of those comes first, as queue_finish reports it.
    std::shared_ptr<QueueState> state = queue.state;
    queue.device->run([&] {
      {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (state->error != ACC_SUCCESS) {
          Error e{state->error, state->message};
          state->error = ACC_SUCCESS;
          state->message.clear();
          throw e;
        }
      }
      read();
    });
  } else {
    command(queue, read);
  }
}

void Backend::bufferCopyImpl(Queue &queue, Buffer &src, uint64_t srcOffset,
                             Buffer &dst, uint64_t dstOffset, uint64_t size) {
  command(queue, [&src, &dst, srcOffset, dstOffset, size] {
    const Api &api = gl();
    api.glBindBuffer(GL_COPY_READ_BUFFER, src.id);
    api.glBindBuffer(GL_COPY_WRITE_BUFFER, dst.id);
    api.glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER,
                            static_cast<GLintptr>(srcOffset),
                            static_cast<GLintptr>(dstOffset),
                            static_cast<GLsizeiptr>(size));
    checkGl("glCopyBufferSubData", "buffer_copy");
  });
}

void Backend::bufferFillImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t size, const void *pattern,
                             uint32_t patternSize) {
  std::vector<unsigned char> unit(static_cast<const unsigned char *>(pattern),
                                  static_cast<const unsigned char *>(pattern) +
                                      patternSize);
  command(queue, [&buffer, offset, size, unit = std::move(unit)] {
    const Api &api = gl();
    // Uploaded in pieces of at most 4 MiB of the repeated pattern.
    const uint64_t piece =
        std::min<uint64_t>(size, (4u << 20) / unit.size() * unit.size());
    std::vector<unsigned char> bytes(static_cast<size_t>(piece));
    for (size_t i = 0; i < bytes.size(); i += unit.size())
      std::memcpy(bytes.data() + i, unit.data(), unit.size());
    api.glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffer.id);
    for (uint64_t at = 0; at < size; at += piece)
      api.glBufferSubData(GL_SHADER_STORAGE_BUFFER,
                          static_cast<GLintptr>(offset + at),
                          static_cast<GLsizeiptr>(std::min(piece, size - at)),
                          bytes.data());
    checkGl("glBufferSubData", "buffer_fill");
  });
}

//===----------------------------------------------------------------------===//
// Queues and events
//===----------------------------------------------------------------------===//

Queue *Backend::queueCreateImpl(Device &device) {
  auto queue = std::make_unique<Queue>();
  queue->device = &device;
  return queue.release();
}

void Backend::queueReleaseImpl(Queue *queue) {
  std::unique_ptr<Queue> owned(queue);
  std::shared_ptr<Marker> marker = recordMarker(*queue, false);
  queue->device->await(marker);
}

void Backend::queueFinishImpl(Queue &queue) {
  std::shared_ptr<Marker> marker = recordMarker(queue, false);
  queue.device->await(marker);
  raise(*marker);
}

std::shared_ptr<Marker> acc::gles::recordMarker(Queue &queue, bool timing) {
  auto marker = std::make_shared<Marker>();
  Device &device = *queue.device;
  std::shared_ptr<QueueState> state = queue.state;
  device.post([&device, marker, state, timing] {
    const Api &api = gl();
    {
      // The queue's errors so far belong to this marker (and are cleared:
      // each is reported once).
      std::lock_guard<std::mutex> lock(state->mutex);
      marker->error = state->error;
      marker->message = state->message;
      state->error = ACC_SUCCESS;
      state->message.clear();
    }
    if (timing) {
      api.glGenQueriesEXT(1, &marker->query);
      api.glQueryCounterEXT(marker->query, GL_TIMESTAMP_EXT);
    }
    marker->fence = api.glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    api.glFlush();
    if (!marker->fence) {
      std::lock_guard<std::mutex> lock(device.mutex);
      marker->done = true;
      if (marker->error == ACC_SUCCESS) {
        marker->error = ACC_ERROR_DEVICE_LOST;
        marker->message = "glFenceSync failed: the GLES context is lost";
      }
      device.progress.notify_all();
      return;
    }
    device.watching.push_back(marker);
  });
  return marker;
}

Event *Backend::queueRecordEventImpl(Queue &queue, acc_event_flags_t flags) {
  auto event = std::make_unique<Event>();
  event->device = queue.device;
  event->flags = flags;
  event->marker = recordMarker(
      queue, (flags & ACC_EVENT_TIMING) && queue.device->timerQuery);
  return event.release();
}

void Backend::queueWaitEventImpl(Queue &, Event &) {
  // Every command of a device runs in submission order (one FIFO), so what
  // `queue` submits next already follows the event's marker.
}

void Backend::eventWaitImpl(Event &event) {
  event.device->await(event.marker);
  raise(*event.marker);
}

bool Backend::eventQueryImpl(Event &event) {
  {
    std::lock_guard<std::mutex> lock(event.device->mutex);
    if (!event.marker->done)
      return false;
  }
  raise(*event.marker);
  return true;
}

uint64_t Backend::eventElapsedNsImpl(Event &start, Event &end) {
  if (!(start.flags & end.flags & ACC_EVENT_TIMING) ||
      !start.device->timerQuery)
    fail(ACC_ERROR_UNSUPPORTED,
         "event_elapsed_ns: an event has no timestamp (GL_EXT_disjoint_timer_"
         "query is missing on this device)");
  std::lock_guard<std::mutex> lock(start.device->mutex);
  if (!start.marker->done || !end.marker->done)
    fail(ACC_ERROR_NOT_READY, "event_elapsed_ns: an event has not completed");
  uint64_t a = start.marker->timestamp, b = end.marker->timestamp;
  return b > a ? b - a : 0;
}

void Backend::eventReleaseImpl(Event *event) {
  // The worker keeps the marker while it watches its fence.
  delete event;
}

//===----------------------------------------------------------------------===//
// Modules, kernels and programs
//===----------------------------------------------------------------------===//

namespace {

/// The shaders of a glsl code object, by kernel name (docs/bundle-format.md
/// "glsl": each after a line "// acc-kernel: NAME").
std::map<std::string, std::string> splitShaders(const std::string &text) {
  const std::string marker = "// acc-kernel: ";
  std::map<std::string, std::string> shaders;
  size_t at = text.find(marker);
  while (at != std::string::npos) {
    size_t nameEnd = text.find('\n', at);
    if (nameEnd == std::string::npos)
      break;
    std::string name = text.substr(at + marker.size(),
                                   nameEnd - at - marker.size());
    size_t next = text.find("\n" + marker, nameEnd);
    size_t end = next == std::string::npos ? text.size() : next + 1;
    shaders[name] = text.substr(nameEnd + 1, end - nameEnd - 1);
    at = next == std::string::npos ? next : next + 1;
  }
  return shaders;
}

/// The shader source of `kernel` for `spec`: the macros after #version.
std::string specialize(const Kernel &kernel,
                       const Kernel::Specialization &spec) {
  std::string defines;
  const char *axis = "XYZ";
  for (int d = 0; d < 3; ++d)
    defines += std::string("#define ACC_LOCAL_SIZE_") + axis[d] + " " +
               std::to_string(spec.localSize[d]) + "u\n";
  for (size_t k = 0; k < spec.localBytes.size(); ++k)
    defines += "#define ACC_LOCAL_BYTES_" + std::to_string(k) + " " +
               std::to_string(std::max<uint32_t>(spec.localBytes[k], 1)) +
               "u\n";
  size_t line = kernel.source.find('\n');
  if (line == std::string::npos)
    return kernel.source + "\n" + defines;
  return kernel.source.substr(0, line + 1) + defines +
         kernel.source.substr(line + 1);
}

std::string programLog(GLuint program) {
  const Api &api = gl();
  GLint length = 0;
  api.glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  std::string text(static_cast<size_t>(std::max(length, 1)), '\0');
  api.glGetProgramInfoLog(program, length, nullptr, text.data());
  return text.c_str();
}

/// A compiled compute shader of `source`; fails with the driver's log.
GLuint compileShader(const Kernel &kernel, const std::string &source) {
  const Api &api = gl();
  GLuint shader = api.glCreateShader(GL_COMPUTE_SHADER);
  const char *text = source.c_str();
  api.glShaderSource(shader, 1, &text, nullptr);
  api.glCompileShader(shader);
  GLint ok = 0;
  api.glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint length = 0;
    api.glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<size_t>(std::max(length, 1)), '\0');
    api.glGetShaderInfoLog(shader, length, nullptr, log.data());
    api.glDeleteShader(shader);
    fail(ACC_ERROR_BUILD_FAILED, "kernel '" + kernel.name + "': the driver "
                                 "did not compile its shader: " + log.c_str());
  }
  return shader;
}

/// Whether the kernel's shader compiles with its default sizes.
void checkCompiles(const Kernel &kernel) {
  gl().glDeleteShader(compileShader(kernel, kernel.source));
}

/// Compiles and links `source`; fails with the driver's log.
GLuint buildProgram(const Kernel &kernel, const std::string &source) {
  const Api &api = gl();
  GLuint shader = compileShader(kernel, source);
  GLint ok = 0;
  GLuint program = api.glCreateProgram();
  api.glAttachShader(program, shader);
  api.glProgramParameteri(program, GL_PROGRAM_BINARY_RETRIEVABLE_HINT,
                          GL_TRUE);
  api.glLinkProgram(program);
  api.glDeleteShader(shader);
  api.glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    std::string log = programLog(program);
    api.glDeleteProgram(program);
    fail(ACC_ERROR_BUILD_FAILED, "kernel '" + kernel.name +
                                     "': the driver did not link its "
                                     "program: " + log);
  }
  return program;
}

/// The program of `kernel` for `spec`: built, or linked from the code
/// cache's binary (worker only).
GLuint programFor(Kernel &kernel, const Kernel::Specialization &spec) {
  auto found = kernel.programs.find(spec);
  if (found != kernel.programs.end())
    return found->second;
  const Api &api = gl();
  Device &device = *kernel.module->device;
  std::string source = specialize(kernel, spec);
  auto started = std::chrono::steady_clock::now();
  plugin::CacheEntry entry = plugin::cacheEntryFor(
      "gles", device.cacheIdentity, ACC_TARGET_GLSL, source.data(),
      source.size());
  GLuint program = 0;
  bool hit = false;
  std::vector<unsigned char> cached;
  if (plugin::cacheRead(entry, cached) && cached.size() > sizeof(GLenum)) {
    GLenum format = 0;
    std::memcpy(&format, cached.data(), sizeof(format));
    program = api.glCreateProgram();
    api.glProgramBinary(program, format, cached.data() + sizeof(format),
                        static_cast<GLsizei>(cached.size() - sizeof(format)));
    GLint ok = 0;
    api.glGetProgramiv(program, GL_LINK_STATUS, &ok);
    while (api.glGetError() != GL_NO_ERROR) {
    }
    if (ok) {
      hit = true;
    } else {
      api.glDeleteProgram(program);
      program = 0;
      plugin::cacheDiscard(entry, "the driver did not accept the binary");
    }
  }
  if (!program) {
    program = buildProgram(kernel, source);
    GLint length = 0;
    api.glGetProgramiv(program, GL_PROGRAM_BINARY_LENGTH, &length);
    if (entry.enabled && length > 0) {
      std::vector<unsigned char> payload(sizeof(GLenum) +
                                         static_cast<size_t>(length));
      GLenum format = 0;
      GLsizei written = 0;
      api.glGetProgramBinary(program, length, &written, &format,
                             payload.data() + sizeof(GLenum));
      if (written > 0) {
        std::memcpy(payload.data(), &format, sizeof(format));
        payload.resize(sizeof(GLenum) + static_cast<size_t>(written));
        std::string why =
            plugin::cacheStore(entry, payload.data(), payload.size());
        if (!why.empty())
          log(ACC_LOG_LEVEL_INFO, "program binary not cached: " + why);
      }
    }
  }
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
  log(ACC_LOG_LEVEL_INFO,
      "program of kernel '" + kernel.name + "' for local size " +
          std::to_string(spec.localSize[0]) + "x" +
          std::to_string(spec.localSize[1]) + "x" +
          std::to_string(spec.localSize[2]) + " created in " +
          std::to_string(micros / 1000.0).substr(0, 6) + " ms (" +
          (!entry.enabled ? "program cache disabled"
           : hit          ? "program cache hit"
                          : "program cache miss") +
          ")");
  kernel.programs.emplace(spec, program);
  return program;
}

/// Refuses what the device cannot run, naming the limit.
void checkKernelFits(const Kernel &kernel) {
  const Device &device = *kernel.module->device;
  if (kernel.bufferCount > device.maxStorageBlocks)
    fail(ACC_ERROR_UNSUPPORTED,
         "kernel '" + kernel.name + "' takes " +
             std::to_string(kernel.bufferCount) + " buffers; \"" +
             device.info.name + "\" binds at most " +
             std::to_string(device.maxStorageBlocks) +
             " in a compute shader (GL_MAX_COMPUTE_SHADER_STORAGE_BLOCKS)");
  if (kernel.uniformBytes > device.maxUniformBlockSize)
    fail(ACC_ERROR_UNSUPPORTED,
         "kernel '" + kernel.name + "' needs a uniform block of " +
             std::to_string(kernel.uniformBytes) + " bytes; \"" +
             device.info.name + "\" allows " +
             std::to_string(device.maxUniformBlockSize) +
             " (GL_MAX_UNIFORM_BLOCK_SIZE)");
}

} // namespace

void acc::gles::releasePrograms(Kernel &kernel) {
  for (auto &[spec, program] : kernel.programs)
    gl().glDeleteProgram(program);
  kernel.programs.clear();
}

Module *Backend::moduleCreateImpl(Device &device,
                                  const acc_plugin_module_desc_t &desc) {
  if (desc.target != ACC_TARGET_GLSL)
    fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
         "module_create: the gles backend runs glsl code only, not " +
             std::string(desc.arch ? desc.arch : "this target's"));
  std::string text(static_cast<const char *>(desc.code),
                   static_cast<size_t>(desc.code_size));
  std::map<std::string, std::string> shaders = splitShaders(text);
  auto module = std::make_unique<Module>();
  module->device = &device;
  for (uint32_t i = 0; i < desc.kernel_count; ++i) {
    const acc_kernel_info_t &k = desc.kernels[i];
    if (!k.name || (k.arg_count > 0 && !k.args))
      fail(ACC_ERROR_INVALID_BUNDLE,
           "module_create: a kernel's metadata has no name or arguments");
    auto shader = shaders.find(k.name);
    if (shader == shaders.end() ||
        shader->second.compare(0, 8, "#version") != 0)
      fail(ACC_ERROR_INVALID_BUNDLE,
           std::string("module_create: the glsl code has no shader for "
                       "kernel '") +
               k.name + "', which the bundle's metadata lists");
    auto kernel = std::make_unique<Kernel>();
    kernel->module = module.get();
    kernel->name = k.name;
    kernel->source = shader->second;
    kernel->flags = k.flags;
    kernel->args = plugin::kernelArgs(k, kernel->bufferCount);
    kernel->wordOffset = acc_launch_gles_word_offset(k.scalar_block_size);
    kernel->uniformBytes = kernel->wordOffset + ACC_LAUNCH_WORDS_BYTES;
    module->kernels.push_back(std::move(kernel));
  }
  // Each shader compiles now, with its default sizes, so that code the
  // driver refuses fails here with its log, as a build does elsewhere;
  // programs are linked per local size at the first launch.
  device.run([&] {
    for (const auto &kernel : module->kernels)
      checkCompiles(*kernel);
  });
  log(ACC_LOG_LEVEL_DEBUG, "loaded glsl code with " +
                               std::to_string(desc.kernel_count) + " kernels");
  return module.release();
}

void Backend::moduleReleaseImpl(Module *module) {
  // After the launches submitted before, which use its programs.
  module->device->post([module] {
    for (auto &kernel : module->kernels)
      releasePrograms(*kernel);
    delete module;
  });
}

Kernel &Backend::kernelGetImpl(Module &module, const char *name) {
  return plugin::findKernel(module.kernels, name);
}

void Backend::kernelPropertiesImpl(Kernel &kernel,
                                   acc_kernel_properties_t &props) {
  const Device &device = *kernel.module->device;
  props.max_work_group_size = device.info.max_work_group_size;
  props.preferred_work_group_multiple = 1;
  props.static_local_memory_size = 0;
}

void Backend::kernelPrepareImpl(Kernel &kernel,
                                const acc_plugin_launch_desc_t &desc) {
  checkKernelFits(kernel);
  // Local arguments' sizes come with the launch: prepare only without.
  if (plugin::hasLocalArgs(kernel.args))
    return;
  Kernel::Specialization spec = plugin::specializationFor(kernel.args, desc);
  kernel.module->device->run([&] { programFor(kernel, spec); });
}

//===----------------------------------------------------------------------===//
// Launch
//===----------------------------------------------------------------------===//

void Backend::launchImpl(Queue &queue, Kernel &kernel,
                         const acc_plugin_launch_desc_t &desc) {
  checkKernelFits(kernel);
  Device &device = *queue.device;
  // What the task needs, copied: the scalar block, the buffers by binding,
  // the specialization and the dispatches.
  std::vector<unsigned char> block(kernel.uniformBytes, 0);
  std::vector<GLuint> buffers(kernel.bufferCount, 0);
  for (uint32_t i = 0; i < desc.arg_count; ++i) {
    const acc_plugin_arg_t &arg = desc.args[i];
    const Kernel::Arg &meta = kernel.args[i];
    if (arg.kind == ACC_ARG_KIND_BUFFER && arg.u.buffer)
      buffers[meta.binding] = reinterpret_cast<Buffer *>(arg.u.buffer)->id;
    else if (arg.kind == ACC_ARG_KIND_SCALAR)
      std::memcpy(block.data() + meta.binding, arg.u.value, arg.size);
  }
  Kernel::Specialization spec = plugin::specializationFor(kernel.args, desc);
  std::vector<acc_launch_dispatch_t> dispatches = plugin::planDispatches(
      desc, kernel.flags & ACC_KERNEL_FLAG_USES_BARRIERS, device.maxGroupCount);
  const uint32_t workDim = desc.work_dim;
  uint64_t globalOffset[3], globalSize[3];
  uint32_t localSize[3];
  for (int d = 0; d < 3; ++d) {
    globalOffset[d] = desc.global_offset[d];
    globalSize[d] = desc.global_size[d];
    localSize[d] = desc.local_size[d];
  }
  Kernel *k = &kernel;
  command(queue, [=, &device, block = std::move(block),
                  buffers = std::move(buffers),
                  dispatches = std::move(dispatches)]() mutable {
    const Api &api = gl();
    Kernel::Specialization piece = spec;
    GLuint current = 0;
    for (size_t b = 0; b < buffers.size(); ++b)
      api.glBindBufferBase(GL_SHADER_STORAGE_BUFFER, static_cast<GLuint>(b),
                           buffers[b] ? buffers[b] : device.nullBuffer);
    for (const acc_launch_dispatch_t &dispatch : dispatches) {
      for (int d = 0; d < 3; ++d)
        piece.localSize[d] = dispatch.local_size[d];
      GLuint program = programFor(*k, piece);
      if (program != current) {
        api.glUseProgram(program);
        current = program;
      }
      acc_launch_words_t words = acc_launch_words(
          workDim, globalOffset, globalSize, localSize, dispatch.group_offset);
      std::memcpy(block.data() + k->wordOffset, &words, sizeof(words));
      // A fresh store per dispatch: the earlier dispatch keeps reading its
      // own (the driver orphans the old one).
      api.glBindBuffer(GL_UNIFORM_BUFFER, device.uniformBuffer);
      api.glBufferData(GL_UNIFORM_BUFFER,
                       static_cast<GLsizeiptr>(block.size()), block.data(),
                       GL_STREAM_DRAW);
      api.glBindBufferBase(GL_UNIFORM_BUFFER, 0, device.uniformBuffer);
      api.glDispatchCompute(static_cast<GLuint>(dispatch.groups[0]),
                            static_cast<GLuint>(dispatch.groups[1]),
                            static_cast<GLuint>(dispatch.groups[2]));
      // Later dispatches, transfers and maps see what this one wrote.
      api.glMemoryBarrier(GL_ALL_BARRIER_BITS);
    }
    checkGl("glDispatchCompute", "launch of kernel '" + k->name + "'");
  });
}
