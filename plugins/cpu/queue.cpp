//===- queue.cpp - In-order queues and kernel launches of the cpu plugin --===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Execution model: each queue has its own thread that executes the queue's
// commands one after another, in submission order. Submitting a command
// (write, read, copy, fill, launch, marker, wait) copies what the command
// needs, because the ABI lends arguments only for the call, appends it to
// the queue's list and returns. A blocking read or write waits for its own
// command; when the queue is idle it runs on the calling thread instead,
// which saves two thread switches for the common "write, launch, read"
// pattern. Launches from different queues are serialised on the device's
// launch mutex, because each one already uses every core.
//
// Errors: arguments are checked at submission and reported by the call. A
// command that fails while executing (out of memory for local arguments)
// leaves its error on the queue; queue_finish() reports and clears it, and
// every event recorded after it carries it.
//
// Events: a marker command stamps the time and marks an EventState done;
// a wait command blocks the queue's thread until an EventState is done.
// Cycles cannot happen: an event exists only once its marker is queued, so
// a queue can only wait for work submitted before the wait.
//
// Launch: validate the range and arguments (the runtime has done so already;
// this is the reference backend, so it checks again and says what is
// wrong), build the args array once, and hand the work-groups to the thread
// pool in chunks. Every work-group runs as one call of the kernel's
// work-group function.
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include "acc/plugin/Table.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <system_error>
#include <thread>

using namespace acc::cpu;

namespace {

/// Alignment of each local-memory argument: enough for any OpenCL type
/// (double16 is 128 bytes).
constexpr size_t kLocalArgAlignment = 128;

/// Alignment of each copied scalar argument (vector types up to 64 bytes).
constexpr size_t kScalarAlignment = 64;

/// Launch commands a queue keeps (its bound on launches waiting to run).
constexpr size_t kLaunchesInFlight = 64;

constexpr size_t alignUp(size_t value, size_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

template <typename Fn> struct FnCommand final : Command {
  Fn fn;
  explicit FnCommand(Fn f) : fn(std::move(f)) {}
  void run() override { fn(); }
};

/// Records the first execution error of `queue`. Called with its mutex held.
void noteError(Queue &queue, acc_result_t code, std::string message) {
  if (queue.error != ACC_SUCCESS)
    return;
  queue.error = code;
  queue.errorMessage = std::move(message);
}

/// Runs one command, turning its failure into the queue's error.
void execute(Queue &queue, Command &command) {
  acc_result_t code = ACC_SUCCESS;
  std::string message;
  try {
    command.run();
  } catch (const Error &e) {
    code = e.code;
    message = e.message;
  } catch (const std::bad_alloc &) {
    code = ACC_ERROR_OUT_OF_MEMORY;
    message = "out of host memory while executing a command";
  } catch (...) {
    code = ACC_ERROR_INTERNAL;
    message = "unexpected exception while executing a command";
  }
  if (code != ACC_SUCCESS) {
    std::lock_guard<std::mutex> lock(queue.mutex);
    noteError(queue, code, std::move(message));
  }
}

/// The queue's thread: executes commands until the queue stops.
void serveQueue(Queue *queue) {
  std::unique_lock<std::mutex> lock(queue->mutex);
  for (;;) {
    queue->wake.wait(lock, [&] {
      return queue->stopping || (!queue->pending.empty() && !queue->busy);
    });
    if (queue->pending.empty())
      return; // stopping, and nothing left
    CommandPtr command = queue->pending.pop();
    queue->busy = true;
    lock.unlock();
    execute(*queue, *command);
    command.reset();
    lock.lock();
    queue->busy = false;
    ++queue->finished;
    queue->progress.notify_all();
  }
}

/// Appends `fn` as the queue's next command and returns without waiting.
template <typename Fn> void submit(Queue &queue, Fn fn) {
  CommandPtr command(new FnCommand<Fn>(std::move(fn)));
  std::lock_guard<std::mutex> lock(queue.mutex);
  queue.pending.push(std::move(command));
  ++queue.submitted;
  queue.wake.notify_one();
}

/// Runs `fn` as the queue's next command and waits for it; its errors are
/// thrown to the caller.
template <typename Fn> void submitAndWait(Queue &queue, Fn fn) {
  std::unique_lock<std::mutex> lock(queue.mutex);
  if (queue.pending.empty() && !queue.busy) {
    // Idle: run here, keeping the queue thread out meanwhile.
    queue.busy = true;
    ++queue.submitted;
    lock.unlock();
    struct Done {
      Queue &queue;
      ~Done() {
        std::lock_guard<std::mutex> relock(queue.mutex);
        queue.busy = false;
        ++queue.finished;
        queue.progress.notify_all();
        queue.wake.notify_one();
      }
    } done{queue};
    fn();
    return;
  }
  std::exception_ptr failure;
  auto wrapped = [&] {
    try {
      fn();
    } catch (...) {
      failure = std::current_exception();
    }
  };
  queue.pending.push(
      CommandPtr(new FnCommand<decltype(wrapped)>(std::move(wrapped))));
  uint64_t ticket = ++queue.submitted;
  queue.wake.notify_one();
  queue.progress.wait(lock, [&] { return queue.finished >= ticket; });
  if (failure)
    std::rethrow_exception(failure);
}

/// What every participant of one launch reads.
struct LaunchContext {
  acc_cpu_kernel_fn_t entry = nullptr;
  /// The fields that are the same for every group; group_id and local_size
  /// are filled in per group.
  acc_cpu_workgroup_t base{};
  /// Size of the last group in each dimension (smaller when the range is
  /// not a multiple of the local size).
  uint64_t lastLocalSize[3] = {1, 1, 1};
  /// Args array shared by every participant, or NULL when each uses its own
  /// (kernels with local arguments).
  void *const *sharedArgs = nullptr;
  std::unique_ptr<WorkerScratch> *scratch = nullptr;
};

/// ThreadPool task: runs work-groups [begin, end) in row-major order of
/// group ids (dimension 0 fastest).
void runGroups(void *opaque, uint64_t begin, uint64_t end, unsigned slot) {
  const LaunchContext &ctx = *static_cast<const LaunchContext *>(opaque);
  acc_cpu_workgroup_t group = ctx.base;
  // Per-participant arguments when the kernel has local ones; the shared
  // list otherwise (which is empty, and may be null, without arguments).
  void *const *args =
      ctx.scratch ? ctx.scratch[slot]->args.data() : ctx.sharedArgs;
  for (uint64_t flat = begin; flat < end; ++flat) {
    uint64_t rest = flat;
    for (int d = 0; d < 3; ++d) {
      uint64_t groups = ctx.base.num_groups[d];
      uint64_t id = rest % groups;
      rest /= groups;
      group.group_id[d] = id;
      group.local_size[d] = id + 1 == groups
                                ? ctx.lastLocalSize[d]
                                : ctx.base.enqueued_local_size[d];
    }
    ctx.entry(&group, args);
  }
}

/// The one launch limit only this plugin knows: each local argument starts
/// on a kLocalArgAlignment boundary of the group's local memory, so the
/// padding counts against the device's local memory too. The runtime has
/// checked everything else (docs/plugin-abi.md, "Valid usage").
void checkLocalMemory(const Device &device, const Kernel &kernel,
                      const acc_plugin_launch_desc_t &desc) {
  uint64_t localBytes = 0;
  for (uint32_t i = 0; i < desc.arg_count; ++i)
    if (desc.args[i].kind == ACC_ARG_KIND_LOCAL)
      localBytes += alignUp(desc.args[i].size, kLocalArgAlignment);
  if (localBytes > device.info.local_memory_size)
    fail(ACC_ERROR_INVALID_LAUNCH,
         "launch of '" + kernel.name + "': local arguments need " +
             formatBytes(localBytes) + " with each aligned to " +
             std::to_string(kLocalArgAlignment) + " bytes, the device has " +
             formatBytes(device.info.local_memory_size));
}

/// Runs a validated launch on the device's pool. Called with the queue's
/// mutex held.
void executeLaunch(Device &device, const Kernel &kernel,
                   const acc_plugin_launch_desc_t &desc) {
  std::lock_guard<std::mutex> lock(device.launchMutex);
  if (!device.pool) {
    unsigned participants = poolThreadCount(device);
    device.scratch.clear();
    for (unsigned slot = 0; slot < participants; ++slot)
      device.scratch.push_back(std::make_unique<WorkerScratch>());
    device.pool = std::make_unique<ThreadPool>(participants);
    log(ACC_LOG_LEVEL_INFO,
        "thread pool started with " + std::to_string(participants) +
            " threads");
  }

  LaunchContext ctx;
  ctx.entry = kernel.entry;
  acc_cpu_workgroup_t &base = ctx.base;
  base.work_dim = desc.work_dim;
  uint64_t totalGroups = 1;
  for (uint32_t d = 0; d < 3; ++d) {
    bool used = d < desc.work_dim;
    uint64_t global = used ? desc.global_size[d] : 1;
    uint64_t local = used ? desc.local_size[d] : 1;
    base.global_size[d] = global;
    base.global_offset[d] = used ? desc.global_offset[d] : 0;
    base.enqueued_local_size[d] = local;
    base.num_groups[d] = (global + local - 1) / local;
    base.group_id[d] = 0;
    base.local_size[d] = local;
    ctx.lastLocalSize[d] = global - (base.num_groups[d] - 1) * local;
    totalGroups *= base.num_groups[d];
  }

  // Argument values. Buffer and scalar values are shared by everyone; each
  // participant gets its own local allocations.
  const uint32_t count = desc.arg_count;
  size_t scalarTotal = 0, localTotal = 0;
  bool hasLocal = false;
  for (uint32_t i = 0; i < count; ++i) {
    const acc_plugin_arg_t &arg = desc.args[i];
    if (arg.kind == ACC_ARG_KIND_SCALAR)
      scalarTotal = alignUp(scalarTotal, kScalarAlignment) + arg.size;
    else if (arg.kind == ACC_ARG_KIND_LOCAL) {
      localTotal = alignUp(localTotal, kLocalArgAlignment) + arg.size;
      hasLocal = true;
    }
  }
  device.sharedArgs.resize(count);
  device.bufferValues.resize(count);
  device.scalarBytes.resize(scalarTotal + kScalarAlignment);
  auto scalarBase = reinterpret_cast<uintptr_t>(device.scalarBytes.data());
  unsigned char *scalars = device.scalarBytes.data() +
                           (alignUp(scalarBase, kScalarAlignment) - scalarBase);

  size_t scalarOffset = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const acc_plugin_arg_t &arg = desc.args[i];
    if (arg.kind == ACC_ARG_KIND_BUFFER) {
      device.bufferValues[i] =
          arg.u.buffer ? reinterpret_cast<Buffer *>(arg.u.buffer)->data
                       : nullptr;
      device.sharedArgs[i] = &device.bufferValues[i];
    } else if (arg.kind == ACC_ARG_KIND_SCALAR) {
      scalarOffset = alignUp(scalarOffset, kScalarAlignment);
      std::memcpy(scalars + scalarOffset, arg.u.value, arg.size);
      device.sharedArgs[i] = scalars + scalarOffset;
      scalarOffset += arg.size;
    } else {
      device.sharedArgs[i] = nullptr; // Per participant, below.
    }
  }

  const unsigned participants = device.pool->size();
  if (hasLocal) {
    for (unsigned slot = 0; slot < participants; ++slot) {
      WorkerScratch &scratch = *device.scratch[slot];
      scratch.reserveLocal(localTotal);
      scratch.args.assign(device.sharedArgs.begin(), device.sharedArgs.end());
      scratch.localPointers.resize(count);
      size_t localOffset = 0;
      for (uint32_t i = 0; i < count; ++i) {
        if (desc.args[i].kind != ACC_ARG_KIND_LOCAL)
          continue;
        localOffset = alignUp(localOffset, kLocalArgAlignment);
        scratch.localPointers[i] =
            static_cast<char *>(scratch.localMemory) + localOffset;
        scratch.args[i] = &scratch.localPointers[i];
        localOffset += desc.args[i].size;
      }
    }
    ctx.scratch = device.scratch.data();
  } else {
    ctx.sharedArgs = device.sharedArgs.data();
  }

  // About eight chunks per participant: enough to balance groups of uneven
  // cost, few enough that the shared counter is not contended.
  uint64_t chunk = std::max<uint64_t>(
      1, totalGroups / (static_cast<uint64_t>(participants) * 8));
  device.pool->run(runGroups, &ctx, totalGroups, chunk);
  // A kernel's printf writes through the C library's buffer; make it
  // visible when the launch completes, as OpenCL does at the latest when
  // the command finishes (a no-op when nothing was printed).
  std::fflush(stdout);
}

} // namespace

/// A launch with its own copy of the descriptor, the argument array and the
/// scalar values, which the ABI lends only for the call. Recycled through
/// the queue's spare list, so that its vectors keep their capacity and a
/// steady stream of launches allocates nothing.
struct acc::cpu::LaunchCommand final : Command {
  Queue *queue = nullptr;
  Device *device = nullptr;
  Kernel *kernel = nullptr;
  acc_plugin_launch_desc_t desc{};
  /// The copied arguments and scalar values: inline up to these sizes, so
  /// that every recycled command can take any usual launch; beyond them in
  /// the vectors, which keep their capacity.
  static constexpr size_t kInlineArgs = 16;
  static constexpr size_t kInlineScalarBytes = 512;
  /// Scalars are only copied here (executeLaunch aligns them for the
  /// kernel), so this alignment suffices.
  static constexpr size_t kCopyAlignment = 16;
  acc_plugin_arg_t inlineArgs[kInlineArgs];
  alignas(kCopyAlignment) unsigned char inlineScalars[kInlineScalarBytes];
  std::vector<acc_plugin_arg_t> moreArgs;
  std::vector<unsigned char> moreScalars;

  void run() override { executeLaunch(*device, *kernel, desc); }
  void release() override {
    std::lock_guard<std::mutex> lock(queue->spareMutex);
    queue->spareLaunches.push_back(this);
  }
};

WorkerScratch::~WorkerScratch() { std::free(localMemory); }

void WorkerScratch::reserveLocal(size_t bytes) {
  if (bytes <= localCapacity)
    return;
  void *memory = nullptr;
  if (posix_memalign(&memory, kLocalArgAlignment,
                     alignUp(bytes, kLocalArgAlignment)) != 0)
    fail(ACC_ERROR_OUT_OF_MEMORY,
         "cannot allocate " + formatBytes(bytes) + " of local memory");
  std::free(localMemory);
  localMemory = memory;
  localCapacity = bytes;
}

Queue *Backend::queueCreateImpl(Device &device) {
  auto queue = std::make_unique<Queue>();
  queue->device = &device;
  try {
    queue->worker = std::thread(serveQueue, queue.get());
  } catch (const std::system_error &e) {
    fail(ACC_ERROR_OUT_OF_MEMORY,
         std::string("cannot start the queue's thread: ") + e.what());
  }
  return queue.release();
}

void Backend::queueReleaseImpl(Queue *queue) {
  {
    std::lock_guard<std::mutex> lock(queue->mutex);
    queue->stopping = true;
    queue->wake.notify_one();
  }
  // The thread drains what is queued before it returns.
  if (queue->worker.joinable())
    queue->worker.join();
  for (LaunchCommand *spare : queue->spareLaunches)
    delete spare;
  queue->spareLaunches.clear();
  delete queue;
}

namespace {

/// Runs the queue's next command on the calling thread, or waits until a
/// command finishes when the queue's thread is running one. Returns at once
/// when the queue is idle: a caller must re-check its own condition, since
/// no command is left to notify `progress` (waiting then would never end:
/// takeLaunch() looks at the spare list before it takes queue.mutex, and
/// every command in flight may finish in between). `lock` holds
/// queue.mutex, and holds it again on return.
void runOrWaitOne(Queue &queue, std::unique_lock<std::mutex> &lock) {
  if (queue.busy) {
    queue.progress.wait(lock);
    return;
  }
  if (queue.pending.empty())
    return;
  CommandPtr command = queue.pending.pop();
  queue.busy = true;
  lock.unlock();
  execute(queue, *command);
  command.reset();
  lock.lock();
  queue.busy = false;
  ++queue.finished;
  queue.progress.notify_all();
  // Commands queued meanwhile by other threads: the queue's thread saw
  // `busy` and went back to sleep.
  if (!queue.pending.empty())
    queue.wake.notify_one();
}

} // namespace

void Backend::queueFinishImpl(Queue &queue) {
  std::unique_lock<std::mutex> lock(queue.mutex);
  uint64_t ticket = queue.submitted;
  // The caller would only wait: it runs the pending commands itself, in
  // order, whenever the queue's thread is not running one. A launch
  // followed by a finish then costs no hand-off between threads (waking
  // the queue's thread and being woken back takes tens of microseconds).
  while (queue.finished < ticket)
    runOrWaitOne(queue, lock);
  if (queue.error != ACC_SUCCESS) {
    acc_result_t code = queue.error;
    std::string message = std::move(queue.errorMessage);
    queue.error = ACC_SUCCESS;
    queue.errorMessage.clear();
    lock.unlock();
    fail(code, message);
  }
}

void acc::cpu::finishAllQueues() {
  acc::plugin::Live<Backend> &live = acc::plugin::Live<Backend>::get();
  std::lock_guard<std::mutex> lock(live.mutex);
  for (Queue *queue : live.queues) {
    std::unique_lock<std::mutex> queueLock(queue->mutex);
    uint64_t ticket = queue->submitted;
    queue->progress.wait(queueLock,
                         [&] { return queue->finished >= ticket; });
  }
}

void Backend::bufferWriteImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                            uint64_t size, const void *src, bool blocking) {
  Buffer *dst = &buffer;
  auto command = [=] { writeBuffer(*dst, offset, size, src); };
  if (blocking)
    submitAndWait(queue, command);
  else
    submit(queue, command);
}

void Backend::bufferReadImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                           uint64_t size, void *dst, bool blocking) {
  Buffer *src = &buffer;
  auto command = [=] { readBuffer(*src, offset, size, dst); };
  if (blocking)
    submitAndWait(queue, command);
  else
    submit(queue, command);
}

void Backend::bufferCopyImpl(Queue &queue, Buffer &src, uint64_t srcOffset,
                           Buffer &dst, uint64_t dstOffset, uint64_t size) {
  Buffer *from = &src, *to = &dst;
  submit(queue,
         [=] { copyBuffer(*from, srcOffset, *to, dstOffset, size); });
}

void Backend::bufferFillImpl(Queue &queue, Buffer &buffer, uint64_t offset,
                           uint64_t size, const void *pattern,
                           uint32_t patternSize) {
  // The pattern is borrowed for the call only.
  std::array<unsigned char, 128> bytes{};
  std::memcpy(bytes.data(), pattern, patternSize);
  Buffer *dst = &buffer;
  submit(queue, [=] {
    fillBuffer(*dst, offset, size, bytes.data(), patternSize);
  });
}

namespace {

/// A launch command for `queue`. The queue's first launch creates its whole
/// pool (kLaunchesInFlight commands, and room in the ring and the spare list
/// for them), so later launches never allocate, however the queue's thread
/// and the caller interleave. When every command is in flight, the caller
/// runs queued commands itself until one is free: an application that
/// enqueues faster than the cores execute is held to a bounded queue, as a
/// GPU driver's fixed command ring does.
LaunchCommand *takeLaunch(Queue &queue) {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(queue.spareMutex);
      if (!queue.spareLaunches.empty()) {
        LaunchCommand *command = queue.spareLaunches.back();
        queue.spareLaunches.pop_back();
        return command;
      }
      if (queue.launchCommands == 0) {
        queue.spareLaunches.reserve(kLaunchesInFlight);
        for (size_t i = 0; i + 1 < kLaunchesInFlight; ++i)
          queue.spareLaunches.push_back(new LaunchCommand);
        queue.launchCommands = kLaunchesInFlight;
        std::lock_guard<std::mutex> ringLock(queue.mutex);
        queue.pending.reserve(2 * kLaunchesInFlight);
        return new LaunchCommand;
      }
    }
    std::unique_lock<std::mutex> lock(queue.mutex);
    if (!queue.busy && queue.pending.empty()) {
      // Every command is back in the spare list, or held for a moment by
      // another thread that is enqueueing it.
      lock.unlock();
      std::this_thread::yield();
      continue;
    }
    runOrWaitOne(queue, lock);
  }
}

} // namespace

void Backend::launchImpl(Queue &queue, Kernel &kernel,
                             const acc_plugin_launch_desc_t &desc) {
  checkLocalMemory(*queue.device, kernel, desc);
  std::unique_ptr<LaunchCommand, CommandRelease> command(takeLaunch(queue));
  command->queue = &queue;
  command->device = queue.device;
  command->kernel = &kernel;
  command->desc = desc;
  const uint32_t count = desc.arg_count;
  acc_plugin_arg_t *args = command->inlineArgs;
  if (count > LaunchCommand::kInlineArgs) {
    command->moreArgs.resize(count);
    args = command->moreArgs.data();
  }
  std::copy(desc.args, desc.args + count, args);
  constexpr size_t align = LaunchCommand::kCopyAlignment;
  size_t scalarBytes = 0;
  for (uint32_t i = 0; i < count; ++i)
    if (args[i].kind == ACC_ARG_KIND_SCALAR)
      scalarBytes = alignUp(scalarBytes, align) + args[i].size;
  unsigned char *scalars = command->inlineScalars;
  if (scalarBytes > LaunchCommand::kInlineScalarBytes) {
    // Over-allocate so that the copies can start aligned.
    command->moreScalars.resize(scalarBytes + align);
    auto base = reinterpret_cast<uintptr_t>(command->moreScalars.data());
    scalars = command->moreScalars.data() + (alignUp(base, align) - base);
  }
  size_t offset = 0;
  for (uint32_t i = 0; i < count; ++i) {
    acc_plugin_arg_t &arg = args[i];
    if (arg.kind != ACC_ARG_KIND_SCALAR)
      continue;
    offset = alignUp(offset, align);
    std::memcpy(scalars + offset, arg.u.value, arg.size);
    arg.u.value = scalars + offset;
    offset += arg.size;
  }
  command->desc.args = count ? args : nullptr;
  enqueueCommand(queue, CommandPtr(command.release()));
}

void acc::cpu::enqueueCommand(Queue &queue, CommandPtr command) {
  std::lock_guard<std::mutex> lock(queue.mutex);
  queue.pending.push(std::move(command));
  ++queue.submitted;
  queue.wake.notify_one();
}

//===----------------------------------------------------------------------===//
// Events
//===----------------------------------------------------------------------===//

namespace {

uint64_t nowNs() {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}

} // namespace

Event *Backend::queueRecordEventImpl(Queue &queue, acc_event_flags_t flags) {
  auto event = std::make_unique<Event>();
  event->device = queue.device;
  event->flags = flags;
  event->state = std::make_shared<EventState>();
  std::shared_ptr<EventState> target = event->state;
  Queue *owner = &queue;
  submit(queue, [target, owner] {
    acc_result_t error;
    std::string message;
    {
      std::lock_guard<std::mutex> lock(owner->mutex);
      error = owner->error;
      message = owner->errorMessage;
    }
    std::lock_guard<std::mutex> lock(target->mutex);
    target->timestampNs = nowNs();
    target->error = error;
    target->message = std::move(message);
    target->done = true;
    target->completed.notify_all();
  });
  return event.release();
}

void Backend::queueWaitEventImpl(Queue &queue, Event &event) {
  std::shared_ptr<EventState> target = event.state;
  submit(queue, [target] {
    std::unique_lock<std::mutex> lock(target->mutex);
    target->completed.wait(lock, [&] { return target->done; });
  });
}

void Backend::eventWaitImpl(Event &event) {
  EventState &state = *event.state;
  std::unique_lock<std::mutex> lock(state.mutex);
  state.completed.wait(lock, [&] { return state.done; });
  if (state.error != ACC_SUCCESS)
    fail(state.error, state.message);
}

bool Backend::eventQueryImpl(Event &event) {
  EventState &state = *event.state;
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!state.done)
    return false;
  if (state.error != ACC_SUCCESS)
    fail(state.error, state.message);
  return true;
}

uint64_t Backend::eventElapsedNsImpl(Event &start, Event &end) {
  uint64_t stamps[2];
  Event *events[2] = {&start, &end};
  for (int i = 0; i < 2; ++i) {
    EventState &state = *events[i]->state;
    std::lock_guard<std::mutex> lock(state.mutex);
    if (!state.done)
      fail(ACC_ERROR_NOT_READY,
           std::string("event_elapsed_ns: the ") + (i ? "end" : "start") +
               " event has not completed yet; wait for it first");
    stamps[i] = state.timestampNs;
  }
  return stamps[1] > stamps[0] ? stamps[1] - stamps[0] : 0;
}

void Backend::eventReleaseImpl(Event *event) {
  // A pending marker keeps its EventState alive through its shared_ptr.
  delete event;
}
