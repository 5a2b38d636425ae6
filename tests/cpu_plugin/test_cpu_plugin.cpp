//===- test_cpu_plugin.cpp - The cpu plugin, driven through its C ABI -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Tests the cpu backend plugin without libacc and without acc-cc: the plugin
// file is dlopen()ed directly (ACC_TEST_CPU_PLUGIN), and its code objects are
// handwritten_kernels.c built by the host compiler (ACC_TEST_KERNELS*).
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "acc/acc_cpu_abi.h"
#include "acc/acc_plugin.h"

#include <dlfcn.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

//===----------------------------------------------------------------------===//
// Host side of the plugin ABI
//===----------------------------------------------------------------------===//

thread_local acc_result_t lastCode = ACC_SUCCESS;
thread_local std::string lastMessage;

void hostSetError(acc_result_t code, const char *message) {
  lastCode = code;
  lastMessage = message ? message : "";
}

void hostLog(acc_log_level_t, const char *) {}

const acc_plugin_host_v1_t kHost = {sizeof(acc_plugin_host_v1_t), 0,
                                    hostSetError, hostLog};

/// The plugin, loaded and initialised once per process.
struct Plugin {
  void *library = nullptr;
  acc_plugin_query_fn_t query = nullptr;
  const acc_plugin_v1_t *api = nullptr;
  acc_plugin_device_t device = nullptr;
  /// A queue for tests that need one but do not care which.
  acc_plugin_queue_t queue = nullptr;

  Plugin() {
    library = dlopen(ACC_TEST_CPU_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    if (!library)
      FAIL("cannot load " ACC_TEST_CPU_PLUGIN ": " << dlerror());
    query = reinterpret_cast<acc_plugin_query_fn_t>(
        dlsym(library, ACC_PLUGIN_ENTRY_NAME));
    if (!query)
      FAIL("no " ACC_PLUGIN_ENTRY_NAME " in the plugin");
    if (query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &api) != ACC_SUCCESS)
      FAIL("acc_plugin_query failed");
    start();
  }
  void start() {
    if (api->init(&kHost) != ACC_SUCCESS)
      FAIL("init failed: " << lastMessage);
    if (api->device_get(0, &device) != ACC_SUCCESS)
      FAIL("device_get failed: " << lastMessage);
    if (api->queue_create(device, &queue) != ACC_SUCCESS)
      FAIL("queue_create failed: " << lastMessage);
  }
};

Plugin &plugin() {
  static Plugin instance;
  return instance;
}
const acc_plugin_v1_t &api() { return *plugin().api; }
acc_plugin_device_t device() { return plugin().device; }

#define REQUIRE_OK(call)                                                       \
  do {                                                                         \
    acc_result_t result_ = (call);                                             \
    INFO(lastMessage);                                                         \
    REQUIRE(result_ == ACC_SUCCESS);                                           \
  } while (0)

//===----------------------------------------------------------------------===//
// Kernel metadata of handwritten_kernels.c (what a bundle would hold)
//===----------------------------------------------------------------------===//

acc_arg_info_t bufferArg(const char *name, acc_scalar_type_t type,
                         acc_access_flags_t access) {
  return {name, "float*", ACC_ARG_KIND_BUFFER, ACC_ADDRESS_SPACE_GLOBAL,
          access, type, sizeof(void *), 4};
}
acc_arg_info_t scalarArg(const char *name, acc_scalar_type_t type,
                         uint32_t size) {
  return {name, "scalar", ACC_ARG_KIND_SCALAR, ACC_ADDRESS_SPACE_PRIVATE,
          0, type, size, size};
}
acc_arg_info_t localArg(const char *name) {
  return {name, "local float*", ACC_ARG_KIND_LOCAL, ACC_ADDRESS_SPACE_LOCAL,
          ACC_ACCESS_READ | ACC_ACCESS_WRITE, ACC_SCALAR_TYPE_F32, 0, 4};
}

const acc_arg_info_t kSaxpyArgs[] = {
    scalarArg("a", ACC_SCALAR_TYPE_F32, 4),
    bufferArg("x", ACC_SCALAR_TYPE_F32, ACC_ACCESS_READ),
    bufferArg("y", ACC_SCALAR_TYPE_F32, ACC_ACCESS_READ | ACC_ACCESS_WRITE),
    scalarArg("n", ACC_SCALAR_TYPE_U32, 4)};
const acc_arg_info_t kTransposeArgs[] = {
    bufferArg("in", ACC_SCALAR_TYPE_F32, ACC_ACCESS_READ),
    bufferArg("out", ACC_SCALAR_TYPE_F32, ACC_ACCESS_WRITE),
    scalarArg("width", ACC_SCALAR_TYPE_U32, 4),
    scalarArg("height", ACC_SCALAR_TYPE_U32, 4)};
const acc_arg_info_t kProbeArgs[] = {
    bufferArg("out", ACC_SCALAR_TYPE_U32, ACC_ACCESS_WRITE)};
const acc_arg_info_t kGroupSumArgs[] = {
    bufferArg("in", ACC_SCALAR_TYPE_F32, ACC_ACCESS_READ),
    bufferArg("out", ACC_SCALAR_TYPE_F32, ACC_ACCESS_WRITE),
    localArg("scratch")};
const acc_arg_info_t kExpArgs[] = {
    bufferArg("x", ACC_SCALAR_TYPE_F32, ACC_ACCESS_READ),
    bufferArg("y", ACC_SCALAR_TYPE_F32, ACC_ACCESS_WRITE)};
const acc_arg_info_t kAlignmentArgs[] = {
    bufferArg("p", ACC_SCALAR_TYPE_U8, ACC_ACCESS_READ),
    bufferArg("out", ACC_SCALAR_TYPE_U32, ACC_ACCESS_WRITE)};

acc_kernel_info_t kernelInfo(const char *name, const acc_arg_info_t *args,
                             uint32_t count, acc_kernel_flags_t flags = 0) {
  acc_kernel_info_t info{};
  info.name = name;
  info.arg_count = count;
  info.flags = flags;
  info.args = args;
  return info;
}

const acc_kernel_info_t kKernels[] = {
    kernelInfo("saxpy", kSaxpyArgs, 4),
    kernelInfo("transpose", kTransposeArgs, 4),
    kernelInfo("probe", kProbeArgs, 1),
    kernelInfo("group_sum", kGroupSumArgs, 3,
               ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS),
    kernelInfo("exp_kernel", kExpArgs, 2),
    kernelInfo("alignment", kAlignmentArgs, 2),
    kernelInfo("no_arguments", nullptr, 0),
};
constexpr uint32_t kKernelCount = sizeof(kKernels) / sizeof(kKernels[0]);

std::vector<char> readFile(const char *path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    FAIL("cannot read " << path);
  return {std::istreambuf_iterator<char>(file),
          std::istreambuf_iterator<char>()};
}

acc_plugin_module_desc_t moduleDesc(const std::vector<char> &code,
                                    const acc_kernel_info_t *kernels,
                                    uint32_t count) {
  acc_plugin_module_desc_t desc{};
  desc.struct_size = sizeof(desc);
  desc.target = ACC_TARGET_CPU_X86_64;
#if defined(__aarch64__)
  desc.target = ACC_TARGET_CPU_AARCH64;
#endif
  desc.code = code.data();
  desc.code_size = code.size();
  desc.arch = "host";
  desc.kernel_count = count;
  desc.kernels = kernels;
  return desc;
}

//===----------------------------------------------------------------------===//
// RAII wrappers
//===----------------------------------------------------------------------===//

struct Buffer {
  acc_plugin_buffer_t handle = nullptr;
  explicit Buffer(uint64_t size) {
    REQUIRE_OK(api().buffer_create(device(), size, ACC_BUFFER_READ_WRITE,
                                   &handle));
  }
  template <typename T>
  explicit Buffer(const std::vector<T> &data) : Buffer(data.size() * sizeof(T)) {
    write(data);
  }
  ~Buffer() { api().buffer_release(handle); }
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;

  template <typename T> void write(const std::vector<T> &data);
  template <typename T> std::vector<T> read(size_t count);
};

struct Queue {
  acc_plugin_queue_t handle = nullptr;
  Queue() { REQUIRE_OK(api().queue_create(device(), &handle)); }
  ~Queue() { api().queue_release(handle); }
  Queue(const Queue &) = delete;
  Queue &operator=(const Queue &) = delete;
};

/// The plugin's queue for tests that need one but do not care which.
struct DefaultQueue {
  acc_plugin_queue_t handle;
};
DefaultQueue defaultQueue() { return {plugin().queue}; }

template <typename T> void Buffer::write(const std::vector<T> &data) {
  REQUIRE_OK(api().buffer_write(defaultQueue().handle, handle, 0,
                                data.size() * sizeof(T), data.data(), true));
}

template <typename T> std::vector<T> Buffer::read(size_t count) {
  std::vector<T> data(count);
  REQUIRE_OK(api().buffer_read(defaultQueue().handle, handle, 0,
                               count * sizeof(T), data.data(), true));
  return data;
}

struct Module {
  acc_plugin_module_t handle = nullptr;
  Module() {
    static const std::vector<char> code = readFile(ACC_TEST_KERNELS);
    acc_plugin_module_desc_t desc = moduleDesc(code, kKernels, kKernelCount);
    REQUIRE_OK(api().module_create(device(), &desc, &handle));
  }
  ~Module() { api().module_release(handle); }
  Module(const Module &) = delete;
  Module &operator=(const Module &) = delete;

  acc_plugin_kernel_t kernel(const char *name) {
    acc_plugin_kernel_t kernel = nullptr;
    REQUIRE_OK(api().kernel_get(handle, name, &kernel));
    return kernel;
  }
};

acc_plugin_arg_t bufferValue(const Buffer &buffer) {
  acc_plugin_arg_t arg{};
  arg.kind = ACC_ARG_KIND_BUFFER;
  arg.size = sizeof(void *);
  arg.u.buffer = buffer.handle;
  return arg;
}
template <typename T> acc_plugin_arg_t scalarValue(const T &value) {
  acc_plugin_arg_t arg{};
  arg.kind = ACC_ARG_KIND_SCALAR;
  arg.size = sizeof(T);
  arg.u.value = &value;
  return arg;
}
acc_plugin_arg_t localValue(uint32_t bytes) {
  acc_plugin_arg_t arg{};
  arg.kind = ACC_ARG_KIND_LOCAL;
  arg.size = bytes;
  return arg;
}

/// A launch descriptor; dimensions beyond `global.size()` are unused.
acc_plugin_launch_desc_t
launchDesc(const std::vector<uint64_t> &global,
           const std::vector<uint32_t> &local,
           const std::vector<acc_plugin_arg_t> &args,
           const std::vector<uint64_t> &offset = {}) {
  acc_plugin_launch_desc_t desc{};
  desc.struct_size = sizeof(desc);
  desc.work_dim = static_cast<uint32_t>(global.size());
  for (size_t d = 0; d < 3; ++d) {
    desc.global_size[d] = d < global.size() ? global[d] : 1;
    desc.local_size[d] = d < local.size() ? local[d] : 1;
    desc.global_offset[d] = d < offset.size() ? offset[d] : 0;
  }
  desc.arg_count = static_cast<uint32_t>(args.size());
  desc.args = args.data();
  return desc;
}

acc_result_t launch(acc_plugin_queue_t queue, acc_plugin_kernel_t kernel,
                    const acc_plugin_launch_desc_t &desc) {
  return api().launch(queue, kernel, &desc);
}

std::vector<float> iota(size_t count, float start, float step) {
  std::vector<float> values(count);
  for (size_t i = 0; i < count; ++i)
    values[i] = start + step * static_cast<float>(i);
  return values;
}

} // namespace

//===----------------------------------------------------------------------===//
// Plugin and device
//===----------------------------------------------------------------------===//

TEST_CASE("the plugin describes itself", "[cpu_plugin]") {
  const acc_plugin_v1_t &table = api();
  CHECK(table.struct_size == sizeof(acc_plugin_v1_t));
  CHECK(table.abi_major == ACC_PLUGIN_ABI_MAJOR);
  CHECK(std::string(table.name) == "cpu");
  CHECK(dlsym(plugin().library, "_ZN3acc3cpu5stateEv") == nullptr);

  const acc_plugin_v1_t *other = nullptr;
  CHECK(plugin().query(ACC_PLUGIN_ABI_MAJOR + 1, 0, &other) ==
        ACC_ERROR_ABI_VERSION);
  CHECK(other == nullptr);
}

TEST_CASE("the device reports the host CPU", "[cpu_plugin]") {
  uint32_t count = 0;
  REQUIRE_OK(api().device_count(&count));
  CHECK(count == 1);
  acc_plugin_device_t second = nullptr;
  CHECK(api().device_get(1, &second) == ACC_ERROR_NOT_FOUND);

  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  REQUIRE_OK(api().device_get_info(device(), &info));
  CHECK(info.type == ACC_DEVICE_TYPE_CPU);
  CHECK(std::strlen(info.name) > 0);
  CHECK(std::strlen(info.vendor) > 0);
  CHECK(info.compute_units >= 1);
  CHECK(info.max_work_group_size == 1024);
  CHECK(info.global_memory_size > 0);
  CHECK(info.local_memory_size >= 32 * 1024);
  CHECK((info.caps & ACC_DEVICE_CAP_FP64) != 0);
  CHECK((info.caps & ACC_DEVICE_CAP_UNIFIED_MEMORY) != 0);
#if defined(__x86_64__)
  CHECK(info.targets[0] == ACC_TARGET_CPU_X86_64);
#endif
  CHECK(info.targets[1] == ACC_TARGET_NONE);

  // A caller that knows a smaller struct gets only its prefix.
  acc_device_info_t small{};
  std::memset(&small, 0x5a, sizeof(small));
  small.struct_size = offsetof(acc_device_info_t, vendor);
  REQUIRE_OK(api().device_get_info(device(), &small));
  CHECK(std::string(small.name) == info.name);
  CHECK(small.vendor[0] == 0x5a);
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

TEST_CASE("buffers hold, copy and fill data", "[cpu_plugin]") {
  acc_plugin_queue_t queue = defaultQueue().handle;
  std::vector<uint32_t> data(1000);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<uint32_t>(i * 7 + 1);

  Buffer a(data);
  CHECK(a.read<uint32_t>(data.size()) == data);

  SECTION("copy") {
    Buffer b(data.size() * 4);
    REQUIRE_OK(api().buffer_copy(queue, a.handle, 40, b.handle, 0, 400));
    std::vector<uint32_t> out = b.read<uint32_t>(100);
    CHECK(std::vector<uint32_t>(data.begin() + 10, data.begin() + 110) == out);
  }
  SECTION("fill") {
    const uint32_t pattern = 0xdeadbeef;
    REQUIRE_OK(api().buffer_fill(queue, a.handle, 8, 3000, &pattern, 4));
    std::vector<uint32_t> out = a.read<uint32_t>(data.size());
    CHECK(out[0] == data[0]);
    CHECK(out[1] == data[1]);
    for (size_t i = 2; i < 752; ++i)
      REQUIRE(out[i] == pattern);
    CHECK(out[752] == data[752]);
    const uint64_t wide[2] = {1, 2};
    REQUIRE_OK(api().buffer_fill(queue, a.handle, 0, 4000, wide, 16));
    out = a.read<uint32_t>(data.size());
    // Little-endian words of the pattern: 1, 0, 2, 0, 1, 0, 2, 0, ...
    CHECK(out[996] == 1);
    CHECK(out[997] == 0);
    CHECK(out[998] == 2);
    CHECK(out[999] == 0);
  }
}

// Invalid usage (ranges outside a buffer, bad fill patterns, overlapping
// copies, launches that do not match the kernel) never reaches a plugin:
// libacc refuses it, and acc-cts checks every case through the validation
// layer (abi.buffer_*.errors, abi.launch.*). This file tests what the cpu
// plugin itself does.

TEST_CASE("buffers of size 0 can be created and bound", "[cpu_plugin]") {
  Buffer empty(0);
  CHECK(empty.handle != nullptr);
  CHECK(empty.read<char>(0).empty());
}

TEST_CASE("an absurd allocation fails with OUT_OF_MEMORY", "[cpu_plugin]") {
  acc_plugin_buffer_t buffer = nullptr;
  const uint64_t size = uint64_t(1) << 62;
  CHECK(api().buffer_create(device(), size, ACC_BUFFER_READ_WRITE, &buffer) ==
        ACC_ERROR_OUT_OF_MEMORY);
  CHECK(buffer == nullptr);
  CHECK(lastCode == ACC_ERROR_OUT_OF_MEMORY);
  CHECK(lastMessage.find(std::to_string(size)) != std::string::npos);
}

TEST_CASE("kernels without arguments run", "[cpu_plugin]") {
  // Kept before every other launch in this file: the first launch on the
  // device, when the plugin's argument list has never held anything, is the
  // case that once read a null list. Then again, over one group and over
  // enough groups to involve every thread of the pool.
  Module module;
  acc_plugin_kernel_t k = module.kernel("no_arguments");
  for (uint64_t groups : {1u, 1000u, 1u}) {
    INFO(groups << " group(s)");
    REQUIRE_OK(launch(defaultQueue().handle, k, launchDesc({groups}, {1}, {})));
    REQUIRE_OK(api().queue_finish(defaultQueue().handle));
  }
}

TEST_CASE("buffer memory is cache-line aligned", "[cpu_plugin]") {
  Module module;
  for (uint64_t size : {1, 3, 64, 1000}) {
    Buffer p(size);
    Buffer out(4);
    std::vector<acc_plugin_arg_t> args = {bufferValue(p), bufferValue(out)};
    REQUIRE_OK(launch(defaultQueue().handle, module.kernel("alignment"),
                      launchDesc({1}, {1}, args)));
    CHECK(out.read<uint32_t>(1)[0] == 0);
  }
}

//===----------------------------------------------------------------------===//
// Launches
//===----------------------------------------------------------------------===//

TEST_CASE("saxpy over uniform and non-uniform 1-D ranges", "[cpu_plugin]") {
  Module module;
  acc_plugin_kernel_t saxpy = module.kernel("saxpy");
  struct Case {
    uint64_t global;
    uint32_t local;
    uint64_t offset;
  };
  const Case cases[] = {{1, 1, 0},       {1024, 64, 0},   {1000, 64, 0},
                        {100003, 256, 0}, {4096, 1000, 0}, {777, 13, 100},
                        {65536, 1, 0}};
  for (const Case &c : cases) {
    DYNAMIC_SECTION("global " << c.global << " local " << c.local << " offset "
                              << c.offset) {
      // A few guard elements past the range must stay untouched.
      const size_t size = c.offset + c.global + 16;
      std::vector<float> x = iota(size, 1.0f, 0.5f);
      std::vector<float> y = iota(size, -3.0f, 0.25f);
      Buffer bx(x), by(y);
      const float a = 2.5f;
      const uint32_t n = UINT32_MAX; // Bounds come from the range alone.
      std::vector<acc_plugin_arg_t> args = {scalarValue(a), bufferValue(bx),
                                            bufferValue(by), scalarValue(n)};
      REQUIRE_OK(launch(defaultQueue().handle, saxpy,
                        launchDesc({c.global}, {c.local}, args, {c.offset})));
      REQUIRE_OK(api().queue_finish(defaultQueue().handle));
      std::vector<float> out = by.read<float>(size);
      for (size_t i = 0; i < size; ++i) {
        bool inRange = i >= c.offset && i < c.offset + c.global;
        float expected = inRange ? a * x[i] + y[i] : y[i];
        INFO("element " << i);
        REQUIRE(out[i] == expected);
      }
    }
  }
}

TEST_CASE("2-D transpose of a non-square matrix", "[cpu_plugin]") {
  Module module;
  acc_plugin_kernel_t transpose = module.kernel("transpose");
  struct Case {
    uint32_t width, height, localX, localY;
  };
  const Case cases[] = {
      {1000, 700, 16, 16}, {1000, 700, 32, 8}, {1024, 512, 16, 16},
      {7, 1300, 4, 64},    {1, 1, 1, 1},       {1000, 700, 1000, 1}};
  for (const Case &c : cases) {
    DYNAMIC_SECTION(c.width << "x" << c.height << " local " << c.localX << "x"
                            << c.localY) {
      const size_t elements = size_t(c.width) * c.height;
      std::vector<float> in = iota(elements, 0.0f, 1.0f);
      // Guard elements after the output catch a group running past the end.
      std::vector<float> init(elements + 64, -1.0f);
      Buffer bin(in), bout(init);
      std::vector<acc_plugin_arg_t> args = {bufferValue(bin), bufferValue(bout),
                                            scalarValue(c.width),
                                            scalarValue(c.height)};
      REQUIRE_OK(launch(defaultQueue().handle, transpose,
                        launchDesc({c.width, c.height}, {c.localX, c.localY},
                                   args)));
      std::vector<float> out = bout.read<float>(elements + 64);
      for (uint32_t y = 0; y < c.height; ++y)
        for (uint32_t x = 0; x < c.width; ++x) {
          INFO("x " << x << " y " << y);
          REQUIRE(out[size_t(x) * c.height + y] == in[size_t(y) * c.width + x]);
        }
      for (size_t i = elements; i < elements + 64; ++i)
        REQUIRE(out[i] == -1.0f);
    }
  }
}

TEST_CASE("work-groups see the OpenCL work-item values", "[cpu_plugin]") {
  Module module;
  acc_plugin_kernel_t probe = module.kernel("probe");
  const uint64_t gx = 37, gy = 11;
  const uint32_t lx = 8, ly = 4;
  Buffer out(gx * gy * 10 * 4);
  std::vector<acc_plugin_arg_t> args = {bufferValue(out)};
  REQUIRE_OK(launch(defaultQueue().handle, probe,
                    launchDesc({gx, gy}, {lx, ly}, args, {5, 3})));
  std::vector<uint32_t> items = out.read<uint32_t>(gx * gy * 10);
  const uint64_t groupsX = (gx + lx - 1) / lx, groupsY = (gy + ly - 1) / ly;
  for (uint64_t y = 0; y < gy; ++y)
    for (uint64_t x = 0; x < gx; ++x) {
      const uint32_t *item = &items[(y * gx + x) * 10];
      INFO("item " << x << "," << y);
      CHECK(item[0] == 2);
      CHECK(item[1] == x / lx);
      CHECK(item[2] == y / ly);
      CHECK(item[3] == x % lx);
      CHECK(item[4] == y % ly);
      CHECK(item[5] == (x / lx + 1 == groupsX ? gx - (groupsX - 1) * lx : lx));
      CHECK(item[6] == (y / ly + 1 == groupsY ? gy - (groupsY - 1) * ly : ly));
      CHECK(item[7] == groupsX);
      CHECK(item[8] == groupsY);
      CHECK(item[9] == 1); // Unused dimension: global size 1.
    }
}

TEST_CASE("local memory arguments", "[cpu_plugin]") {
  Module module;
  acc_plugin_kernel_t groupSum = module.kernel("group_sum");
  const uint32_t local = 128;
  const uint64_t groups = 300;
  std::vector<float> in = iota(local * groups, 0.0f, 1.0f);
  Buffer bin(in), bout(groups * 4);
  std::vector<acc_plugin_arg_t> args = {bufferValue(bin), bufferValue(bout),
                                        localValue(local * 4)};
  REQUIRE_OK(launch(defaultQueue().handle, groupSum,
                    launchDesc({local * groups}, {local}, args)));
  std::vector<float> out = bout.read<float>(groups);
  for (uint64_t g = 0; g < groups; ++g) {
    float expected = 0.0f;
    for (uint32_t l = 0; l < local; ++l)
      expected += in[g * local + l];
    REQUIRE(out[g] == expected);
  }

  SECTION("more local memory than the device has") {
    // The plugin's own limit: each local argument is aligned, and the
    // padding counts.
    args[2] = localValue(1u << 30);
    CHECK(launch(defaultQueue().handle, groupSum,
                 launchDesc({local * groups}, {local}, args)) ==
          ACC_ERROR_INVALID_LAUNCH);
  }
}

TEST_CASE("kernels can call the C math library", "[cpu_plugin]") {
  Module module;
  std::vector<float> x = iota(1000, -5.0f, 0.01f);
  Buffer bx(x), by(x.size() * 4);
  std::vector<acc_plugin_arg_t> args = {bufferValue(bx), bufferValue(by)};
  REQUIRE_OK(launch(defaultQueue().handle, module.kernel("exp_kernel"),
                    launchDesc({1000}, {100}, args)));
  std::vector<float> y = by.read<float>(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    REQUIRE(y[i] == std::exp(x[i]));
}

//===----------------------------------------------------------------------===//
// Modules
//===----------------------------------------------------------------------===//

TEST_CASE("modules that cannot be used are refused", "[cpu_plugin]") {
  const std::vector<char> good = readFile(ACC_TEST_KERNELS);
  acc_plugin_module_t module = nullptr;

  SECTION("wrong CPU ABI version") {
    const std::vector<char> code = readFile(ACC_TEST_KERNELS_WRONG_ABI);
    acc_plugin_module_desc_t desc = moduleDesc(code, kKernels, kKernelCount);
    CHECK(api().module_create(device(), &desc, &module) ==
          ACC_ERROR_ABI_VERSION);
    CHECK(lastMessage.find("CPU ABI 99") != std::string::npos);
    CHECK(lastMessage.find("recompile") != std::string::npos);
  }
  SECTION("no version symbol") {
    const std::vector<char> code = readFile(ACC_TEST_KERNELS_NO_VERSION);
    acc_plugin_module_desc_t desc = moduleDesc(code, kKernels, kKernelCount);
    CHECK(api().module_create(device(), &desc, &module) ==
          ACC_ERROR_INVALID_BUNDLE);
    CHECK(lastMessage.find(ACC_CPU_ABI_VERSION_SYMBOL) != std::string::npos);
  }
  SECTION("a kernel without an entry point") {
    const acc_kernel_info_t kernels[] = {kKernels[0],
                                         kernelInfo("missing", nullptr, 0)};
    acc_plugin_module_desc_t desc = moduleDesc(good, kernels, 2);
    CHECK(api().module_create(device(), &desc, &module) ==
          ACC_ERROR_INVALID_BUNDLE);
    CHECK(lastMessage.find("__acc_kernel_missing") != std::string::npos);
  }
  SECTION("not an ELF file") {
    const std::vector<char> junk(4096, 'x');
    acc_plugin_module_desc_t desc = moduleDesc(junk, kKernels, kKernelCount);
    CHECK(api().module_create(device(), &desc, &module) ==
          ACC_ERROR_INVALID_BUNDLE);
  }
  SECTION("truncated ELF file") {
    // glibc would map the missing pages and die of SIGBUS on first touch.
    for (size_t length : {size_t(64), size_t(200), good.size() / 4,
                          good.size() / 2}) {
      const std::vector<char> cut(good.begin(), good.begin() + length);
      acc_plugin_module_desc_t desc = moduleDesc(cut, kKernels, kKernelCount);
      INFO("cut at " << length);
      CHECK(api().module_create(device(), &desc, &module) ==
            ACC_ERROR_INVALID_BUNDLE);
    }
  }
  SECTION("another target") {
    acc_plugin_module_desc_t desc = moduleDesc(good, kKernels, kKernelCount);
    desc.target = ACC_TARGET_SPIRV_VK;
    CHECK(api().module_create(device(), &desc, &module) ==
          ACC_ERROR_NO_CODE_FOR_BACKEND);
  }
  SECTION("unknown kernel name") {
    Module loaded;
    acc_plugin_kernel_t kernel = nullptr;
    CHECK(api().kernel_get(loaded.handle, "nope", &kernel) ==
          ACC_ERROR_NOT_FOUND);
    CHECK(lastMessage.find("nope") != std::string::npos);
  }
  CHECK(module == nullptr);
}

TEST_CASE("several modules live side by side", "[cpu_plugin]") {
  // Loading through /proc/self/fd/N must never hand back an older module.
  for (int round = 0; round < 3; ++round) {
    Module first, second;
    CHECK(first.kernel("saxpy") != second.kernel("saxpy"));
  }
}

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

TEST_CASE("queues on several threads", "[cpu_plugin]") {
  Module module;
  acc_plugin_kernel_t saxpy = module.kernel("saxpy");
  constexpr int kThreads = 4, kRounds = 50;
  constexpr uint32_t kSize = 5000;
  std::atomic<int> failures{0};
  Queue shared;

  auto worker = [&](int id, bool useShared) {
    Queue own;
    acc_plugin_queue_t queue = useShared ? shared.handle : own.handle;
    std::vector<float> x(kSize, 1.0f), y(kSize, float(id));
    acc_plugin_buffer_t bx = nullptr, by = nullptr;
    if (api().buffer_create(device(), kSize * 4, 0, &bx) ||
        api().buffer_create(device(), kSize * 4, 0, &by)) {
      ++failures;
      return;
    }
    api().buffer_write(queue, bx, 0, kSize * 4, x.data(), true);
    api().buffer_write(queue, by, 0, kSize * 4, y.data(), true);
    const float a = 1.0f;
    const uint32_t n = kSize;
    acc_plugin_arg_t args[4] = {scalarValue(a), {}, {}, scalarValue(n)};
    args[1].kind = args[2].kind = ACC_ARG_KIND_BUFFER;
    args[1].size = args[2].size = sizeof(void *);
    args[1].u.buffer = bx;
    args[2].u.buffer = by;
    acc_plugin_launch_desc_t desc{};
    desc.struct_size = sizeof(desc);
    desc.work_dim = 1;
    desc.global_size[0] = kSize;
    desc.local_size[0] = 64;
    desc.global_size[1] = desc.global_size[2] = 1;
    desc.local_size[1] = desc.local_size[2] = 1;
    desc.arg_count = 4;
    desc.args = args;
    for (int round = 0; round < kRounds; ++round)
      if (api().launch(queue, saxpy, &desc) != ACC_SUCCESS)
        ++failures;
    api().queue_finish(queue);
    api().buffer_read(queue, by, 0, kSize * 4, y.data(), true);
    for (float value : y)
      if (value != float(id + kRounds)) {
        ++failures;
        break;
      }
    api().buffer_release(bx);
    api().buffer_release(by);
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back(worker, t, t % 2 == 0);
  for (std::thread &thread : threads)
    thread.join();
  CHECK(failures == 0);
}

TEST_CASE("many more launches than the queue holds in flight",
          "[cpu_plugin]") {
  // The queue keeps a bounded set of launch commands; a caller that
  // enqueues faster than they run executes queued ones itself until one is
  // free. Launches of one small group finish in about a microsecond, so
  // every command in flight often finishes between the caller's look at the
  // spare commands and its wait: a wait that expects a notification then
  // never ends (this hung acc-bench's "launch x1000"). ctest's timeout
  // turns a hang into a failure; the sum checks that every launch ran once.
  Module module;
  acc_plugin_kernel_t saxpy = module.kernel("saxpy");
  constexpr uint32_t kSize = 64;
  constexpr int kRounds = 20, kLaunches = 1000;
  Queue queue;
  Buffer x(std::vector<float>(kSize, 1.0f));
  Buffer y(std::vector<float>(kSize, 0.0f));
  const float a = 1.0f;
  const uint32_t n = kSize;
  std::vector<acc_plugin_arg_t> args = {scalarValue(a), bufferValue(x),
                                        bufferValue(y), scalarValue(n)};
  acc_plugin_launch_desc_t desc = launchDesc({kSize}, {kSize}, args);
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kLaunches; ++i)
      REQUIRE_OK(launch(queue.handle, saxpy, desc));
    REQUIRE_OK(api().queue_finish(queue.handle));
  }
  for (float value : y.read<float>(kSize))
    REQUIRE(value == float(kRounds * kLaunches));
}

//===----------------------------------------------------------------------===//
// Lifetime
//===----------------------------------------------------------------------===//

// Runs last (Catch2 runs test cases in declaration order by default).
TEST_CASE("shutdown releases what the runtime leaked", "[cpu_plugin]") {
  // Leak one of everything, then shut down and start again.
  acc_plugin_buffer_t buffer = nullptr;
  acc_plugin_queue_t queue = nullptr;
  acc_plugin_module_t module = nullptr;
  const std::vector<char> code = readFile(ACC_TEST_KERNELS);
  acc_plugin_module_desc_t desc = moduleDesc(code, kKernels, kKernelCount);
  REQUIRE_OK(api().buffer_create(device(), 100, 0, &buffer));
  REQUIRE_OK(api().queue_create(device(), &queue));
  REQUIRE_OK(api().module_create(device(), &desc, &module));
  api().shutdown();

  uint32_t count = 0;
  CHECK(api().device_count(&count) == ACC_ERROR_NOT_INITIALIZED);

  // Shutdown also released the default queue; start() makes a new one.
  plugin().start();
  Module again;
  Buffer x(64);
  CHECK(again.kernel("saxpy") != nullptr);
}
