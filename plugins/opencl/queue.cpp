//===- queue.cpp - Queues, transfers and launches of the opencl plugin ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Execution model: an acc queue is one in-order cl_command_queue (profiling
// enabled, for timing and tracing) on its device's context. Every command
// is enqueued there and OpenCL keeps them in order. Reads and writes honour
// `blocking` (CL_TRUE / CL_FALSE); a non-blocking one needs its host memory
// until the command completes, as the ABI says. queue_finish is clFinish,
// which OpenCL allows concurrently with enqueues from other threads.
//
// Launch: the driver's own limit (CL_KERNEL_WORK_GROUP_SIZE) is checked
// first, so that what the driver would refuse with a bare CL_INVALID_* code
// gets a sentence naming the kernel. OpenCL 1.2 requires the local size to
// divide the global size. Code from acc-cc follows a launch convention
// (acc/acc_launch.h): convention 1 takes the launch words as one trailing
// ulong16, and a non-uniform range is enqueued rounded up to whole groups
// (the kernel retires the extra work-items) or, for a kernel with
// barriers, as up to eight enqueues of whole groups; convention 0 takes
// three trailing range arguments and rounds up kernels without barriers.
// Hand-written OpenCL C gets whole groups only (the runtime sees
// ACC_KERNEL_PROPERTY_WHOLE_GROUPS_ONLY). With the kernel's mutex held, the
// arguments are set (buffer: its cl_mem; scalar: its bytes, copied by
// clSetKernelArg; local: size and NULL) and the range is enqueued with
// clEnqueueNDRangeKernel. The queue is flushed after a launch so the
// device starts while the host goes on.
//
// Events: queue_record_event is clEnqueueMarkerWithWaitList with no wait
// list (the marker completes when every earlier command of the in-order
// queue has), queue_wait_event is clEnqueueBarrierWithWaitList on the
// waiting queue. Both queues share the device's one context, which OpenCL
// requires for cross-queue waits. Timing reads the markers'
// CL_PROFILING_COMMAND_END (every queue has profiling enabled). A command
// that failed makes the markers after it report a negative execution
// status, which becomes ACC_ERROR_DEVICE_LOST with the OpenCL code.
//
//===----------------------------------------------------------------------===//
#include "opencl_plugin.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>

using namespace acc::opencl;

namespace {

cl_bool clBool(bool value) { return value ? CL_TRUE : CL_FALSE; }

/// The launch limits only the driver knows; the runtime has checked
/// everything else against the kernel's metadata and the device's limits
/// (docs/plugin-abi.md, "Valid usage").
void checkDriverLimits(const Queue &queue, const Kernel &kernel,
                       const acc_plugin_launch_desc_t &desc) {
  uint64_t groupSize = 1;
  for (uint32_t d = 0; d < desc.work_dim; ++d)
    groupSize *= desc.local_size[d];
  if (kernel.maxGroupSize != 0 && groupSize > kernel.maxGroupSize)
    fail(ACC_ERROR_INVALID_LAUNCH,
         "launch of '" + kernel.name + "': a work-group of " +
             std::to_string(groupSize) + " work-items exceeds this kernel's "
             "limit of " + std::to_string(kernel.maxGroupSize) + " on \"" +
             queue.device->info.name + "\" (CL_KERNEL_WORK_GROUP_SIZE)");
}

/// Sets the kernel's arguments from the launch, up to the trailing ones.
void setArguments(Kernel &kernel, const acc_plugin_launch_desc_t &desc) {
  for (uint32_t i = 0; i < desc.arg_count; ++i) {
    const acc_plugin_arg_t &arg = desc.args[i];
    cl_int error = CL_SUCCESS;
    switch (arg.kind) {
    case ACC_ARG_KIND_BUFFER: {
      cl_mem mem = arg.u.buffer ? reinterpret_cast<Buffer *>(arg.u.buffer)->mem
                                : nullptr;
      error = cl().clSetKernelArg(kernel.kernel, i, sizeof(cl_mem), &mem);
      break;
    }
    case ACC_ARG_KIND_SCALAR:
      error = cl().clSetKernelArg(kernel.kernel, i, arg.size, arg.u.value);
      break;
    default: // ACC_ARG_KIND_LOCAL
      error = cl().clSetKernelArg(kernel.kernel, i, arg.size, nullptr);
      break;
    }
    check(error, "clSetKernelArg",
          "launch of '" + kernel.name + "': argument " + std::to_string(i));
  }
}

void enqueue(Queue &queue, Kernel &kernel, uint32_t workDim,
             const size_t *offset, const size_t *global, const size_t *local) {
  check(cl().clEnqueueNDRangeKernel(queue.queue, kernel.kernel, workDim,
                                    offset, global, local, 0, nullptr, nullptr),
        "clEnqueueNDRangeKernel", "launch of '" + kernel.name + "'");
}

/// Launch convention 1 (acc/acc_launch.h): the launch words as the trailing
/// ulong16 argument, and one dispatch over the range rounded up to whole
/// groups, or, for a kernel with barriers, one dispatch per piece of whole
/// groups (acc_launch_split).
void launchWithWords(Queue &queue, Kernel &kernel,
                     const acc_plugin_launch_desc_t &desc) {
  uint64_t offset[3] = {0, 0, 0}, size[3] = {1, 1, 1};
  uint32_t local[3] = {1, 1, 1};
  for (uint32_t d = 0; d < desc.work_dim; ++d) {
    offset[d] = desc.global_offset[d];
    size[d] = desc.global_size[d];
    local[d] = desc.local_size[d];
  }
  acc_launch_dispatch_t dispatches[ACC_LAUNCH_MAX_DISPATCHES];
  uint32_t count = 0;
  if (kernel.flags & ACC_KERNEL_FLAG_USES_BARRIERS) {
    count = acc_launch_split(size, local, dispatches);
  } else {
    count = 1;
    for (uint32_t d = 0; d < 3; ++d) {
      dispatches[0].groups[d] = (size[d] + local[d] - 1) / local[d];
      dispatches[0].local_size[d] = local[d];
      dispatches[0].group_offset[d] = 0;
    }
  }
  const std::string what = "launch of '" + kernel.name + "'";
  for (uint32_t i = 0; i < count; ++i) {
    const acc_launch_dispatch_t &piece = dispatches[i];
    cl_ulong arg[ACC_LAUNCH_WORDS_CL_ARG_BYTES / sizeof(cl_ulong)] = {};
    acc_launch_words_t words = acc_launch_words(desc.work_dim, offset, size,
                                                local, piece.group_offset);
    static_assert(sizeof words == ACC_LAUNCH_WORDS_BYTES &&
                      sizeof arg == ACC_LAUNCH_WORDS_CL_ARG_BYTES,
                  "acc/acc_launch.h: the ulong16 launch-word argument");
    std::memcpy(arg, &words, sizeof words);
    check(cl().clSetKernelArg(kernel.kernel, desc.arg_count, sizeof arg, arg),
          "clSetKernelArg", what + ": launch words");
    size_t global[3], group[3];
    for (uint32_t d = 0; d < 3; ++d) {
      group[d] = piece.local_size[d];
      global[d] = static_cast<size_t>(piece.groups[d] * piece.local_size[d]);
    }
    enqueue(queue, kernel, desc.work_dim, nullptr, global, group);
  }
}

} // namespace

Queue *Backend::queueCreateImpl(Device &device) {
  cl_context context = deviceContext(device);
  cl_int error = CL_SUCCESS;
  cl_command_queue handle = cl().clCreateCommandQueue(
      context, device.id, CL_QUEUE_PROFILING_ENABLE, &error);
  check(error, "clCreateCommandQueue",
        std::string("queue_create on \"") + device.info.name + "\"");
  auto *queue = new (std::nothrow) Queue;
  if (!queue) {
    cl().clReleaseCommandQueue(handle);
    fail(ACC_ERROR_OUT_OF_MEMORY, "cannot allocate a queue object");
  }
  queue->device = &device;
  queue->queue = handle;
  return queue;
}

void Backend::queueReleaseImpl(Queue *queue) {
  // The queue goes away even when its last command failed; that failure is
  // still reported (the ABI asks queue_release to return it).
  cl_int error = cl().clFinish(queue->queue);
  cl().clReleaseCommandQueue(queue->queue);
  delete queue;
  check(error, "clFinish", "queue_release");
}

void Backend::queueFinishImpl(Queue &queue) {
  check(cl().clFinish(queue.queue), "clFinish", "queue_finish");
}

void Backend::bufferWriteImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                               uint64_t size, const void *src, bool blocking) {
  if (size == 0)
    return;
  check(cl().clEnqueueWriteBuffer(queue.queue, buffer.mem, clBool(blocking),
                                  static_cast<size_t>(offset),
                                  static_cast<size_t>(size), src, 0, nullptr,
                                  nullptr),
        "clEnqueueWriteBuffer", "buffer_write");
}

void Backend::bufferReadImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                              uint64_t size, void *dst, bool blocking) {
  if (size == 0)
    return;
  check(cl().clEnqueueReadBuffer(queue.queue, buffer.mem, clBool(blocking),
                                 static_cast<size_t>(offset),
                                 static_cast<size_t>(size), dst, 0, nullptr,
                                 nullptr),
        "clEnqueueReadBuffer", "buffer_read");
}

void Backend::bufferCopyImpl(Queue &queue, Buffer &src, uint64_t srcOffset,
                              Buffer &dst, uint64_t dstOffset, uint64_t size) {
  if (size == 0)
    return;
  check(cl().clEnqueueCopyBuffer(
            queue.queue, src.mem, dst.mem, static_cast<size_t>(srcOffset),
            static_cast<size_t>(dstOffset), static_cast<size_t>(size), 0,
            nullptr, nullptr),
        "clEnqueueCopyBuffer", "buffer_copy");
}

void Backend::bufferFillImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                              uint64_t size, const void *pattern,
                              uint32_t patternSize) {
  if (size == 0)
    return;
  // OpenCL copies the pattern before clEnqueueFillBuffer returns.
  check(cl().clEnqueueFillBuffer(queue.queue, buffer.mem, pattern, patternSize,
                                 static_cast<size_t>(offset),
                                 static_cast<size_t>(size), 0, nullptr,
                                 nullptr),
        "clEnqueueFillBuffer", "buffer_fill");
}

void Backend::launchImpl(Queue &queue, Kernel &kernel,
                                const acc_plugin_launch_desc_t &desc) {
  checkDriverLimits(queue, kernel, desc);

  std::lock_guard<std::mutex> lock(kernel.launchMutex);
  setArguments(kernel, desc);
  if (kernel.launchArgs == LaunchArgs::Words) {
    launchWithWords(queue, kernel, desc);
  } else {
    size_t global[3], offset[3], local[3];
    cl_ulong realGlobal[3] = {1, 1, 1};
    for (uint32_t d = 0; d < desc.work_dim; ++d) {
      realGlobal[d] = desc.global_size[d];
      local[d] = desc.local_size[d];
      // Convention 0's range arguments: a partial last group becomes a
      // whole one, and the kernel retires the work-items past the real
      // size. Without them the runtime gives whole groups only.
      uint64_t groups = (desc.global_size[d] + local[d] - 1) / local[d];
      global[d] = static_cast<size_t>(kernel.launchArgs == LaunchArgs::Range
                                          ? groups * local[d]
                                          : desc.global_size[d]);
      offset[d] = static_cast<size_t>(desc.global_offset[d]);
    }
    if (kernel.launchArgs == LaunchArgs::Range)
      for (uint32_t d = 0; d < ACC_LAUNCH_OPENCL_C_RANGE_ARGS; ++d)
        check(cl().clSetKernelArg(kernel.kernel, desc.arg_count + d,
                                  sizeof(cl_ulong), &realGlobal[d]),
              "clSetKernelArg",
              "launch of '" + kernel.name + "': range argument " +
                  std::to_string(d));
    enqueue(queue, kernel, desc.work_dim, offset, global, local);
  }
  check(cl().clFlush(queue.queue), "clFlush",
        "launch of '" + kernel.name + "'");
}

//===----------------------------------------------------------------------===//
// Events
//===----------------------------------------------------------------------===//

namespace {

/// The marker's execution status: CL_COMPLETE (0), a positive "still
/// running" state, or a negative error code of a failed command.
cl_int executionStatus(const Event &event, const char *entry) {
  cl_int status = CL_COMPLETE;
  check(cl().clGetEventInfo(event.event, CL_EVENT_COMMAND_EXECUTION_STATUS,
                            sizeof status, &status, nullptr),
        "clGetEventInfo", entry);
  return status;
}

[[noreturn]] void failedCommand(cl_int status, const char *entry) {
  fail(ACC_ERROR_DEVICE_LOST,
       std::string(entry) + ": a command before the event failed on the "
                            "device with OpenCL error " +
           std::to_string(status));
}

} // namespace

Event *Backend::queueRecordEventImpl(Queue &queue, acc_event_flags_t flags) {
  auto event = std::make_unique<Event>();
  event->device = queue.device;
  event->flags = flags;
  check(cl().clEnqueueMarkerWithWaitList(queue.queue, 0, nullptr,
                                         &event->event),
        "clEnqueueMarkerWithWaitList", "queue_record_event");
  // Make sure the marker reaches the device, so that waiting on it from
  // another queue or thread cannot stall.
  cl_int error = cl().clFlush(queue.queue);
  if (error != CL_SUCCESS) {
    cl().clReleaseEvent(event->event);
    check(error, "clFlush", "queue_record_event");
  }
  return event.release();
}

void Backend::queueWaitEventImpl(Queue &queue, Event &event) {
  check(cl().clEnqueueBarrierWithWaitList(queue.queue, 1, &event.event,
                                          nullptr),
        "clEnqueueBarrierWithWaitList", "queue_wait_event");
}

void Backend::eventWaitImpl(Event &event) {
  cl_int error = cl().clWaitForEvents(1, &event.event);
  cl_int status = executionStatus(event, "event_wait");
  if (status < 0)
    failedCommand(status, "event_wait");
  check(error, "clWaitForEvents", "event_wait");
}

bool Backend::eventQueryImpl(Event &event) {
  cl_int status = executionStatus(event, "event_query");
  if (status < 0)
    failedCommand(status, "event_query");
  return status == CL_COMPLETE;
}

uint64_t Backend::eventElapsedNsImpl(Event &start, Event &end) {
  cl_ulong stamps[2] = {0, 0};
  Event *events[2] = {&start, &end};
  for (int i = 0; i < 2; ++i) {
    const char *which = i ? "end" : "start";
    cl_int status = executionStatus(*events[i], "event_elapsed_ns");
    if (status < 0)
      failedCommand(status, "event_elapsed_ns");
    if (status != CL_COMPLETE)
      fail(ACC_ERROR_NOT_READY,
           std::string("event_elapsed_ns: the ") + which +
               " event has not completed yet; wait for it first");
    check(cl().clGetEventProfilingInfo(events[i]->event,
                                       CL_PROFILING_COMMAND_END,
                                       sizeof(cl_ulong), &stamps[i], nullptr),
          "clGetEventProfilingInfo", "event_elapsed_ns");
  }
  return stamps[1] > stamps[0] ? stamps[1] - stamps[0] : 0;
}

void Backend::eventReleaseImpl(Event *event) {
  // OpenCL keeps a pending marker alive until it completes.
  cl().clReleaseEvent(event->event);
  delete event;
}

//===----------------------------------------------------------------------===//
// Kernel properties
//===----------------------------------------------------------------------===//

void Backend::kernelPropertiesImpl(Kernel &kernel,
                                   acc_kernel_properties_t &props) {
  const std::string what = "kernel_get_properties of '" + kernel.name + "'";
  cl_device_id device = kernel.module->device->id;
  // CL_KERNEL_LOCAL_MEM_SIZE also counts local arguments already set on a
  // cl_kernel, so ask a fresh one for the kernel's own local memory.
  cl_int error = CL_SUCCESS;
  cl_kernel fresh =
      cl().clCreateKernel(kernel.module->program, kernel.name.c_str(), &error);
  check(error, "clCreateKernel", what);
  size_t multiple = 1;
  cl_ulong localMemory = 0;
  error = cl().clGetKernelWorkGroupInfo(
      fresh, device, CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE,
      sizeof multiple, &multiple, nullptr);
  if (error == CL_SUCCESS)
    error = cl().clGetKernelWorkGroupInfo(fresh, device,
                                          CL_KERNEL_LOCAL_MEM_SIZE,
                                          sizeof localMemory, &localMemory,
                                          nullptr);
  cl().clReleaseKernel(fresh);
  check(error, "clGetKernelWorkGroupInfo", what);

  acc_kernel_properties_t out{};
  out.struct_size = props.struct_size;
  out.max_work_group_size = static_cast<uint32_t>(
      std::min<uint64_t>(kernel.maxGroupSize, UINT32_MAX));
  out.preferred_work_group_multiple =
      static_cast<uint32_t>(std::max<size_t>(1, multiple));
  out.static_local_memory_size = localMemory;
  // OpenCL 1.2 runs whole work-groups only; acc-cc's launch conventions let
  // the code retire the work-items of a range rounded up to whole groups
  // (convention 0: kernels without barriers; convention 1: every kernel,
  // those with barriers dispatched in pieces).
  const bool whole =
      kernel.launchArgs == LaunchArgs::None ||
      (kernel.launchArgs == LaunchArgs::Range &&
       (kernel.flags & ACC_KERNEL_FLAG_USES_BARRIERS));
  out.property_flags =
      whole ? uint32_t(ACC_KERNEL_PROPERTY_WHOLE_GROUPS_ONLY) : 0u;
  std::memcpy(&props, &out,
              std::min<size_t>(props.struct_size, sizeof(out)));
}
