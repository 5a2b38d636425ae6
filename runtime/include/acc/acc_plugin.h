/*===- acc/acc_plugin.h - Backend plugin ABI, version 1 --------------------===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * A backend plugin is a shared library named libacc_plugin_<name>.so.<major>
 * that exports exactly one symbol, ACC_PLUGIN_ENTRY_NAME. The runtime calls it
 * with the highest ABI version it speaks; the plugin answers with a function
 * table. Everything else in the plugin is hidden.
 *
 * Versioning rules (see docs/plugin-abi.md):
 *  - The major version changes only when an existing function or struct
 *    changes meaning or layout. The runtime refuses a plugin whose major
 *    differs from its own, naming both versions.
 *  - A minor version only appends: new function pointers at the end of
 *    acc_plugin_v1_t (taking the place of reserved[] entries first), new
 *    fields at the end of structs that carry their size. Structs passed in
 *    arrays without a size (acc_kernel_info_t, acc_arg_info_t,
 *    acc_plugin_arg_t) never change within a major version.
 *    A runtime reads a table only up to the table's struct_size, so a plugin
 *    built for 1.0 loads in a runtime of 1.3 (newer entries count as absent)
 *    and a 1.3 plugin loads in a 1.0 runtime (extra entries are ignored).
 *
 * The runtime hands a plugin only valid usage (live handles of one device,
 * ranges inside buffers, launches that match their kernel and the device's
 * limits; docs/plugin-abi.md, "Valid usage"). A plugin checks only what it
 * alone knows: its API's limits, memory, builds, device loss. ACC_VALIDATE=1
 * puts a validation layer between the runtime and the plugin that checks
 * the runtime's side of this promise.
 *
 * Rules every entry point follows:
 *  - It returns acc_result_t; on failure it calls host->set_error() with a
 *    message first. No C++ exception ever crosses this boundary.
 *  - Output parameters come last and are named out_*. They are written only
 *    on success.
 *  - Handles are opaque to the runtime; the plugin owns what they point to.
 *
 * This header is frozen C: it depends only on <stdint.h>, <stddef.h> and
 * <stdbool.h> (through acc_types.h).
 *
 *===----------------------------------------------------------------------===*/
#ifndef ACC_ACC_PLUGIN_H
#define ACC_ACC_PLUGIN_H

#include "acc/acc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ACC_PLUGIN_ABI_MAJOR 1
#define ACC_PLUGIN_ABI_MINOR 3

/// The one symbol a plugin exports.
#define ACC_PLUGIN_ENTRY_NAME "acc_plugin_query"

#if defined(_WIN32)
#define ACC_PLUGIN_EXPORT __declspec(dllexport)
#else
#define ACC_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* Opaque plugin-side objects. */
typedef struct acc_plugin_device_s* acc_plugin_device_t;
typedef struct acc_plugin_buffer_s* acc_plugin_buffer_t;
typedef struct acc_plugin_queue_s* acc_plugin_queue_t;
typedef struct acc_plugin_module_s* acc_plugin_module_t;
typedef struct acc_plugin_kernel_s* acc_plugin_kernel_t;
typedef struct acc_plugin_event_s* acc_plugin_event_t;

typedef uint32_t acc_log_level_t;
enum {
  ACC_LOG_LEVEL_ERROR = 0,
  ACC_LOG_LEVEL_WARN = 1,
  ACC_LOG_LEVEL_INFO = 2,
  ACC_LOG_LEVEL_DEBUG = 3,
  ACC_LOG_LEVEL_FORCE_INT32 = 0x7fffffff
};

/// Services the runtime offers a plugin. Borrowed: valid from init() until
/// shutdown() returns.
typedef struct acc_plugin_host_v1_t {
  uint32_t struct_size;
  uint32_t reserved;
  /// Records the message returned by acc_last_error_message() on the calling
  /// thread. Call it before returning a failure code. `message` is copied.
  void (*set_error)(acc_result_t result, const char* message);
  /// Writes a line to the runtime's log if `level` is enabled by ACC_LOG.
  void (*log)(acc_log_level_t level, const char* message);
} acc_plugin_host_v1_t;

/* acc_buffer_flags_t (ACC_BUFFER_READ_WRITE, ...) is in acc/acc_types.h:
 * applications use it too. */

/// What module_create() receives: the code object the runtime chose for this
/// device, and the kernels' metadata from the bundle. Borrowed for the call:
/// a plugin that needs any of it later copies it.
typedef struct acc_plugin_module_desc_t {
  uint32_t struct_size;
  acc_target_t target;
  const void* code;
  uint64_t code_size;
  /// Target architecture the code was compiled for ("x86-64", "sm_90").
  const char* arch;
  /// The kernels the code holds: the bundle's kernels less those the code
  /// object leaves out (a target that cannot express one kernel still
  /// carries the others; the runtime refuses the missing ones itself).
  uint32_t kernel_count;
  /// The launch convention the code follows (docs/plugin-abi.md, "Launch
  /// conventions"; 0 = the first). A plugin that does not know it returns
  /// ACC_ERROR_ABI_VERSION with a message saying what to update. Added in
  /// 1.2 in the place of a reserved field that was always 0.
  uint32_t launch_abi;
  const acc_kernel_info_t* kernels;
} acc_plugin_module_desc_t;

/// One launch argument, already checked by the runtime against the kernel's
/// metadata (count, kind and size match).
typedef struct acc_plugin_arg_t {
  acc_arg_kind_t kind;
  /// Scalars: the value's size. Local arguments: bytes of local memory.
  uint32_t size;
  union {
    /// ACC_ARG_KIND_BUFFER
    acc_plugin_buffer_t buffer;
    /// ACC_ARG_KIND_SCALAR: points to `size` bytes, borrowed for the call.
    const void* value;
  } u;
} acc_plugin_arg_t;

/// A launch: an N-dimensional range of work-items. Unused dimensions have
/// global_size 1, local_size 1, global_offset 0.
typedef struct acc_plugin_launch_desc_t {
  uint32_t struct_size;
  uint32_t work_dim;
  uint64_t global_size[3];
  uint64_t global_offset[3];
  /// Always set: the runtime picks one when the application passes zeros.
  uint32_t local_size[3];
  uint32_t arg_count;
  const acc_plugin_arg_t* args;
} acc_plugin_launch_desc_t;

/* -- Library operations (ABI 1.1) ------------------------------------------
 * Operations the runtime offers applications (acc_matmul_f32(), ...) that a
 * plugin may implement with a vendor library (oneDNN, cuBLAS, hipBLAS). A
 * plugin without an entry, or whose entry declines a call, gets acc's own
 * portable kernel for it: every operation works on every backend, and a
 * plugin only adds speed. */

/// C = alpha * op(A) * op(B) + beta * C in single precision. Every matrix is
/// row-major (the runtime turns a column-major call into the row-major
/// product of the transposes, so a column-major library such as cuBLAS
/// computes C^T = op(B)^T op(A)^T by swapping A and B). op(A) is m x k and
/// op(B) is k x n; A is stored as k x m when transpose_a is set, B as n x k
/// when transpose_b is set. Offsets and leading dimensions count floats. The
/// runtime has checked that every element lies inside its buffer, that C
/// does not overlap A or B, and that m, n and k are nonzero and at most
/// INT32_MAX. With beta == 0, C is written without being read (NaNs in C do
/// not propagate), as BLAS specifies.
typedef struct acc_plugin_matmul_desc_t {
  uint32_t struct_size;
  uint32_t transpose_a;
  uint32_t transpose_b;
  uint32_t reserved;
  uint64_t m, n, k;
  float alpha;
  float beta;
  acc_plugin_buffer_t a;
  uint64_t a_offset;
  uint64_t lda;
  acc_plugin_buffer_t b;
  uint64_t b_offset;
  uint64_t ldb;
  acc_plugin_buffer_t c;
  uint64_t c_offset;
  uint64_t ldc;
} acc_plugin_matmul_desc_t;

/// A plugin's library operations. Every entry may be NULL. An entry that
/// cannot handle a particular call (a shape or a device its library does not
/// cover) returns ACC_ERROR_UNSUPPORTED, with or without set_error(), before
/// enqueueing anything: the runtime then runs its portable kernel instead.
/// Any other failure is reported to the application. Like every command, an
/// operation is enqueued on `queue` in order and returns without waiting.
typedef struct acc_plugin_ops_v1_t {
  /// sizeof(acc_plugin_ops_v1_t) as the plugin was compiled; entries beyond
  /// it count as NULL.
  uint32_t struct_size;
  uint32_t reserved;
  acc_result_t (*matmul_f32)(acc_plugin_queue_t queue,
                             const acc_plugin_matmul_desc_t* desc);
} acc_plugin_ops_v1_t;

/// The plugin's function table. Entries appended by a later minor version
/// lie beyond struct_size for older plugins and are treated as NULL.
typedef struct acc_plugin_v1_t {
  /// sizeof(acc_plugin_v1_t) as the plugin was compiled.
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t reserved0;
  /// Backend name, lowercase, as ACC_BACKEND spells it ("cpu").
  const char* name;
  /// Free-form plugin version ("1.0.0").
  const char* version;

  /* -- Lifetime ---------------------------------------------------------- */
  /// Called once after loading. A plugin whose vendor library or hardware is
  /// missing returns ACC_ERROR_NO_DEVICE with a message naming what is
  /// missing ("libcuda.so.1 not found"); the runtime reports it and keeps the
  /// plugin listed with zero devices.
  acc_result_t (*init)(const acc_plugin_host_v1_t* host);
  /// Called once before unloading; releases everything still alive.
  void (*shutdown)(void);

  /* -- Devices ----------------------------------------------------------- */
  acc_result_t (*device_count)(uint32_t* out_count);
  /// Borrowed handle, valid until shutdown().
  acc_result_t (*device_get)(uint32_t index, acc_plugin_device_t* out_device);
  /// Fills `info` up to info->struct_size (set by the caller).
  acc_result_t (*device_get_info)(acc_plugin_device_t device,
                                  acc_device_info_t* info);

  /* -- Buffers ----------------------------------------------------------- */
  /// Creates a buffer of `size` bytes (size 0 is valid and yields a buffer
  /// that may be bound but holds nothing). Owned by the caller: release it
  /// with buffer_release().
  acc_result_t (*buffer_create)(acc_plugin_device_t device, uint64_t size,
                                acc_buffer_flags_t flags,
                                acc_plugin_buffer_t* out_buffer);
  acc_result_t (*buffer_release)(acc_plugin_buffer_t buffer);

  /* -- Queues (in-order, asynchronous) ----------------------------------- */
  /* Every command entry below (buffer_write ... launch, queue_record_event,
   * queue_wait_event) enqueues and returns without waiting for the device,
   * unless it says otherwise. Argument errors are returned by the call
   * itself; an error met while a command executes is returned by the next
   * queue_finish(), event_wait() or event_query() that covers it. Entries
   * taking a queue may be called from several threads at once, on the same
   * queue or on different queues: the plugin serialises what it must. */
  acc_result_t (*queue_create)(acc_plugin_device_t device,
                               acc_plugin_queue_t* out_queue);
  /// Waits for the queue's work, then releases it.
  acc_result_t (*queue_release)(acc_plugin_queue_t queue);
  /// Blocks until every command submitted to the queue has completed.
  acc_result_t (*queue_finish)(acc_plugin_queue_t queue);

  /// Copies host memory into a buffer. With `blocking`, returns once the
  /// data has been copied (`src` may be reused at once); otherwise `src`
  /// must stay valid until the command completes.
  acc_result_t (*buffer_write)(acc_plugin_queue_t queue,
                               acc_plugin_buffer_t buffer, uint64_t offset,
                               uint64_t size, const void* src, bool blocking);
  /// Copies a buffer into host memory; the data is there when the command
  /// completes (at return when `blocking`, which also waits for every
  /// earlier command of the queue).
  acc_result_t (*buffer_read)(acc_plugin_queue_t queue,
                              acc_plugin_buffer_t buffer, uint64_t offset,
                              uint64_t size, void* dst, bool blocking);
  acc_result_t (*buffer_copy)(acc_plugin_queue_t queue,
                              acc_plugin_buffer_t src, uint64_t src_offset,
                              acc_plugin_buffer_t dst, uint64_t dst_offset,
                              uint64_t size);
  /// Fills `size` bytes with a repeated pattern of 1, 2, 4, 8, 16, 32, 64 or
  /// 128 bytes; offset and size are multiples of pattern_size.
  acc_result_t (*buffer_fill)(acc_plugin_queue_t queue,
                              acc_plugin_buffer_t buffer, uint64_t offset,
                              uint64_t size, const void* pattern,
                              uint32_t pattern_size);

  /* -- Modules and kernels ----------------------------------------------- */
  acc_result_t (*module_create)(acc_plugin_device_t device,
                                const acc_plugin_module_desc_t* desc,
                                acc_plugin_module_t* out_module);
  acc_result_t (*module_release)(acc_plugin_module_t module);
  /// Borrowed handle, valid until the module is released.
  acc_result_t (*kernel_get)(acc_plugin_module_t module, const char* name,
                             acc_plugin_kernel_t* out_kernel);
  /// Enqueues a launch. The runtime has validated the arguments against the
  /// kernel's metadata and the range against the device's limits.
  acc_result_t (*launch)(acc_plugin_queue_t queue, acc_plugin_kernel_t kernel,
                         const acc_plugin_launch_desc_t* desc);

  /* -- Events ------------------------------------------------------------ */
  /* An event marks a point in a queue: it completes when every command
   * submitted to the queue before it has completed. Events are owned by the
   * caller (event_release()); they may be waited on from any thread and by
   * any queue of the same device. */
  /// Enqueues a marker and returns its event. `flags` is a combination of
  /// acc_event_flags_t; with ACC_EVENT_TIMING the event records the device's
  /// clock when it completes.
  acc_result_t (*queue_record_event)(acc_plugin_queue_t queue,
                                     acc_event_flags_t flags,
                                     acc_plugin_event_t* out_event);
  /// Makes every command submitted to `queue` after this call wait until
  /// `event` (from any queue of the same device) has completed. Returns
  /// without waiting.
  acc_result_t (*queue_wait_event)(acc_plugin_queue_t queue,
                                   acc_plugin_event_t event);
  /// Blocks until the event has completed. Returns the error of a command it
  /// covers that failed.
  acc_result_t (*event_wait)(acc_plugin_event_t event);
  /// Does not block: ACC_SUCCESS when the event has completed,
  /// ACC_ERROR_NOT_READY (without set_error) when it has not, or the error
  /// of a command it covers that failed.
  acc_result_t (*event_query)(acc_plugin_event_t event);
  /// Device time in nanoseconds from `start` completing to `end` completing.
  /// Both carry ACC_EVENT_TIMING, belong to the same device and have
  /// completed (ACC_ERROR_NOT_READY otherwise). 0 when `end` completed
  /// first.
  acc_result_t (*event_elapsed_ns)(acc_plugin_event_t start,
                                   acc_plugin_event_t end, uint64_t* out_ns);
  /// Releases the event. Releasing an event that has not completed is
  /// allowed: the marker still completes and nothing waits on the handle.
  acc_result_t (*event_release)(acc_plugin_event_t event);

  /* -- Kernel properties --------------------------------------------------- */
  /// Fills `props` up to props->struct_size (set by the caller) with what the
  /// vendor API says about the compiled kernel. The runtime uses
  /// max_work_group_size when it picks a local size and to refuse launches
  /// the driver would. May be NULL: the runtime then uses the device's
  /// limits.
  acc_result_t (*kernel_get_properties)(acc_plugin_kernel_t kernel,
                                        acc_kernel_properties_t* props);

  /* -- Added in 1.1 -------------------------------------------------------- */
  /* A 1.0 plugin has NULL in these places (its reserved[0..2]); the runtime
   * ignores them for a table whose abi_minor is 0. */
  /// The plugin's library operations, or NULL when it has none. Borrowed:
  /// valid until shutdown().
  const acc_plugin_ops_v1_t* ops;
  /// Maps `size` bytes of `buffer` at `offset` into the host's address
  /// space without a copy, after every command submitted to `queue` before
  /// has completed (errors of those commands are returned, as by
  /// queue_finish). `flags` is a combination of ACC_MAP_READ and
  /// ACC_MAP_WRITE (acc_map_flags_t). A plugin whose memory the host cannot
  /// address directly returns ACC_ERROR_UNSUPPORTED (with or without
  /// set_error) or leaves the entry NULL: the runtime then stages the bytes
  /// with buffer_read and buffer_write. The runtime has checked the range.
  acc_result_t (*buffer_map)(acc_plugin_queue_t queue,
                             acc_plugin_buffer_t buffer, uint64_t offset,
                             uint64_t size, acc_map_flags_t flags,
                             void** out_ptr);
  /// Ends a mapping buffer_map made; `ptr` is what it returned.
  acc_result_t (*buffer_unmap)(acc_plugin_queue_t queue,
                               acc_plugin_buffer_t buffer, void* ptr);

  /* -- Added in 1.3 -------------------------------------------------------- */
  /* NULL in a table whose abi_minor is below 3 (its reserved[0]). */
  /// Optional. The local size the vendor's occupancy calculator suggests for
  /// launching `kernel` over `global_size` (zeKernelSuggestGroupSize,
  /// cuOccupancyMaxPotentialBlockSize, hipModuleOccupancyMaxPotentialBlockSize).
  /// Used when the application leaves the local size to the runtime and the
  /// kernel has no reqd_work_group_size; the runtime checks the answer
  /// against the device's limits and, for a kernel that runs whole groups
  /// only, that it divides the range. Unused dimensions are 1 on output.
  /// ACC_ERROR_UNSUPPORTED (with or without set_error): no suggestion; the
  /// runtime chooses itself.
  acc_result_t (*kernel_suggest_local_size)(acc_plugin_kernel_t kernel,
                                            uint32_t work_dim,
                                            const uint64_t global_size[3],
                                            uint32_t out_local_size[3]);

  /// Optional. Builds what launches of `kernel` over `desc`'s range and
  /// local size will need (a Vulkan pipeline specialised for the local
  /// size, a GLES program), so that the first such launch does not pay for
  /// it. `desc` has no arguments (arg_count 0). NULL: nothing to prepare.
  /// Errors as for launch (ACC_ERROR_BUILD_FAILED with the driver's log).
  acc_result_t (*kernel_prepare)(acc_plugin_kernel_t kernel,
                                 const acc_plugin_launch_desc_t* desc);

  /// Reserved for minor-version growth; NULL.
  void* reserved[11];
} acc_plugin_v1_t;

/// The entry point's type. `loader_major`/`loader_minor` are the runtime's
/// ABI version. A plugin whose major differs returns ACC_ERROR_ABI_VERSION
/// (the runtime checks table->abi_major as well).
typedef acc_result_t (*acc_plugin_query_fn_t)(uint32_t loader_major,
                                              uint32_t loader_minor,
                                              const acc_plugin_v1_t** out_table);

#ifdef __cplusplus
} /* extern "C" */

static_assert(sizeof(acc_plugin_arg_t) == 16, "ABI: acc_plugin_arg_t size");
static_assert(sizeof(acc_plugin_launch_desc_t) == 80,
              "ABI: acc_plugin_launch_desc_t size");
static_assert(offsetof(acc_plugin_v1_t, init) == 32,
              "ABI: acc_plugin_v1_t::init offset");
static_assert(sizeof(acc_plugin_matmul_desc_t) == 120,
              "ABI: acc_plugin_matmul_desc_t size");
static_assert(offsetof(acc_plugin_v1_t, ops) ==
                  offsetof(acc_plugin_v1_t, kernel_get_properties) +
                      sizeof(void*),
              "ABI: acc_plugin_v1_t::ops takes the place of reserved[0]");
static_assert(offsetof(acc_plugin_v1_t, kernel_suggest_local_size) ==
                  offsetof(acc_plugin_v1_t, buffer_unmap) + sizeof(void*),
              "ABI: kernel_suggest_local_size takes the 1.2 reserved[0]");
static_assert(sizeof(acc_plugin_v1_t) == 32 + 30 * sizeof(void*) +
                                             11 * sizeof(void*),
              "ABI: acc_plugin_v1_t keeps its 1.0 size");
#endif

#endif /* ACC_ACC_PLUGIN_H */
