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

/// Fails unless [offset, offset + size) lies inside the buffer.
void acc::cpu::checkRange(const Buffer &buffer, uint64_t offset,
                          uint64_t size, const char *what) {
  if (offset > buffer.size || size > buffer.size - offset)
    fail(ACC_ERROR_INVALID_ARGUMENT,
         std::string(what) + ": range [" + std::to_string(offset) + ", " +
             std::to_string(offset) + " + " + std::to_string(size) +
             ") is outside the buffer of " + std::to_string(buffer.size) +
             " bytes");
}

Buffer *Backend::bufferCreateImpl(Device &device, uint64_t size,
                               acc_buffer_flags_t flags) {
  const acc_buffer_flags_t known =
      ACC_BUFFER_READ_ONLY | ACC_BUFFER_WRITE_ONLY;
  if (flags & ~known)
    fail(ACC_ERROR_INVALID_ARGUMENT,
         "buffer_create: unknown flag bits " + std::to_string(flags & ~known));
  if ((flags & known) == known)
    fail(ACC_ERROR_INVALID_ARGUMENT,
         "buffer_create: READ_ONLY and WRITE_ONLY exclude each other");

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

void acc::cpu::checkWrite(const Buffer &buffer, uint64_t offset,
                          uint64_t size, const void *src) {
  checkRange(buffer, offset, size, "buffer_write");
  if (size != 0 && !src)
    fail(ACC_ERROR_INVALID_ARGUMENT, "buffer_write: source is NULL");
}

void acc::cpu::writeBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                           const void *src) {
  checkWrite(buffer, offset, size, src);
  if (size == 0)
    return;
  std::memcpy(static_cast<char *>(buffer.data) + offset, src, size);
}

void acc::cpu::checkRead(const Buffer &buffer, uint64_t offset,
                         uint64_t size, const void *dst) {
  checkRange(buffer, offset, size, "buffer_read");
  if (size != 0 && !dst)
    fail(ACC_ERROR_INVALID_ARGUMENT, "buffer_read: destination is NULL");
}

void acc::cpu::readBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                          void *dst) {
  checkRead(buffer, offset, size, dst);
  if (size == 0)
    return;
  std::memcpy(dst, static_cast<const char *>(buffer.data) + offset, size);
}

void acc::cpu::checkCopy(const Buffer &src, uint64_t srcOffset,
                         const Buffer &dst, uint64_t dstOffset,
                         uint64_t size) {
  checkRange(src, srcOffset, size, "buffer_copy (source)");
  checkRange(dst, dstOffset, size, "buffer_copy (destination)");
  // Overlapping copies within one buffer are an error on every other
  // backend (CL_MEM_COPY_OVERLAP), so the reference backend rejects them too.
  if (size != 0 && &src == &dst && srcOffset < dstOffset + size &&
      dstOffset < srcOffset + size)
    fail(ACC_ERROR_INVALID_ARGUMENT,
         "buffer_copy: source and destination ranges overlap");
}

void acc::cpu::copyBuffer(Buffer &src, uint64_t srcOffset, Buffer &dst,
                          uint64_t dstOffset, uint64_t size) {
  checkCopy(src, srcOffset, dst, dstOffset, size);
  if (size == 0)
    return;
  std::memcpy(static_cast<char *>(dst.data) + dstOffset,
              static_cast<const char *>(src.data) + srcOffset, size);
}

void acc::cpu::checkFill(const Buffer &buffer, uint64_t offset,
                         uint64_t size, const void *pattern,
                         uint32_t patternSize) {
  if (patternSize == 0 || patternSize > 128 ||
      (patternSize & (patternSize - 1)) != 0)
    fail(ACC_ERROR_INVALID_ARGUMENT,
         "buffer_fill: pattern size " + std::to_string(patternSize) +
             " is not one of 1, 2, 4, ..., 128");
  if (offset % patternSize != 0 || size % patternSize != 0)
    fail(ACC_ERROR_INVALID_ARGUMENT,
         "buffer_fill: offset and size must be multiples of the pattern "
         "size " +
             std::to_string(patternSize));
  checkRange(buffer, offset, size, "buffer_fill");
  if (!pattern)
    fail(ACC_ERROR_INVALID_ARGUMENT, "buffer_fill: pattern is NULL");
}

void acc::cpu::fillBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                          const void *pattern, uint32_t patternSize) {
  checkFill(buffer, offset, size, pattern, patternSize);
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
