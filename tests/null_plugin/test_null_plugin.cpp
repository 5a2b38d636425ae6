//===- test_null_plugin.cpp - The null plugin template --------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The null plugin (plugins/null) is the skeleton new backends are copied
// from. It must load and report no device with its reason, checked through
// its C ABI (the plugin file dlopen()ed) and through libacc, which lists it
// with that reason. What every plugin's entries do with invalid handles is
// plugins/common's, checked by acc-cts (cts.null).
//
//===----------------------------------------------------------------------===//
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "acc/acc.h"
#include "acc/acc_plugin.h"

#include <dlfcn.h>

#include <cstdlib>
#include <string>

namespace {

const char kReason[] =
    "the null plugin has no devices; it is a template to copy";

thread_local acc_result_t lastCode = ACC_SUCCESS;
thread_local std::string lastMessage;

void hostSetError(acc_result_t code, const char *message) {
  lastCode = code;
  lastMessage = message ? message : "";
}
void hostLog(acc_log_level_t, const char *) {}
const acc_plugin_host_v1_t kHost = {sizeof(acc_plugin_host_v1_t), 0,
                                    hostSetError, hostLog};

const acc_plugin_v1_t &api() {
  static const acc_plugin_v1_t *table = [] {
    void *library = dlopen(ACC_TEST_NULL_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    if (!library)
      FAIL("cannot load " ACC_TEST_NULL_PLUGIN ": " << dlerror());
    auto query = reinterpret_cast<acc_plugin_query_fn_t>(
        dlsym(library, ACC_PLUGIN_ENTRY_NAME));
    if (!query)
      FAIL("no " ACC_PLUGIN_ENTRY_NAME " in the plugin");
    const acc_plugin_v1_t *t = nullptr;
    if (query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &t) != ACC_SUCCESS)
      FAIL("acc_plugin_query failed");
    return t;
  }();
  return *table;
}

} // namespace

TEST_CASE("null plugin: loads and has no device, with a reason",
          "[null][runtime]") {
  const acc_plugin_v1_t &t = api();
  CHECK(std::string(t.name) == "null");
  CHECK(t.abi_major == ACC_PLUGIN_ABI_MAJOR);
  CHECK(t.struct_size == sizeof(acc_plugin_v1_t));
  CHECK(t.init);
  CHECK(t.shutdown);
  CHECK(t.launch);

  // The query refuses another major, as every plugin must.
  const acc_plugin_v1_t *other = nullptr;
  auto query = reinterpret_cast<acc_plugin_query_fn_t>(
      dlsym(dlopen(ACC_TEST_NULL_PLUGIN, RTLD_NOW | RTLD_NOLOAD),
            ACC_PLUGIN_ENTRY_NAME));
  REQUIRE(query);
  CHECK(query(ACC_PLUGIN_ABI_MAJOR + 1, 0, &other) == ACC_ERROR_ABI_VERSION);

  lastMessage.clear();
  CHECK(t.init(&kHost) == ACC_ERROR_NO_DEVICE);
  CHECK(lastMessage == kReason);
  uint32_t count = 99;
  CHECK(t.device_count(&count) == ACC_SUCCESS);
  CHECK(count == 0);
  acc_plugin_device_t device = nullptr;
  lastMessage.clear();
  CHECK(t.device_get(0, &device) == ACC_ERROR_NOT_FOUND);
  CHECK(lastMessage.find("has 0 device(s)") != std::string::npos);
  t.shutdown();

  // init() may run again after shutdown().
  CHECK(t.init(&kHost) == ACC_ERROR_NO_DEVICE);
  t.shutdown();
  CHECK(t.device_count(&count) == ACC_ERROR_NOT_INITIALIZED);
}

TEST_CASE("null plugin: libacc lists it with its reason", "[null][runtime]") {
  ::unsetenv("ACC_BACKEND");
  const char *paths[] = {ACC_TEST_NULL_PLUGIN};
  acc_init_options_t options;
  acc_init_options_init(&options);
  options.plugin_paths = paths;
  options.plugin_path_count = 1;
  options.flags |= ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS;
  REQUIRE(acc_init(&options) == ACC_SUCCESS);
  acc_backend_info_t b{};
  b.struct_size = sizeof(b);
  REQUIRE(acc_backend_get_info(0, &b) == ACC_SUCCESS);
  CHECK(std::string(b.name) == "null");
  CHECK(b.status == ACC_ERROR_NO_DEVICE);
  CHECK(std::string(b.status_message) == kReason);
  CHECK(b.device_count == 0);

  ::setenv("ACC_BACKEND", "null", 1);
  acc_device_t device = nullptr;
  CHECK(acc_device_get_default(&device) == ACC_ERROR_NO_DEVICE);
  CHECK(std::string(acc_last_error_message()).find(kReason) !=
        std::string::npos);
  ::unsetenv("ACC_BACKEND");
  acc_shutdown();
}
