//===- queue.cpp - In-order queues and kernel launches of the cpu plugin --===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Execution model (v1): a command executes synchronously when it is
// submitted, on the submitting thread (plus the pool for launches), while
// the queue's mutex is held. Commands submitted to one queue from several
// threads therefore run one after another in submission order, and
// queue_finish() only has to wait for a command another thread is running.
// Launches from different queues are serialised on the device's launch
// mutex, because each one already uses every core.
//
// Making queues asynchronous later: submit() is the only place that decides
// when a command runs. It would push a command object (a copy of the launch
// descriptor and scalar bytes, which are borrowed only for the call) onto a
// per-queue list served by a queue thread, and finishQueue() would wait for
// that list to drain. Blocking reads and writes would wait for their own
// command. Nothing else has to change.
//
// Launch: validate the range and arguments (the runtime has done so already;
// this is the reference backend, so it checks again and says what is
// wrong), build the args array once, and hand the work-groups to the thread
// pool in chunks. Every work-group runs as one call of the kernel's
// work-group function.
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

using namespace acc::cpu;

namespace {

/// Alignment of each local-memory argument: enough for any OpenCL type
/// (double16 is 128 bytes).
constexpr size_t kLocalArgAlignment = 128;

/// Alignment of each copied scalar argument (vector types up to 64 bytes).
constexpr size_t kScalarAlignment = 64;

constexpr size_t alignUp(size_t value, size_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// Runs `command` as the queue's next command.
template <typename Fn> void submit(Queue &queue, Fn &&command) {
  std::lock_guard<std::mutex> lock(queue.mutex);
  command();
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
  void *const *args =
      ctx.sharedArgs ? ctx.sharedArgs : ctx.scratch[slot]->args.data();
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

/// Fails with `code` and a message about a launch of `kernel`. Messages are
/// only built on failure, so a valid launch does not allocate.
[[noreturn]] void launchError(const Kernel &kernel, acc_result_t code,
                              const std::string &message) {
  fail(code, "launch of '" + kernel.name + "': " + message);
}

std::string inDim(uint32_t d) { return " in dimension " + std::to_string(d); }
std::string argument(uint32_t i) {
  return "argument " + std::to_string(i) + ": ";
}

/// Checks the range and arguments of a launch; fails with
/// ACC_ERROR_INVALID_LAUNCH naming the problem.
void validateLaunch(const Device &device, const Kernel &kernel,
                    const acc_plugin_launch_desc_t &desc) {
  if (desc.struct_size < sizeof(acc_plugin_launch_desc_t))
    launchError(kernel, ACC_ERROR_INVALID_ARGUMENT,
                "descriptor struct_size " + std::to_string(desc.struct_size) +
                    " is too small");
  if (desc.work_dim < 1 || desc.work_dim > 3)
    launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                "work_dim " + std::to_string(desc.work_dim) +
                    " is not 1, 2 or 3");

  uint64_t groupSize = 1;
  for (uint32_t d = 0; d < desc.work_dim; ++d) {
    uint64_t global = desc.global_size[d];
    uint32_t local = desc.local_size[d];
    if (global == 0)
      launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                  "global size is 0" + inDim(d));
    if (local == 0)
      launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                  "local size is 0" + inDim(d));
    if (local > device.info.max_work_item_sizes[d])
      launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                  "local size " + std::to_string(local) + inDim(d) +
                      " exceeds the device limit of " +
                      std::to_string(device.info.max_work_item_sizes[d]));
    if (desc.global_offset[d] > UINT64_MAX - global)
      launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                  "global offset + global size overflows" + inDim(d));
    if ((kernel.flags & ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS) &&
        global % local != 0)
      launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                  "the kernel uses barriers, so the local size (" +
                      std::to_string(local) +
                      ") must divide the global size (" +
                      std::to_string(global) + ")" + inDim(d));
    if (kernel.requiredLocalSize[d] != 0 &&
        kernel.requiredLocalSize[d] != local)
      launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                  "the kernel requires local size " +
                      std::to_string(kernel.requiredLocalSize[d]) + inDim(d) +
                      ", got " + std::to_string(local));
    groupSize *= local;
  }
  if (groupSize > device.info.max_work_group_size)
    launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                "work-group of " + std::to_string(groupSize) +
                    " work-items exceeds the device limit of " +
                    std::to_string(device.info.max_work_group_size));

  if (desc.arg_count != kernel.argKinds.size())
    launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                "got " + std::to_string(desc.arg_count) +
                    " arguments, the kernel takes " +
                    std::to_string(kernel.argKinds.size()));
  if (desc.arg_count > 0 && !desc.args)
    launchError(kernel, ACC_ERROR_INVALID_ARGUMENT, "args is NULL");

  uint64_t localBytes = 0;
  for (uint32_t i = 0; i < desc.arg_count; ++i) {
    const acc_plugin_arg_t &arg = desc.args[i];
    if (arg.kind != kernel.argKinds[i])
      launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                  argument(i) + "kind " + std::to_string(arg.kind) +
                      " does not match the kernel's " +
                      std::to_string(kernel.argKinds[i]));
    switch (arg.kind) {
    case ACC_ARG_KIND_BUFFER:
      // NULL is allowed: the kernel sees a null pointer, as in OpenCL.
      if (arg.u.buffer)
        toBuffer(arg.u.buffer);
      break;
    case ACC_ARG_KIND_SCALAR:
      if (!arg.u.value)
        launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                    argument(i) + "value is NULL");
      if (arg.size != kernel.argSizes[i])
        launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                    argument(i) + "size " + std::to_string(arg.size) +
                        " does not match the kernel's " +
                        std::to_string(kernel.argSizes[i]));
      break;
    case ACC_ARG_KIND_LOCAL:
      if (arg.size == 0)
        launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                    argument(i) + "local memory size is 0");
      localBytes += alignUp(arg.size, kLocalArgAlignment);
      break;
    default:
      launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                  argument(i) + "unknown kind " + std::to_string(arg.kind));
    }
  }
  if (localBytes > device.info.local_memory_size)
    launchError(kernel, ACC_ERROR_INVALID_LAUNCH,
                "local arguments need " + formatBytes(localBytes) +
                    ", the device has " +
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
}

} // namespace

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

Queue *acc::cpu::createQueue(Device &device) {
  auto *queue = new Queue;
  queue->device = &device;
  return queue;
}

void acc::cpu::destroyQueue(Queue *queue) {
  finishQueue(*queue);
  queue->tag = Tag::Dead;
  delete queue;
}

void acc::cpu::finishQueue(Queue &queue) {
  // Commands complete before submit() returns; taking the mutex waits for a
  // command that another thread is executing right now.
  std::lock_guard<std::mutex> lock(queue.mutex);
}

void acc::cpu::enqueueWrite(Queue &queue, Buffer &buffer, uint64_t offset,
                            uint64_t size, const void *src) {
  submit(queue, [&] { writeBuffer(buffer, offset, size, src); });
}

void acc::cpu::enqueueRead(Queue &queue, Buffer &buffer, uint64_t offset,
                           uint64_t size, void *dst) {
  submit(queue, [&] { readBuffer(buffer, offset, size, dst); });
}

void acc::cpu::enqueueCopy(Queue &queue, Buffer &src, uint64_t srcOffset,
                           Buffer &dst, uint64_t dstOffset, uint64_t size) {
  submit(queue, [&] { copyBuffer(src, srcOffset, dst, dstOffset, size); });
}

void acc::cpu::enqueueFill(Queue &queue, Buffer &buffer, uint64_t offset,
                           uint64_t size, const void *pattern,
                           uint32_t patternSize) {
  submit(queue,
         [&] { fillBuffer(buffer, offset, size, pattern, patternSize); });
}

void acc::cpu::enqueueLaunch(Queue &queue, Kernel &kernel,
                             const acc_plugin_launch_desc_t &desc) {
  validateLaunch(*queue.device, kernel, desc);
  submit(queue, [&] { executeLaunch(*queue.device, kernel, desc); });
}
