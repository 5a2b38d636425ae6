//===- LaunchTest.cpp - Modules, kernels and launch validation ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Loads the sample bundle on the mock plugin (from memory and from a file),
// checks that damaged bundles are refused through both entry points, that a
// bundle without code for the backend says which --targets to add, and that
// every launch mistake is caught before the plugin sees it, with the kernel
// and the argument named.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <catch2/catch.hpp>

#include <cstring>

using namespace acctest;

namespace {

bool contains(const std::string &s, const std::string &needle) {
  return s.find(needle) != std::string::npos;
}

/// A mock runtime with the sample bundle loaded.
struct Loaded {
  Runtime rt{{pluginDir("mock")}};
  acc_device_t device = nullptr;
  acc_queue_t queue = nullptr;
  acc_module_t module = nullptr;
  std::vector<uint8_t> bytes = sampleBundleBytes();

  Loaded() {
    REQUIRE(rt.result == ACC_SUCCESS);
    device = mockDevice();
    REQUIRE(acc_queue_create(device, &queue) == ACC_SUCCESS);
    REQUIRE(acc_module_load_memory(device, bytes.data(), bytes.size(),
                                   &module) == ACC_SUCCESS);
  }
  ~Loaded() {
    if (module)
      acc_module_release(module);
    acc_queue_release(queue);
  }
  acc_kernel_t kernel(const char *name) {
    acc_kernel_t k = nullptr;
    REQUIRE(acc_kernel_get(module, name, &k) == ACC_SUCCESS);
    return k;
  }
  acc_buffer_t buffer(uint64_t size) {
    acc_buffer_t b = nullptr;
    REQUIRE(acc_buffer_create(device, size, 0, &b) == ACC_SUCCESS);
    return b;
  }
};

} // namespace

TEST_CASE("module: loading picks the device's preferred target", "[module]") {
  Loaded l;
  mock_state_t *s = mockState();
  REQUIRE(s);
  CHECK(s->last_module_target == ACC_TARGET_OPENCL_C);
  CHECK(std::string(s->last_module_arch) == "generic");
  CHECK(s->live_modules == 1);

  uint32_t count = 0;
  REQUIRE(acc_module_kernel_count(l.module, &count) == ACC_SUCCESS);
  CHECK(count == 6);
  const acc_kernel_info_t *info = nullptr;
  REQUIRE(acc_module_kernel_info(l.module, 0, &info) == ACC_SUCCESS);
  CHECK(std::string(info->name) == "add");
  REQUIRE(info->arg_count == 4);
  CHECK(std::string(info->args[3].name) == "n");
  CHECK(std::string(info->args[3].type_name) == "uint");
  CHECK(info->args[3].kind == ACC_ARG_KIND_SCALAR);
  CHECK(info->args[3].size == 4);
  CHECK(info->args[0].access == ACC_ACCESS_READ);
  CHECK(acc_module_kernel_info(l.module, 6, &info) == ACC_ERROR_NOT_FOUND);

  acc_kernel_t k = l.kernel("fixed");
  REQUIRE(acc_kernel_info(k, &info) == ACC_SUCCESS);
  CHECK(info->required_local_size[0] == 8);
  CHECK(acc_kernel_release(k) == ACC_SUCCESS);
  CHECK(acc_kernel_release(k) == ACC_ERROR_INVALID_HANDLE);

  acc_kernel_t none;
  CHECK(acc_kernel_get(l.module, "nope", &none) == ACC_ERROR_NOT_FOUND);
  CHECK(contains(acc_last_error_message(),
                 "no kernel 'nope'; it has add, scale, reduce, fixed, dbl"));
}

TEST_CASE("module: loading from a file", "[module]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  std::string path = dataPath("sample.accbin");
  writeFile(path, sampleBundleBytes());
  acc_module_t m;
  REQUIRE(acc_module_load_file(d, path.c_str(), &m) == ACC_SUCCESS);
  CHECK(acc_module_release(m) == ACC_SUCCESS);
  CHECK(acc_module_release(m) == ACC_ERROR_INVALID_HANDLE);

  CHECK(acc_module_load_file(d, dataPath("missing.accbin").c_str(), &m) ==
        ACC_ERROR_IO);
  CHECK(contains(acc_last_error_message(), "missing.accbin"));
  CHECK(acc_module_load_file(d, ACC_TEST_DATA_DIR, &m) == ACC_ERROR_IO);
}

TEST_CASE("module: corrupted and truncated bundles are refused", "[module]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  const std::vector<uint8_t> good = sampleBundleBytes();
  std::string path = dataPath("damaged.accbin");
  acc_module_t m;

  auto both = [&](const std::vector<uint8_t> &bytes, const char *needle) {
    CHECK(acc_module_load_memory(d, bytes.data(), bytes.size(), &m) ==
          ACC_ERROR_INVALID_BUNDLE);
    std::string msg = acc_last_error_message();
    CHECK(msg.rfind("bundle in memory: ", 0) == 0);
    CHECK(contains(msg, needle));
    writeFile(path, bytes);
    CHECK(acc_module_load_file(d, path.c_str(), &m) ==
          ACC_ERROR_INVALID_BUNDLE);
    msg = acc_last_error_message();
    CHECK(msg.rfind(path + ": ", 0) == 0);
    CHECK(contains(msg, needle));
  };

  for (size_t len : {size_t(0), size_t(5), size_t(40), size_t(64),
                     good.size() / 2, good.size() - 1}) {
    INFO("truncated to " << len);
    std::vector<uint8_t> cut(good.begin(), good.begin() + len);
    both(cut, len < 8 ? "acc-cc" : "truncated");
  }
  for (size_t at : {size_t(0), size_t(9), size_t(20), size_t(100),
                    good.size() - 1}) {
    INFO("byte " << at << " flipped");
    std::vector<uint8_t> bad = good;
    bad[at] ^= 0x40;
    both(bad, at == 0 ? "not an acc bundle" : "");
  }
  std::vector<uint8_t> major = good;
  major[8] = 9;
  reseal(major);
  both(major, ("format version 9." +
               std::to_string(acc::bundle::kFormatMinor)).c_str());
  CHECK(mockState()->live_modules == 0);
}

TEST_CASE("module: a bundle without code for the backend says what to add",
          "[module]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  acc::bundle::Bundle b = sampleBundle();
  b.code.erase(b.code.begin() + 1); // Keep only cpu-x86_64.
  std::vector<uint8_t> bytes = acc::bundle::write(b);
  acc_module_t m;
  CHECK(acc_module_load_memory(d, bytes.data(), bytes.size(), &m) ==
        ACC_ERROR_NO_CODE_FOR_BACKEND);
  std::string msg = acc_last_error_message();
  INFO(msg);
  CHECK(contains(msg, "no code for backend 'mock'"));
  CHECK(contains(msg, "accepts opencl-c, glsl"));
  CHECK(contains(msg, "cpu-x86_64 (x86-64)"));
  CHECK(contains(msg, "acc-cc --targets=cpu,opencl-c"));
}

TEST_CASE("module: a plugin build failure keeps the plugin's log", "[module]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  acc::bundle::Bundle b = sampleBundle();
  const char *fail = "FAIL to build";
  b.code[1].data.assign(fail, fail + std::strlen(fail));
  std::vector<uint8_t> bytes = acc::bundle::write(b);
  acc_module_t m;
  CHECK(acc_module_load_memory(d, bytes.data(), bytes.size(), &m) ==
        ACC_ERROR_BUILD_FAILED);
  CHECK(std::string(acc_last_error_message()) ==
        "bundle in memory: mock: mock build log: line 1: the code says FAIL");
}

TEST_CASE("module: a kernel the code object leaves out is refused with the "
          "reason, the others load",
          "[module]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc::bundle::Bundle b = sampleBundle();
  // code[1] is the opencl-c object the mock takes; kernel 4 is dbl.
  b.code[1].missing.push_back({4, "uses fp64, which this target lacks"});
  std::vector<uint8_t> bytes = acc::bundle::write(b);
  acc_module_t m = nullptr;
  REQUIRE(acc_module_load_memory(mockDevice(), bytes.data(), bytes.size(),
                                 &m) == ACC_SUCCESS);
  // The plugin is told only of the kernels the code holds; the application
  // still sees every kernel's metadata.
  CHECK(mockState()->last_module_kernel_count == 5);
  uint32_t count = 0;
  REQUIRE(acc_module_kernel_count(m, &count) == ACC_SUCCESS);
  CHECK(count == 6);
  acc_kernel_t k = nullptr;
  CHECK(acc_kernel_get(m, "dbl", &k) == ACC_ERROR_UNSUPPORTED);
  CHECK(std::string(acc_last_error_message()) ==
        "acc_kernel_get: kernel 'dbl' cannot run on device 0 'Mock Device 0' "
        "(backend mock): the bundle's opencl-c code leaves it out (uses fp64, "
        "which this target lacks); run it on a backend whose target holds it "
        "(acc-info --bundle lists them) or change the kernel");
  REQUIRE(acc_kernel_get(m, "add", &k) == ACC_SUCCESS);
  CHECK(acc_kernel_release(k) == ACC_SUCCESS);
  CHECK(acc_module_release(m) == ACC_SUCCESS);
}

TEST_CASE("module: a later target whose code holds every kernel is "
          "preferred to one that leaves a kernel out",
          "[module]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc::bundle::Bundle b = sampleBundle();
  // The mock takes opencl-c, then glsl: the opencl-c code leaves dbl out,
  // a glsl object holds it.
  b.code[1].missing.push_back({4, "uses fp64, which this target lacks"});
  acc::bundle::CodeObject glsl = b.code[1];
  glsl.target = ACC_TARGET_GLSL;
  glsl.arch = "glsl-310es";
  glsl.missing.clear();
  b.code.push_back(glsl);
  std::vector<uint8_t> bytes = acc::bundle::write(b);
  acc_module_t m = nullptr;
  REQUIRE(acc_module_load_memory(mockDevice(), bytes.data(), bytes.size(),
                                 &m) == ACC_SUCCESS);
  CHECK(mockState()->last_module_target == ACC_TARGET_GLSL);
  CHECK(mockState()->last_module_kernel_count == 6);
  acc_kernel_t k = nullptr;
  REQUIRE(acc_kernel_get(m, "dbl", &k) == ACC_SUCCESS);
  CHECK(acc_kernel_release(k) == ACC_SUCCESS);
  CHECK(acc_module_release(m) == ACC_SUCCESS);
}

TEST_CASE("module: code of a launch convention the plugin does not know is "
          "refused with what to rebuild",
          "[module]") {
  acc::bundle::Bundle b = sampleBundle();
  b.code[1].launchAbi = 7;
  std::vector<uint8_t> bytes = acc::bundle::write(b);
  acc_module_t m = nullptr;
  SECTION("a plugin of ABI 1.2 or later refuses it itself") {
    Runtime rt({pluginDir("mock")});
    REQUIRE(rt.result == ACC_SUCCESS);
    CHECK(acc_module_load_memory(mockDevice(), bytes.data(), bytes.size(),
                                 &m) == ACC_ERROR_ABI_VERSION);
    CHECK(contains(acc_last_error_message(), "launch convention 7"));
  }
  SECTION("the runtime keeps it from a plugin older than ABI 1.2") {
    Runtime rt({pluginDir("oldminor")});
    REQUIRE(rt.result == ACC_SUCCESS);
    acc_device_t d = nullptr;
    REQUIRE(acc_device_get(0, &d) == ACC_SUCCESS);
    CHECK(acc_module_load_memory(d, bytes.data(), bytes.size(), &m) ==
          ACC_ERROR_ABI_VERSION);
    std::string msg = acc_last_error_message();
    INFO(msg);
    CHECK(contains(msg, "follows launch convention 7, but backend 'oldminor' "
                        "was built for plugin ABI 1.0"));
    CHECK(contains(msg, "rebuild the plugin against plugin ABI 1."));
  }
}

TEST_CASE("launch: a valid launch reaches the plugin and runs", "[launch]") {
  Loaded l;
  acc_kernel_t add = l.kernel("add");
  const uint32_t n = 1000;
  acc_buffer_t a = l.buffer(n * 4), b = l.buffer(n * 4), c = l.buffer(n * 4);
  std::vector<float> ha(n), hb(n), hc(n);
  for (uint32_t i = 0; i < n; ++i) {
    ha[i] = float(i);
    hb[i] = 0.5f * float(i);
  }
  REQUIRE(acc_buffer_write(l.queue, a, 0, n * 4, ha.data()) == ACC_SUCCESS);
  REQUIRE(acc_buffer_write(l.queue, b, 0, n * 4, hb.data()) == ACC_SUCCESS);
  acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_buffer(b), acc_arg_buffer(c),
                      ACC_ARG_SCALAR(n)};
  acc_launch_config_t cfg = acc_launch_config_1d(n, 0);
  REQUIRE(acc_launch(l.queue, add, &cfg, 4, args) == ACC_SUCCESS);
  REQUIRE(acc_buffer_read(l.queue, c, 0, n * 4, hc.data()) == ACC_SUCCESS);
  for (uint32_t i = 0; i < n; ++i)
    REQUIRE(hc[i] == 1.5f * float(i));

  const mock_launch_t &rec = mockState()->last_launch;
  CHECK(std::string(rec.kernel) == "add");
  CHECK(rec.work_dim == 1);
  CHECK(rec.global_size[0] == n);
  CHECK(rec.global_size[1] == 1);
  CHECK(rec.local_size[0] == 256); // The default; the last group is partial.
  CHECK(rec.local_size[1] == 1);
  CHECK(rec.arg_count == 4);
  CHECK(rec.arg_kinds[3] == ACC_ARG_KIND_SCALAR);
  CHECK(rec.arg_sizes[3] == 4);

  // The runtime's choice for 2-D and prime sizes.
  acc_kernel_t fixed = l.kernel("fixed");
  acc_arg_t one[] = {acc_arg_buffer(a)};
  cfg = acc_launch_config_1d(64, 0);
  REQUIRE(acc_launch(l.queue, fixed, &cfg, 1, one) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.local_size[0] == 8); // reqd_work_group_size.
  acc_kernel_t scale = l.kernel("scale");
  float f = 2.0f;
  acc_arg_t sargs[] = {acc_arg_buffer(a), ACC_ARG_SCALAR(f)};
  cfg = acc_launch_config_2d(64, 48, 0, 0);
  REQUIRE(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.local_size[0] == 16);
  CHECK(mockState()->last_launch.local_size[1] == 16);
  // A prime range is rounded up to whole groups of the preferred size,
  // never run in groups of 1; a small one is one group.
  cfg = acc_launch_config_1d(997, 0);
  REQUIRE(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.local_size[0] == 256);
  CHECK(mockState()->last_launch.global_size[0] == 997);
  cfg = acc_launch_config_1d(7, 0);
  REQUIRE(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.local_size[0] == 7);
  cfg = acc_launch_config_2d(1000, 3, 0, 0);
  REQUIRE(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.local_size[0] == 16);
  CHECK(mockState()->last_launch.local_size[1] == 3);
  // A huge range: still the preferred size.
  cfg = acc_launch_config_1d((1ull << 40) + 3, 0);
  REQUIRE(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.local_size[0] == 256);
  // A kernel that runs whole groups only (barriers) gets a divisor of the
  // range, and a prime range then has to run in groups of 1.
  acc_kernel_t reduce = l.kernel("reduce");
  acc_arg_t rargs[] = {acc_arg_buffer(a), acc_arg_local(64), acc_arg_buffer(b)};
  cfg = acc_launch_config_1d(1000, 0);
  REQUIRE(acc_launch(l.queue, reduce, &cfg, 3, rargs) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.local_size[0] == 250);
  cfg = acc_launch_config_1d(997, 0);
  REQUIRE(acc_launch(l.queue, reduce, &cfg, 3, rargs) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.local_size[0] == 1);
  CHECK(acc_kernel_release(reduce) == ACC_SUCCESS);
  cfg = acc_launch_config_1d(100, 0);
  cfg.global_offset[0] = 7;
  REQUIRE(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_SUCCESS);
  CHECK(mockState()->last_launch.global_offset[0] == 7);

  for (acc_kernel_t k : {add, fixed, scale})
    CHECK(acc_kernel_release(k) == ACC_SUCCESS);
  for (acc_buffer_t x : {a, b, c})
    CHECK(acc_buffer_release(x) == ACC_SUCCESS);
}

TEST_CASE("launch: a plugin without kernel_get_properties gets the device "
          "limits", "[launch]") {
  Loaded l;
  acc_kernel_t add = l.kernel("add");
  acc_kernel_properties_t props{};
  props.struct_size = sizeof(props);
  REQUIRE(acc_kernel_get_properties(add, &props) == ACC_SUCCESS);
  CHECK(props.max_work_group_size == 256); // the mock device's limit
  CHECK(props.preferred_work_group_multiple == 1);
  CHECK(props.static_local_memory_size == 0);
  // A caller compiled against a smaller struct gets only its prefix.
  acc_kernel_properties_t small{};
  small.struct_size = 8;
  small.preferred_work_group_multiple = 99;
  REQUIRE(acc_kernel_get_properties(add, &small) == ACC_SUCCESS);
  CHECK(small.struct_size == 8);
  CHECK(small.max_work_group_size == 256);
  CHECK(small.preferred_work_group_multiple == 99);
}

TEST_CASE("launch: argument mismatches name the kernel and argument",
          "[launch]") {
  Loaded l;
  acc_kernel_t add = l.kernel("add");
  acc_buffer_t a = l.buffer(64);
  uint32_t n = 16;
  uint64_t wide = 16;
  acc_launch_config_t cfg = acc_launch_config_1d(16, 0);
  int before = mockState()->launch_count;

  SECTION("count") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_buffer(a),
                        acc_arg_buffer(a)};
    CHECK(acc_launch(l.queue, add, &cfg, 3, args) == ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(acc_last_error_message()) ==
          "acc_launch: kernel 'add' takes 4 arguments, but 3 were given");
  }
  SECTION("kind") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_buffer(a), acc_arg_buffer(a),
                        acc_arg_buffer(a)};
    CHECK(acc_launch(l.queue, add, &cfg, 4, args) == ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(acc_last_error_message()) ==
          "acc_launch: argument 3 ('n') of kernel 'add' is a scalar (uint), "
          "but a buffer was given");
  }
  SECTION("scalar where a buffer is expected") {
    acc_arg_t args[] = {ACC_ARG_SCALAR(n), acc_arg_buffer(a), acc_arg_buffer(a),
                        ACC_ARG_SCALAR(n)};
    CHECK(acc_launch(l.queue, add, &cfg, 4, args) == ACC_ERROR_INVALID_LAUNCH);
    CHECK(contains(acc_last_error_message(),
                   "argument 0 ('a') of kernel 'add' is a buffer"));
  }
  SECTION("scalar size") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_buffer(a), acc_arg_buffer(a),
                        ACC_ARG_SCALAR(wide)};
    CHECK(acc_launch(l.queue, add, &cfg, 4, args) == ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(acc_last_error_message()) ==
          "acc_launch: argument 3 ('n') of kernel 'add' is a 4-byte scalar "
          "(uint), but 8 bytes were given");
  }
  SECTION("NULL scalar value") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_buffer(a), acc_arg_buffer(a),
                        acc_arg_scalar(nullptr, 4)};
    CHECK(acc_launch(l.queue, add, &cfg, 4, args) ==
          ACC_ERROR_INVALID_ARGUMENT);
  }
  SECTION("released buffer") {
    acc_buffer_t gone = l.buffer(4);
    REQUIRE(acc_buffer_release(gone) == ACC_SUCCESS);
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_buffer(gone),
                        acc_arg_buffer(a), ACC_ARG_SCALAR(n)};
    CHECK(acc_launch(l.queue, add, &cfg, 4, args) == ACC_ERROR_INVALID_HANDLE);
    CHECK(contains(acc_last_error_message(), "argument 1 ('b')"));
  }
  SECTION("NULL args with a nonzero count") {
    CHECK(acc_launch(l.queue, add, &cfg, 4, nullptr) ==
          ACC_ERROR_INVALID_ARGUMENT);
  }
  SECTION("unknown kind") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_buffer(a), acc_arg_buffer(a),
                        ACC_ARG_SCALAR(n)};
    args[3].kind = 42;
    CHECK(acc_launch(l.queue, add, &cfg, 4, args) == ACC_ERROR_INVALID_LAUNCH);
  }
  CHECK(mockState()->launch_count == before);
  acc_buffer_release(a);
  acc_kernel_release(add);
}

TEST_CASE("launch: typed scalars are checked by type, not only by size",
          "[launch]") {
  Loaded l;
  acc_kernel_t add = l.kernel("add");
  acc_kernel_t scale = l.kernel("scale");
  acc_kernel_t axpy = l.kernel("axpy");
  acc_buffer_t a = l.buffer(64);
  acc_launch_config_t cfg = acc_launch_config_1d(16, 0);
  int32_t one = 1;
  uint32_t n = 16;
  float f = 2.0f;
  int16_t shift[2] = {1, 2};

  SECTION("an int for a float parameter") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_i32(&one)};
    CHECK(acc_launch(l.queue, scale, &cfg, 2, args) ==
          ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(acc_last_error_message()) ==
          "acc_launch: argument 1 ('factor') of kernel 'scale' is a float, "
          "but an int was given");
  }
  SECTION("a float for a uint parameter") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_buffer(a),
                        acc_arg_buffer(a), acc_arg_f32(&f)};
    CHECK(acc_launch(l.queue, add, &cfg, 4, args) == ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(acc_last_error_message()) ==
          "acc_launch: argument 3 ('n') of kernel 'add' is a uint, but a "
          "float was given");
  }
  SECTION("a typedef is shown with its type, without its address space") {
    acc_arg_t args[] = {acc_arg_i32(&one), acc_arg_typed(shift, 4,
                                                         ACC_SCALAR_TYPE_I16),
                        acc_arg_buffer(a)};
    CHECK(acc_launch(l.queue, axpy, &cfg, 3, args) ==
          ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(acc_last_error_message()) ==
          "acc_launch: argument 0 ('alpha') of kernel 'axpy' is a real_t "
          "(float), but an int was given");
  }
  SECTION("a vector's element type is checked") {
    acc_arg_t args[] = {acc_arg_f32(&f), acc_arg_i32(&one), acc_arg_buffer(a)};
    CHECK(acc_launch(l.queue, axpy, &cfg, 3, args) ==
          ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(acc_last_error_message()) ==
          "acc_launch: argument 1 ('shift') of kernel 'axpy' is a short2, "
          "but an int was given");
  }
  SECTION("matching types launch; integer signedness may differ") {
    int before = mockState()->launch_count;
    int32_t signedCount = 16;
    acc_arg_t addArgs[] = {acc_arg_buffer(a), acc_arg_buffer(a),
                           acc_arg_buffer(a), acc_arg_i32(&signedCount)};
    CHECK(acc_launch(l.queue, add, &cfg, 4, addArgs) == ACC_SUCCESS);
    acc_arg_t axpyArgs[] = {acc_arg_f32(&f),
                            acc_arg_typed(shift, 4, ACC_SCALAR_TYPE_I16),
                            acc_arg_buffer(a)};
    CHECK(acc_launch(l.queue, axpy, &cfg, 3, axpyArgs) == ACC_SUCCESS);
    CHECK(mockState()->launch_count == before + 2);
  }
  SECTION("an untyped scalar keeps the size check only") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_scalar(&one, 4)};
    CHECK(acc_launch(l.queue, scale, &cfg, 2, args) == ACC_SUCCESS);
  }
  SECTION("a scalar_type that is not one is refused") {
    acc_arg_t args[] = {acc_arg_buffer(a), acc_arg_u32(&n)};
    args[1].scalar_type = 0x5eed;
    CHECK(acc_launch(l.queue, scale, &cfg, 2, args) ==
          ACC_ERROR_INVALID_ARGUMENT);
    CHECK(contains(acc_last_error_message(), "is not an acc_scalar_type_t"));
  }
  acc_buffer_release(a);
  acc_kernel_release(add);
  acc_kernel_release(scale);
  acc_kernel_release(axpy);
}

TEST_CASE("launch: ranges are checked against kernel and device",
          "[launch]") {
  Loaded l;
  acc_kernel_t scale = l.kernel("scale");
  acc_kernel_t reduce = l.kernel("reduce");
  acc_kernel_t fixed = l.kernel("fixed");
  acc_kernel_t dbl = l.kernel("dbl");
  acc_buffer_t a = l.buffer(4096);
  float f = 1.0f;
  acc_arg_t sargs[] = {acc_arg_buffer(a), ACC_ARG_SCALAR(f)};
  acc_arg_t rargs[] = {acc_arg_buffer(a), acc_arg_local(1024),
                       acc_arg_buffer(a)};
  acc_arg_t one[] = {acc_arg_buffer(a)};
  int before = mockState()->launch_count;
  acc_launch_config_t cfg;

  cfg = acc_launch_config_1d(64, 0);
  cfg.work_dim = 0;
  CHECK(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(), "work_dim is 0"));
  cfg.work_dim = 4;
  CHECK(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_ERROR_INVALID_LAUNCH);

  cfg = acc_launch_config_2d(64, 0, 0, 0);
  CHECK(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(), "dimension 1 is 0"));

  cfg = acc_launch_config_2d(64, 64, 8, 0);
  CHECK(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(), "zero in some dimension"));

  cfg = acc_launch_config_1d(1024, 512);
  CHECK(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(), "exceeds the limit of 256"));

  cfg = acc_launch_config_2d(64, 64, 32, 16);
  CHECK(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(), "a work-group of 512"));

  cfg = acc_launch_config_1d(64, 16);
  CHECK(acc_launch(l.queue, fixed, &cfg, 1, one) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(),
                 "kernel 'fixed' requires a work-group size of 8x1x1"));

  cfg = acc_launch_config_1d(100, 16);
  CHECK(acc_launch(l.queue, reduce, &cfg, 3, rargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(), "kernel 'reduce' uses barriers"));
  // Without barriers the same range is fine.
  CHECK(acc_launch(l.queue, scale, &cfg, 2, sargs) == ACC_SUCCESS);
  ++before;

  cfg = acc_launch_config_1d(128, 16);
  rargs[1] = acc_arg_local(0);
  CHECK(acc_launch(l.queue, reduce, &cfg, 3, rargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(), "argument 1 ('scratch')"));
  rargs[1] = acc_arg_local(1 << 20);
  CHECK(acc_launch(l.queue, reduce, &cfg, 3, rargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(contains(acc_last_error_message(), "bytes of local memory"));
  rargs[1] = acc_arg_local(1024);
  CHECK(acc_launch(l.queue, reduce, &cfg, 3, rargs) == ACC_SUCCESS);
  ++before;
  CHECK(mockState()->last_launch.arg_kinds[1] == ACC_ARG_KIND_LOCAL);
  CHECK(mockState()->last_launch.arg_sizes[1] == 1024);

  cfg = acc_launch_config_1d(64, 0);
  CHECK(acc_launch(l.queue, dbl, &cfg, 1, one) == ACC_ERROR_UNSUPPORTED);
  CHECK(contains(acc_last_error_message(), "kernel 'dbl' uses double precision"));

  CHECK(acc_launch(l.queue, scale, nullptr, 2, sargs) ==
        ACC_ERROR_INVALID_ARGUMENT);
  cfg.struct_size = 8;
  CHECK(acc_launch(l.queue, scale, &cfg, 2, sargs) ==
        ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_launch(nullptr, scale, &cfg, 2, sargs) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_launch(l.queue, nullptr, &cfg, 2, sargs) ==
        ACC_ERROR_INVALID_HANDLE);

  CHECK(mockState()->launch_count == before);
  for (acc_kernel_t k : {scale, reduce, fixed, dbl})
    acc_kernel_release(k);
  acc_buffer_release(a);
}

TEST_CASE("launch: a kernel keeps its module alive", "[launch]") {
  Loaded l;
  acc_kernel_t scale = l.kernel("scale");
  REQUIRE(acc_module_release(l.module) == ACC_SUCCESS);
  l.module = nullptr;
  CHECK(mockState()->live_modules == 1);
  acc_buffer_t a = l.buffer(16);
  float f = 3.0f;
  acc_arg_t args[] = {acc_arg_buffer(a), ACC_ARG_SCALAR(f)};
  acc_launch_config_t cfg = acc_launch_config_1d(4, 0);
  CHECK(acc_launch(l.queue, scale, &cfg, 2, args) == ACC_SUCCESS);
  const acc_kernel_info_t *info;
  REQUIRE(acc_kernel_info(scale, &info) == ACC_SUCCESS);
  CHECK(std::string(info->args[1].name) == "factor");
  CHECK(acc_kernel_release(scale) == ACC_SUCCESS);
  CHECK(mockState()->live_modules == 0);
  acc_buffer_release(a);
}

TEST_CASE("launch: queue and kernel of different devices", "[launch]") {
  ScopedEnv env("ACC_MOCK_DEVICES", "2");
  Loaded l;
  acc_queue_t q1;
  REQUIRE(acc_queue_create(mockDevice(1), &q1) == ACC_SUCCESS);
  acc_kernel_t scale = l.kernel("scale");
  acc_buffer_t a = l.buffer(16);
  float f = 1.0f;
  acc_arg_t args[] = {acc_arg_buffer(a), ACC_ARG_SCALAR(f)};
  acc_launch_config_t cfg = acc_launch_config_1d(4, 0);
  CHECK(acc_launch(q1, scale, &cfg, 2, args) == ACC_ERROR_INVALID_HANDLE);
  CHECK(contains(acc_last_error_message(), "was loaded for device 0"));
  acc_kernel_release(scale);
  acc_buffer_release(a);
  acc_queue_release(q1);
}

TEST_CASE("launch: kernel features and device limits are checked, naming "
          "the kernel, the feature and the device",
          "[launch][caps]") {
  // The mock device without 8-bit storage, printf and timestamps, and with
  // at most 4 work-groups per dimension.
  ScopedEnv caps("ACC_MOCK_CAPS",
                 std::to_string(ACC_DEVICE_CAP_STORAGE_16BIT |
                                ACC_DEVICE_CAP_INT64).c_str());
  ScopedEnv groups("ACC_MOCK_GROUPS", "4");
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  acc::bundle::Bundle b = sampleBundle();
  b.kernels[1].flags |= ACC_KERNEL_FLAG_USES_8BIT_STORAGE; // scale
  b.kernels[0].flags |= ACC_KERNEL_FLAG_USES_16BIT_STORAGE; // add
  std::vector<uint8_t> bytes = acc::bundle::write(b);
  acc_module_t m = nullptr;
  REQUIRE(acc_module_load_memory(d, bytes.data(), bytes.size(), &m) ==
          ACC_SUCCESS);
  acc_queue_t q = nullptr;
  REQUIRE(acc_queue_create(d, &q) == ACC_SUCCESS);
  acc_buffer_t buf = nullptr;
  REQUIRE(acc_buffer_create(d, 4096, 0, &buf) == ACC_SUCCESS);
  acc_kernel_t scale = nullptr, add = nullptr;
  REQUIRE(acc_kernel_get(m, "scale", &scale) == ACC_SUCCESS);
  REQUIRE(acc_kernel_get(m, "add", &add) == ACC_SUCCESS);
  float f = 2.0f;
  uint32_t n = 16;
  acc_arg_t sargs[] = {acc_arg_buffer(buf), acc_arg_f32(&f)};
  acc_launch_config_t cfg = acc_launch_config_1d(64, 16);

  CHECK(acc_launch(q, scale, &cfg, 2, sargs) == ACC_ERROR_UNSUPPORTED);
  CHECK(std::string(acc_last_error_message()) ==
        "acc_launch: kernel 'scale' uses 8-bit values in buffers or arguments "
        "(char, uchar), which device 0 'Mock Device 0' (backend mock) does not "
        "support");
  // A feature the device has: the launch goes on to the range checks.
  acc_arg_t aargs[] = {acc_arg_buffer(buf), acc_arg_buffer(buf),
                       acc_arg_buffer(buf), acc_arg_u32(&n)};
  CHECK(acc_launch(q, add, &cfg, 4, aargs) == ACC_SUCCESS);
  cfg = acc_launch_config_1d(80, 16); // 5 groups of 16
  CHECK(acc_launch(q, add, &cfg, 4, aargs) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(std::string(acc_last_error_message())
            .find("5 work-groups in dimension 0 exceed the 4") !=
        std::string::npos);

  acc_event_t e = nullptr;
  CHECK(acc_queue_record_event(q, ACC_EVENT_TIMING, &e) ==
        ACC_ERROR_UNSUPPORTED);
  CHECK(std::string(acc_last_error_message()).find("timestamps") !=
        std::string::npos);
  acc_buffer_t mapped = nullptr;
  CHECK(acc_buffer_create(d, 64, ACC_BUFFER_HOST_VISIBLE, &mapped) ==
        ACC_ERROR_UNSUPPORTED);

  acc_kernel_release(scale);
  acc_kernel_release(add);
  acc_buffer_release(buf);
  acc_queue_release(q);
  acc_module_release(m);
}

TEST_CASE("launch: host-visible buffers on a device that has them",
          "[launch][caps]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_buffer_t b = nullptr;
  REQUIRE(acc_buffer_create(mockDevice(), 64, ACC_BUFFER_HOST_VISIBLE, &b) ==
          ACC_SUCCESS);
  CHECK(acc_buffer_release(b) == ACC_SUCCESS);
  CHECK(acc_buffer_create(mockDevice(), 64, 1u << 9, &b) ==
        ACC_ERROR_INVALID_ARGUMENT);
}

TEST_CASE("launch: kernel_prepare resolves the range as a launch would",
          "[launch][prepare]") {
  Loaded l;
  acc_kernel_t scale = l.kernel("scale");
  int before = mockState()->prepare_calls;
  // Local size left to the runtime: the plugin prepares what the launch
  // will use.
  acc_launch_config_t cfg = acc_launch_config_1d(997, 0);
  REQUIRE(acc_kernel_prepare(scale, &cfg) == ACC_SUCCESS);
  CHECK(mockState()->prepare_calls == before + 1);
  CHECK(mockState()->last_prepared_local_size[0] == 256);
  cfg = acc_launch_config_2d(64, 64, 8, 4);
  REQUIRE(acc_kernel_prepare(scale, &cfg) == ACC_SUCCESS);
  CHECK(mockState()->last_prepared_local_size[1] == 4);
  // The same checks as a launch, before the plugin sees anything.
  cfg = acc_launch_config_1d(64, 512);
  CHECK(acc_kernel_prepare(scale, &cfg) == ACC_ERROR_INVALID_LAUNCH);
  CHECK(std::string(acc_last_error_message()).rfind("acc_kernel_prepare: ",
                                                    0) == 0);
  CHECK(acc_kernel_prepare(scale, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(mockState()->prepare_calls == before + 2);
  acc_kernel_release(scale);
}
