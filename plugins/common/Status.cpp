//===- Status.cpp - Errors, logging and the host services of a plugin -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "acc/plugin/Status.h"

#include <algorithm>
#include <cinttypes>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <system_error>

namespace acc::plugin {
namespace {

acc_plugin_host_v1_t gHost{};
const char *gName = "plugin";

} // namespace

const acc_plugin_host_v1_t &host() { return gHost; }

void setHost(const acc_plugin_host_v1_t *h) {
  if (!h) {
    gHost = acc_plugin_host_v1_t{};
    return;
  }
  // set_error is the one service a plugin cannot do without.
  if (h->struct_size < offsetof(acc_plugin_host_v1_t, log))
    fail(ACC_ERROR_INVALID_ARGUMENT,
         "init: the host table is " + std::to_string(h->struct_size) +
             " bytes, too small to hold set_error");
  acc_plugin_host_v1_t copy{};
  std::memcpy(&copy, h, std::min<size_t>(h->struct_size, sizeof(copy)));
  copy.struct_size = sizeof(copy);
  gHost = copy;
}

const char *backendName() { return gName; }
void setBackendName(const char *name) { gName = name ? name : "plugin"; }

void fail(acc_result_t code, std::string message) {
  throw Error{code, std::move(message)};
}

void notImplemented(const char *entry) {
  fail(ACC_ERROR_NOT_IMPLEMENTED, std::string(entry) + ": the " + gName +
                                      " plugin does not implement it yet");
}

void log(acc_log_level_t level, const std::string &message) {
  if (gHost.log)
    gHost.log(level, (std::string(gName) + ": " + message).c_str());
}

acc_result_t report(acc_result_t code, const std::string &message) {
  if (gHost.set_error)
    gHost.set_error(code, message.c_str());
  log(ACC_LOG_LEVEL_DEBUG, message);
  return code;
}

void requireBufferFits(const acc_device_info_t &info, uint64_t size,
                       const char *limit) {
  if (size <= info.max_allocation_size)
    return;
  fail(ACC_ERROR_OUT_OF_MEMORY,
       "buffer_create: " + formatBytes(size) + " is more than the " +
           formatBytes(info.max_allocation_size) +
           " one buffer can have on \"" + info.name + "\" (" + limit +
           ": a kernel binds a buffer whole)");
}

std::string formatBytes(uint64_t bytes) {
  static const char *const units[] = {"bytes", "KiB", "MiB", "GiB",
                                      "TiB",   "PiB", "EiB"};
  char text[64];
  if (bytes < 1024) {
    std::snprintf(text, sizeof(text), "%" PRIu64 " bytes", bytes);
    return text;
  }
  double value = static_cast<double>(bytes);
  unsigned unit = 0;
  while (value >= 1024.0 && unit + 1 < sizeof(units) / sizeof(units[0])) {
    value /= 1024.0;
    ++unit;
  }
  std::snprintf(text, sizeof(text), "%" PRIu64 " bytes (%.1f %s)", bytes,
                value, units[unit]);
  return text;
}

acc_result_t reportCurrentException(const char *entry) {
  try {
    throw;
  } catch (const Error &error) {
    return report(error.code, error.message);
  } catch (const std::bad_alloc &) {
    return report(ACC_ERROR_OUT_OF_MEMORY,
                  std::string(entry) + ": out of host memory");
  } catch (const std::system_error &error) {
    // std::thread and std::mutex report resource exhaustion this way.
    return report(ACC_ERROR_INTERNAL, std::string(entry) + ": " + error.what());
  } catch (const std::exception &error) {
    return report(ACC_ERROR_INTERNAL, std::string(entry) +
                                          ": unexpected exception: " +
                                          error.what());
  } catch (...) {
    return report(ACC_ERROR_INTERNAL,
                  std::string(entry) + ": unexpected exception");
  }
}

} // namespace acc::plugin
