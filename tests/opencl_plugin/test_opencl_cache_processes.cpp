//===- test_opencl_cache_processes.cpp - The cache under several processes ===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The opencl plugin's program-binary cache shared by processes: each test
// starts opencl_cache_worker (ACC_TEST_CACHE_WORKER) several times with
// posix_spawn, all on one fresh ACC_CACHE_DIR and with ACC_LOG=info, and
// reads each worker's exit status and log. A worker loads bundles of one
// OpenCL C kernel (a few variants, each its own cache entry) through libacc
// and checks the kernel's results against the host.
//
//  - [concurrent] 8 workers load their first module at the same moment (a
//    start barrier of pipes), so several miss and write one entry, or
//    different entries, at once, while others read;
//  - [deleted] workers load modules over and over while this process
//    deletes the whole ACC_CACHE_DIR again and again;
//  - [log] the info lines say hit or miss and how long the load took.
//
// [concurrent] and [deleted] run twice: as they are, and with
// cache_slow_fs.cpp preloaded into the workers, which pauses the cache's own
// file operations for up to 3 ms each so that the other processes (or the
// deleter) often land between two steps of a store or a read.
//
// Every worker must succeed. Afterwards the folder must hold only entries
// that pass an independent check of the entry format (name, mode, magic,
// key, size, XXH3-64 of the payload: verifyCache below, not the plugin's
// reader), and a further worker must find them (cache hits, nothing
// "damaged"). Without an OpenCL device the probe worker exits 77 and so
// does this test (ctest: skipped).
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char **environ;

namespace {

const int kSkip = 77;
const int kProbeFailed = 2;

//===----------------------------------------------------------------------===//
// Folders and files
//===----------------------------------------------------------------------===//

/// Removes `dir` and everything below it, as `rm -rf` does, ignoring what
/// fails (files that others create or delete meanwhile). True when `dir` was
/// removed.
bool removeTree(const std::string &dir) {
  if (DIR *d = ::opendir(dir.c_str())) {
    while (dirent *e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..")
        continue;
      std::string child = dir + "/" + name;
      struct stat st;
      if (::lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        removeTree(child);
      else
        ::unlink(child.c_str());
    }
    ::closedir(d);
  }
  return ::rmdir(dir.c_str()) == 0;
}

/// A fresh, private temporary folder (mode 0700), removed with its files at
/// the end. Throws when it cannot be made.
struct TempDir {
  std::string path;
  TempDir() {
    const char *tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/acc-cache-processes-XXXXXX";
    if (!::mkdtemp(&pattern[0]))
      throw std::runtime_error("mkdtemp(" + pattern +
                               ") failed: " + std::strerror(errno));
    path = pattern;
  }
  ~TempDir() { removeTree(path); }
};

/// Names in `dir` (not recursive; none for a missing folder).
std::vector<std::string> namesIn(const std::string &dir) {
  std::vector<std::string> names;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (dirent *e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..")
        names.push_back(name);
    }
    ::closedir(d);
  }
  return names;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Occurrences of `text` in `all`.
size_t count(const std::string &all, const std::string &text) {
  size_t n = 0;
  for (size_t at = all.find(text); at != std::string::npos;
       at = all.find(text, at + text.size()))
    ++n;
  return n;
}

//===----------------------------------------------------------------------===//
// The entry format, checked independently of the plugin's reader
//===----------------------------------------------------------------------===//

/// What is wrong with the cache under `base` (an ACC_CACHE_DIR), one line
/// per problem; `entries` counts the entries that pass. A missing folder is
/// an empty cache. See plugins/common/include/acc/plugin/CodeCache.h for the format.
std::vector<std::string> verifyCache(const std::string &base, size_t &entries) {
  std::vector<std::string> problems;
  entries = 0;
  for (const std::string &name : namesIn(base))
    if (name != "opencl")
      problems.push_back(base + ": unexpected " + name);
  const std::string folder = base + "/opencl";
  for (const std::string &name : namesIn(folder)) {
    const std::string path = folder + "/" + name;
    auto problem = [&](const std::string &why) {
      problems.push_back(path + ": " + why);
    };
    // "<key as 16 lower-case hex digits>.bin", nothing else (no temporary
    // file left behind).
    if (name.size() != 20 || name.substr(16) != ".bin" ||
        name.find_first_not_of("0123456789abcdef") != 16) {
      problem("not an entry name (a leftover temporary file?)");
      continue;
    }
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
      problem(std::string("cannot inspect: ") + std::strerror(errno));
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      problem("not a regular file");
      continue;
    }
    if ((st.st_mode & 0777) != 0600)
      problem("mode is not 0600");
    std::string bytes = readFile(path);
    if (bytes.size() != static_cast<size_t>(st.st_size)) {
      problem("short read");
      continue;
    }
    if (bytes.size() <= 32) {
      problem("no payload (" + std::to_string(bytes.size()) + " bytes)");
      continue;
    }
    uint64_t fields[3];
    std::memcpy(fields, bytes.data() + 8, sizeof(fields));
    const uint64_t key = std::strtoull(name.substr(0, 16).c_str(), nullptr, 16);
    const uint64_t payloadSize = bytes.size() - 32;
    if (bytes.compare(0, 8, "ACCCODE1") != 0)
      problem("bad magic");
    else if (fields[0] != key)
      problem("the header's key differs from the name");
    else if (fields[1] != payloadSize)
      problem("the header says " + std::to_string(fields[1]) +
              " payload bytes, the file has " + std::to_string(payloadSize));
    else if (XXH3_64bits(bytes.data() + 32, payloadSize) != fields[2])
      problem("payload hash mismatch");
    else
      ++entries;
  }
  return problems;
}

std::string joined(const std::vector<std::string> &lines) {
  std::string all;
  for (const std::string &line : lines)
    all += line + "\n";
  return all;
}

//===----------------------------------------------------------------------===//
// Workers
//===----------------------------------------------------------------------===//

/// How a worker's file system behaves.
enum class Fs {
  Normal,
  /// cache_slow_fs.cpp preloaded: the cache's file operations pause for up
  /// to kSlowFsMicroseconds each, so that other processes come between them.
  Slow,
};
const char kSlowFsMicroseconds[] = "3000";

/// The environment of a worker: ours, with the cache in `cacheDir`, info
/// logging, and none of the settings that would change what it does.
std::vector<std::string> workerEnvironment(const std::string &cacheDir,
                                           Fs fs = Fs::Normal) {
  std::vector<std::string> env;
  std::string preload;
  for (char **at = environ; *at; ++at) {
    std::string entry = *at;
    std::string name = entry.substr(0, entry.find('='));
    if (name == "LD_PRELOAD")
      preload = entry.substr(name.size() + 1);
    else if (name != "ACC_CACHE_DIR" && name != "ACC_CACHE" &&
             name != "ACC_LOG" && name != "ACC_BACKEND" &&
             name.compare(0, 17, "ACC_TEST_SLOW_FS_") != 0)
      env.push_back(entry);
  }
  env.push_back("ACC_CACHE_DIR=" + cacheDir);
  env.push_back("ACC_LOG=info");
  if (fs == Fs::Slow) {
    preload = std::string(ACC_TEST_CACHE_SLOW_FS) +
              (preload.empty() ? "" : ":" + preload);
    env.push_back("ACC_TEST_SLOW_FS_DIR=" + cacheDir);
    env.push_back(std::string("ACC_TEST_SLOW_FS_US=") + kSlowFsMicroseconds);
  }
  if (!preload.empty())
    env.push_back("LD_PRELOAD=" + preload);
  return env;
}

/// Starts the worker with `args` (argv[0] included) and `env`, its stdout
/// and stderr going to the file `log`. Returns posix_spawn's error.
int spawnWorker(std::vector<std::string> args, std::vector<std::string> env,
                const std::string &log, pid_t &pid) {
  std::vector<char *> argv, envp;
  for (std::string &arg : args)
    argv.push_back(&arg[0]);
  argv.push_back(nullptr);
  for (std::string &entry : env)
    envp.push_back(&entry[0]);
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  int error =
      ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return error;
}

/// A set of worker processes, each with its stdout and stderr in one log
/// file. Workers still running when it goes (a failed REQUIRE) are killed.
class Workers {
public:
  Workers(const std::string &cacheDir, std::string logDir, Fs fs = Fs::Normal)
      : env(workerEnvironment(cacheDir, fs)), logDir(std::move(logDir)) {}
  Workers(const Workers &) = delete;
  Workers &operator=(const Workers &) = delete;
  ~Workers() {
    for (Worker &w : workers)
      if (w.running) {
        ::kill(w.pid, SIGKILL);
        ::waitpid(w.pid, nullptr, 0);
      }
    closeFds();
  }

  /// Makes the next workers wait at a start barrier: each says when it is
  /// ready to load, and all begin when release() closes the start pipe.
  void useBarrier() {
    REQUIRE(::pipe2(ready, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(start, O_CLOEXEC) == 0);
    // The workers inherit the ends they use, under the same numbers.
    REQUIRE(::fcntl(ready[1], F_SETFD, 0) == 0);
    REQUIRE(::fcntl(start[0], F_SETFD, 0) == 0);
  }

  /// Starts a worker with `args`; returns its index.
  size_t spawn(std::vector<std::string> args) {
    if (start[0] >= 0) {
      args.insert(args.begin(), {"--ready-fd", std::to_string(ready[1]),
                                 "--start-fd", std::to_string(start[0])});
    }
    args.insert(args.begin(), ACC_TEST_CACHE_WORKER);
    Worker w;
    static size_t logs = 0; // One file per worker of the whole run.
    w.log = logDir + "/worker-" + std::to_string(logs++) + ".log";
    w.args = joinedArgs(args);
    int error = spawnWorker(args, env, w.log, w.pid);
    INFO("posix_spawn(" << args[0] << "): " << std::strerror(error));
    REQUIRE(error == 0);
    w.running = true;
    workers.push_back(w);
    return workers.size() - 1;
  }

  /// Waits (at most `timeout`) until every worker has said it is ready,
  /// then lets them all go at once.
  void release(std::chrono::seconds timeout = std::chrono::seconds(120)) {
    REQUIRE(start[1] >= 0);
    ::close(ready[1]); // Ours: EOF once every worker has written or died.
    ready[1] = -1;
    size_t readyCount = 0;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (readyCount < workers.size()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p = {ready[0], POLLIN, 0};
      if (left.count() <= 0 ||
          ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
        break;
      char bytes[16];
      ssize_t n = ::read(ready[0], bytes, sizeof(bytes));
      if (n <= 0)
        break; // Every worker closed it: some died before the barrier.
      readyCount += static_cast<size_t>(n);
    }
    ::close(start[1]); // The start signal.
    start[1] = -1;
    ::close(start[0]);
    start[0] = -1;
    INFO("workers ready at the barrier: " << readyCount << " of "
                                          << workers.size());
    CHECK(readyCount == workers.size());
  }

  /// Reaps the workers that have exited; true while any still runs.
  bool anyRunning() {
    bool running = false;
    for (Worker &w : workers) {
      if (!w.running)
        continue;
      int status = 0;
      pid_t got = ::waitpid(w.pid, &status, WNOHANG);
      if (got == w.pid) {
        w.running = false;
        w.status = status;
      } else {
        running = true;
      }
    }
    return running;
  }

  /// Waits for every worker (killing them after `timeout`).
  void waitAll(std::chrono::seconds timeout = std::chrono::seconds(240)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (anyRunning()) {
      if (std::chrono::steady_clock::now() > deadline) {
        FAIL("workers still running after " << timeout.count() << " s");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  size_t size() const { return workers.size(); }
  /// The worker's exit code, -signal when killed by one.
  int exitCode(size_t i) const {
    const Worker &w = workers[i];
    if (w.running)
      return -1000;
    if (WIFEXITED(w.status))
      return WEXITSTATUS(w.status);
    return WIFSIGNALED(w.status) ? -WTERMSIG(w.status) : -1001;
  }
  std::string log(size_t i) const { return readFile(workers[i].log); }
  /// One worker's command line, exit code and log, for failure messages.
  std::string describe(size_t i) const {
    return "worker " + std::to_string(i) + " (" + workers[i].args +
           ") exited with " + std::to_string(exitCode(i)) + ":\n" + log(i);
  }
  /// Every worker's log, one after another.
  std::string allLogs() const {
    std::string all;
    for (size_t i = 0; i < workers.size(); ++i)
      all += log(i);
    return all;
  }

private:
  struct Worker {
    pid_t pid = -1;
    bool running = false;
    int status = 0;
    std::string log;
    std::string args;
  };
  std::vector<std::string> env;
  std::string logDir;
  std::vector<Worker> workers;
  int ready[2] = {-1, -1};
  int start[2] = {-1, -1};

  static std::string joinedArgs(const std::vector<std::string> &args) {
    std::string text;
    for (size_t i = 1; i < args.size(); ++i)
      text += (i > 1 ? " " : "") + args[i];
    return text;
  }
  void closeFds() {
    for (int *fd : {&ready[0], &ready[1], &start[0], &start[1]})
      if (*fd >= 0) {
        ::close(*fd);
        *fd = -1;
      }
  }
};

/// Requires every worker to have exited 0, showing the log of one that
/// did not.
void requireAllSucceeded(const Workers &workers) {
  for (size_t i = 0; i < workers.size(); ++i) {
    INFO(workers.describe(i));
    REQUIRE(workers.exitCode(i) == 0);
  }
}

/// The plugin's log lines (see plugins/opencl/module.cpp).
const char kHit[] = "acc: opencl: module loaded from cache in ";
const char kMiss[] = "acc: opencl: module built from source in ";
const char kStored[] = "(cache miss, stored ";
const char kDamaged[] = "is damaged";
const char kNotStored[] = "cache miss, not stored";
const char kDisabled[] = "code cache disabled";

/// Requires that the cache under `cacheDir` passes verifyCache, and holds
/// `expected` entries unless that is -1.
void requireWholeEntries(const std::string &cacheDir, int expected = -1) {
  size_t entries = 0;
  std::vector<std::string> problems = verifyCache(cacheDir, entries);
  INFO("the cache folder:\n" << joined(problems));
  CHECK(problems.empty());
  if (expected >= 0)
    CHECK(entries == static_cast<size_t>(expected));
}

/// One worker in `cacheDir` that loads each of `variants` once; requires
/// that it succeeds and that every load is a cache hit.
void requireAllHits(const std::string &cacheDir, const std::string &logDir,
                    const std::vector<std::string> &variants) {
  Workers again(cacheDir, logDir);
  again.spawn(variants);
  again.waitAll();
  requireAllSucceeded(again);
  std::string log = again.log(0);
  INFO(log);
  CHECK(count(log, kHit) == variants.size());
  CHECK(count(log, kMiss) == 0);
  CHECK(count(log, kDamaged) == 0);
}

//===----------------------------------------------------------------------===//
// Tests
//===----------------------------------------------------------------------===//

const char *fsName(Fs fs) {
  return fs == Fs::Slow ? "slow file system" : "normal file system";
}

/// 8 workers at once on a fresh folder.
void startAtOnce(Fs fs) {
  TempDir tmp;
  const std::string cacheDir = tmp.path + "/cache";
  const std::string logDir = tmp.path;
  // Workers 2k and 2k+1 load variant k (a key two workers want) and variant
  // 8 (a key all eight want), in opposite orders, twice over: five entries.
  // All start when the barrier opens, so the first loads miss together and
  // write at once, while the later ones read what others are writing.
  const size_t kWorkers = 8, kRounds = 2, kLoads = kWorkers * kRounds * 2;
  Workers workers(cacheDir, logDir, fs);
  workers.useBarrier();
  for (size_t i = 0; i < kWorkers; ++i) {
    std::string own = std::to_string(i / 2);
    workers.spawn({"--repeat", std::to_string(kRounds), i % 2 ? "8" : own,
                   i % 2 ? own : "8"});
  }
  auto start = std::chrono::steady_clock::now();
  workers.release();
  workers.waitAll();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  requireAllSucceeded(workers);
  requireWholeEntries(cacheDir, 5);

  const std::string logs = workers.allLogs();
  INFO(logs);
  const size_t hits = count(logs, kHit), misses = count(logs, kMiss);
  std::printf("[concurrent, %s] %zu workers, %zu loads in %.2f s: %zu "
              "cache misses (built and stored), %zu hits\n",
              fsName(fs), kWorkers, kLoads, seconds, misses, hits);
  CHECK(hits + misses == kLoads);
  CHECK(misses >= 5); // Each key was missed by its first loader at least.
  CHECK(hits >= kLoads / 2); // Every second round finds its own entries.
  CHECK(count(logs, kStored) == misses);
  CHECK(count(logs, kNotStored) == 0);
  CHECK(count(logs, kDamaged) == 0);
  CHECK(count(logs, kDisabled) == 0);
  requireAllHits(cacheDir, logDir, {"0", "1", "2", "3", "8"});
}

/// Workers loading over and over while the folder is deleted.
void deleteWhileLoading(Fs fs) {
  TempDir tmp;
  const std::string cacheDir = tmp.path + "/cache";
  const std::string logDir = tmp.path;
  // Four workers load two variants each, eight times over; each load reads
  // (and, missing, writes) the cache while the folder keeps vanishing.
  const size_t kWorkers = 4, kRounds = 8;
  Workers workers(cacheDir, logDir, fs);
  workers.useBarrier();
  for (size_t i = 0; i < kWorkers; ++i)
    workers.spawn({"--repeat", std::to_string(kRounds),
                   std::to_string(20 + i % 2), "22"});
  workers.release();
  // Until the last worker has finished: storms of rm -rf of the whole
  // ACC_CACHE_DIR (every 0.5 to 8 ms for 100 ms), each followed by a calm
  // that lasts until some worker has loaded a module from the cache again.
  // Loads meet the folder vanishing at every step, and also find it whole.
  using Clock = std::chrono::steady_clock;
  size_t storms = 0, removed = 0, hitsSeen = 0;
  auto deadline = Clock::now() + std::chrono::seconds(240);
  while (workers.anyRunning()) {
    ++storms;
    auto calm = Clock::now() + std::chrono::milliseconds(100);
    for (int pass = 0; Clock::now() < calm && workers.anyRunning(); ++pass) {
      removed += removeTree(cacheDir) ? 1 : 0;
      std::this_thread::sleep_for(std::chrono::microseconds(500) *
                                  (1 + pass % 16));
    }
    while (workers.anyRunning()) {
      if (Clock::now() > deadline)
        FAIL("workers still running after 240 s");
      size_t hits = count(workers.allLogs(), kHit);
      if (hits > hitsSeen) {
        hitsSeen = hits;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  requireAllSucceeded(workers);
  requireWholeEntries(cacheDir);
  {
    const std::string logs = workers.allLogs();
    INFO(logs);
    const size_t loads = kWorkers * kRounds * 2;
    const size_t hits = count(logs, kHit), misses = count(logs, kMiss);
    std::printf("[deleted, %s] %zu loads by %zu workers while the folder "
                "was deleted %zu times (%zu storms): %zu misses (%zu stored, "
                "%zu not stored, %zu with the cache disabled), %zu hits\n",
                fsName(fs), loads, kWorkers, removed, storms, misses,
                count(logs, kStored), count(logs, kNotStored),
                count(logs, kDisabled), hits);
    CHECK(hits + misses == loads);
    CHECK(count(logs, kDamaged) == 0);
    // The deletions did race with the loads: left alone, a worker misses
    // each variant once at most (8 misses); and some loads still read an
    // entry.
    CHECK(misses > kWorkers * 2);
    CHECK(hits > 0);
    CHECK(removed > 0);
  }

  // The cache recovers: one worker fills it (or finds what survived), the
  // next hits every entry.
  {
    Workers refill(cacheDir, logDir);
    refill.spawn({"20", "21", "22"});
    refill.waitAll();
    requireAllSucceeded(refill);
    INFO(refill.log(0));
    CHECK(count(refill.log(0), kDamaged) == 0);
  }
  requireWholeEntries(cacheDir, 3);
  requireAllHits(cacheDir, logDir, {"20", "21", "22"});
}

} // namespace

TEST_CASE("cache: 8 processes started at once share one folder",
          "[concurrent]") {
  SECTION("normal file system") { startAtOnce(Fs::Normal); }
  SECTION("slow file system") { startAtOnce(Fs::Slow); }
}

TEST_CASE("cache: the folder deleted again and again while processes load",
          "[deleted]") {
  SECTION("normal file system") { deleteWhileLoading(Fs::Normal); }
  SECTION("slow file system") { deleteWhileLoading(Fs::Slow); }
}

TEST_CASE("cache: ACC_LOG=info shows a miss, then a hit, with timings",
          "[log]") {
  TempDir tmp;
  const std::string cacheDir = tmp.path + "/cache";
  // "acc: opencl: module built from source in 945.3 ms (cache miss, stored
  // <path>)", then "acc: opencl: module loaded from cache in 5.6 ms (cache
  // hit, <path>)".
  const std::regex missLine("acc: opencl: module built from source in "
                            "([0-9]+\\.[0-9]) ms \\(cache miss, stored "
                            "(/[^)]+\\.bin)\\)");
  const std::regex hitLine("acc: opencl: module loaded from cache in "
                           "([0-9]+\\.[0-9]) ms \\(cache hit, "
                           "(/[^)]+\\.bin)\\)");
  std::smatch miss, hit;
  std::string first, second;
  {
    Workers workers(cacheDir, tmp.path);
    workers.spawn({"40"});
    workers.waitAll();
    requireAllSucceeded(workers);
    first = workers.log(0);
  }
  {
    Workers workers(cacheDir, tmp.path);
    workers.spawn({"40"});
    workers.waitAll();
    requireAllSucceeded(workers);
    second = workers.log(0);
  }
  INFO("first run:\n" << first << "second run:\n" << second);
  REQUIRE(std::regex_search(first, miss, missLine));
  REQUIRE(std::regex_search(second, hit, hitLine));
  CHECK(count(first, kHit) == 0);
  CHECK(count(second, kMiss) == 0);
  CHECK(miss[2].str() == hit[2].str()); // The entry the first run stored.
  CHECK(std::stod(miss[1].str()) > 0.0);
  CHECK(std::stod(hit[1].str()) > 0.0);
  std::printf("[log] %s\n[log] %s\n", miss[0].str().c_str(),
              hit[0].str().c_str());
}

int main(int argc, char **argv) {
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv))
    return rc;
  // A worker that only looks for the device: 77 means none, so skip.
  try {
    TempDir tmp;
    const std::string log = tmp.path + "/probe.log";
    pid_t pid = -1;
    int status = 0;
    if (int error =
            spawnWorker({ACC_TEST_CACHE_WORKER, "--probe"},
                        workerEnvironment(tmp.path + "/cache"), log, pid)) {
      std::fprintf(stderr, "FAIL: cannot start %s: %s\n", ACC_TEST_CACHE_WORKER,
                   std::strerror(error));
      return kProbeFailed;
    }
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == kSkip) {
      std::printf("%sSKIP: the cache worker found no OpenCL device\n",
                  readFile(log).c_str());
      return kSkip;
    }
    if (code != 0) {
      std::fprintf(stderr, "FAIL: the probe worker exited with %d:\n%s", code,
                   readFile(log).c_str());
      return kProbeFailed;
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "FAIL: %s\n", e.what());
    return kProbeFailed;
  }
  return session.run();
}
