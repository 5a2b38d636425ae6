//===- status.cpp - VkResult codes as acc results -------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The one place where VkResult codes become acc_result_t codes
// (resultFromVk) and are named (vkResultName), so every message that comes
// from a failed Vulkan call carries the function and the result's name.
//
//===----------------------------------------------------------------------===//
#include "vulkan_plugin.h"

#include <string>

using namespace acc::vulkan;

std::string acc::vulkan::vkResultName(VkResult result) {
  switch (result) {
#define ACC_VK_RESULT(name)                                                    \
  case name:                                                                   \
    return #name;
    ACC_VK_RESULT(VK_SUCCESS)
    ACC_VK_RESULT(VK_NOT_READY)
    ACC_VK_RESULT(VK_TIMEOUT)
    ACC_VK_RESULT(VK_INCOMPLETE)
    ACC_VK_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
    ACC_VK_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    ACC_VK_RESULT(VK_ERROR_INITIALIZATION_FAILED)
    ACC_VK_RESULT(VK_ERROR_DEVICE_LOST)
    ACC_VK_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
    ACC_VK_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
    ACC_VK_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
    ACC_VK_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
    ACC_VK_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
    ACC_VK_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
    ACC_VK_RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED)
    ACC_VK_RESULT(VK_ERROR_FRAGMENTED_POOL)
    ACC_VK_RESULT(VK_ERROR_UNKNOWN)
    ACC_VK_RESULT(VK_ERROR_OUT_OF_POOL_MEMORY)
    ACC_VK_RESULT(VK_ERROR_INVALID_EXTERNAL_HANDLE)
    ACC_VK_RESULT(VK_ERROR_FRAGMENTATION)
    ACC_VK_RESULT(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
    ACC_VK_RESULT(VK_PIPELINE_COMPILE_REQUIRED)
    ACC_VK_RESULT(VK_ERROR_INVALID_SHADER_NV)
#undef ACC_VK_RESULT
  default:
    return "VkResult " + std::to_string(static_cast<int>(result));
  }
}

acc_result_t acc::vulkan::resultFromVk(VkResult result) {
  switch (result) {
  case VK_SUCCESS:
    return ACC_SUCCESS;
  case VK_NOT_READY:
  case VK_TIMEOUT:
    return ACC_ERROR_NOT_READY;
  case VK_ERROR_OUT_OF_HOST_MEMORY:
    return ACC_ERROR_OUT_OF_MEMORY;
  case VK_ERROR_OUT_OF_DEVICE_MEMORY:
  case VK_ERROR_FRAGMENTATION:
  case VK_ERROR_FRAGMENTED_POOL:
  case VK_ERROR_OUT_OF_POOL_MEMORY:
  case VK_ERROR_TOO_MANY_OBJECTS:
    return ACC_ERROR_OUT_OF_MEMORY;
  case VK_ERROR_DEVICE_LOST:
    return ACC_ERROR_DEVICE_LOST;
  case VK_ERROR_INITIALIZATION_FAILED:
  case VK_ERROR_INCOMPATIBLE_DRIVER:
  case VK_ERROR_LAYER_NOT_PRESENT:
  case VK_ERROR_EXTENSION_NOT_PRESENT:
    return ACC_ERROR_NO_DEVICE;
  case VK_ERROR_FEATURE_NOT_PRESENT:
  case VK_ERROR_FORMAT_NOT_SUPPORTED:
    return ACC_ERROR_UNSUPPORTED;
  case VK_ERROR_INVALID_SHADER_NV:
    return ACC_ERROR_BUILD_FAILED;
  default:
    return ACC_ERROR_INTERNAL;
  }
}

void acc::vulkan::check(VkResult result, const char *call,
                        const std::string &what) {
  if (result == VK_SUCCESS)
    return;
  fail(resultFromVk(result),
       what + ": " + call + " failed with " + vkResultName(result));
}
