//===- device.cpp - OpenCL devices as acc devices -------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Every usable device of every platform the ICD loader reports becomes one
// acc device, in the loader's order (platforms, then devices). Its
// properties come from clGetDeviceInfo. A device is left out, with the
// reason logged and kept for the "no device" message, when it is not
// available, when it speaks an OpenCL older than 1.2 (the plugin builds
// with -cl-std=CL1.2 and fills buffers with clEnqueueFillBuffer), or when
// it can build neither OpenCL C (no compiler) nor SPIR-V.
//
// Targets: SPIR-V first where the device takes IL (CL_DEVICE_IL_VERSION or
// cl_khr_il_program), because it skips the driver's front end; then OpenCL C
// source, which every OpenCL driver with a compiler builds.
//
// Each device gets its own cl_context, created by the first buffer, queue or
// module: listing devices (acc-info) then costs no driver context.
//
//===----------------------------------------------------------------------===//
#include "opencl_plugin.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>

using namespace acc::opencl;

namespace {

/// Copies `text` into a fixed-size, NUL-terminated field.
template <size_t N> void copyField(char (&field)[N], const std::string &text) {
  size_t length = std::min(text.size(), N - 1);
  std::memcpy(field, text.data(), length);
  field[length] = '\0';
}

std::string trim(const std::string &text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos)
    return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

/// A string property of a device ("" when the driver does not know it).
std::string deviceStringImpl(cl_device_id device, cl_device_info param) {
  size_t size = 0;
  if (cl().clGetDeviceInfo(device, param, 0, nullptr, &size) != CL_SUCCESS ||
      size == 0)
    return {};
  std::string text(size, '\0');
  if (cl().clGetDeviceInfo(device, param, size, &text[0], nullptr) !=
      CL_SUCCESS)
    return {};
  text.resize(std::strlen(text.c_str()));
  return trim(text);
}

/// A fixed-size property of a device; throws with the parameter's name.
template <typename T>
T deviceValue(cl_device_id device, cl_device_info param, const char *what) {
  T value{};
  check(cl().clGetDeviceInfo(device, param, sizeof(value), &value, nullptr),
        "clGetDeviceInfo", std::string("querying ") + what);
  return value;
}

/// A fixed-size property that older drivers may not know; `fallback` then.
template <typename T>
T deviceValueOr(cl_device_id device, cl_device_info param, T fallback) {
  T value{};
  if (cl().clGetDeviceInfo(device, param, sizeof(value), &value, nullptr) !=
      CL_SUCCESS)
    return fallback;
  return value;
}

std::string platformStringImpl(cl_platform_id platform, cl_platform_info param) {
  size_t size = 0;
  if (cl().clGetPlatformInfo(platform, param, 0, nullptr, &size) !=
          CL_SUCCESS ||
      size == 0)
    return {};
  std::string text(size, '\0');
  if (cl().clGetPlatformInfo(platform, param, size, &text[0], nullptr) !=
      CL_SUCCESS)
    return {};
  text.resize(std::strlen(text.c_str()));
  return trim(text);
}

bool hasExtension(const std::string &extensions, const char *name) {
  std::istringstream words(extensions);
  std::string word;
  while (words >> word)
    if (word == name)
      return true;
  return false;
}

/// Parses "OpenCL <major>.<minor> ..." (CL_DEVICE_VERSION) into major*10 +
/// minor; 0 when the text does not follow the specification's format.
unsigned openClVersion(const std::string &text) {
  unsigned major = 0, minor = 0;
  if (std::sscanf(text.c_str(), "OpenCL %u.%u", &major, &minor) != 2)
    return 0;
  return major * 10 + minor;
}

uint32_t clampU32(uint64_t value) {
  return static_cast<uint32_t>(std::min<uint64_t>(value, UINT32_MAX));
}

acc_device_type_t deviceType(cl_device_type type) {
  if (type & CL_DEVICE_TYPE_GPU)
    return ACC_DEVICE_TYPE_GPU;
  if (type & CL_DEVICE_TYPE_CPU)
    return ACC_DEVICE_TYPE_CPU;
  if (type & CL_DEVICE_TYPE_ACCELERATOR)
    return ACC_DEVICE_TYPE_ACCELERATOR;
  return ACC_DEVICE_TYPE_OTHER;
}

/// Describes one device, or returns NULL and sets `skipped` to why it is of
/// no use to acc.
std::unique_ptr<Device> describeDevice(cl_platform_id platform,
                                       const std::string &platformName,
                                       cl_device_id id, std::string &skipped) {
  auto device = std::make_unique<Device>();
  device->platform = platform;
  device->id = id;
  device->platformName = platformName;
  acc_device_info_t &info = device->info;
  info.struct_size = sizeof(acc_device_info_t);

  const std::string name = deviceString(id, CL_DEVICE_NAME);
  const std::string label =
      "device \"" + name + "\" of platform \"" + platformName + "\"";
  if (!deviceValueOr<cl_bool>(id, CL_DEVICE_AVAILABLE, CL_TRUE)) {
    skipped = label + " is not available";
    return nullptr;
  }
  const std::string version = deviceString(id, CL_DEVICE_VERSION);
  if (openClVersion(version) < 12) {
    skipped = label + " speaks \"" + version + "\"; acc needs OpenCL 1.2";
    return nullptr;
  }
  const std::string extensions = deviceString(id, CL_DEVICE_EXTENSIONS);
  device->version = openClVersion(version);
  device->takesIl = !deviceString(id, CL_DEVICE_IL_VERSION).empty() ||
                    hasExtension(extensions, "cl_khr_il_program");
  const bool compiles =
      deviceValueOr<cl_bool>(id, CL_DEVICE_COMPILER_AVAILABLE, CL_FALSE);
  if (!compiles && !device->takesIl) {
    skipped = label + " has no OpenCL C compiler and takes no SPIR-V";
    return nullptr;
  }

  info.type = deviceType(
      deviceValue<cl_device_type>(id, CL_DEVICE_TYPE, "CL_DEVICE_TYPE"));
  copyField(info.name, name.empty() ? "OpenCL device" : name);
  copyField(info.vendor, deviceString(id, CL_DEVICE_VENDOR));
  // "3.1+debian, OpenCL 3.0": the driver's own version, then the API level.
  std::string driver = deviceString(id, CL_DRIVER_VERSION);
  char api[32];
  std::snprintf(api, sizeof(api), "OpenCL %u.%u", device->version / 10,
                device->version % 10);
  copyField(info.driver_version,
            driver.empty() ? std::string(api) : driver + ", " + api);
  copyField(info.backend, "opencl");

  info.compute_units = deviceValue<cl_uint>(id, CL_DEVICE_MAX_COMPUTE_UNITS,
                                            "CL_DEVICE_MAX_COMPUTE_UNITS");
  info.max_work_group_size = clampU32(deviceValue<size_t>(
      id, CL_DEVICE_MAX_WORK_GROUP_SIZE, "CL_DEVICE_MAX_WORK_GROUP_SIZE"));
  cl_uint dims = deviceValue<cl_uint>(id, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS,
                                      "CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS");
  std::vector<size_t> sizes(std::max<cl_uint>(dims, 3), 1);
  check(cl().clGetDeviceInfo(id, CL_DEVICE_MAX_WORK_ITEM_SIZES,
                             sizeof(size_t) * dims, sizes.data(), nullptr),
        "clGetDeviceInfo", "querying CL_DEVICE_MAX_WORK_ITEM_SIZES");
  for (int d = 0; d < 3; ++d)
    info.max_work_item_sizes[d] =
        d < static_cast<int>(dims) ? clampU32(sizes[d]) : 1;

  info.global_memory_size = deviceValue<cl_ulong>(id, CL_DEVICE_GLOBAL_MEM_SIZE,
                                                  "CL_DEVICE_GLOBAL_MEM_SIZE");
  info.local_memory_size = deviceValue<cl_ulong>(id, CL_DEVICE_LOCAL_MEM_SIZE,
                                                 "CL_DEVICE_LOCAL_MEM_SIZE");
  info.max_allocation_size = deviceValue<cl_ulong>(
      id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, "CL_DEVICE_MAX_MEM_ALLOC_SIZE");

  // fp64: CL_DEVICE_DOUBLE_FP_CONFIG is non-zero exactly when doubles are
  // supported (1.2); the extension string covers drivers that reject the
  // query.
  if (deviceValueOr<cl_device_fp_config>(id, CL_DEVICE_DOUBLE_FP_CONFIG, 0) !=
          0 ||
      hasExtension(extensions, "cl_khr_fp64"))
    info.caps |= ACC_DEVICE_CAP_FP64;
  if (hasExtension(extensions, "cl_khr_fp16"))
    info.caps |= ACC_DEVICE_CAP_FP16;
  if (hasExtension(extensions, "cl_khr_int64_base_atomics"))
    info.caps |= ACC_DEVICE_CAP_INT64_ATOMICS;
  // Deprecated by OpenCL 2.0 but still answered; absent means discrete.
  if (deviceValueOr<cl_bool>(id, CL_DEVICE_HOST_UNIFIED_MEMORY, CL_FALSE))
    info.caps |= ACC_DEVICE_CAP_UNIFIED_MEMORY;
  // What every OpenCL 1.2 device has: char and short buffers, printf,
  // profiling timestamps, host-accessible allocations (CL_MEM_ALLOC_HOST_PTR);
  // long only in the full profile (the embedded one may lack it).
  info.caps |= ACC_DEVICE_CAP_STORAGE_8BIT | ACC_DEVICE_CAP_STORAGE_16BIT |
               ACC_DEVICE_CAP_PRINTF | ACC_DEVICE_CAP_TIMESTAMPS |
               ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY;
  if (deviceString(id, CL_DEVICE_PROFILE) != "EMBEDDED_PROFILE" ||
      hasExtension(extensions, "cles_khr_int64"))
    info.caps |= ACC_DEVICE_CAP_INT64;
  // Ids are size_t, as wide as the device's addresses.
  info.global_id_bits =
      deviceValueOr<cl_uint>(id, CL_DEVICE_ADDRESS_BITS, 64) == 32 ? 32 : 64;
  // Kernel arguments together, in bytes (at least 1024 in OpenCL 1.2).
  info.max_scalar_block_size =
      clampU32(deviceValueOr<size_t>(id, CL_DEVICE_MAX_PARAMETER_SIZE, 0));

  size_t target = 0;
  if (device->takesIl)
    info.targets[target++] = ACC_TARGET_SPIRV_CL;
  if (compiles)
    info.targets[target++] = ACC_TARGET_OPENCL_C;
  info.targets[target] = ACC_TARGET_NONE;
  return device;
}

} // namespace

std::vector<std::unique_ptr<Device>> acc::opencl::discoverDevices() {
  cl_uint platformCount = 0;
  cl_int error = cl().clGetPlatformIDs(0, nullptr, &platformCount);
  if (error == CL_PLATFORM_NOT_FOUND_KHR ||
      (error == CL_SUCCESS && platformCount == 0))
    fail(ACC_ERROR_NO_DEVICE,
         "the OpenCL ICD loader found no platform: no driver is registered "
         "in /etc/OpenCL/vendors (or OCL_ICD_VENDORS); install one, e.g. "
         "pocl-opencl-icd");
  check(error, "clGetPlatformIDs", "listing OpenCL platforms");
  std::vector<cl_platform_id> platforms(platformCount);
  check(cl().clGetPlatformIDs(platformCount, platforms.data(), nullptr),
        "clGetPlatformIDs", "listing OpenCL platforms");

  std::vector<std::unique_ptr<Device>> devices;
  std::vector<std::string> skipped;
  for (cl_platform_id platform : platforms) {
    std::string platformName = platformString(platform, CL_PLATFORM_NAME);
    if (platformName.empty())
      platformName = "unnamed platform";
    cl_uint count = 0;
    error =
        cl().clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, nullptr, &count);
    if (error == CL_DEVICE_NOT_FOUND || (error == CL_SUCCESS && count == 0)) {
      skipped.push_back("platform \"" + platformName + "\" has no device");
      continue;
    }
    if (error != CL_SUCCESS) {
      skipped.push_back("platform \"" + platformName +
                        "\": clGetDeviceIDs failed with " + clErrorName(error));
      continue;
    }
    std::vector<cl_device_id> ids(count);
    error = cl().clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, count, ids.data(),
                                nullptr);
    if (error != CL_SUCCESS) {
      skipped.push_back("platform \"" + platformName +
                        "\": clGetDeviceIDs failed with " + clErrorName(error));
      continue;
    }
    for (cl_device_id id : ids) {
      std::string why;
      try {
        if (auto device = describeDevice(platform, platformName, id, why))
          devices.push_back(std::move(device));
        else
          skipped.push_back(why);
      } catch (const Error &e) {
        // One misbehaving driver must not hide the other devices.
        skipped.push_back("a device of platform \"" + platformName +
                          "\": " + e.message);
      }
    }
  }
  for (const std::string &why : skipped)
    log(ACC_LOG_LEVEL_INFO, "skipped: " + why);
  if (devices.empty()) {
    std::string reasons;
    for (const std::string &why : skipped)
      reasons += (reasons.empty() ? "" : "; ") + why;
    fail(ACC_ERROR_NO_DEVICE,
         "no usable OpenCL device: " +
             (reasons.empty() ? std::string("the platforms list none")
                              : reasons));
  }
  return devices;
}

cl_context acc::opencl::deviceContext(Device &device) {
  std::lock_guard<std::mutex> lock(device.contextMutex);
  if (!device.context) {
    const cl_context_properties properties[] = {
        CL_CONTEXT_PLATFORM,
        reinterpret_cast<cl_context_properties>(device.platform), 0};
    cl_int error = CL_SUCCESS;
    cl_context context = cl().clCreateContext(properties, 1, &device.id,
                                              nullptr, nullptr, &error);
    check(error, "clCreateContext",
          std::string("creating a context for \"") + device.info.name + "\"");
    device.context = context;
    log(ACC_LOG_LEVEL_DEBUG,
        std::string("created the context of \"") + device.info.name + "\"");
  }
  return device.context;
}

void acc::opencl::releaseDevice(Device &device) {
  std::lock_guard<std::mutex> lock(device.contextMutex);
  if (device.context && cl().clReleaseContext)
    cl().clReleaseContext(device.context);
  device.context = nullptr;
}

std::string acc::opencl::deviceString(cl_device_id device,
                                      cl_device_info param) {
  return deviceStringImpl(device, param);
}

std::string acc::opencl::platformString(cl_platform_id platform,
                                        cl_platform_info param) {
  return platformStringImpl(platform, param);
}
