//===- Validation.h - The plugin ABI's validation layer -------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// libacc is the one validation layer of acc: it checks every application
// call, so a plugin receives only valid usage (docs/plugin-abi.md, "Valid
// usage") and checks only what it alone knows. This layer checks the other
// side of that promise, the way Vulkan's validation layer checks an
// application against the specification: it wraps a plugin's function
// table, checks every call made through it against the ABI's valid usage
// (live handles of the right kind and device, ranges inside buffers, launch
// arguments against the kernel's metadata and the device's limits, flags,
// events of one device), and only then calls the plugin. A caller that
// breaks the contract (a libacc bug, a test harness) gets the error code
// the ABI lists for the case and a message starting with "validation: "
// through the host's set_error, and the plugin is never called.
//
// libacc wraps every plugin when ACC_VALIDATE=1; acc-cts always does.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_VALIDATION_VALIDATION_H
#define ACC_VALIDATION_VALIDATION_H

#include "acc/acc_plugin.h"

#include <cstdint>

namespace acc::validation {

/// A table whose entries check valid usage and forward to `inner` (read up
/// to its struct_size; entries it lacks stay NULL). Its shutdown() forgets
/// every handle and frees the slot; release() frees it without a shutdown.
/// Returns null when every one of the layer's slots (16 plugins loaded at
/// once) is taken.
const acc_plugin_v1_t *wrap(const acc_plugin_v1_t *inner);

/// Gives the slot of a table wrap() returned back, once nothing calls it
/// any more (the plugin is about to be unloaded).
void release(const acc_plugin_v1_t *wrapped);

/// Violations caught so far by every wrapper of the process (for tests).
uint64_t violationCount();

} // namespace acc::validation

#endif // ACC_VALIDATION_VALIDATION_H
