//===- Status.h - Errors, logging and the exception guard of a plugin -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Every plugin reports failures the same way, so it is written once here:
// code below the ABI boundary throws acc::plugin::Error (through fail()),
// and the entry points that Table.h generates run each call inside guard(),
// which turns any exception into an acc_result_t plus a message for the
// host's set_error(). No exception ever crosses the C ABI.
//
// Messages name the entry point and what was wrong ("buffer_write: offset
// 64 + size 16 is past the 72-byte buffer"); log lines are prefixed with the
// backend's name ("cpu: ...") by log().
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGIN_STATUS_H
#define ACC_PLUGIN_STATUS_H

#include "acc/acc_plugin.h"

#include <cstdint>
#include <string>

namespace acc::plugin {

/// An internal failure on its way to the ABI boundary.
struct Error {
  acc_result_t code;
  std::string message;
};

/// Throws Error{code, message}.
[[noreturn]] void fail(acc_result_t code, std::string message);

/// Throws ACC_ERROR_NOT_IMPLEMENTED with a message naming `entry` and the
/// backend. A new backend's stubs call it until they are written.
[[noreturn]] void notImplemented(const char *entry);

/// Records `message` as the calling thread's last error through the host
/// and logs it at debug level; returns `code`.
acc_result_t report(acc_result_t code, const std::string &message);

/// Writes "<backend>: <message>" to the runtime's log (nothing before
/// init() or when the level is off).
void log(acc_log_level_t level, const std::string &message);

/// "1048576 bytes (1.0 MiB)": byte counts in messages.
std::string formatBytes(uint64_t bytes);

/// buffer_create's size check for a device whose kernels bind a buffer
/// whole: ACC_ERROR_OUT_OF_MEMORY past `info.max_allocation_size`, naming
/// the API's limit `limit` ("maxStorageBufferRange").
void requireBufferFits(const acc_device_info_t &info, uint64_t size,
                       const char *limit);

/// Reports the exception being handled (call it only inside a catch block):
/// an Error as it is, std::bad_alloc as ACC_ERROR_OUT_OF_MEMORY, anything
/// else as ACC_ERROR_INTERNAL naming `entry`.
acc_result_t reportCurrentException(const char *entry);

/// Runs `body` (returning void) and converts every exception into a result
/// reported through the host.
template <typename Fn> acc_result_t guard(const char *entry, Fn &&body) {
  try {
    body();
    return ACC_SUCCESS;
  } catch (...) {
    return reportCurrentException(entry);
  }
}

//===----------------------------------------------------------------------===//
// The host and the plugin's identity (set up by Table.h's init entry)
//===----------------------------------------------------------------------===//

/// The host services init() received, copied up to their struct_size; all
/// null before init() and after shutdown().
const acc_plugin_host_v1_t &host();

/// Installs (or, with null, forgets) the host services. Fails with
/// ACC_ERROR_INVALID_ARGUMENT when the table is missing or too small.
void setHost(const acc_plugin_host_v1_t *host);

/// The backend's name as ACC_BACKEND spells it, for messages.
const char *backendName();
void setBackendName(const char *name);

} // namespace acc::plugin

#endif // ACC_PLUGIN_STATUS_H
