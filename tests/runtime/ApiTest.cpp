//===- ApiTest.cpp - Error paths and buffers of the C API -----------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Uninitialised use, NULL and released handles, NULL outputs, per-thread
// error messages, and buffer commands (with their range checks) against the
// mock plugin.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <atomic>
#include <thread>

using namespace acctest;

namespace {

bool contains(const std::string &s, const std::string &needle) {
  return s.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("api: result names", "[api]") {
  CHECK(std::string(acc_result_name(ACC_SUCCESS)) == "ACC_SUCCESS");
  CHECK(std::string(acc_result_name(ACC_ERROR_INVALID_BUNDLE)) ==
        "ACC_ERROR_INVALID_BUNDLE");
  CHECK(std::string(acc_result_name(ACC_ERROR_BUILD_FAILED)) ==
        "ACC_ERROR_BUILD_FAILED");
  for (acc_result_t r = 0; r <= ACC_ERROR_BUILD_FAILED; ++r)
    CHECK(std::string(acc_result_name(r)) != "ACC_ERROR_UNKNOWN");
  CHECK(std::string(acc_result_name(-1)) == "ACC_ERROR_UNKNOWN");
  CHECK(std::string(acc_result_name(1000)) == "ACC_ERROR_UNKNOWN");
  CHECK(std::string(acc_version_string()) == "0.2.0");
}

TEST_CASE("api: every call fails cleanly before acc_init", "[api]") {
  acc_shutdown();
  uint32_t n;
  acc_device_t d = nullptr;
  acc_buffer_t b = nullptr;
  acc_queue_t q = nullptr;
  acc_module_t m = nullptr;
  acc_kernel_t k = nullptr;
  const acc_kernel_info_t *ki;
  acc_device_info_t di{};
  di.struct_size = sizeof(di);
  acc_backend_info_t bi{};
  bi.struct_size = sizeof(bi);
  uint64_t size;
  char data[4] = {};
  acc_launch_config_t cfg = acc_launch_config_1d(1, 0);

  CHECK(acc_backend_count(&n) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(contains(acc_last_error_message(), "acc_init()"));
  CHECK(acc_backend_get_info(0, &bi) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_device_count(&n) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_device_get(0, &d) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_device_get_default(&d) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_device_get_info(d, &di) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_buffer_create(d, 4, 0, &b) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_buffer_release(b) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_buffer_size(b, &size) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_buffer_write(q, b, 0, 4, data) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_buffer_read(q, b, 0, 4, data) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_buffer_copy(q, b, 0, b, 0, 4) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_buffer_fill(q, b, 0, 4, data, 4) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_queue_create(d, &q) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_queue_release(q) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_queue_finish(q) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_module_load_file(d, "x", &m) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_module_load_memory(d, data, 4, &m) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_module_release(m) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_module_kernel_count(m, &n) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_module_kernel_info(m, 0, &ki) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_kernel_get(m, "k", &k) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_kernel_release(k) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_kernel_info(k, &ki) == ACC_ERROR_NOT_INITIALIZED);
  CHECK(acc_launch(q, k, &cfg, 0, nullptr) == ACC_ERROR_NOT_INITIALIZED);
}

TEST_CASE("api: NULL outputs and arguments", "[api]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  acc_queue_t q;
  REQUIRE(acc_queue_create(d, &q) == ACC_SUCCESS);
  acc_buffer_t b;
  REQUIRE(acc_buffer_create(d, 16, 0, &b) == ACC_SUCCESS);

  CHECK(acc_backend_count(nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "out_count is NULL"));
  CHECK(acc_backend_get_info(0, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_device_count(nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_device_get(0, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_device_get_default(nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_device_get_info(d, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_buffer_create(d, 4, 0, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_buffer_size(b, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_queue_create(d, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_buffer_write(q, b, 0, 4, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_buffer_read(q, b, 0, 4, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_buffer_fill(q, b, 0, 4, nullptr, 4) == ACC_ERROR_INVALID_ARGUMENT);
  acc_module_t m;
  CHECK(acc_module_load_file(d, nullptr, &m) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_module_load_file(d, "x", nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_module_load_memory(d, nullptr, 4, &m) ==
        ACC_ERROR_INVALID_ARGUMENT);
  char byte = 0;
  CHECK(acc_module_load_memory(d, &byte, 1, nullptr) ==
        ACC_ERROR_INVALID_ARGUMENT);

  acc_device_info_t info{};
  info.struct_size = 0;
  CHECK(acc_device_get_info(d, &info) == ACC_ERROR_INVALID_ARGUMENT);
  acc_backend_info_t binfo{};
  CHECK(acc_backend_get_info(0, &binfo) == ACC_ERROR_INVALID_ARGUMENT);
  binfo.struct_size = sizeof(binfo);
  CHECK(acc_backend_get_info(7, &binfo) == ACC_ERROR_NOT_FOUND);

  CHECK(acc_buffer_release(b) == ACC_SUCCESS);
  CHECK(acc_queue_release(q) == ACC_SUCCESS);
}

TEST_CASE("api: NULL, released and foreign handles", "[api]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  uint64_t size;
  acc_buffer_t b;
  acc_queue_t q;
  acc_device_info_t info{};
  info.struct_size = sizeof(info);

  CHECK(acc_device_get_info(nullptr, &info) == ACC_ERROR_INVALID_HANDLE);
  CHECK(contains(acc_last_error_message(), "NULL device handle"));
  CHECK(acc_buffer_create(nullptr, 4, 0, &b) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_queue_create(nullptr, &q) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_buffer_release(nullptr) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_queue_release(nullptr) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_queue_finish(nullptr) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_module_release(nullptr) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_kernel_release(nullptr) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_buffer_size(nullptr, &size) == ACC_ERROR_INVALID_HANDLE);

  // A pointer acc never handed out.
  int junk[64] = {};
  CHECK(acc_device_get_info(reinterpret_cast<acc_device_t>(junk), &info) ==
        ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_buffer_size(reinterpret_cast<acc_buffer_t>(junk), &size) ==
        ACC_ERROR_INVALID_HANDLE);
  CHECK(contains(acc_last_error_message(), "not a live buffer handle"));

  // Double release.
  REQUIRE(acc_buffer_create(d, 4, 0, &b) == ACC_SUCCESS);
  REQUIRE(acc_buffer_release(b) == ACC_SUCCESS);
  CHECK(acc_buffer_release(b) == ACC_ERROR_INVALID_HANDLE);
  REQUIRE(acc_queue_create(d, &q) == ACC_SUCCESS);
  REQUIRE(acc_queue_release(q) == ACC_SUCCESS);
  CHECK(acc_queue_finish(q) == ACC_ERROR_INVALID_HANDLE);
  REQUIRE(mockState());
  CHECK(mockState()->live_buffers == 0);
  CHECK(mockState()->live_queues == 0);

  // A buffer and a queue of different devices.
  ScopedEnv env("ACC_MOCK_DEVICES", "2");
  acc_shutdown();
  Runtime rt2({pluginDir("mock")});
  REQUIRE(rt2.result == ACC_SUCCESS);
  acc_device_t d0 = mockDevice(0), d1 = mockDevice(1);
  REQUIRE(acc_buffer_create(d1, 16, 0, &b) == ACC_SUCCESS);
  REQUIRE(acc_queue_create(d0, &q) == ACC_SUCCESS);
  char data[16] = {};
  CHECK(acc_buffer_write(q, b, 0, 16, data) == ACC_ERROR_INVALID_HANDLE);
  CHECK(contains(acc_last_error_message(), "Mock Device 1"));
  CHECK(acc_buffer_release(b) == ACC_SUCCESS);
  CHECK(acc_queue_release(q) == ACC_SUCCESS);
}

TEST_CASE("api: events are checked before they reach the plugin", "[api]") {
  ScopedEnv env("ACC_MOCK_DEVICES", "2");
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d0 = mockDevice(0), d1 = mockDevice(1);
  acc_queue_t q0, q1;
  REQUIRE(acc_queue_create(d0, &q0) == ACC_SUCCESS);
  REQUIRE(acc_queue_create(d1, &q1) == ACC_SUCCESS);
  acc_event_t e0, e1, plain;
  REQUIRE(acc_queue_record_event(q0, ACC_EVENT_TIMING, &e0) == ACC_SUCCESS);
  REQUIRE(acc_queue_record_event(q1, ACC_EVENT_TIMING, &e1) == ACC_SUCCESS);
  REQUIRE(acc_queue_record_event(q0, 0, &plain) == ACC_SUCCESS);
  CHECK(mockState()->live_events == 3);

  // A queue waits only for its own device's events.
  CHECK(acc_queue_wait_event(q1, e0) == ACC_ERROR_INVALID_HANDLE);
  CHECK(contains(acc_last_error_message(), "acc_event_wait"));
  CHECK(acc_queue_wait_event(q0, e0) == ACC_SUCCESS);
  // Clocks of two devices are not compared; timing needs the flag.
  uint64_t ns = 0;
  CHECK(acc_event_elapsed_ns(e0, e1, &ns) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "different devices"));
  CHECK(acc_event_elapsed_ns(e0, plain, &ns) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "ACC_EVENT_TIMING"));
  CHECK(acc_queue_record_event(q0, 1u << 7, &plain) ==
        ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_event_elapsed_ns(e0, e0, &ns) == ACC_SUCCESS);
  CHECK(ns == 0);
  CHECK(acc_event_query(e0) == ACC_SUCCESS);

  // Released events are detected; shutdown releases the ones left.
  CHECK(acc_event_release(plain) == ACC_SUCCESS);
  CHECK(acc_event_wait(plain) == ACC_ERROR_INVALID_HANDLE);
  CHECK(mockState()->live_events == 2);
  acc_shutdown();
  CHECK(acc_event_wait(e0) == ACC_ERROR_NOT_INITIALIZED);
}

TEST_CASE("api: the last error is per thread", "[api]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  CHECK(acc_buffer_release(nullptr) == ACC_ERROR_INVALID_HANDLE);
  std::string mine = acc_last_error_message();
  std::string theirs = "unset";
  std::thread t([&] {
    theirs = acc_last_error_message();
    uint32_t n;
    acc_device_get(99, nullptr);
    (void)n;
  });
  t.join();
  CHECK(theirs.empty());
  CHECK(acc_last_error_message() == mine);
}

TEST_CASE("api: device info respects the caller's struct size", "[api]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  acc_device_info_t info;
  std::memset(&info, 0xAB, sizeof(info));
  info.struct_size = offsetof(acc_device_info_t, vendor);
  REQUIRE(acc_device_get_info(d, &info) == ACC_SUCCESS);
  CHECK(info.struct_size == offsetof(acc_device_info_t, vendor));
  CHECK(std::string(info.name) == "Mock Device 0");
  CHECK(uint8_t(info.vendor[0]) == 0xAB); // Beyond the prefix: untouched.
}

TEST_CASE("api: buffer commands move data and check ranges", "[api]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  acc_queue_t q;
  REQUIRE(acc_queue_create(d, &q) == ACC_SUCCESS);
  acc_buffer_t a, b;
  REQUIRE(acc_buffer_create(d, 64, ACC_BUFFER_READ_WRITE, &a) == ACC_SUCCESS);
  REQUIRE(acc_buffer_create(d, 64, ACC_BUFFER_READ_ONLY, &b) == ACC_SUCCESS);
  uint64_t size = 0;
  REQUIRE(acc_buffer_size(a, &size) == ACC_SUCCESS);
  CHECK(size == 64);

  uint8_t src[64], dst[64];
  for (int i = 0; i < 64; ++i)
    src[i] = uint8_t(i);
  REQUIRE(acc_buffer_write(q, a, 0, 64, src) == ACC_SUCCESS);
  REQUIRE(acc_buffer_copy(q, a, 8, b, 0, 32) == ACC_SUCCESS);
  REQUIRE(acc_buffer_read(q, b, 0, 32, dst) == ACC_SUCCESS);
  for (int i = 0; i < 32; ++i)
    CHECK(dst[i] == uint8_t(i + 8));
  uint16_t pattern = 0xBEEF;
  REQUIRE(acc_buffer_fill(q, a, 4, 8, &pattern, 2) == ACC_SUCCESS);
  REQUIRE(acc_buffer_read(q, a, 0, 16, dst) == ACC_SUCCESS);
  CHECK(dst[3] == 3);
  CHECK(dst[4] == 0xEF);
  CHECK(dst[5] == 0xBE);
  CHECK(dst[12] == 12);
  REQUIRE(acc_queue_finish(q) == ACC_SUCCESS);
  // Zero-size operations are valid.
  CHECK(acc_buffer_write(q, a, 64, 0, nullptr) == ACC_SUCCESS);
  CHECK(acc_buffer_read(q, a, 64, 0, nullptr) == ACC_SUCCESS);

  SECTION("out-of-range accesses") {
    CHECK(acc_buffer_write(q, a, 60, 8, src) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(contains(acc_last_error_message(), "does not fit"));
    CHECK(acc_buffer_read(q, a, 65, 0, dst) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_read(q, a, ~uint64_t(0), 2, dst) ==
          ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_copy(q, a, 0, b, 40, 32) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_copy(q, a, 0, a, 8, 16) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(contains(acc_last_error_message(), "overlap"));
    CHECK(acc_buffer_copy(q, a, 0, a, 32, 32) == ACC_SUCCESS);
  }
  SECTION("fill patterns") {
    uint8_t p[256] = {};
    CHECK(acc_buffer_fill(q, a, 0, 64, p, 3) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_fill(q, a, 0, 64, p, 0) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_fill(q, a, 0, 64, p, 256) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_fill(q, a, 2, 8, p, 4) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_fill(q, a, 0, 6, p, 4) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_fill(q, a, 0, 128, p, 128) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_fill(q, a, 0, 64, p, 64) == ACC_SUCCESS);
  }
  SECTION("creation flags and sizes") {
    acc_buffer_t c;
    CHECK(acc_buffer_create(d, 4, 0x80, &c) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_create(d, 4, ACC_BUFFER_READ_ONLY | ACC_BUFFER_WRITE_ONLY,
                            &c) == ACC_ERROR_INVALID_ARGUMENT);
    CHECK(acc_buffer_create(d, (1ull << 28) + 1, 0, &c) ==
          ACC_ERROR_INVALID_ARGUMENT);
    CHECK(contains(acc_last_error_message(), "largest allocation"));
    REQUIRE(acc_buffer_create(d, 0, 0, &c) == ACC_SUCCESS);
    CHECK(acc_buffer_release(c) == ACC_SUCCESS);
  }
  CHECK(acc_buffer_release(a) == ACC_SUCCESS);
  CHECK(acc_buffer_release(b) == ACC_SUCCESS);
  CHECK(acc_queue_release(q) == ACC_SUCCESS);
}

TEST_CASE("api: a queue can be shared between threads", "[api]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  acc_queue_t q;
  REQUIRE(acc_queue_create(d, &q) == ACC_SUCCESS);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        acc_buffer_t b;
        uint32_t v = uint32_t(t * 1000 + i), out = 0;
        if (acc_buffer_create(d, 4, 0, &b) != ACC_SUCCESS ||
            acc_buffer_write(q, b, 0, 4, &v) != ACC_SUCCESS ||
            acc_buffer_read(q, b, 0, 4, &out) != ACC_SUCCESS || out != v ||
            acc_buffer_release(b) != ACC_SUCCESS)
          ++failures;
      }
    });
  for (auto &t : threads)
    t.join();
  CHECK(failures == 0);
  CHECK(acc_queue_release(q) == ACC_SUCCESS);
}

extern "C" int acc_test_c_header(void);

TEST_CASE("api: acc.h is valid C and its helpers work", "[api]") {
  CHECK(acc_test_c_header() == 0);
}
