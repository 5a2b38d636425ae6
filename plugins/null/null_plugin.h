//===- null_plugin.h - The null plugin: the template for a new backend ----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A backend is the struct Backend below: its object types and its static
// *Impl functions, one per entry of the plugin ABI. plugins/common generates
// everything between them and the C ABI (ACC_PLUGIN_ENTRY in plugin.cpp):
// the function table, the exception guard, handle checks, the registry
// that releases leaked objects at shutdown, version and launch-convention
// checks. Impls throw through fail(code, message) and trust their
// arguments: the runtime has validated every call (docs/plugin-abi.md,
// "Valid usage"). They check only what the vendor alone knows.
//
// The null backend loads, has no device (with the reason), and implements
// nothing: copy the folder and fill the functions in (README.md).
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_NULL_NULL_PLUGIN_H
#define ACC_PLUGINS_NULL_NULL_PLUGIN_H

#include "acc/plugin/Handles.h"
#include "acc/plugin/Status.h"

namespace acc::null {

using plugin::fail;
using plugin::Kind;
using plugin::notImplemented;
using plugin::Object;

// The objects behind the handles: add the vendor's handles to each.
struct Device : Object<Kind::Device> {};
struct Buffer : Object<Kind::Buffer> {};
struct Queue : Object<Kind::Queue> {};
struct Kernel : Object<Kind::Kernel> {};
struct Module : Object<Kind::Module> {};
struct Event : Object<Kind::Event> {};

struct Backend {
  using Device = null::Device;
  using Buffer = null::Buffer;
  using Queue = null::Queue;
  using Module = null::Module;
  using Kernel = null::Kernel;
  using Event = null::Event;
  static constexpr const char *kName = "null"; // as ACC_BACKEND spells it
  static constexpr const char *kVersion = "0.2.0";
  static constexpr uint32_t kLaunchAbiMax = 0; // launch conventions known

  // plugin.cpp: lifetime and devices.
  static void initImpl();
  static void shutdownImpl();
  static uint32_t deviceCountImpl();
  static Device &deviceGetImpl(uint32_t index);
  static void deviceInfoImpl(Device &device, acc_device_info_t &info);
  // memory.cpp
  static Buffer *bufferCreateImpl(Device &device, uint64_t size,
                                  acc_buffer_flags_t flags);
  static void bufferReleaseImpl(Buffer *buffer);
  // module.cpp
  static Module *moduleCreateImpl(Device &device,
                                  const acc_plugin_module_desc_t &desc);
  static void moduleReleaseImpl(Module *module);
  static Kernel &kernelGetImpl(Module &module, const char *name);
  // queue.cpp: queues, transfers, launches, events.
  static Queue *queueCreateImpl(Device &device);
  static void queueReleaseImpl(Queue *queue);
  static void queueFinishImpl(Queue &queue);
  static void bufferWriteImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                              uint64_t size, const void *src, bool blocking);
  static void bufferReadImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t size, void *dst, bool blocking);
  static void bufferCopyImpl(Queue &queue, Buffer &src, uint64_t srcOffset,
                             Buffer &dst, uint64_t dstOffset, uint64_t size);
  static void bufferFillImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t size, const void *pattern,
                             uint32_t patternSize);
  static void launchImpl(Queue &queue, Kernel &kernel,
                         const acc_plugin_launch_desc_t &desc);
  static Event *queueRecordEventImpl(Queue &queue, acc_event_flags_t flags);
  static void queueWaitEventImpl(Queue &queue, Event &event);
  static void eventWaitImpl(Event &event);
  static bool eventQueryImpl(Event &event); // true once complete
  static uint64_t eventElapsedNsImpl(Event &start, Event &end);
  static void eventReleaseImpl(Event *event);
  // Optional, each with its entry: kernelPropertiesImpl, bufferMapImpl and
  // bufferUnmapImpl, opsImpl (see acc/plugin/Table.h).
};

} // namespace acc::null

#endif // ACC_PLUGINS_NULL_NULL_PLUGIN_H
