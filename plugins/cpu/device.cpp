//===- device.cpp - The host CPU as an acc device -------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The cpu plugin has exactly one device, the host. Its properties come from
// the operating system: /proc/cpuinfo for names, the affinity mask for the
// number of hardware threads, sysconf for memory.
//
// Work-group limits. A CPU work-group function loops over its work-items,
// so the local size costs nothing in hardware; the limits bound the memory
// the compiler's barrier splitting keeps per work-item (one slot per live
// value per work-item) and keep groups small enough to balance over threads.
// 1024 work-items per group (and per dimension) matches common GPUs, so a
// kernel tuned for them launches here unchanged. Local memory is a 64 KiB
// per-thread scratch: small enough to stay in L2, as large as GPUs offer.
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

using namespace acc::cpu;

namespace {

constexpr uint32_t kMaxWorkGroupSize = 1024;
constexpr uint64_t kLocalMemorySize = 64 * 1024;

/// Copies `text` into a fixed-size, NUL-terminated field.
template <size_t N> void copyField(char (&field)[N], const std::string &text) {
  size_t length = std::min(text.size(), N - 1);
  std::memcpy(field, text.data(), length);
  field[length] = '\0';
}

std::string trim(const std::string &text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos)
    return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

/// First value of `key` in /proc/cpuinfo, or "" when absent.
std::string cpuinfoValue(const std::string &key) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    size_t colon = line.find(':');
    if (colon == std::string::npos)
      continue;
    if (trim(line.substr(0, colon)) == key)
      return trim(line.substr(colon + 1));
  }
  return {};
}

std::string cpuName() {
  std::string name = cpuinfoValue("model name"); // x86
  if (name.empty())
    name = cpuinfoValue("Processor"); // older ARM kernels
  return name.empty() ? "Host CPU" : name;
}

std::string cpuVendor() {
  std::string vendor = cpuinfoValue("vendor_id");
  if (vendor == "GenuineIntel")
    return "Intel";
  if (vendor == "AuthenticAMD")
    return "AMD";
  if (!vendor.empty())
    return vendor;
  // AArch64: the implementer code (0x41 = Arm Ltd., ...).
  std::string implementer = cpuinfoValue("CPU implementer");
  if (implementer == "0x41")
    return "Arm";
  if (!implementer.empty())
    return "CPU implementer " + implementer;
  return "unknown";
}

/// Hardware threads this process may run on.
unsigned hardwareThreads() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0)
      return static_cast<unsigned>(count);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

uint64_t physicalMemory() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long pageSize = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || pageSize <= 0)
    return 0;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(pageSize);
}

} // namespace

std::unique_ptr<Device> acc::cpu::createHostDevice() {
  auto device = std::make_unique<Device>();
  acc_device_info_t &info = device->info;
  info.struct_size = sizeof(acc_device_info_t);
  info.type = ACC_DEVICE_TYPE_CPU;
  copyField(info.name, cpuName());
  copyField(info.vendor, cpuVendor());
  copyField(info.driver_version,
            "acc cpu plugin 0.2.0, cpu abi " +
                std::to_string(ACC_CPU_ABI_VERSION));
  copyField(info.backend, "cpu");
  info.compute_units = hardwareThreads();
  info.max_work_group_size = kMaxWorkGroupSize;
  for (uint32_t &size : info.max_work_item_sizes)
    size = kMaxWorkGroupSize;
  info.caps = ACC_DEVICE_CAP_FP64 | ACC_DEVICE_CAP_INT64_ATOMICS |
              ACC_DEVICE_CAP_UNIFIED_MEMORY | ACC_DEVICE_CAP_INT64 |
              ACC_DEVICE_CAP_STORAGE_8BIT | ACC_DEVICE_CAP_STORAGE_16BIT |
              ACC_DEVICE_CAP_TIMESTAMPS |
              ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY | ACC_DEVICE_CAP_PRINTF;
  info.global_id_bits = 64;
  // A work-group is a loop on one thread: any count of them, any block of
  // scalars, no subgroups, buffers at any offset.
  info.min_buffer_offset_alignment = 1;
  info.global_memory_size = physicalMemory();
  info.local_memory_size = kLocalMemorySize;
  // Allocations are plain host memory: any size the machine has may work.
  info.max_allocation_size = info.global_memory_size;
#if defined(__x86_64__)
  info.targets[0] = ACC_TARGET_CPU_X86_64;
#elif defined(__aarch64__)
  info.targets[0] = ACC_TARGET_CPU_AARCH64;
#else
  info.targets[0] = ACC_TARGET_NONE; // No acc-cc target for this family yet.
#endif
  return device;
}

unsigned acc::cpu::poolThreadCount(const Device &device) {
  // ACC_CPU_THREADS=<n> caps the pool (benchmarks, noisy shared machines).
  if (const char *text = std::getenv("ACC_CPU_THREADS")) {
    char *end = nullptr;
    unsigned long value = std::strtoul(text, &end, 10);
    if (end != text && *end == '\0' && value > 0 && value <= 4096)
      return static_cast<unsigned>(value);
    log(ACC_LOG_LEVEL_WARN, std::string("ignoring ACC_CPU_THREADS=\"") +
                                text + "\" (expected a number 1..4096)");
  }
  return std::max(1u, device.info.compute_units);
}
