//===- ops.cpp - Library operations of the cpu plugin (oneDNN) ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The cpu plugin's operation table (acc_plugin_ops_v1_t): acc_matmul_f32()
// runs oneDNN, several times faster on a CPU than any SIMT-style kernel: its
// matmul primitive (oneDNN 2.x; one per shape, kept for the eight most
// recent shapes) or, where that is unavailable, dnnl_sgemm. oneDNN is opened with dlopen at the first call, so the
// plugin builds without libdnnl-dev and loads on machines without oneDNN;
// there the entry declines (ACC_ERROR_UNSUPPORTED) and the runtime runs its
// portable kernel instead.
//
// The product is a queue command like a launch: it runs in queue order and
// holds the device's launch mutex, because oneDNN's own threads use the
// same cores as the plugin's pool.
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <type_traits>

using namespace acc::cpu;

namespace {

/// dnnl_sgemm() of oneDNN 2.x and 3.x: row-major C = alpha op(A) op(B) +
/// beta C, dimensions as int64_t (dnnl_dim_t); returns dnnl_status_t, 0 on
/// success (1 is dnnl_out_of_memory).
using SgemmFn = int (*)(char transa, char transb, int64_t m, int64_t n,
                        int64_t k, float alpha, const float *a, int64_t lda,
                        const float *b, int64_t ldb, float beta, float *c,
                        int64_t ldc);

/// The part of oneDNN 2.x's C API (dnnl.h) that runs a matmul primitive,
/// which is about 1.5 times faster than dnnl_sgemm on AVX-512 machines.
/// Declared here so the plugin builds without oneDNN's headers; the values
/// are those of oneDNN 2.x's dnnl_types.h. oneDNN 3 changed this API (memory
/// descriptors became opaque handles), so there only dnnl_sgemm is used.
namespace dnnl2 {
using Status = int;
using Handle = void *;
/// dnnl_memory_desc_t and dnnl_matmul_desc_t are plain structs in 2.x (696
/// and 2800 bytes in 2.6), only ever passed by address: opaque storage of
/// ample size stands in for them.
struct alignas(64) MemoryDesc {
  unsigned char bytes[2048];
};
struct alignas(64) MatmulDesc {
  unsigned char bytes[8192];
};
struct ExecArg {
  int arg;
  Handle memory;
};
struct Version {
  int major, minor, patch;
  const char *hash;
  unsigned cpuRuntime, gpuRuntime;
};
constexpr int kEngineCpu = 1;         // dnnl_cpu
constexpr unsigned kStreamInOrder = 1; // dnnl_stream_default_flags
constexpr int kF32 = 3;               // dnnl_f32
constexpr int kArgSrc = 1, kArgDst = 17, kArgWeights = 33;

struct Api {
  const Version *(*version)();
  Status (*engineCreate)(Handle *, int, size_t);
  Status (*streamCreate)(Handle *, Handle, unsigned);
  Status (*memoryDescInitByStrides)(MemoryDesc *, int, const int64_t *, int,
                                    const int64_t *);
  Status (*matmulDescInit)(MatmulDesc *, const MemoryDesc *,
                           const MemoryDesc *, const MemoryDesc *,
                           const MemoryDesc *);
  Status (*attrCreate)(Handle *);
  Status (*attrDestroy)(Handle);
  Status (*attrSetOutputScales)(Handle, int64_t, int, const float *);
  Status (*attrSetPostOps)(Handle, Handle);
  Status (*postOpsCreate)(Handle *);
  Status (*postOpsDestroy)(Handle);
  Status (*postOpsAppendSum)(Handle, float);
  Status (*primitiveDescCreate)(Handle *, const void *, Handle, Handle,
                                Handle);
  Status (*primitiveDescDestroy)(Handle);
  Status (*primitiveCreate)(Handle *, Handle);
  Status (*primitiveDestroy)(Handle);
  Status (*memoryCreate)(Handle *, const MemoryDesc *, Handle, void *);
  Status (*memoryDestroy)(Handle);
  Status (*memorySetDataHandle)(Handle, void *);
  Status (*primitiveExecute)(Handle, Handle, int, const ExecArg *);
  Status (*streamWait)(Handle);

  /// Resolves every entry; false when one is missing.
  bool load(void *library) {
    bool ok = true;
    auto get = [&](auto &fn, const char *name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
          ::dlsym(library, name));
      ok = ok && fn;
    };
    get(version, "dnnl_version");
    get(engineCreate, "dnnl_engine_create");
    get(streamCreate, "dnnl_stream_create");
    get(memoryDescInitByStrides, "dnnl_memory_desc_init_by_strides");
    get(matmulDescInit, "dnnl_matmul_desc_init");
    get(attrCreate, "dnnl_primitive_attr_create");
    get(attrDestroy, "dnnl_primitive_attr_destroy");
    get(attrSetOutputScales, "dnnl_primitive_attr_set_output_scales");
    get(attrSetPostOps, "dnnl_primitive_attr_set_post_ops");
    get(postOpsCreate, "dnnl_post_ops_create");
    get(postOpsDestroy, "dnnl_post_ops_destroy");
    get(postOpsAppendSum, "dnnl_post_ops_append_sum");
    get(primitiveDescCreate, "dnnl_primitive_desc_create");
    get(primitiveDescDestroy, "dnnl_primitive_desc_destroy");
    get(primitiveCreate, "dnnl_primitive_create");
    get(primitiveDestroy, "dnnl_primitive_destroy");
    get(memoryCreate, "dnnl_memory_create");
    get(memoryDestroy, "dnnl_memory_destroy");
    get(memorySetDataHandle, "dnnl_memory_set_data_handle");
    get(primitiveExecute, "dnnl_primitive_execute");
    get(streamWait, "dnnl_stream_wait");
    return ok;
  }
};
} // namespace dnnl2

/// A matmul primitive for one shape, with memory objects whose data
/// pointers are set per call.
struct MatmulPrimitive {
  acc_plugin_matmul_desc_t shape{}; // buffers and offsets ignored
  dnnl2::Handle primitive = nullptr;
  dnnl2::Handle memory[3] = {nullptr, nullptr, nullptr}; // A, B, C
  uint64_t lastUse = 0;
};

bool sameShape(const acc_plugin_matmul_desc_t &x,
               const acc_plugin_matmul_desc_t &y) {
  return x.transpose_a == y.transpose_a && x.transpose_b == y.transpose_b &&
         x.m == y.m && x.n == y.n && x.k == y.k && x.lda == y.lda &&
         x.ldb == y.ldb && x.ldc == y.ldc &&
         std::memcmp(&x.alpha, &y.alpha, sizeof(float)) == 0 &&
         std::memcmp(&x.beta, &y.beta, sizeof(float)) == 0;
}

struct OneDNN {
  std::once_flag once;
  SgemmFn sgemm = nullptr;
  /// Why oneDNN is not available (when sgemm is null).
  std::string missing;
  /// The 2.x primitive API, when this oneDNN has it.
  bool havePrimitives = false;
  dnnl2::Api api{};
  dnnl2::Handle engine = nullptr, stream = nullptr;
  /// The primitives of the most recent shapes. Used only by commands,
  /// which hold the device's launch mutex.
  std::vector<MatmulPrimitive> cache;
  uint64_t uses = 0;

  /// A primitive for `d`'s shape, created on first use; null when oneDNN
  /// has no implementation for it (dnnl_sgemm then runs).
  MatmulPrimitive *primitiveFor(const acc_plugin_matmul_desc_t &d);
};

OneDNN &oneDNN() {
  static OneDNN instance;
  std::call_once(instance.once, [] {
    // The library stays loaded until the process exits: oneDNN keeps
    // thread-local state and OpenMP threads that must not outlive its code.
    for (const char *name : {"libdnnl.so.3", "libdnnl.so.2", "libdnnl.so"}) {
      void *library = ::dlopen(name, RTLD_NOW | RTLD_LOCAL);
      if (!library)
        continue;
      instance.sgemm =
          reinterpret_cast<SgemmFn>(::dlsym(library, "dnnl_sgemm"));
      if (!instance.sgemm) {
        ::dlclose(library);
        continue;
      }
      std::string how = "oneDNN's sgemm";
      dnnl2::Api &api = instance.api;
      if (api.load(library) && api.version()->major == 2 &&
          api.engineCreate(&instance.engine, dnnl2::kEngineCpu, 0) == 0 &&
          api.streamCreate(&instance.stream, instance.engine,
                           dnnl2::kStreamInOrder) == 0) {
        instance.havePrimitives = true;
        how = "oneDNN's matmul primitive (sgemm where it has none)";
      }
      const dnnl2::Version *v = api.version ? api.version() : nullptr;
      log(ACC_LOG_LEVEL_INFO,
          "acc_matmul_f32 runs " + how + " from " + name +
              (v ? " (oneDNN " + std::to_string(v->major) + "." +
                       std::to_string(v->minor) + "." +
                       std::to_string(v->patch) + ")"
                 : std::string()));
      return;
    }
    instance.missing = "oneDNN (libdnnl.so.3 or .2, Debian's libdnnl2) is "
                       "not installed";
    log(ACC_LOG_LEVEL_INFO, instance.missing +
                                "; acc_matmul_f32 runs acc's portable kernel");
  });
  return instance;
}

MatmulPrimitive *OneDNN::primitiveFor(const acc_plugin_matmul_desc_t &d) {
  if (!havePrimitives)
    return nullptr;
  for (MatmulPrimitive &p : cache)
    if (sameShape(p.shape, d)) {
      p.lastUse = ++uses;
      return p.primitive ? &p : nullptr;
    }
  // Logical dims (m, k) x (k, n) -> (m, n); transposition is in the strides.
  const int64_t m = int64_t(d.m), n = int64_t(d.n), k = int64_t(d.k);
  int64_t aDims[2] = {m, k}, bDims[2] = {k, n}, cDims[2] = {m, n};
  int64_t aStrides[2] = {d.transpose_a ? 1 : int64_t(d.lda),
                         d.transpose_a ? int64_t(d.lda) : 1};
  int64_t bStrides[2] = {d.transpose_b ? 1 : int64_t(d.ldb),
                         d.transpose_b ? int64_t(d.ldb) : 1};
  int64_t cStrides[2] = {int64_t(d.ldc), 1};
  MatmulPrimitive entry;
  entry.shape = d;
  entry.lastUse = ++uses;
  auto mds = std::make_unique<dnnl2::MemoryDesc[]>(3);
  auto op = std::make_unique<dnnl2::MatmulDesc>();
  dnnl2::Handle attr = nullptr, postOps = nullptr, pd = nullptr;
  bool ok =
      api.memoryDescInitByStrides(&mds[0], 2, aDims, dnnl2::kF32, aStrides) ==
          0 &&
      api.memoryDescInitByStrides(&mds[1], 2, bDims, dnnl2::kF32, bStrides) ==
          0 &&
      api.memoryDescInitByStrides(&mds[2], 2, cDims, dnnl2::kF32, cStrides) ==
          0 &&
      api.matmulDescInit(op.get(), &mds[0], &mds[1], nullptr, &mds[2]) == 0 &&
      api.attrCreate(&attr) == 0;
  // dst = alpha (A B) + beta dst: output scales, then a sum post-op.
  if (ok && d.alpha != 1.0f)
    ok = api.attrSetOutputScales(attr, 1, 0, &d.alpha) == 0;
  if (ok && d.beta != 0.0f)
    ok = api.postOpsCreate(&postOps) == 0 &&
         api.postOpsAppendSum(postOps, d.beta) == 0 &&
         api.attrSetPostOps(attr, postOps) == 0;
  ok = ok && api.primitiveDescCreate(&pd, op.get(), attr, engine, nullptr) == 0;
  ok = ok && api.primitiveCreate(&entry.primitive, pd) == 0;
  for (int i = 0; ok && i < 3; ++i)
    ok = api.memoryCreate(&entry.memory[i], &mds[i], engine, nullptr) == 0;
  if (pd)
    api.primitiveDescDestroy(pd);
  if (postOps)
    api.postOpsDestroy(postOps);
  if (attr)
    api.attrDestroy(attr);
  if (!ok) {
    // Remembered, so the next call of this shape goes to sgemm directly.
    for (dnnl2::Handle &mem : entry.memory)
      if (mem)
        api.memoryDestroy(mem);
    if (entry.primitive)
      api.primitiveDestroy(entry.primitive);
    entry = MatmulPrimitive{};
    entry.shape = d;
    entry.lastUse = uses;
    log(ACC_LOG_LEVEL_DEBUG, "oneDNN has no matmul primitive for a " +
                                 std::to_string(m) + "x" + std::to_string(n) +
                                 "x" + std::to_string(k) +
                                 " product; using its sgemm");
  }
  // Keep the eight most recently used shapes.
  constexpr size_t kCacheSize = 8;
  if (cache.size() >= kCacheSize) {
    auto oldest = std::min_element(
        cache.begin(), cache.end(),
        [](const MatmulPrimitive &x, const MatmulPrimitive &y) {
          return x.lastUse < y.lastUse;
        });
    for (dnnl2::Handle &mem : oldest->memory)
      if (mem)
        api.memoryDestroy(mem);
    if (oldest->primitive)
      api.primitiveDestroy(oldest->primitive);
    cache.erase(oldest);
  }
  cache.push_back(entry);
  return cache.back().primitive ? &cache.back() : nullptr;
}

/// The floats `rows` x `cols` row-major with leading dimension `ld` at
/// `offset` span; fails unless they lie inside `buffer`.
struct MatmulCommand final : Command {
  Device *device = nullptr;
  OneDNN *library = nullptr;
  acc_plugin_matmul_desc_t desc{};
  const float *a = nullptr, *b = nullptr;
  float *c = nullptr;

  void run() override {
    std::lock_guard<std::mutex> lock(device->launchMutex);
    const acc_plugin_matmul_desc_t &d = desc;
    if (MatmulPrimitive *p = library->primitiveFor(d)) {
      const dnnl2::Api &api = library->api;
      api.memorySetDataHandle(p->memory[0], const_cast<float *>(a));
      api.memorySetDataHandle(p->memory[1], const_cast<float *>(b));
      api.memorySetDataHandle(p->memory[2], c);
      const dnnl2::ExecArg args[3] = {{dnnl2::kArgSrc, p->memory[0]},
                                      {dnnl2::kArgWeights, p->memory[1]},
                                      {dnnl2::kArgDst, p->memory[2]}};
      int status = api.primitiveExecute(p->primitive, library->stream, 3, args);
      if (status == 0)
        status = api.streamWait(library->stream);
      if (status != 0)
        fail(status == 1 ? ACC_ERROR_OUT_OF_MEMORY : ACC_ERROR_INTERNAL,
             "oneDNN's matmul primitive failed with dnnl_status_t " +
                 std::to_string(status));
      return;
    }
    int status = library->sgemm(d.transpose_a ? 'T' : 'N', d.transpose_b ? 'T' : 'N',
                       int64_t(d.m), int64_t(d.n), int64_t(d.k), d.alpha, a,
                       int64_t(d.lda), b, int64_t(d.ldb), d.beta, c,
                       int64_t(d.ldc));
    if (status != 0)
      fail(status == 1 ? ACC_ERROR_OUT_OF_MEMORY : ACC_ERROR_INTERNAL,
           "oneDNN's sgemm failed with dnnl_status_t " +
               std::to_string(status));
  }
};

acc_result_t matmulF32(acc_plugin_queue_t queueHandle,
                       const acc_plugin_matmul_desc_t *desc) {
  return guard("ops.matmul_f32", [&] {
    // The runtime has checked the shape and that every matrix lies inside
    // its buffer (docs/plugin-abi.md, "Library operations").
    Queue &queue = acc::plugin::handleCast<Queue>(queueHandle);
    const acc_plugin_matmul_desc_t &d = *desc;
    Buffer &a = acc::plugin::handleCast<Buffer>(d.a);
    Buffer &b = acc::plugin::handleCast<Buffer>(d.b);
    Buffer &c = acc::plugin::handleCast<Buffer>(d.c);
    OneDNN &library = oneDNN();
    if (!library.sgemm)
      fail(ACC_ERROR_UNSUPPORTED, library.missing);

    std::unique_ptr<MatmulCommand> command(new MatmulCommand);
    command->device = queue.device;
    command->library = &library;
    command->desc = d;
    command->a = static_cast<const float *>(a.data) + d.a_offset;
    command->b = static_cast<const float *>(b.data) + d.b_offset;
    command->c = static_cast<float *>(c.data) + d.c_offset;
    enqueueCommand(queue, CommandPtr(command.release()));
  });
}

} // namespace

const acc_plugin_ops_v1_t *Backend::opsImpl() {
  static const acc_plugin_ops_v1_t ops = [] {
    acc_plugin_ops_v1_t o{};
    o.struct_size = sizeof(acc_plugin_ops_v1_t);
    o.matmul_f32 = matmulF32;
    return o;
  }();
  return &ops;
}
