//===- device.cpp - Vulkan physical devices as acc devices ----------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Every physical device with a compute queue family, Vulkan 1.1 or later
// and timeline semaphores (core in 1.2, VK_KHR_timeline_semaphore before)
// becomes one acc device. Its info comes from the API: the limits of
// VkPhysicalDeviceLimits (work-group sizes and counts, shared memory,
// uniform range for the scalar block), the memory heaps, the subgroup size,
// and the capabilities from the features the device reports (fp64, int64,
// fp16, 8/16-bit storage, 64-bit buffer atomics, timestamps on its compute
// queue). Ids are 32-bit: spirv-vk code reads the low halves of the launch
// words, so global_id_bits is 32 and the runtime refuses larger ranges.
//
// The logical device is created by the first object that needs one, with
// only the features acc's code uses enabled (not robustBufferAccess and
// friends, which cost speed on some GPUs), and up to kMaxQueues queues of
// the chosen family, which acc queues share round-robin.
//
//===----------------------------------------------------------------------===//
#include "vulkan_plugin.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

using namespace acc::vulkan;

namespace {

constexpr uint32_t kMaxQueues = 8;

template <size_t N> void copyField(char (&field)[N], const std::string &text) {
  std::snprintf(field, N, "%s", text.c_str());
}

uint32_t clampU32(uint64_t value) {
  return static_cast<uint32_t>(std::min<uint64_t>(value, UINT32_MAX));
}

std::string vendorName(uint32_t id) {
  switch (id) {
  case 0x10DE:
    return "NVIDIA";
  case 0x1002:
  case 0x1022:
    return "AMD";
  case 0x8086:
    return "Intel";
  case 0x13B5:
    return "ARM";
  case 0x5143:
    return "Qualcomm";
  case 0x1010:
    return "Imagination Technologies";
  case 0x106B:
    return "Apple";
  case VK_VENDOR_ID_MESA:
    return "Mesa";
  default: {
    char text[32];
    std::snprintf(text, sizeof(text), "vendor 0x%04x", id);
    return text;
  }
  }
}

acc_device_type_t deviceType(VkPhysicalDeviceType type) {
  switch (type) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
    return ACC_DEVICE_TYPE_GPU;
  case VK_PHYSICAL_DEVICE_TYPE_CPU:
    return ACC_DEVICE_TYPE_CPU;
  default:
    return ACC_DEVICE_TYPE_OTHER;
  }
}

std::vector<std::string> deviceExtensions(VkPhysicalDevice physical) {
  uint32_t count = 0;
  std::vector<std::string> names;
  if (vki().vkEnumerateDeviceExtensionProperties(physical, nullptr, &count,
                                                 nullptr) != VK_SUCCESS)
    return names;
  std::vector<VkExtensionProperties> exts(count);
  if (vki().vkEnumerateDeviceExtensionProperties(physical, nullptr, &count,
                                                 exts.data()) != VK_SUCCESS)
    return names;
  for (const VkExtensionProperties &e : exts)
    names.push_back(e.extensionName);
  return names;
}

bool contains(const std::vector<std::string> &names, const char *name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// The feature structures acc reads and enables, chained for
/// vkGetPhysicalDeviceFeatures2 and vkCreateDevice. Each is core in 1.2
/// (or 1.1) and an extension before; one is chained only where the device
/// knows it.
struct FeatureChain {
  VkPhysicalDeviceFeatures2 base{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
  VkPhysicalDevice16BitStorageFeatures storage16{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES};
  VkPhysicalDevice8BitStorageFeatures storage8{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES};
  VkPhysicalDeviceShaderFloat16Int8Features float16Int8{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES};
  VkPhysicalDeviceShaderAtomicInt64Features atomicInt64{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_ATOMIC_INT64_FEATURES};
  VkPhysicalDeviceTimelineSemaphoreFeatures timeline{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_TIMELINE_SEMAPHORE_FEATURES};
  /// atomic_xchg on float is OpAtomicExchange on a float, which Vulkan
  /// allows only with these (an extension in every version).
  VkPhysicalDeviceShaderAtomicFloatFeaturesEXT atomicFloat{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_ATOMIC_FLOAT_FEATURES_EXT};
  /// Device extensions these need (empty on 1.2+, where they are core).
  std::vector<const char *> extensions;

  FeatureChain(uint32_t apiVersion, const std::vector<std::string> &exts) {
    void **next = &base.pNext;
    auto link = [&](auto &s, const char *ext, bool core12 = true) {
      bool core = core12 && apiVersion >= VK_API_VERSION_1_2;
      if (!core && ext && !contains(exts, ext))
        return;
      if (!core && ext)
        extensions.push_back(ext);
      *next = &s;
      next = &s.pNext;
    };
    link(storage16, nullptr); // core in 1.1
    link(storage8, VK_KHR_8BIT_STORAGE_EXTENSION_NAME);
    link(float16Int8, VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
    link(atomicInt64, VK_KHR_SHADER_ATOMIC_INT64_EXTENSION_NAME);
    link(timeline, VK_KHR_TIMELINE_SEMAPHORE_EXTENSION_NAME);
    link(atomicFloat, VK_EXT_SHADER_ATOMIC_FLOAT_EXTENSION_NAME,
         /*core12=*/false);
  }
  FeatureChain(const FeatureChain &) = delete;
};

/// Describes one physical device, or returns null with `skipped` saying why
/// acc cannot use it.
std::unique_ptr<Device> describeDevice(VkPhysicalDevice physical,
                                       std::string &skipped) {
  auto device = std::make_unique<Device>();
  device->physical = physical;
  VkPhysicalDeviceProperties &props = device->properties;
  vki().vkGetPhysicalDeviceProperties(physical, &props);
  const std::string label = std::string("device \"") + props.deviceName + "\"";
  device->apiVersion = props.apiVersion;
  if (props.apiVersion < VK_API_VERSION_1_1) {
    skipped = label + " supports Vulkan 1.0 only; acc needs 1.1";
    return nullptr;
  }

  // A queue family with compute; the one with the most queues, preferring
  // a compute-only family (asynchronous compute on discrete GPUs).
  uint32_t familyCount = 0;
  vki().vkGetPhysicalDeviceQueueFamilyProperties(physical, &familyCount,
                                                 nullptr);
  std::vector<VkQueueFamilyProperties> families(familyCount);
  vki().vkGetPhysicalDeviceQueueFamilyProperties(physical, &familyCount,
                                                 families.data());
  int best = -1;
  auto score = [&](const VkQueueFamilyProperties &f) {
    return (f.queueFlags & VK_QUEUE_GRAPHICS_BIT ? 0 : 1000) +
           static_cast<int>(std::min(f.queueCount, kMaxQueues));
  };
  for (uint32_t i = 0; i < familyCount; ++i)
    if ((families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) &&
        families[i].queueCount > 0 &&
        (best < 0 || score(families[i]) > score(families[best])))
      best = static_cast<int>(i);
  if (best < 0) {
    skipped = label + " has no compute queue";
    return nullptr;
  }
  device->queueFamily = static_cast<uint32_t>(best);
  device->queueCount = std::min(families[best].queueCount, kMaxQueues);
  device->timestampValidBits = families[best].timestampValidBits;

  std::vector<std::string> exts = deviceExtensions(physical);
  FeatureChain chain(props.apiVersion, exts);
  vki().vkGetPhysicalDeviceFeatures2(physical, &chain.base);
  if (!chain.timeline.timelineSemaphore) {
    skipped = label + " has no timeline semaphores (Vulkan 1.2 or "
                      "VK_KHR_timeline_semaphore), which acc's events need";
    return nullptr;
  }
  const VkPhysicalDeviceFeatures &f = chain.base.features;

  VkPhysicalDeviceSubgroupProperties subgroup{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
  VkPhysicalDeviceMaintenance3Properties maintenance3{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES};
  VkPhysicalDeviceDriverProperties driver{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
  VkPhysicalDeviceProperties2 props2{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
  props2.pNext = &subgroup;
  subgroup.pNext = &maintenance3;
  bool hasDriver = props.apiVersion >= VK_API_VERSION_1_2 ||
                   contains(exts, VK_KHR_DRIVER_PROPERTIES_EXTENSION_NAME);
  if (hasDriver)
    maintenance3.pNext = &driver;
  vki().vkGetPhysicalDeviceProperties2(physical, &props2);
  vki().vkGetPhysicalDeviceMemoryProperties(physical, &device->memory);

  acc_device_info_t &info = device->info;
  info.struct_size = sizeof(acc_device_info_t);
  info.type = deviceType(props.deviceType);
  copyField(info.name, props.deviceName);
  copyField(info.vendor, vendorName(props.vendorID));
  char api[48];
  std::snprintf(api, sizeof(api), "Vulkan %u.%u.%u",
                VK_API_VERSION_MAJOR(props.apiVersion),
                VK_API_VERSION_MINOR(props.apiVersion),
                VK_API_VERSION_PATCH(props.apiVersion));
  std::string driverText = hasDriver && driver.driverInfo[0]
                               ? std::string(driver.driverInfo) + ", " + api
                               : std::string(api);
  copyField(info.driver_version, driverText);
  copyField(info.backend, "vulkan");

  const VkPhysicalDeviceLimits &limits = props.limits;
  device->maxAllocations = limits.maxMemoryAllocationCount;
  if (const char *cap = std::getenv("ACC_VULKAN_MAX_ALLOCATIONS"))
    if (unsigned long n = std::strtoul(cap, nullptr, 10))
      device->maxAllocations =
          std::min<uint32_t>(device->maxAllocations, static_cast<uint32_t>(n));
  // Vulkan has no core query for compute units; a CPU device (lavapipe)
  // runs on the host's cores.
  info.compute_units =
      info.type == ACC_DEVICE_TYPE_CPU
          ? std::max(1u, std::thread::hardware_concurrency())
          : 1;
  info.max_work_group_size = limits.maxComputeWorkGroupInvocations;
  for (int d = 0; d < 3; ++d) {
    info.max_work_item_sizes[d] = limits.maxComputeWorkGroupSize[d];
    device->maxGroupCount[d] = limits.maxComputeWorkGroupCount[d];
  }
  // A launch of more groups than maxComputeWorkGroupCount is split into
  // dispatches (the launch words carry each one's first group), so the
  // only limit is the 32-bit ids': max_group_count stays 0.
  info.subgroup_size_min = info.subgroup_size_max = subgroup.subgroupSize;
  uint64_t deviceLocal = 0;
  for (uint32_t h = 0; h < device->memory.memoryHeapCount; ++h)
    if (device->memory.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
      deviceLocal = std::max(deviceLocal, device->memory.memoryHeaps[h].size);
  info.global_memory_size = deviceLocal;
  info.local_memory_size = limits.maxComputeSharedMemorySize;
  // A buffer must fit one storage-buffer binding and one allocation.
  uint64_t maxAllocation = limits.maxStorageBufferRange;
  if (maintenance3.maxMemoryAllocationSize)
    maxAllocation =
        std::min<uint64_t>(maxAllocation, maintenance3.maxMemoryAllocationSize);
  if (deviceLocal)
    maxAllocation = std::min(maxAllocation, deviceLocal);
  info.max_allocation_size = maxAllocation;
  info.global_id_bits = 32;
  info.min_buffer_offset_alignment =
      clampU32(limits.minStorageBufferOffsetAlignment);
  // Scalars beyond the push constants go to a uniform buffer.
  info.max_scalar_block_size = limits.maxUniformBufferRange / 16 * 16;

  if (f.shaderFloat64)
    info.caps |= ACC_DEVICE_CAP_FP64;
  if (f.shaderInt64)
    info.caps |= ACC_DEVICE_CAP_INT64;
  if (chain.float16Int8.shaderFloat16)
    info.caps |= ACC_DEVICE_CAP_FP16;
  if (chain.atomicInt64.shaderBufferInt64Atomics && f.shaderInt64)
    info.caps |= ACC_DEVICE_CAP_INT64_ATOMICS;
  if (chain.storage8.storageBuffer8BitAccess && chain.float16Int8.shaderInt8)
    info.caps |= ACC_DEVICE_CAP_STORAGE_8BIT;
  if (chain.storage16.storageBuffer16BitAccess && f.shaderInt16)
    info.caps |= ACC_DEVICE_CAP_STORAGE_16BIT;
  if (device->timestampValidBits > 0)
    info.caps |= ACC_DEVICE_CAP_TIMESTAMPS;
  for (uint32_t t = 0; t < device->memory.memoryTypeCount; ++t) {
    VkMemoryPropertyFlags flags = device->memory.memoryTypes[t].propertyFlags;
    if ((flags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) &&
        (flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT))
      info.caps |= ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY;
  }
  if (props.deviceType == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU ||
      props.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU)
    info.caps |= ACC_DEVICE_CAP_UNIFIED_MEMORY;
  // printf reaches the host only through the validation layer's debug
  // printf (ACC_VULKAN_VALIDATION=printf).
  if (state().debugPrintf)
    info.caps |= ACC_DEVICE_CAP_PRINTF;
  info.targets[0] = ACC_TARGET_SPIRV_VK;
  info.targets[1] = ACC_TARGET_NONE;
  return device;
}

/// Resolves a device-level entry point, trying the KHR name of a function
/// that was an extension before it became core.
PFN_vkVoidFunction deviceProc(VkDevice device, const char *name) {
  PFN_vkVoidFunction fn = vki().vkGetDeviceProcAddr(device, name);
  if (!fn)
    fn = vki().vkGetDeviceProcAddr(device, (std::string(name) + "KHR").c_str());
  return fn;
}

void createLogicalDevice(Device &device) {
  std::vector<std::string> exts = deviceExtensions(device.physical);
  FeatureChain supported(device.apiVersion, exts);
  vki().vkGetPhysicalDeviceFeatures2(device.physical, &supported.base);

  // Enable what the code may use and the device has; nothing else.
  FeatureChain enable(device.apiVersion, exts);
  VkPhysicalDeviceFeatures &f = enable.base.features;
  f.shaderInt64 = supported.base.features.shaderInt64;
  f.shaderFloat64 = supported.base.features.shaderFloat64;
  f.shaderInt16 = supported.base.features.shaderInt16;
  enable.storage16.storageBuffer16BitAccess =
      supported.storage16.storageBuffer16BitAccess;
  enable.storage16.uniformAndStorageBuffer16BitAccess =
      supported.storage16.uniformAndStorageBuffer16BitAccess;
  enable.storage16.storagePushConstant16 =
      supported.storage16.storagePushConstant16;
  enable.storage8.storageBuffer8BitAccess =
      supported.storage8.storageBuffer8BitAccess;
  enable.storage8.uniformAndStorageBuffer8BitAccess =
      supported.storage8.uniformAndStorageBuffer8BitAccess;
  enable.storage8.storagePushConstant8 = supported.storage8.storagePushConstant8;
  enable.float16Int8.shaderFloat16 = supported.float16Int8.shaderFloat16;
  enable.float16Int8.shaderInt8 = supported.float16Int8.shaderInt8;
  enable.atomicInt64.shaderBufferInt64Atomics =
      supported.atomicInt64.shaderBufferInt64Atomics;
  enable.atomicInt64.shaderSharedInt64Atomics =
      supported.atomicInt64.shaderSharedInt64Atomics;
  enable.timeline.timelineSemaphore = VK_TRUE;
  enable.atomicFloat.shaderBufferFloat32Atomics =
      supported.atomicFloat.shaderBufferFloat32Atomics;
  enable.atomicFloat.shaderSharedFloat32Atomics =
      supported.atomicFloat.shaderSharedFloat32Atomics;
  enable.atomicFloat.shaderBufferFloat64Atomics =
      supported.atomicFloat.shaderBufferFloat64Atomics &&
      supported.base.features.shaderFloat64;
  enable.atomicFloat.shaderSharedFloat64Atomics =
      supported.atomicFloat.shaderSharedFloat64Atomics &&
      supported.base.features.shaderFloat64;
  if (!supported.atomicFloat.shaderBufferFloat32Atomics)
    log(ACC_LOG_LEVEL_INFO,
        std::string("\"") + device.info.name +
            "\" has no float atomics (VK_EXT_shader_atomic_float): "
            "kernels that use atomic_xchg on float are invalid on it");

  std::vector<const char *> extensions = enable.extensions;
  // Debug printf's instructions need VK_KHR_shader_non_semantic_info
  // (core in 1.3, but the instance asks for 1.2); portability drivers
  // require their subset extension.
  if (contains(exts, VK_KHR_SHADER_NON_SEMANTIC_INFO_EXTENSION_NAME))
    extensions.push_back(VK_KHR_SHADER_NON_SEMANTIC_INFO_EXTENSION_NAME);
  if (contains(exts, "VK_KHR_portability_subset"))
    extensions.push_back("VK_KHR_portability_subset");

  std::vector<float> priorities(device.queueCount, 1.0f);
  VkDeviceQueueCreateInfo queueInfo{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  queueInfo.queueFamilyIndex = device.queueFamily;
  queueInfo.queueCount = device.queueCount;
  queueInfo.pQueuePriorities = priorities.data();
  VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  info.pNext = &enable.base;
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queueInfo;
  info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();
  const std::string what =
      std::string("creating the Vulkan device \"") + device.info.name + "\"";
  check(vki().vkCreateDevice(device.physical, &info, nullptr, &device.device),
        "vkCreateDevice", what);

  DeviceApi &vk = device.vk;
#define ACC_VK_DEVICE(fn)                                                      \
  vk.fn = reinterpret_cast<PFN_##fn>(deviceProc(device.device, #fn));          \
  if (!vk.fn)                                                                  \
    fail(ACC_ERROR_NO_DEVICE, what + ": the driver has no " #fn);
#include "symbols.inc"

  device.queues.resize(device.queueCount);
  device.queueMutexes = std::make_unique<std::mutex[]>(device.queueCount);
  for (uint32_t q = 0; q < device.queueCount; ++q)
    vk.vkGetDeviceQueue(device.device, device.queueFamily, q,
                        &device.queues[q]);

  auto [buffer, memory] = createBuffer(
      device, 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
      VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0, "the null-argument buffer");
  device.nullBuffer = buffer;
  device.nullMemory = memory;
}

} // namespace

std::vector<std::unique_ptr<Device>> acc::vulkan::discoverDevices() {
  VkInstance instance = state().instance;
  uint32_t count = 0;
  check(vki().vkEnumeratePhysicalDevices(instance, &count, nullptr),
        "vkEnumeratePhysicalDevices", "listing Vulkan devices");
  if (count == 0)
    fail(ACC_ERROR_NO_DEVICE,
         "the Vulkan loader found no device: no driver is installed or "
         "none matches this machine; install one, e.g. mesa-vulkan-drivers "
         "(lavapipe runs on the CPU)");
  std::vector<VkPhysicalDevice> physicals(count);
  check(vki().vkEnumeratePhysicalDevices(instance, &count, physicals.data()),
        "vkEnumeratePhysicalDevices", "listing Vulkan devices");
  std::vector<std::unique_ptr<Device>> devices;
  std::string reasons;
  for (VkPhysicalDevice physical : physicals) {
    std::string skipped;
    if (std::unique_ptr<Device> d = describeDevice(physical, skipped)) {
      devices.push_back(std::move(d));
    } else {
      log(ACC_LOG_LEVEL_INFO, "skipped " + skipped);
      reasons += (reasons.empty() ? "" : "; ") + skipped;
    }
  }
  if (devices.empty())
    fail(ACC_ERROR_NO_DEVICE, "no usable Vulkan device: " + reasons);
  return devices;
}

Device &acc::vulkan::ready(Device &device) {
  if (device.ready.load(std::memory_order_acquire))
    return device;
  std::lock_guard<std::mutex> lock(device.initMutex);
  if (!device.ready.load(std::memory_order_relaxed)) {
    try {
      createLogicalDevice(device);
    } catch (...) {
      releaseDevice(device);
      throw;
    }
    device.ready.store(true, std::memory_order_release);
  }
  return device;
}

void acc::vulkan::releaseDevice(Device &device) {
  if (device.device == VK_NULL_HANDLE)
    return;
  DeviceApi &vk = device.vk;
  if (vk.vkDeviceWaitIdle)
    vk.vkDeviceWaitIdle(device.device);
  if (device.nullBuffer != VK_NULL_HANDLE)
    destroyBuffer(device, device.nullBuffer, device.nullMemory);
  device.nullBuffer = VK_NULL_HANDLE;
  device.allocator.clear(device);
  if (vk.vkDestroyDevice)
    vk.vkDestroyDevice(device.device, nullptr);
  device.device = VK_NULL_HANDLE;
  device.queues.clear();
  device.queueMutexes.reset();
  device.vk = DeviceApi{};
  device.ready.store(false);
}
