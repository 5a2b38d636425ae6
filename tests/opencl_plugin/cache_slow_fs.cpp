//===- cache_slow_fs.cpp - Widens the cache's race windows (LD_PRELOAD) ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A library test_opencl_cache_processes.cpp preloads into its workers
// (LD_PRELOAD). It wraps the libc calls the opencl plugin's cache makes and,
// for paths under $ACC_TEST_SLOW_FS_DIR only, sleeps a random time of up to
// $ACC_TEST_SLOW_FS_US microseconds around them:
//
//   mkdir, lstat     after it (before the next folder, or the next check)
//   open, mkostemp   before and after (a file about to appear, just appeared)
//   write            before each one (a file partly written)
//   rename           before it (a finished temporary file not yet in place)
//
// The cache's steps take microseconds, so without this a process (or the
// test's deleter) would almost never land between two of them; with it,
// another writer, a reader or an rm -rf often does. The calls themselves
// are unchanged: the plugin behaves as it would on a slow file system.
// Everything else the process does (the OpenCL driver's files) is left
// alone.
//
//===----------------------------------------------------------------------===//
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdarg>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

const int kMaxFd = 4096;
/// Files under the folder, by descriptor: their writes are slowed.
std::atomic<bool> tracked[kMaxFd];

/// The folder ("" when unset: then nothing is slowed).
const char *folder() {
  static const char *dir = [] {
    const char *value = std::getenv("ACC_TEST_SLOW_FS_DIR");
    return value ? value : "";
  }();
  return dir;
}

bool under(const char *path) {
  const char *dir = folder();
  size_t length = std::strlen(dir);
  return length > 0 && path && std::strncmp(path, dir, length) == 0 &&
         (path[length] == '/' || path[length] == '\0');
}

/// Sleeps 0 to ACC_TEST_SLOW_FS_US (default 2000) microseconds.
void dawdle() {
  static const uint64_t limit = [] {
    const char *value = std::getenv("ACC_TEST_SLOW_FS_US");
    return value ? std::strtoull(value, nullptr, 10) : 2000ull;
  }();
  static std::atomic<uint64_t> state{0};
  if (limit == 0)
    return;
  uint64_t seed = state.load();
  if (seed == 0) {
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    seed = (static_cast<uint64_t>(getpid()) << 32) ^
           static_cast<uint64_t>(now.tv_nsec) ^ 0x9E3779B97F4A7C15ull;
  }
  // xorshift64: a different sequence in every process.
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  state.store(seed);
  uint64_t us = seed % (limit + 1);
  timespec delay = {static_cast<time_t>(us / 1000000),
                    static_cast<long>(us % 1000000) * 1000};
  while (nanosleep(&delay, &delay) != 0) {
  }
}

void track(int fd, bool on) {
  if (fd >= 0 && fd < kMaxFd)
    tracked[fd].store(on);
}

template <typename Fn> Fn real(const char *name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

int mkdir(const char *path, mode_t mode) {
  static auto next = real<int (*)(const char *, mode_t)>("mkdir");
  int result = next(path, mode);
  if (under(path))
    dawdle();
  return result;
}

// glibc 2.33 and later export lstat itself; with an older one this is never
// called and lstat is not slowed.
int lstat(const char *path, struct stat *st) {
  static auto next = real<int (*)(const char *, struct stat *)>("lstat");
  int result = next(path, st);
  if (under(path))
    dawdle();
  return result;
}

int open(const char *path, int flags, ...) {
  static auto next = real<int (*)(const char *, int, ...)>("open");
  mode_t mode = 0;
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
    va_list args;
    va_start(args, flags);
    mode = static_cast<mode_t>(va_arg(args, int));
    va_end(args);
  }
  if (!under(path))
    return next(path, flags, mode);
  dawdle();
  int fd = next(path, flags, mode);
  track(fd, true);
  dawdle();
  return fd;
}

int mkostemp(char *pattern, int flags) {
  static auto next = real<int (*)(char *, int)>("mkostemp");
  if (!under(pattern))
    return next(pattern, flags);
  dawdle();
  int fd = next(pattern, flags);
  track(fd, true);
  dawdle();
  return fd;
}

ssize_t write(int fd, const void *data, size_t size) {
  static auto next = real<ssize_t (*)(int, const void *, size_t)>("write");
  if (fd >= 0 && fd < kMaxFd && tracked[fd].load())
    dawdle();
  return next(fd, data, size);
}

int close(int fd) {
  static auto next = real<int (*)(int)>("close");
  track(fd, false);
  return next(fd);
}

int rename(const char *from, const char *to) {
  static auto next = real<int (*)(const char *, const char *)>("rename");
  if (under(to))
    dawdle();
  return next(from, to);
}

} // extern "C"
