//===- queue.cpp - Queues, transfers, launches and events of vulkan -------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Execution model. An acc queue records its commands into a command buffer
// (a batch) with a full memory barrier (compute and transfer, writes before
// reads and writes) in front of each command, which gives the in-order
// semantics the ABI promises. A batch is submitted to one of the device's
// VkQueues, signalling the next value of the acc queue's timeline
// semaphore:
//  - at once when the device has finished everything the queue submitted
//    before (so a lone launch starts without delay),
//  - else when it holds kBatchCommands commands (consecutive launches of a
//    busy queue share one submission),
//  - and whenever the host needs a result: queue_finish, a read, a map, an
//    event.
// Completed batches give back their command buffers, descriptor pools and
// staging memory; at most kMaxInflight batches are in flight per queue.
//
// Transfers. A buffer in host-visible memory is written and read through
// its mapping when the queue is idle (reads always wait for the queue,
// since the data must be there at return); otherwise a write copies the
// host bytes into staging memory at once (so the caller's memory is free
// when the call returns, blocking or not) and records a copy, and a read
// records a copy into staging memory, waits and copies out. Fills of 4-byte
// patterns (and 1- and 2-byte ones on 4-byte boundaries) are
// vkCmdFillBuffer; longer patterns are copied from a staging chunk that
// holds the pattern repeated.
//
// Launch. The launch words (acc_launch_words_t) and the scalars go into the
// push constants or, for a large scalar block, a uniform buffer, by the
// kernel's acc_launch_vk_plan_t; buffers into a descriptor set allocated
// from the batch's pool. A kernel without barriers is one dispatch of the
// range rounded up to whole groups (its code retires the extra
// work-items); one with barriers is split by acc_launch_split into up to
// eight dispatches of whole groups, each with its own local size (so its
// own pipeline) and group offset.
//
// Events are timeline values: queue_record_event submits the open batch and
// takes the value it signals; queue_wait_event makes the waiting queue's
// next submission wait for it (a submission with no commands if need be),
// which orders work across queues and threads. With timing, the event's
// batch writes a timestamp into the event's own query pool.
//
//===----------------------------------------------------------------------===//
#include "vulkan_plugin.h"

#include "acc/plugin/Launch.h"

#include <algorithm>
#include <cstring>

using namespace acc::vulkan;

namespace {

constexpr uint32_t kBatchCommands = 64;
constexpr size_t kMaxInflight = 8;
constexpr uint32_t kSetsPerPool = 64;
constexpr uint32_t kBuffersPerSet = 16;

const VkPipelineStageFlags kStages =
    VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
const VkAccessFlags kWrites =
    VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
const VkAccessFlags kAccesses =
    VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
    VK_ACCESS_UNIFORM_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT |
    VK_ACCESS_TRANSFER_WRITE_BIT;

/// The highest value the queue's timeline has reached.
uint64_t reached(Queue &queue) {
  uint64_t value = 0;
  Device &device = *queue.device;
  check(device.vk.vkGetSemaphoreCounterValue(
            device.device, queue.timeline->semaphore, &value),
        "vkGetSemaphoreCounterValue", "querying a queue");
  return value;
}

/// Gives back what the batches up to `value` held.
void retire(Queue &queue, uint64_t value) {
  Device &device = *queue.device;
  while (!queue.inflight.empty() && queue.inflight.front().value <= value) {
    Batch &b = queue.inflight.front();
    for (auto &[buffer, memory] : b.transient)
      destroyBuffer(device, buffer, memory);
    for (VkDescriptorPool pool : b.pools) {
      device.vk.vkResetDescriptorPool(device.device, pool, 0);
      queue.freeDescriptorPools.push_back(pool);
    }
    for (VkDescriptorPool pool : b.largePools)
      device.vk.vkDestroyDescriptorPool(device.device, pool, nullptr);
    if (b.commands != VK_NULL_HANDLE)
      queue.freeCommands.push_back(b.commands);
    queue.inflight.pop_front();
  }
}

/// Whether the device has executed everything the queue submitted.
bool idle(Queue &queue) {
  if (queue.inflight.empty())
    return true;
  retire(queue, reached(queue));
  return queue.inflight.empty();
}

void fullBarrier(Device &device, VkCommandBuffer commands,
                 VkPipelineStageFlags dstStages, VkAccessFlags dstAccess) {
  VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  barrier.srcAccessMask = kWrites;
  barrier.dstAccessMask = dstAccess;
  device.vk.vkCmdPipelineBarrier(commands, kStages, dstStages, 0, 1, &barrier,
                                 0, nullptr, 0, nullptr);
}

/// A host-visible buffer for this batch's commands, freed when it completes.
std::pair<VkBuffer, Allocation> &transient(Queue &queue, uint64_t size,
                                           VkBufferUsageFlags usage,
                                           const char *what) {
  queue.open.transient.push_back(createBuffer(
      *queue.device, size, usage,
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
          VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
      VK_MEMORY_PROPERTY_HOST_CACHED_BIT, what));
  return queue.open.transient.back();
}

VkDescriptorSet allocateSet(Queue &queue, Kernel &kernel) {
  Device &device = *queue.device;
  Batch &b = queue.open;
  const uint32_t buffers = kernel.bufferCount;
  const bool large = buffers > kBuffersPerSet;
  if (large || b.pools.empty() || b.setsLeft == 0) {
    VkDescriptorPool pool = VK_NULL_HANDLE;
    if (!large && !queue.freeDescriptorPools.empty()) {
      pool = queue.freeDescriptorPools.back();
      queue.freeDescriptorPools.pop_back();
    } else {
      uint32_t sets = large ? 1 : kSetsPerPool;
      VkDescriptorPoolSize sizes[] = {
          {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
           sets * std::max(buffers, kBuffersPerSet)},
          {VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, sets}};
      VkDescriptorPoolCreateInfo info{
          VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
      info.maxSets = sets;
      info.poolSizeCount = 2;
      info.pPoolSizes = sizes;
      check(device.vk.vkCreateDescriptorPool(device.device, &info, nullptr,
                                             &pool),
            "vkCreateDescriptorPool", "launch of '" + kernel.name + "'");
    }
    // A large pool holds one set and is destroyed with the batch.
    if (large) {
      b.largePools.push_back(pool);
    } else {
      b.pools.push_back(pool);
      b.setsLeft = kSetsPerPool;
    }
  }
  VkDescriptorSetAllocateInfo info{
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
  info.descriptorPool = large ? b.largePools.back() : b.pools.back();
  info.descriptorSetCount = 1;
  info.pSetLayouts = &kernel.setLayout;
  VkDescriptorSet set = VK_NULL_HANDLE;
  check(device.vk.vkAllocateDescriptorSets(device.device, &info, &set),
        "vkAllocateDescriptorSets", "launch of '" + kernel.name + "'");
  if (!large)
    --b.setsLeft;
  return set;
}

/// Submits the open batch if it has commands or waits, or if `always`.
void submit(Queue &queue, bool always) {
  Device &device = *queue.device;
  Batch &b = queue.open;
  if (b.commandCount == 0 && b.waits.empty() && !always)
    return;
  if (b.commands != VK_NULL_HANDLE) {
    // Device writes become visible to host reads after the wait.
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = kWrites;
    barrier.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    device.vk.vkCmdPipelineBarrier(b.commands, kStages,
                                   VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &barrier,
                                   0, nullptr, 0, nullptr);
    check(device.vk.vkEndCommandBuffer(b.commands), "vkEndCommandBuffer",
          "submitting a queue's commands");
  }
  b.value = queue.submitted + 1;
  std::vector<VkSemaphore> waitSemaphores;
  std::vector<uint64_t> waitValues;
  std::vector<VkPipelineStageFlags> waitStages;
  for (auto &[timeline, value] : b.waits) {
    waitSemaphores.push_back(timeline->semaphore);
    waitValues.push_back(value);
    waitStages.push_back(VK_PIPELINE_STAGE_ALL_COMMANDS_BIT);
  }
  VkTimelineSemaphoreSubmitInfo timeline{
      VK_STRUCTURE_TYPE_TIMELINE_SEMAPHORE_SUBMIT_INFO};
  timeline.waitSemaphoreValueCount = static_cast<uint32_t>(waitValues.size());
  timeline.pWaitSemaphoreValues = waitValues.data();
  timeline.signalSemaphoreValueCount = 1;
  timeline.pSignalSemaphoreValues = &b.value;
  VkSubmitInfo info{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  info.pNext = &timeline;
  info.waitSemaphoreCount = static_cast<uint32_t>(waitSemaphores.size());
  info.pWaitSemaphores = waitSemaphores.data();
  info.pWaitDstStageMask = waitStages.data();
  info.commandBufferCount = b.commands != VK_NULL_HANDLE ? 1 : 0;
  info.pCommandBuffers = &b.commands;
  info.signalSemaphoreCount = 1;
  info.pSignalSemaphores = &queue.timeline->semaphore;
  VkResult r;
  {
    std::lock_guard<std::mutex> lock(device.queueMutexes[queue.vkQueueIndex]);
    r = device.vk.vkQueueSubmit(device.queues[queue.vkQueueIndex], 1, &info,
                                VK_NULL_HANDLE);
  }
  if (r != VK_SUCCESS) {
    // Nothing of the batch runs: give its resources back now.
    Batch failed = std::move(queue.open);
    queue.open = Batch{};
    failed.value = 0;
    queue.inflight.push_front(std::move(failed));
    retire(queue, 0);
    check(r, "vkQueueSubmit", "submitting a queue's commands");
  }
  queue.submitted = b.value;
  queue.inflight.push_back(std::move(queue.open));
  queue.open = Batch{};
}

/// Records `fn(commands)` as one command of the queue.
template <typename Fn> void record(Queue &queue, Fn fn) {
  Batch &b = beginCommand(queue);
  fn(b.commands);
  if (b.commandCount >= kBatchCommands || idle(queue))
    submit(queue, false);
}

/// Bytes of host memory to the buffer through a staging copy.
void stagedWrite(Queue &queue, Buffer &buffer, uint64_t offset, uint64_t size,
                 const void *host) {
  auto &[staging, memory] = transient(queue, size,
                                      VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                      "buffer_write (staging memory)");
  std::memcpy(memory.host(), host, size);
  flushHostWrites(*queue.device, memory);
  VkBuffer src = staging;
  record(queue, [&](VkCommandBuffer commands) {
    VkBufferCopy region{0, offset, size};
    queue.device->vk.vkCmdCopyBuffer(commands, src, buffer.buffer, 1, &region);
  });
}

} // namespace

Batch &acc::vulkan::beginCommand(Queue &queue) {
  Device &device = *queue.device;
  Batch &b = queue.open;
  if (b.commands == VK_NULL_HANDLE) {
    // Bound the work in flight: wait for the oldest batch beyond the limit.
    if (queue.inflight.size() >= kMaxInflight)
      waitFor(queue, queue.inflight.front().value);
    if (!queue.freeCommands.empty()) {
      b.commands = queue.freeCommands.back();
      queue.freeCommands.pop_back();
      check(device.vk.vkResetCommandBuffer(b.commands, 0),
            "vkResetCommandBuffer", "recording commands");
    } else {
      VkCommandBufferAllocateInfo info{
          VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
      info.commandPool = queue.pool;
      info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
      info.commandBufferCount = 1;
      check(device.vk.vkAllocateCommandBuffers(device.device, &info,
                                               &b.commands),
            "vkAllocateCommandBuffers", "recording commands");
    }
    VkCommandBufferBeginInfo begin{
        VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    check(device.vk.vkBeginCommandBuffer(b.commands, &begin),
          "vkBeginCommandBuffer", "recording commands");
  }
  // In order: everything before (in this batch or an earlier submission to
  // the same VkQueue) is finished and visible before this command starts.
  fullBarrier(device, b.commands, kStages, kAccesses);
  ++b.commandCount;
  return b;
}

void acc::vulkan::flush(Queue &queue) { submit(queue, false); }

void acc::vulkan::waitFor(Queue &queue, uint64_t value) {
  Device &device = *queue.device;
  if (value == 0)
    return;
  VkSemaphoreWaitInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO};
  info.semaphoreCount = 1;
  info.pSemaphores = &queue.timeline->semaphore;
  info.pValues = &value;
  check(device.vk.vkWaitSemaphores(device.device, &info, UINT64_MAX),
        "vkWaitSemaphores", "waiting for a queue");
  retire(queue, value);
}

//===----------------------------------------------------------------------===//
// Queues
//===----------------------------------------------------------------------===//

Queue *Backend::queueCreateImpl(Device &device) {
  ready(device);
  auto queue = std::make_unique<Queue>();
  queue->device = &device;
  queue->vkQueueIndex = device.nextQueue++ % device.queueCount;
  VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  poolInfo.queueFamilyIndex = device.queueFamily;
  check(device.vk.vkCreateCommandPool(device.device, &poolInfo, nullptr,
                                      &queue->pool),
        "vkCreateCommandPool", "queue_create");
  VkSemaphoreTypeCreateInfo type{VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO};
  type.semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE;
  type.initialValue = 0;
  VkSemaphoreCreateInfo semInfo{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
  semInfo.pNext = &type;
  VkSemaphore semaphore = VK_NULL_HANDLE;
  VkResult r = device.vk.vkCreateSemaphore(device.device, &semInfo, nullptr,
                                           &semaphore);
  if (r != VK_SUCCESS) {
    device.vk.vkDestroyCommandPool(device.device, queue->pool, nullptr);
    check(r, "vkCreateSemaphore", "queue_create");
  }
  queue->timeline = std::make_shared<Timeline>(device, semaphore);
  std::lock_guard<std::mutex> lock(device.liveMutex);
  device.liveQueues.push_back(queue.get());
  return queue.release();
}

void Backend::queueReleaseImpl(Queue *queue) {
  Device &device = *queue->device;
  std::string error;
  acc_result_t code = ACC_SUCCESS;
  try {
    std::lock_guard<std::mutex> lock(queue->mutex);
    flush(*queue);
    waitFor(*queue, queue->submitted);
  } catch (const Error &e) {
    code = e.code;
    error = e.message;
    // The device may still hold the batches: wait for it as a whole.
    device.vk.vkDeviceWaitIdle(device.device);
  }
  // Drivers may touch a batch's semaphore after signalling it; the VkQueue
  // being idle is the point after which nothing of this queue is in use.
  {
    std::lock_guard<std::mutex> lock(device.queueMutexes[queue->vkQueueIndex]);
    device.vk.vkQueueWaitIdle(device.queues[queue->vkQueueIndex]);
  }
  retire(*queue, UINT64_MAX);
  if (queue->open.commands != VK_NULL_HANDLE)
    queue->freeCommands.push_back(queue->open.commands);
  for (auto &[buffer, memory] : queue->open.transient)
    destroyBuffer(device, buffer, memory);
  for (VkDescriptorPool pool : queue->open.pools)
    queue->freeDescriptorPools.push_back(pool);
  for (VkDescriptorPool pool : queue->open.largePools)
    queue->freeDescriptorPools.push_back(pool);
  for (VkDescriptorPool pool : queue->freeDescriptorPools)
    device.vk.vkDestroyDescriptorPool(device.device, pool, nullptr);
  device.vk.vkDestroyCommandPool(device.device, queue->pool, nullptr);
  queue->open.waits.clear();
  queue->timeline.reset(); // destroyed here unless an event still has it
  {
    std::lock_guard<std::mutex> lock(device.liveMutex);
    auto &live = device.liveQueues;
    live.erase(std::remove(live.begin(), live.end(), queue), live.end());
  }
  delete queue;
  if (code != ACC_SUCCESS)
    fail(code, error);
}

void Backend::queueFinishImpl(Queue &queue) {
  std::lock_guard<std::mutex> lock(queue.mutex);
  flush(queue);
  waitFor(queue, queue.submitted);
}

//===----------------------------------------------------------------------===//
// Transfers
//===----------------------------------------------------------------------===//

void Backend::bufferWriteImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                              uint64_t size, const void *src, bool) {
  std::lock_guard<std::mutex> lock(queue.mutex);
  unsigned char *host = buffer.memory.host();
  if (host && queue.open.commandCount == 0 && queue.open.waits.empty() &&
      idle(queue)) {
    std::memcpy(host + offset, src, size);
    flushHostWrites(*queue.device, buffer.memory);
    return;
  }
  stagedWrite(queue, buffer, offset, size, src);
}

void Backend::bufferReadImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t size, void *dst, bool) {
  std::lock_guard<std::mutex> lock(queue.mutex);
  Device &device = *queue.device;
  if (unsigned char *host = buffer.memory.host()) {
    flush(queue);
    waitFor(queue, queue.submitted);
    invalidateForHost(device, buffer.memory);
    std::memcpy(dst, host + offset, size);
    return;
  }
  // Staging memory of its own, read before it is released.
  auto [staging, memory] = createBuffer(
      device, size, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
          VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
      VK_MEMORY_PROPERTY_HOST_CACHED_BIT, "buffer_read (staging memory)");
  try {
    Batch &b = beginCommand(queue);
    VkBufferCopy region{offset, 0, size};
    device.vk.vkCmdCopyBuffer(b.commands, buffer.buffer, staging, 1, &region);
    submit(queue, false);
    waitFor(queue, queue.submitted);
    invalidateForHost(device, memory);
    std::memcpy(dst, memory.host(), size);
  } catch (...) {
    device.vk.vkDeviceWaitIdle(device.device);
    destroyBuffer(device, staging, memory);
    throw;
  }
  destroyBuffer(device, staging, memory);
}

void Backend::bufferCopyImpl(Queue &queue, Buffer &src, uint64_t srcOffset,
                             Buffer &dst, uint64_t dstOffset, uint64_t size) {
  std::lock_guard<std::mutex> lock(queue.mutex);
  record(queue, [&](VkCommandBuffer commands) {
    VkBufferCopy region{srcOffset, dstOffset, size};
    queue.device->vk.vkCmdCopyBuffer(commands, src.buffer, dst.buffer, 1,
                                     &region);
  });
}

void Backend::bufferFillImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t size, const void *pattern,
                             uint32_t patternSize) {
  std::lock_guard<std::mutex> lock(queue.mutex);
  Device &device = *queue.device;
  // vkCmdFillBuffer: a 4-byte word at 4-byte offsets and sizes.
  if (patternSize <= 4 && offset % 4 == 0 && size % 4 == 0) {
    uint32_t word = 0;
    auto *bytes = reinterpret_cast<unsigned char *>(&word);
    for (uint32_t i = 0; i < 4; ++i)
      bytes[i] = static_cast<const unsigned char *>(pattern)[i % patternSize];
    record(queue, [&](VkCommandBuffer commands) {
      device.vk.vkCmdFillBuffer(commands, buffer.buffer, offset, size, word);
    });
    return;
  }
  // Otherwise copies from a chunk holding the pattern repeated.
  const uint64_t chunk =
      std::min<uint64_t>(size, (1u << 20) / patternSize * patternSize);
  auto &[staging, memory] = transient(queue, chunk,
                                      VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                      "buffer_fill (staging memory)");
  for (uint64_t at = 0; at < chunk; at += patternSize)
    std::memcpy(memory.host() + at, pattern, patternSize);
  flushHostWrites(device, memory);
  std::vector<VkBufferCopy> regions;
  for (uint64_t at = 0; at < size; at += chunk)
    regions.push_back({0, offset + at, std::min(chunk, size - at)});
  VkBuffer src = staging;
  record(queue, [&](VkCommandBuffer commands) {
    device.vk.vkCmdCopyBuffer(commands, src, buffer.buffer,
                              static_cast<uint32_t>(regions.size()),
                              regions.data());
  });
}

//===----------------------------------------------------------------------===//
// Launch
//===----------------------------------------------------------------------===//

void Backend::launchImpl(Queue &queue, Kernel &kernel,
                         const acc_plugin_launch_desc_t &desc) {
  Device &device = *queue.device;
  const acc_launch_vk_plan_t &plan = kernel.plan;

  // The scalar block, and the local arguments' sizes by local index.
  // The plan keeps the push constants within Vulkan's guaranteed 128 bytes.
  std::array<unsigned char, ACC_LAUNCH_VK_PUSH_CONSTANT_BUDGET> push{};
  std::vector<unsigned char> uniform(plan.uniform_bytes, 0);
  unsigned char *scalars =
      plan.scalars_in_push_constants ? push.data() : uniform.data();
  std::vector<VkBuffer> buffers(kernel.bufferCount, device.nullBuffer);
  Kernel::Specialization spec = plugin::specializationFor(kernel.args, desc);
  for (uint32_t i = 0; i < desc.arg_count; ++i) {
    const acc_plugin_arg_t &arg = desc.args[i];
    const Kernel::Arg &meta = kernel.args[i];
    switch (arg.kind) {
    case ACC_ARG_KIND_BUFFER:
      if (arg.u.buffer)
        buffers[meta.binding] =
            reinterpret_cast<Buffer *>(arg.u.buffer)->buffer;
      break;
    case ACC_ARG_KIND_SCALAR:
      std::memcpy(scalars + meta.binding, arg.u.value, arg.size);
      break;
    default:
      break;
    }
  }

  // The dispatches: one over whole groups, or a split for barriers; then
  // each cut into pieces of at most maxComputeWorkGroupCount groups.
  std::vector<acc_launch_dispatch_t> dispatches = plugin::planDispatches(
      desc, kernel.flags & ACC_KERNEL_FLAG_USES_BARRIERS,
      device.maxGroupCount);
  std::vector<VkPipeline> pipelines(dispatches.size());
  for (size_t k = 0; k < dispatches.size(); ++k) {
    for (int d = 0; d < 3; ++d)
      spec.localSize[d] = dispatches[k].local_size[d];
    pipelines[k] = k > 0 && std::equal(dispatches[k].local_size,
                                       dispatches[k].local_size + 3,
                                       dispatches[k - 1].local_size)
                       ? pipelines[k - 1]
                       : pipelineFor(kernel, spec);
  }

  std::lock_guard<std::mutex> lock(queue.mutex);
  VkDescriptorSet set = VK_NULL_HANDLE;
  if (kernel.bufferCount || plan.uniform_bytes) {
    set = allocateSet(queue, kernel);
    std::vector<VkDescriptorBufferInfo> infos;
    infos.reserve(kernel.bufferCount + 1);
    std::vector<VkWriteDescriptorSet> writes;
    for (uint32_t b = 0; b < kernel.bufferCount; ++b) {
      infos.push_back({buffers[b], 0, VK_WHOLE_SIZE});
      VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
      w.dstSet = set;
      w.dstBinding = b;
      w.descriptorCount = 1;
      w.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      w.pBufferInfo = &infos.back();
      writes.push_back(w);
    }
    if (plan.uniform_bytes) {
      auto &[ubo, memory] = transient(queue, plan.uniform_bytes,
                                      VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
                                      "launch (scalar arguments)");
      std::memcpy(memory.host(), uniform.data(), uniform.size());
      flushHostWrites(device, memory);
      infos.push_back({ubo, 0, VK_WHOLE_SIZE});
      VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
      w.dstSet = set;
      w.dstBinding = plan.uniform_binding;
      w.descriptorCount = 1;
      w.descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
      w.pBufferInfo = &infos.back();
      writes.push_back(w);
    }
    device.vk.vkUpdateDescriptorSets(device.device,
                                     static_cast<uint32_t>(writes.size()),
                                     writes.data(), 0, nullptr);
  }

  record(queue, [&](VkCommandBuffer commands) {
    if (set != VK_NULL_HANDLE)
      device.vk.vkCmdBindDescriptorSets(commands,
                                        VK_PIPELINE_BIND_POINT_COMPUTE,
                                        kernel.layout, 0, 1, &set, 0, nullptr);
    for (size_t k = 0; k < dispatches.size(); ++k) {
      const acc_launch_dispatch_t &dispatch = dispatches[k];
      acc_launch_words_t words = acc_launch_words(
          desc.work_dim, desc.global_offset, desc.global_size,
          desc.local_size, dispatch.group_offset);
      std::memcpy(push.data() + plan.launch_word_offset, &words,
                  sizeof(words));
      if (k == 0 || pipelines[k] != pipelines[k - 1])
        device.vk.vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                                    pipelines[k]);
      device.vk.vkCmdPushConstants(commands, kernel.layout,
                                   VK_SHADER_STAGE_COMPUTE_BIT, 0,
                                   plan.push_constant_bytes, push.data());
      device.vk.vkCmdDispatch(commands,
                              static_cast<uint32_t>(dispatch.groups[0]),
                              static_cast<uint32_t>(dispatch.groups[1]),
                              static_cast<uint32_t>(dispatch.groups[2]));
    }
  });
}

//===----------------------------------------------------------------------===//
// Events
//===----------------------------------------------------------------------===//

Event *Backend::queueRecordEventImpl(Queue &queue, acc_event_flags_t flags) {
  Device &device = *queue.device;
  auto event = std::make_unique<Event>();
  event->device = &device;
  event->flags = flags;
  event->timeline = queue.timeline;
  const bool timing = (flags & ACC_EVENT_TIMING) &&
                      (device.info.caps & ACC_DEVICE_CAP_TIMESTAMPS);
  if (timing) {
    VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
    info.queryType = VK_QUERY_TYPE_TIMESTAMP;
    info.queryCount = 1;
    check(device.vk.vkCreateQueryPool(device.device, &info, nullptr,
                                      &event->query),
          "vkCreateQueryPool", "queue_record_event");
  }
  try {
    std::lock_guard<std::mutex> lock(queue.mutex);
    if (timing) {
      Batch &b = beginCommand(queue);
      device.vk.vkCmdResetQueryPool(b.commands, event->query, 0, 1);
      device.vk.vkCmdWriteTimestamp(b.commands,
                                    VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                                    event->query, 0);
    }
    submit(queue, false);
    event->value = queue.submitted;
  } catch (...) {
    if (event->query != VK_NULL_HANDLE)
      device.vk.vkDestroyQueryPool(device.device, event->query, nullptr);
    throw;
  }
  return event.release();
}

void Backend::queueWaitEventImpl(Queue &queue, Event &event) {
  if (event.timeline == queue.timeline || event.value == 0)
    return; // the same queue is in order; value 0 is already reached
  std::lock_guard<std::mutex> lock(queue.mutex);
  // Commands recorded so far need not wait.
  flush(queue);
  queue.open.waits.emplace_back(event.timeline, event.value);
}

void Backend::eventWaitImpl(Event &event) {
  if (event.value == 0)
    return;
  Device &device = *event.device;
  VkSemaphoreWaitInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO};
  info.semaphoreCount = 1;
  info.pSemaphores = &event.timeline->semaphore;
  info.pValues = &event.value;
  check(device.vk.vkWaitSemaphores(device.device, &info, UINT64_MAX),
        "vkWaitSemaphores", "event_wait");
}

bool Backend::eventQueryImpl(Event &event) {
  if (event.value == 0)
    return true;
  Device &device = *event.device;
  uint64_t value = 0;
  check(device.vk.vkGetSemaphoreCounterValue(
            device.device, event.timeline->semaphore, &value),
        "vkGetSemaphoreCounterValue", "event_query");
  return value >= event.value;
}

uint64_t Backend::eventElapsedNsImpl(Event &start, Event &end) {
  Device &device = *start.device;
  if (start.query == VK_NULL_HANDLE || end.query == VK_NULL_HANDLE)
    fail(ACC_ERROR_UNSUPPORTED,
         "event_elapsed_ns: \"" + std::string(device.info.name) +
             "\" writes no timestamps on its compute queue");
  if (!eventQueryImpl(start) || !eventQueryImpl(end))
    fail(ACC_ERROR_NOT_READY, "event_elapsed_ns: the events have not "
                              "completed yet; wait for them first");
  uint64_t ticks[2];
  for (int i = 0; i < 2; ++i)
    check(device.vk.vkGetQueryPoolResults(
              device.device, i == 0 ? start.query : end.query, 0, 1,
              sizeof(uint64_t), &ticks[i], sizeof(uint64_t),
              VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
          "vkGetQueryPoolResults", "event_elapsed_ns");
  uint64_t mask = device.timestampValidBits >= 64
                      ? UINT64_MAX
                      : (uint64_t(1) << device.timestampValidBits) - 1;
  // Counters of fewer than 64 bits wrap: the difference modulo their
  // range, where more than half the range means the events are reversed
  // (which gives 0).
  uint64_t delta = ((ticks[1] & mask) - (ticks[0] & mask)) & mask;
  if (delta > mask / 2)
    return 0;
  return static_cast<uint64_t>(
      static_cast<double>(delta) * device.properties.limits.timestampPeriod);
}

void Backend::eventReleaseImpl(Event *event) {
  if (event->query != VK_NULL_HANDLE) {
    // The pool may be written until the event's value is reached.
    try {
      eventWaitImpl(*event);
    } catch (const Error &) {
    }
    event->device->vk.vkDestroyQueryPool(event->device->device, event->query,
                                         nullptr);
  }
  delete event;
}
