//===- ValidationTest.cpp - Tests of the plugin ABI's validation layer ----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The layer (runtime/validation) sits between a caller and a plugin's table:
// valid calls reach the plugin unchanged; a call that breaks the ABI's
// valid usage is refused with the code the ABI lists and a "validation: "
// message, and the plugin never sees it. Driven here on the mock plugin,
// whose state shows what reached it.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"
#include "acc/validation/Validation.h"

#include <catch2/catch.hpp>

#include <dlfcn.h>

using namespace acctest;

namespace {

thread_local acc_result_t gCode = ACC_SUCCESS;
thread_local std::string gMessage;

const acc_plugin_host_v1_t kHost = {
    sizeof(acc_plugin_host_v1_t), 0,
    [](acc_result_t code, const char *message) {
      gCode = code;
      gMessage = message ? message : "";
    },
    [](acc_log_level_t, const char *) {}};

/// The mock's table behind the layer, initialised, with its first device.
struct Wrapped {
  void *library = nullptr;
  const acc_plugin_v1_t *t = nullptr;
  acc_plugin_device_t device = nullptr;
  acc_plugin_queue_t queue = nullptr;

  Wrapped() {
    std::string path = pluginDir("mock") + "/libacc_plugin_mock.so.1";
    library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    REQUIRE(library);
    auto query = reinterpret_cast<acc_plugin_query_fn_t>(
        dlsym(library, ACC_PLUGIN_ENTRY_NAME));
    REQUIRE(query);
    const acc_plugin_v1_t *raw = nullptr;
    REQUIRE(query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &raw) ==
            ACC_SUCCESS);
    t = acc::validation::wrap(raw);
    REQUIRE(t);
    REQUIRE(t->init(&kHost) == ACC_SUCCESS);
    REQUIRE(t->device_get(0, &device) == ACC_SUCCESS);
    REQUIRE(t->queue_create(device, &queue) == ACC_SUCCESS);
  }
  ~Wrapped() {
    t->shutdown();
    dlclose(library);
  }

  /// `call` must be refused by the layer with `code`, naming `entry`.
  void refused(acc_result_t result, acc_result_t code, const char *entry) {
    INFO(gMessage);
    CHECK(result == code);
    CHECK(gCode == code);
    CHECK(gMessage.rfind(std::string("validation: ") + entry + ": ", 0) == 0);
  }
};

bool contains(const std::string &s, const std::string &needle) {
  return s.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("validation: valid calls reach the plugin unchanged",
          "[validation]") {
  Wrapped w;
  uint64_t before = acc::validation::violationCount();
  acc_plugin_buffer_t b = nullptr;
  REQUIRE(w.t->buffer_create(w.device, 16, 0, &b) == ACC_SUCCESS);
  uint32_t in[4] = {1, 2, 3, 4}, out[4] = {};
  CHECK(w.t->buffer_write(w.queue, b, 0, 16, in, true) == ACC_SUCCESS);
  CHECK(w.t->buffer_read(w.queue, b, 4, 12, out, true) == ACC_SUCCESS);
  CHECK(out[0] == 2);
  CHECK(out[2] == 4);
  CHECK(mockState()->live_buffers == 1);
  CHECK(w.t->buffer_release(b) == ACC_SUCCESS);
  CHECK(mockState()->live_buffers == 0);
  CHECK(acc::validation::violationCount() == before);
}

TEST_CASE("validation: invalid usage never reaches the plugin",
          "[validation]") {
  Wrapped w;
  uint64_t before = acc::validation::violationCount();
  acc_plugin_buffer_t b = nullptr;
  REQUIRE(w.t->buffer_create(w.device, 16, 0, &b) == ACC_SUCCESS);
  uint32_t value[8] = {7, 7, 7, 7, 7, 7, 7, 7};

  SECTION("a range outside the buffer") {
    w.refused(w.t->buffer_write(w.queue, b, 8, 16, value, true),
              ACC_ERROR_INVALID_ARGUMENT, "buffer_write");
    CHECK(contains(gMessage, "outside the 16-byte buffer"));
    w.refused(w.t->buffer_read(w.queue, b, UINT64_MAX, 2, value, true),
              ACC_ERROR_INVALID_ARGUMENT, "buffer_read");
  }
  SECTION("a bad fill pattern, an overlapping copy") {
    w.refused(w.t->buffer_fill(w.queue, b, 0, 12, value, 3),
              ACC_ERROR_INVALID_ARGUMENT, "buffer_fill");
    w.refused(w.t->buffer_copy(w.queue, b, 0, b, 4, 8),
              ACC_ERROR_INVALID_ARGUMENT, "buffer_copy");
    CHECK(contains(gMessage, "overlap"));
  }
  SECTION("a released handle") {
    REQUIRE(w.t->buffer_release(b) == ACC_SUCCESS);
    w.refused(w.t->buffer_write(w.queue, b, 0, 4, value, true),
              ACC_ERROR_INVALID_HANDLE, "buffer_write");
    CHECK(contains(gMessage, "is not a live buffer"));
    w.refused(w.t->buffer_release(b), ACC_ERROR_INVALID_HANDLE,
              "buffer_release");
    b = nullptr;
  }
  SECTION("a launch that does not match its kernel") {
    acc_kernel_info_t kernels[1] = {};
    acc_arg_info_t args[2] = {};
    args[0].kind = ACC_ARG_KIND_BUFFER;
    args[0].size = 8;
    args[1].kind = ACC_ARG_KIND_SCALAR;
    args[1].size = 4;
    kernels[0].name = "scale";
    kernels[0].arg_count = 2;
    kernels[0].args = args;
    acc_plugin_module_desc_t desc{};
    desc.struct_size = sizeof(desc);
    desc.target = ACC_TARGET_OPENCL_C;
    desc.code = "x";
    desc.code_size = 1;
    desc.arch = "";
    desc.kernel_count = 1;
    desc.kernels = kernels;
    acc_plugin_module_t m = nullptr;
    REQUIRE(w.t->module_create(w.device, &desc, &m) == ACC_SUCCESS);
    acc_plugin_kernel_t k = nullptr;
    REQUIRE(w.t->kernel_get(m, "scale", &k) == ACC_SUCCESS);
    int launches = mockState()->launch_count;
    double wide = 2.0;
    acc_plugin_arg_t pargs[2] = {};
    pargs[0].kind = ACC_ARG_KIND_BUFFER;
    pargs[0].u.buffer = b;
    pargs[1].kind = ACC_ARG_KIND_SCALAR;
    pargs[1].size = sizeof(wide);
    pargs[1].u.value = &wide;
    acc_plugin_launch_desc_t l{};
    l.struct_size = sizeof(l);
    l.work_dim = 1;
    l.global_size[0] = 4;
    l.global_size[1] = l.global_size[2] = 1;
    l.local_size[0] = l.local_size[1] = l.local_size[2] = 1;
    l.arg_count = 2;
    l.args = pargs;
    w.refused(w.t->launch(w.queue, k, &l), ACC_ERROR_INVALID_LAUNCH, "launch");
    CHECK(contains(gMessage, "a scalar of 8 bytes"));
    l.arg_count = 1;
    w.refused(w.t->launch(w.queue, k, &l), ACC_ERROR_INVALID_LAUNCH, "launch");
    l.arg_count = 2;
    float f = 2.0f;
    pargs[1].size = sizeof(f);
    pargs[1].u.value = &f;
    l.global_offset[0] = UINT64_MAX;
    w.refused(w.t->launch(w.queue, k, &l), ACC_ERROR_INVALID_LAUNCH, "launch");
    CHECK(contains(gMessage, "passes 2^64"));
    l.global_offset[0] = 0;
    CHECK(mockState()->launch_count == launches);
    CHECK(w.t->launch(w.queue, k, &l) == ACC_SUCCESS);
    CHECK(mockState()->launch_count == launches + 1);
    // A kernel of a released module is no longer live.
    REQUIRE(w.t->module_release(m) == ACC_SUCCESS);
    w.refused(w.t->launch(w.queue, k, &l), ACC_ERROR_INVALID_HANDLE, "launch");
  }
  SECTION("events: timing needs ACC_EVENT_TIMING") {
    acc_plugin_event_t e1 = nullptr, e2 = nullptr;
    REQUIRE(w.t->queue_record_event(w.queue, 0, &e1) == ACC_SUCCESS);
    REQUIRE(w.t->queue_record_event(w.queue, ACC_EVENT_TIMING, &e2) ==
            ACC_SUCCESS);
    uint64_t ns = 0;
    w.refused(w.t->event_elapsed_ns(e1, e2, &ns), ACC_ERROR_INVALID_ARGUMENT,
              "event_elapsed_ns");
    w.refused(w.t->queue_record_event(w.queue, 0x40, &e1),
              ACC_ERROR_INVALID_ARGUMENT, "queue_record_event");
    CHECK(w.t->event_release(e1) == ACC_SUCCESS);
    CHECK(w.t->event_release(e2) == ACC_SUCCESS);
  }
  CHECK(acc::validation::violationCount() > before);
  if (b)
    CHECK(w.t->buffer_release(b) == ACC_SUCCESS);
}
