//===- vulkan_plugin.h - Private declarations of the vulkan plugin --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The vulkan plugin runs acc-cc's spirv-vk code objects through the Vulkan
// loader, libvulkan.so.1, which it opens with dlopen() at init(): the
// plugin links no Vulkan library (it compiles against Khronos' headers with
// VK_NO_PROTOTYPES and resolves every entry point through
// vkGetInstanceProcAddr and vkGetDeviceProcAddr). This header is shared by
// the plugin's translation units only; nothing here is part of any ABI.
//
// The ABI boundary (entry table, exception guard, handle checks, the
// registry of live objects) is plugins/common's: this plugin implements the
// Backend functions below. Internal functions throw through fail(); VkResult
// codes become acc_result_t in one place, check() in status.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_VULKAN_VULKAN_PLUGIN_H
#define ACC_PLUGINS_VULKAN_VULKAN_PLUGIN_H

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#include "acc/acc_launch.h"
#include "acc/acc_plugin.h"
#include "acc/plugin/CodeCache.h"
#include "acc/plugin/Handles.h"
#include "acc/plugin/KernelArgs.h"
#include "acc/plugin/Library.h"
#include "acc/plugin/Status.h"
#include "acc/plugin/Table.h"

#include <array>
#include <tuple>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace acc {
namespace vulkan {

using plugin::Error;
using plugin::fail;
using plugin::formatBytes;
using plugin::guard;
using plugin::log;
using plugin::report;

//===----------------------------------------------------------------------===//
// Errors (status.cpp)
//===----------------------------------------------------------------------===//

/// The acc_result_t a VkResult stands for.
acc_result_t resultFromVk(VkResult result);

/// "VK_ERROR_OUT_OF_DEVICE_MEMORY", or "VkResult <n>".
std::string vkResultName(VkResult result);

/// Throws unless `result` is VK_SUCCESS. The message reads
/// "<what>: <call> failed with <VK_NAME>"; the code comes from
/// resultFromVk().
void check(VkResult result, const char *call, const std::string &what);

//===----------------------------------------------------------------------===//
// Entry points (plugin.cpp loads the global and instance ones, device.cpp
// each device's)
//===----------------------------------------------------------------------===//

struct InstanceApi {
#define ACC_VK_GLOBAL(name) PFN_##name name = nullptr;
#define ACC_VK_INSTANCE(name) PFN_##name name = nullptr;
#include "symbols.inc"
};

struct DeviceApi {
#define ACC_VK_DEVICE(name) PFN_##name name = nullptr;
#include "symbols.inc"
};

/// The loaded instance-level entry points (valid between a successful
/// init() and shutdown()).
const InstanceApi &vki();

//===----------------------------------------------------------------------===//
// Device memory (memory.cpp)
//===----------------------------------------------------------------------===//

/// One VkDeviceMemory, carved into allocations by first fit (or owned by one
/// large allocation).
struct MemoryBlock {
  VkDeviceMemory memory = VK_NULL_HANDLE;
  uint64_t size = 0;
  uint32_t typeIndex = 0;
  /// Mapped for the block's lifetime when the type is host-visible.
  unsigned char *mapped = nullptr;
  bool dedicated = false;
  /// Free ranges, offset -> size, coalesced.
  std::map<uint64_t, uint64_t> free;
  uint64_t used = 0;
};

/// A range of a block.
struct Allocation {
  MemoryBlock *block = nullptr;
  uint64_t offset = 0;
  uint64_t size = 0;
  /// The host address of the range, or null when the memory is not mapped.
  unsigned char *host() const {
    return block && block->mapped ? block->mapped + offset : nullptr;
  }
};

/// Every allocation of one device. Small buffers share blocks of
/// kBlockBytes (so 10,000 live buffers take a few VkDeviceMemory objects,
/// far below maxMemoryAllocationCount, 4096 on many GPUs); a buffer of a
/// quarter block or more gets its own.
class Allocator {
public:
  static constexpr uint64_t kBlockBytes = 64ull << 20;

  /// Memory for `req` of a type with every bit of `required`, preferring
  /// one that also has `preferred`. Fails with
  /// ACC_ERROR_OUT_OF_MEMORY when the driver has none left.
  Allocation allocate(struct Device &device, const VkMemoryRequirements &req,
                      VkMemoryPropertyFlags required,
                      VkMemoryPropertyFlags preferred, const char *what);
  void release(struct Device &device, const Allocation &allocation);
  /// Frees every block (after every allocation was released).
  void clear(struct Device &device);

private:
  std::mutex mutex;
  std::vector<std::unique_ptr<MemoryBlock>> blocks;
  /// Bytes of VkDeviceMemory allocated per heap.
  uint64_t heapUsed[VK_MAX_MEMORY_HEAPS] = {};
};

//===----------------------------------------------------------------------===//
// Objects behind the opaque handles
//===----------------------------------------------------------------------===//

/// One physical device with a compute queue, and (created on first use) its
/// logical device.
struct Device : plugin::Object<plugin::Kind::Device> {
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  acc_device_info_t info{};
  VkPhysicalDeviceProperties properties{};
  VkPhysicalDeviceMemoryProperties memory{};
  uint32_t queueFamily = 0;
  uint32_t queueCount = 1;
  uint32_t timestampValidBits = 0;
  /// maxMemoryAllocationCount, or ACC_VULKAN_MAX_ALLOCATIONS when lower
  /// (tests emulate a GPU's 4096 on lavapipe's 2^32).
  uint32_t maxAllocations = 4096;
  /// maxComputeWorkGroupCount: larger launches become several dispatches.
  uint32_t maxGroupCount[3] = {65535, 65535, 65535};
  uint32_t apiVersion = 0;

  /// The logical device and what hangs off it, created by the first object
  /// that needs it (listing devices creates none).
  std::mutex initMutex;
  std::atomic<bool> ready{false};
  VkDevice device = VK_NULL_HANDLE;
  DeviceApi vk;
  /// The device's VkQueues; submissions to one are serialised by its mutex
  /// (Vulkan requires external synchronisation).
  std::vector<VkQueue> queues;
  std::unique_ptr<std::mutex[]> queueMutexes;
  std::atomic<uint32_t> nextQueue{0};
  /// Bound to buffer arguments passed as NULL (Vulkan has no null
  /// descriptors without robustness2).
  VkBuffer nullBuffer = VK_NULL_HANDLE;
  Allocation nullMemory;
  Allocator allocator;
  /// The device's live queues (module_release finishes them).
  std::mutex liveMutex;
  std::vector<struct Queue *> liveQueues;
};

/// A buffer: its own VkBuffer over a range of a shared block. Sizes are
/// rounded up to 4 bytes (vkCmdFillBuffer's unit; a buffer of logical size
/// 0 still has 4 bytes to bind).
struct Buffer : plugin::Object<plugin::Kind::Buffer> {
  Device *device = nullptr;
  VkBuffer buffer = VK_NULL_HANDLE;
  Allocation memory;
  uint64_t size = 0;
};

/// One kernel of a module: its layouts and its pipelines, one per
/// specialisation (local size, local argument sizes).
struct Kernel : plugin::Object<plugin::Kind::Kernel> {
  struct Module *module = nullptr;
  std::string name;
  acc_kernel_flags_t flags = 0;
  using Arg = plugin::KernelArg;
  std::vector<Arg> args;
  uint32_t bufferCount = 0;
  acc_launch_vk_plan_t plan{};
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;

  /// What a pipeline is specialised for.
  using Specialization = plugin::Specialization;
  std::mutex pipelinesMutex;
  std::map<Specialization, VkPipeline> pipelines;
};

/// A shader module and its kernels.
struct Module : plugin::Object<plugin::Kind::Module> {
  Device *device = nullptr;
  VkShaderModule shader = VK_NULL_HANDLE;
  /// The module's pipelines' cache, loaded from and saved to the on-disk
  /// code cache (plugins/common CodeCache.h, subfolder "vulkan").
  VkPipelineCache cache = VK_NULL_HANDLE;
  plugin::CacheEntry entry;
  bool cacheHit = false;
  /// Pipelines created since the module was loaded, and their time.
  std::atomic<uint32_t> pipelinesCreated{0};
  std::atomic<uint64_t> pipelineMicros{0};
  std::vector<std::unique_ptr<Kernel>> kernels;
};

/// A queue's timeline semaphore, shared with its events and with the
/// batches of other queues that wait for them: an event stays usable after
/// its queue is released (docs/plugin-abi.md), so the semaphore lives until
/// its last user is gone.
struct Timeline {
  Device *device = nullptr;
  VkSemaphore semaphore = VK_NULL_HANDLE;
  Timeline(Device &device, VkSemaphore semaphore)
      : device(&device), semaphore(semaphore) {}
  ~Timeline() {
    device->vk.vkDestroySemaphore(device->device, semaphore, nullptr);
  }
  Timeline(const Timeline &) = delete;
  Timeline &operator=(const Timeline &) = delete;
};

/// Commands recorded into one command buffer and submitted together, and
/// what must live until the device has executed them.
struct Batch {
  VkCommandBuffer commands = VK_NULL_HANDLE;
  /// Descriptor pools for this batch's launches; sets come from the last.
  std::vector<VkDescriptorPool> pools;
  uint32_t setsLeft = 0;
  /// Pools of one set each, for kernels with many buffers.
  std::vector<VkDescriptorPool> largePools;
  /// Staging and uniform buffers of this batch's commands.
  std::vector<std::pair<VkBuffer, Allocation>> transient;
  /// Semaphore values the batch waits for (other queues' events).
  std::vector<std::pair<std::shared_ptr<Timeline>, uint64_t>> waits;
  uint32_t commandCount = 0;
  /// The timeline value the batch signals when it completes.
  uint64_t value = 0;
};

/// An acc queue: an in-order stream of batches on one of the device's
/// VkQueues, ordered by full barriers between commands, each batch
/// signalling the next value of the queue's timeline semaphore.
struct Queue : plugin::Object<plugin::Kind::Queue> {
  Device *device = nullptr;
  uint32_t vkQueueIndex = 0;
  /// Guards everything below: acc queues may be used from several threads.
  std::mutex mutex;
  VkCommandPool pool = VK_NULL_HANDLE;
  std::shared_ptr<Timeline> timeline;
  /// The last value a submitted batch signals.
  uint64_t submitted = 0;
  /// The batch being recorded (commands == VK_NULL_HANDLE: none yet).
  Batch open;
  /// Submitted batches not yet known to be complete, oldest first.
  std::deque<Batch> inflight;
  /// Completed batches' command buffers and descriptor pools, for reuse.
  std::vector<VkCommandBuffer> freeCommands;
  std::vector<VkDescriptorPool> freeDescriptorPools;
};

/// An event: a value of a queue's timeline semaphore, and with timing a
/// timestamp query written when the queue reached it.
struct Event : plugin::Object<plugin::Kind::Event> {
  Device *device = nullptr;
  acc_event_flags_t flags = 0;
  std::shared_ptr<Timeline> timeline;
  uint64_t value = 0;
  /// A query pool of its own (one query), when the event records time.
  VkQueryPool query = VK_NULL_HANDLE;
};

//===----------------------------------------------------------------------===//
// The backend interface (plugins/common/include/acc/plugin/Table.h)
//===----------------------------------------------------------------------===//

struct Backend
    : acc::plugin::BackendTypes<vulkan::Device, vulkan::Buffer, vulkan::Queue,
                                vulkan::Module, vulkan::Kernel, vulkan::Event> {
  static constexpr const char *kName = "vulkan";
  static constexpr const char *kVersion = "0.1.0";
  static constexpr uint32_t kLaunchAbiMax = ACC_LAUNCH_ABI_1;

  ACC_PLUGIN_REQUIRED_IMPLS // plugin.cpp, memory.cpp, module.cpp, queue.cpp
  static void kernelPropertiesImpl(Kernel &kernel,
                                   acc_kernel_properties_t &props);
  static void kernelPrepareImpl(Kernel &kernel,
                                const acc_plugin_launch_desc_t &desc);
  static void *bufferMapImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t size, acc_map_flags_t flags);
  static void bufferUnmapImpl(Queue &queue, Buffer &buffer, void *ptr);
};

/// plugin.cpp: the loader, the instance and the devices.
struct PluginState {
  plugin::Library library;
  InstanceApi api;
  VkInstance instance = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
  /// ACC_VULKAN_VALIDATION: the layer is on; `printf`: with debug printf
  /// (then devices report ACC_DEVICE_CAP_PRINTF).
  bool validation = false;
  bool debugPrintf = false;
  std::vector<std::unique_ptr<Device>> devices;
};
PluginState &state();

//===----------------------------------------------------------------------===//
// Helpers shared by the plugin's files
//===----------------------------------------------------------------------===//

/// device.cpp: every physical device with a compute queue. Fails with
/// ACC_ERROR_NO_DEVICE and the reason when there is none.
std::vector<std::unique_ptr<Device>> discoverDevices();
/// device.cpp: creates the logical device on first use; returns `device`.
Device &ready(Device &device);
/// device.cpp: destroys the logical device, if one was created.
void releaseDevice(Device &device);

/// memory.cpp: a VkBuffer of `size` bytes (a multiple of 4) with `usage`
/// over new memory of the given properties.
std::pair<VkBuffer, Allocation>
createBuffer(Device &device, uint64_t size, VkBufferUsageFlags usage,
             VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred,
             const char *what);
void destroyBuffer(Device &device, VkBuffer buffer,
                   const Allocation &memory);
/// memory.cpp: makes host writes to `a` visible to the device and device
/// writes visible to the host, for memory that is not host-coherent.
void flushHostWrites(Device &device, const Allocation &a);
void invalidateForHost(Device &device, const Allocation &a);

/// module.cpp: the pipeline of `kernel` for `spec`, created on first use.
VkPipeline pipelineFor(Kernel &kernel, const Kernel::Specialization &spec);
/// module.cpp: destroys a kernel's pipelines and layouts.
void destroyKernel(Device &device, Kernel &kernel);

/// queue.cpp: the open batch of `queue` (caller holds queue.mutex), begun
/// if needed, after a full barrier from the commands before it.
Batch &beginCommand(Queue &queue);
/// queue.cpp: submits the open batch, if it has commands (queue.mutex held).
void flush(Queue &queue);
/// queue.cpp: waits until the queue's timeline reaches `value` and retires
/// the batches up to it (queue.mutex held).
void waitFor(Queue &queue, uint64_t value);

} // namespace vulkan
} // namespace acc

#endif // ACC_PLUGINS_VULKAN_VULKAN_PLUGIN_H
