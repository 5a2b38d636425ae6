//===- opencl_cache_worker.cpp - One process of the cache's process tests -===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A helper of test_opencl_cache_processes.cpp, which starts several of these
// at once against one ACC_CACHE_DIR. Each initialises libacc with the opencl
// plugin alone (ACC_TEST_OPENCL_PLUGIN), and for every variant named on the
// command line builds a bundle of one OpenCL C kernel, as acc-cc would write
// it, loads it, launches the kernel and checks the result against the host.
// Variants differ in the constants of the kernel's source, so each one is a
// cache entry of its own.
//
//   opencl_cache_worker [--probe] [--ready-fd N] [--start-fd N]
//                       [--repeat N] VARIANT...
//
//  --probe       stop once the device is known (exit 0 or 77)
//  --ready-fd N  write one byte to fd N once ready to load, then close it
//  --start-fd N  then wait until fd N reaches end of file (the test's start
//                signal: all workers load their first module at once)
//  --repeat N    load (and run) every variant N times, releasing the module
//                in between; each load goes through the cache again
//
// Exit status: 0 when every launch gave the right result, 1 on any failure
// (the reason on stderr), 77 when there is no OpenCL device. The plugin's
// log lines (ACC_LOG=info) go to stderr as well: the test reads them.
//
//===----------------------------------------------------------------------===//
#include "acc/bundle/Bundle.h"
#include "acc/acc.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

const int kSkip = 77;

/// The multiplier and addend of variant `v` (both odd, distinct per v).
uint32_t multiplierOf(uint32_t v) { return 2 * v + 3; }
uint32_t addendOf(uint32_t v) { return 1000 * v + 7; }

std::string sourceOf(uint32_t v) {
  return "kernel void affine(global const uint* x, global uint* y, uint n) {\n"
         "  size_t i = get_global_id(0);\n"
         "  if (i < n)\n"
         "    y[i] = x[i] * " +
         std::to_string(multiplierOf(v)) + "u + " +
         std::to_string(addendOf(v)) + "u;\n}\n";
}

/// The bundle acc-cc would write for sourceOf(v) with --targets=opencl-c.
std::vector<uint8_t> bundleOf(uint32_t v) {
  acc::bundle::Bundle bundle;
  bundle.producer = "tests/opencl_plugin/opencl_cache_worker";
  acc::bundle::KernelInfo info;
  info.name = "affine";
  auto arg = [](const char *name, const char *type, acc_arg_kind_t kind,
                acc_access_flags_t access, uint32_t size) {
    acc::bundle::ArgInfo a;
    a.name = name;
    a.typeName = type;
    a.kind = kind;
    a.addressSpace = kind == ACC_ARG_KIND_BUFFER ? ACC_ADDRESS_SPACE_GLOBAL
                                                 : ACC_ADDRESS_SPACE_PRIVATE;
    a.access = access;
    a.scalarType = ACC_SCALAR_TYPE_U32;
    a.size = size;
    a.alignment = size;
    return a;
  };
  info.args.push_back(arg("x", "const uint*", ACC_ARG_KIND_BUFFER,
                          ACC_ACCESS_READ, sizeof(void *)));
  info.args.push_back(
      arg("y", "uint*", ACC_ARG_KIND_BUFFER, ACC_ACCESS_WRITE, sizeof(void *)));
  info.args.push_back(arg("n", "uint", ACC_ARG_KIND_SCALAR, 0, 4));
  bundle.kernels.push_back(info);
  acc::bundle::CodeObject code;
  code.target = ACC_TARGET_OPENCL_C;
  code.arch = "opencl-c";
  std::string source = sourceOf(v);
  code.data.assign(source.begin(), source.end());
  bundle.code.push_back(code);
  return acc::bundle::write(bundle);
}

/// Prints what failed and exits 1.
[[noreturn]] void failWith(const std::string &what) {
  std::fprintf(stderr, "worker %d: FAILED: %s\n", static_cast<int>(::getpid()),
               what.c_str());
  std::exit(1);
}

void check(acc_result_t result, const char *call, uint32_t variant) {
  if (result != ACC_SUCCESS)
    failWith(std::string(call) + " (variant " + std::to_string(variant) +
             ") returned " + acc_result_name(result) + ": " +
             acc_last_error_message());
}

/// Loads variant `v`, runs it on `n` values, compares with the host and
/// releases everything again.
void loadAndRun(acc_device_t device, acc_queue_t queue,
                const std::vector<uint8_t> &bytes, uint32_t v) {
  acc_module_t module = nullptr;
  check(acc_module_load_memory(device, bytes.data(), bytes.size(), &module),
        "acc_module_load_memory", v);
  acc_kernel_t kernel = nullptr;
  check(acc_kernel_get(module, "affine", &kernel), "acc_kernel_get", v);

  const uint32_t n = 1024;
  std::vector<uint32_t> x(n), y(n, 0);
  for (uint32_t i = 0; i < n; ++i)
    x[i] = i * 2654435761u; // Spread over the whole uint range.
  acc_buffer_t bx = nullptr, by = nullptr;
  check(acc_buffer_create(device, n * 4, 0, &bx), "acc_buffer_create", v);
  check(acc_buffer_create(device, n * 4, 0, &by), "acc_buffer_create", v);
  check(acc_buffer_write(queue, bx, 0, n * 4, x.data()), "acc_buffer_write", v);
  acc_arg_t args[] = {acc_arg_buffer(bx), acc_arg_buffer(by),
                      ACC_ARG_SCALAR(n)};
  acc_launch_config_t config = acc_launch_config_1d(n, 0);
  check(acc_launch(queue, kernel, &config, 3, args), "acc_launch", v);
  check(acc_buffer_read(queue, by, 0, n * 4, y.data()), "acc_buffer_read", v);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t want = x[i] * multiplierOf(v) + addendOf(v);
    if (y[i] != want)
      failWith("variant " + std::to_string(v) + ": y[" + std::to_string(i) +
               "] is " + std::to_string(y[i]) + ", the host computes " +
               std::to_string(want));
  }
  check(acc_buffer_release(bx), "acc_buffer_release", v);
  check(acc_buffer_release(by), "acc_buffer_release", v);
  check(acc_kernel_release(kernel), "acc_kernel_release", v);
  check(acc_module_release(module), "acc_module_release", v);
}

/// Parses a non-negative decimal number or exits 1.
uint32_t number(const char *text) {
  char *end = nullptr;
  errno = 0;
  unsigned long value = std::strtoul(text, &end, 10);
  if (!*text || *end || errno != 0 || value > UINT32_MAX)
    failWith(std::string("not a number: '") + text + "'");
  return static_cast<uint32_t>(value);
}

} // namespace

int main(int argc, char **argv) {
  bool probe = false;
  int readyFd = -1, startFd = -1;
  uint32_t repeat = 1;
  std::vector<uint32_t> variants;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool hasValue = i + 1 < argc;
    if (arg == "--probe")
      probe = true;
    else if (arg == "--ready-fd" && hasValue)
      readyFd = static_cast<int>(number(argv[++i]));
    else if (arg == "--start-fd" && hasValue)
      startFd = static_cast<int>(number(argv[++i]));
    else if (arg == "--repeat" && hasValue)
      repeat = number(argv[++i]);
    else if (!arg.empty() && arg[0] == '-')
      failWith("unknown option " + arg);
    else
      variants.push_back(number(argv[i]));
  }

  const char *paths[] = {ACC_TEST_OPENCL_PLUGIN};
  acc_init_options_t options;
  acc_init_options_init(&options);
  options.plugin_paths = paths;
  options.plugin_path_count = 1;
  options.flags |= ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS;
  check(acc_init(&options), "acc_init", 0);
  acc_device_t device = nullptr;
  acc_result_t result = acc_device_get_default(&device);
  if (result == ACC_ERROR_NO_DEVICE) {
    std::printf("SKIP: no OpenCL device (%s)\n", acc_last_error_message());
    acc_shutdown();
    return kSkip;
  }
  check(result, "acc_device_get_default", 0);
  if (probe) {
    acc_shutdown();
    return 0;
  }
  acc_queue_t queue = nullptr;
  check(acc_queue_create(device, &queue), "acc_queue_create", 0);
  std::vector<std::vector<uint8_t>> bundles;
  for (uint32_t v : variants)
    bundles.push_back(bundleOf(v));

  if (readyFd >= 0) {
    char byte = 'r';
    if (::write(readyFd, &byte, 1) != 1)
      failWith(std::string("cannot write the ready byte: ") +
               std::strerror(errno));
    ::close(readyFd);
  }
  if (startFd >= 0) {
    char byte;
    ssize_t n;
    while ((n = ::read(startFd, &byte, 1)) != 0)
      if (n < 0 && errno != EINTR)
        failWith(std::string("cannot wait for the start: ") +
                 std::strerror(errno));
    ::close(startFd);
  }

  for (uint32_t round = 0; round < repeat; ++round)
    for (size_t i = 0; i < variants.size(); ++i)
      loadAndRun(device, queue, bundles[i], variants[i]);
  check(acc_queue_release(queue), "acc_queue_release", 0);
  acc_shutdown();
  std::printf("worker %d: %zu variants x %u loads ok\n",
              static_cast<int>(::getpid()), variants.size(), repeat);
  return 0;
}
