//===- Support.h - What acc-cts's tests share -----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The configuration of one run (which plugin, where the kernels are), the
// test bundles, and small host-side helpers used by both layers.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CTS_SUPPORT_H
#define ACC_CTS_SUPPORT_H

#include "Harness.h"

#include "acc/bundle/Bundle.h"
#include "acc/acc_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cts {

struct Config {
  /// The plugin file under test.
  std::string pluginPath;
  /// Its backend name (from --backend or the file name).
  std::string backend;
  /// Folder holding basic.accbin etc.
  std::string kernelsDir;
};

Config &config();

/// Set by a layer's fixture when the plugin initialised but has no device,
/// with the plugin's reason. Decides acc-cts's exit status 77.
void noteNoDevice(const std::string &reason);
void noteHasDevice();
/// 1: a device was found, 0: the plugin has none, -1: never initialised.
int deviceState();
const std::string &noDeviceReason();

/// <kernelsDir>/<file>.
std::string kernelPath(const std::string &file);

/// A bundle read from the kernels folder; fails the test if it cannot be.
const acc::bundle::Bundle &testBundle(const std::string &file);

/// The bundle's code object for the first of `targets` (0-terminated, in
/// preference order) that it holds, or NULL.
const acc::bundle::CodeObject *pickCode(const acc::bundle::Bundle &bundle,
                                        const acc_target_t *targets);

/// True if the 0-terminated list holds `target`.
bool hasTarget(const acc_target_t *targets, acc_target_t target);

/// "cpu-x86_64, opencl-c".
std::string targetList(const acc_target_t *targets);

/// A file nocode-<t>.accbin in the kernels folder whose code the device
/// accepts none of, or "" if every such bundle has code for it.
std::string bundleWithoutCodeFor(const acc_target_t *targets);

/// Reads a whole file; fails the test if it cannot.
std::vector<uint8_t> readFileBytes(const std::string &path);

/// Names element i of the `ids` kernel's output (24 ulongs per work-item:
/// per dimension global id, local id, group id, global size, local size,
/// number of groups, global offset, work_dim).
std::string describeIdsElement(size_t i);

/// Deterministic pseudo-random numbers for test data.
uint32_t hashIndex(uint64_t i, uint32_t seed = 0x9e3779b9u);

/// What kernel slow_lcg (kernels/basic.cl) writes for items 0..n-1: `rounds`
/// steps of a linear congruential generator started from the index.
std::vector<uint32_t> lcgReference(uint64_t n, uint32_t rounds);

} // namespace cts

#endif // ACC_CTS_SUPPORT_H
