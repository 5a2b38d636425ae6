//===- CpuBackendTest.cpp - libacc driving the real cpu plugin ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Wraps a hand-written CPU code object (cpu_kernels.c) in a bundle and runs
// it on the cpu backend through the public API. Built only when the cpu
// plugin is; otherwise the test says so and passes vacuously.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"
#include "acc/acc.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace acctest;

#ifdef ACC_TEST_CPU_PLUGIN_DIR

namespace {

/// The bundle of cpu_kernels.c; `archs` are the code objects' arch names,
/// in bundle order (each the same ELF object).
std::vector<uint8_t> cpuBundle(std::vector<std::string> archs = {"x86-64"}) {
  std::ifstream in(ACC_TEST_CPU_KERNELS, std::ios::binary);
  REQUIRE(in);
  acc::bundle::Bundle b;
  b.producer = "acc runtime tests (hand-written cpu code)";
  acc::bundle::KernelInfo k;
  k.name = "axpy";
  auto arg = [](const char *name, const char *type, acc_arg_kind_t kind,
                acc_address_space_t as, uint32_t size) {
    acc::bundle::ArgInfo a;
    a.name = name;
    a.typeName = type;
    a.kind = kind;
    a.addressSpace = as;
    a.scalarType = ACC_SCALAR_TYPE_F32;
    a.size = size;
    a.alignment = 4;
    return a;
  };
  k.args = {arg("a", "float", ACC_ARG_KIND_SCALAR, ACC_ADDRESS_SPACE_PRIVATE, 4),
            arg("x", "const float*", ACC_ARG_KIND_BUFFER,
                ACC_ADDRESS_SPACE_GLOBAL, 8),
            arg("y", "float*", ACC_ARG_KIND_BUFFER, ACC_ADDRESS_SPACE_GLOBAL, 8),
            arg("n", "uint", ACC_ARG_KIND_SCALAR, ACC_ADDRESS_SPACE_PRIVATE, 4)};
  k.args[3].scalarType = ACC_SCALAR_TYPE_U32;
  b.kernels = {k};
  acc::bundle::CodeObject c;
  c.target = ACC_TARGET_CPU_X86_64;
  c.data.assign(std::istreambuf_iterator<char>(in),
                std::istreambuf_iterator<char>());
  for (const std::string &arch : archs) {
    c.arch = arch;
    b.code.push_back(c);
  }
  return acc::bundle::write(b);
}

} // namespace

TEST_CASE("cpu: a bundle runs on the cpu backend through libacc", "[cpu]") {
  ScopedEnv backend("ACC_BACKEND", "cpu");
  acc::Runtime runtime({ACC_TEST_CPU_PLUGIN_DIR}, /*onlyThese=*/true);
  acc::Device device = acc::Device::getDefault();
  CHECK(device.backend() == "cpu");
  std::vector<uint8_t> bytes = cpuBundle();
  acc::Module module = acc::Module::loadMemory(device, bytes.data(), bytes.size());
  acc::Kernel axpy = module.kernel("axpy");
  acc::Queue queue(device);

  const uint32_t n = 10007; // Prime: the runtime picks local size 1.
  std::vector<float> hx(n), hy(n);
  for (uint32_t i = 0; i < n; ++i) {
    hx[i] = float(i);
    hy[i] = 1.0f;
  }
  acc::Buffer x(device, n * 4), y(device, n * 4);
  queue.write(x, hx);
  queue.write(y, hy);
  queue.launch(axpy, acc::Range(n), 2.0f, x, y, n);
  queue.launch(axpy, acc::Range(n + 17).local(64), 1.0f, x, y, n);
  std::vector<float> out = queue.read<float>(y, n);
  for (uint32_t i = 0; i < n; ++i)
    REQUIRE(out[i] == 1.0f + 3.0f * float(i));

  // The runtime's checks apply before the plugin is reached.
  CHECK_THROWS_AS(queue.launch(axpy, acc::Range(n), 2.0, x, y, n), acc::Error);
}

TEST_CASE("cpu: a mapped buffer is the buffer's own memory", "[cpu][map]") {
  ScopedEnv backend("ACC_BACKEND", "cpu");
  acc::Runtime runtime({ACC_TEST_CPU_PLUGIN_DIR}, /*onlyThese=*/true);
  acc::Device device = acc::Device::getDefault();
  std::vector<uint8_t> bytes = cpuBundle();
  acc::Module module = acc::Module::loadMemory(device, bytes.data(), bytes.size());
  acc::Kernel axpy = module.kernel("axpy");
  acc::Queue queue(device);
  const uint32_t n = 4096;
  acc::Buffer x(device, n * 4), y(device, n * 4);

  // Written in place, no copy: a kernel sees it after the unmap.
  void *px = nullptr, *py = nullptr, *again = nullptr;
  REQUIRE(acc_buffer_map(queue.handle(), x.handle(), ACC_MAP_WRITE, 0, n * 4,
                         &px) == ACC_SUCCESS);
  REQUIRE(acc_buffer_map(queue.handle(), y.handle(), ACC_MAP_WRITE, 0, n * 4,
                         &py) == ACC_SUCCESS);
  CHECK(reinterpret_cast<uintptr_t>(px) % 64 == 0); // cache-line aligned
  for (uint32_t i = 0; i < n; ++i) {
    static_cast<float *>(px)[i] = float(i);
    static_cast<float *>(py)[i] = 1.0f;
  }
  REQUIRE(acc_buffer_unmap(queue.handle(), x.handle(), px) == ACC_SUCCESS);
  REQUIRE(acc_buffer_unmap(queue.handle(), y.handle(), py) == ACC_SUCCESS);
  queue.launch(axpy, acc::Range(n), 2.0f, x, y, n);

  // Mapping for reading waits for the launch and shows its result, at the
  // same address: the buffer itself, not a staged copy.
  REQUIRE(acc_buffer_map(queue.handle(), y.handle(), ACC_MAP_READ, 0, n * 4,
                         &again) == ACC_SUCCESS);
  CHECK(again == py);
  const float *out = static_cast<const float *>(again);
  for (uint32_t i = 0; i < n; ++i)
    REQUIRE(out[i] == 1.0f + 2.0f * float(i));
  void *part = nullptr;
  REQUIRE(acc_buffer_map(queue.handle(), y.handle(), ACC_MAP_READ, 400, 40,
                         &part) == ACC_SUCCESS);
  CHECK(part == static_cast<char *>(again) + 400);
  CHECK(acc_buffer_unmap(queue.handle(), y.handle(), part) == ACC_SUCCESS);
  CHECK(acc_buffer_unmap(queue.handle(), y.handle(), again) == ACC_SUCCESS);
  CHECK(acc_buffer_unmap(queue.handle(), y.handle(), again) ==
        ACC_ERROR_INVALID_ARGUMENT);
}

TEST_CASE("cpu: the runtime offers the code objects of a target in order",
          "[cpu]") {
  // acc-cc writes x86-64-v4, -v3, -v2; the plugin refuses a level the CPU
  // lacks and the runtime moves on to the next. An unknown level stands in
  // for one this CPU lacks.
  ScopedEnv backend("ACC_BACKEND", "cpu");
  acc::Runtime runtime({ACC_TEST_CPU_PLUGIN_DIR}, /*onlyThese=*/true);
  acc::Device device = acc::Device::getDefault();
  std::vector<uint8_t> both = cpuBundle({"x86-64-v99", "x86-64"});
  acc::Module module = acc::Module::loadMemory(device, both.data(), both.size());
  acc::Kernel axpy = module.kernel("axpy");
  acc::Queue queue(device);
  std::vector<float> hx = {1, 2, 3}, hy = {1, 1, 1};
  acc::Buffer x(device, 12), y(device, 12);
  queue.write(x, hx);
  queue.write(y, hy);
  queue.launch(axpy, acc::Range(3), 2.0f, x, y, 3u);
  CHECK(queue.read<float>(y, 3) == std::vector<float>{3, 5, 7});

  // Nothing acceptable: the error names each refusal.
  std::vector<uint8_t> none = cpuBundle({"x86-64-v99"});
  try {
    acc::Module::loadMemory(device, none.data(), none.size());
    FAIL("a bundle with only an unknown x86-64 level loaded");
  } catch (const acc::Error &e) {
    CHECK(e.result() == ACC_ERROR_NO_CODE_FOR_BACKEND);
    CHECK(std::string(e.what()).find("x86-64-v99") != std::string::npos);
  }
}

#else

TEST_CASE("cpu: a bundle runs on the cpu backend through libacc", "[cpu]") {
  WARN("the cpu plugin is not part of this build; nothing to test");
}

#endif
