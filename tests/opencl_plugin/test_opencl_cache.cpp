//===- test_opencl_cache.cpp - The opencl plugin's program-binary cache ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Drives the plugin file (ACC_TEST_OPENCL_PLUGIN) through its C ABI with a
// host whose log callback records every line, and points ACC_CACHE_DIR at a
// fresh temporary folder per test. The log lines say whether a module was
// built from source (and stored) or loaded from the cache; the kernel must
// compute the right result either way. Without an OpenCL device the test
// exits 77 (ctest: skipped).
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "acc/acc_plugin.h"

#include <dirent.h>
#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <vector>

namespace {

const char kSource[] = R"CL(
kernel void scale(global float* y, float a) {
  size_t i = get_global_id(0);
  y[i] = a * y[i] + 1.0f;
}
)CL";

std::mutex logMutex;
std::vector<std::string> logLines;
std::string lastMessage;

void hostSetError(acc_result_t, const char *message) {
  lastMessage = message ? message : "";
}
void hostLog(acc_log_level_t, const char *message) {
  std::lock_guard<std::mutex> lock(logMutex);
  logLines.push_back(message ? message : "");
}
const acc_plugin_host_v1_t kHost = {sizeof(acc_plugin_host_v1_t), 0,
                                    hostSetError, hostLog};

struct Plugin {
  const acc_plugin_v1_t *api = nullptr;
  acc_result_t initResult = ACC_ERROR_NOT_INITIALIZED;
  acc_plugin_device_t device = nullptr;
  acc_plugin_queue_t queue = nullptr;
  Plugin() {
    void *library = dlopen(ACC_TEST_OPENCL_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      std::fprintf(stderr, "cannot load %s: %s\n", ACC_TEST_OPENCL_PLUGIN,
                   dlerror());
      std::exit(1);
    }
    auto query = reinterpret_cast<acc_plugin_query_fn_t>(
        dlsym(library, ACC_PLUGIN_ENTRY_NAME));
    if (!query || query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &api) !=
                      ACC_SUCCESS) {
      std::fprintf(stderr, "acc_plugin_query failed\n");
      std::exit(1);
    }
    initResult = api->init(&kHost);
    if (initResult == ACC_SUCCESS &&
        (api->device_get(0, &device) != ACC_SUCCESS ||
         api->queue_create(device, &queue) != ACC_SUCCESS))
      initResult = ACC_ERROR_INTERNAL;
  }
};

Plugin &plugin() {
  static Plugin instance;
  return instance;
}

/// A fresh, private temporary folder, removed (with its files) at the end.
struct TempDir {
  std::string path;
  TempDir() {
    const char *tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/acc-cache-test-XXXXXX";
    REQUIRE(::mkdtemp(&pattern[0]) != nullptr);
    path = pattern;
  }
  ~TempDir() { removeTree(path); }
  static void removeTree(const std::string &dir) {
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
    ::rmdir(dir.c_str());
  }
};

/// Sets (or clears) an environment variable for a scope.
struct ScopedEnv {
  std::string name;
  bool had = false;
  std::string old;
  ScopedEnv(const char *n, const char *value) : name(n) {
    if (const char *o = std::getenv(n)) {
      had = true;
      old = o;
    }
    if (value)
      ::setenv(n, value, 1);
    else
      ::unsetenv(n);
  }
  ~ScopedEnv() {
    if (had)
      ::setenv(name.c_str(), old.c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

/// Files in `dir` (not recursive; "" for a missing folder).
std::vector<std::string> filesIn(const std::string &dir) {
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

/// The log lines written while `body` ran.
template <typename Fn> std::vector<std::string> logged(Fn &&body) {
  {
    std::lock_guard<std::mutex> lock(logMutex);
    logLines.clear();
  }
  body();
  std::lock_guard<std::mutex> lock(logMutex);
  return logLines;
}

bool anyContains(const std::vector<std::string> &lines, const char *text) {
  for (const std::string &line : lines)
    if (line.find(text) != std::string::npos)
      return true;
  return false;
}

std::string joined(const std::vector<std::string> &lines) {
  std::string all;
  for (const std::string &line : lines)
    all += line + "\n";
  return all;
}

/// Creates a module of kSource, runs `scale` on 256 floats, checks the
/// result and releases the module.
void loadAndRun() {
  const acc_plugin_v1_t &api = *plugin().api;
  acc_arg_info_t args[2] = {};
  args[0].name = "y";
  args[0].type_name = "float*";
  args[0].kind = ACC_ARG_KIND_BUFFER;
  args[0].address_space = ACC_ADDRESS_SPACE_GLOBAL;
  args[0].access = ACC_ACCESS_READ | ACC_ACCESS_WRITE;
  args[0].scalar_type = ACC_SCALAR_TYPE_F32;
  args[0].size = sizeof(void *);
  args[0].alignment = sizeof(void *);
  args[1].name = "a";
  args[1].type_name = "float";
  args[1].kind = ACC_ARG_KIND_SCALAR;
  args[1].address_space = ACC_ADDRESS_SPACE_PRIVATE;
  args[1].scalar_type = ACC_SCALAR_TYPE_F32;
  args[1].size = 4;
  args[1].alignment = 4;
  acc_kernel_info_t info{};
  info.name = "scale";
  info.arg_count = 2;
  info.args = args;
  acc_plugin_module_desc_t desc{};
  desc.struct_size = sizeof(desc);
  desc.target = ACC_TARGET_OPENCL_C;
  desc.code = kSource;
  desc.code_size = std::strlen(kSource);
  desc.arch = "opencl-c";
  desc.kernel_count = 1;
  desc.kernels = &info;

  acc_plugin_module_t module = nullptr;
  acc_result_t result = api.module_create(plugin().device, &desc, &module);
  INFO(lastMessage);
  REQUIRE(result == ACC_SUCCESS);
  acc_plugin_kernel_t kernel = nullptr;
  REQUIRE(api.kernel_get(module, "scale", &kernel) == ACC_SUCCESS);

  const size_t n = 256;
  std::vector<float> y(n);
  for (size_t i = 0; i < n; ++i)
    y[i] = static_cast<float>(i);
  acc_plugin_buffer_t buffer = nullptr;
  REQUIRE(api.buffer_create(plugin().device, n * sizeof(float),
                            ACC_BUFFER_READ_WRITE, &buffer) == ACC_SUCCESS);
  REQUIRE(api.buffer_write(plugin().queue, buffer, 0, n * sizeof(float),
                           y.data(), true) == ACC_SUCCESS);
  const float a = 3.0f;
  acc_plugin_arg_t launchArgs[2] = {};
  launchArgs[0].kind = ACC_ARG_KIND_BUFFER;
  launchArgs[0].u.buffer = buffer;
  launchArgs[1].kind = ACC_ARG_KIND_SCALAR;
  launchArgs[1].size = sizeof(a);
  launchArgs[1].u.value = &a;
  acc_plugin_launch_desc_t launch{};
  launch.struct_size = sizeof(launch);
  launch.work_dim = 1;
  launch.global_size[0] = n;
  launch.global_size[1] = launch.global_size[2] = 1;
  launch.local_size[0] = 64;
  launch.local_size[1] = launch.local_size[2] = 1;
  launch.arg_count = 2;
  launch.args = launchArgs;
  result = api.launch(plugin().queue, kernel, &launch);
  INFO(lastMessage);
  REQUIRE(result == ACC_SUCCESS);
  std::vector<float> got(n);
  REQUIRE(api.buffer_read(plugin().queue, buffer, 0, n * sizeof(float),
                          got.data(), true) == ACC_SUCCESS);
  for (size_t i = 0; i < n; ++i)
    REQUIRE(got[i] == a * static_cast<float>(i) + 1.0f);
  api.buffer_release(buffer);
  REQUIRE(api.module_release(module) == ACC_SUCCESS);
}

} // namespace

TEST_CASE("cache: a miss stores one entry, the next module hits it",
          "[cache]") {
  TempDir dir;
  ScopedEnv cacheDir("ACC_CACHE_DIR", dir.path.c_str());
  ScopedEnv cache("ACC_CACHE", nullptr);

  std::vector<std::string> first = logged(loadAndRun);
  INFO(joined(first));
  REQUIRE(anyContains(first, "module built from source in"));
  REQUIRE(anyContains(first, "cache miss, stored"));
  std::vector<std::string> entries = filesIn(dir.path + "/opencl");
  REQUIRE(entries.size() == 1);
  REQUIRE(entries[0].size() == 16 + 4);
  REQUIRE(entries[0].substr(16) == ".bin");

  struct stat st;
  REQUIRE(::stat((dir.path + "/opencl").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  REQUIRE(::stat((dir.path + "/opencl/" + entries[0]).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  std::vector<std::string> second = logged(loadAndRun);
  INFO(joined(second));
  REQUIRE(anyContains(second, "module loaded from cache in "));
  const std::string hit =
      " ms (cache hit, " + dir.path + "/opencl/" + entries[0] + ")";
  REQUIRE(anyContains(second, hit.c_str()));
  REQUIRE(!anyContains(second, "built from source"));
  REQUIRE(filesIn(dir.path + "/opencl").size() == 1);
}

TEST_CASE("cache: an entry with one payload byte flipped is rebuilt",
          "[cache]") {
  TempDir dir;
  ScopedEnv cacheDir("ACC_CACHE_DIR", dir.path.c_str());
  ScopedEnv cache("ACC_CACHE", nullptr);
  logged(loadAndRun);
  std::vector<std::string> entries = filesIn(dir.path + "/opencl");
  REQUIRE(entries.size() == 1);
  const std::string path = dir.path + "/opencl/" + entries[0];

  std::vector<char> bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  REQUIRE(bytes.size() > 32);
  const std::vector<char> original = bytes;
  bytes[32 + (bytes.size() - 32) / 2] ^= 0x01; // One bit of the payload.
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  std::vector<std::string> lines = logged(loadAndRun);
  INFO(joined(lines));
  REQUIRE(anyContains(lines, "is damaged"));
  REQUIRE(anyContains(lines, "payload hash mismatch"));
  REQUIRE(anyContains(lines, "module built from source in"));
  REQUIRE(!anyContains(lines, "loaded from cache"));

  // Rewritten valid: the same bytes as the first store, and a hit next.
  std::vector<char> rewritten;
  {
    std::ifstream in(path, std::ios::binary);
    rewritten.assign(std::istreambuf_iterator<char>(in), {});
  }
  CHECK(rewritten.size() == original.size());
  std::vector<std::string> again = logged(loadAndRun);
  INFO(joined(again));
  REQUIRE(anyContains(again, "module loaded from cache"));
}

TEST_CASE("cache: a truncated entry or a bad header is rebuilt", "[cache]") {
  TempDir dir;
  ScopedEnv cacheDir("ACC_CACHE_DIR", dir.path.c_str());
  ScopedEnv cache("ACC_CACHE", nullptr);
  logged(loadAndRun);
  std::vector<std::string> entries = filesIn(dir.path + "/opencl");
  REQUIRE(entries.size() == 1);
  const std::string path = dir.path + "/opencl/" + entries[0];
  REQUIRE(::truncate(path.c_str(), 40) == 0);
  std::vector<std::string> lines = logged(loadAndRun);
  INFO(joined(lines));
  REQUIRE(anyContains(lines, "is damaged"));
  REQUIRE(anyContains(lines, "module built from source in"));

  // The same file under another key's name: a key mismatch.
  std::string other = dir.path + "/opencl/0000000000000000.bin";
  REQUIRE(::rename(path.c_str(), other.c_str()) == 0);
  REQUIRE(::symlink(other.c_str(), path.c_str()) == 0);
  lines = logged(loadAndRun);
  INFO(joined(lines));
  // A symlink in place of the entry is never followed.
  REQUIRE(anyContains(lines, "is damaged"));
  REQUIRE(anyContains(lines, "module built from source in"));
  struct stat st;
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
}

TEST_CASE("cache: ACC_CACHE=0 writes nothing", "[cache]") {
  TempDir dir;
  ScopedEnv cacheDir("ACC_CACHE_DIR", dir.path.c_str());
  ScopedEnv cache("ACC_CACHE", "0");
  std::vector<std::string> lines = logged(loadAndRun);
  INFO(joined(lines));
  REQUIRE(anyContains(lines, "cache disabled"));
  REQUIRE(filesIn(dir.path).empty());
}

TEST_CASE("cache: a folder other users can write is refused", "[cache]") {
  TempDir dir;
  REQUIRE(::chmod(dir.path.c_str(), 0777) == 0);
  ScopedEnv cacheDir("ACC_CACHE_DIR", dir.path.c_str());
  ScopedEnv cache("ACC_CACHE", nullptr);
  std::vector<std::string> lines = logged(loadAndRun);
  INFO(joined(lines));
  REQUIRE(anyContains(lines, "code cache disabled"));
  REQUIRE(anyContains(lines, "writable by other users"));
  std::vector<std::string> names = filesIn(dir.path);
  // mkdir -p may have made opencl/ (mode 0700), but no entry is written.
  for (const std::string &name : names)
    REQUIRE(filesIn(dir.path + "/" + name).empty());
}

TEST_CASE("cache: a symlinked cache folder is refused", "[cache]") {
  TempDir dir, target;
  std::string link = dir.path + "/link";
  REQUIRE(::symlink(target.path.c_str(), link.c_str()) == 0);
  ScopedEnv cacheDir("ACC_CACHE_DIR", link.c_str());
  ScopedEnv cache("ACC_CACHE", nullptr);
  std::vector<std::string> lines = logged(loadAndRun);
  INFO(joined(lines));
  REQUIRE(anyContains(lines, "symbolic link"));
  for (const std::string &name : filesIn(target.path))
    REQUIRE(filesIn(target.path + "/" + name).empty());
}

int main(int argc, char **argv) {
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv))
    return rc;
  if (plugin().initResult != ACC_SUCCESS) {
    std::printf("SKIP: no OpenCL device (%s)\n", lastMessage.c_str());
    return 77;
  }
  return session.run();
}
