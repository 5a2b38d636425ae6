//===- memory.cpp - Buffers of the opencl plugin --------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A buffer is one cl_mem in its device's context. OpenCL refuses buffers of
// size 0 (CL_INVALID_BUFFER_SIZE), while acc allows them ("can be bound but
// holds nothing"), so a buffer of logical size 0 owns one byte: a kernel
// can still be given it, and the runtime never sends a transfer for it.
// Contents start undefined, as in OpenCL.
//
// The ACC_BUFFER_READ_ONLY / _WRITE_ONLY hints become CL_MEM_READ_ONLY /
// CL_MEM_WRITE_ONLY: they describe how kernels use the buffer, and the
// host may still read and write it with clEnqueueRead/WriteBuffer.
//
// Transfers live in queue.cpp: every one of them is a queue command.
//
//===----------------------------------------------------------------------===//
#include "opencl_plugin.h"

#include <cstdint>
#include <new>

using namespace acc::opencl;

Buffer *Backend::bufferCreateImpl(Device &device, uint64_t size,
                                  acc_buffer_flags_t flags) {
  const uint64_t limit = device.info.max_allocation_size;
  if ((limit != 0 && size > limit) || size > SIZE_MAX)
    fail(ACC_ERROR_OUT_OF_MEMORY,
         "cannot allocate a buffer of " + formatBytes(size) +
             ": larger than the device's maximum allocation of " +
             formatBytes(limit) + " (CL_DEVICE_MAX_MEM_ALLOC_SIZE)");

  cl_mem_flags clFlags = CL_MEM_READ_WRITE;
  if (flags & ACC_BUFFER_READ_ONLY)
    clFlags = CL_MEM_READ_ONLY;
  else if (flags & ACC_BUFFER_WRITE_ONLY)
    clFlags = CL_MEM_WRITE_ONLY;
  if (flags & ACC_BUFFER_HOST_VISIBLE)
    clFlags |= CL_MEM_ALLOC_HOST_PTR;

  cl_context context = deviceContext(device);
  const size_t allocated = size == 0 ? 1 : static_cast<size_t>(size);
  cl_int error = CL_SUCCESS;
  cl_mem mem =
      cl().clCreateBuffer(context, clFlags, allocated, nullptr, &error);
  check(error, "clCreateBuffer",
        "cannot allocate a buffer of " + formatBytes(size) + " on \"" +
            device.info.name + "\"");

  auto *buffer = new (std::nothrow) Buffer;
  if (!buffer) {
    cl().clReleaseMemObject(mem);
    fail(ACC_ERROR_OUT_OF_MEMORY, "cannot allocate a buffer object");
  }
  buffer->device = &device;
  buffer->mem = mem;
  buffer->size = size;
  return buffer;
}

void Backend::bufferReleaseImpl(Buffer *buffer) {
  if (buffer->mem)
    cl().clReleaseMemObject(buffer->mem);
  delete buffer;
}
