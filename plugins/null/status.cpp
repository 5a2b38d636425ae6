//===- status.cpp - Error reporting and logging of the null plugin --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The one place where the plugin turns failures into acc_result_t codes and
// messages for the host. A real backend adds here the mapping from its
// vendor API's error codes (see resultFromCl() in plugins/opencl/status.cpp)
// so that every vendor error becomes an acc code in one place, with the
// vendor's name for it in the message.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

#include <exception>
#include <new>
#include <system_error>

using namespace acc::null;

void acc::null::fail(acc_result_t code, std::string message) {
  throw Error{code, std::move(message)};
}

void acc::null::notImplemented(const char *entry) {
  fail(ACC_ERROR_NOT_IMPLEMENTED,
       std::string("the null plugin does not implement ") + entry +
           ": it is a template for new backends (see plugins/null/README.md)");
}

void acc::null::log(acc_log_level_t level, const std::string &message) {
  const acc_plugin_host_v1_t &host = state().host;
  if (host.log)
    host.log(level, ("null: " + message).c_str());
}

acc_result_t acc::null::report(acc_result_t code, const std::string &message) {
  const acc_plugin_host_v1_t &host = state().host;
  if (host.set_error)
    host.set_error(code, message.c_str());
  log(ACC_LOG_LEVEL_DEBUG, message);
  return code;
}

acc_result_t acc::null::reportCurrentException(const char *entry) {
  try {
    throw;
  } catch (const Error &error) {
    return report(error.code, error.message);
  } catch (const std::bad_alloc &) {
    return report(ACC_ERROR_OUT_OF_MEMORY,
                  std::string(entry) + ": out of host memory");
  } catch (const std::system_error &error) {
    return report(ACC_ERROR_INTERNAL, std::string(entry) + ": " + error.what());
  } catch (const std::exception &error) {
    return report(ACC_ERROR_INTERNAL,
                  std::string(entry) +
                      ": unexpected exception: " + error.what());
  } catch (...) {
    return report(ACC_ERROR_INTERNAL,
                  std::string(entry) + ": unexpected exception");
  }
}
