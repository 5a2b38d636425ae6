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
#include "acc/plugin/Table.h"

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

struct Backend
    : acc::plugin::BackendTypes<null::Device, null::Buffer, null::Queue,
                                null::Module, null::Kernel, null::Event> {
  static constexpr const char *kName = "null"; // as ACC_BACKEND spells it
  static constexpr const char *kVersion = "0.2.0";
  static constexpr uint32_t kLaunchAbiMax = 0; // launch conventions known

  // Defined in plugin.cpp (lifetime, devices), memory.cpp (buffers),
  // module.cpp (code objects, kernels) and queue.cpp (queues, transfers,
  // launches, events); acc/plugin/Table.h lists each one's contract.
  ACC_PLUGIN_REQUIRED_IMPLS
  // Optional, each with its entry: kernelPropertiesImpl,
  // kernelSuggestLocalSizeImpl, kernelPrepareImpl, bufferMapImpl and
  // bufferUnmapImpl, opsImpl (see acc/plugin/Table.h).
};

} // namespace acc::null

#endif // ACC_PLUGINS_NULL_NULL_PLUGIN_H
