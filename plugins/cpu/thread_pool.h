//===- thread_pool.h - Persistent worker pool of the cpu plugin -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A fixed set of worker threads that execute one parallel loop at a time.
// The thread that calls run() takes part in the loop, so a pool of N
// participants owns N-1 threads. Iterations are handed out in chunks through
// an atomic counter; run() does not allocate.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGINS_CPU_THREAD_POOL_H
#define ACC_PLUGINS_CPU_THREAD_POOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace acc {
namespace cpu {

/// Runs parallel loops on persistent threads.
///
/// Thread-safety: run() may be called from any thread; concurrent calls are
/// serialised (one loop runs at a time). run() must not be called from
/// inside a task (it would wait for itself).
class ThreadPool {
public:
  /// A loop body: runs iterations [begin, end) on participant `slot`
  /// (0 = the thread that called run(), 1..size()-1 = workers). A slot is
  /// used by one thread at a time, so per-slot scratch needs no locking.
  using TaskFn = void (*)(void *context, uint64_t begin, uint64_t end,
                          unsigned slot);

  /// Starts `participants - 1` worker threads (at least one participant).
  explicit ThreadPool(unsigned participants);
  /// Stops and joins the workers. No run() may be in progress.
  ~ThreadPool();

  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  /// Threads that take part in a loop, the caller included.
  unsigned size() const { return static_cast<unsigned>(workers.size()) + 1; }

  /// Runs `task` over [0, count) in chunks of `chunk` iterations and returns
  /// when every iteration has finished. Small loops (one chunk) run on the
  /// calling thread alone without waking the workers.
  void run(TaskFn task, void *context, uint64_t count, uint64_t chunk);

private:
  void workerMain(unsigned slot);
  /// Claims and runs chunks of the current job until none are left.
  void drain(unsigned slot);

  std::vector<std::thread> workers;

  /// Serialises run() calls.
  std::mutex dispatchMutex;

  /// Guards the fields below, except `next` which is claimed lock-free.
  std::mutex mutex;
  /// Workers wait here for a job (or stop).
  std::condition_variable wakeWorkers;
  /// run() waits here for the workers still inside a job.
  std::condition_variable jobDone;
  /// Incremented per job so a worker joins each job at most once.
  uint64_t generation = 0;
  /// Copy of `generation` that idle workers poll before they sleep, so
  /// back-to-back launches do not pay a futex wake-up each.
  std::atomic<uint64_t> published{0};
  /// True while workers may still join the current job.
  bool jobOpen = false;
  /// Workers that joined the current job and have not left it. Changed
  /// under `mutex`; atomic so run() can poll it before it sleeps.
  std::atomic<unsigned> active{0};
  bool stopping = false;

  // The current job. Written by run() before it opens the job; read by the
  // workers that join it.
  TaskFn task = nullptr;
  void *context = nullptr;
  uint64_t count = 0;
  uint64_t chunk = 1;
  /// First iteration not yet claimed.
  std::atomic<uint64_t> next{0};
};

} // namespace cpu
} // namespace acc

#endif // ACC_PLUGINS_CPU_THREAD_POOL_H
