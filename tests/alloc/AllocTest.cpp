//===- AllocTest.cpp - Steady-state launches allocate nothing -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// This program replaces the C library's allocation functions with counting
// ones (forwarding to glibc's __libc_* entry points), so it sees every
// allocation of the process: libacc, the plugin, the C++ library, every
// thread. It warms each launch pattern up once, then repeats it while
// counting and requires the count to be 0:
//   - launch + finish, 1000 times (the latency path);
//   - 1000 launches, then one finish (the queued path);
//   - scalar and buffer arguments, a local-memory argument with barriers, a
//     2-D range.
// Exit 0 when nothing was allocated, 1 otherwise (the count per pattern is
// printed), 77 without a device. `--report` prints the counts and exits 0;
// ACC_ALLOC_TRACE=1 prints the call stacks of the first allocations.
//
//===----------------------------------------------------------------------===//

#include "acc/acc.h"

#include <atomic>
#include <execinfo.h>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

extern "C" {
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *pointer, size_t size);
void *__libc_memalign(size_t alignment, size_t size);
void __libc_free(void *pointer);
}

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};

thread_local bool tracing = false;

inline void count() {
  if (!counting.load(std::memory_order_relaxed))
    return;
  long n = allocations.fetch_add(1, std::memory_order_relaxed);
  // ACC_ALLOC_TRACE=1: where the first allocations come from.
  static const bool trace = std::getenv("ACC_ALLOC_TRACE") != nullptr;
  if (trace && n < 3 && !tracing) {
    tracing = true;
    void *frames[32];
    int depth = backtrace(frames, 32);
    std::fprintf(stderr, "allocation %ld:\n", n + 1);
    backtrace_symbols_fd(frames, depth, 2);
    tracing = false;
  }
}
} // namespace

// The replacements. free() is not counted (releasing memory on a hot path is
// harmless by itself, and every free pairs with a counted allocation).
extern "C" {
void *malloc(size_t size) {
  count();
  return __libc_malloc(size);
}
void *calloc(size_t n, size_t size) {
  count();
  return __libc_calloc(n, size);
}
void *realloc(void *pointer, size_t size) {
  count();
  return __libc_realloc(pointer, size);
}
void free(void *pointer) { __libc_free(pointer); }
int posix_memalign(void **out, size_t alignment, size_t size) {
  count();
  void *p = __libc_memalign(alignment, size);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}
void *aligned_alloc(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
void *memalign(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
}

namespace {

#define CHECK_ACC(expr)                                                        \
  do {                                                                         \
    acc_result_t r_ = (expr);                                                  \
    if (r_ != ACC_SUCCESS) {                                                   \
      std::fprintf(stderr, "%s:%d: %s failed: %s: %s\n", __FILE__, __LINE__,  \
                   #expr, acc_result_name(r_), acc_last_error_message());      \
      std::exit(1);                                                            \
    }                                                                          \
  } while (0)

/// Runs `pattern` once to warm it up, then again while counting.
long allocationsOf(const std::function<void()> &pattern) {
  pattern();
  allocations = 0;
  counting = true;
  pattern();
  counting = false;
  return allocations.load();
}

} // namespace

int main(int argc, char **argv) {
  bool reportOnly = argc > 1 && std::strcmp(argv[1], "--report") == 0;
  CHECK_ACC(acc_init(nullptr));
  acc_device_t device;
  acc_result_t r = acc_device_get_default(&device);
  if (r == ACC_ERROR_NO_DEVICE || r == ACC_ERROR_NOT_FOUND) {
    std::printf("SKIP: no device: %s\n", acc_last_error_message());
    return 77;
  }
  CHECK_ACC(r);
  acc_queue_t queue;
  CHECK_ACC(acc_queue_create(device, &queue));
  acc_module_t module;
  CHECK_ACC(acc_module_load_file(device, ACC_ALLOC_BUNDLE, &module));
  acc_kernel_t empty, axpy, groupSum, fill2d;
  CHECK_ACC(acc_kernel_get(module, "empty", &empty));
  CHECK_ACC(acc_kernel_get(module, "axpy", &axpy));
  CHECK_ACC(acc_kernel_get(module, "group_sum", &groupSum));
  CHECK_ACC(acc_kernel_get(module, "fill2d", &fill2d));

  const uint32_t n = 4096;
  acc_buffer_t x, y, sums, grid;
  CHECK_ACC(acc_buffer_create(device, n * 4, ACC_BUFFER_READ_WRITE, &x));
  CHECK_ACC(acc_buffer_create(device, n * 4, ACC_BUFFER_READ_WRITE, &y));
  CHECK_ACC(acc_buffer_create(device, n / 64 * 4, ACC_BUFFER_READ_WRITE, &sums));
  CHECK_ACC(acc_buffer_create(device, 64 * 64 * 4, ACC_BUFFER_READ_WRITE, &grid));
  float zero = 0, one = 1;
  CHECK_ACC(acc_buffer_fill(queue, x, 0, n * 4, &one, 4));
  CHECK_ACC(acc_buffer_fill(queue, y, 0, n * 4, &zero, 4));
  CHECK_ACC(acc_queue_finish(queue));

  float a = 2.0f;
  uint32_t count = n, width = 64;
  acc_arg_t axpyArgs[] = {ACC_ARG_SCALAR(a), acc_arg_buffer(x),
                          acc_arg_buffer(y), ACC_ARG_SCALAR(count)};
  acc_arg_t sumArgs[] = {acc_arg_buffer(x), acc_arg_buffer(sums),
                         acc_arg_local(64 * 4)};
  acc_arg_t fillArgs[] = {acc_arg_buffer(grid), ACC_ARG_SCALAR(width)};
  acc_launch_config_t one1 = acc_launch_config_1d(1, 1);
  acc_launch_config_t range1 = acc_launch_config_1d(n, 0);
  acc_launch_config_t groups = acc_launch_config_1d(n, 64);
  acc_launch_config_t range2 = acc_launch_config_2d(64, 64, 8, 8);
  const int rounds = 1000;

  struct Pattern {
    const char *name;
    std::function<void()> body;
  } patterns[] = {
      {"empty kernel: launch + finish, 1000 times",
       [&] {
         for (int i = 0; i < rounds; ++i) {
           CHECK_ACC(acc_launch(queue, empty, &one1, 0, nullptr));
           CHECK_ACC(acc_queue_finish(queue));
         }
       }},
      {"empty kernel: 1000 launches, one finish",
       [&] {
         for (int i = 0; i < rounds; ++i)
           CHECK_ACC(acc_launch(queue, empty, &one1, 0, nullptr));
         CHECK_ACC(acc_queue_finish(queue));
       }},
      {"axpy (scalars and buffers, range chosen by the runtime)",
       [&] {
         for (int i = 0; i < rounds; ++i)
           CHECK_ACC(acc_launch(queue, axpy, &range1, 4, axpyArgs));
         CHECK_ACC(acc_queue_finish(queue));
       }},
      {"group_sum (a local argument and barriers)",
       [&] {
         for (int i = 0; i < rounds; ++i) {
           CHECK_ACC(acc_launch(queue, groupSum, &groups, 3, sumArgs));
           CHECK_ACC(acc_queue_finish(queue));
         }
       }},
      {"fill2d (2-D range)",
       [&] {
         for (int i = 0; i < rounds; ++i)
           CHECK_ACC(acc_launch(queue, fill2d, &range2, 2, fillArgs));
         CHECK_ACC(acc_queue_finish(queue));
       }},
  };
  int failed = 0;
  for (const Pattern &p : patterns) {
    long got = allocationsOf(p.body);
    bool ok = got == 0 || reportOnly;
    std::printf("[ %s ] %s: %ld allocations\n", ok ? "PASS" : "FAIL", p.name,
                got);
    failed += !ok;
  }

  // The work was done, too: one check of each kernel's output.
  float y0 = 0, s0 = 0;
  uint32_t g = 0;
  CHECK_ACC(acc_buffer_read(queue, y, 0, 4, &y0));
  CHECK_ACC(acc_buffer_read(queue, sums, 0, 4, &s0));
  CHECK_ACC(acc_buffer_read(queue, grid, (64 * 63 + 5) * 4, 4, &g));
  // axpy ran 2000 times on y = 0 with x = 1, a = 2.
  bool results = y0 == 4000.0f && s0 == 64.0f && g == 64 * 63 + 5;
  std::printf("[ %s ] results: y[0] = %g (expected 4000), sum of group 0 = "
              "%g (64), grid[63][5] = %u (%u)\n",
              results ? "PASS" : "FAIL", y0, s0, g, 64 * 63 + 5);
  failed += !results;

  acc_kernel_release(empty);
  acc_kernel_release(axpy);
  acc_kernel_release(groupSum);
  acc_kernel_release(fill2d);
  acc_module_release(module);
  for (acc_buffer_t b : {x, y, sums, grid})
    acc_buffer_release(b);
  acc_queue_release(queue);
  acc_shutdown();
  return failed ? 1 : 0;
}
