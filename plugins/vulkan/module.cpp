//===- module.cpp - Shader modules, layouts and pipelines -----------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A module is one VkShaderModule of acc-cc's spirv-vk code (launch
// convention 1; docs/bundle-format.md has the interface). Before the driver
// sees the code, the plugin checks the header and that the instruction
// stream is well formed, and that every kernel the metadata lists is an
// entry point, so a corrupt or mismatched bundle fails at load time with
// ACC_ERROR_INVALID_BUNDLE rather than in the driver.
//
// Per kernel, the resource layout of the launch contract
// (acc_launch_vk_plan_for): descriptor set 0 holds a storage buffer per
// buffer argument at its binding and, when the scalars do not fit in the
// push constants with the launch words, a uniform buffer at binding
// "buffer count"; one push-constant range holds the scalars (or not) and the
// 80 bytes of launch words.
//
// Pipelines are specialised for the local size (spec constants 65536..8)
// and the byte size of each local argument (spec constant = its local
// index), created on first use, or ahead by kernel_prepare, through the
// device's VkPipelineCache, and kept for the module's lifetime.
//
//===----------------------------------------------------------------------===//
#include "vulkan_plugin.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

using namespace acc::vulkan;

namespace {

constexpr uint32_t kSpirvMagic = 0x07230203;
constexpr uint32_t kOpEntryPoint = 15;
constexpr uint32_t kExecutionModelGLCompute = 5;

/// The GLCompute entry points of `words`, or a message in `error` when the
/// stream is not well-formed SPIR-V.
std::vector<std::string> entryPoints(const uint32_t *words, size_t count,
                                     std::string &error) {
  std::vector<std::string> names;
  if (count < 5 || words[0] != kSpirvMagic) {
    error = "it is not a SPIR-V module (no SPIR-V magic number)";
    return names;
  }
  for (size_t at = 5; at < count;) {
    uint32_t length = words[at] >> 16, opcode = words[at] & 0xffff;
    if (length == 0 || at + length > count) {
      error = "its instruction at word " + std::to_string(at) +
              " runs past the end of the code";
      return names;
    }
    if (opcode == kOpEntryPoint && length >= 4 &&
        words[at + 1] == kExecutionModelGLCompute) {
      const char *text = reinterpret_cast<const char *>(words + at + 3);
      size_t maxBytes = (length - 3) * 4;
      names.emplace_back(text, strnlen(text, maxBytes));
    }
    at += length;
  }
  return names;
}

/// What decides the pipelines a driver builds from the same code: the cache
/// key's identity fields (acc/plugin/CodeCache.h). The pipeline-cache UUID
/// changes with every driver build that would reject older data.
std::vector<std::string> cacheIdentity(const Device &device) {
  const VkPhysicalDeviceProperties &p = device.properties;
  char ids[64];
  std::snprintf(ids, sizeof(ids), "%08x:%08x:%08x:%08x", p.vendorID,
                p.deviceID, p.driverVersion, p.apiVersion);
  std::string uuid;
  for (uint8_t byte : p.pipelineCacheUUID) {
    char hex[3];
    std::snprintf(hex, sizeof(hex), "%02x", byte);
    uuid += hex;
  }
  return {p.deviceName, ids, uuid, device.info.driver_version};
}

/// Saves the module's pipeline cache when it created pipelines that were
/// not in it, and logs what the cache did for this module.
void saveCache(Module &module) {
  Device &device = *module.device;
  uint32_t created = module.pipelinesCreated.load();
  if (created == 0)
    return;
  char ms[32];
  std::snprintf(ms, sizeof(ms), "%.1f", module.pipelineMicros.load() / 1e3);
  std::string what = std::to_string(created) + " pipeline(s) created in " +
                     ms + " ms";
  if (!module.entry.enabled) {
    log(ACC_LOG_LEVEL_INFO, what + " (pipeline cache disabled)");
    return;
  }
  size_t size = 0;
  VkResult r = device.vk.vkGetPipelineCacheData(device.device, module.cache,
                                                &size, nullptr);
  std::vector<unsigned char> data(size);
  if (r == VK_SUCCESS && size > 0)
    r = device.vk.vkGetPipelineCacheData(device.device, module.cache, &size,
                                         data.data());
  std::string note;
  if (r != VK_SUCCESS)
    note = "not stored: vkGetPipelineCacheData failed with " +
           vkResultName(r);
  else if (size == 0)
    note = "not stored: the driver's cache is empty";
  else if (std::string why = acc::plugin::cacheStore(module.entry, data.data(),
                                                     size);
           !why.empty())
    note = "not stored: " + why;
  else
    note = "stored " + std::to_string(size) + " bytes at " + module.entry.path;
  log(ACC_LOG_LEVEL_INFO, what + " (pipeline cache " +
                              (module.cacheHit ? "hit" : "miss") + ", " +
                              note + ")");
}

void destroyModule(Module *module) {
  Device &device = *module->device;
  if (module->cache != VK_NULL_HANDLE) {
    saveCache(*module);
    device.vk.vkDestroyPipelineCache(device.device, module->cache, nullptr);
  }
  for (std::unique_ptr<Kernel> &kernel : module->kernels)
    destroyKernel(device, *kernel);
  if (module->shader != VK_NULL_HANDLE)
    device.vk.vkDestroyShaderModule(device.device, module->shader, nullptr);
  delete module;
}

std::unique_ptr<Kernel> bindKernel(Module &module,
                                   const acc_kernel_info_t &info) {
  Device &device = *module.device;
  auto kernel = std::make_unique<Kernel>();
  kernel->module = &module;
  kernel->name = info.name;
  kernel->flags = info.flags;
  kernel->args = acc::plugin::kernelArgs(info, kernel->bufferCount);
  kernel->plan = acc_launch_vk_plan_for(ACC_LAUNCH_ABI_1,
                                        info.scalar_block_size,
                                        kernel->bufferCount);
  const std::string what = "module_create: kernel '" + kernel->name + "'";
  if (kernel->plan.push_constant_bytes >
      device.properties.limits.maxPushConstantsSize)
    fail(ACC_ERROR_UNSUPPORTED,
         what + " needs " + std::to_string(kernel->plan.push_constant_bytes) +
             " bytes of push constants; \"" + device.info.name +
             "\" has " +
             std::to_string(device.properties.limits.maxPushConstantsSize));

  std::vector<VkDescriptorSetLayoutBinding> bindings;
  for (uint32_t b = 0; b < kernel->bufferCount; ++b)
    bindings.push_back({b, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                        VK_SHADER_STAGE_COMPUTE_BIT, nullptr});
  if (kernel->plan.uniform_bytes)
    bindings.push_back({kernel->plan.uniform_binding,
                        VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1,
                        VK_SHADER_STAGE_COMPUTE_BIT, nullptr});
  VkDescriptorSetLayoutCreateInfo setInfo{
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  setInfo.bindingCount = static_cast<uint32_t>(bindings.size());
  setInfo.pBindings = bindings.data();
  check(device.vk.vkCreateDescriptorSetLayout(device.device, &setInfo, nullptr,
                                              &kernel->setLayout),
        "vkCreateDescriptorSetLayout", what);

  VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0,
                            kernel->plan.push_constant_bytes};
  VkPipelineLayoutCreateInfo layoutInfo{
      VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  layoutInfo.setLayoutCount = 1;
  layoutInfo.pSetLayouts = &kernel->setLayout;
  layoutInfo.pushConstantRangeCount = 1;
  layoutInfo.pPushConstantRanges = &range;
  VkResult r = device.vk.vkCreatePipelineLayout(device.device, &layoutInfo,
                                                nullptr, &kernel->layout);
  if (r != VK_SUCCESS) {
    destroyKernel(device, *kernel);
    check(r, "vkCreatePipelineLayout", what);
  }
  return kernel;
}

} // namespace

VkPipeline acc::vulkan::pipelineFor(Kernel &kernel,
                                    const Kernel::Specialization &spec) {
  std::lock_guard<std::mutex> lock(kernel.pipelinesMutex);
  auto found = kernel.pipelines.find(spec);
  if (found != kernel.pipelines.end())
    return found->second;

  Device &device = *kernel.module->device;
  std::vector<VkSpecializationMapEntry> entries;
  std::vector<uint32_t> values;
  for (uint32_t d = 0; d < 3; ++d) {
    entries.push_back({ACC_LAUNCH_VK_WORKGROUP_SIZE_SPEC_ID + d,
                       static_cast<uint32_t>(values.size() * 4), 4});
    values.push_back(spec.localSize[d]);
  }
  for (uint32_t k = 0; k < spec.localBytes.size(); ++k) {
    entries.push_back({k, static_cast<uint32_t>(values.size() * 4), 4});
    values.push_back(std::max(spec.localBytes[k], 1u));
  }
  VkSpecializationInfo specInfo{};
  specInfo.mapEntryCount = static_cast<uint32_t>(entries.size());
  specInfo.pMapEntries = entries.data();
  specInfo.dataSize = values.size() * 4;
  specInfo.pData = values.data();

  VkComputePipelineCreateInfo info{
      VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  info.stage.module = kernel.module->shader;
  info.stage.pName = kernel.name.c_str();
  info.stage.pSpecializationInfo = &specInfo;
  info.layout = kernel.layout;
  auto start = std::chrono::steady_clock::now();
  VkPipeline pipeline = VK_NULL_HANDLE;
  VkResult r = device.vk.vkCreateComputePipelines(
      device.device, kernel.module->cache, 1, &info, nullptr, &pipeline);
  if (r != VK_SUCCESS) {
    acc_result_t code = resultFromVk(r);
    fail(code == ACC_ERROR_OUT_OF_MEMORY ? code : ACC_ERROR_BUILD_FAILED,
         "creating the pipeline of kernel '" + kernel.name + "' for \"" +
             device.info.name + "\" failed (vkCreateComputePipelines: " +
             vkResultName(r) + ")");
  }
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - start)
                .count();
  kernel.module->pipelinesCreated += 1;
  kernel.module->pipelineMicros += static_cast<uint64_t>(us);
  log(ACC_LOG_LEVEL_DEBUG,
      "pipeline of '" + kernel.name + "' for local size " +
          std::to_string(spec.localSize[0]) + "x" +
          std::to_string(spec.localSize[1]) + "x" +
          std::to_string(spec.localSize[2]) + " created in " +
          std::to_string(us) + " us");
  kernel.pipelines.emplace(spec, pipeline);
  return pipeline;
}

void acc::vulkan::destroyKernel(Device &device, Kernel &kernel) {
  for (auto &[spec, pipeline] : kernel.pipelines)
    device.vk.vkDestroyPipeline(device.device, pipeline, nullptr);
  kernel.pipelines.clear();
  if (kernel.layout != VK_NULL_HANDLE)
    device.vk.vkDestroyPipelineLayout(device.device, kernel.layout, nullptr);
  if (kernel.setLayout != VK_NULL_HANDLE)
    device.vk.vkDestroyDescriptorSetLayout(device.device, kernel.setLayout,
                                           nullptr);
  kernel.layout = VK_NULL_HANDLE;
  kernel.setLayout = VK_NULL_HANDLE;
}

Module *Backend::moduleCreateImpl(Device &device,
                                  const acc_plugin_module_desc_t &desc) {
  if (desc.target != ACC_TARGET_SPIRV_VK)
    fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
         "module_create: code target " + std::to_string(desc.target) +
             " is not spirv-vk, the one target the vulkan backend runs");
  if (desc.launch_abi != ACC_LAUNCH_ABI_1)
    fail(ACC_ERROR_ABI_VERSION,
         "module_create: the spirv-vk code follows launch convention " +
             std::to_string(desc.launch_abi) +
             "; the vulkan backend runs convention 1 (recompile the "
             "kernels with this acc-cc)");
  if (!desc.code || desc.code_size == 0 || desc.code_size % 4 != 0)
    fail(ACC_ERROR_INVALID_BUNDLE,
         "module_create: the spirv-vk code object is not a whole number of "
         "32-bit words (" +
             std::to_string(desc.code_size) + " bytes)");
  // The code object sits at a 16-byte aligned offset of the bundle, but
  // copy it to be sure of the alignment SPIR-V words need.
  std::vector<uint32_t> words(desc.code_size / 4);
  std::memcpy(words.data(), desc.code, desc.code_size);
  std::string error;
  std::vector<std::string> entries =
      entryPoints(words.data(), words.size(), error);
  if (!error.empty())
    fail(ACC_ERROR_INVALID_BUNDLE,
         "module_create: the spirv-vk code object is corrupt: " + error);
  for (uint32_t i = 0; i < desc.kernel_count; ++i) {
    const acc_kernel_info_t &k = desc.kernels[i];
    if (!k.name || (k.arg_count > 0 && !k.args))
      fail(ACC_ERROR_INVALID_BUNDLE,
           "module_create: a kernel's metadata has no name or arguments");
    if (std::find(entries.begin(), entries.end(), k.name) == entries.end())
      fail(ACC_ERROR_INVALID_BUNDLE,
           std::string("module_create: the spirv-vk code has no entry point "
                       "for kernel '") +
               k.name + "', which the bundle's metadata lists");
  }

  ready(device);
  auto module = std::unique_ptr<Module, void (*)(Module *)>(new Module,
                                                            destroyModule);
  module->device = &device;
  VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  info.codeSize = desc.code_size;
  info.pCode = words.data();
  VkResult r = device.vk.vkCreateShaderModule(device.device, &info, nullptr,
                                              &module->shader);
  if (r != VK_SUCCESS) {
    acc_result_t code = resultFromVk(r);
    fail(code == ACC_ERROR_OUT_OF_MEMORY ? code : ACC_ERROR_BUILD_FAILED,
         std::string("module_create: \"") + device.info.name +
             "\" refused the spirv-vk code (vkCreateShaderModule: " +
             vkResultName(r) + ")");
  }
  // The pipeline cache: a verified entry of the code cache seeds it (the
  // driver checks the data's header itself and ignores what it cannot use).
  module->entry = acc::plugin::cacheEntryFor(
      "vulkan", cacheIdentity(device), desc.target, desc.code,
      static_cast<size_t>(desc.code_size));
  std::vector<unsigned char> cached;
  module->cacheHit = acc::plugin::cacheRead(module->entry, cached);
  VkPipelineCacheCreateInfo cacheInfo{
      VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
  cacheInfo.initialDataSize = module->cacheHit ? cached.size() : 0;
  cacheInfo.pInitialData = module->cacheHit ? cached.data() : nullptr;
  check(device.vk.vkCreatePipelineCache(device.device, &cacheInfo, nullptr,
                                        &module->cache),
        "vkCreatePipelineCache", "module_create");
  log(ACC_LOG_LEVEL_INFO,
      !module->entry.enabled
          ? std::string("pipeline cache disabled")
          : module->cacheHit ? "pipeline cache hit (" +
                                   std::to_string(cached.size()) +
                                   " bytes, " + module->entry.path + ")"
                             : "pipeline cache miss (" + module->entry.path +
                                   ")");
  for (uint32_t i = 0; i < desc.kernel_count; ++i)
    module->kernels.push_back(bindKernel(*module, desc.kernels[i]));
  log(ACC_LOG_LEVEL_DEBUG, "loaded spirv-vk code with " +
                               std::to_string(desc.kernel_count) +
                               " kernels");
  return module.release();
}

void Backend::moduleReleaseImpl(Module *module) {
  // Launches still pending complete first: finish every queue that may
  // have recorded one (their command buffers use the pipelines).
  Device &device = *module->device;
  std::vector<Queue *> queues;
  {
    std::lock_guard<std::mutex> lock(device.liveMutex);
    queues = device.liveQueues;
  }
  for (Queue *queue : queues) {
    std::lock_guard<std::mutex> lock(queue->mutex);
    flush(*queue);
    waitFor(*queue, queue->submitted);
  }
  destroyModule(module);
}

Kernel &Backend::kernelGetImpl(Module &module, const char *name) {
  return plugin::findKernel(module.kernels, name);
}

void Backend::kernelPropertiesImpl(Kernel &kernel,
                                   acc_kernel_properties_t &props) {
  const Device &device = *kernel.module->device;
  props.max_work_group_size = device.info.max_work_group_size;
  props.preferred_work_group_multiple =
      std::max(device.info.subgroup_size_max, 1u);
  props.static_local_memory_size = 0;
}

void Backend::kernelPrepareImpl(Kernel &kernel,
                                const acc_plugin_launch_desc_t &desc) {
  // Local arguments' sizes come with the launch: prepare only without.
  if (!plugin::hasLocalArgs(kernel.args))
    pipelineFor(kernel, plugin::specializationFor(kernel.args, desc));
}
