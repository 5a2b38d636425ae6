//===- Ops.cpp - Library operations: a plugin's, or acc's portable kernels -===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A library operation (acc_matmul_f32()) is checked here once for every
// backend, brought to the one form the plugin ABI knows (row-major, element
// offsets and leading dimensions that are never 0), and then handed to the
// plugin's operation table when it has the entry. A plugin without it, or
// one that declines the call with ACC_ERROR_UNSUPPORTED, gets acc's own
// kernel from the portable bundle that ships beside libacc
// (lib/acc/kernels/acc_ops.accbin, compiled from runtime/kernels/acc_ops.cl
// for every target), loaded once per device.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

using namespace acc::rt;

namespace {

/// Where the portable kernels are: ACC_OPS_BUNDLE, or beside libacc.
std::string opsBundlePath() {
  if (const char *env = std::getenv("ACC_OPS_BUNDLE"); env && *env)
    return env;
  std::string folder = libraryFolder();
  return (folder.empty() ? std::string(".") : folder) +
         "/acc/kernels/acc_ops.accbin";
}

/// Loads the device's portable kernels once. Called with device.opsMutex
/// held. A failure is not cached: a later call tries again.
acc_result_t loadPortableKernels(acc_device_s &device) {
  if (device.opsModule)
    return ACC_SUCCESS;
  std::string path = opsBundlePath();
  acc_module_t module = nullptr;
  acc_result_t r = acc_module_load_file(&device, path.c_str(), &module);
  if (r != ACC_SUCCESS)
    return fail(r, "backend '" + device.backend->name +
                       "' has no library operation of its own here, and "
                       "libacc's portable kernels could not be loaded: " +
                       lastErrorMessage() +
                       " (the bundle ships beside libacc as "
                       "acc/kernels/acc_ops.accbin; ACC_OPS_BUNDLE names "
                       "another)");
  acc_kernel_t k16 = nullptr, k8 = nullptr;
  r = acc_kernel_get(module, "acc_matmul_f32_16", &k16);
  if (r == ACC_SUCCESS)
    r = acc_kernel_get(module, "acc_matmul_f32_8", &k8);
  if (r != ACC_SUCCESS) {
    std::string message = lastErrorMessage();
    if (k16)
      acc_kernel_release(k16);
    acc_module_release(module);
    return fail(r, "libacc's portable kernels (" + path +
                       ") are from another release of acc: " + message);
  }
  device.opsModule = module;
  device.opsMatmul16 = k16;
  device.opsMatmul8 = k8;
  log(ACC_LOG_LEVEL_INFO, "loaded the portable library kernels " + path +
                              " for " + describeDevice(device));
  return ACC_SUCCESS;
}

/// One operand as the application described it.
struct Operand {
  const char *name;     // "A"
  acc_buffer_t buffer;
  uint64_t offset;
  uint64_t ld;          // 0 = packed
  uint64_t rows, cols;  // as stored
};

using u128 = unsigned __int128;

/// Checks that `op`'s buffer is live and belongs to `device`.
acc_result_t checkHandle(const Operand &op, acc_device_s &device) {
  std::string what = std::string("acc_matmul_f32: ") + op.name;
  ACC_CHECK(checkBuffer(op.buffer, what.c_str()));
  if (op.buffer->device != &device)
    return fail(ACC_ERROR_INVALID_HANDLE,
                what + " is a buffer of " + describeDevice(*op.buffer->device) +
                    ", but the queue belongs to " + describeDevice(device));
  return ACC_SUCCESS;
}

/// Checks `op` and fills in its leading dimension and the span of floats it
/// covers, [offset, end).
acc_result_t checkOperand(Operand &op, acc_device_s &device,
                          acc_matrix_layout_t layout, uint64_t &end) {
  std::string what = std::string("acc_matmul_f32: ") + op.name;
  ACC_CHECK(checkHandle(op, device));
  bool rowMajor = layout == ACC_ROW_MAJOR;
  uint64_t lines = rowMajor ? op.rows : op.cols; // rows of a row-major matrix
  uint64_t length = rowMajor ? op.cols : op.rows;
  if (op.ld == 0)
    op.ld = length;
  std::string shape = std::to_string(op.rows) + " x " +
                      std::to_string(op.cols) +
                      (rowMajor ? " row-major" : " column-major");
  if (op.ld < length)
    return fail(ACC_ERROR_INVALID_ARGUMENT,
                what + " is stored " + shape + ", so its leading dimension "
                "must be at least " + std::to_string(length) + ", but it is " +
                std::to_string(op.ld));
  u128 last = u128(op.offset) + u128(lines - 1) * op.ld + length;
  uint64_t floats = op.buffer->size / sizeof(float);
  if (last > floats)
    return fail(ACC_ERROR_INVALID_ARGUMENT,
                what + " (" + shape + ", leading dimension " +
                    std::to_string(op.ld) + ", offset " +
                    std::to_string(op.offset) + ") needs " +
                    std::to_string(uint64_t(last)) + " floats, but its buffer "
                    "holds " + std::to_string(floats));
  end = uint64_t(last);
  return ACC_SUCCESS;
}

/// Enqueues the portable kernel for the row-major product `d`, whose
/// buffers are `a`, `b` and `c`.
acc_result_t launchPortable(acc_queue_t queue,
                            const acc_plugin_matmul_desc_t &d,
                            acc_buffer_t a, acc_buffer_t b, acc_buffer_t c) {
  acc_device_s &device = *queue->device;
  acc_kernel_t kernel = nullptr;
  {
    std::lock_guard<std::mutex> lock(device.opsMutex);
    ACC_CHECK(loadPortableKernels(device));
    acc_kernel_properties_t props{};
    props.struct_size = sizeof(props);
    ACC_CHECK(acc_kernel_get_properties(device.opsMatmul16, &props));
    kernel = props.max_work_group_size >= 256 ? device.opsMatmul16
                                              : device.opsMatmul8;
  }
  const uint32_t tile = kernel == device.opsMatmul16 ? 16 : 8;
  // The kernel indexes in 32 bits (GLSL ES has no 64-bit integers).
  const struct {
    const char *name;
    u128 end;
  } spans[] = {
      {"A", u128(d.a_offset) + u128(d.transpose_a ? d.k : d.m) * d.lda},
      {"B", u128(d.b_offset) + u128(d.transpose_b ? d.n : d.k) * d.ldb},
      {"C", u128(d.c_offset) + u128(d.m) * d.ldc}};
  for (const auto &span : spans)
    if (span.end > UINT32_MAX)
      return fail(ACC_ERROR_UNSUPPORTED,
                  std::string("acc_matmul_f32: ") + span.name +
                      " spans more than 2^32 floats, but backend '" +
                      device.backend->name +
                      "' runs acc's portable kernel, which indexes in 32 "
                      "bits; split the product into smaller ones");
  uint32_t aOff = uint32_t(d.a_offset), bOff = uint32_t(d.b_offset),
           cOff = uint32_t(d.c_offset), ldc = uint32_t(d.ldc);
  // Element (i, p) of op(A) at i * aRs + p * aCs; (p, j) of op(B) at
  // p * bRs + j * bCs.
  uint32_t aRs = d.transpose_a ? 1 : uint32_t(d.lda);
  uint32_t aCs = d.transpose_a ? uint32_t(d.lda) : 1;
  uint32_t bRs = d.transpose_b ? 1 : uint32_t(d.ldb);
  uint32_t bCs = d.transpose_b ? uint32_t(d.ldb) : 1;
  uint32_t m = uint32_t(d.m), n = uint32_t(d.n), k = uint32_t(d.k);
  float alpha = d.alpha, beta = d.beta;
  acc_arg_t args[] = {
      acc_arg_buffer(a), acc_arg_u32(&aOff),  acc_arg_u32(&aRs),
      acc_arg_u32(&aCs), acc_arg_buffer(b),   acc_arg_u32(&bOff),
      acc_arg_u32(&bRs), acc_arg_u32(&bCs),   acc_arg_buffer(c),
      acc_arg_u32(&cOff), acc_arg_u32(&ldc),  acc_arg_u32(&m),
      acc_arg_u32(&n),   acc_arg_u32(&k),     acc_arg_f32(&alpha),
      acc_arg_f32(&beta)};
  auto roundUp = [&](uint64_t x) { return (x + tile - 1) / tile * tile; };
  acc_launch_config_t config =
      acc_launch_config_2d(roundUp(d.n), roundUp(d.m), tile, tile);
  return acc_launch(queue, kernel, &config,
                    uint32_t(sizeof(args) / sizeof(args[0])), args);
}

acc_result_t matmul(acc_queue_t queue, const acc_matmul_desc_t *desc) {
  ACC_CHECK(checkQueue(queue, "acc_matmul_f32: queue"));
  if (!desc)
    return fail(ACC_ERROR_INVALID_ARGUMENT, "acc_matmul_f32: desc is NULL");
  if (desc->struct_size < sizeof(acc_matmul_desc_t))
    return fail(ACC_ERROR_INVALID_ARGUMENT,
                "acc_matmul_f32: desc->struct_size is " +
                    std::to_string(desc->struct_size) +
                    "; set it to sizeof(acc_matmul_desc_t) or start from "
                    "acc_matmul_desc_init()");
  if (desc->layout != ACC_ROW_MAJOR && desc->layout != ACC_COLUMN_MAJOR)
    return fail(ACC_ERROR_INVALID_ARGUMENT,
                "acc_matmul_f32: layout " + std::to_string(desc->layout) +
                    " is neither ACC_ROW_MAJOR nor ACC_COLUMN_MAJOR");
  const uint64_t m = desc->m, n = desc->n, k = desc->k;
  for (uint64_t dim : {m, n, k})
    if (dim > uint64_t(INT32_MAX))
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_matmul_f32: m, n and k must be at most INT32_MAX; "
                  "got m = " + std::to_string(m) + ", n = " +
                      std::to_string(n) + ", k = " + std::to_string(k));
  acc_device_s &device = *queue->device;
  bool ta = desc->transpose_a != 0, tb = desc->transpose_b != 0;
  Operand a{"A", desc->a, desc->a_offset, desc->lda, ta ? k : m, ta ? m : k};
  Operand b{"B", desc->b, desc->b_offset, desc->ldb, tb ? n : k, tb ? k : n};
  Operand c{"C", desc->c, desc->c_offset, desc->ldc, m, n};
  if (m == 0 || n == 0) {
    // Nothing to compute; the buffers must still be real ones.
    for (const Operand *op : {&a, &b, &c})
      ACC_CHECK(checkHandle(*op, device));
    return ACC_SUCCESS;
  }
  uint64_t aEnd = 0, bEnd = 0, cEnd = 0;
  if (k == 0) {
    // C = beta * C: A and B have no element to check, and the portable
    // kernel, which plugins need not handle this case for, reads neither.
    ACC_CHECK(checkHandle(a, device));
    ACC_CHECK(checkHandle(b, device));
    a.ld = a.ld ? a.ld : 1;
    b.ld = b.ld ? b.ld : 1;
  } else {
    ACC_CHECK(checkOperand(a, device, desc->layout, aEnd));
    ACC_CHECK(checkOperand(b, device, desc->layout, bEnd));
  }
  ACC_CHECK(checkOperand(c, device, desc->layout, cEnd));
  if (k != 0) {
    for (const auto &[op, end] : {std::pair{&a, aEnd}, std::pair{&b, bEnd}})
      if (op->buffer == c.buffer && op->offset < cEnd && c.offset < end)
        return fail(ACC_ERROR_INVALID_ARGUMENT,
                    std::string("acc_matmul_f32: C overlaps ") + op->name +
                        " (floats " + std::to_string(c.offset) + ".." +
                        std::to_string(cEnd) + " and " +
                        std::to_string(op->offset) + ".." +
                        std::to_string(end) + " of the same buffer); write "
                        "the product to a buffer of its own");
  }

  // The row-major form every plugin and the portable kernel see. A
  // column-major C is the row-major C^T = op(B)^T op(A)^T, and a
  // column-major op(X) read as row-major is op(X)^T with the same flag.
  acc_plugin_matmul_desc_t d{};
  d.struct_size = sizeof(d);
  d.alpha = desc->alpha;
  d.beta = desc->beta;
  const Operand *first = &a, *second = &b;
  if (desc->layout == ACC_COLUMN_MAJOR) {
    std::swap(first, second);
    std::swap(ta, tb);
  }
  d.m = desc->layout == ACC_ROW_MAJOR ? m : n;
  d.n = desc->layout == ACC_ROW_MAJOR ? n : m;
  d.k = k;
  d.transpose_a = ta;
  d.transpose_b = tb;
  d.a = first->buffer->handle;
  d.a_offset = first->offset;
  d.lda = first->ld;
  d.b = second->buffer->handle;
  d.b_offset = second->offset;
  d.ldb = second->ld;
  d.c = c.buffer->handle;
  d.c_offset = c.offset;
  d.ldc = c.ld;

  Backend &backend = *device.backend;
  bool usePlugin;
  {
    std::lock_guard<std::mutex> lock(stateMutex());
    usePlugin = statePtr() && statePtr()->pluginOps;
  }
  if (usePlugin && backend.ops.matmul_f32 && k != 0) {
    acc_result_t r;
    {
      std::lock_guard<std::mutex> lock(queue->mutex);
      clearPluginErrorFlag();
      r = backend.ops.matmul_f32(queue->handle, &d);
    }
    if (r != ACC_ERROR_UNSUPPORTED)
      return pluginResult(backend, "ops.matmul_f32", r);
    if (logEnabled(ACC_LOG_LEVEL_DEBUG))
      log(ACC_LOG_LEVEL_DEBUG,
          "backend '" + backend.name + "' declined acc_matmul_f32 (" +
              (pluginErrorFlag() ? lastErrorMessage() : "no reason given") +
              "); running the portable kernel");
  }
  return launchPortable(queue, d, first->buffer, second->buffer, c.buffer);
}

} // namespace

extern "C" ACC_API acc_result_t acc_matmul_f32(acc_queue_t queue,
                                               const acc_matmul_desc_t *desc) {
  return guard([&] { return matmul(queue, desc); });
}
