//===- TestUtil.h - Shared helpers of the runtime tests -------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A sample bundle matching the mock plugin's kernels, checksum resealing for
// crafted bundles, the test plugin folders, and a fixture that initialises
// the runtime with only the plugins a test names.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_TESTS_RUNTIME_TESTUTIL_H
#define ACC_TESTS_RUNTIME_TESTUTIL_H

#include "acc/bundle/Bundle.h"
#include "MockState.h"
#include "acc/acc.h"

#include <cstdint>
#include <string>
#include <vector>

namespace acctest {

/// Kernels: add(a, b, c, n), scale(x, factor), reduce(in, scratch, out)
/// [needs uniform groups], fixed(x) [reqd 8x1x1], dbl(x) [uses fp64].
/// Code: opencl-c ("generic") and cpu-x86_64 ("x86-64").
acc::bundle::Bundle sampleBundle();
std::vector<uint8_t> sampleBundleBytes();

/// Recomputes the checksum of a crafted bundle so that validation reaches
/// the structure checks.
void reseal(std::vector<uint8_t> &bytes);

uint32_t get32(const std::vector<uint8_t> &b, size_t off);
uint64_t get64(const std::vector<uint8_t> &b, size_t off);
void put32(std::vector<uint8_t> &b, size_t off, uint32_t v);
void put64(std::vector<uint8_t> &b, size_t off, uint64_t v);

/// Folder of one test plugin ("mock", "badmajor", "bogus", "empty", ...).
std::string pluginDir(const std::string &name);
/// A fresh file path under the test data folder.
std::string dataPath(const std::string &name);
void writeFile(const std::string &path, const std::vector<uint8_t> &bytes);

/// acc_init() with exactly `paths` (no ACC_PLUGIN_PATH, nothing beside
/// libacc); acc_shutdown() on destruction. Clears ACC_BACKEND first.
struct Runtime {
  explicit Runtime(const std::vector<std::string> &paths,
                   bool onlyThese = true);
  ~Runtime();
  acc_result_t result;
};

/// The loaded mock plugin's record (null when it is not loaded).
mock_state_t *mockState();

/// The first device of the mock backend (requires it to be loaded).
acc_device_t mockDevice(uint32_t index = 0);

/// Sets or clears an environment variable for a scope.
struct ScopedEnv {
  ScopedEnv(const char *name, const char *value);
  ~ScopedEnv();
  std::string name;
  bool had;
  std::string old;
};

} // namespace acctest

#endif // ACC_TESTS_RUNTIME_TESTUTIL_H
