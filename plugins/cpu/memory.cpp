//===- memory.cpp - Buffers of the cpu plugin -----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A buffer is host memory aligned to a cache line (64 bytes), so kernels can
// use aligned vector loads and two buffers never share a line. The size is
// rounded up to a whole line; a size-0 buffer still owns one line, so it has
// a valid, unique address to bind. Memory is not cleared (OpenCL semantics).
//
// Transfers are memcpy/memmove. They run on the submitting thread: a copy is
// bound by memory bandwidth, which one or two cores already saturate on the
// machines acc targets.
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

using namespace acc::cpu;

namespace {

constexpr uint64_t kBufferAlignment = 64;

} // namespace

Buffer *Backend::bufferCreateImpl(Device &device, uint64_t size,
                               acc_buffer_flags_t flags) {
  const uint64_t limit = device.info.max_allocation_size;
  if (limit != 0 && size > limit)
    fail(ACC_ERROR_OUT_OF_MEMORY,
         "cannot allocate a buffer of " + formatBytes(size) +
             ": larger than the device's maximum allocation of " +
             formatBytes(limit));

  uint64_t rounded = (size + kBufferAlignment - 1) / kBufferAlignment *
                     kBufferAlignment;
  if (rounded == 0)
    rounded = kBufferAlignment;
  void *data = nullptr;
  if (rounded > SIZE_MAX ||
      posix_memalign(&data, kBufferAlignment, static_cast<size_t>(rounded)) !=
          0)
    fail(ACC_ERROR_OUT_OF_MEMORY, "cannot allocate a buffer of " +
                                      formatBytes(size) + " of host memory");

  auto *buffer = new (std::nothrow) Buffer;
  if (!buffer) {
    std::free(data);
    fail(ACC_ERROR_OUT_OF_MEMORY, "cannot allocate a buffer object");
  }
  buffer->device = &device;
  buffer->data = data;
  buffer->size = size;
  buffer->flags = flags;
  return buffer;
}

void Backend::bufferReleaseImpl(Buffer *buffer) {
  std::free(buffer->data);
  delete buffer;
}

void acc::cpu::writeBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                           const void *src) {
  if (size == 0)
    return;
  std::memcpy(static_cast<char *>(buffer.data) + offset, src, size);
}

void acc::cpu::readBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                          void *dst) {
  if (size == 0)
    return;
  std::memcpy(dst, static_cast<const char *>(buffer.data) + offset, size);
}

void acc::cpu::copyBuffer(Buffer &src, uint64_t srcOffset, Buffer &dst,
                          uint64_t dstOffset, uint64_t size) {
  if (size == 0)
    return;
  std::memcpy(static_cast<char *>(dst.data) + dstOffset,
              static_cast<const char *>(src.data) + srcOffset, size);
}

void acc::cpu::fillBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                          const void *pattern, uint32_t patternSize) {
  if (size == 0)
    return;

  char *out = static_cast<char *>(buffer.data) + offset;
  // Seed one copy, then double the filled prefix: log2(size) memcpy calls.
  std::memcpy(out, pattern, patternSize);
  uint64_t filled = patternSize;
  while (filled < size) {
    uint64_t step = std::min(filled, size - filled);
    std::memcpy(out + filled, out, step);
    filled += step;
  }
}
