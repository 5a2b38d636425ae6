//===- RuntimeFixture.h - acc-cts layer 2: libacc with one plugin ---------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The runtime layer initialises libacc with the plugin under test as its
// only plugin (acc_init_options_t::plugin_paths plus
// ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS) and runs applications' view of the
// backend through acc/acc.h and acc/acc.hpp.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CTS_RUNTIME_FIXTURE_H
#define ACC_CTS_RUNTIME_FIXTURE_H

#include "Support.h"

#include "acc/acc.hpp"

namespace cts::rt {

/// acc_init() with only the plugin under test, unless already done.
void start();
/// acc_shutdown(); the next start() initialises again.
void stop();

/// The backend's device 0; skips the test when the backend has none.
acc::Device device();
const acc_device_info_t &info();

/// A kernel of basic.accbin, loaded once per start().
acc::Kernel kernel(const char *name);

/// Whether the device's code has no 64-bit integers (global_id_bits 32,
/// no ACC_DEVICE_CAP_INT64: GLES): the tests then use the kernels with
/// 32-bit results (ids32, last_item32, local_sums32).
bool narrowIds();

/// Checks a C API result against the allowed codes; a failure must come
/// with a non-empty acc_last_error_message(). Returns the result.
acc_result_t endCall(acc_result_t got,
                     std::initializer_list<acc_result_t> allowed,
                     const char *expr, const char *file, int line);

} // namespace cts::rt

#define RT_EXPECT(expr, ...)                                                   \
  ::cts::rt::endCall((expr), {__VA_ARGS__}, #expr, __FILE__, __LINE__)
#define RT_OK(expr)                                                            \
  do {                                                                         \
    if (RT_EXPECT(expr, ACC_SUCCESS) != ACC_SUCCESS)                           \
      throw ::cts::AbortTest{};                                                \
  } while (0)

#endif // ACC_CTS_RUNTIME_FIXTURE_H
