//===- plugin.cpp - The cpu plugin's device and its entry point ----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// ACC_PLUGIN_ENTRY generates the plugin's one exported symbol and its whole
// function table from the Backend functions (plugins/common, Table.h); this
// file holds the ones about the plugin and its single device, the host CPU.
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include "acc/plugin/Table.h"

#include <cstring>

using namespace acc::cpu;

namespace {

/// The host CPU, created by the first init() and kept until shutdown().
std::unique_ptr<Device> gDevice;

} // namespace

void Backend::initImpl() {
  if (!gDevice)
    gDevice = createHostDevice();
  log(ACC_LOG_LEVEL_INFO, std::string("device \"") + gDevice->info.name +
                              "\", " +
                              std::to_string(gDevice->info.compute_units) +
                              " hardware threads");
}

void Backend::shutdownImpl() {
  gDevice.reset(); // Joins the pool's threads.
}

uint32_t Backend::deviceCountImpl() { return 1; }

Device &Backend::deviceGetImpl(uint32_t) { return *gDevice; }

void Backend::deviceInfoImpl(Device &device, acc_device_info_t &info) {
  info = device.info;
}

void Backend::kernelPropertiesImpl(Kernel &kernel,
                                   acc_kernel_properties_t &props) {
  // Any group the device allows: a work-group is a loop on one thread.
  props.max_work_group_size = kernel.module->device->info.max_work_group_size;
  props.preferred_work_group_multiple = 1;
  props.static_local_memory_size = 0;
}

// The device works in host memory: a mapping is the buffer's own memory.
void *Backend::bufferMapImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t /*size*/, acc_map_flags_t /*flags*/) {
  // After the queue's earlier commands, whose errors it reports.
  queueFinishImpl(queue);
  return static_cast<unsigned char *>(buffer.data) + offset;
}

void Backend::bufferUnmapImpl(Queue &, Buffer &buffer, void *ptr) {
  auto *p = static_cast<unsigned char *>(ptr);
  auto *base = static_cast<unsigned char *>(buffer.data);
  if (!p || p < base || p > base + buffer.size)
    fail(ACC_ERROR_INVALID_ARGUMENT,
         "buffer_unmap: the pointer is not inside the buffer");
}

ACC_PLUGIN_ENTRY(acc::cpu::Backend)
