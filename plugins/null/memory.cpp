//===- memory.cpp - Buffers of the null plugin ----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A buffer of size 0 must be creatable and bindable. Out of device memory is
// ACC_ERROR_OUT_OF_MEMORY with the size asked for and what the device has.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

using namespace acc::null;

Buffer *Backend::bufferCreateImpl(Device &, uint64_t, acc_buffer_flags_t) {
  notImplemented("buffer_create");
}

void Backend::bufferReleaseImpl(Buffer *) { notImplemented("buffer_release"); }
