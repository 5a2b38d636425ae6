//===- LoaderTest.cpp - Tests of plugin discovery and loading -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Every way a plugin can fail to load is reported with its status and a
// reason (never dropped, never a crash), duplicates are loaded once, a
// smaller table from an older minor version loads, and ACC_BACKEND picks
// devices as documented.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"
#include "acc/acc_plugin.h"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace acctest;

namespace {

struct BackendView {
  acc_result_t status;
  std::string name, path, version, message;
  uint32_t abiMajor, abiMinor, devices;
};

std::vector<BackendView> backends() {
  uint32_t count = 0;
  REQUIRE(acc_backend_count(&count) == ACC_SUCCESS);
  std::vector<BackendView> out;
  for (uint32_t i = 0; i < count; ++i) {
    acc_backend_info_t info{};
    info.struct_size = sizeof(info);
    REQUIRE(acc_backend_get_info(i, &info) == ACC_SUCCESS);
    out.push_back({info.status, info.name, info.plugin_path, info.version,
                   info.status_message, info.abi_major, info.abi_minor,
                   info.device_count});
  }
  return out;
}

bool contains(const std::string &s, const std::string &needle) {
  return s.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("loader: an empty plugin folder gives a clean no-device error",
          "[loader]") {
  Runtime rt({pluginDir("empty")});
  REQUIRE(rt.result == ACC_SUCCESS);
  CHECK(backends().empty());
  uint32_t n = 99;
  REQUIRE(acc_device_count(&n) == ACC_SUCCESS);
  CHECK(n == 0);
  acc_device_t d = nullptr;
  CHECK(acc_device_get_default(&d) == ACC_ERROR_NO_DEVICE);
  CHECK(contains(acc_last_error_message(), "no acc backend plugin was found"));
  CHECK(acc_device_get(0, &d) == ACC_ERROR_NOT_FOUND);
}

TEST_CASE("loader: a nonexistent plugin folder is skipped", "[loader]") {
  Runtime rt({pluginDir("no-such-folder")});
  REQUIRE(rt.result == ACC_SUCCESS);
  CHECK(backends().empty());
}

TEST_CASE("loader: the mock plugin loads with its devices", "[loader]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 1);
  CHECK(b[0].status == ACC_SUCCESS);
  CHECK(b[0].name == "mock");
  CHECK(b[0].version == "1.0.0-mock");
  CHECK(b[0].abiMajor == ACC_PLUGIN_ABI_MAJOR);
  CHECK(b[0].abiMinor == ACC_PLUGIN_ABI_MINOR);
  CHECK(b[0].devices == 1);
  CHECK(b[0].message.empty());
  CHECK(contains(b[0].path, "libacc_plugin_mock.so.1"));

  acc_device_t d = nullptr;
  REQUIRE(acc_device_get_default(&d) == ACC_SUCCESS);
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  REQUIRE(acc_device_get_info(d, &info) == ACC_SUCCESS);
  CHECK(std::string(info.name) == "Mock Device 0");
  CHECK(std::string(info.backend) == "mock");
  CHECK(info.max_work_group_size == 256);
  REQUIRE(mockState() != nullptr);
  CHECK(mockState()->init_calls == 1);
}

/// "ABI 1.1": how messages name this runtime's plugin ABI.
#define ACC_TEST_STR2(x) #x
#define ACC_TEST_STR(x) ACC_TEST_STR2(x)
const std::string kRuntimeAbi = "ABI " ACC_TEST_STR(ACC_PLUGIN_ABI_MAJOR) "." ACC_TEST_STR(ACC_PLUGIN_ABI_MINOR);

TEST_CASE("loader: a plugin built for another ABI major is reported",
          "[loader]") {
  Runtime rt({pluginDir("badmajor"), pluginDir("future"), pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 3);
  // Unknown names sort alphabetically.
  CHECK(b[0].name == "badmajor");
  CHECK(b[1].name == "future");
  CHECK(b[2].name == "mock");

  CHECK(b[0].status == ACC_ERROR_ABI_VERSION);
  CHECK(b[0].devices == 0);
  CHECK(b[0].abiMajor == 2);
  INFO(b[0].message);
  CHECK(contains(b[0].message, "ABI 2.3"));
  CHECK(contains(b[0].message, kRuntimeAbi));

  // libacc_plugin_future.so.2 refuses ABI 1 in its query.
  CHECK(b[1].status == ACC_ERROR_ABI_VERSION);
  INFO(b[1].message);
  CHECK(contains(b[1].message, "ABI major 2"));
  CHECK(contains(b[1].message, kRuntimeAbi));

  // The good plugin still works; device numbering skips the failures.
  CHECK(b[2].status == ACC_SUCCESS);
  uint32_t n = 0;
  REQUIRE(acc_device_count(&n) == ACC_SUCCESS);
  CHECK(n == 1);
}

TEST_CASE("loader: a file that is not a plugin is reported", "[loader]") {
  Runtime rt({pluginDir("bogus"), pluginDir("noentry")});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 2);
  CHECK(b[0].name == "bogus");
  CHECK(b[0].status == ACC_ERROR_PLUGIN_LOAD);
  INFO(b[0].message);
  CHECK(contains(b[0].message, "cannot load the plugin"));
  CHECK(b[1].name == "noentry");
  CHECK(b[1].status == ACC_ERROR_PLUGIN_LOAD);
  CHECK(contains(b[1].message, "acc_plugin_query"));

  acc_device_t d;
  CHECK(acc_device_get_default(&d) == ACC_ERROR_NO_DEVICE);
  ScopedEnv env("ACC_BACKEND", "bogus");
  CHECK(acc_device_get_default(&d) == ACC_ERROR_PLUGIN_LOAD);
  CHECK(contains(acc_last_error_message(), "cannot load the plugin"));
}

TEST_CASE("loader: a plugin of an older minor (smaller table) loads",
          "[loader]") {
  Runtime rt({pluginDir("oldminor")});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 1);
  CHECK(b[0].status == ACC_SUCCESS);
  CHECK(b[0].devices == 1);
  // Entries up to its struct_size work.
  acc_device_t d;
  REQUIRE(acc_device_get(0, &d) == ACC_SUCCESS);
  acc_buffer_t buf;
  REQUIRE(acc_buffer_create(d, 64, 0, &buf) == ACC_SUCCESS);
  acc_queue_t q;
  REQUIRE(acc_queue_create(d, &q) == ACC_SUCCESS);
  uint32_t pattern = 7, out[16];
  REQUIRE(acc_buffer_fill(q, buf, 0, 64, &pattern, 4) == ACC_SUCCESS);
  REQUIRE(acc_buffer_read(q, buf, 0, 64, out) == ACC_SUCCESS);
  CHECK(out[15] == 7);
  CHECK(acc_queue_release(q) == ACC_SUCCESS);
  CHECK(acc_buffer_release(buf) == ACC_SUCCESS);
}

TEST_CASE("loader: a table smaller than ABI 1.0's is refused", "[loader]") {
  Runtime rt({pluginDir("tiny")});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 1);
  CHECK(b[0].status == ACC_ERROR_PLUGIN_LOAD);
  INFO(b[0].message);
  CHECK(contains(b[0].message, "smaller than"));
}

TEST_CASE("loader: a plugin without devices gives its reason", "[loader]") {
  Runtime rt({pluginDir("nodevice"), pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 2);
  CHECK(b[1].name == "nodevice");
  CHECK(b[1].status == ACC_ERROR_NO_DEVICE);
  CHECK(b[1].message == "libmockdriver.so.1 not found");

  acc_device_t d;
  ScopedEnv env("ACC_BACKEND", "nodevice");
  CHECK(acc_device_get_default(&d) == ACC_ERROR_NO_DEVICE);
  std::string msg = acc_last_error_message();
  CHECK(contains(msg, "ACC_BACKEND=nodevice"));
  CHECK(contains(msg, "libmockdriver.so.1 not found"));
}

TEST_CASE("loader: zero devices from a loaded plugin", "[loader]") {
  ScopedEnv devices("ACC_MOCK_DEVICES", "0");
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 1);
  CHECK(b[0].status == ACC_ERROR_NO_DEVICE);
  CHECK(contains(b[0].message, "ACC_MOCK_DEVICES is 0"));
  acc_device_t d;
  CHECK(acc_device_get_default(&d) == ACC_ERROR_NO_DEVICE);
  CHECK(contains(acc_last_error_message(), "ACC_MOCK_DEVICES is 0"));
}

TEST_CASE("loader: ACC_BACKEND selects backends and devices", "[loader]") {
  ScopedEnv devices("ACC_MOCK_DEVICES", "3");
  Runtime rt({pluginDir("mock"), pluginDir("nodevice")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = nullptr;
  acc_device_info_t info{};
  info.struct_size = sizeof(info);

  SECTION("unknown name lists the available backends") {
    ScopedEnv env("ACC_BACKEND", "nonexistent");
    CHECK(acc_device_get_default(&d) == ACC_ERROR_NOT_FOUND);
    CHECK(std::string(acc_last_error_message()) ==
          "ACC_BACKEND=nonexistent: no such backend; available: mock, "
          "nodevice");
  }
  SECTION("name:index") {
    ScopedEnv env("ACC_BACKEND", "mock:2");
    REQUIRE(acc_device_get_default(&d) == ACC_SUCCESS);
    REQUIRE(acc_device_get_info(d, &info) == ACC_SUCCESS);
    CHECK(std::string(info.name) == "Mock Device 2");
  }
  SECTION("index out of range") {
    ScopedEnv env("ACC_BACKEND", "mock:3");
    CHECK(acc_device_get_default(&d) == ACC_ERROR_NOT_FOUND);
    CHECK(contains(acc_last_error_message(), "3 device(s)"));
  }
  SECTION("malformed index") {
    ScopedEnv env("ACC_BACKEND", "mock:x");
    CHECK(acc_device_get_default(&d) == ACC_ERROR_INVALID_ARGUMENT);
  }
  SECTION("list in order of preference") {
    ScopedEnv env("ACC_BACKEND", "nonexistent, nodevice,mock:1");
    REQUIRE(acc_device_get_default(&d) == ACC_SUCCESS);
    REQUIRE(acc_device_get_info(d, &info) == ACC_SUCCESS);
    CHECK(std::string(info.name) == "Mock Device 1");
  }
  SECTION("list where nothing matches reports the first failure") {
    ScopedEnv env("ACC_BACKEND", "nonexistent,nodevice");
    CHECK(acc_device_get_default(&d) == ACC_ERROR_NOT_FOUND);
    std::string msg = acc_last_error_message();
    CHECK(contains(msg, "nonexistent"));
    CHECK(contains(msg, "libmockdriver.so.1 not found"));
  }
  SECTION("unset picks the first device") {
    ScopedEnv env("ACC_BACKEND", nullptr);
    REQUIRE(acc_device_get_default(&d) == ACC_SUCCESS);
    REQUIRE(acc_device_get_info(d, &info) == ACC_SUCCESS);
    CHECK(std::string(info.name) == "Mock Device 0");
  }
}

TEST_CASE("loader: lazy initialisation never renumbers a device",
          "[loader]") {
  // ACC_BACKEND=oldminor initialises that backend alone; "mock" sorts before
  // it, so a renumbering in backend order would move the devices the
  // application already holds from indices 0 and 1 to 2 and 3.
  ScopedEnv devices("ACC_MOCK_DEVICES", "2");
  Runtime rt({pluginDir("mock"), pluginDir("oldminor")});
  REQUIRE(rt.result == ACC_SUCCESS);
  ScopedEnv env("ACC_BACKEND", "oldminor");
  acc_device_t first = nullptr;
  REQUIRE(acc_device_get_default(&first) == ACC_SUCCESS);
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  REQUIRE(acc_device_get_info(first, &info) == ACC_SUCCESS);
  CHECK(std::string(info.backend) == "oldminor");

  uint32_t count = 0;
  REQUIRE(acc_device_count(&count) == ACC_SUCCESS); // Initialises "mock".
  CHECK(count == 4);
  acc_device_t d = nullptr;
  REQUIRE(acc_device_get(0, &d) == ACC_SUCCESS);
  CHECK(d == first);
  // The later backend's devices follow, and its backend info says where.
  REQUIRE(acc_device_get(2, &d) == ACC_SUCCESS);
  REQUIRE(acc_device_get_info(d, &info) == ACC_SUCCESS);
  CHECK(std::string(info.name) == "Mock Device 0");
  CHECK(std::string(info.backend) == "mock");
  acc_backend_info_t b{};
  b.struct_size = sizeof(b);
  REQUIRE(acc_backend_get_info(0, &b) == ACC_SUCCESS);
  CHECK(std::string(b.name) == "mock");
  CHECK(b.first_device_index == 2);
  REQUIRE(acc_backend_get_info(1, &b) == ACC_SUCCESS);
  CHECK(b.first_device_index == 0);
}

TEST_CASE("loader: a backend name is loaded once, the first wins",
          "[loader]") {
  Runtime rt({pluginDir("mock"), pluginDir("dup")});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 1);
  CHECK(b[0].version == "1.0.0-mock");
  CHECK(contains(b[0].path, "/mock/"));
}

TEST_CASE("loader: the same folder given twice is searched once",
          "[loader]") {
  Runtime rt({pluginDir("mock"), pluginDir("mock") + "/"});
  REQUIRE(rt.result == ACC_SUCCESS);
  CHECK(backends().size() == 1);
}

TEST_CASE("loader: explicit plugin files are loaded whatever their folder",
          "[loader]") {
  Runtime rt({pluginDir("dup") + "/libacc_plugin_mock.so.1"});
  REQUIRE(rt.result == ACC_SUCCESS);
  auto b = backends();
  REQUIRE(b.size() == 1);
  CHECK(b[0].version == "2.0.0-duplicate");
}

TEST_CASE("loader: ACC_PLUGIN_PATH is searched after the options' paths",
          "[loader]") {
  std::string path = pluginDir("empty") + ":" + pluginDir("dup") + "::" +
                     pluginDir("nodevice");
  ScopedEnv env("ACC_PLUGIN_PATH", path.c_str());
  Runtime rt({pluginDir("mock")}, /*onlyThese=*/false);
  REQUIRE(rt.result == ACC_SUCCESS);
  bool sawMock = false, sawNoDevice = false;
  for (const auto &b : backends()) {
    if (b.name == "mock") {
      CHECK_FALSE(sawMock);
      sawMock = true;
      CHECK(b.version == "1.0.0-mock"); // Options first, then the env var.
    }
    sawNoDevice |= b.name == "nodevice";
  }
  CHECK(sawMock);
  CHECK(sawNoDevice);
}

TEST_CASE("loader: ACC_PLUGIN_PATH is ignored with NO_DEFAULT_PLUGIN_PATHS",
          "[loader]") {
  ScopedEnv env("ACC_PLUGIN_PATH", pluginDir("mock").c_str());
  Runtime rt({pluginDir("empty")});
  REQUIRE(rt.result == ACC_SUCCESS);
  CHECK(backends().empty());
}

TEST_CASE("loader: init is idempotent and re-init after shutdown works",
          "[loader]") {
  {
    Runtime rt({pluginDir("mock")});
    REQUIRE(rt.result == ACC_SUCCESS);
    // A second init keeps the first configuration.
    acc_init_options_t options;
    acc_init_options_init(&options);
    options.flags = ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS;
    REQUIRE(acc_init(&options) == ACC_SUCCESS);
    CHECK(backends().size() == 1);
  }
  uint32_t n;
  CHECK(acc_device_count(&n) == ACC_ERROR_NOT_INITIALIZED);
  acc_shutdown(); // Harmless when not initialised.
  {
    Runtime rt({pluginDir("mock")});
    REQUIRE(rt.result == ACC_SUCCESS);
    REQUIRE(acc_device_count(&n) == ACC_SUCCESS);
    CHECK(n == 1);
  }
}

TEST_CASE("loader: bad init options are refused", "[loader]") {
  acc_init_options_t options;
  acc_init_options_init(&options);
  options.struct_size = 0;
  CHECK(acc_init(&options) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "acc_init_options_init"));
  acc_init_options_init(&options);
  int dummy;
  options.next = &dummy;
  CHECK(acc_init(&options) == ACC_ERROR_INVALID_ARGUMENT);
  acc_init_options_init(&options);
  options.plugin_path_count = 2;
  CHECK(acc_init(&options) == ACC_ERROR_INVALID_ARGUMENT);
  uint32_t n;
  CHECK(acc_device_count(&n) == ACC_ERROR_NOT_INITIALIZED);
}

TEST_CASE("loader: shutdown releases what the application leaked",
          "[loader]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  acc_device_t d = mockDevice();
  acc_buffer_t b;
  acc_queue_t q;
  REQUIRE(acc_buffer_create(d, 16, 0, &b) == ACC_SUCCESS);
  REQUIRE(acc_queue_create(d, &q) == ACC_SUCCESS);
  mock_state_t *s = mockState();
  REQUIRE(s);
  CHECK(s->live_buffers == 1);
  CHECK(s->live_queues == 1);
  acc_shutdown();
  // The mock's counters are gone with it; the handles are now invalid.
  acc_init_options_t o;
  acc_init_options_init(&o);
  o.flags = ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS;
  REQUIRE(acc_init(&o) == ACC_SUCCESS);
  CHECK(acc_buffer_release(b) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_queue_release(q) == ACC_ERROR_INVALID_HANDLE);
}
