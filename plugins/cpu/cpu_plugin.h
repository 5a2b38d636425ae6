//===- cpu_plugin.h - Private declarations of the cpu backend plugin ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The cpu plugin runs acc-cc's CPU code objects (ELF shared objects following
// acc/acc_cpu_abi.h) on acc's own thread pool. This header is shared by the
// plugin's translation units only; nothing here is part of any ABI.
//
// The ABI boundary (entry table, exception guard, handle checks, the
// registry of live objects) is plugins/common's: this plugin implements the
// Backend functions below. Internal functions throw through fail(); the
// generated entries turn that into an acc_result_t and a message.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_CPU_CPU_PLUGIN_H
#define ACC_PLUGINS_CPU_CPU_PLUGIN_H

#include "acc/acc_cpu_abi.h"
#include "acc/acc_plugin.h"
#include "acc/plugin/Handles.h"
#include "acc/plugin/Status.h"
#include "acc/plugin/Table.h"

#include "thread_pool.h"

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace acc {
namespace cpu {

// Errors, logging and the ABI boundary come from plugins/common.
using plugin::Error;
using plugin::fail;
using plugin::formatBytes;
using plugin::guard;
using plugin::log;
using plugin::report;

//===----------------------------------------------------------------------===//
// Objects behind the opaque handles
//===----------------------------------------------------------------------===//

/// Per-participant state used by one launch at a time. Slot 0 belongs to
/// the submitting thread, slot i > 0 to pool worker i. Everything only
/// grows, so steady-state launches do not allocate.
struct WorkerScratch {
  /// The args array handed to the kernel when it has local arguments (each
  /// participant then needs its own local allocations).
  std::vector<void *> args;
  /// Slots that args[i] points to for local arguments: the address of this
  /// participant's local allocation for argument i.
  std::vector<void *> localPointers;
  /// Backing store for every local argument of one work-group.
  void *localMemory = nullptr;
  size_t localCapacity = 0;

  WorkerScratch() = default;
  WorkerScratch(const WorkerScratch &) = delete;
  WorkerScratch &operator=(const WorkerScratch &) = delete;
  ~WorkerScratch();

  /// Makes localMemory hold at least `bytes` bytes (64-byte aligned).
  void reserveLocal(size_t bytes);
};

/// The single device of this plugin: the host CPU.
struct Device : plugin::Object<plugin::Kind::Device> {
  acc_device_info_t info{};

  /// Serialises launches: the pool runs one launch at a time and the
  /// scratch below belongs to that launch. Queues on other threads that
  /// launch at the same moment wait here (they would compete for the same
  /// cores anyway).
  std::mutex launchMutex;
  /// Created at the first launch, so listing devices starts no threads.
  std::unique_ptr<ThreadPool> pool;
  /// One per pool participant.
  std::vector<std::unique_ptr<WorkerScratch>> scratch;
  /// The args array and the values it points to, shared by every
  /// participant when the kernel has no local arguments.
  std::vector<void *> sharedArgs;
  std::vector<void *> bufferValues;
  std::vector<unsigned char> scalarBytes;
};

/// A buffer: cache-line aligned host memory.
struct Buffer : plugin::Object<plugin::Kind::Buffer> {
  Device *device = nullptr;
  void *data = nullptr;
  uint64_t size = 0;
  acc_buffer_flags_t flags = 0;
};

/// Copied metadata of one kernel plus its entry point.
struct Kernel : plugin::Object<plugin::Kind::Kernel> {
  struct Module *module = nullptr;
  std::string name;
  acc_kernel_flags_t flags = 0;
  uint32_t requiredLocalSize[3] = {0, 0, 0};
  /// Kind and size per argument; the names are not needed to launch.
  std::vector<acc_arg_kind_t> argKinds;
  std::vector<uint32_t> argSizes;
  acc_cpu_kernel_fn_t entry = nullptr;
};

/// A loaded code object.
struct Module : plugin::Object<plugin::Kind::Module> {
  Device *device = nullptr;
  void *handle = nullptr;
  /// The memfd the object was loaded from, kept open while it is loaded:
  /// glibc recognises an already loaded object by its path, so the path
  /// "/proc/self/fd/N" must not be reused by another module meanwhile.
  int fd = -1;
  std::vector<std::unique_ptr<Kernel>> kernels;
};

/// What an event's marker knows once it has run. Shared between the
/// event handle and the queue command that completes it, so either may go
/// first.
struct EventState {
  std::mutex mutex;
  std::condition_variable completed;
  bool done = false;
  /// The first error of a command the event covers (ACC_SUCCESS if none).
  acc_result_t error = ACC_SUCCESS;
  std::string message;
  /// steady_clock time of completion, in nanoseconds (ACC_EVENT_TIMING).
  uint64_t timestampNs = 0;
};

/// An event handle (queue_record_event()).
struct Event : plugin::Object<plugin::Kind::Event> {
  Device *device = nullptr;
  acc_event_flags_t flags = 0;
  std::shared_ptr<EventState> state;
};

/// One queued command.
struct Command {
  virtual ~Command() = default;
  virtual void run() = 0;
  /// Called when the queue is done with the command. A command type that is
  /// recycled (launches, so that a launch allocates nothing) overrides it.
  virtual void release() { delete this; }
};

struct CommandRelease {
  void operator()(Command *command) const { command->release(); }
};
using CommandPtr = std::unique_ptr<Command, CommandRelease>;

/// A FIFO of commands in a ring that only grows: pushing and popping
/// allocate nothing once it has held as many commands as it will (a
/// std::deque allocates a block every few dozen pushes).
class CommandRing {
public:
  bool empty() const { return count == 0; }
  void push(CommandPtr command) {
    if (count == slots.size())
      grow();
    slots[(head + count) & (slots.size() - 1)] = std::move(command);
    ++count;
  }
  /// Makes room for `capacity` commands (rounded up to a power of two).
  void reserve(size_t capacity) {
    while (slots.size() < capacity)
      grow();
  }
  CommandPtr pop() {
    CommandPtr command = std::move(slots[head]);
    head = (head + 1) & (slots.size() - 1);
    --count;
    return command;
  }

private:
  void grow() {
    std::vector<CommandPtr> bigger(slots.empty() ? 16 : slots.size() * 2);
    for (size_t i = 0; i < count; ++i)
      bigger[i] = std::move(slots[(head + i) & (slots.size() - 1)]);
    slots = std::move(bigger);
    head = 0;
  }
  std::vector<CommandPtr> slots; // size is 0 or a power of two
  size_t head = 0, count = 0;
};

struct LaunchCommand;

/// An in-order queue served by its own thread (see queue.cpp).
struct Queue : plugin::Object<plugin::Kind::Queue> {
  Device *device = nullptr;

  /// Protects everything below.
  std::mutex mutex;
  /// Signalled when a command is queued or the queue stops.
  std::condition_variable wake;
  /// Signalled whenever a command finishes.
  std::condition_variable progress;
  CommandRing pending;
  /// A command is executing (on the queue thread or inline).
  bool busy = false;
  bool stopping = false;
  /// Commands finished so far; a blocking submission waits for its number.
  uint64_t finished = 0;
  uint64_t submitted = 0;
  /// The first error met while executing since the last queue_finish();
  /// reported by queue_finish() and by events recorded after it.
  acc_result_t error = ACC_SUCCESS;
  std::string errorMessage;
  std::thread worker;

  /// Launch commands done with, for the next launches to reuse (with their
  /// argument storage). Own lock: a command is released without `mutex`.
  std::mutex spareMutex;
  std::vector<LaunchCommand *> spareLaunches;
  /// Launch commands this queue has created (queue.cpp's
  /// kLaunchesInFlight once it has launched).
  size_t launchCommands = 0;
};

//===----------------------------------------------------------------------===//
// The backend interface (plugins/common/include/acc/plugin/Table.h)
//===----------------------------------------------------------------------===//

/// The cpu backend as plugins/common sees it: every entry of the ABI is
/// generated from these functions (ACC_PLUGIN_ENTRY in plugin.cpp).
struct Backend
    : acc::plugin::BackendTypes<cpu::Device, cpu::Buffer, cpu::Queue,
                                cpu::Module, cpu::Kernel, cpu::Event> {
  static constexpr const char *kName = "cpu";
  static constexpr const char *kVersion = "0.2.0";
  static constexpr uint32_t kLaunchAbiMax = 0;

  ACC_PLUGIN_REQUIRED_IMPLS // plugin.cpp, memory.cpp, module.cpp, queue.cpp
  // Optional entries: plugin.cpp, and ops.cpp for the library operations
  // (acc_matmul_f32 through oneDNN).
  static void kernelPropertiesImpl(Kernel &kernel,
                                   acc_kernel_properties_t &props);
  static void *bufferMapImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                             uint64_t size, acc_map_flags_t flags);
  static void bufferUnmapImpl(Queue &queue, Buffer &buffer, void *ptr);
  static const acc_plugin_ops_v1_t *opsImpl();
};

//===----------------------------------------------------------------------===//
// Helpers shared by the plugin's files
//===----------------------------------------------------------------------===//

/// device.cpp: fills the Device from /proc/cpuinfo, sysconf and affinity.
std::unique_ptr<Device> createHostDevice();
/// device.cpp: participants the pool uses (ACC_CPU_THREADS overrides).
unsigned poolThreadCount(const Device &device);

void writeBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                 const void *src);
void readBuffer(Buffer &buffer, uint64_t offset, uint64_t size, void *dst);
void copyBuffer(Buffer &src, uint64_t srcOffset, Buffer &dst,
                uint64_t dstOffset, uint64_t size);
void fillBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                const void *pattern, uint32_t patternSize);

/// queue.cpp: finishes every queue of the plugin (before a module is
/// unloaded).
void finishAllQueues();
/// Appends a command to the queue (its arguments already checked).
void enqueueCommand(Queue &queue, CommandPtr command);

} // namespace cpu
} // namespace acc

#endif // ACC_PLUGINS_CPU_CPU_PLUGIN_H
