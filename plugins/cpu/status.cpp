//===- status.cpp - Error reporting and logging of the cpu plugin ---------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The one place where the cpu plugin turns failures into acc_result_t codes
// and messages for the host. Vendor plugins map their API's error codes here;
// the cpu plugin's failures come from the C library (allocation, dlopen) and
// from argument checks.
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include <cinttypes>
#include <cstdio>
#include <exception>
#include <new>
#include <system_error>

using namespace acc::cpu;

void acc::cpu::fail(acc_result_t code, std::string message) {
  throw Error{code, std::move(message)};
}

void acc::cpu::log(acc_log_level_t level, const std::string &message) {
  const acc_plugin_host_v1_t &host = state().host;
  if (host.log)
    host.log(level, ("cpu: " + message).c_str());
}

acc_result_t acc::cpu::report(acc_result_t code, const std::string &message) {
  const acc_plugin_host_v1_t &host = state().host;
  if (host.set_error)
    host.set_error(code, message.c_str());
  log(ACC_LOG_LEVEL_DEBUG, message);
  return code;
}

std::string acc::cpu::formatBytes(uint64_t bytes) {
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

acc_result_t acc::cpu::reportCurrentException(const char *entry) {
  try {
    throw;
  } catch (const Error &error) {
    return report(error.code, error.message);
  } catch (const std::bad_alloc &) {
    return report(ACC_ERROR_OUT_OF_MEMORY,
                  std::string(entry) + ": out of host memory");
  } catch (const std::system_error &error) {
    // std::thread and std::mutex report resource exhaustion this way.
    return report(ACC_ERROR_INTERNAL,
                  std::string(entry) + ": " + error.what());
  } catch (const std::exception &error) {
    return report(ACC_ERROR_INTERNAL, std::string(entry) +
                                          ": unexpected exception: " +
                                          error.what());
  } catch (...) {
    return report(ACC_ERROR_INTERNAL,
                  std::string(entry) + ": unexpected exception");
  }
}
