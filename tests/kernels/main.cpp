//===- main.cpp - The kernel-language conformance suite's runner -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//   acc-kernel-tests [--backend <name>] [--filter <text>] <bundle-dir> <area>...
//
// Runs the cases of each area (registered by tests/kernels/<area>.cpp) with
// the kernels of <bundle-dir>/<area>.accbin on the device ACC_BACKEND (or
// --backend) selects. One line per case:
//
//   [ PASS ] area.case
//   [ FAIL ] area.case: index i got X expected Y (N ulp, bound B)
//   [ SKIP ] area.case: reason
//
// then a summary line. Exit status: 0 all passed or skipped, 1 a failure,
// 2 usage error, 77 the backend has no device here (ctest SKIP_RETURN_CODE).
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace kt {

namespace {

std::map<std::string, std::vector<Case>> &registry() {
  static std::map<std::string, std::vector<Case>> areas;
  return areas;
}

std::string oneLine(std::string text) {
  for (char &c : text)
    if (c == '\n' || c == '\r')
      c = ' ';
  return text;
}

struct Counts {
  int passed = 0, failed = 0, skipped = 0;
};

void runArea(const acc::Device &device, const std::string &dir,
             const std::string &area, const std::string &filter,
             Counts &counts) {
  auto found = registry().find(area);
  if (found == registry().end()) {
    std::printf("[ FAIL ] %s: no such area\n", area.c_str());
    ++counts.failed;
    return;
  }
  acc::Module module;
  try {
    module = acc::Module::loadFile(device, dir + "/" + area + ".accbin");
  } catch (const acc::Error &e) {
    std::printf("[ FAIL ] %s: cannot load the bundle: %s: %s\n", area.c_str(),
                e.resultName(), oneLine(e.what()).c_str());
    ++counts.failed;
    return;
  }
  Ctx ctx(device, std::move(module));
  for (const Case &c : found->second) {
    std::string name = area + "." + c.name;
    if (!filter.empty() && name.find(filter) == std::string::npos)
      continue;
    try {
      c.run(ctx);
      std::printf("[ PASS ] %s\n", name.c_str());
      ++counts.passed;
    } catch (const Skip &s) {
      std::printf("[ SKIP ] %s: %s\n", name.c_str(), s.reason.c_str());
      ++counts.skipped;
    } catch (const Failure &f) {
      std::printf("[ FAIL ] %s: %s\n", name.c_str(), f.message.c_str());
      ++counts.failed;
    } catch (const acc::Error &e) {
      std::printf("[ FAIL ] %s: %s: %s\n", name.c_str(), e.resultName(),
                  oneLine(e.what()).c_str());
      ++counts.failed;
    }
    std::fflush(stdout);
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: acc-kernel-tests [--backend <name>] [--filter <text>] "
               "<bundle-dir> <area>...\nareas:");
  for (const auto &area : registry())
    std::fprintf(stderr, " %s(%zu)", area.first.c_str(), area.second.size());
  std::fprintf(stderr, "\n");
  return 2;
}

} // namespace

bool addArea(const std::string &area, std::vector<Case> cases) {
  auto &list = registry()[area];
  for (Case &c : cases)
    list.push_back(std::move(c));
  return true;
}

std::string show(long double value) {
  char text[64];
  if (std::isnan(value))
    return "nan";
  std::snprintf(text, sizeof(text), "%.10Lg (%La)", value, value);
  return text;
}
std::string show(int64_t value) { return std::to_string(value); }
std::string show(uint64_t value) { return std::to_string(value); }
std::string showUlp(long double units) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.3Lg", units);
  return text;
}

} // namespace kt

int main(int argc, char **argv) {
  std::string dir, filter;
  std::vector<std::string> areas;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--backend" || a == "--filter") && i + 1 < argc) {
      if (a == "--backend")
        setenv("ACC_BACKEND", argv[++i], 1);
      else
        filter = argv[++i];
    } else if (!a.empty() && a[0] == '-') {
      return kt::usage();
    } else if (dir.empty()) {
      dir = a;
    } else {
      areas.push_back(a);
    }
  }
  if (dir.empty() || areas.empty())
    return kt::usage();

  try {
    acc::Runtime runtime;
    acc_device_t handle = nullptr;
    acc_result_t result = acc_device_get_default(&handle);
    if (result == ACC_ERROR_NO_DEVICE) {
      std::printf("[ SKIP ] the backend has no device here: %s\n",
                  kt::oneLine(acc_last_error_message()).c_str());
      return 77;
    }
    acc::check(result);
    acc::Device device(handle);
    std::printf("acc-kernel-tests: backend %s, device \"%s\"\n",
                device.backend().c_str(), device.name().c_str());
    kt::Counts counts;
    for (const std::string &area : areas)
      kt::runArea(device, dir, area, filter, counts);
    std::printf("summary: %d passed, %d failed, %d skipped\n", counts.passed,
                counts.failed, counts.skipped);
    return counts.failed ? 1 : 0;
  } catch (const acc::Error &e) {
    std::printf("[ FAIL ] %s: %s\n", e.resultName(),
                kt::oneLine(e.what()).c_str());
    return 1;
  }
}
