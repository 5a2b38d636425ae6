//===- memory.cpp - Buffers of the null plugin ----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A real backend allocates device memory here. Remember the ABI's corner
// cases (docs/plugin-abi.md): a size of 0 is valid and must yield a buffer
// that can be bound; sizes above max_allocation_size have been rejected by
// the runtime, but the driver may still run out (ACC_ERROR_OUT_OF_MEMORY).
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

using namespace acc::null;

acc_plugin_buffer_t acc::null::createBuffer(acc_plugin_device_t, uint64_t,
                                            acc_buffer_flags_t) {
  notImplemented("buffer_create");
}

void acc::null::destroyBuffer(acc_plugin_buffer_t) {
  notImplemented("buffer_release");
}
