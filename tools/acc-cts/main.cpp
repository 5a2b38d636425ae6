//===- main.cpp - acc-cts: the acc plugin conformance suite ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//   acc-cts --backend <name>     the plugin that discovery finds for <name>
//   acc-cts --plugin <file>      a plugin file, e.g. libacc_plugin_x.so.1
//   [--list] [--filter <text>] [--known-failures <file>] [--kernels <dir>]
//   [--expect-no-device] [--timeout <s>] [--verbose]
//
// Exit status: 0 when no test failed, 1 when one did, 2 for a usage error,
// and 77 when nothing failed but the backend has no device here (the tests
// that need one were skipped; the reason is printed). --expect-no-device
// turns that 77 into 0 and a device into a failure, for plugins such as
// `null` that have none by design. See docs/plugin-guide.md.
//
//===----------------------------------------------------------------------===//
#include "Support.h"

#include "acc/acc.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace cts {
void abiTeardown();
void runtimeTeardown();
} // namespace cts

using namespace cts;

namespace {

const char kUsage[] =
    "usage: acc-cts (--backend <name> | --plugin <file>) [options]\n"
    "\n"
    "Runs the acc conformance suite against one backend plugin: its C ABI\n"
    "called directly (abi.*), then the runtime API with only that plugin\n"
    "loaded (rt.*). The last line is \"N passed, N failed, N skipped\".\n"
    "\n"
    "  --backend <name>         test the plugin discovery finds for <name>\n"
    "                           (ACC_PLUGIN_PATH, then beside libacc)\n"
    "  --plugin <file>          test this plugin file\n"
    "  --list                   print the test names and exit\n"
    "  --filter <text>          run only tests whose name contains <text>\n"
    "  --known-failures <file>  expected failures, one 'name  # reason' per\n"
    "                           line (default: known-failures/<backend>.txt\n"
    "                           beside the kernels, if it exists)\n"
    "  --kernels <dir>          the test bundles (default: ../share/acc/cts\n"
    "                           beside this executable)\n"
    "  --expect-no-device       the plugin has no device by design: exit 0\n"
    "                           (not 77) when none is found, 1 if one is\n"
    "  --timeout <seconds>      time limit per test (default 300, 0 = none)\n"
    "  --verbose                print passing tests, plugin logs and error\n"
    "                           messages\n"
    "\n"
    "Exit status: 0 no failure, 1 failures, 2 usage error, 77 no device.\n";

std::string executableDir() {
  char buffer[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
  if (n <= 0)
    return ".";
  buffer[n] = 0;
  std::string path(buffer);
  return path.substr(0, path.rfind('/'));
}

bool isFile(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// The backend name in libacc_plugin_<name>.so.<N>, or "".
std::string nameFromFile(const std::string &path) {
  std::string file = path.substr(path.rfind('/') + 1);
  const std::string prefix = "libacc_plugin_";
  size_t so = file.find(".so.");
  if (file.rfind(prefix, 0) != 0 || so == std::string::npos ||
      so <= prefix.size())
    return "";
  return file.substr(prefix.size(), so - prefix.size());
}

/// Finds the plugin that the runtime's normal discovery picks for `name`.
bool discover(const std::string &name, std::string &path, std::string &error) {
  acc_result_t r = acc_init(nullptr);
  if (r != ACC_SUCCESS) {
    error = str("acc_init failed: ", acc_last_error_message());
    return false;
  }
  uint32_t count = 0;
  acc_backend_count(&count);
  std::string names;
  for (uint32_t i = 0; i < count; ++i) {
    acc_backend_info_t info{};
    info.struct_size = sizeof(info);
    if (acc_backend_get_info(i, &info) != ACC_SUCCESS)
      continue;
    std::string n = info.name ? info.name : "";
    names += str(names.empty() ? "" : ", ", n);
    if (n == name && path.empty())
      path = info.plugin_path ? info.plugin_path : "";
  }
  acc_shutdown();
  if (path.empty()) {
    error = str("no plugin for backend '", name, "' was found (found: ",
                names.empty() ? "none" : names,
                "); set ACC_PLUGIN_PATH or use --plugin <file>");
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  // Whole lines reach a pipe promptly, even if the plugin crashes later.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string backend, plugin, knownFile, kernels;
  bool list = false, expectNoDevice = false;
  RunOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *what) -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "acc-cts: %s needs a value\n%s", what, kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--backend")
      backend = value("--backend");
    else if (arg == "--plugin")
      plugin = value("--plugin");
    else if (arg == "--filter")
      options.filter = value("--filter");
    else if (arg == "--known-failures")
      knownFile = value("--known-failures");
    else if (arg == "--kernels")
      kernels = value("--kernels");
    else if (arg == "--timeout")
      options.timeoutSeconds =
          static_cast<unsigned>(std::strtoul(value("--timeout").c_str(),
                                             nullptr, 10));
    else if (arg == "--list")
      list = true;
    else if (arg == "--verbose" || arg == "-v")
      options.verbose = true;
    else if (arg == "--expect-no-device")
      expectNoDevice = true;
    else if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "acc-cts: unknown argument '%s'\n%s", arg.c_str(),
                   kUsage);
      return 2;
    }
  }

  if (list) {
    for (const auto &t : registry())
      if (std::strstr(t.name, options.filter.c_str()))
        std::printf("%s\n", t.name);
    return 0;
  }
  if (backend.empty() == plugin.empty()) {
    std::fprintf(stderr, "acc-cts: give exactly one of --backend and "
                         "--plugin\n%s",
                 kUsage);
    return 2;
  }

  Config &c = config();
  if (!plugin.empty()) {
    if (!isFile(plugin)) {
      std::fprintf(stderr, "acc-cts: %s: no such file\n", plugin.c_str());
      return 2;
    }
    c.pluginPath = plugin;
    c.backend = nameFromFile(plugin);
  } else {
    std::string error;
    if (!discover(backend, c.pluginPath, error)) {
      std::fprintf(stderr, "acc-cts: %s\n", error.c_str());
      return 2;
    }
    c.backend = backend;
  }
  if (char *real = realpath(c.pluginPath.c_str(), nullptr)) {
    c.pluginPath = real;
    std::free(real);
  }

  c.kernelsDir = kernels.empty() ? executableDir() + "/../share/acc/cts"
                                 : kernels;
  if (!isFile(c.kernelsDir + "/basic.accbin")) {
    std::fprintf(stderr,
                 "acc-cts: no test kernels in %s (basic.accbin is missing); "
                 "build the acc-cts-data target or pass --kernels <dir>\n",
                 c.kernelsDir.c_str());
    return 2;
  }

  if (knownFile.empty() && !c.backend.empty()) {
    std::string candidate =
        c.kernelsDir + "/known-failures/" + c.backend + ".txt";
    if (isFile(candidate))
      knownFile = candidate;
  }
  if (!knownFile.empty()) {
    std::string error;
    if (!readKnownFailures(knownFile, options.knownFailures, error)) {
      std::fprintf(stderr, "acc-cts: %s\n", error.c_str());
      return 2;
    }
    for (const auto &entry : options.knownFailures) {
      bool exists = false;
      for (const auto &t : registry())
        exists = exists || entry.first == t.name;
      if (!exists)
        std::printf("warning: %s lists '%s', which is not a test\n",
                    knownFile.c_str(), entry.first.c_str());
    }
  }

  std::printf("acc-cts %s: backend '%s', plugin %s\n", acc_version_string(),
              c.backend.c_str(), c.pluginPath.c_str());
  std::printf("kernels: %s; known failures: %s (%zu)\n", c.kernelsDir.c_str(),
              knownFile.empty() ? "none" : knownFile.c_str(),
              options.knownFailures.size());
  std::fflush(stdout);

  RunTotals totals = runTests(options, [](Layer layer) {
    if (layer == Layer::Abi)
      abiTeardown();
    else
      runtimeTeardown();
  });

  bool noDevice = deviceState() == 0;
  if (expectNoDevice && deviceState() == 1) {
    std::printf("[ FAIL ] --expect-no-device: the plugin reported a device\n");
    ++totals.failed;
  }
  if (noDevice)
    std::printf("note: the backend has no device here: %s\n",
                noDeviceReason().c_str());
  if (totals.knownFailures) {
    std::string names;
    for (const auto &n : totals.knownFailureNames)
      names += (names.empty() ? "" : ", ") + n;
    std::printf("%u known failure%s: %s\n", totals.knownFailures,
                totals.knownFailures == 1 ? "" : "s", names.c_str());
  }
  std::printf("%u passed, %u failed, %u skipped\n", totals.passed,
              totals.failed, totals.skipped);
  std::fflush(stdout);
  if (totals.failed)
    return 1;
  if (noDevice && !expectNoDevice)
    return 77;
  return 0;
}
