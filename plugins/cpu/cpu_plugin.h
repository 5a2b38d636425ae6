//===- cpu_plugin.h - Private declarations of the cpu backend plugin ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The cpu plugin runs acc-cc's CPU code objects (ELF shared objects following
// acc/acc_cpu_abi.h) on acc's own thread pool. This header is shared by the
// plugin's translation units only; nothing here is part of any ABI.
//
// Error handling: internal functions throw acc::cpu::Error; every ABI entry
// point runs its body through guard() (status.cpp), which turns exceptions
// into an acc_result_t plus host->set_error(). No exception leaves the plugin.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_CPU_CPU_PLUGIN_H
#define ACC_PLUGINS_CPU_CPU_PLUGIN_H

#include "acc/acc_cpu_abi.h"
#include "acc/acc_plugin.h"

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

//===----------------------------------------------------------------------===//
// Errors and logging (status.cpp)
//===----------------------------------------------------------------------===//

/// An internal failure on its way to the ABI boundary.
struct Error {
  acc_result_t code;
  std::string message;
};

/// Throws Error{code, message}. Marked noreturn so callers need no dummy
/// return after it.
[[noreturn]] void fail(acc_result_t code, std::string message);

/// Records `message` as the calling thread's last error through the host and
/// logs it at debug level; returns `code` so callers can `return report(...)`.
acc_result_t report(acc_result_t code, const std::string &message);

/// Writes a line to the runtime's log (no-op before init()).
void log(acc_log_level_t level, const std::string &message);

/// Human-readable byte count ("1.5 GiB").
std::string formatBytes(uint64_t bytes);

/// Runs `body` (returning void) and converts every exception into an
/// acc_result_t reported through the host. `entry` names the ABI function
/// for messages about unexpected exceptions.
template <typename Fn> acc_result_t guard(const char *entry, Fn &&body);

//===----------------------------------------------------------------------===//
// Objects behind the opaque handles
//===----------------------------------------------------------------------===//

/// Tags stored first in every object so a stale or foreign handle is caught
/// cheaply (defensive: the runtime is expected to pass valid handles).
enum class Tag : uint32_t {
  Device = 0x41434344,  // "ACCD"
  Buffer = 0x41434342,  // "ACCB"
  Queue = 0x41434351,   // "ACCQ"
  Module = 0x4143434d,  // "ACCM"
  Kernel = 0x4143434b,  // "ACCK"
  Event = 0x41434345,   // "ACCE"
  Dead = 0xdeadacc0,
};

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
struct Device {
  Tag tag = Tag::Device;
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
struct Buffer {
  Tag tag = Tag::Buffer;
  Device *device = nullptr;
  void *data = nullptr;
  uint64_t size = 0;
  acc_buffer_flags_t flags = 0;
};

/// Copied metadata of one kernel plus its entry point.
struct Kernel {
  Tag tag = Tag::Kernel;
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
struct Module {
  Tag tag = Tag::Module;
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
struct Event {
  Tag tag = Tag::Event;
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
struct Queue {
  Tag tag = Tag::Queue;
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
// Plugin-wide state (plugin.cpp)
//===----------------------------------------------------------------------===//

/// Everything the plugin owns between init() and shutdown().
struct PluginState {
  /// Copy of the host services (up to the struct size the host gave).
  acc_plugin_host_v1_t host{};
  bool initialized = false;
  std::unique_ptr<Device> device;

  /// Live objects, so shutdown() can release what the runtime leaked.
  std::mutex objectsMutex;
  std::unordered_set<Buffer *> buffers;
  std::unordered_set<Queue *> queues;
  std::unordered_set<Module *> modules;
  std::unordered_set<Event *> events;
};

/// The one instance.
PluginState &state();

//===----------------------------------------------------------------------===//
// Handle checks
//===----------------------------------------------------------------------===//

Device *toDevice(acc_plugin_device_t handle);
Buffer *toBuffer(acc_plugin_buffer_t handle);
Queue *toQueue(acc_plugin_queue_t handle);
Module *toModule(acc_plugin_module_t handle);
Kernel *toKernel(acc_plugin_kernel_t handle);
Event *toEvent(acc_plugin_event_t handle);

//===----------------------------------------------------------------------===//
// Implementation entry points used by plugin.cpp's table
//===----------------------------------------------------------------------===//

/// device.cpp: fills the Device from /proc/cpuinfo, sysconf and affinity.
std::unique_ptr<Device> createHostDevice();
/// device.cpp: participants the pool uses (ACC_CPU_THREADS overrides).
unsigned poolThreadCount(const Device &device);

/// memory.cpp
Buffer *createBuffer(Device &device, uint64_t size, acc_buffer_flags_t flags);
void destroyBuffer(Buffer *buffer);
/// Fails unless [offset, offset + size) lies inside the buffer; `what`
/// names the entry for the message.
void checkRange(const Buffer &buffer, uint64_t offset, uint64_t size,
                const char *what);
/// The check* functions throw what the matching operation would, so that
/// queued commands are checked when they are submitted.
void checkWrite(const Buffer &buffer, uint64_t offset, uint64_t size,
                const void *src);
void checkRead(const Buffer &buffer, uint64_t offset, uint64_t size,
               const void *dst);
void checkCopy(const Buffer &src, uint64_t srcOffset, const Buffer &dst,
               uint64_t dstOffset, uint64_t size);
void checkFill(const Buffer &buffer, uint64_t offset, uint64_t size,
               const void *pattern, uint32_t patternSize);
void writeBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                 const void *src);
void readBuffer(Buffer &buffer, uint64_t offset, uint64_t size, void *dst);
void copyBuffer(Buffer &src, uint64_t srcOffset, Buffer &dst,
                uint64_t dstOffset, uint64_t size);
void fillBuffer(Buffer &buffer, uint64_t offset, uint64_t size,
                const void *pattern, uint32_t patternSize);

/// module.cpp
Module *createModule(Device &device, const acc_plugin_module_desc_t &desc);
void destroyModule(Module *module);
Kernel *findKernel(Module &module, const char *name);

/// queue.cpp: every command goes through the queue, which keeps them in
/// order (see queue.cpp for the execution model).
Queue *createQueue(Device &device);
void destroyQueue(Queue *queue);
void finishQueue(Queue &queue);
/// Finishes every queue of the plugin (before a module is unloaded).
void finishAllQueues();
void enqueueWrite(Queue &queue, Buffer &buffer, uint64_t offset,
                  uint64_t size, const void *src, bool blocking);
void enqueueRead(Queue &queue, Buffer &buffer, uint64_t offset, uint64_t size,
                 void *dst, bool blocking);
void enqueueCopy(Queue &queue, Buffer &src, uint64_t srcOffset, Buffer &dst,
                 uint64_t dstOffset, uint64_t size);
void enqueueFill(Queue &queue, Buffer &buffer, uint64_t offset, uint64_t size,
                 const void *pattern, uint32_t patternSize);
void enqueueLaunch(Queue &queue, Kernel &kernel,
                   const acc_plugin_launch_desc_t &desc);
/// Appends a command to the queue (its arguments already checked).
void enqueueCommand(Queue &queue, CommandPtr command);
/// Events (queue.cpp).
Event *recordEvent(Queue &queue, acc_event_flags_t flags);
void enqueueWaitEvent(Queue &queue, Event &event);
/// Blocks until the event completes; throws the error it carries.
void waitEvent(Event &event);
/// ACC_SUCCESS, ACC_ERROR_NOT_READY, or throws the error it carries.
acc_result_t queryEvent(Event &event);
uint64_t eventElapsedNs(Event &start, Event &end);
void destroyEvent(Event *event);

/// ops.cpp: the library operations (acc_matmul_f32 through oneDNN).
extern const acc_plugin_ops_v1_t kOps;

//===----------------------------------------------------------------------===//
// guard() implementation
//===----------------------------------------------------------------------===//

/// Reports an exception caught at the ABI boundary (status.cpp). Must be
/// called from inside a catch block.
acc_result_t reportCurrentException(const char *entry);

template <typename Fn> acc_result_t guard(const char *entry, Fn &&body) {
  try {
    body();
    return ACC_SUCCESS;
  } catch (...) {
    return reportCurrentException(entry);
  }
}

} // namespace cpu
} // namespace acc

#endif // ACC_PLUGINS_CPU_CPU_PLUGIN_H
