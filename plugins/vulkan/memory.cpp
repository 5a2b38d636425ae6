//===- memory.cpp - Device memory and buffers of the vulkan plugin --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Memory strategy. Drivers limit the number of live VkDeviceMemory objects
// (maxMemoryAllocationCount: 4096 on many GPUs) and allocating one is slow,
// so buffers below a quarter of a block share 64 MiB blocks, carved by
// first fit with coalescing free lists (Allocator); larger buffers get a
// dedicated allocation. Each acc buffer is its own VkBuffer bound at its
// range, so kernels bind whole buffers and need no offsets. A block is
// freed when its last range is; host-visible blocks stay mapped for their
// lifetime.
//
// Memory types: buffers take device-local memory, preferring a type that is
// also host-visible and coherent (every type on lavapipe and integrated
// GPUs, the BAR on discrete ones), which lets transfers and buffer_map use
// the mapping; staging memory is host-visible and coherent, preferring
// cached (read back by the host).
//
// Sizes: a buffer's VkBuffer is its size rounded up to 4 bytes (at least
// 4), vkCmdFillBuffer's unit. The runtime keeps buffers within
// max_allocation_size, which is at most maxStorageBufferRange, so every
// buffer can be bound whole.
//
//===----------------------------------------------------------------------===//
#include "vulkan_plugin.h"

#include <algorithm>
#include <cstring>

using namespace acc::vulkan;

namespace {

uint64_t alignUp(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

/// The memory type for `typeBits` with `required`, preferring `preferred`;
/// -1 when none has `required`.
int findMemoryType(const Device &device, uint32_t typeBits,
                   VkMemoryPropertyFlags required,
                   VkMemoryPropertyFlags preferred) {
  const VkPhysicalDeviceMemoryProperties &m = device.memory;
  for (VkMemoryPropertyFlags want : {required | preferred, required})
    for (uint32_t t = 0; t < m.memoryTypeCount; ++t)
      if ((typeBits & (1u << t)) &&
          (m.memoryTypes[t].propertyFlags & want) == want)
        return static_cast<int>(t);
  return -1;
}

/// Takes `size` bytes at `alignment` from a free range of `block`.
bool carve(MemoryBlock &block, uint64_t size, uint64_t alignment,
           uint64_t &offset) {
  for (auto it = block.free.begin(); it != block.free.end(); ++it) {
    uint64_t start = alignUp(it->first, alignment);
    uint64_t end = it->first + it->second;
    if (start + size > end)
      continue;
    uint64_t rangeStart = it->first;
    block.free.erase(it);
    if (start > rangeStart)
      block.free.emplace(rangeStart, start - rangeStart);
    if (end > start + size)
      block.free.emplace(start + size, end - (start + size));
    offset = start;
    block.used += size;
    return true;
  }
  return false;
}

} // namespace

Allocation Allocator::allocate(Device &device, const VkMemoryRequirements &req,
                               VkMemoryPropertyFlags required,
                               VkMemoryPropertyFlags preferred,
                               const char *what) {
  int type = findMemoryType(device, req.memoryTypeBits, required, preferred);
  if (type < 0)
    fail(ACC_ERROR_UNSUPPORTED,
         std::string(what) + ": \"" + device.info.name +
             "\" has no memory type for it");
  const uint32_t typeIndex = static_cast<uint32_t>(type);
  const VkMemoryPropertyFlags flags =
      device.memory.memoryTypes[typeIndex].propertyFlags;
  const uint64_t heapSize =
      device.memory.memoryHeaps[device.memory.memoryTypes[typeIndex].heapIndex]
          .size;
  // Small heaps (integrated GPUs' host-visible ones) get smaller blocks.
  const uint64_t blockBytes = std::min(kBlockBytes, std::max<uint64_t>(
                                                        heapSize / 16, 1 << 20));
  const uint64_t alignment = std::max<uint64_t>(req.alignment, 16);

  std::lock_guard<std::mutex> lock(mutex);
  Allocation a;
  a.size = req.size;
  const bool dedicated = req.size >= blockBytes / 4;
  if (!dedicated)
    for (const std::unique_ptr<MemoryBlock> &b : blocks)
      if (!b->dedicated && b->typeIndex == typeIndex &&
          b->size - b->used >= req.size &&
          carve(*b, req.size, alignment, a.offset)) {
        a.block = b.get();
        return a;
      }

  auto block = std::make_unique<MemoryBlock>();
  block->typeIndex = typeIndex;
  block->dedicated = dedicated;
  block->size = dedicated ? req.size : blockBytes;
  // Refuse what the device says it cannot hold, rather than leave it to
  // drivers that overcommit (lavapipe) or fail late.
  const uint32_t heap = device.memory.memoryTypes[typeIndex].heapIndex;
  if (heapUsed[heap] + block->size > heapSize)
    fail(ACC_ERROR_OUT_OF_MEMORY,
         std::string(what) + ": \"" + device.info.name + "\" is out of " +
             "memory: " + formatBytes(heapUsed[heap]) + " of its " +
             formatBytes(heapSize) + " heap are in use and " +
             formatBytes(block->size) + " more were asked for; release "
             "buffers or use smaller ones");
  if (blocks.size() >= device.maxAllocations)
    fail(ACC_ERROR_OUT_OF_MEMORY,
         std::string(what) + ": \"" + device.info.name + "\" holds its " +
             "limit of " + std::to_string(device.maxAllocations) +
             " memory allocations (maxMemoryAllocationCount); release "
             "buffers");
  VkMemoryAllocateInfo info{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  info.allocationSize = block->size;
  info.memoryTypeIndex = typeIndex;
  VkResult r =
      device.vk.vkAllocateMemory(device.device, &info, nullptr, &block->memory);
  if (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY ||
      r == VK_ERROR_TOO_MANY_OBJECTS)
    fail(ACC_ERROR_OUT_OF_MEMORY,
         std::string(what) + ": \"" + device.info.name + "\" could not " +
             "allocate " + formatBytes(block->size) + " (" +
             vkResultName(r) + "); " + formatBytes(heapSize) +
             " in its memory heap; release buffers or use smaller ones");
  check(r, "vkAllocateMemory", what);
  if (flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
    void *p = nullptr;
    r = device.vk.vkMapMemory(device.device, block->memory, 0, VK_WHOLE_SIZE,
                              0, &p);
    if (r != VK_SUCCESS) {
      device.vk.vkFreeMemory(device.device, block->memory, nullptr);
      check(r, "vkMapMemory", what);
    }
    block->mapped = static_cast<unsigned char *>(p);
  }
  heapUsed[heap] += block->size;
  if (!dedicated)
    block->free.emplace(0, block->size);
  if (dedicated)
    block->used = req.size;
  else
    carve(*block, req.size, alignment, a.offset);
  a.block = block.get();
  blocks.push_back(std::move(block));
  return a;
}

void Allocator::release(Device &device, const Allocation &a) {
  if (!a.block)
    return;
  std::lock_guard<std::mutex> lock(mutex);
  MemoryBlock &b = *a.block;
  if (!b.dedicated) {
    // Return the range and merge it with its neighbours.
    uint64_t start = a.offset, size = a.size;
    auto next = b.free.lower_bound(start);
    if (next != b.free.end() && next->first == start + size) {
      size += next->second;
      next = b.free.erase(next);
    }
    if (next != b.free.begin()) {
      auto prev = std::prev(next);
      if (prev->first + prev->second == start) {
        start = prev->first;
        size += prev->second;
        b.free.erase(prev);
      }
    }
    b.free.emplace(start, size);
    b.used -= a.size;
    if (b.used != 0)
      return;
  }
  if (b.mapped)
    device.vk.vkUnmapMemory(device.device, b.memory);
  device.vk.vkFreeMemory(device.device, b.memory, nullptr);
  heapUsed[device.memory.memoryTypes[b.typeIndex].heapIndex] -= b.size;
  blocks.erase(std::find_if(blocks.begin(), blocks.end(),
                            [&](const std::unique_ptr<MemoryBlock> &p) {
                              return p.get() == &b;
                            }));
}

void Allocator::clear(Device &device) {
  std::lock_guard<std::mutex> lock(mutex);
  for (const std::unique_ptr<MemoryBlock> &b : blocks) {
    if (b->mapped)
      device.vk.vkUnmapMemory(device.device, b->memory);
    device.vk.vkFreeMemory(device.device, b->memory, nullptr);
  }
  blocks.clear();
  for (uint64_t &used : heapUsed)
    used = 0;
}

std::pair<VkBuffer, Allocation>
acc::vulkan::createBuffer(Device &device, uint64_t size,
                          VkBufferUsageFlags usage,
                          VkMemoryPropertyFlags required,
                          VkMemoryPropertyFlags preferred, const char *what) {
  VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  info.size = std::max<uint64_t>(alignUp(size, 4), 4);
  info.usage = usage;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkBuffer buffer = VK_NULL_HANDLE;
  VkResult r = device.vk.vkCreateBuffer(device.device, &info, nullptr, &buffer);
  if (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY)
    fail(ACC_ERROR_OUT_OF_MEMORY, std::string(what) + ": vkCreateBuffer of " +
                                      formatBytes(info.size) + " failed with " +
                                      vkResultName(r));
  check(r, "vkCreateBuffer", what);
  VkMemoryRequirements req;
  device.vk.vkGetBufferMemoryRequirements(device.device, buffer, &req);
  Allocation memory;
  try {
    memory =
        device.allocator.allocate(device, req, required, preferred, what);
    check(device.vk.vkBindBufferMemory(device.device, buffer,
                                       memory.block->memory, memory.offset),
          "vkBindBufferMemory", what);
  } catch (...) {
    device.allocator.release(device, memory);
    device.vk.vkDestroyBuffer(device.device, buffer, nullptr);
    throw;
  }
  return {buffer, memory};
}

void acc::vulkan::destroyBuffer(Device &device, VkBuffer buffer,
                                const Allocation &memory) {
  device.vk.vkDestroyBuffer(device.device, buffer, nullptr);
  device.allocator.release(device, memory);
}

namespace {
bool coherent(const Device &device, const Allocation &a) {
  return device.memory.memoryTypes[a.block->typeIndex].propertyFlags &
         VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
}
VkMappedMemoryRange wholeRange(const Device &device, const Allocation &a) {
  // Non-coherent ranges must be aligned to nonCoherentAtomSize.
  uint64_t atom = std::max<uint64_t>(device.properties.limits.nonCoherentAtomSize, 1);
  VkMappedMemoryRange range{VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE};
  range.memory = a.block->memory;
  range.offset = a.offset / atom * atom;
  uint64_t end = std::min(alignUp(a.offset + a.size, atom), a.block->size);
  range.size = end - range.offset;
  return range;
}
} // namespace

void acc::vulkan::flushHostWrites(Device &device, const Allocation &a) {
  if (coherent(device, a))
    return;
  VkMappedMemoryRange range = wholeRange(device, a);
  check(device.vk.vkFlushMappedMemoryRanges(device.device, 1, &range),
        "vkFlushMappedMemoryRanges", "writing a buffer");
}

void acc::vulkan::invalidateForHost(Device &device, const Allocation &a) {
  if (coherent(device, a))
    return;
  VkMappedMemoryRange range = wholeRange(device, a);
  check(device.vk.vkInvalidateMappedMemoryRanges(device.device, 1, &range),
        "vkInvalidateMappedMemoryRanges", "reading a buffer");
}

Buffer *Backend::bufferCreateImpl(Device &device, uint64_t size,
                                  acc_buffer_flags_t) {
  plugin::requireBufferFits(device.info, size, "maxStorageBufferRange");
  ready(device);
  auto buffer = std::make_unique<Buffer>();
  buffer->device = &device;
  buffer->size = size;
  auto [vkBuffer, memory] = createBuffer(
      device, size,
      VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
          VK_BUFFER_USAGE_TRANSFER_DST_BIT,
      VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT,
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
          VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
      "buffer_create");
  buffer->buffer = vkBuffer;
  buffer->memory = memory;
  return buffer.release();
}

void Backend::bufferReleaseImpl(Buffer *buffer) {
  destroyBuffer(*buffer->device, buffer->buffer, buffer->memory);
  delete buffer;
}

void *Backend::bufferMapImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t, acc_map_flags_t flags) {
  unsigned char *host = buffer.memory.host();
  if (!host)
    fail(ACC_ERROR_UNSUPPORTED, "buffer_map: the buffer's memory is not "
                                "host-visible on this device");
  {
    std::lock_guard<std::mutex> lock(queue.mutex);
    flush(queue);
    waitFor(queue, queue.submitted);
  }
  if (flags & ACC_MAP_READ)
    invalidateForHost(*buffer.device, buffer.memory);
  return host + offset;
}

void Backend::bufferUnmapImpl(Queue &, Buffer &buffer, void *) {
  flushHostWrites(*buffer.device, buffer.memory);
}
