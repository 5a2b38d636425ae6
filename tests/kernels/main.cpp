//===- main.cpp - The kernel-language conformance suite's runner -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//   acc-kernel-tests [--backend <name>] [--filter <text>]
//                    [--known-failures <file>] <bundle-dir> <area>...
//
// Runs the cases of each area (registered by tests/kernels/<area>.cpp) with
// the kernels of <bundle-dir>/<area>.accbin on the device ACC_BACKEND (or
// --backend) selects. One line per case:
//
//   [ PASS ] area.case
//   [ FAIL ] area.case: index i got X expected Y (N ulp, bound B)
//   [ SKIP ] area.case: reason
//   [ KNOWN ] area.case: what failed (known: the reason the file gives)
//
// A known-failures file (tests/kernels/known-failures/<backend>.txt) lists
// cases that fail on one backend for a documented reason, one per line:
// "area.case  # reason, and the issue that tracks it". Such a case failing
// is reported as KNOWN and does not fail the run; a listed case that passes
// does, so the list stays current. Then a summary line. Exit status: 0 all passed or skipped, 1 a failure,
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
  int passed = 0, failed = 0, skipped = 0, known = 0;
};

/// Case name -> reason, from a known-failures file.
std::map<std::string, std::string> &knownFailures() {
  static std::map<std::string, std::string> known;
  return known;
}

bool loadKnownFailures(const std::string &path) {
  FILE *f = std::fopen(path.c_str(), "r");
  if (!f)
    return false;
  char line[1024];
  while (std::fgets(line, sizeof(line), f)) {
    std::string text(line);
    std::string reason;
    size_t hash = text.find('#');
    if (hash != std::string::npos) {
      reason = text.substr(hash + 1);
      text.resize(hash);
    }
    auto trim = [](std::string &t) {
      size_t b = t.find_first_not_of(" \t\r\n"), e = t.find_last_not_of(" \t\r\n");
      t = b == std::string::npos ? std::string() : t.substr(b, e - b + 1);
    };
    trim(text);
    trim(reason);
    if (!text.empty())
      knownFailures()[text] = reason;
  }
  std::fclose(f);
  return true;
}

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
    // A target that cannot express any kernel of the area (fp64 on GLES)
    // leaves the bundle without code for the backend: the reasons are the
    // compiler's, recorded in the bundle (acc-info --bundle).
    if (e.result() == ACC_ERROR_NO_CODE_FOR_BACKEND) {
      std::printf("[ SKIP ] %s: the backend's target holds no kernel of this "
                  "area: %s\n",
                  area.c_str(), oneLine(e.what()).c_str());
      ++counts.skipped;
      return;
    }
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
    auto known = knownFailures().find(name);
    auto failure = [&](const std::string &message) {
      if (known != knownFailures().end()) {
        std::printf("[ KNOWN ] %s: %s (known: %s)\n", name.c_str(),
                    message.c_str(), known->second.c_str());
        ++counts.known;
      } else {
        std::printf("[ FAIL ] %s: %s\n", name.c_str(), message.c_str());
        ++counts.failed;
      }
    };
    try {
      c.run(ctx);
      if (known != knownFailures().end()) {
        std::printf("[ FAIL ] %s: passes, but the known-failures file lists "
                    "it (%s); remove it from the file\n",
                    name.c_str(), known->second.c_str());
        ++counts.failed;
      } else {
        std::printf("[ PASS ] %s\n", name.c_str());
        ++counts.passed;
      }
    } catch (const Skip &s) {
      std::printf("[ SKIP ] %s: %s\n", name.c_str(), s.reason.c_str());
      ++counts.skipped;
    } catch (const Failure &f) {
      failure(f.message);
    } catch (const acc::Error &e) {
      failure(std::string(e.resultName()) + ": " + oneLine(e.what()));
    }
    std::fflush(stdout);
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: acc-kernel-tests [--backend <name>] [--filter <text>] "
               "[--known-failures <file>] <bundle-dir> <area>...\nareas:");
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
    if ((a == "--backend" || a == "--filter" || a == "--known-failures") &&
        i + 1 < argc) {
      if (a == "--backend") {
        setenv("ACC_BACKEND", argv[++i], 1);
      } else if (a == "--filter") {
        filter = argv[++i];
      } else if (!kt::loadKnownFailures(argv[++i])) {
        std::fprintf(stderr, "acc-kernel-tests: cannot read %s\n", argv[i]);
        return 2;
      }
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
    std::printf("summary: %d passed, %d failed, %d skipped, %d known "
                "failures\n",
                counts.passed, counts.failed, counts.skipped, counts.known);
    if (counts.failed)
      return 1;
    // Nothing ran: a skip for ctest, not a pass.
    return counts.passed + counts.known == 0 && counts.skipped > 0 ? 77 : 0;
  } catch (const acc::Error &e) {
    std::printf("[ FAIL ] %s: %s\n", e.resultName(),
                kt::oneLine(e.what()).c_str());
    return 1;
  }
}
