//===- Vulkan.cpp - acc-bench's raw Vulkan alternative --------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The honest alternative to acc:vulkan: the same computations written by
// hand in GLSL (bench/glsl/<kernel>.comp, compiled by glslangValidator at
// build time into glsl/<kernel>.spv beside acc-bench) and dispatched through
// the Vulkan API as a Vulkan programmer would: one device and queue, buffers
// in device-local host-visible memory, a descriptor set and push constants
// set up once, the command buffer of one launch recorded once and
// resubmitted with a fence; `n` launches are n dispatches in one command
// buffer, with the barrier between them that an in-order queue implies.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#include <vulkan/vulkan.h>

#include <cstring>
#include <fstream>
#include <iterator>

namespace bench {
namespace {

std::string vkError(const char *what, VkResult r) {
  return std::string(what) + " failed with VkResult " + std::to_string(r);
}

#define VK_TRY(call)                                                           \
  do {                                                                         \
    VkResult r_ = (call);                                                      \
    if (r_ != VK_SUCCESS)                                                      \
      return vkError(#call, r_);                                               \
  } while (0)

/// Instance, device, queue and command pool, shared by the runners.
struct Session {
  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  VkCommandPool pool = VK_NULL_HANDLE;
  VkPhysicalDeviceMemoryProperties memory{};
  uint32_t family = 0;
  std::string spirvDir;

  ~Session() {
    if (device) {
      vkDeviceWaitIdle(device);
      vkDestroyCommandPool(device, pool, nullptr);
      vkDestroyDevice(device, nullptr);
    }
    if (instance)
      vkDestroyInstance(instance, nullptr);
  }

  std::string open(std::string &deviceName) {
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pApplicationInfo = &app;
    VK_TRY(vkCreateInstance(&info, nullptr, &instance));
    uint32_t count = 1;
    VkResult r = vkEnumeratePhysicalDevices(instance, &count, &physical);
    if ((r != VK_SUCCESS && r != VK_INCOMPLETE) || count == 0)
      return "no Vulkan device";
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(physical, &props);
    deviceName = props.deviceName;
    vkGetPhysicalDeviceMemoryProperties(physical, &memory);
    uint32_t families = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, nullptr);
    std::vector<VkQueueFamilyProperties> fams(families);
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, fams.data());
    family = families;
    for (uint32_t i = 0; i < families; ++i)
      if (fams[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
        family = i;
        break;
      }
    if (family == families)
      return "no compute queue";
    float priority = 1.0f;
    VkDeviceQueueCreateInfo q{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    q.queueFamilyIndex = family;
    q.queueCount = 1;
    q.pQueuePriorities = &priority;
    VkDeviceCreateInfo d{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    d.queueCreateInfoCount = 1;
    d.pQueueCreateInfos = &q;
    VK_TRY(vkCreateDevice(physical, &d, nullptr, &device));
    vkGetDeviceQueue(device, family, 0, &queue);
    VkCommandPoolCreateInfo p{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    p.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    p.queueFamilyIndex = family;
    VK_TRY(vkCreateCommandPool(device, &p, nullptr, &pool));
    return "";
  }

  int memoryType(uint32_t bits, VkMemoryPropertyFlags want) const {
    for (uint32_t t = 0; t < memory.memoryTypeCount; ++t)
      if ((bits & (1u << t)) &&
          (memory.memoryTypes[t].propertyFlags & want) == want)
        return static_cast<int>(t);
    return -1;
  }
};

class VulkanRunner final : public Runner {
public:
  explicit VulkanRunner(std::shared_ptr<Session> s) : s(std::move(s)) {}
  ~VulkanRunner() override { release(); }

  std::string setup(const Problem &p) override {
    release();
    VkDevice dev = s->device;
    // The shader.
    std::ifstream file(s->spirvDir + "/" + p.kernel + ".spv",
                       std::ios::binary);
    std::vector<char> code((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    if (code.empty() || code.size() % 4)
      return "no GLSL version of '" + p.kernel + "' (" + s->spirvDir + ")";
    VkShaderModuleCreateInfo sm{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    sm.codeSize = code.size();
    sm.pCode = reinterpret_cast<const uint32_t *>(code.data());
    VK_TRY(vkCreateShaderModule(dev, &sm, nullptr, &shader));

    // Buffers: device-local and host-visible (the runner maps them).
    for (const auto &b : p.buffers) {
      VkBufferCreateInfo bi{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
      bi.size = std::max<size_t>(b.size(), 4);
      bi.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
      VkBuffer buffer;
      VK_TRY(vkCreateBuffer(dev, &bi, nullptr, &buffer));
      buffers.push_back(buffer);
      VkMemoryRequirements req;
      vkGetBufferMemoryRequirements(dev, buffer, &req);
      int type = s->memoryType(req.memoryTypeBits,
                               VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT |
                                   VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                   VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
      if (type < 0)
        return "the device has no device-local host-visible memory (this "
               "runner does not stage)";
      VkMemoryAllocateInfo ai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
      ai.allocationSize = req.size;
      ai.memoryTypeIndex = static_cast<uint32_t>(type);
      VkDeviceMemory mem;
      VK_TRY(vkAllocateMemory(dev, &ai, nullptr, &mem));
      memories.push_back(mem);
      VK_TRY(vkBindBufferMemory(dev, buffer, mem, 0));
      void *host = nullptr;
      VK_TRY(vkMapMemory(dev, mem, 0, VK_WHOLE_SIZE, 0, &host));
      std::memcpy(host, b.data(), b.size());
      mapped.push_back(host);
      sizes.push_back(b.size());
    }

    // Layouts: a storage buffer per buffer argument, the scalars as push
    // constants in argument order.
    std::vector<VkDescriptorSetLayoutBinding> bindings;
    std::vector<uint32_t> order; // buffer index per binding
    for (const Arg &a : p.args)
      if (a.kind == Arg::Buffer) {
        bindings.push_back({uint32_t(bindings.size()),
                            VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                            VK_SHADER_STAGE_COMPUTE_BIT, nullptr});
        order.push_back(a.value);
      } else if (a.kind != Arg::LocalBytes) {
        push.push_back(a.value);
      }
    VkDescriptorSetLayoutCreateInfo sl{
        VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    sl.bindingCount = uint32_t(bindings.size());
    sl.pBindings = bindings.data();
    VK_TRY(vkCreateDescriptorSetLayout(dev, &sl, nullptr, &setLayout));
    VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0,
                              uint32_t(std::max<size_t>(push.size(), 1) * 4)};
    VkPipelineLayoutCreateInfo pl{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    pl.setLayoutCount = 1;
    pl.pSetLayouts = &setLayout;
    pl.pushConstantRangeCount = push.empty() ? 0 : 1;
    pl.pPushConstantRanges = &range;
    VK_TRY(vkCreatePipelineLayout(dev, &pl, nullptr, &layout));

    // The pipeline, specialised for the local size.
    dims = p.dims;
    for (int d = 0; d < 2; ++d) {
      local[d] = uint32_t(p.local[d] ? p.local[d] : (d == 0 ? 64 : 1));
      if (d >= int(p.dims))
        local[d] = 1;
      groups[d] = uint32_t((p.global[d] + local[d] - 1) / local[d]);
    }
    VkSpecializationMapEntry entries[2] = {{0, 0, 4}, {1, 4, 4}};
    VkSpecializationInfo spec{2, entries, 8, local};
    VkComputePipelineCreateInfo ci{
        VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    ci.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    ci.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    ci.stage.module = shader;
    ci.stage.pName = "main";
    ci.stage.pSpecializationInfo = &spec;
    ci.layout = layout;
    VK_TRY(vkCreateComputePipelines(dev, VK_NULL_HANDLE, 1, &ci, nullptr,
                                    &pipeline));

    // The descriptor set.
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                              uint32_t(std::max<size_t>(bindings.size(), 1))};
    VkDescriptorPoolCreateInfo dp{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    dp.maxSets = 1;
    dp.poolSizeCount = 1;
    dp.pPoolSizes = &size;
    VK_TRY(vkCreateDescriptorPool(dev, &dp, nullptr, &descriptorPool));
    VkDescriptorSetAllocateInfo da{
        VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    da.descriptorPool = descriptorPool;
    da.descriptorSetCount = 1;
    da.pSetLayouts = &setLayout;
    VK_TRY(vkAllocateDescriptorSets(dev, &da, &set));
    std::vector<VkDescriptorBufferInfo> infos;
    for (uint32_t index : order)
      infos.push_back({buffers[index], 0, VK_WHOLE_SIZE});
    std::vector<VkWriteDescriptorSet> writes;
    for (size_t b = 0; b < infos.size(); ++b) {
      VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
      w.dstSet = set;
      w.dstBinding = uint32_t(b);
      w.descriptorCount = 1;
      w.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      w.pBufferInfo = &infos[b];
      writes.push_back(w);
    }
    vkUpdateDescriptorSets(dev, uint32_t(writes.size()), writes.data(), 0,
                           nullptr);

    VkCommandBufferAllocateInfo ca{
        VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ca.commandPool = s->pool;
    ca.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ca.commandBufferCount = 2;
    VK_TRY(vkAllocateCommandBuffers(s->device, &ca, commands));
    VkFenceCreateInfo fi{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VK_TRY(vkCreateFence(dev, &fi, nullptr, &fence));
    // The one-launch command buffer, recorded once.
    return record(commands[0], 1, 0);
  }

  void run() override { submit(commands[0]); }

  void runMany(size_t count) override {
    if (record(commands[1], count, VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)
            .empty())
      submit(commands[1]);
  }

  Buffers read() override {
    vkQueueWaitIdle(s->queue);
    Buffers out;
    for (size_t i = 0; i < mapped.size(); ++i) {
      const auto *p = static_cast<const uint8_t *>(mapped[i]);
      out.emplace_back(p, p + sizes[i]);
    }
    return out;
  }

private:
  std::string record(VkCommandBuffer cb, size_t count,
                     VkCommandBufferUsageFlags flags) {
    VK_TRY(vkResetCommandBuffer(cb, 0));
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = flags;
    VK_TRY(vkBeginCommandBuffer(cb, &begin));
    vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
    vkCmdBindDescriptorSets(cb, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0, 1,
                            &set, 0, nullptr);
    if (!push.empty())
      vkCmdPushConstants(cb, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0,
                         uint32_t(push.size() * 4), push.data());
    for (size_t i = 0; i < count; ++i) {
      if (i > 0) {
        VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
        barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
        barrier.dstAccessMask =
            VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
        vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                             VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1,
                             &barrier, 0, nullptr, 0, nullptr);
      }
      vkCmdDispatch(cb, groups[0], groups[1], 1);
    }
    VK_TRY(vkEndCommandBuffer(cb));
    return "";
  }

  void submit(VkCommandBuffer cb) {
    VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    si.commandBufferCount = 1;
    si.pCommandBuffers = &cb;
    vkQueueSubmit(s->queue, 1, &si, fence);
    vkWaitForFences(s->device, 1, &fence, VK_TRUE, UINT64_MAX);
    vkResetFences(s->device, 1, &fence);
  }

  void release() {
    VkDevice dev = s->device;
    vkQueueWaitIdle(s->queue);
    if (fence)
      vkDestroyFence(dev, fence, nullptr);
    if (commands[0])
      vkFreeCommandBuffers(dev, s->pool, 2, commands);
    if (descriptorPool)
      vkDestroyDescriptorPool(dev, descriptorPool, nullptr);
    if (pipeline)
      vkDestroyPipeline(dev, pipeline, nullptr);
    if (layout)
      vkDestroyPipelineLayout(dev, layout, nullptr);
    if (setLayout)
      vkDestroyDescriptorSetLayout(dev, setLayout, nullptr);
    if (shader)
      vkDestroyShaderModule(dev, shader, nullptr);
    for (VkBuffer b : buffers)
      vkDestroyBuffer(dev, b, nullptr);
    for (VkDeviceMemory m : memories)
      vkFreeMemory(dev, m, nullptr);
    buffers.clear();
    memories.clear();
    mapped.clear();
    sizes.clear();
    push.clear();
    fence = VK_NULL_HANDLE;
    commands[0] = commands[1] = VK_NULL_HANDLE;
    descriptorPool = VK_NULL_HANDLE;
    pipeline = VK_NULL_HANDLE;
    layout = VK_NULL_HANDLE;
    setLayout = VK_NULL_HANDLE;
    shader = VK_NULL_HANDLE;
  }

  std::shared_ptr<Session> s;
  VkShaderModule shader = VK_NULL_HANDLE;
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline pipeline = VK_NULL_HANDLE;
  VkDescriptorPool descriptorPool = VK_NULL_HANDLE;
  VkDescriptorSet set = VK_NULL_HANDLE;
  VkCommandBuffer commands[2] = {VK_NULL_HANDLE, VK_NULL_HANDLE};
  VkFence fence = VK_NULL_HANDLE;
  std::vector<VkBuffer> buffers;
  std::vector<VkDeviceMemory> memories;
  std::vector<void *> mapped;
  std::vector<size_t> sizes;
  std::vector<uint32_t> push;
  uint32_t dims = 1;
  uint32_t local[2] = {1, 1};
  uint32_t groups[2] = {1, 1};
};

} // namespace

std::function<std::unique_ptr<Runner>()>
makeVulkanRunners(const std::string &spirvDir, std::string &deviceName,
                  std::string &error) {
  auto s = std::make_shared<Session>();
  s->spirvDir = spirvDir;
  error = s->open(deviceName);
  if (!error.empty())
    return nullptr;
  return [s]() { return std::make_unique<VulkanRunner>(s); };
}

} // namespace bench
