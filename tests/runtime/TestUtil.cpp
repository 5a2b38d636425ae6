//===- TestUtil.cpp - Shared helpers of the runtime tests -----------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>

namespace acctest {

using namespace acc::bundle;

uint32_t get32(const std::vector<uint8_t> &b, size_t off) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | b.at(off + i);
  return v;
}
uint64_t get64(const std::vector<uint8_t> &b, size_t off) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | b.at(off + i);
  return v;
}
void put32(std::vector<uint8_t> &b, size_t off, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b.at(off + i) = uint8_t(v >> (8 * i));
}
void put64(std::vector<uint8_t> &b, size_t off, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    b.at(off + i) = uint8_t(v >> (8 * i));
}

void reseal(std::vector<uint8_t> &bytes) {
  if (bytes.size() < 32)
    return;
  std::vector<uint8_t> copy = bytes;
  put64(copy, 24, 0);
  put64(bytes, 24, XXH3_64bits(copy.data(), copy.size()));
}

std::string pluginDir(const std::string &name) {
  return std::string(ACC_TEST_PLUGIN_ROOT) + "/" + name;
}

std::string dataPath(const std::string &name) {
  return std::string(ACC_TEST_DATA_DIR) + "/" + name;
}

void writeFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  FILE *f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  if (!bytes.empty())
    REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
  std::fclose(f);
}

Runtime::Runtime(const std::vector<std::string> &paths, bool onlyThese) {
  ::unsetenv("ACC_BACKEND");
  std::vector<const char *> p;
  for (const auto &s : paths)
    p.push_back(s.c_str());
  acc_init_options_t options;
  acc_init_options_init(&options);
  options.plugin_paths = p.data();
  options.plugin_path_count = uint32_t(p.size());
  if (onlyThese)
    options.flags |= ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS;
  result = acc_init(&options);
}

Runtime::~Runtime() { acc_shutdown(); }

mock_state_t *mockState() {
  std::string path = pluginDir("mock") + "/libacc_plugin_mock.so.1";
  void *h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (!h)
    return nullptr;
  auto fn = reinterpret_cast<mock_state_fn_t>(::dlsym(h, "mock_state"));
  mock_state_t *state = fn ? fn() : nullptr;
  ::dlclose(h); // Drops only the reference RTLD_NOLOAD added.
  return state;
}

acc_device_t mockDevice(uint32_t index) {
  uint32_t count = 0;
  REQUIRE(acc_backend_count(&count) == ACC_SUCCESS);
  for (uint32_t i = 0; i < count; ++i) {
    acc_backend_info_t info{};
    info.struct_size = sizeof(info);
    REQUIRE(acc_backend_get_info(i, &info) == ACC_SUCCESS);
    if (std::string(info.name) == "mock" && info.status == ACC_SUCCESS) {
      REQUIRE(index < info.device_count);
      acc_device_t d = nullptr;
      REQUIRE(acc_device_get(info.first_device_index + index, &d) ==
              ACC_SUCCESS);
      return d;
    }
  }
  FAIL("the mock backend is not loaded");
  return nullptr;
}

ScopedEnv::ScopedEnv(const char *n, const char *value) : name(n) {
  const char *o = std::getenv(n);
  had = o != nullptr;
  if (o)
    old = o;
  if (value)
    ::setenv(n, value, 1);
  else
    ::unsetenv(n);
}

ScopedEnv::~ScopedEnv() {
  if (had)
    ::setenv(name.c_str(), old.c_str(), 1);
  else
    ::unsetenv(name.c_str());
}

} // namespace acctest
