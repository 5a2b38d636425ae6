//===- Diagnostics.cpp - Last-error records and logging -------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The last error is per thread (acc_last_error_message() reports the calling
// thread's most recent failure). Logging goes to stderr with the "acc: "
// prefix when ACC_LOG enables the level; the default is "error" so that
// applications stay quiet unless something fails.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace acc::rt {
namespace {

struct ThreadError {
  std::string message;
  acc_result_t result = ACC_SUCCESS;
  bool fromPlugin = false;
};

ThreadError &threadError() {
  static thread_local ThreadError error;
  return error;
}

std::atomic<int> gLogLevel{-1};

int parseLogLevel() {
  const char *env = std::getenv("ACC_LOG");
  if (!env || !*env)
    return ACC_LOG_LEVEL_ERROR;
  if (!std::strcmp(env, "error"))
    return ACC_LOG_LEVEL_ERROR;
  if (!std::strcmp(env, "warn") || !std::strcmp(env, "warning"))
    return ACC_LOG_LEVEL_WARN;
  if (!std::strcmp(env, "info"))
    return ACC_LOG_LEVEL_INFO;
  if (!std::strcmp(env, "debug"))
    return ACC_LOG_LEVEL_DEBUG;
  std::fprintf(stderr,
               "acc: warning: ACC_LOG=%s is not one of error, warn, info, "
               "debug; using error\n",
               env);
  return ACC_LOG_LEVEL_ERROR;
}

const char *levelPrefix(acc_log_level_t level) {
  switch (level) {
  case ACC_LOG_LEVEL_ERROR:
    return "error: ";
  case ACC_LOG_LEVEL_WARN:
    return "warning: ";
  case ACC_LOG_LEVEL_INFO:
    return "";
  default:
    return "debug: ";
  }
}

} // namespace

acc_result_t fail(acc_result_t result, std::string message) {
  ThreadError &e = threadError();
  e.result = result;
  e.message = std::move(message);
  e.fromPlugin = false;
  if (logEnabled(ACC_LOG_LEVEL_DEBUG))
    log(ACC_LOG_LEVEL_DEBUG, std::string(acc_result_name(result)) + ": " +
                                 e.message);
  return result;
}

void hostSetError(acc_result_t result, const char *message) {
  try {
    ThreadError &e = threadError();
    e.result = result;
    e.message = message ? message : "";
    e.fromPlugin = true;
  } catch (...) {
    // Out of memory while recording an error: keep the old message.
  }
}

void clearPluginErrorFlag() { threadError().fromPlugin = false; }
bool pluginErrorFlag() { return threadError().fromPlugin; }
const std::string &lastErrorMessage() { return threadError().message; }

void reloadLogLevel() { gLogLevel.store(parseLogLevel()); }

bool logEnabled(acc_log_level_t level) {
  int current = gLogLevel.load(std::memory_order_relaxed);
  if (current < 0) {
    reloadLogLevel();
    current = gLogLevel.load();
  }
  return int(level) <= current;
}

void log(acc_log_level_t level, const std::string &message) {
  if (!logEnabled(level))
    return;
  // One fprintf per line keeps lines from different threads whole.
  std::fprintf(stderr, "acc: %s%s\n", levelPrefix(level), message.c_str());
}

acc_result_t pluginResult(const Backend &backend, const char *function,
                          acc_result_t result) {
  if (result == ACC_SUCCESS)
    return result;
  ThreadError &e = threadError();
  if (e.fromPlugin && !e.message.empty())
    return fail(result, backend.name + ": " + e.message);
  return fail(result, backend.name + ": " + function + " failed with " +
                          acc_result_name(result) +
                          " (the plugin gave no reason)");
}

acc_result_t missingEntry(const Backend &backend, const char *function) {
  return fail(ACC_ERROR_NOT_IMPLEMENTED,
              "the " + backend.name + " plugin does not implement " +
                  function);
}

} // namespace acc::rt
