//===- thread_pool.cpp - Persistent worker pool of the cpu plugin ---------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Protocol (all under `mutex` except claiming chunks):
//  1. run() publishes the job, bumps `generation`, sets `jobOpen` and wakes
//     the workers, then drains chunks itself as slot 0.
//  2. A worker that sees an open job of a generation it has not joined
//     increments `active`, copies nothing (the job fields stay constant while
//     `active` > 0) and drains chunks.
//  3. When run()'s own drain finds no chunk left, every iteration has been
//     claimed; it closes the job (late workers no longer join) and waits
//     until `active` drops to 0, i.e. every claimed chunk has finished.
// run() therefore never waits for a worker that is still asleep: on a busy
// machine the caller simply does more of the work itself.
//
// An idle worker polls `published` for a short while (tens of microseconds)
// before it sleeps on the condition variable. Launches that follow each
// other closely then find the workers awake, and notify_all() costs no
// system call when nobody sleeps. The bound keeps an idle process from
// burning a core.
//
//===----------------------------------------------------------------------===//
#include "thread_pool.h"

#include <algorithm>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

using namespace acc::cpu;

namespace {

/// Polls before a worker sleeps; about 20-80 us depending on the CPU.
constexpr unsigned kSpinIterations = 2048;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

} // namespace

ThreadPool::ThreadPool(unsigned participants) {
  participants = std::max(1u, participants);
  workers.reserve(participants - 1);
  for (unsigned slot = 1; slot < participants; ++slot)
    workers.emplace_back([this, slot] { workerMain(slot); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wakeWorkers.notify_all();
  for (std::thread &worker : workers)
    worker.join();
}

void ThreadPool::run(TaskFn fn, void *ctx, uint64_t n, uint64_t chunkSize) {
  if (n == 0)
    return;
  chunkSize = std::max<uint64_t>(1, chunkSize);
  // One chunk, or nobody to share with: no point in waking anyone.
  if (workers.empty() || n <= chunkSize) {
    fn(ctx, 0, n, 0);
    return;
  }

  std::lock_guard<std::mutex> dispatch(dispatchMutex);
  {
    std::lock_guard<std::mutex> lock(mutex);
    task = fn;
    context = ctx;
    count = n;
    chunk = chunkSize;
    next.store(0, std::memory_order_relaxed);
    ++generation;
    published.store(generation, std::memory_order_release);
    jobOpen = true;
  }
  wakeWorkers.notify_all();

  drain(0);

  std::unique_lock<std::mutex> lock(mutex);
  jobOpen = false;
  if (active.load(std::memory_order_relaxed) != 0) {
    // The last chunks are usually about to finish: poll before sleeping.
    lock.unlock();
    for (unsigned i = 0; i < kSpinIterations &&
                         active.load(std::memory_order_acquire) != 0;
         ++i)
      cpuRelax();
    lock.lock();
  }
  jobDone.wait(lock, [this] { return active == 0; });
}

void ThreadPool::drain(unsigned slot) {
  for (;;) {
    uint64_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
    if (begin >= count)
      return;
    task(context, begin, std::min(count, begin + chunk), slot);
  }
}

void ThreadPool::workerMain(unsigned slot) {
  uint64_t joined = 0;
  std::unique_lock<std::mutex> lock(mutex);
  for (;;) {
    if (!stopping && generation == joined) {
      lock.unlock();
      for (unsigned i = 0; i < kSpinIterations &&
                           published.load(std::memory_order_acquire) == joined;
           ++i)
        cpuRelax();
      lock.lock();
    }
    wakeWorkers.wait(lock, [&] {
      return stopping || (jobOpen && generation != joined);
    });
    if (stopping)
      return;
    joined = generation;
    ++active;
    lock.unlock();
    drain(slot);
    lock.lock();
    if (--active == 0 && !jobOpen)
      jobDone.notify_one();
  }
}
