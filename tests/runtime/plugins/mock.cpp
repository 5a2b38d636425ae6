//===- mock.cpp - A host-memory backend plugin for the runtime tests ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The mock implements plugin ABI 1 with host memory, on plugins/common like
// every plugin, and executes commands synchronously. It runs a few kernels by name so tests can check data end
// to end ("add": c = a + b on floats; "scale": x *= factor), records every
// launch, and exposes that record through mock_state() (exported only from
// this test plugin; tests reach it with dlopen(RTLD_NOLOAD) + dlsym).
//
// The same source builds the loader's misbehaving test plugins, selected by
// MOCK_VARIANT:
//   0 normal, 1 table says ABI major 2, 2 query refuses the loader's major,
//   3 older minor (ABI 1.0: table ends before `ops`, garbage beyond),
//   4 table too small, 5 no entry symbol, 6 init fails with NO_DEVICE.
//
// Environment: ACC_MOCK_DEVICES (default 1) sets the device count; 0 makes
// init() fail with ACC_ERROR_NO_DEVICE and a reason. The normal mock has an
// operation table whose matmul_f32 computes on the host and records the
// call; ACC_MOCK_DECLINE_OPS=1 makes it decline (ACC_ERROR_UNSUPPORTED).
//
//===----------------------------------------------------------------------===//

#include "MockState.h"
#include "acc/plugin/Table.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#ifndef MOCK_VARIANT
#define MOCK_VARIANT 0
#endif
#ifndef MOCK_NAME
#define MOCK_NAME "mock"
#endif
#ifndef MOCK_VERSION
#define MOCK_VERSION "1.0.0-mock"
#endif

namespace {

using acc::plugin::fail;
using acc::plugin::handleCast;
using acc::plugin::Kind;
using acc::plugin::Object;

struct Device : Object<Kind::Device> {
  uint32_t index = 0;
  acc_device_info_t info{};
};
struct Buffer : Object<Kind::Buffer> {
  std::vector<uint8_t> bytes;
};
struct Queue : Object<Kind::Queue> {
  uint32_t device = 0;
};
struct Kernel : Object<Kind::Kernel> {
  std::string name;
};
struct Module : Object<Kind::Module> {
  std::vector<std::unique_ptr<Kernel>> kernels;
};
/// Commands run at submission, so an event is complete when recorded; its
/// "timestamp" is a counter that advances by 1000 ns per command.
struct Event : Object<Kind::Event> {
  uint32_t device = 0;
  acc_event_flags_t flags = 0;
  uint64_t stampNs = 0;
};

std::vector<std::unique_ptr<Device>> gDevices;
mock_state_t gState;
uint64_t gClockNs = 0;

/// The mock backend, on plugins/common like every plugin.
struct Mock
    : acc::plugin::BackendTypes<::Device, ::Buffer, ::Queue,
                                ::Module, ::Kernel, ::Event> {
  static constexpr const char *kName = MOCK_NAME;
  static constexpr const char *kVersion = MOCK_VERSION;
  static constexpr uint32_t kLaunchAbiMax = 0;

  static void initImpl() {
    std::memset(&gState, 0, sizeof(gState));
    gState.init_calls++;
#if MOCK_VARIANT == 6
    fail(ACC_ERROR_NO_DEVICE, "libmockdriver.so.1 not found");
#endif
    const char *env = std::getenv("ACC_MOCK_DEVICES");
    int count = env ? std::atoi(env) : 1;
    if (count <= 0)
      fail(ACC_ERROR_NO_DEVICE,
           "ACC_MOCK_DEVICES is 0, so the mock has no device");
    gDevices.clear();
    for (int i = 0; i < count; ++i) {
      auto d = std::make_unique<Device>();
      d->index = uint32_t(i);
      acc_device_info_t &info = d->info;
      info.struct_size = sizeof(info);
      info.type = ACC_DEVICE_TYPE_OTHER;
      std::snprintf(info.name, sizeof(info.name), "Mock Device %d", i);
      std::snprintf(info.vendor, sizeof(info.vendor), "acc");
      std::snprintf(info.driver_version, sizeof(info.driver_version), "mock");
      info.compute_units = 1;
      info.max_work_group_size = 256;
      info.max_work_item_sizes[0] = 256;
      info.max_work_item_sizes[1] = 256;
      info.max_work_item_sizes[2] = 64;
      // No fp64 (the tests of refused kernels rely on it); ACC_MOCK_CAPS
      // sets the capability bits exactly.
      info.caps = ACC_DEVICE_CAP_FP16 | ACC_DEVICE_CAP_UNIFIED_MEMORY |
                  ACC_DEVICE_CAP_INT64 | ACC_DEVICE_CAP_STORAGE_8BIT |
                  ACC_DEVICE_CAP_STORAGE_16BIT | ACC_DEVICE_CAP_TIMESTAMPS |
                  ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY | ACC_DEVICE_CAP_PRINTF;
      if (const char *caps = std::getenv("ACC_MOCK_CAPS"))
        info.caps = acc_device_caps_t(std::strtoul(caps, nullptr, 0));
      // ACC_MOCK_GROUPS caps the work-groups per dimension of a launch.
      if (const char *groups = std::getenv("ACC_MOCK_GROUPS"))
        for (uint32_t &g : info.max_group_count)
          g = uint32_t(std::strtoul(groups, nullptr, 0));
      info.max_scalar_block_size = 64;
      info.global_memory_size = 1ull << 30;
      info.local_memory_size = 32768;
      info.max_allocation_size = 1ull << 28;
      info.targets[0] = ACC_TARGET_OPENCL_C;
      info.targets[1] = ACC_TARGET_GLSL;
      gDevices.push_back(std::move(d));
    }
  }
  static void shutdownImpl() {
    gState.shutdown_calls++;
    gDevices.clear();
  }
  static uint32_t deviceCountImpl() { return uint32_t(gDevices.size()); }
  static Device &deviceGetImpl(uint32_t index) { return *gDevices[index]; }
  static void deviceInfoImpl(Device &d, acc_device_info_t &info) {
    info = d.info;
  }

  static Buffer *bufferCreateImpl(Device &, uint64_t size, acc_buffer_flags_t) {
    auto b = std::make_unique<Buffer>();
    b->bytes.resize(size_t(size));
    gState.live_buffers++;
    return b.release();
  }
  static void bufferReleaseImpl(Buffer *b) {
    delete b;
    gState.live_buffers--;
  }

  static Queue *queueCreateImpl(Device &d) {
    auto q = std::make_unique<Queue>();
    q->device = d.index;
    gState.live_queues++;
    return q.release();
  }
  static void queueReleaseImpl(Queue *q) {
    delete q;
    gState.live_queues--;
  }
  static void queueFinishImpl(Queue &) { gState.finish_calls++; }

  static void bufferWriteImpl(Queue &, Buffer &b, uint64_t offset,
                              uint64_t size, const void *src, bool) {
    std::memcpy(b.bytes.data() + offset, src, size_t(size));
  }
  static void bufferReadImpl(Queue &, Buffer &b, uint64_t offset,
                             uint64_t size, void *dst, bool) {
    std::memcpy(dst, b.bytes.data() + offset, size_t(size));
  }
  static void bufferCopyImpl(Queue &, Buffer &src, uint64_t so, Buffer &dst,
                             uint64_t d_o, uint64_t size) {
    std::memmove(dst.bytes.data() + d_o, src.bytes.data() + so, size_t(size));
  }
  static void bufferFillImpl(Queue &, Buffer &b, uint64_t offset,
                             uint64_t size, const void *pattern,
                             uint32_t psize) {
    for (uint64_t i = 0; i < size; i += psize)
      std::memcpy(b.bytes.data() + offset + i, pattern, psize);
  }

  static Module *moduleCreateImpl(Device &,
                                  const acc_plugin_module_desc_t &desc) {
    std::string code(static_cast<const char *>(desc.code),
                     size_t(desc.code_size));
    gState.last_module_target = desc.target;
    std::snprintf(gState.last_module_arch, sizeof(gState.last_module_arch),
                  "%s", desc.arch ? desc.arch : "");
    gState.last_module_kernel_count = desc.kernel_count;
    if (code.compare(0, 4, "FAIL") == 0)
      fail(ACC_ERROR_BUILD_FAILED,
           "mock build log: line 1: the code says FAIL");
    auto m = std::make_unique<Module>();
    for (uint32_t i = 0; i < desc.kernel_count; ++i) {
      m->kernels.push_back(std::make_unique<Kernel>());
      m->kernels.back()->name = desc.kernels[i].name;
    }
    gState.live_modules++;
    return m.release();
  }
  static void moduleReleaseImpl(Module *m) {
    delete m;
    gState.live_modules--;
  }
  static Kernel &kernelGetImpl(Module &m, const char *name) {
    for (auto &k : m.kernels)
      if (k->name == name)
        return *k;
    fail(ACC_ERROR_NOT_FOUND, std::string("mock: no kernel ") + name);
  }

  static void launchImpl(Queue &, Kernel &k,
                         const acc_plugin_launch_desc_t &desc) {
    mock_launch_t &l = gState.last_launch;
    gState.launch_count++;
    std::memset(&l, 0, sizeof(l));
    std::snprintf(l.kernel, sizeof(l.kernel), "%s", k.name.c_str());
    l.work_dim = desc.work_dim;
    for (int d = 0; d < 3; ++d) {
      l.global_size[d] = desc.global_size[d];
      l.local_size[d] = desc.local_size[d];
      l.global_offset[d] = desc.global_offset[d];
    }
    l.arg_count = desc.arg_count;
    for (uint32_t i = 0; i < desc.arg_count && i < 16; ++i) {
      l.arg_kinds[i] = desc.args[i].kind;
      l.arg_sizes[i] = desc.args[i].size;
    }
    // A few kernels really run, so data can be checked end to end.
    auto floats = [&](uint32_t i) {
      return reinterpret_cast<float *>(
          handleCast<Buffer>(desc.args[i].u.buffer).bytes.data());
    };
    uint64_t n = desc.global_size[0];
    uint64_t off = desc.global_offset[0];
    if (k.name == "add" && desc.arg_count == 4) {
      float *a = floats(0), *b = floats(1), *c = floats(2);
      uint32_t limit;
      std::memcpy(&limit, desc.args[3].u.value, 4);
      for (uint64_t i = off; i < off + n && i < limit; ++i)
        c[i] = a[i] + b[i];
    } else if (k.name == "scale" && desc.arg_count == 2) {
      float *x = floats(0);
      float f;
      std::memcpy(&f, desc.args[1].u.value, 4);
      size_t count = handleCast<Buffer>(desc.args[0].u.buffer).bytes.size() / 4;
      for (uint64_t i = off; i < off + n && i < count; ++i)
        x[i] *= f;
    }
  }

  static void kernelPrepareImpl(Kernel &,
                                const acc_plugin_launch_desc_t &desc) {
    gState.prepare_calls++;
    for (int d = 0; d < 3; ++d)
      gState.last_prepared_local_size[d] = desc.local_size[d];
  }

  static Event *queueRecordEventImpl(Queue &q, acc_event_flags_t flags) {
    gClockNs += 1000;
    auto e = std::make_unique<Event>();
    e->device = q.device;
    e->flags = flags;
    e->stampNs = gClockNs;
    gState.live_events++;
    return e.release();
  }
  static void queueWaitEventImpl(Queue &, Event &) {}
  static void eventWaitImpl(Event &) {}
  static bool eventQueryImpl(Event &) { return true; }
  static uint64_t eventElapsedNsImpl(Event &a, Event &b) {
    return b.stampNs > a.stampNs ? b.stampNs - a.stampNs : 0;
  }
  static void eventReleaseImpl(Event *e) {
    delete e;
    gState.live_events--;
  }
  // No kernelPropertiesImpl: the entry stays NULL and the runtime falls
  // back to the device's limits (tested in LaunchTest.cpp).
  static const acc_plugin_ops_v1_t *opsImpl();
};

acc_result_t matmulF32(acc_plugin_queue_t, const acc_plugin_matmul_desc_t *d) {
  const char *decline = std::getenv("ACC_MOCK_DECLINE_OPS");
  if (decline && std::strcmp(decline, "1") == 0)
    return acc::plugin::report(ACC_ERROR_UNSUPPORTED,
                               "the mock declines this product");
  gState.matmul_calls++;
  mock_matmul_t &r = gState.last_matmul;
  r.transpose_a = d->transpose_a;
  r.transpose_b = d->transpose_b;
  r.m = d->m;
  r.n = d->n;
  r.k = d->k;
  r.alpha = d->alpha;
  r.beta = d->beta;
  r.a_offset = d->a_offset;
  r.lda = d->lda;
  r.b_offset = d->b_offset;
  r.ldb = d->ldb;
  r.c_offset = d->c_offset;
  r.ldc = d->ldc;
  const float *a = reinterpret_cast<const float *>(
      reinterpret_cast<Buffer *>(d->a)->bytes.data());
  const float *b = reinterpret_cast<const float *>(
      reinterpret_cast<Buffer *>(d->b)->bytes.data());
  float *c = reinterpret_cast<float *>(
      reinterpret_cast<Buffer *>(d->c)->bytes.data());
  for (uint64_t i = 0; i < d->m; ++i)
    for (uint64_t j = 0; j < d->n; ++j) {
      double sum = 0;
      for (uint64_t p = 0; p < d->k; ++p)
        sum += double(a[d->a_offset + (d->transpose_a ? p * d->lda + i
                                                      : i * d->lda + p)]) *
               b[d->b_offset + (d->transpose_b ? j * d->ldb + p
                                               : p * d->ldb + j)];
      float &out = c[d->c_offset + i * d->ldc + j];
      out = float(d->alpha * sum) + (d->beta == 0 ? 0.0f : d->beta * out);
    }
  return ACC_SUCCESS;
}

const acc_plugin_ops_v1_t kOps = {sizeof(acc_plugin_ops_v1_t), 0, matmulF32};

const acc_plugin_ops_v1_t *Mock::opsImpl() { return &kOps; }

/// The generated table, bent the way MOCK_VARIANT asks.
acc_plugin_v1_t makeTable() {
  acc_plugin_v1_t t = acc::plugin::table<Mock>();
#if MOCK_VARIANT == 1
  t.abi_major = 2;
  t.abi_minor = 3;
#elif MOCK_VARIANT == 3
  // An ABI 1.0 plugin: its table ends before `ops`, and it never looks at
  // the module descriptor's launch_abi (the runtime must keep later
  // conventions from it).
  t.abi_minor = 0;
  t.struct_size = offsetof(acc_plugin_v1_t, ops);
  t.ops = reinterpret_cast<const acc_plugin_ops_v1_t *>(uintptr_t(0xdeadbeef));
  for (void *&r : t.reserved)
    r = reinterpret_cast<void *>(uintptr_t(0xdeadbeef));
#elif MOCK_VARIANT == 4
  t.struct_size = offsetof(acc_plugin_v1_t, init);
#endif
  return t;
}

const acc_plugin_v1_t kTable = makeTable();

} // namespace

extern "C" MOCK_EXPORT mock_state_t *mock_state(void) { return &gState; }

#if MOCK_VARIANT == 5
extern "C" MOCK_EXPORT acc_result_t not_the_entry_point(void) {
  return ACC_SUCCESS;
}
#else
extern "C" ACC_PLUGIN_EXPORT acc_result_t
acc_plugin_query(uint32_t loader_major, uint32_t, const acc_plugin_v1_t **out) {
#if MOCK_VARIANT == 2
  (void)loader_major;
  return ACC_ERROR_ABI_VERSION; // "I am a plugin for ABI 2".
#else
  const acc_plugin_v1_t *generated = nullptr;
  acc_result_t r = acc::plugin::query<Mock>(loader_major, 0, &generated);
  if (r == ACC_SUCCESS)
    *out = &kTable;
  return r;
#endif
}
#endif
