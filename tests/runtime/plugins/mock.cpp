//===- mock.cpp - A host-memory backend plugin for the runtime tests ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The mock implements plugin ABI 1 with host memory and executes commands
// synchronously. It runs a few kernels by name so tests can check data end
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
#include "acc/acc_plugin.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
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

struct acc_plugin_device_s {
  uint32_t index;
  acc_device_info_t info;
};
struct acc_plugin_buffer_s {
  std::vector<uint8_t> bytes;
};
struct acc_plugin_queue_s {
  uint32_t device;
};
struct acc_plugin_kernel_s {
  std::string name;
};
struct acc_plugin_module_s {
  std::vector<acc_plugin_kernel_s> kernels;
};
/// Commands run at submission, so an event is complete when recorded; its
/// "timestamp" is a counter that advances by 1000 ns per command.
struct acc_plugin_event_s {
  uint32_t device;
  acc_event_flags_t flags;
  uint64_t stampNs;
};

namespace {

const acc_plugin_host_v1_t *gHost = nullptr;
std::vector<acc_plugin_device_s> gDevices;
mock_state_t gState;

acc_result_t error(acc_result_t r, const std::string &message) {
  if (gHost)
    gHost->set_error(r, message.c_str());
  return r;
}

acc_result_t mockInit(const acc_plugin_host_v1_t *host) {
  gHost = host;
  std::memset(&gState, 0, sizeof(gState));
  gState.init_calls++;
#if MOCK_VARIANT == 6
  return error(ACC_ERROR_NO_DEVICE, "libmockdriver.so.1 not found");
#endif
  const char *env = std::getenv("ACC_MOCK_DEVICES");
  int count = env ? std::atoi(env) : 1;
  if (count <= 0)
    return error(ACC_ERROR_NO_DEVICE,
                 "ACC_MOCK_DEVICES is 0, so the mock has no device");
  gDevices.clear();
  for (int i = 0; i < count; ++i) {
    acc_plugin_device_s d{};
    d.index = uint32_t(i);
    acc_device_info_t &info = d.info;
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
    info.caps = ACC_DEVICE_CAP_FP16 | ACC_DEVICE_CAP_UNIFIED_MEMORY;
    info.global_memory_size = 1ull << 30;
    info.local_memory_size = 32768;
    info.max_allocation_size = 1ull << 28;
    info.targets[0] = ACC_TARGET_OPENCL_C;
    info.targets[1] = ACC_TARGET_GLSL;
    gDevices.push_back(d);
  }
  return ACC_SUCCESS;
}

void mockShutdown() {
  gState.shutdown_calls++;
  gDevices.clear();
  gHost = nullptr;
}

acc_result_t deviceCount(uint32_t *out) {
  *out = uint32_t(gDevices.size());
  return ACC_SUCCESS;
}

acc_result_t deviceGet(uint32_t index, acc_plugin_device_t *out) {
  if (index >= gDevices.size())
    return error(ACC_ERROR_NOT_FOUND, "no such mock device");
  *out = &gDevices[index];
  return ACC_SUCCESS;
}

acc_result_t deviceGetInfo(acc_plugin_device_t d, acc_device_info_t *info) {
  size_t n = info->struct_size < sizeof(*info) ? info->struct_size
                                               : sizeof(*info);
  uint32_t keep = info->struct_size;
  std::memcpy(info, &d->info, n);
  info->struct_size = keep;
  return ACC_SUCCESS;
}

acc_result_t bufferCreate(acc_plugin_device_t, uint64_t size,
                          acc_buffer_flags_t, acc_plugin_buffer_t *out) {
  auto *b = new (std::nothrow) acc_plugin_buffer_s;
  if (!b)
    return error(ACC_ERROR_OUT_OF_MEMORY, "mock: out of memory");
  b->bytes.resize(size_t(size));
  gState.live_buffers++;
  *out = b;
  return ACC_SUCCESS;
}

acc_result_t bufferRelease(acc_plugin_buffer_t b) {
  delete b;
  gState.live_buffers--;
  return ACC_SUCCESS;
}

acc_result_t queueCreate(acc_plugin_device_t d, acc_plugin_queue_t *out) {
  *out = new acc_plugin_queue_s{d->index};
  gState.live_queues++;
  return ACC_SUCCESS;
}

acc_result_t queueRelease(acc_plugin_queue_t q) {
  delete q;
  gState.live_queues--;
  return ACC_SUCCESS;
}

acc_result_t queueFinish(acc_plugin_queue_t) {
  gState.finish_calls++;
  return ACC_SUCCESS;
}

acc_result_t bufferWrite(acc_plugin_queue_t, acc_plugin_buffer_t b,
                         uint64_t offset, uint64_t size, const void *src,
                         bool) {
  std::memcpy(b->bytes.data() + offset, src, size_t(size));
  return ACC_SUCCESS;
}

acc_result_t bufferRead(acc_plugin_queue_t, acc_plugin_buffer_t b,
                        uint64_t offset, uint64_t size, void *dst, bool) {
  std::memcpy(dst, b->bytes.data() + offset, size_t(size));
  return ACC_SUCCESS;
}

acc_result_t bufferCopy(acc_plugin_queue_t, acc_plugin_buffer_t src,
                        uint64_t so, acc_plugin_buffer_t dst, uint64_t d_o,
                        uint64_t size) {
  std::memmove(dst->bytes.data() + d_o, src->bytes.data() + so, size_t(size));
  return ACC_SUCCESS;
}

acc_result_t bufferFill(acc_plugin_queue_t, acc_plugin_buffer_t b,
                        uint64_t offset, uint64_t size, const void *pattern,
                        uint32_t psize) {
  for (uint64_t i = 0; i < size; i += psize)
    std::memcpy(b->bytes.data() + offset + i, pattern, psize);
  return ACC_SUCCESS;
}

acc_result_t moduleCreate(acc_plugin_device_t,
                          const acc_plugin_module_desc_t *desc,
                          acc_plugin_module_t *out) {
  std::string code(static_cast<const char *>(desc->code),
                   size_t(desc->code_size));
  gState.last_module_target = desc->target;
  std::snprintf(gState.last_module_arch, sizeof(gState.last_module_arch), "%s",
                desc->arch ? desc->arch : "");
  gState.last_module_kernel_count = desc->kernel_count;
  gState.last_module_launch_abi = desc->launch_abi;
#if MOCK_VARIANT != 3 // An ABI 1.0 plugin does not know the field.
  if (desc->launch_abi != 0)
    return error(ACC_ERROR_ABI_VERSION,
                 "mock: launch convention " +
                     std::to_string(desc->launch_abi) + " is unknown");
#endif
  if (code.compare(0, 4, "FAIL") == 0)
    return error(ACC_ERROR_BUILD_FAILED,
                 "mock build log: line 1: the code says FAIL");
  auto *m = new acc_plugin_module_s;
  for (uint32_t i = 0; i < desc->kernel_count; ++i)
    m->kernels.push_back({desc->kernels[i].name});
  gState.live_modules++;
  *out = m;
  return ACC_SUCCESS;
}

acc_result_t moduleRelease(acc_plugin_module_t m) {
  delete m;
  gState.live_modules--;
  return ACC_SUCCESS;
}

acc_result_t kernelGet(acc_plugin_module_t m, const char *name,
                       acc_plugin_kernel_t *out) {
  for (auto &k : m->kernels)
    if (k.name == name) {
      *out = &k;
      return ACC_SUCCESS;
    }
  return error(ACC_ERROR_NOT_FOUND, std::string("mock: no kernel ") + name);
}

acc_result_t launch(acc_plugin_queue_t, acc_plugin_kernel_t k,
                    const acc_plugin_launch_desc_t *desc) {
  mock_launch_t &l = gState.last_launch;
  gState.launch_count++;
  std::memset(&l, 0, sizeof(l));
  std::snprintf(l.kernel, sizeof(l.kernel), "%s", k->name.c_str());
  l.work_dim = desc->work_dim;
  for (int d = 0; d < 3; ++d) {
    l.global_size[d] = desc->global_size[d];
    l.local_size[d] = desc->local_size[d];
    l.global_offset[d] = desc->global_offset[d];
  }
  l.arg_count = desc->arg_count;
  for (uint32_t i = 0; i < desc->arg_count && i < 16; ++i) {
    l.arg_kinds[i] = desc->args[i].kind;
    l.arg_sizes[i] = desc->args[i].size;
  }
  // A few kernels really run, so data can be checked end to end.
  uint64_t n = desc->global_size[0];
  uint64_t off = desc->global_offset[0];
  if (k->name == "add" && desc->arg_count == 4) {
    float *a = reinterpret_cast<float *>(desc->args[0].u.buffer->bytes.data());
    float *b = reinterpret_cast<float *>(desc->args[1].u.buffer->bytes.data());
    float *c = reinterpret_cast<float *>(desc->args[2].u.buffer->bytes.data());
    uint32_t limit;
    std::memcpy(&limit, desc->args[3].u.value, 4);
    for (uint64_t i = off; i < off + n && i < limit; ++i)
      c[i] = a[i] + b[i];
  } else if (k->name == "scale" && desc->arg_count == 2) {
    float *x = reinterpret_cast<float *>(desc->args[0].u.buffer->bytes.data());
    float f;
    std::memcpy(&f, desc->args[1].u.value, 4);
    size_t count = desc->args[0].u.buffer->bytes.size() / 4;
    for (uint64_t i = off; i < off + n && i < count; ++i)
      x[i] *= f;
  }
  return ACC_SUCCESS;
}

uint64_t gClockNs = 0;

acc_result_t recordEvent(acc_plugin_queue_t q, acc_event_flags_t flags,
                         acc_plugin_event_t *out) {
  gClockNs += 1000;
  *out = new acc_plugin_event_s{q->device, flags, gClockNs};
  gState.live_events++;
  return ACC_SUCCESS;
}

acc_result_t waitEvent(acc_plugin_queue_t, acc_plugin_event_t) {
  return ACC_SUCCESS;
}

acc_result_t eventDone(acc_plugin_event_t) { return ACC_SUCCESS; }

acc_result_t eventElapsed(acc_plugin_event_t a, acc_plugin_event_t b,
                          uint64_t *out) {
  *out = b->stampNs > a->stampNs ? b->stampNs - a->stampNs : 0;
  return ACC_SUCCESS;
}

acc_result_t eventRelease(acc_plugin_event_t e) {
  delete e;
  gState.live_events--;
  return ACC_SUCCESS;
}

acc_result_t matmulF32(acc_plugin_queue_t, const acc_plugin_matmul_desc_t *d) {
  const char *decline = std::getenv("ACC_MOCK_DECLINE_OPS");
  if (decline && std::strcmp(decline, "1") == 0)
    return error(ACC_ERROR_UNSUPPORTED, "the mock declines this product");
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
  const float *a = reinterpret_cast<const float *>(d->a->bytes.data());
  const float *b = reinterpret_cast<const float *>(d->b->bytes.data());
  float *c = reinterpret_cast<float *>(d->c->bytes.data());
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

acc_plugin_v1_t makeTable() {
  acc_plugin_v1_t t;
  std::memset(&t, 0, sizeof(t));
  t.struct_size = sizeof(acc_plugin_v1_t);
  t.abi_major = ACC_PLUGIN_ABI_MAJOR;
  t.abi_minor = ACC_PLUGIN_ABI_MINOR;
  t.name = MOCK_NAME;
  t.version = MOCK_VERSION;
  t.init = mockInit;
  t.shutdown = mockShutdown;
  t.device_count = deviceCount;
  t.device_get = deviceGet;
  t.device_get_info = deviceGetInfo;
  t.buffer_create = bufferCreate;
  t.buffer_release = bufferRelease;
  t.queue_create = queueCreate;
  t.queue_release = queueRelease;
  t.queue_finish = queueFinish;
  t.buffer_write = bufferWrite;
  t.buffer_read = bufferRead;
  t.buffer_copy = bufferCopy;
  t.buffer_fill = bufferFill;
  t.module_create = moduleCreate;
  t.module_release = moduleRelease;
  t.kernel_get = kernelGet;
  t.launch = launch;
  t.queue_record_event = recordEvent;
  t.queue_wait_event = waitEvent;
  t.event_wait = eventDone;
  t.event_query = eventDone;
  t.event_elapsed_ns = eventElapsed;
  t.event_release = eventRelease;
  // kernel_get_properties stays NULL: the runtime falls back to the
  // device's limits (tested in LaunchTest.cpp).
  t.ops = &kOps;
#if MOCK_VARIANT == 1
  t.abi_major = 2;
  t.abi_minor = 3;
#elif MOCK_VARIANT == 3
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
  if (loader_major != ACC_PLUGIN_ABI_MAJOR)
    return ACC_ERROR_ABI_VERSION;
  *out = &kTable;
  return ACC_SUCCESS;
#endif
}
#endif
