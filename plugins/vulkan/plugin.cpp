//===- plugin.cpp - The vulkan plugin's instance and its entry point -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// ACC_PLUGIN_ENTRY generates the plugin's one exported symbol and its whole
// function table from the Backend functions (plugins/common, Table.h).
// init() opens the Vulkan loader, creates one VkInstance (API 1.3, less
// when the loader is older, at least 1.1) and lists the devices.
//
// Only the loader is opened, never a driver: the loader picks the drivers
// registered in its ICD manifests (or VK_ICD_FILENAMES / VK_DRIVER_FILES),
// so one plugin serves every Vulkan implementation. ACC_VULKAN_LOADER names
// a different loader file (tests use it to simulate a machine without one).
//
// ACC_VULKAN_VALIDATION=1 enables the Khronos validation layer
// (VK_LAYER_KHRONOS_validation, package vulkan-validationlayers) and sends
// its messages to acc's log: errors at ACC_LOG_LEVEL_ERROR, warnings at
// WARN. ACC_VULKAN_VALIDATION=printf also turns on its debug printf, which
// prints what kernels pass to printf. Without the layer installed, init()
// fails with a sentence saying which package to install.
//
// The loader is not dlclose()d by shutdown(), for the reason the opencl
// plugin gives: drivers keep threads; a later init() opens it again.
//
//===----------------------------------------------------------------------===//
#include "vulkan_plugin.h"

#include "acc/plugin/Table.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace acc::vulkan;

PluginState &acc::vulkan::state() {
  static PluginState instance;
  return instance;
}

const InstanceApi &acc::vulkan::vki() { return state().api; }

namespace {

constexpr const char *kLoaderName = "libvulkan.so.1";
constexpr const char *kValidationLayer = "VK_LAYER_KHRONOS_validation";

/// The validation messages the layer reports (counted for tests and for
/// the summary at shutdown).
std::atomic<uint64_t> validationErrors{0};

VKAPI_ATTR VkBool32 VKAPI_CALL
onValidationMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                    VkDebugUtilsMessageTypeFlagsEXT,
                    const VkDebugUtilsMessengerCallbackDataEXT *data, void *) {
  const char *text = data && data->pMessage ? data->pMessage : "(no text)";
  // Debug printf output arrives as an info message of the validation layer.
  if (data && data->pMessageIdName &&
      std::strstr(data->pMessageIdName, "DEBUG-PRINTF")) {
    // "... | MessageID = 0x... | <the kernel's text>"
    const char *id = std::strstr(text, "MessageID = ");
    const char *body = id ? std::strstr(id, "| ") : nullptr;
    std::fputs(body ? body + 2 : text, stdout);
    std::fflush(stdout);
    return VK_FALSE;
  }
  if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
    ++validationErrors;
    log(ACC_LOG_LEVEL_ERROR, std::string("validation: ") + text);
  } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
    log(ACC_LOG_LEVEL_WARN, std::string("validation: ") + text);
  }
  return VK_FALSE;
}

bool hasLayer(const InstanceApi &api, const char *name) {
  uint32_t count = 0;
  if (api.vkEnumerateInstanceLayerProperties(&count, nullptr) != VK_SUCCESS)
    return false;
  std::vector<VkLayerProperties> layers(count);
  if (api.vkEnumerateInstanceLayerProperties(&count, layers.data()) !=
      VK_SUCCESS)
    return false;
  for (const VkLayerProperties &l : layers)
    if (std::strcmp(l.layerName, name) == 0)
      return true;
  return false;
}

bool hasInstanceExtension(const InstanceApi &api, const char *layer,
                          const char *name) {
  uint32_t count = 0;
  if (api.vkEnumerateInstanceExtensionProperties(layer, &count, nullptr) !=
      VK_SUCCESS)
    return false;
  std::vector<VkExtensionProperties> exts(count);
  if (api.vkEnumerateInstanceExtensionProperties(layer, &count,
                                                 exts.data()) != VK_SUCCESS)
    return false;
  for (const VkExtensionProperties &e : exts)
    if (std::strcmp(e.extensionName, name) == 0)
      return true;
  return false;
}

/// Opens the loader and resolves the global entry points.
PFN_vkGetInstanceProcAddr loadVulkan(PluginState &s) {
  const char *override = std::getenv("ACC_VULKAN_LOADER");
  std::string name = override && *override ? override : kLoaderName;
  s.library = acc::plugin::openLibrary(
      name, "install the Vulkan loader and a driver, e.g. libvulkan1 and "
            "mesa-vulkan-drivers");
  auto getProc = reinterpret_cast<PFN_vkGetInstanceProcAddr>(
      acc::plugin::requireSymbol(s.library, "vkGetInstanceProcAddr",
                                 "it is not a Vulkan loader"));
#define ACC_VK_GLOBAL(fn)                                                      \
  s.api.fn = reinterpret_cast<PFN_##fn>(getProc(VK_NULL_HANDLE, #fn));         \
  if (!s.api.fn)                                                               \
    fail(ACC_ERROR_NO_DEVICE, name + " has no " #fn                            \
                                     ": it is not a Vulkan loader");
#include "symbols.inc"
  return getProc;
}

void createInstance(PluginState &s, PFN_vkGetInstanceProcAddr getProc) {
  auto enumerateVersion = reinterpret_cast<PFN_vkEnumerateInstanceVersion>(
      getProc(VK_NULL_HANDLE, "vkEnumerateInstanceVersion"));
  uint32_t loaderVersion = VK_API_VERSION_1_0;
  if (enumerateVersion)
    enumerateVersion(&loaderVersion);
  if (loaderVersion < VK_API_VERSION_1_1)
    fail(ACC_ERROR_NO_DEVICE,
         "the Vulkan loader supports Vulkan 1.0 only; acc needs 1.1 or "
         "later (update libvulkan1)");

  const char *validation = std::getenv("ACC_VULKAN_VALIDATION");
  s.validation = validation && *validation && std::strcmp(validation, "0");
  s.debugPrintf = s.validation && std::strcmp(validation, "printf") == 0;
  std::vector<const char *> layers, extensions;
  if (s.validation) {
    if (!hasLayer(s.api, kValidationLayer))
      fail(ACC_ERROR_NO_DEVICE,
           "ACC_VULKAN_VALIDATION is set but the Vulkan validation layer "
           "(VK_LAYER_KHRONOS_validation) is not installed: install "
           "vulkan-validationlayers, or unset ACC_VULKAN_VALIDATION");
    layers.push_back(kValidationLayer);
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    if (s.debugPrintf)
      extensions.push_back(VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME);
  }
  VkInstanceCreateFlags flags = 0;
  if (hasInstanceExtension(s.api, nullptr,
                           VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
    extensions.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
    flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
  }

  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "acc";
  app.pEngineName = "acc";
  // The newest version acc knows, so a 1.3 device's core features (the
  // non-semantic instructions of debug printf) need no extension.
  app.apiVersion = std::min<uint32_t>(loaderVersion, VK_API_VERSION_1_3);
  VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  info.flags = flags;
  info.pApplicationInfo = &app;
  info.enabledLayerCount = static_cast<uint32_t>(layers.size());
  info.ppEnabledLayerNames = layers.data();
  info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();

  VkDebugUtilsMessengerCreateInfoEXT messenger{
      VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
  messenger.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT |
                              VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                              VK_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT;
  messenger.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                          VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                          VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  messenger.pfnUserCallback = onValidationMessage;
  VkValidationFeatureEnableEXT printfFeature =
      VK_VALIDATION_FEATURE_ENABLE_DEBUG_PRINTF_EXT;
  VkValidationFeaturesEXT features{VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT};
  features.enabledValidationFeatureCount = 1;
  features.pEnabledValidationFeatures = &printfFeature;
  if (s.validation) {
    info.pNext = &messenger; // also covers vkCreateInstance itself
    if (s.debugPrintf)
      messenger.pNext = &features;
  }
  check(s.api.vkCreateInstance(&info, nullptr, &s.instance),
        "vkCreateInstance", "init");

#define ACC_VK_INSTANCE(fn)                                                    \
  s.api.fn = reinterpret_cast<PFN_##fn>(getProc(s.instance, #fn));
#include "symbols.inc"
  if (s.validation && s.api.vkCreateDebugUtilsMessengerEXT) {
    messenger.pNext = nullptr;
    check(s.api.vkCreateDebugUtilsMessengerEXT(s.instance, &messenger,
                                               nullptr, &s.messenger),
          "vkCreateDebugUtilsMessengerEXT", "init");
  }
}

} // namespace

void Backend::initImpl() {
  PluginState &s = state();
  if (s.instance == VK_NULL_HANDLE) {
    PFN_vkGetInstanceProcAddr getProc = loadVulkan(s);
    createInstance(s, getProc);
  }
  if (s.devices.empty())
    s.devices = discoverDevices();
  for (const std::unique_ptr<Device> &device : s.devices)
    log(ACC_LOG_LEVEL_INFO, std::string("device \"") + device->info.name +
                                "\" (Vulkan " +
                                std::to_string(VK_API_VERSION_MAJOR(
                                    device->apiVersion)) +
                                "." +
                                std::to_string(VK_API_VERSION_MINOR(
                                    device->apiVersion)) +
                                ", driver " + device->info.driver_version +
                                ")" +
                                (s.validation ? ", validation layer on" : ""));
}

void Backend::shutdownImpl() {
  PluginState &s = state();
  for (std::unique_ptr<Device> &device : s.devices)
    releaseDevice(*device);
  s.devices.clear();
  if (s.messenger != VK_NULL_HANDLE)
    s.api.vkDestroyDebugUtilsMessengerEXT(s.instance, s.messenger, nullptr);
  s.messenger = VK_NULL_HANDLE;
  if (s.instance != VK_NULL_HANDLE)
    s.api.vkDestroyInstance(s.instance, nullptr);
  s.instance = VK_NULL_HANDLE;
  if (s.validation && validationErrors.load() != 0)
    log(ACC_LOG_LEVEL_ERROR,
        std::to_string(validationErrors.load()) +
            " validation error(s) were reported in this process");
  s.api = InstanceApi{};
  s.library = acc::plugin::Library{}; // Not dlclose()d: see above.
}

ACC_PLUGIN_DEVICE_LIST_IMPLS(Backend, state().devices)

ACC_PLUGIN_ENTRY(acc::vulkan::Backend)
