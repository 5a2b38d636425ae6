/*===- acc/acc.h - The acc runtime C API -----------------------------------===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * This is the header applications include. It declares libacc's C API: load
 * backend plugins, pick a device, create buffers and in-order queues, load a
 * bundle written by acc-cc and launch its kernels.
 *
 * The header is frozen C. It depends only on <stdint.h>, <stddef.h> and
 * <stdbool.h> (through acc/acc_types.h), grows append-only, and every struct
 * an application fills in that may grow carries its size in `struct_size`.
 * A C++ RAII wrapper lives in acc/acc.hpp.
 *
 * Conventions every function follows
 * -----------------------------------
 *  - Every function that can fail returns acc_result_t; ACC_SUCCESS is 0.
 *    On failure, acc_last_error_message() on the same thread gives a full
 *    sentence saying what went wrong and, where possible, what to do.
 *  - Output parameters come last and are named out_*. They are written only
 *    on success. A NULL output pointer is ACC_ERROR_INVALID_ARGUMENT.
 *  - A NULL, released or foreign handle is ACC_ERROR_INVALID_HANDLE. The
 *    runtime keeps a registry of live handles, so a released handle is
 *    detected rather than dereferenced (unless its memory was reused for a
 *    new handle of the same kind).
 *  - Every function except acc_init(), acc_init_options_init(),
 *    acc_result_name(), acc_last_error_message() and acc_version_string()
 *    returns ACC_ERROR_NOT_INITIALIZED before acc_init() and after
 *    acc_shutdown().
 *  - No C++ exception ever leaves the library.
 *
 * Ownership
 * ---------
 *  - acc_device_t handles are owned by the runtime: they are valid from
 *    acc_init() until acc_shutdown() and are never released by the caller.
 *  - acc_buffer_t, acc_queue_t, acc_module_t and acc_kernel_t are owned by
 *    the caller, who releases each exactly once with its *_release function.
 *    A kernel keeps its module alive: a module released while kernels taken
 *    from it are alive is destroyed when the last of them is released.
 *  - acc_shutdown() destroys every object still alive; handles the caller
 *    still holds become invalid.
 *  - Strings and metadata returned by pointer are borrowed; each function
 *    says how long they stay valid.
 *
 * Thread safety
 * -------------
 *  - acc_init() and acc_shutdown() must not race with any other call.
 *  - Every other function may be called from any thread at any time. The
 *    loader and handle registry are protected by a mutex.
 *  - A queue may be used from several threads at once: the runtime
 *    serialises submissions to one queue, so every command enters the queue
 *    as one unit and commands execute in the order their calls entered it.
 *  - Commands are asynchronous: acc_launch(), acc_buffer_copy(),
 *    acc_buffer_fill(), the *_async transfers and acc_queue_wait_event()
 *    return once the command is enqueued. acc_buffer_write() returns once
 *    its source has been consumed, acc_buffer_read() once the data has
 *    arrived. An error met while a command executes is returned by the next
 *    acc_queue_finish(), acc_event_wait() or acc_event_query() that covers
 *    it.
 *  - Buffers may be shared between queues of the same device; ordering
 *    between different queues is the caller's job: record an event on one
 *    queue and make the other wait for it (acc_queue_wait_event()), or
 *    finish the first queue.
 *  - Events may be waited on, queried and released from any thread (but
 *    not released while another thread is still using the same event).
 *
 * Environment
 * -----------
 *  - ACC_BACKEND: `name[:device index]`, or a comma-separated list of them
 *    in order of preference; read by acc_device_get_default().
 *  - ACC_PLUGIN_PATH: colon-separated folders searched for plugins.
 *  - ACC_LOG: error (default), warn, info or debug; lines go to stderr
 *    prefixed with "acc: ".
 *
 *===----------------------------------------------------------------------===*/
#ifndef ACC_ACC_H
#define ACC_ACC_H

#include "acc/acc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#if defined(ACC_RUNTIME_BUILDING)
#define ACC_API __declspec(dllexport)
#else
#define ACC_API __declspec(dllimport)
#endif
#else
#define ACC_API __attribute__((visibility("default")))
#endif

/// The runtime's version, also returned by acc_version_string().
#define ACC_VERSION_MAJOR 0
#define ACC_VERSION_MINOR 2
#define ACC_VERSION_PATCH 0

/* ---------------------------------------------------------------------------
 * Opaque handles
 * ------------------------------------------------------------------------ */

/// A device of one backend. Owned by the runtime (see "Ownership").
typedef struct acc_device_s* acc_device_t;
/// Device memory. Owned by the caller; release with acc_buffer_release().
typedef struct acc_buffer_s* acc_buffer_t;
/// An in-order command queue. Owned by the caller; acc_queue_release().
typedef struct acc_queue_s* acc_queue_t;
/// A bundle loaded for one device. Owned by the caller; acc_module_release().
typedef struct acc_module_s* acc_module_t;
/// A kernel of a module. Owned by the caller; acc_kernel_release().
typedef struct acc_kernel_s* acc_kernel_t;
/// A point in a queue. Owned by the caller; acc_event_release().
typedef struct acc_event_s* acc_event_t;

/* ---------------------------------------------------------------------------
 * Errors and version
 * ------------------------------------------------------------------------ */

/// Returns the constant's name ("ACC_ERROR_INVALID_BUNDLE") for a result
/// code, or "ACC_ERROR_UNKNOWN" for a value that is not one. The string is
/// static. Thread-safe; needs no acc_init().
ACC_API const char* acc_result_name(acc_result_t result);

/// Returns the message of the most recent failed acc call on the calling
/// thread, or "" when no call on this thread has failed. Successful calls do
/// not clear it. The string is owned by the runtime and stays valid until
/// the next acc call on this thread. Needs no acc_init().
ACC_API const char* acc_last_error_message(void);

/// Returns the runtime version, e.g. "0.1.0". Static string.
ACC_API const char* acc_version_string(void);

/* ---------------------------------------------------------------------------
 * Initialisation
 * ------------------------------------------------------------------------ */

/// acc_init_options_t::flags bits.
typedef uint32_t acc_init_flags_t;
enum {
  /// Search only acc_init_options_t::plugin_paths: ignore ACC_PLUGIN_PATH and
  /// the folder beside libacc. For tests and applications that ship their
  /// own plugins.
  ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS = 1u << 0,
  ACC_INIT_FLAG_FORCE_INT32 = 0x7fffffff
};

/// Options for acc_init(). Initialise with acc_init_options_init() and then
/// change the fields you need, so that fields added later get defaults.
typedef struct acc_init_options_t {
  /// sizeof(acc_init_options_t) as the caller was compiled; set by
  /// acc_init_options_init().
  uint32_t struct_size;
  acc_init_flags_t flags;
  /// Reserved for extension structs; must be NULL.
  const void* next;
  /// Plugin folders or plugin files searched before ACC_PLUGIN_PATH. A
  /// folder contributes its files named libacc_plugin_<name>.so.<major>; a
  /// file is loaded whatever its name. Borrowed for the duration of
  /// acc_init().
  const char* const* plugin_paths;
  uint32_t plugin_path_count;
  uint32_t reserved;
} acc_init_options_t;

/// Fills `options` with the defaults: struct_size set, no flags, no extra
/// plugin paths. Needs no acc_init().
ACC_API void acc_init_options_init(acc_init_options_t* options);

/// Loads the backend plugins and initialises the runtime.
///
/// Plugins are searched in this order (see docs/runtime-api.md): the paths
/// in `options`, then each folder of ACC_PLUGIN_PATH, then the folder
/// `acc/plugins` beside libacc.so. In each folder the files named
/// libacc_plugin_<name>.so.<N> are taken in sorted order. A backend name is
/// loaded once: the first plugin that loads wins, later ones are logged and
/// skipped. A plugin that fails to load (not a shared library, no entry
/// symbol, wrong ABI major, table too small) stays listed by
/// acc_backend_get_info() with its status and reason and is logged at warn.
///
/// `options` may be NULL for the defaults. Calling acc_init() again while
/// initialised does nothing and returns ACC_SUCCESS (the new options are
/// ignored; call acc_shutdown() first to change them).
///
/// Finding no plugin at all is not an error: acc_device_count() then
/// reports 0 and acc_device_get_default() says why.
///
/// Errors: ACC_ERROR_INVALID_ARGUMENT (options->struct_size is 0 or too
/// small, or `next` is not NULL), ACC_ERROR_OUT_OF_MEMORY.
/// Not thread-safe with respect to any other acc call.
ACC_API acc_result_t acc_init(const acc_init_options_t* options);

/// Destroys every live object, shuts down and unloads every plugin. Safe to
/// call when not initialised (does nothing). acc_init() may be called again
/// afterwards. Not thread-safe with respect to any other acc call.
ACC_API void acc_shutdown(void);

/* ---------------------------------------------------------------------------
 * Backends (plugins)
 * ------------------------------------------------------------------------ */

/// One plugin the loader found, loaded or not. The strings are owned by the
/// runtime and stay valid until acc_shutdown().
typedef struct acc_backend_info_t {
  /// Caller sets sizeof(acc_backend_info_t); the runtime fills the prefix.
  uint32_t struct_size;
  /// ACC_SUCCESS (loaded, has devices), ACC_ERROR_NO_DEVICE (loaded, no
  /// device), ACC_ERROR_PLUGIN_LOAD or ACC_ERROR_ABI_VERSION (not loaded).
  acc_result_t status;
  /// Backend name ("cpu"). For a plugin that did not load, taken from the
  /// file name.
  const char* name;
  /// Full path of the plugin file.
  const char* plugin_path;
  /// The plugin's own version string, "" when it did not load.
  const char* version;
  /// Why status is not ACC_SUCCESS ("libcuda.so.1 not found"), else "".
  const char* status_message;
  /// ABI version the plugin declared (0.0 when it did not say).
  uint32_t abi_major;
  uint32_t abi_minor;
  /// Devices this backend exposes (0 unless status is ACC_SUCCESS).
  uint32_t device_count;
  /// Index of this backend's first device in acc_device_get()'s numbering.
  uint32_t first_device_index;
} acc_backend_info_t;

/// Writes the number of plugins found (loaded or not) to *out_count.
/// Errors: ACC_ERROR_NOT_INITIALIZED, ACC_ERROR_INVALID_ARGUMENT.
ACC_API acc_result_t acc_backend_count(uint32_t* out_count);

/// Describes plugin `index` (0 <= index < acc_backend_count()). Backends are
/// ordered by preference: cpu, opencl, vulkan, gles, cuda, hip, level-zero,
/// then other names alphabetically, then by search order.
/// Errors: ACC_ERROR_NOT_INITIALIZED, ACC_ERROR_INVALID_ARGUMENT (NULL
/// info, struct_size too small), ACC_ERROR_NOT_FOUND (index out of range).
ACC_API acc_result_t acc_backend_get_info(uint32_t index,
                                          acc_backend_info_t* info);

/* ---------------------------------------------------------------------------
 * Devices
 * ------------------------------------------------------------------------ */

/// Writes the number of devices of every loaded backend to *out_count.
/// Errors: ACC_ERROR_NOT_INITIALIZED, ACC_ERROR_INVALID_ARGUMENT.
ACC_API acc_result_t acc_device_count(uint32_t* out_count);

/// Gets device `index`, numbering the devices of all backends in the
/// backend order of acc_backend_get_info(). A device keeps its index for the
/// life of the runtime (until acc_shutdown()): when acc_device_get_default()
/// has initialised only the backend ACC_BACKEND names, the devices of
/// backends initialised later are numbered after it, whatever their order
/// (see first_device_index). The handle is owned by the
/// runtime. Errors: ACC_ERROR_NOT_INITIALIZED, ACC_ERROR_INVALID_ARGUMENT,
/// ACC_ERROR_NOT_FOUND (index out of range).
ACC_API acc_result_t acc_device_get(uint32_t index, acc_device_t* out_device);

/// Gets the device ACC_BACKEND names, or when it is unset or empty the first
/// device of the first backend that has one (in the backend order above).
///
/// ACC_BACKEND is `name[:index]` or a comma list of them; the first entry
/// that names an existing device wins.
/// Errors: ACC_ERROR_NOT_FOUND (no backend of that name: the message lists
/// the backends that exist; or the device index is out of range),
/// ACC_ERROR_NO_DEVICE (the backend exists but has no device: the message
/// gives the plugin's reason; or no backend has a device at all),
/// ACC_ERROR_INVALID_ARGUMENT (malformed ACC_BACKEND, NULL out_device),
/// ACC_ERROR_NOT_INITIALIZED.
ACC_API acc_result_t acc_device_get_default(acc_device_t* out_device);

/// Fills `info` with the device's properties. The caller sets
/// info->struct_size to sizeof(acc_device_info_t); a smaller value (from an
/// older header) fills only that prefix. `backend` is set by the runtime.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT (NULL info
/// or struct_size smaller than offsetof(acc_device_info_t, name)), errors
/// of the plugin.
ACC_API acc_result_t acc_device_get_info(acc_device_t device,
                                         acc_device_info_t* info);

/* ---------------------------------------------------------------------------
 * Buffers
 * ------------------------------------------------------------------------ */

/// Creates a buffer of `size` bytes on `device` (0 is allowed). Its contents
/// are undefined until written. `flags` is a combination of
/// ACC_BUFFER_READ_ONLY / ACC_BUFFER_WRITE_ONLY (how kernels use it) or
/// ACC_BUFFER_READ_WRITE (0). The caller owns the buffer.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT (unknown
/// flags, both READ_ONLY and WRITE_ONLY, size above the device's
/// max_allocation_size), ACC_ERROR_OUT_OF_MEMORY.
ACC_API acc_result_t acc_buffer_create(acc_device_t device, uint64_t size,
                                       acc_buffer_flags_t flags,
                                       acc_buffer_t* out_buffer);

/// Releases a buffer. Commands that use it must have completed
/// (acc_queue_finish()). Errors: ACC_ERROR_INVALID_HANDLE.
ACC_API acc_result_t acc_buffer_release(acc_buffer_t buffer);

/// Writes the buffer's size in bytes to *out_size.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT.
ACC_API acc_result_t acc_buffer_size(acc_buffer_t buffer, uint64_t* out_size);

/// Copies `size` bytes from host memory `src` into the buffer at `offset`.
/// Returns once `src` has been consumed: the caller may reuse it at once.
/// The write is ordered after earlier commands of the queue.
/// Errors: ACC_ERROR_INVALID_HANDLE (queue or buffer, or they belong to
/// different devices), ACC_ERROR_INVALID_ARGUMENT (NULL src with nonzero
/// size, range outside the buffer).
ACC_API acc_result_t acc_buffer_write(acc_queue_t queue, acc_buffer_t buffer,
                                      uint64_t offset, uint64_t size,
                                      const void* src);

/// Copies `size` bytes of the buffer at `offset` into host memory `dst`.
/// Blocking: waits for earlier commands of the queue, and the data is in
/// `dst` when the call returns. Errors as acc_buffer_write().
ACC_API acc_result_t acc_buffer_read(acc_queue_t queue, acc_buffer_t buffer,
                                     uint64_t offset, uint64_t size, void* dst);

/// Enqueues a copy of `size` bytes from host memory `src` into the buffer at
/// `offset` and returns without waiting: `src` must stay valid and unchanged
/// until the write has completed (an event recorded after it completes, or
/// acc_queue_finish() returns). Errors as acc_buffer_write().
ACC_API acc_result_t acc_buffer_write_async(acc_queue_t queue,
                                            acc_buffer_t buffer,
                                            uint64_t offset, uint64_t size,
                                            const void* src);

/// Enqueues a copy of `size` bytes of the buffer at `offset` into host
/// memory `dst` and returns without waiting: the data is in `dst` once the
/// read has completed (an event recorded after it completes, or
/// acc_queue_finish() returns); `dst` must stay valid until then.
/// Errors as acc_buffer_write().
ACC_API acc_result_t acc_buffer_read_async(acc_queue_t queue,
                                           acc_buffer_t buffer,
                                           uint64_t offset, uint64_t size,
                                           void* dst);

/// Enqueues a copy of `size` bytes between two buffers of the queue's device.
/// The ranges must lie inside their buffers and must not overlap when src
/// and dst are the same buffer. Errors as acc_buffer_write().
ACC_API acc_result_t acc_buffer_copy(acc_queue_t queue, acc_buffer_t src,
                                     uint64_t src_offset, acc_buffer_t dst,
                                     uint64_t dst_offset, uint64_t size);

/// Enqueues a fill of `size` bytes at `offset` with a repeated pattern of
/// `pattern_size` bytes (1, 2, 4, 8, 16, 32, 64 or 128). `offset` and `size`
/// must be multiples of pattern_size. The pattern is copied before return.
/// Errors as acc_buffer_write(), plus ACC_ERROR_INVALID_ARGUMENT for a bad
/// pattern size or misaligned range.
ACC_API acc_result_t acc_buffer_fill(acc_queue_t queue, acc_buffer_t buffer,
                                     uint64_t offset, uint64_t size,
                                     const void* pattern,
                                     uint32_t pattern_size);

/// Maps `size` bytes of `buffer` at `offset` into host memory and writes
/// their address to *out_ptr, after every command submitted to `queue`
/// before it has completed (like acc_buffer_read()). Where the device works
/// in host memory (the cpu backend) the address is the buffer's own memory,
/// 64-byte aligned at offset 0: nothing is copied either way. Elsewhere
/// libacc stages the bytes in host memory: it reads them in for
/// ACC_MAP_READ and writes them back at unmap for ACC_MAP_WRITE. Until the
/// mapping ends, the buffer must not be used by commands (the result is
/// undefined). Mappings of one buffer may overlap only if none writes.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT (flags 0 or
/// unknown, range outside the buffer, NULL out_ptr), ACC_ERROR_OUT_OF_MEMORY
/// (staging), a device error of an earlier command.
ACC_API acc_result_t acc_buffer_map(acc_queue_t queue, acc_buffer_t buffer,
                                    acc_map_flags_t flags, uint64_t offset,
                                    uint64_t size, void** out_ptr);

/// Ends the mapping of `buffer` at `ptr` (what acc_buffer_map() returned);
/// blocks until data written through an ACC_MAP_WRITE mapping has reached
/// the buffer. Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT
/// (`ptr` is not a live mapping of the buffer).
ACC_API acc_result_t acc_buffer_unmap(acc_queue_t queue, acc_buffer_t buffer,
                                      void* ptr);

/* ---------------------------------------------------------------------------
 * Queues
 * ------------------------------------------------------------------------ */

/// Creates an in-order queue on `device`. The caller owns it.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT, errors of
/// the plugin.
ACC_API acc_result_t acc_queue_create(acc_device_t device,
                                      acc_queue_t* out_queue);

/// Waits for the queue's commands, then releases it.
/// Errors: ACC_ERROR_INVALID_HANDLE; a device error of a pending command.
ACC_API acc_result_t acc_queue_release(acc_queue_t queue);

/// Blocks until every command submitted to the queue has completed.
/// Errors: ACC_ERROR_INVALID_HANDLE; a device error of a pending command.
ACC_API acc_result_t acc_queue_finish(acc_queue_t queue);

/* ---------------------------------------------------------------------------
 * Events
 *
 * An event marks a point in a queue: it completes when every command
 * submitted to the queue before it has completed. Use events to wait for
 * part of a queue's work from the host, to order work between queues of one
 * device, and to time work on the device:
 *
 *   acc_event_t start, end;
 *   acc_queue_record_event(q, ACC_EVENT_TIMING, &start);
 *   acc_launch(q, kernel, &config, n, args);
 *   acc_queue_record_event(q, ACC_EVENT_TIMING, &end);
 *   acc_event_wait(end);
 *   uint64_t ns;
 *   acc_event_elapsed_ns(start, end, &ns);
 * ------------------------------------------------------------------------ */

/// Records an event at the current end of `queue` and returns without
/// waiting. `flags`: ACC_EVENT_TIMING to record a device timestamp. The
/// caller owns the event.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT (unknown
/// flags, NULL out_event), errors of the plugin.
ACC_API acc_result_t acc_queue_record_event(acc_queue_t queue,
                                            acc_event_flags_t flags,
                                            acc_event_t* out_event);

/// Makes every command submitted to `queue` after this call wait until
/// `event` has completed. `event` may come from any queue of the same
/// device. Returns without waiting.
/// Errors: ACC_ERROR_INVALID_HANDLE (also for an event of another device:
/// wait for it on the host with acc_event_wait()).
ACC_API acc_result_t acc_queue_wait_event(acc_queue_t queue,
                                          acc_event_t event);

/// Blocks until `event` has completed.
/// Errors: ACC_ERROR_INVALID_HANDLE; the device error of a command the event
/// covers that failed.
ACC_API acc_result_t acc_event_wait(acc_event_t event);

/// Does not block. Returns ACC_SUCCESS when the event has completed,
/// ACC_ERROR_NOT_READY when it has not (no error message is recorded for
/// that), or the error of a failed command it covers.
ACC_API acc_result_t acc_event_query(acc_event_t event);

/// Writes the device time in nanoseconds from `start` completing to `end`
/// completing (0 if `end` completed first). Both events must have been
/// recorded with ACC_EVENT_TIMING on queues of the same device.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT (an event
/// without ACC_EVENT_TIMING, events of different devices, NULL out_ns),
/// ACC_ERROR_NOT_READY (an event has not completed; call acc_event_wait()
/// first).
ACC_API acc_result_t acc_event_elapsed_ns(acc_event_t start, acc_event_t end,
                                          uint64_t* out_ns);

/// Releases an event. An event that has not completed yet may be released:
/// the work it covers goes on, and queues already waiting for it still do.
/// The caller must not release an event while another thread is inside a
/// call that uses it (acc_event_wait(), say).
/// Errors: ACC_ERROR_INVALID_HANDLE.
ACC_API acc_result_t acc_event_release(acc_event_t event);

/* ---------------------------------------------------------------------------
 * Modules and kernels
 * ------------------------------------------------------------------------ */

/// Loads the bundle at `path` (written by acc-cc) for `device`. The runtime
/// picks the code object for the first target in the device's `targets`
/// list that the bundle holds. The caller owns the module.
/// Errors: ACC_ERROR_IO (cannot read the file), ACC_ERROR_INVALID_BUNDLE
/// (truncated, corrupted or unknown format version; the message starts with
/// the file name), ACC_ERROR_NO_CODE_FOR_BACKEND (the bundle has no target
/// the device accepts; the message lists what it has and which acc-cc
/// --targets to add), ACC_ERROR_BUILD_FAILED and other errors of the plugin.
ACC_API acc_result_t acc_module_load_file(acc_device_t device,
                                          const char* path,
                                          acc_module_t* out_module);

/// As acc_module_load_file(), for a bundle in memory (e.g. one embedded by
/// `acc-cc -c`). `data` is borrowed for the call only.
ACC_API acc_result_t acc_module_load_memory(acc_device_t device,
                                            const void* data, size_t size,
                                            acc_module_t* out_module);

/// Releases a module; it is destroyed when no kernel taken from it is alive.
/// Errors: ACC_ERROR_INVALID_HANDLE.
ACC_API acc_result_t acc_module_release(acc_module_t module);

/// Writes the number of kernels in the module to *out_count.
ACC_API acc_result_t acc_module_kernel_count(acc_module_t module,
                                             uint32_t* out_count);

/// Gets kernel `index`'s metadata. Borrowed: valid while the module (or a
/// kernel taken from it) is alive.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT,
/// ACC_ERROR_NOT_FOUND (index out of range).
ACC_API acc_result_t acc_module_kernel_info(acc_module_t module, uint32_t index,
                                            const acc_kernel_info_t** out_info);

/// Gets the kernel named `name`. The caller owns the handle and releases it
/// with acc_kernel_release(); it keeps the module alive.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT,
/// ACC_ERROR_NOT_FOUND (the message lists the kernels the module has).
ACC_API acc_result_t acc_kernel_get(acc_module_t module, const char* name,
                                    acc_kernel_t* out_kernel);

/// Releases a kernel handle. Errors: ACC_ERROR_INVALID_HANDLE.
ACC_API acc_result_t acc_kernel_release(acc_kernel_t kernel);

/// Fills `props` (set props->struct_size first) with the device driver's
/// view of the compiled kernel: the largest work-group it can run with, the
/// preferred work-group multiple, its static local memory. For a backend
/// that does not report them, the device's limits (and 1, 0).
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT (NULL props,
/// struct_size 0), errors of the plugin.
ACC_API acc_result_t acc_kernel_get_properties(acc_kernel_t kernel,
                                               acc_kernel_properties_t* props);

/// Gets the kernel's metadata. Borrowed: valid while the kernel is alive.
ACC_API acc_result_t acc_kernel_info(acc_kernel_t kernel,
                                     const acc_kernel_info_t** out_info);

/* ---------------------------------------------------------------------------
 * Launching
 * ------------------------------------------------------------------------ */

/// The N-dimensional range of a launch. Dimensions at and beyond work_dim
/// are ignored.
typedef struct acc_launch_config_t {
  /// sizeof(acc_launch_config_t); the acc_launch_config_*d() helpers set it.
  uint32_t struct_size;
  /// 1, 2 or 3.
  uint32_t work_dim;
  /// Work-items per dimension; each nonzero.
  uint64_t global_size[3];
  /// Work-items per work-group. All zero = let the runtime choose (it picks
  /// a size that divides the global size and fits the device).
  uint32_t local_size[3];
  uint32_t reserved;
  /// get_global_offset() per dimension.
  uint64_t global_offset[3];
} acc_launch_config_t;

/// A launch argument: a buffer, a by-value scalar, or a local-memory size.
/// Build it with the helpers below, which set every field; a struct filled
/// by hand must zero the fields it does not use.
typedef struct acc_arg_t {
  acc_arg_kind_t kind;
  /// ACC_ARG_KIND_SCALAR: bytes at `value`. ACC_ARG_KIND_LOCAL: bytes of
  /// local memory. Ignored for buffers.
  uint32_t size;
  union {
    acc_buffer_t buffer;
    /// Borrowed for the call only: the value is copied at launch.
    const void* value;
  } u;
  /// ACC_ARG_KIND_SCALAR: the type of the value (of each element, for an
  /// OpenCL vector such as float4), checked against the parameter's type:
  /// a float is refused for an int parameter and the reverse, although both
  /// are 4 bytes. Integers of one size match whatever their signedness.
  /// ACC_SCALAR_TYPE_NONE (an untyped value: a struct passed by value, or a
  /// caller that does not say) is checked by size only. 0 for the other
  /// kinds.
  acc_scalar_type_t scalar_type;
  uint32_t reserved;
} acc_arg_t;

/// A buffer argument.
static inline acc_arg_t acc_arg_buffer(acc_buffer_t buffer) {
  acc_arg_t arg;
  arg.kind = ACC_ARG_KIND_BUFFER;
  arg.size = 0;
  arg.u.buffer = buffer;
  arg.scalar_type = ACC_SCALAR_TYPE_NONE;
  arg.reserved = 0;
  return arg;
}

/// A scalar argument of `size` bytes at `value` (copied at launch) whose
/// type is `type` (ACC_SCALAR_TYPE_NONE: checked by size only).
static inline acc_arg_t acc_arg_typed(const void* value, uint32_t size,
                                      acc_scalar_type_t type) {
  acc_arg_t arg;
  arg.kind = ACC_ARG_KIND_SCALAR;
  arg.size = size;
  arg.u.value = value;
  arg.scalar_type = type;
  arg.reserved = 0;
  return arg;
}

/// An untyped scalar argument of `size` bytes at `value` (copied at
/// launch): only its size is checked. Prefer the typed helpers below.
static inline acc_arg_t acc_arg_scalar(const void* value, uint32_t size) {
  return acc_arg_typed(value, size, ACC_SCALAR_TYPE_NONE);
}

/* Typed scalar arguments: the pointer's type says the value's type, so the
 * C compiler warns about acc_arg_f32(&an_int), and the runtime refuses a
 * value whose type does not match the parameter. The value is copied at
 * launch. */
static inline acc_arg_t acc_arg_i8(const int8_t* v) {
  return acc_arg_typed(v, 1, ACC_SCALAR_TYPE_I8);
}
static inline acc_arg_t acc_arg_u8(const uint8_t* v) {
  return acc_arg_typed(v, 1, ACC_SCALAR_TYPE_U8);
}
static inline acc_arg_t acc_arg_i16(const int16_t* v) {
  return acc_arg_typed(v, 2, ACC_SCALAR_TYPE_I16);
}
static inline acc_arg_t acc_arg_u16(const uint16_t* v) {
  return acc_arg_typed(v, 2, ACC_SCALAR_TYPE_U16);
}
static inline acc_arg_t acc_arg_i32(const int32_t* v) {
  return acc_arg_typed(v, 4, ACC_SCALAR_TYPE_I32);
}
static inline acc_arg_t acc_arg_u32(const uint32_t* v) {
  return acc_arg_typed(v, 4, ACC_SCALAR_TYPE_U32);
}
static inline acc_arg_t acc_arg_i64(const int64_t* v) {
  return acc_arg_typed(v, 8, ACC_SCALAR_TYPE_I64);
}
static inline acc_arg_t acc_arg_u64(const uint64_t* v) {
  return acc_arg_typed(v, 8, ACC_SCALAR_TYPE_U64);
}
static inline acc_arg_t acc_arg_f32(const float* v) {
  return acc_arg_typed(v, 4, ACC_SCALAR_TYPE_F32);
}
static inline acc_arg_t acc_arg_f64(const double* v) {
  return acc_arg_typed(v, 8, ACC_SCALAR_TYPE_F64);
}

/// A `local` pointer argument backed by `size` bytes of local memory.
static inline acc_arg_t acc_arg_local(uint32_t size) {
  acc_arg_t arg;
  arg.kind = ACC_ARG_KIND_LOCAL;
  arg.size = size;
  arg.u.value = NULL;
  arg.scalar_type = ACC_SCALAR_TYPE_NONE;
  arg.reserved = 0;
  return arg;
}

/// An untyped scalar argument from an lvalue: ACC_ARG_SCALAR(n) for `int n`
/// (checked by size only; acc_arg_i32(&n) also checks the type).
#define ACC_ARG_SCALAR(lvalue) acc_arg_scalar(&(lvalue), (uint32_t)sizeof(lvalue))

/// A 1-D range of `global` work-items in groups of `local` (0 = choose).
static inline acc_launch_config_t acc_launch_config_1d(uint64_t global,
                                                       uint32_t local) {
  acc_launch_config_t c = {sizeof(acc_launch_config_t), 1, {global, 1, 1},
                           {local, local ? 1u : 0u, local ? 1u : 0u}, 0,
                           {0, 0, 0}};
  return c;
}

/// A 2-D range; local sizes of 0 let the runtime choose.
static inline acc_launch_config_t acc_launch_config_2d(uint64_t gx,
                                                       uint64_t gy,
                                                       uint32_t lx,
                                                       uint32_t ly) {
  acc_launch_config_t c = {sizeof(acc_launch_config_t), 2, {gx, gy, 1},
                           {lx, ly, (lx || ly) ? 1u : 0u}, 0, {0, 0, 0}};
  return c;
}

/// A 3-D range; local sizes of 0 let the runtime choose.
static inline acc_launch_config_t acc_launch_config_3d(
    uint64_t gx, uint64_t gy, uint64_t gz, uint32_t lx, uint32_t ly,
    uint32_t lz) {
  acc_launch_config_t c = {sizeof(acc_launch_config_t), 3, {gx, gy, gz},
                           {lx, ly, lz}, 0, {0, 0, 0}};
  return c;
}

/// Prepares `kernel` for launches over `config`'s range: the runtime
/// resolves the local size exactly as acc_launch() would (its choice when
/// the local sizes are 0) and lets the backend build what such launches
/// need (a Vulkan pipeline for the local size, a GLES program), so that the
/// first launch does not pay for it. Optional: a launch prepares itself.
/// Checks the range and the kernel's features as acc_launch() does; no
/// arguments are given, so a backend that specialises on the sizes of
/// `local` arguments prepares those at the first launch.
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT,
/// ACC_ERROR_INVALID_LAUNCH, ACC_ERROR_UNSUPPORTED, ACC_ERROR_BUILD_FAILED.
ACC_API acc_result_t acc_kernel_prepare(acc_kernel_t kernel,
                                        const acc_launch_config_t* config);

/// Enqueues `kernel` over the range `config` with `arg_count` arguments.
/// Returns once the launch is enqueued; scalar values have been copied.
///
/// Checked before anything reaches the backend (errors name the kernel and
/// the argument's index and name):
///  - the queue and the kernel belong to the same device, every buffer too;
///  - arg_count equals the kernel's parameter count; each argument's kind
///    matches; a scalar's size equals the parameter's size and a typed
///    scalar's type matches it (acc_arg_t::scalar_type); a local argument's
///    size is nonzero;
///  - work_dim is 1..3, every global size is nonzero, the local sizes are
///    all zero or all nonzero, within the device's max_work_item_sizes and
///    max_work_group_size, equal to the kernel's reqd_work_group_size if it
///    has one, and divide the global sizes when the kernel has
///    ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS;
///  - the device supports the kernel's features (fp64, 64-bit atomics).
///
/// Errors: ACC_ERROR_INVALID_HANDLE, ACC_ERROR_INVALID_ARGUMENT (NULL config
/// or args, bad struct_size), ACC_ERROR_INVALID_LAUNCH (the checks above),
/// ACC_ERROR_UNSUPPORTED (missing device feature), errors of the plugin.
ACC_API acc_result_t acc_launch(acc_queue_t queue, acc_kernel_t kernel,
                                const acc_launch_config_t* config,
                                uint32_t arg_count, const acc_arg_t* args);

/* ---------------------------------------------------------------------------
 * Library operations
 *
 * Operations that acc provides ready-made on every backend. A backend whose
 * plugin implements one with its vendor library (the cpu plugin uses oneDNN)
 * runs that; every other backend runs acc's own portable kernel, compiled
 * for every target and shipped with libacc. Set ACC_PLUGIN_OPS=0 to run the
 * portable kernels everywhere (to compare, or to rule a vendor library out).
 * ------------------------------------------------------------------------ */

/// Storage order of a matrix.
typedef uint32_t acc_matrix_layout_t;
enum {
  /// Element (i, j) of a matrix with leading dimension ld is at i * ld + j.
  ACC_ROW_MAJOR = 0,
  /// Element (i, j) is at i + j * ld (Fortran, BLAS and cuBLAS order).
  ACC_COLUMN_MAJOR = 1,
  ACC_MATRIX_LAYOUT_FORCE_INT32 = 0x7fffffff
};

/// C = alpha * op(A) * op(B) + beta * C, where op(X) is X or its transpose.
/// op(A) is m x k, op(B) is k x n and C is m x n; all three use `layout`.
/// Offsets and leading dimensions count floats, not bytes. A leading
/// dimension of 0 means the matrix is packed (the number of columns of a
/// row-major matrix as stored, of rows of a column-major one).
typedef struct acc_matmul_desc_t {
  /// sizeof(acc_matmul_desc_t); acc_matmul_desc_init() sets it.
  uint32_t struct_size;
  acc_matrix_layout_t layout;
  /// Nonzero: op(A) is A transposed, so A is stored as k x m.
  uint32_t transpose_a;
  /// Nonzero: op(B) is B transposed, so B is stored as n x k.
  uint32_t transpose_b;
  uint64_t m, n, k;
  float alpha;
  /// With beta == 0, C is only written: whatever it held (NaN included)
  /// does not reach the result, as in BLAS.
  float beta;
  acc_buffer_t a;
  uint64_t a_offset;
  uint64_t lda;
  acc_buffer_t b;
  uint64_t b_offset;
  uint64_t ldb;
  acc_buffer_t c;
  uint64_t c_offset;
  uint64_t ldc;
} acc_matmul_desc_t;

/// A descriptor for C = A * B with packed row-major m x k, k x n and m x n
/// matrices, alpha 1 and beta 0; adjust the fields from there.
static inline acc_matmul_desc_t acc_matmul_desc_init(
    uint64_t m, uint64_t n, uint64_t k, acc_buffer_t a, acc_buffer_t b,
    acc_buffer_t c) {
  acc_matmul_desc_t d = {sizeof(acc_matmul_desc_t), ACC_ROW_MAJOR, 0, 0,
                         m, n, k, 1.0f, 0.0f, a, 0, 0, b, 0, 0, c, 0, 0};
  return d;
}

/// Enqueues the single-precision matrix product described by `desc` on
/// `queue` and returns without waiting, like acc_launch(). m or n of 0 does
/// nothing; k of 0 makes C = beta * C.
/// Errors: ACC_ERROR_INVALID_HANDLE (a buffer of another device),
/// ACC_ERROR_INVALID_ARGUMENT (NULL desc or a buffer, bad struct_size or
/// layout, a leading dimension smaller than its matrix's rows or columns, a
/// matrix that does not fit its buffer at its offset, C overlapping A or B,
/// a dimension above INT32_MAX; the message names the matrix and the sizes),
/// ACC_ERROR_NOT_IMPLEMENTED (the backend has no matmul of its own and
/// libacc's portable kernels are missing or hold no code for the device),
/// errors of the plugin.
ACC_API acc_result_t acc_matmul_f32(acc_queue_t queue,
                                    const acc_matmul_desc_t* desc);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ACC_ACC_H */
