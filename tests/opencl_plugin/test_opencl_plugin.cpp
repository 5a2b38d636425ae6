//===- test_opencl_plugin.cpp - The opencl plugin, directly and via libacc ===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Two halves:
//  - the plugin file (ACC_TEST_OPENCL_PLUGIN) is dlopen()ed and driven
//    through its C ABI, as tests/cpu_plugin does for the cpu plugin;
//  - the same plugin runs, through libacc, a bundle built here with the
//    bundle library: hand-written OpenCL C (kSource) as an opencl-c code
//    object plus the kernels' metadata, as acc-cc would write it.
//
// Without an OpenCL device (no ICD loader, no driver) the tests that need
// one cannot run: main() then runs only the [no-device] tests and exits 77,
// which ctest shows as a skip, with the plugin's reason printed. With
// ACC_TEST_EXPECT_NO_DEVICE set (the no_platform ctest, which hides every
// driver from the ICD loader) main() runs the no-device tests and fails if a
// device shows up.
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "acc/bundle/Bundle.h"
#include "acc/acc.h"
#include "acc/acc_plugin.h"

#include <dlfcn.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

//===----------------------------------------------------------------------===//
// The kernels, in OpenCL C, and their metadata
//===----------------------------------------------------------------------===//

const char kSource[] = R"CL(
kernel void saxpy(float a, global const float* x, global float* y, uint n) {
  size_t i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}

kernel void index2d(global uint* out, uint width) {
  size_t x = get_global_id(0), y = get_global_id(1);
  out[y * width + x] = (uint)(x + 1000 * y);
}

kernel void scalars(global long* out, char a, short b, int c, long d) {
  if (get_global_id(0) == 0) {
    out[0] = a;
    out[1] = b;
    out[2] = c;
    out[3] = d;
  }
}

kernel void group_sum(global const float* in, global float* out,
                      local float* scratch) {
  size_t lid = get_local_id(0);
  scratch[lid] = in[get_global_id(0)];
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t s = get_local_size(0) / 2; s > 0; s >>= 1) {
    if (lid < s)
      scratch[lid] += scratch[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0)
    out[get_group_id(0)] = scratch[0];
}

kernel void offsets(global uint* out) {
  out[get_global_id(0) - get_global_offset(0)] = (uint)get_global_id(0);
}

kernel void accumulate(global uint* out, uint value) {
  out[get_global_id(0)] += value;
}

kernel void ignore_first(global uint* unused, global uint* out) {
  if (get_global_id(0) == 0)
    out[0] = 42u;
}
)CL";

struct ArgSpec {
  const char *name;
  const char *type;
  acc_arg_kind_t kind;
  acc_scalar_type_t scalar;
  uint32_t size;
  acc_access_flags_t access;
};

struct KernelSpec {
  const char *name;
  std::vector<ArgSpec> args;
  acc_kernel_flags_t flags;
};

ArgSpec buf(const char *name, const char *type, acc_scalar_type_t scalar,
            acc_access_flags_t access) {
  return {name, type, ACC_ARG_KIND_BUFFER, scalar, sizeof(void *), access};
}
ArgSpec val(const char *name, const char *type, acc_scalar_type_t scalar,
            uint32_t size) {
  return {name, type, ACC_ARG_KIND_SCALAR, scalar, size, 0};
}
ArgSpec loc(const char *name) {
  return {name,
          "local float*",
          ACC_ARG_KIND_LOCAL,
          ACC_SCALAR_TYPE_F32,
          0,
          ACC_ACCESS_READ | ACC_ACCESS_WRITE};
}

const acc_access_flags_t RW = ACC_ACCESS_READ | ACC_ACCESS_WRITE;

const std::vector<KernelSpec> &kernelSpecs() {
  static const std::vector<KernelSpec> specs = {
      {"saxpy",
       {val("a", "float", ACC_SCALAR_TYPE_F32, 4),
        buf("x", "const float*", ACC_SCALAR_TYPE_F32, ACC_ACCESS_READ),
        buf("y", "float*", ACC_SCALAR_TYPE_F32, RW),
        val("n", "uint", ACC_SCALAR_TYPE_U32, 4)},
       0},
      {"index2d",
       {buf("out", "uint*", ACC_SCALAR_TYPE_U32, ACC_ACCESS_WRITE),
        val("width", "uint", ACC_SCALAR_TYPE_U32, 4)},
       0},
      {"scalars",
       {buf("out", "long*", ACC_SCALAR_TYPE_I64, ACC_ACCESS_WRITE),
        val("a", "char", ACC_SCALAR_TYPE_I8, 1),
        val("b", "short", ACC_SCALAR_TYPE_I16, 2),
        val("c", "int", ACC_SCALAR_TYPE_I32, 4),
        val("d", "long", ACC_SCALAR_TYPE_I64, 8)},
       0},
      {"group_sum",
       {buf("in", "const float*", ACC_SCALAR_TYPE_F32, ACC_ACCESS_READ),
        buf("out", "float*", ACC_SCALAR_TYPE_F32, ACC_ACCESS_WRITE),
        loc("scratch")},
       ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS},
      {"offsets",
       {buf("out", "uint*", ACC_SCALAR_TYPE_U32, ACC_ACCESS_WRITE)},
       0},
      {"accumulate",
       {buf("out", "uint*", ACC_SCALAR_TYPE_U32, RW),
        val("value", "uint", ACC_SCALAR_TYPE_U32, 4)},
       0},
      {"ignore_first",
       {buf("unused", "uint*", ACC_SCALAR_TYPE_U32, ACC_ACCESS_READ),
        buf("out", "uint*", ACC_SCALAR_TYPE_U32, ACC_ACCESS_WRITE)},
       0},
  };
  return specs;
}

/// The metadata in the plugin ABI's form (what the runtime passes to
/// module_create). Owns the arrays the acc_kernel_info_t point into.
struct PluginKernels {
  std::vector<std::vector<acc_arg_info_t>> args;
  std::vector<acc_kernel_info_t> kernels;

  explicit PluginKernels(const std::vector<KernelSpec> &specs) {
    args.resize(specs.size());
    for (size_t k = 0; k < specs.size(); ++k) {
      for (const ArgSpec &a : specs[k].args)
        args[k].push_back(
            {a.name, a.type, a.kind,
             a.kind == ACC_ARG_KIND_BUFFER  ? ACC_ADDRESS_SPACE_GLOBAL
             : a.kind == ACC_ARG_KIND_LOCAL ? ACC_ADDRESS_SPACE_LOCAL
                                            : ACC_ADDRESS_SPACE_PRIVATE,
             a.access, a.scalar, a.size, a.size ? a.size : 4});
      acc_kernel_info_t info{};
      info.name = specs[k].name;
      info.arg_count = static_cast<uint32_t>(args[k].size());
      info.flags = specs[k].flags;
      info.args = args[k].empty() ? nullptr : args[k].data();
      kernels.push_back(info);
    }
  }
};

/// The bundle acc-cc would write for kSource with --targets=opencl-c.
std::vector<uint8_t> makeBundle(const std::string &source,
                                const std::vector<KernelSpec> &specs) {
  acc::bundle::Bundle bundle;
  bundle.producer = "tests/opencl_plugin";
  for (const KernelSpec &spec : specs) {
    acc::bundle::KernelInfo info;
    info.name = spec.name;
    info.flags = spec.flags;
    for (const ArgSpec &a : spec.args) {
      acc::bundle::ArgInfo arg;
      arg.name = a.name;
      arg.typeName = a.type;
      arg.kind = a.kind;
      arg.addressSpace =
          a.kind == ACC_ARG_KIND_BUFFER  ? ACC_ADDRESS_SPACE_GLOBAL
          : a.kind == ACC_ARG_KIND_LOCAL ? ACC_ADDRESS_SPACE_LOCAL
                                         : ACC_ADDRESS_SPACE_PRIVATE;
      arg.access = a.access;
      arg.scalarType = a.scalar;
      arg.size = a.size;
      arg.alignment = a.size ? a.size : 4;
      info.args.push_back(arg);
    }
    bundle.kernels.push_back(info);
  }
  acc::bundle::CodeObject code;
  code.target = ACC_TARGET_OPENCL_C;
  code.arch = "opencl-c";
  code.data.assign(source.begin(), source.end());
  bundle.code.push_back(code);
  return acc::bundle::write(bundle);
}

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

/// The plugin, loaded once per process and initialised by start().
struct Plugin {
  void *library = nullptr;
  const acc_plugin_v1_t *api = nullptr;
  acc_result_t initResult = ACC_ERROR_NOT_INITIALIZED;
  std::string initMessage;
  acc_plugin_device_t device = nullptr;
  acc_plugin_queue_t queue = nullptr;
  /// Counts start()s: objects made under an older one are gone.
  unsigned generation = 0;

  Plugin() {
    library = dlopen(ACC_TEST_OPENCL_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      std::fprintf(stderr, "cannot load %s: %s\n", ACC_TEST_OPENCL_PLUGIN,
                   dlerror());
      std::exit(1);
    }
    auto query = reinterpret_cast<acc_plugin_query_fn_t>(
        dlsym(library, ACC_PLUGIN_ENTRY_NAME));
    if (!query || query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &api) !=
                      ACC_SUCCESS) {
      std::fprintf(stderr, "acc_plugin_query failed in %s\n",
                   ACC_TEST_OPENCL_PLUGIN);
      std::exit(1);
    }
    start();
  }
  void start() {
    ++generation;
    lastMessage.clear();
    device = nullptr;
    queue = nullptr;
    initResult = api->init(&kHost);
    initMessage = lastMessage;
    if (initResult != ACC_SUCCESS)
      return;
    if (api->device_get(0, &device) != ACC_SUCCESS ||
        api->queue_create(device, &queue) != ACC_SUCCESS) {
      initResult = ACC_ERROR_INTERNAL;
      initMessage = "device_get/queue_create failed: " + lastMessage;
    }
  }
  void stop() { api->shutdown(); }
  bool hasDevice() const { return initResult == ACC_SUCCESS; }
};

Plugin &plugin() {
  static Plugin instance;
  return instance;
}
const acc_plugin_v1_t &api() { return *plugin().api; }
acc_plugin_device_t device() {
  if (!plugin().hasDevice())
    FAIL("no OpenCL device: " << plugin().initMessage);
  return plugin().device;
}
acc_plugin_queue_t queue() {
  device();
  return plugin().queue;
}

#define REQUIRE_OK(call)                                                       \
  do {                                                                         \
    acc_result_t result_ = (call);                                             \
    INFO(lastMessage);                                                         \
    REQUIRE(result_ == ACC_SUCCESS);                                           \
  } while (0)

/// Calls `call`, which must fail with `code`; returns the message.
#define REQUIRE_FAILS(call, code)                                              \
  [&] {                                                                        \
    lastMessage.clear();                                                       \
    acc_result_t result_ = (call);                                             \
    INFO(lastMessage);                                                         \
    REQUIRE(result_ == (code));                                                \
    REQUIRE(!lastMessage.empty());                                             \
    return lastMessage;                                                        \
  }()

acc_plugin_module_desc_t moduleDesc(const void *code, size_t size,
                                    const PluginKernels &kernels,
                                    acc_target_t target = ACC_TARGET_OPENCL_C) {
  acc_plugin_module_desc_t desc{};
  desc.struct_size = sizeof(desc);
  desc.target = target;
  desc.code = code;
  desc.code_size = size;
  desc.arch = "opencl-c";
  desc.kernel_count = static_cast<uint32_t>(kernels.kernels.size());
  desc.kernels = kernels.kernels.data();
  return desc;
}

/// kSource built once per plugin start (building costs a driver compile).
acc_plugin_module_t sharedModule() {
  static acc_plugin_module_t module = nullptr;
  static unsigned generation = 0;
  static PluginKernels kernels(kernelSpecs());
  if (!module || generation != plugin().generation) {
    // Without the terminating NUL: code_size counts only the text.
    acc_plugin_module_desc_t desc =
        moduleDesc(kSource, std::strlen(kSource), kernels);
    REQUIRE_OK(api().module_create(device(), &desc, &module));
    generation = plugin().generation;
  }
  return module;
}

acc_plugin_kernel_t kernel(const char *name) {
  acc_plugin_kernel_t k = nullptr;
  REQUIRE_OK(api().kernel_get(sharedModule(), name, &k));
  return k;
}

//===----------------------------------------------------------------------===//
// RAII and launch helpers
//===----------------------------------------------------------------------===//

struct Buffer {
  acc_plugin_buffer_t handle = nullptr;
  explicit Buffer(uint64_t size,
                  acc_buffer_flags_t flags = ACC_BUFFER_READ_WRITE) {
    REQUIRE_OK(api().buffer_create(device(), size, flags, &handle));
  }
  template <typename T>
  explicit Buffer(const std::vector<T> &data)
      : Buffer(data.size() * sizeof(T)) {
    write(data);
  }
  ~Buffer() { api().buffer_release(handle); }
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;

  template <typename T> void write(const std::vector<T> &data) {
    REQUIRE_OK(api().buffer_write(queue(), handle, 0, data.size() * sizeof(T),
                                  data.data(), true));
  }
  template <typename T> std::vector<T> read(size_t count, uint64_t offset = 0) {
    std::vector<T> out(count);
    REQUIRE_OK(api().buffer_read(queue(), handle, offset, count * sizeof(T),
                                 out.data(), true));
    return out;
  }
};

acc_plugin_arg_t bufferArg(const Buffer &buffer) {
  acc_plugin_arg_t arg{};
  arg.kind = ACC_ARG_KIND_BUFFER;
  arg.u.buffer = buffer.handle;
  return arg;
}
template <typename T> acc_plugin_arg_t scalarArg(const T &value) {
  acc_plugin_arg_t arg{};
  arg.kind = ACC_ARG_KIND_SCALAR;
  arg.size = sizeof(T);
  arg.u.value = &value;
  return arg;
}
acc_plugin_arg_t localArg(uint32_t bytes) {
  acc_plugin_arg_t arg{};
  arg.kind = ACC_ARG_KIND_LOCAL;
  arg.size = bytes;
  return arg;
}

acc_plugin_launch_desc_t range(uint32_t dims, std::vector<uint64_t> global,
                               std::vector<uint32_t> local,
                               const std::vector<acc_plugin_arg_t> &args) {
  acc_plugin_launch_desc_t desc{};
  desc.struct_size = sizeof(desc);
  desc.work_dim = dims;
  for (uint32_t d = 0; d < 3; ++d) {
    desc.global_size[d] = d < dims ? global[d] : 1;
    desc.local_size[d] = d < dims ? local[d] : 1;
  }
  desc.arg_count = static_cast<uint32_t>(args.size());
  desc.args = args.data();
  return desc;
}

//===----------------------------------------------------------------------===//
// libacc with only the opencl plugin
//===----------------------------------------------------------------------===//

/// Sets or clears an environment variable for a scope.
struct ScopedEnv {
  std::string name;
  bool had = false;
  std::string old;
  ScopedEnv(const char *n, const char *value) : name(n) {
    if (const char *o = std::getenv(n)) {
      had = true;
      old = o;
    }
    if (value)
      ::setenv(n, value, 1);
    else
      ::unsetenv(n);
  }
  ~ScopedEnv() {
    if (had)
      ::setenv(name.c_str(), old.c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

/// acc_init() with the opencl plugin alone. libacc dlopen()s the same file,
/// so it shares this process's plugin instance: the direct tests' session is
/// shut down for the scope and started again after acc_shutdown().
struct Runtime {
  ScopedEnv backend{"ACC_BACKEND", nullptr};
  acc_result_t result;
  Runtime() {
    plugin().stop();
    const char *paths[] = {ACC_TEST_OPENCL_PLUGIN};
    acc_init_options_t options;
    acc_init_options_init(&options);
    options.plugin_paths = paths;
    options.plugin_path_count = 1;
    options.flags |= ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS;
    result = acc_init(&options);
  }
  ~Runtime() {
    acc_shutdown();
    plugin().start();
  }
};

#define ACC_OK(call)                                                           \
  do {                                                                         \
    acc_result_t result_ = (call);                                             \
    INFO(acc_last_error_message());                                            \
    REQUIRE(result_ == ACC_SUCCESS);                                           \
  } while (0)

acc_device_t runtimeDevice() {
  acc_device_t dev = nullptr;
  ACC_OK(acc_device_get_default(&dev));
  return dev;
}

acc_module_t runtimeModule(acc_device_t dev) {
  static const std::vector<uint8_t> bytes = makeBundle(kSource, kernelSpecs());
  acc_module_t module = nullptr;
  ACC_OK(acc_module_load_memory(dev, bytes.data(), bytes.size(), &module));
  return module;
}

acc_kernel_t runtimeKernel(acc_module_t module, const char *name) {
  acc_kernel_t k = nullptr;
  ACC_OK(acc_kernel_get(module, name, &k));
  return k;
}

} // namespace

//===----------------------------------------------------------------------===//
// Devices
//===----------------------------------------------------------------------===//

TEST_CASE("opencl plugin: table and device properties", "[opencl]") {
  const acc_plugin_v1_t &t = api();
  CHECK(std::string(t.name) == "opencl");
  CHECK(t.abi_major == ACC_PLUGIN_ABI_MAJOR);
  CHECK(t.struct_size == sizeof(acc_plugin_v1_t));

  uint32_t count = 0;
  REQUIRE_OK(t.device_count(&count));
  REQUIRE(count >= 1);
  acc_plugin_device_t dummy;
  std::string message =
      REQUIRE_FAILS(t.device_get(count, &dummy), ACC_ERROR_NOT_FOUND);
  CHECK(message.find(std::to_string(count)) != std::string::npos);

  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  REQUIRE_OK(t.device_get_info(device(), &info));
  INFO("device " << info.name << " / " << info.vendor << " / "
                 << info.driver_version);
  CHECK(info.struct_size == sizeof(info));
  CHECK(std::strlen(info.name) > 0);
  CHECK(std::strlen(info.vendor) > 0);
  CHECK(std::string(info.driver_version).find("OpenCL ") != std::string::npos);
  CHECK(std::string(info.backend) == "opencl");
  CHECK(info.compute_units > 0);
  CHECK(info.max_work_group_size > 0);
  for (uint32_t size : info.max_work_item_sizes)
    CHECK(size > 0);
  CHECK(info.global_memory_size > 0);
  CHECK(info.local_memory_size > 0);
  CHECK(info.max_allocation_size > 0);
  CHECK(info.max_allocation_size <= info.global_memory_size);

  // OpenCL C is always there; SPIR-V, when listed, comes first.
  bool hasSource = false;
  for (acc_target_t target : info.targets)
    hasSource |= target == ACC_TARGET_OPENCL_C;
  CHECK(hasSource);
  CHECK((info.targets[0] == ACC_TARGET_OPENCL_C ||
         (info.targets[0] == ACC_TARGET_SPIRV_CL &&
          info.targets[1] == ACC_TARGET_OPENCL_C)));

  // A caller with a smaller struct gets only that prefix.
  acc_device_info_t small;
  std::memset(&small, 0x5a, sizeof(small));
  small.struct_size = offsetof(acc_device_info_t, vendor);
  REQUIRE_OK(t.device_get_info(device(), &small));
  CHECK(small.struct_size == offsetof(acc_device_info_t, vendor));
  CHECK(std::string(small.name) == info.name);
  CHECK(static_cast<unsigned char>(small.vendor[0]) == 0x5a);
}

TEST_CASE("opencl plugin: PoCL takes OpenCL C only", "[opencl]") {
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  REQUIRE_OK(api().device_get_info(device(), &info));
  // PoCL's CPU device is named after its driver and the CPU
  // ("pthread-skylake-avx512-AMD EPYC"; "cpu-..." in later releases).
  const std::string name = info.name;
  if (name.rfind("pthread-", 0) != 0 && name.rfind("cpu-", 0) != 0)
    return; // Another driver: nothing PoCL-specific to check.
  // PoCL 3.1 has no cl_khr_il_program and an empty CL_DEVICE_IL_VERSION,
  // so SPIR-V must not be offered to the runtime.
  CHECK(info.targets[0] == ACC_TARGET_OPENCL_C);
  CHECK(info.targets[1] == ACC_TARGET_NONE);
  CHECK(info.type == ACC_DEVICE_TYPE_CPU);
  CHECK((info.caps & ACC_DEVICE_CAP_UNIFIED_MEMORY) != 0);
}

//===----------------------------------------------------------------------===//
// Buffers and transfers
//===----------------------------------------------------------------------===//

TEST_CASE("opencl plugin: write, read, copy and fill", "[opencl]") {
  std::vector<uint32_t> data(1000);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<uint32_t>(i * 7 + 1);
  Buffer a(data);
  CHECK(a.read<uint32_t>(1000) == data);
  // Partial read at an offset.
  std::vector<uint32_t> part = a.read<uint32_t>(10, 40 * sizeof(uint32_t));
  CHECK(part == std::vector<uint32_t>(data.begin() + 40, data.begin() + 50));

  Buffer b(data.size() * sizeof(uint32_t));
  REQUIRE_OK(api().buffer_copy(queue(), a.handle, 0, b.handle, 0,
                               data.size() * sizeof(uint32_t)));
  CHECK(b.read<uint32_t>(1000) == data);

  // Fill every pattern size at an offset; the rest stays.
  for (uint32_t size : {1u, 2u, 4u, 8u, 16u, 32u, 64u, 128u}) {
    std::vector<uint8_t> pattern(size);
    for (uint32_t i = 0; i < size; ++i)
      pattern[i] = static_cast<uint8_t>(0xA0 + i);
    Buffer c(std::vector<uint8_t>(1024, 0x11));
    REQUIRE_OK(api().buffer_fill(queue(), c.handle, size * 2, size * 4,
                                 pattern.data(), size));
    std::vector<uint8_t> got = c.read<uint8_t>(1024);
    for (uint32_t i = 0; i < 1024; ++i) {
      bool inside = i >= size * 2 && i < size * 6;
      uint8_t want = inside ? pattern[(i - size * 2) % size] : 0x11;
      if (got[i] != want) {
        INFO("pattern size " << size << ", byte " << i);
        REQUIRE(int(got[i]) == int(want));
      }
    }
  }
}

TEST_CASE("opencl plugin: non-blocking transfers complete at finish",
          "[opencl]") {
  std::vector<float> in(4096), out(4096, 0.f);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<float>(i) * 0.5f;
  Buffer buffer(in.size() * sizeof(float));
  REQUIRE_OK(api().buffer_write(queue(), buffer.handle, 0,
                                in.size() * sizeof(float), in.data(), false));
  REQUIRE_OK(api().buffer_read(queue(), buffer.handle, 0,
                               out.size() * sizeof(float), out.data(), false));
  REQUIRE_OK(api().queue_finish(queue()));
  CHECK(out == in);
}

TEST_CASE("opencl plugin: the driver's allocation limit", "[opencl]") {
  // Only what the driver knows: its allocation limit. Invalid usage
  // (ranges, overlaps, flags) never reaches a plugin; acc-cts checks it
  // through the validation layer.
  acc_plugin_buffer_t huge = nullptr;
  std::string message =
      REQUIRE_FAILS(api().buffer_create(device(), UINT64_MAX / 2, 0, &huge),
                    ACC_ERROR_OUT_OF_MEMORY);
  CHECK(message.find("CL_DEVICE_MAX_MEM_ALLOC_SIZE") != std::string::npos);
  // The read-only and write-only hints still allow host transfers.
  Buffer readOnly(16, ACC_BUFFER_READ_ONLY),
      writeOnly(16, ACC_BUFFER_WRITE_ONLY);
  readOnly.write(std::vector<uint32_t>{1, 2, 3, 4});
  CHECK(readOnly.read<uint32_t>(4) == std::vector<uint32_t>{1, 2, 3, 4});
}

TEST_CASE("opencl plugin: a size-0 buffer can be bound", "[opencl]") {
  Buffer empty(0), out(std::vector<uint32_t>{0});
  std::vector<acc_plugin_arg_t> args = {bufferArg(empty), bufferArg(out)};
  acc_plugin_launch_desc_t desc = range(1, {1}, {1}, args);
  REQUIRE_OK(api().launch(queue(), kernel("ignore_first"), &desc));
  CHECK(out.read<uint32_t>(1)[0] == 42u);
  // A NULL buffer argument is a null pointer, as in OpenCL.
  args[0].u.buffer = nullptr;
  desc = range(1, {1}, {1}, args);
  REQUIRE_OK(api().launch(queue(), kernel("ignore_first"), &desc));
}

//===----------------------------------------------------------------------===//
// Modules and launches
//===----------------------------------------------------------------------===//

TEST_CASE("opencl plugin: saxpy 1-D", "[opencl]") {
  const uint32_t n = 1000;
  std::vector<float> x(n), y(n);
  for (uint32_t i = 0; i < n; ++i) {
    x[i] = static_cast<float>(i);
    y[i] = 1.0f + static_cast<float>(i % 7);
  }
  Buffer bx(x), by(y);
  const float a = 2.5f;
  std::vector<acc_plugin_arg_t> args = {scalarArg(a), bufferArg(bx),
                                        bufferArg(by), scalarArg(n)};
  // 1024 work-items in groups of 64; the kernel bounds-checks n.
  acc_plugin_launch_desc_t desc = range(1, {1024}, {64}, args);
  REQUIRE_OK(api().launch(queue(), kernel("saxpy"), &desc));
  std::vector<float> got = by.read<float>(n);
  for (uint32_t i = 0; i < n; ++i)
    REQUIRE(got[i] == a * x[i] + y[i]);
}

TEST_CASE("opencl plugin: 2-D range", "[opencl]") {
  const uint32_t width = 48, height = 20;
  Buffer out(width * height * sizeof(uint32_t));
  std::vector<acc_plugin_arg_t> args = {bufferArg(out), scalarArg(width)};
  acc_plugin_launch_desc_t desc = range(2, {width, height}, {16, 4}, args);
  REQUIRE_OK(api().launch(queue(), kernel("index2d"), &desc));
  std::vector<uint32_t> got = out.read<uint32_t>(width * height);
  for (uint32_t y = 0; y < height; ++y)
    for (uint32_t x = 0; x < width; ++x)
      REQUIRE(got[y * width + x] == x + 1000 * y);
}

TEST_CASE("opencl plugin: scalars of 1, 2, 4 and 8 bytes", "[opencl]") {
  Buffer out(4 * sizeof(int64_t));
  const int8_t a = -5;
  const int16_t b = -1234;
  const int32_t c = -123456789;
  const int64_t d = -1234567890123LL;
  std::vector<acc_plugin_arg_t> args = {
      bufferArg(out), scalarArg(a), scalarArg(b), scalarArg(c), scalarArg(d)};
  acc_plugin_launch_desc_t desc = range(1, {1}, {1}, args);
  REQUIRE_OK(api().launch(queue(), kernel("scalars"), &desc));
  CHECK(out.read<int64_t>(4) == std::vector<int64_t>{a, b, c, d});
}

TEST_CASE("opencl plugin: local-memory argument and barriers", "[opencl]") {
  const uint32_t group = 64, groups = 16;
  std::vector<float> in(group * groups);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<float>(i % 13);
  Buffer bin(in), bout(groups * sizeof(float));
  std::vector<acc_plugin_arg_t> args = {bufferArg(bin), bufferArg(bout),
                                        localArg(group * sizeof(float))};
  acc_plugin_launch_desc_t desc = range(1, {group * groups}, {group}, args);
  REQUIRE_OK(api().launch(queue(), kernel("group_sum"), &desc));
  std::vector<float> got = bout.read<float>(groups);
  for (uint32_t g = 0; g < groups; ++g) {
    float want = 0;
    for (uint32_t i = 0; i < group; ++i)
      want += in[g * group + i];
    REQUIRE(got[g] == want);
  }
}

TEST_CASE("opencl plugin: global offset", "[opencl]") {
  Buffer out(64 * sizeof(uint32_t));
  std::vector<acc_plugin_arg_t> args = {bufferArg(out)};
  acc_plugin_launch_desc_t desc = range(1, {64}, {16}, args);
  desc.global_offset[0] = 1000;
  REQUIRE_OK(api().launch(queue(), kernel("offsets"), &desc));
  std::vector<uint32_t> got = out.read<uint32_t>(64);
  for (uint32_t i = 0; i < 64; ++i)
    REQUIRE(got[i] == 1000 + i);
}

TEST_CASE("opencl plugin: launch limits only the driver knows", "[opencl]") {
  Buffer out(64 * sizeof(uint32_t));
  std::vector<acc_plugin_arg_t> args = {bufferArg(out)};

  // OpenCL 1.2 runs whole work-groups only: hand-written OpenCL C without
  // acc's range arguments says so in its properties, and the runtime keeps
  // non-dividing local sizes from it.
  acc_kernel_properties_t props{};
  props.struct_size = sizeof(props);
  REQUIRE_OK(api().kernel_get_properties(kernel("offsets"), &props));
  CHECK((props.property_flags & ACC_KERNEL_PROPERTY_WHOLE_GROUPS_ONLY) != 0);
  acc_plugin_launch_desc_t desc;
  std::string message;

  // More work-items per group than the kernel allows on this device.
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  REQUIRE_OK(api().device_get_info(device(), &info));
  uint64_t tooMany = uint64_t(info.max_work_group_size) * 2;
  if (tooMany <= UINT32_MAX) {
    desc = range(1, {tooMany}, {static_cast<uint32_t>(tooMany)}, args);
    message = REQUIRE_FAILS(api().launch(queue(), kernel("offsets"), &desc),
                            ACC_ERROR_INVALID_LAUNCH);
    CHECK(message.find("CL_KERNEL_WORK_GROUP_SIZE") != std::string::npos);
  }

  acc_plugin_kernel_t missing;
  message = REQUIRE_FAILS(
      api().kernel_get(sharedModule(), "no_such_kernel", &missing),
      ACC_ERROR_NOT_FOUND);
  CHECK(message.find("no_such_kernel") != std::string::npos);
}

TEST_CASE("opencl plugin: one kernel launched from several threads",
          "[opencl]") {
  // clSetKernelArg + clEnqueueNDRangeKernel must not interleave between
  // threads sharing a cl_kernel: each thread's buffer must see only its own
  // value.
  const int threads = 3, launches = 50;
  const uint32_t n = 256;
  acc_plugin_kernel_t k = kernel("accumulate");
  std::vector<std::unique_ptr<Buffer>> buffers;
  std::vector<acc_plugin_queue_t> queues(threads);
  for (int t = 0; t < threads; ++t) {
    buffers.push_back(std::make_unique<Buffer>(std::vector<uint32_t>(n, 0)));
    REQUIRE_OK(api().queue_create(device(), &queues[t]));
  }
  std::vector<acc_result_t> results(threads, ACC_SUCCESS);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      const uint32_t value = static_cast<uint32_t>(t + 1);
      acc_plugin_arg_t args[2] = {bufferArg(*buffers[t]), scalarArg(value)};
      acc_plugin_launch_desc_t desc{};
      desc.struct_size = sizeof(desc);
      desc.work_dim = 1;
      desc.global_size[0] = n;
      desc.global_size[1] = desc.global_size[2] = 1;
      desc.local_size[0] = 64;
      desc.local_size[1] = desc.local_size[2] = 1;
      desc.arg_count = 2;
      desc.args = args;
      for (int i = 0; i < launches && results[t] == ACC_SUCCESS; ++i)
        results[t] = api().launch(queues[t], k, &desc);
      if (results[t] == ACC_SUCCESS)
        results[t] = api().queue_finish(queues[t]);
    });
  for (std::thread &worker : workers)
    worker.join();
  for (int t = 0; t < threads; ++t) {
    REQUIRE(results[t] == ACC_SUCCESS);
    std::vector<uint32_t> got = buffers[t]->read<uint32_t>(n);
    CHECK(got == std::vector<uint32_t>(n, launches * uint32_t(t + 1)));
    REQUIRE_OK(api().queue_release(queues[t]));
  }
}

TEST_CASE("opencl plugin: module errors", "[opencl]") {
  PluginKernels kernels(kernelSpecs());
  acc_plugin_module_t module = nullptr;

  SECTION("a build failure carries the build log") {
    const std::string bad =
        "kernel void broken(global float* x) { x[0] = undeclared_thing; }";
    std::vector<KernelSpec> specs = {
        {"broken", {buf("x", "float*", ACC_SCALAR_TYPE_F32, RW)}, 0}};
    PluginKernels badKernels(specs);
    acc_plugin_module_desc_t desc =
        moduleDesc(bad.data(), bad.size(), badKernels);
    std::string message = REQUIRE_FAILS(
        api().module_create(device(), &desc, &module), ACC_ERROR_BUILD_FAILED);
    CHECK(message.find("CL_BUILD_PROGRAM_FAILURE") != std::string::npos);
    CHECK(message.find("undeclared_thing") != std::string::npos);
  }
  SECTION("source with a terminating NUL builds too") {
    acc_plugin_module_desc_t desc =
        moduleDesc(kSource, sizeof(kSource), kernels);
    REQUIRE_OK(api().module_create(device(), &desc, &module));
    REQUIRE_OK(api().module_release(module));
  }
  SECTION("a kernel the metadata lists but the source lacks") {
    std::vector<KernelSpec> specs = kernelSpecs();
    specs.push_back({"not_in_source", {}, 0});
    PluginKernels more(specs);
    acc_plugin_module_desc_t desc =
        moduleDesc(kSource, std::strlen(kSource), more);
    std::string message =
        REQUIRE_FAILS(api().module_create(device(), &desc, &module),
                      ACC_ERROR_INVALID_BUNDLE);
    CHECK(message.find("not_in_source") != std::string::npos);
  }
  SECTION("metadata with the wrong number of arguments") {
    std::vector<KernelSpec> specs = {
        {"offsets",
         {buf("out", "uint*", ACC_SCALAR_TYPE_U32, ACC_ACCESS_WRITE),
          val("extra", "uint", ACC_SCALAR_TYPE_U32, 4)},
         0}};
    PluginKernels wrong(specs);
    acc_plugin_module_desc_t desc =
        moduleDesc(kSource, std::strlen(kSource), wrong);
    std::string message =
        REQUIRE_FAILS(api().module_create(device(), &desc, &module),
                      ACC_ERROR_INVALID_BUNDLE);
    CHECK(message.find("'offsets'") != std::string::npos);
  }
  SECTION("another backend's code") {
    acc_plugin_module_desc_t desc = moduleDesc(kSource, std::strlen(kSource),
                                               kernels, ACC_TARGET_CPU_X86_64);
    REQUIRE_FAILS(api().module_create(device(), &desc, &module),
                  ACC_ERROR_NO_CODE_FOR_BACKEND);
  }
  SECTION("SPIR-V on a device without IL support") {
    acc_device_info_t info{};
    info.struct_size = sizeof(info);
    REQUIRE_OK(api().device_get_info(device(), &info));
    if (info.targets[0] == ACC_TARGET_SPIRV_CL)
      return; // This device takes SPIR-V.
    const uint32_t words[5] = {0x07230203, 0x00010000, 0, 1, 0};
    acc_plugin_module_desc_t desc =
        moduleDesc(words, sizeof(words), kernels, ACC_TARGET_SPIRV_CL);
    std::string message =
        REQUIRE_FAILS(api().module_create(device(), &desc, &module),
                      ACC_ERROR_NO_CODE_FOR_BACKEND);
    CHECK(message.find("IL") != std::string::npos);
  }
}

//===----------------------------------------------------------------------===//
// Through libacc
//===----------------------------------------------------------------------===//

TEST_CASE("opencl via libacc: the backend and its device", "[opencl][libacc]") {
  Runtime rt;
  ACC_OK(rt.result);
  acc_backend_info_t b{};
  b.struct_size = sizeof(b);
  ACC_OK(acc_backend_get_info(0, &b));
  CHECK(std::string(b.name) == "opencl");
  CHECK(b.status == ACC_SUCCESS);
  CHECK(b.device_count >= 1);
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  ACC_OK(acc_device_get_info(runtimeDevice(), &info));
  CHECK(std::string(info.backend) == "opencl");
}

TEST_CASE("opencl via libacc: kernels of a hand-built bundle",
          "[opencl][libacc]") {
  Runtime rt;
  ACC_OK(rt.result);
  acc_device_t dev = runtimeDevice();
  acc_queue_t q = nullptr;
  ACC_OK(acc_queue_create(dev, &q));
  acc_module_t module = runtimeModule(dev);

  SECTION("saxpy, local size chosen by the runtime") {
    const uint32_t n = 1000; // Not a power of two: the runtime picks 250.
    std::vector<float> x(n), y(n), got(n);
    for (uint32_t i = 0; i < n; ++i) {
      x[i] = 0.25f * static_cast<float>(i);
      y[i] = static_cast<float>(n - i);
    }
    acc_buffer_t bx, by;
    ACC_OK(acc_buffer_create(dev, n * sizeof(float), 0, &bx));
    ACC_OK(acc_buffer_create(dev, n * sizeof(float), 0, &by));
    ACC_OK(acc_buffer_write(q, bx, 0, n * sizeof(float), x.data()));
    ACC_OK(acc_buffer_write(q, by, 0, n * sizeof(float), y.data()));
    const float a = -3.0f;
    acc_arg_t args[] = {ACC_ARG_SCALAR(a), acc_arg_buffer(bx),
                        acc_arg_buffer(by), ACC_ARG_SCALAR(n)};
    acc_launch_config_t config = acc_launch_config_1d(n, 0);
    ACC_OK(acc_launch(q, runtimeKernel(module, "saxpy"), &config, 4, args));
    ACC_OK(acc_buffer_read(q, by, 0, n * sizeof(float), got.data()));
    for (uint32_t i = 0; i < n; ++i)
      REQUIRE(got[i] == a * x[i] + y[i]);
    // This OpenCL C has no range arguments, so the plugin reports it runs
    // whole groups only, and the runtime refuses a local size that does
    // not divide the range before OpenCL sees it.
    config = acc_launch_config_1d(n, 64);
    CHECK(acc_launch(q, runtimeKernel(module, "saxpy"), &config, 4, args) ==
          ACC_ERROR_INVALID_LAUNCH);
    CHECK(std::string(acc_last_error_message()).find(
              "runs whole work-groups only") != std::string::npos);
    ACC_OK(acc_buffer_release(bx));
    ACC_OK(acc_buffer_release(by));
  }
  SECTION("2-D range") {
    const uint32_t width = 30, height = 18;
    acc_buffer_t out;
    ACC_OK(acc_buffer_create(dev, width * height * 4, 0, &out));
    acc_arg_t args[] = {acc_arg_buffer(out), ACC_ARG_SCALAR(width)};
    acc_launch_config_t config = acc_launch_config_2d(width, height, 0, 0);
    ACC_OK(acc_launch(q, runtimeKernel(module, "index2d"), &config, 2, args));
    std::vector<uint32_t> got(width * height);
    ACC_OK(acc_buffer_read(q, out, 0, got.size() * 4, got.data()));
    for (uint32_t y = 0; y < height; ++y)
      for (uint32_t x = 0; x < width; ++x)
        REQUIRE(got[y * width + x] == x + 1000 * y);
    ACC_OK(acc_buffer_release(out));
  }
  SECTION("scalars of 1, 2, 4 and 8 bytes") {
    acc_buffer_t out;
    ACC_OK(acc_buffer_create(dev, 32, 0, &out));
    const int8_t a = 100;
    const int16_t b = -30000;
    const int32_t c = 2000000000;
    const int64_t d = INT64_MIN + 7;
    acc_arg_t args[] = {acc_arg_buffer(out), ACC_ARG_SCALAR(a),
                        ACC_ARG_SCALAR(b), ACC_ARG_SCALAR(c),
                        ACC_ARG_SCALAR(d)};
    acc_launch_config_t config = acc_launch_config_1d(1, 0);
    ACC_OK(acc_launch(q, runtimeKernel(module, "scalars"), &config, 5, args));
    std::vector<int64_t> got(4);
    ACC_OK(acc_buffer_read(q, out, 0, 32, got.data()));
    CHECK(got == std::vector<int64_t>{a, b, c, d});
    ACC_OK(acc_buffer_release(out));
  }
  SECTION("local memory") {
    const uint32_t group = 32, groups = 8;
    std::vector<float> in(group * groups);
    for (size_t i = 0; i < in.size(); ++i)
      in[i] = static_cast<float>(i);
    acc_buffer_t bin, bout;
    ACC_OK(acc_buffer_create(dev, in.size() * 4, 0, &bin));
    ACC_OK(acc_buffer_create(dev, groups * 4, 0, &bout));
    ACC_OK(acc_buffer_write(q, bin, 0, in.size() * 4, in.data()));
    acc_arg_t args[] = {acc_arg_buffer(bin), acc_arg_buffer(bout),
                        acc_arg_local(group * sizeof(float))};
    acc_launch_config_t config = acc_launch_config_1d(in.size(), group);
    ACC_OK(acc_launch(q, runtimeKernel(module, "group_sum"), &config, 3, args));
    std::vector<float> got(groups);
    ACC_OK(acc_buffer_read(q, bout, 0, groups * 4, got.data()));
    for (uint32_t g = 0; g < groups; ++g) {
      float want = 0;
      for (uint32_t i = 0; i < group; ++i)
        want += in[g * group + i];
      REQUIRE(got[g] == want);
    }
    ACC_OK(acc_buffer_release(bin));
    ACC_OK(acc_buffer_release(bout));
  }
  SECTION("fill and copy") {
    acc_buffer_t a, b;
    ACC_OK(acc_buffer_create(dev, 256, 0, &a));
    ACC_OK(acc_buffer_create(dev, 256, 0, &b));
    const uint32_t pattern = 0xC0FFEE01u;
    ACC_OK(acc_buffer_fill(q, a, 0, 256, &pattern, 4));
    ACC_OK(acc_buffer_copy(q, a, 0, b, 0, 256));
    std::vector<uint32_t> got(64);
    ACC_OK(acc_buffer_read(q, b, 0, 256, got.data()));
    CHECK(got == std::vector<uint32_t>(64, pattern));
    ACC_OK(acc_buffer_release(a));
    ACC_OK(acc_buffer_release(b));
  }
  ACC_OK(acc_queue_finish(q));
  ACC_OK(acc_module_release(module));
  ACC_OK(acc_queue_release(q));
}

TEST_CASE("opencl via libacc: a build failure is BUILD_FAILED with the log",
          "[opencl][libacc]") {
  Runtime rt;
  ACC_OK(rt.result);
  acc_device_t dev = runtimeDevice();
  std::vector<KernelSpec> specs = {
      {"broken", {buf("x", "float*", ACC_SCALAR_TYPE_F32, RW)}, 0}};
  std::vector<uint8_t> bytes = makeBundle(
      "kernel void broken(global float* x) { x[0] = missing_symbol_42 }",
      specs);
  acc_module_t module = nullptr;
  acc_result_t result =
      acc_module_load_memory(dev, bytes.data(), bytes.size(), &module);
  std::string message = acc_last_error_message();
  INFO(message);
  CHECK(result == ACC_ERROR_BUILD_FAILED);
  CHECK(message.find("missing_symbol_42") != std::string::npos);
}

//===----------------------------------------------------------------------===//
// Without a device
//===----------------------------------------------------------------------===//

namespace {
const char kNoLoader[] = "libacc-test-no-such-opencl-loader.so.1";
}

TEST_CASE("opencl plugin: no ICD loader means no device, with the reason",
          "[no-device]") {
  const bool had = plugin().hasDevice();
  plugin().stop();
  {
    ScopedEnv loader("ACC_OPENCL_ICD_LOADER", kNoLoader);
    lastMessage.clear();
    acc_result_t result = api().init(&kHost);
    INFO(lastMessage);
    CHECK(result == ACC_ERROR_NO_DEVICE);
    CHECK(lastMessage ==
          std::string(kNoLoader) +
              " not found (install an OpenCL ICD loader and a driver, e.g. "
              "ocl-icd-libopencl1 and pocl-opencl-icd)");
    api().shutdown();
  }
  plugin().start();
  CHECK(plugin().hasDevice() == had);
}

TEST_CASE("opencl via libacc: no ICD loader is reported by acc-info's API",
          "[no-device][libacc]") {
  {
    ScopedEnv loader("ACC_OPENCL_ICD_LOADER", kNoLoader);
    Runtime rt;
    ACC_OK(rt.result);
    acc_backend_info_t b{};
    b.struct_size = sizeof(b);
    ACC_OK(acc_backend_get_info(0, &b));
    CHECK(std::string(b.name) == "opencl");
    CHECK(b.status == ACC_ERROR_NO_DEVICE);
    CHECK(std::string(b.status_message).find("not found (install an OpenCL") !=
          std::string::npos);
    CHECK(b.device_count == 0);

    ScopedEnv backend("ACC_BACKEND", "opencl");
    acc_device_t dev = nullptr;
    CHECK(acc_device_get_default(&dev) == ACC_ERROR_NO_DEVICE);
    CHECK(std::string(acc_last_error_message()).find(kNoLoader) !=
          std::string::npos);
  }
  // ~Runtime restarted the direct session while the loader was still
  // hidden; start it again with the real one.
  plugin().stop();
  plugin().start();
}

TEST_CASE("opencl plugin: a loader without drivers means no device",
          "[.][no-platform]") {
  // Run by the no_platform ctest, which points OCL_ICD_VENDORS at an empty
  // folder. The ICD loader reads it once per process, so this test cannot
  // set it itself.
  REQUIRE(!plugin().hasDevice());
  INFO(plugin().initMessage);
  CHECK(plugin().initResult == ACC_ERROR_NO_DEVICE);
  void *loader = dlopen("libOpenCL.so.1", RTLD_NOW | RTLD_LOCAL);
  if (loader) {
    CHECK(plugin().initMessage.find("found no platform") != std::string::npos);
    dlclose(loader);
  } else {
    CHECK(plugin().initMessage.find("not found") != std::string::npos);
  }
}

//===----------------------------------------------------------------------===//
// main: skip visibly without a device
//===----------------------------------------------------------------------===//

int main(int argc, char **argv) {
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv))
    return rc;
  Plugin &p = plugin();
  const bool expectNone = std::getenv("ACC_TEST_EXPECT_NO_DEVICE") != nullptr;
  if (expectNone) {
    if (p.hasDevice()) {
      std::fprintf(stderr, "FAIL: ACC_TEST_EXPECT_NO_DEVICE is set, but the "
                           "opencl plugin found a device\n");
      return 1;
    }
    session.configData().testsOrTags = {"[no-device],[no-platform]"};
    return session.run();
  }
  if (!p.hasDevice()) {
    std::printf("SKIP: no OpenCL device (%s); running only the no-device "
                "tests\n",
                p.initMessage.c_str());
    session.configData().testsOrTags = {"[no-device]"};
    int failures = session.run();
    return failures != 0 ? failures : 77;
  }
  return session.run();
}
