//===- CppApiTest.cpp - Tests of the C++ wrapper acc/acc.hpp --------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"
#include "acc/acc.hpp"

#include <catch2/catch.hpp>

using namespace acctest;

TEST_CASE("c++: end to end on the mock backend", "[cpp]") {
  ScopedEnv backend("ACC_BACKEND", "mock");
  acc::Runtime runtime({pluginDir("mock")}, /*onlyThese=*/true);
  acc::Device device = acc::Device::getDefault();
  CHECK(device.name() == "Mock Device 0");
  CHECK(device.backend() == "mock");
  CHECK(acc::Device::count() == 1);

  std::vector<uint8_t> bytes = sampleBundleBytes();
  acc::Module module = acc::Module::loadMemory(device, bytes.data(), bytes.size());
  CHECK(module.kernelCount() == 6);
  CHECK(std::string(module.kernelInfo(1).name) == "scale");
  acc::Kernel add = module.kernel("add");
  CHECK(add.name() == "add");

  const uint32_t n = 256;
  acc::Queue queue(device);
  acc::Buffer a(device, n * sizeof(float)), b(device, n * sizeof(float)),
      c(device, n * sizeof(float));
  CHECK(a.size() == n * sizeof(float));
  std::vector<float> ha(n, 1.0f), hb(n, 2.0f);
  queue.write(a, ha);
  queue.write(b, hb);
  queue.launch(add, acc::Range(n).local(64), a, b, c, n);
  std::vector<float> out = queue.read<float>(c, n);
  for (float v : out)
    REQUIRE(v == 3.0f);
  CHECK(mockState()->last_launch.local_size[0] == 64);

  acc::Kernel scale = module.kernel("scale");
  queue.launch(scale, acc::Range(n), c, 2.0f);
  CHECK(queue.read<float>(c, 1)[0] == 6.0f);
  queue.fill(c, 0.5f, 0, n * sizeof(float));
  queue.copy(c, a, 16);
  CHECK(queue.read<float>(a, 4)[3] == 0.5f);
  queue.finish();

  // Moving transfers ownership; the moved-from object is empty.
  acc::Buffer moved = std::move(a);
  CHECK_FALSE(static_cast<bool>(a));
  CHECK(static_cast<bool>(moved));

  // The C++ wrapper states each value's type: the integer literal 1 for the
  // float parameter is refused, not reinterpreted as 1.4e-45.
  try {
    queue.launch(scale, acc::Range(n), c, 1);
    FAIL("an int for a float parameter was accepted");
  } catch (const acc::Error &e) {
    CHECK(e.result() == ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(e.what()).find("is a float, but an int was given") !=
          std::string::npos);
  }
  // Integers match whatever their signedness: an int for the uint n.
  queue.launch(add, acc::Range(n), moved, b, c, int(n));

  acc::Kernel reduce = module.kernel("reduce");
  queue.launch(reduce, acc::Range(64).local(16), b, acc::Local{256}, c);
  CHECK(mockState()->last_launch.arg_sizes[1] == 256);
}

TEST_CASE("c++: failures throw acc::Error with code and message", "[cpp]") {
  acc::Runtime runtime({pluginDir("mock")}, /*onlyThese=*/true);
  acc::Device device = acc::Device::get(0);
  std::vector<uint8_t> bytes = sampleBundleBytes();
  acc::Module module = acc::Module::loadMemory(device, bytes.data(), bytes.size());
  acc::Kernel add = module.kernel("add");
  acc::Queue queue(device);
  acc::Buffer a(device, 64);

  try {
    queue.launch(add, acc::Range(16), a, a, a, 1.0); // double, not uint.
    FAIL("launch did not throw");
  } catch (const acc::Error &e) {
    CHECK(e.result() == ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(e.resultName()) == "ACC_ERROR_INVALID_LAUNCH");
    CHECK(std::string(e.what()).find("argument 3 ('n')") != std::string::npos);
  }
  CHECK_THROWS_AS(module.kernel("missing"), acc::Error);
  CHECK_THROWS_AS(acc::Module::loadMemory(device, bytes.data(), 10),
                  acc::Error);
  CHECK_THROWS_AS(acc::Device::get(5), acc::Error);
  CHECK_THROWS_AS(acc::Buffer(device, 1ull << 40), acc::Error);
  {
    ScopedEnv env("ACC_BACKEND", "nonexistent");
    try {
      acc::Device::getDefault();
      FAIL("getDefault did not throw");
    } catch (const acc::Error &e) {
      CHECK(e.result() == ACC_ERROR_NOT_FOUND);
      CHECK(std::string(e.what()) ==
            "ACC_BACKEND=nonexistent: no such backend; available: mock");
    }
  }
}

TEST_CASE("c++: acc::Runtime reports bad options", "[cpp]") {
  acc_init_options_t options;
  acc_init_options_init(&options);
  options.struct_size = 4;
  CHECK_THROWS_AS(acc::Runtime(options), acc::Error);
}
