//===- Harness.cpp - Running acc-cts tests and counting results -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A plugin under test may crash or hang. Rather than dying silently, the
// runner installs handlers for fatal signals and an alarm per test: either
// prints which test it was and the summary line (counting that test as
// failed) before exiting with status 1.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include "acc/acc.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <unistd.h>

namespace cts {

std::vector<TestCase> &registry() {
  static std::vector<TestCase> tests;
  return tests;
}

Registrar::Registrar(const char *name, Layer layer, TestFn fn) {
  registry().push_back({name, layer, fn});
}

namespace {

struct CurrentTest {
  const char *name = nullptr;
  std::vector<std::string> failures;
  bool verbose = false;
};

CurrentTest current;
// Failures may be recorded from helper threads of a test.
std::mutex failureMutex;
// What the signal handlers print: kept up to date before each test.
RunTotals *liveTotals = nullptr;

void writeAll(const char *text) {
  size_t left = std::strlen(text);
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, text, left);
    if (n <= 0)
      return;
    text += n;
    left -= static_cast<size_t>(n);
  }
}

/// Prints the end of the report from a signal handler and exits. Uses only
/// snprintf and write; the process is about to end anyway.
[[noreturn]] void dieInTest(const char *what) {
  char line[512];
  std::snprintf(line, sizeof(line), "[ FAIL ] %s: %s\n",
                current.name ? current.name : "(between tests)", what);
  writeAll(line);
  unsigned passed = liveTotals ? liveTotals->passed : 0;
  unsigned failed = (liveTotals ? liveTotals->failed : 0) + 1;
  unsigned skipped = liveTotals ? liveTotals->skipped : 0;
  unsigned known = liveTotals ? liveTotals->knownFailures : 0;
  if (known) {
    std::snprintf(line, sizeof(line), "%u known failure%s\n", known,
                  known == 1 ? "" : "s");
    writeAll(line);
  }
  std::snprintf(line, sizeof(line),
                "%u passed, %u failed, %u skipped\n", passed, failed,
                skipped);
  writeAll(line);
  ::_exit(1);
}

void onFatalSignal(int sig) {
  char what[128];
  std::snprintf(what, sizeof(what),
                "crashed with signal %d (%s); the remaining tests did not run",
                sig, sig == SIGSEGV   ? "SIGSEGV"
                     : sig == SIGBUS  ? "SIGBUS"
                     : sig == SIGFPE  ? "SIGFPE"
                     : sig == SIGILL  ? "SIGILL"
                     : sig == SIGABRT ? "SIGABRT"
                                      : "?");
  dieInTest(what);
}

void onAlarm(int) {
  dieInTest("did not finish in time (hung?); the remaining tests did not "
            "run. --timeout changes the limit");
}

void installHandlers() {
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) {
    struct sigaction action {};
    action.sa_handler = onFatalSignal;
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigaction(sig, &action, nullptr);
  }
  struct sigaction action {};
  action.sa_handler = onAlarm;
  sigaction(SIGALRM, &action, nullptr);
}

const std::string *findKnownFailure(const RunOptions &options,
                                    const std::string &name) {
  for (const auto &entry : options.knownFailures)
    if (entry.first == name)
      return &entry.second;
  return nullptr;
}

} // namespace

void skip(const std::string &reason) { throw SkipTest{reason}; }

void fail(const char *file, int line, const std::string &message) {
  const char *base = std::strrchr(file, '/');
  std::lock_guard<std::mutex> lock(failureMutex);
  current.failures.push_back(str(base ? base + 1 : file, ":", line, ": ",
                                 message));
}

void failHere(const std::string &message) {
  std::lock_guard<std::mutex> lock(failureMutex);
  current.failures.push_back(message);
}

bool verbose() { return current.verbose; }

void note(const std::string &message) {
  if (current.verbose)
    std::printf("         %s\n", message.c_str());
}

const char *resultName(acc_result_t result) { return acc_result_name(result); }

std::string resultList(std::initializer_list<acc_result_t> results) {
  std::string out;
  for (acc_result_t r : results) {
    if (!out.empty())
      out += " or ";
    out += resultName(r);
  }
  return out;
}

bool oneOf(acc_result_t result, std::initializer_list<acc_result_t> allowed) {
  return std::find(allowed.begin(), allowed.end(), result) != allowed.end();
}

RunTotals runTests(const RunOptions &options, void (*teardown)(Layer)) {
  RunTotals totals;
  liveTotals = &totals;
  current.verbose = options.verbose;
  installHandlers();

  std::vector<TestCase> tests = registry();
  std::stable_sort(tests.begin(), tests.end(),
                   [](const TestCase &a, const TestCase &b) {
                     return a.layer < b.layer;
                   });

  bool layerUsed[2] = {false, false};
  for (size_t t = 0; t < tests.size(); ++t) {
    const TestCase &test = tests[t];
    if (test.name && std::strstr(test.name, options.filter.c_str())) {
      layerUsed[static_cast<int>(test.layer)] = true;
      current.name = test.name;
      current.failures.clear();
      std::string skipReason;
      bool skipped = false;
      auto start = std::chrono::steady_clock::now();
      if (options.timeoutSeconds)
        ::alarm(options.timeoutSeconds);
      try {
        test.fn();
      } catch (const SkipTest &s) {
        skipped = true;
        skipReason = s.reason;
      } catch (const AbortTest &) {
        // The failure is already recorded.
      } catch (const acc::Error &e) {
        failHere(str("an acc.hpp call failed unexpectedly with ",
                     e.resultName(), ": ", e.what()));
      } catch (const std::exception &e) {
        failHere(str("unexpected exception: ", e.what()));
      } catch (...) {
        failHere("unexpected exception");
      }
      ::alarm(0);
      double ms = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - start)
                      .count();

      const std::string *known = findKnownFailure(options, test.name);
      if (!current.failures.empty()) {
        if (known) {
          ++totals.knownFailures;
          totals.knownFailureNames.push_back(test.name);
          std::printf("[ KNOWN FAIL ] %s  # %s\n", test.name, known->c_str());
          if (options.verbose)
            for (const auto &f : current.failures)
              std::printf("         %s\n", f.c_str());
        } else {
          ++totals.failed;
          std::printf("[ FAIL ] %s\n", test.name);
          for (const auto &f : current.failures)
            std::printf("         %s\n", f.c_str());
        }
      } else if (skipped) {
        ++totals.skipped;
        std::printf("[ SKIP ] %s: %s\n", test.name, skipReason.c_str());
      } else if (known) {
        // A listed failure that passes: the list is stale. Failing here
        // keeps the lists honest, as lit does with XPASS.
        ++totals.failed;
        std::printf("[ FAIL ] %s\n         listed as a known failure (%s) "
                    "but passed; remove it from the known-failures file\n",
                    test.name, known->c_str());
      } else {
        ++totals.passed;
        if (options.verbose)
          std::printf("[ PASS ] %s (%.0f ms)\n", test.name, ms);
      }
      std::fflush(stdout);
      current.name = nullptr;
    }
    bool lastOfLayer =
        t + 1 == tests.size() || tests[t + 1].layer != test.layer;
    if (lastOfLayer && layerUsed[static_cast<int>(test.layer)] && teardown)
      teardown(test.layer);
  }
  liveTotals = nullptr;
  return totals;
}

bool readKnownFailures(const std::string &path,
                       std::vector<std::pair<std::string, std::string>> &out,
                       std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::string line;
  unsigned number = 0;
  auto trim = [](std::string s) {
    size_t b = s.find_first_not_of(" \t\r");
    size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  while (std::getline(in, line)) {
    ++number;
    std::string text = trim(line);
    if (text.empty() || text[0] == '#')
      continue;
    size_t hash = text.find('#');
    std::string name = trim(text.substr(0, hash));
    std::string reason =
        hash == std::string::npos ? std::string() : trim(text.substr(hash + 1));
    if (name.find_first_of(" \t") != std::string::npos) {
      error = str(path, ":", number, ": expected one test name per line, got '",
                  name, "'");
      return false;
    }
    if (reason.empty()) {
      error = str(path, ":", number, ": known failure '", name,
                  "' has no reason; write it as '", name, "  # why it fails'");
      return false;
    }
    out.emplace_back(name, reason);
  }
  return true;
}

} // namespace cts
