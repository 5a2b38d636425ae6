//===- sample.h - What every acc sample program shares ---------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The samples end with one line that scripts and ctest read:
//
//   PASS <sample> backend=<b> device="<name>" ms=<kernel time>   (exit 0)
//     (kernel time: device time between two ACC_EVENT_TIMING events)
//   FAIL <sample> backend=<b> <reason>                           (exit 1)
//   SKIP <sample> backend=<b> reason="<why>"                     (exit 77)
//
// This header prints those lines, finds the sample's bundle, and turns the
// runtime's "no device" answer into a SKIP. It is not part of acc's API;
// copy what you need.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_SAMPLES_COMMON_SAMPLE_H
#define ACC_SAMPLES_COMMON_SAMPLE_H

#include "acc/acc.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace sample {

/// Exit code ctest reads as "skipped" (SKIP_RETURN_CODE).
constexpr int kSkipExitCode = 77;

/// Keeps the result on one line: the runtime's messages may span several.
inline std::string oneLine(std::string text) {
  for (char &c : text)
    if (c == '\n' || c == '\r')
      c = ' ';
  return text;
}

/// For values printed inside double quotes.
inline std::string quoted(std::string text) {
  text = oneLine(std::move(text));
  for (char &c : text)
    if (c == '"')
      c = '\'';
  return '"' + text + '"';
}

/// What the result lines print as backend= before a device is chosen.
inline std::string requestedBackend() {
  const char *env = std::getenv("ACC_BACKEND");
  return env && *env ? env : "default";
}

/// Prints the PASS line; returns the exit code.
inline int pass(const std::string &name, const acc::Device &device,
                double ms) {
  std::printf("PASS %s backend=%s device=%s ms=%.3f\n", name.c_str(),
              device.backend().c_str(), quoted(device.name()).c_str(), ms);
  return 0;
}

/// Prints the FAIL line; returns the exit code.
inline int fail(const std::string &name, const std::string &backend,
                const std::string &reason) {
  std::printf("FAIL %s backend=%s %s\n", name.c_str(), backend.c_str(),
              oneLine(reason).c_str());
  return 1;
}

/// Prints the SKIP line; returns the exit code.
inline int skip(const std::string &name, const std::string &backend,
                const std::string &reason) {
  std::printf("SKIP %s backend=%s reason=%s\n", name.c_str(), backend.c_str(),
              quoted(reason).c_str());
  return kSkipExitCode;
}

/// The bundle to load: argv[1] when given, else <name>.accbin in the folder
/// of the executable (so the program runs from any working directory).
inline std::string bundlePath(const std::string &name, int argc,
                              char **argv) {
  if (argc > 1)
    return argv[1];
  char exe[4096];
  ssize_t length = ::readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  std::string dir = ".";
  if (length > 0) {
    std::string path(exe, static_cast<size_t>(length));
    size_t slash = path.rfind('/');
    if (slash != std::string::npos)
      dir = path.substr(0, slash);
  }
  return dir + "/" + name + ".accbin";
}

/// How getting the default device ended.
struct DeviceChoice {
  acc::Device device;
  /// Exit code to return at once (after the line was printed), or -1 when a
  /// device was found.
  int exitCode = -1;
};

/// Gets the device ACC_BACKEND names. A backend without a device is a SKIP;
/// an unknown backend (the runtime's message lists those that exist) or any
/// other failure is a FAIL.
inline DeviceChoice chooseDevice(const std::string &name) {
  DeviceChoice choice;
  acc_device_t handle = nullptr;
  acc_result_t result = acc_device_get_default(&handle);
  if (result == ACC_SUCCESS) {
    choice.device = acc::Device(handle);
    return choice;
  }
  std::string message = acc_last_error_message();
  if (result == ACC_ERROR_NO_DEVICE)
    choice.exitCode = skip(name, requestedBackend(), message);
  else
    choice.exitCode = fail(name, requestedBackend(),
                           std::string(acc_result_name(result)) + ": " +
                               message);
  return choice;
}

/// The whole main() of a sample: picks the device ACC_BACKEND asks for
/// (printing SKIP or FAIL when there is none), then runs
/// `body(device, bundlePath)`, turning any exception into a FAIL line.
template <typename Body>
int runSample(const std::string &name, int argc, char **argv, Body body) {
  std::string backend = requestedBackend();
  try {
    acc::Runtime runtime;
    DeviceChoice choice = chooseDevice(name);
    if (choice.exitCode >= 0)
      return choice.exitCode;
    backend = choice.device.backend();
    return body(choice.device, bundlePath(name, argc, argv));
  } catch (const acc::Error &error) {
    return fail(name, backend,
                std::string(error.resultName()) + ": " + error.what());
  } catch (const std::exception &error) {
    return fail(name, backend, error.what());
  }
}

} // namespace sample

#endif // ACC_SAMPLES_COMMON_SAMPLE_H
