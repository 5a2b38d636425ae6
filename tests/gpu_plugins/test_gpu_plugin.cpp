//===- test_gpu_plugin.cpp - The vulkan and gles backends at scale --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Through libacc (ACC_BACKEND=vulkan or gles) with kernels.cl compiled for
// the backend's target (ACC_TEST_BUNDLE):
//  - ten thousand live buffers (on vulkan, of a device that allows 64
//    memory allocations: ctest sets ACC_VULKAN_MAX_ALLOCATIONS=64), each
//    written, some of them computed on, all read back;
//  - eight threads, each with its own queue, passing work along a chain in
//    which every stage waits on the device for the previous thread's event;
//  - eight threads, each with its own queue, doing independent work at once;
//  - (ACC_TEST_OUT_OF_MEMORY) out-of-memory: buffers of the largest size
//    until the device's heap is full, then the error code and message,
//    then recovery;
//  - (ACC_TEST_EXPECT_NO_DEVICE) a machine without the API's library
//    (ACC_TEST_LIBRARY names it).
// Results are checked against the host. Without a device the test prints
// why and exits 77 (ctest: skipped).
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "acc/acc.hpp"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>
#include <thread>
#include <stdexcept>
#include <vector>

namespace {

struct Fixture {
  acc::Runtime runtime;
  acc::Device device = acc::Device::getDefault();
  acc::Module module = acc::Module::loadFile(device, ACC_TEST_BUNDLE);
};

Fixture &fixture() {
  static Fixture f;
  return f;
}

std::vector<uint32_t> readAll(acc::Queue &q, const acc::Buffer &b, size_t n) {
  std::vector<uint32_t> out(n);
  q.read(b, out.data(), n * sizeof(uint32_t));
  return out;
}

} // namespace

TEST_CASE("ten thousand live buffers fit a device with 64 allocations",
          "[memory]") {
  Fixture &f = fixture();
  acc::Queue q(f.device);
  const size_t count = 10000, n = 64;
  std::vector<acc::Buffer> buffers;
  buffers.reserve(count);
  for (size_t b = 0; b < count; ++b) {
    buffers.emplace_back(f.device, n * sizeof(uint32_t));
    std::vector<uint32_t> data(n);
    std::iota(data.begin(), data.end(), uint32_t(b * n));
    q.write(buffers.back(), data);
  }
  // Every 100th buffer, add one into its neighbour.
  acc::Kernel addOne = f.module.kernel("add_one");
  for (size_t b = 0; b + 1 < count; b += 100)
    q.launch(addOne, acc::Range(n), buffers[b], buffers[b + 1]);
  q.finish();
  for (size_t b = 0; b < count; ++b) {
    std::vector<uint32_t> want(n);
    bool computed = b % 100 == 1;
    for (size_t i = 0; i < n; ++i)
      want[i] = computed ? uint32_t((b - 1) * n + i + 1) : uint32_t(b * n + i);
    std::vector<uint32_t> got = readAll(q, buffers[b], n);
    if (got != want)
      FAIL("buffer " << b << " holds wrong data (first: " << got[0]
                     << ", expected " << want[0] << ")");
  }
}

TEST_CASE("eight threads on eight queues pass work through device-side waits",
          "[queues]") {
  Fixture &f = fixture();
  const int stages = 8, rounds = 16;
  const size_t n = 4096;
  // buffers[r][s]: stage s of round r writes buffers[r][s + 1].
  std::vector<std::vector<acc::Buffer>> buffers(rounds);
  for (auto &row : buffers)
    for (int s = 0; s <= stages; ++s)
      row.emplace_back(f.device, n * sizeof(uint32_t));
  // events[r][s] is published by stage s's thread once recorded.
  std::vector<std::vector<std::unique_ptr<acc::Event>>> events(rounds);
  for (auto &row : events)
    row.resize(stages);
  std::mutex mutex;
  std::condition_variable published;
  std::vector<std::string> errors;

  std::vector<std::thread> threads;
  for (int s = 0; s < stages; ++s)
    threads.emplace_back([&, s] {
      try {
        acc::Queue q(f.device);
        acc::Kernel addOne = f.module.kernel("add_one");
        acc::Kernel fill = f.module.kernel("fill_index");
        for (int r = 0; r < rounds; ++r) {
          if (s == 0) {
            q.launch(fill, acc::Range(n), buffers[r][0], uint32_t(r * 1000));
          } else {
            std::unique_lock<std::mutex> lock(mutex);
            published.wait(lock, [&] { return events[r][s - 1] != nullptr; });
            acc::Event &before = *events[r][s - 1];
            lock.unlock();
            q.wait(before); // on the device: no host wait
          }
          q.launch(addOne, acc::Range(n), buffers[r][s], buffers[r][s + 1]);
          auto e = std::make_unique<acc::Event>(q.record());
          {
            std::lock_guard<std::mutex> lock(mutex);
            events[r][s] = std::move(e);
          }
          published.notify_all();
        }
        q.finish();
      } catch (const acc::Error &e) {
        std::lock_guard<std::mutex> lock(mutex);
        errors.push_back(std::string("stage ") + std::to_string(s) + ": " +
                         e.what());
        published.notify_all();
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (const std::string &e : errors)
    FAIL(e);
  acc::Queue q(f.device);
  for (int r = 0; r < rounds; ++r) {
    events[r][stages - 1]->wait();
    std::vector<uint32_t> got = readAll(q, buffers[r][stages], n);
    for (size_t i = 0; i < n; ++i)
      if (got[i] != uint32_t(r * 1000 + i + stages))
        FAIL("round " << r << " item " << i << ": " << got[i] << ", expected "
                      << r * 1000 + i + stages);
  }
}

TEST_CASE("eight threads on eight queues work at once", "[queues]") {
  Fixture &f = fixture();
  const int threadCount = 8, rounds = 24;
  const size_t n = 2048;
  std::mutex mutex;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < threadCount; ++t)
    threads.emplace_back([&, t] {
      try {
        acc::Queue q(f.device);
        acc::Kernel addOne = f.module.kernel("add_one");
        acc::Kernel fill = f.module.kernel("fill_index");
        acc::Buffer a(f.device, n * sizeof(uint32_t)),
            b(f.device, n * sizeof(uint32_t));
        for (int r = 0; r < rounds; ++r) {
          uint32_t base = uint32_t(t * 100000 + r * 1000);
          q.launch(fill, acc::Range(n), a, base);
          q.launch(addOne, acc::Range(n), a, b);
          q.launch(addOne, acc::Range(n), b, a);
          std::vector<uint32_t> got = readAll(q, a, n);
          for (size_t i = 0; i < n; ++i)
            if (got[i] != base + i + 2)
              throw std::runtime_error(
                  "thread " + std::to_string(t) + " round " +
                  std::to_string(r) + " item " + std::to_string(i) + ": " +
                  std::to_string(got[i]));
        }
      } catch (const std::exception &e) {
        std::lock_guard<std::mutex> lock(mutex);
        errors.push_back(e.what());
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (const std::string &e : errors)
    FAIL(e);
}

#if ACC_TEST_OUT_OF_MEMORY
TEST_CASE("a device out of memory says so and recovers", "[memory]") {
  Fixture &f = fixture();
  const uint64_t size = f.device.info().max_allocation_size;
  std::vector<acc::Buffer> held;
  acc_result_t code = ACC_SUCCESS;
  std::string message;
  // A bound, in case a device never runs out (it must, before this).
  const uint64_t limit = f.device.info().global_memory_size / size + 2;
  for (uint64_t k = 0; k < limit && code == ACC_SUCCESS; ++k) {
    try {
      held.emplace_back(f.device, size);
    } catch (const acc::Error &e) {
      code = e.result();
      message = e.what();
    }
  }
  INFO("after " << held.size() << " buffers of " << size << " bytes");
  REQUIRE(code == ACC_ERROR_OUT_OF_MEMORY);
  CHECK(message.find("out of memory") != std::string::npos);
  CHECK(!held.empty());
  // Released memory is usable again.
  held.pop_back();
  acc::Buffer again(f.device, size);
  acc::Queue q(f.device);
  q.launch(f.module.kernel("fill_index"), acc::Range(1024), again,
           uint32_t(7));
  std::vector<uint32_t> got = readAll(q, again, 1024);
  CHECK(got[0] == 7);
  CHECK(got[1023] == 7 + 1023);
}

#endif

TEST_CASE("without the API's library the backend has no device and says why",
          "[no-loader]") {
  acc::Runtime runtime;
  acc_device_t device = nullptr;
  acc_result_t r = acc_device_get_default(&device);
  CHECK(r == ACC_ERROR_NO_DEVICE);
  std::string message = acc_last_error_message();
  INFO(message);
  CHECK(message.find(ACC_TEST_LIBRARY) != std::string::npos);
}

int main(int argc, char **argv) {
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv))
    return rc;
  if (std::getenv("ACC_TEST_EXPECT_NO_DEVICE")) {
    session.configData().testsOrTags = {"[no-loader]"};
    return session.run();
  }
  if (session.configData().testsOrTags.empty())
    session.configData().testsOrTags = {"~[no-loader]"};
  {
    acc::Runtime runtime;
    acc_device_t device = nullptr;
    if (acc_device_get_default(&device) != ACC_SUCCESS) {
      std::printf("SKIP: no device for this backend: %s\n",
                  acc_last_error_message());
      return 77;
    }
  }
  return session.run();
}
