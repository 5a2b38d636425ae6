//===- Harness.h - acc-cts's own small test harness -----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// acc-cts is run by plugin vendors, so it carries its own harness instead of
// Catch2: tests register themselves with CTS_TEST, run in registration order
// within their layer (ABI first, then runtime), and end in one of four
// states: passed, failed, skipped (with a reason) or known failure. The
// last line of output is always "N passed, N failed, N skipped".
//
// Inside a test:
//   CTS_CHECK(cond, message)    records a failure and carries on;
//   CTS_REQUIRE(cond, message)  records a failure and ends the test;
//   cts::skip(reason)           ends the test as skipped.
// Messages are std::string expressions; cts::str(...) concatenates values.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CTS_HARNESS_H
#define ACC_CTS_HARNESS_H

#include "acc/acc_types.h"

#include <cstdint>
#include <initializer_list>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

namespace cts {

/// Where a test runs. Layers run in this order, each with its own fixture.
enum class Layer { Abi = 0, Runtime = 1 };

using TestFn = void (*)();

struct TestCase {
  const char *name;
  Layer layer;
  TestFn fn;
};

/// Every test, in registration order.
std::vector<TestCase> &registry();

struct Registrar {
  Registrar(const char *name, Layer layer, TestFn fn);
};

#define CTS_CONCAT2(a, b) a##b
#define CTS_CONCAT(a, b) CTS_CONCAT2(a, b)
/// Defines and registers a test: CTS_TEST(Layer::Abi, "abi.query.ok") {...}
#define CTS_TEST(layer, name)                                                  \
  static void CTS_CONCAT(ctsTest_, __LINE__)();                                \
  static ::cts::Registrar CTS_CONCAT(ctsReg_, __LINE__)(                       \
      name, layer, &CTS_CONCAT(ctsTest_, __LINE__));                           \
  static void CTS_CONCAT(ctsTest_, __LINE__)()

/// Thrown by skip(); caught by the runner.
struct SkipTest {
  std::string reason;
};
/// Thrown after a failed CTS_REQUIRE; caught by the runner.
struct AbortTest {};

/// Ends the current test as skipped, printing `reason`.
[[noreturn]] void skip(const std::string &reason);

/// Records a failure of the current test (file:line: message).
void fail(const char *file, int line, const std::string &message);

/// Records a failure without a source location.
void failHere(const std::string &message);

/// Writes a line under the current test when --verbose is on.
void note(const std::string &message);
bool verbose();

/// Concatenates anything that streams.
template <typename... T> std::string str(const T &...parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

/// "ACC_ERROR_NOT_FOUND" for a result code (also without libacc).
const char *resultName(acc_result_t result);

/// "{ACC_SUCCESS, ACC_ERROR_IO}".
std::string resultList(std::initializer_list<acc_result_t> results);

bool oneOf(acc_result_t result, std::initializer_list<acc_result_t> allowed);

#define CTS_CHECK(cond, message)                                               \
  ((cond) ? true                                                               \
          : (::cts::fail(__FILE__, __LINE__,                                   \
                         std::string("check failed: " #cond "; ") +            \
                             (message)),                                       \
             false))

#define CTS_REQUIRE(cond, message)                                             \
  do {                                                                         \
    if (!(cond)) {                                                             \
      ::cts::fail(__FILE__, __LINE__,                                          \
                  std::string("requirement failed: " #cond "; ") +             \
                      (message));                                              \
      throw ::cts::AbortTest{};                                                \
    }                                                                          \
  } while (0)

/// Compares a host reference with a device result element by element and
/// reports the first few mismatches. Returns true when they agree.
/// `describe`, if given, names element i ("item 3, dimension 1, local id").
template <typename T>
bool checkEqual(const char *file, int line, const std::string &what,
                const std::vector<T> &expected, const std::vector<T> &got,
                std::string (*describe)(size_t) = nullptr) {
  if (expected.size() != got.size()) {
    fail(file, line,
         str(what, ": expected ", expected.size(), " elements, got ",
             got.size()));
    return false;
  }
  size_t bad = 0;
  std::string detail;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (expected[i] == got[i])
      continue;
    if (bad < 4)
      detail += str("\n           [", i, "]",
                    describe ? " " + describe(i) : std::string(), ": expected ",
                    +expected[i], ", got ", +got[i]);
    ++bad;
  }
  if (bad == 0)
    return true;
  fail(file, line,
       str(what, ": ", bad, " of ", expected.size(), " elements differ",
           detail));
  return false;
}
#define CTS_CHECK_EQUAL(what, expected, got)                                   \
  ::cts::checkEqual(__FILE__, __LINE__, (what), (expected), (got))
#define CTS_CHECK_EQUAL_DESCRIBED(what, expected, got, describe)              \
  ::cts::checkEqual(__FILE__, __LINE__, (what), (expected), (got), (describe))

//===----------------------------------------------------------------------===//
// Runner (main.cpp)
//===----------------------------------------------------------------------===//

struct RunOptions {
  std::string filter;
  bool verbose = false;
  /// Test name -> reason.
  std::vector<std::pair<std::string, std::string>> knownFailures;
  /// Seconds before a single test counts as hung (0 = no limit).
  unsigned timeoutSeconds = 300;
};

struct RunTotals {
  unsigned passed = 0, failed = 0, skipped = 0, knownFailures = 0;
  std::vector<std::string> knownFailureNames;
};

/// Runs every registered test whose name contains the filter; `teardown` is
/// called after the last test of each layer. Prints results and returns the
/// totals (the caller prints the summary line).
RunTotals runTests(const RunOptions &options, void (*teardown)(Layer));

/// Parses a known-failures file: "test.name  # reason" per line; blank lines
/// and lines starting with '#' are ignored. Returns false with `error` set
/// for a line without a reason.
bool readKnownFailures(const std::string &path,
                       std::vector<std::pair<std::string, std::string>> &out,
                       std::string &error);

} // namespace cts

#endif // ACC_CTS_HARNESS_H
