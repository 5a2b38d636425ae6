/*===- acc/acc_types.h - Types shared by the application and plugin ABIs ---===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * Result codes, device properties and kernel-argument metadata are the same
 * for an application (acc/acc.h) and for a backend plugin (acc/acc_plugin.h),
 * so they live here once. This header is frozen C: it depends only on
 * <stdint.h>, <stddef.h> and <stdbool.h>, grows append-only, and every enum
 * carries a 32-bit sentinel so its size never changes.
 *
 *===----------------------------------------------------------------------===*/
#ifndef ACC_ACC_TYPES_H
#define ACC_ACC_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Result codes
 * ------------------------------------------------------------------------ */

/// Every ABI function returns one of these. 0 is success; the human-readable
/// reason for a failure is available from acc_last_error_message() on the
/// thread that made the failing call.
typedef int32_t acc_result_t;
enum {
  ACC_SUCCESS = 0,
  /// An argument is NULL, out of range or otherwise malformed.
  ACC_ERROR_INVALID_ARGUMENT = 1,
  /// A handle is NULL, released, or belongs to another device.
  ACC_ERROR_INVALID_HANDLE = 2,
  /// acc_init() has not been called (or acc_shutdown() has).
  ACC_ERROR_NOT_INITIALIZED = 3,
  /// The named backend, device or kernel does not exist.
  ACC_ERROR_NOT_FOUND = 4,
  /// A backend is present but has no usable device (driver missing, no
  /// hardware). The message says which library or driver was looked for.
  ACC_ERROR_NO_DEVICE = 5,
  /// Device or host memory is exhausted.
  ACC_ERROR_OUT_OF_MEMORY = 6,
  /// A bundle is truncated, corrupted, or of an unknown format version.
  ACC_ERROR_INVALID_BUNDLE = 7,
  /// A bundle holds no code this backend can run.
  ACC_ERROR_NO_CODE_FOR_BACKEND = 8,
  /// A kernel uses a feature the device lacks (fp64 on GLES, ...).
  ACC_ERROR_UNSUPPORTED = 9,
  /// A plugin could not be loaded (dlopen failure, missing entry symbol).
  ACC_ERROR_PLUGIN_LOAD = 10,
  /// A plugin was built for an incompatible ABI major version.
  ACC_ERROR_ABI_VERSION = 11,
  /// Launch arguments do not match the kernel (count, kind, size) or the
  /// range is invalid (zero size, local size does not divide global size
  /// where the kernel needs uniform work-groups, too large a work-group).
  ACC_ERROR_INVALID_LAUNCH = 12,
  /// A file could not be read or written.
  ACC_ERROR_IO = 13,
  /// The device stopped responding or a vendor call failed unexpectedly.
  ACC_ERROR_DEVICE_LOST = 14,
  /// The entry point exists in the ABI but this plugin does not implement it.
  ACC_ERROR_NOT_IMPLEMENTED = 15,
  /// A bug in acc or in a plugin; the message has details.
  ACC_ERROR_INTERNAL = 16,
  /// The vendor's code build (JIT/driver compile) failed; the message holds
  /// the driver's build log.
  ACC_ERROR_BUILD_FAILED = 17,
  /// The event's commands have not completed yet. From acc_event_query() it
  /// is an answer, not a failure, and no error message is recorded; from
  /// acc_event_elapsed_ns() it is an error (wait for the events first) and
  /// comes with a message.
  ACC_ERROR_NOT_READY = 18,
  ACC_RESULT_FORCE_INT32 = 0x7fffffff
};

/* ---------------------------------------------------------------------------
 * Code targets (what a bundle can hold)
 * ------------------------------------------------------------------------ */

/// The code formats acc-cc produces. A plugin lists the ones it accepts, in
/// order of preference; the runtime hands it the first one the bundle has.
typedef uint32_t acc_target_t;
enum {
  ACC_TARGET_NONE = 0,
  /// ELF shared object for x86-64 following acc/acc_cpu_abi.h.
  ACC_TARGET_CPU_X86_64 = 1,
  /// ELF shared object for AArch64 following acc/acc_cpu_abi.h.
  ACC_TARGET_CPU_AARCH64 = 2,
  /// OpenCL C 1.2 source generated from acc's portable kernel IR.
  ACC_TARGET_OPENCL_C = 3,
  /// SPIR-V, Kernel capability, physical addressing (OpenCL IL, Level Zero).
  ACC_TARGET_SPIRV_CL = 4,
  /// SPIR-V, Shader capability, logical addressing (Vulkan).
  ACC_TARGET_SPIRV_VK = 5,
  /// GLSL ES 3.10 compute shader source.
  ACC_TARGET_GLSL = 6,
  /// NVIDIA PTX assembly (text).
  ACC_TARGET_NVPTX = 7,
  /// AMDGPU ELF code object.
  ACC_TARGET_AMDGPU = 8,
  ACC_TARGET_FORCE_INT32 = 0x7fffffff
};

/* ---------------------------------------------------------------------------
 * Kernel metadata
 * ------------------------------------------------------------------------ */

/// How a kernel argument is passed.
typedef uint32_t acc_arg_kind_t;
enum {
  /// A `global` or `constant` pointer: bound to an acc buffer.
  ACC_ARG_KIND_BUFFER = 1,
  /// A by-value scalar (its size is in acc_arg_info_t::size).
  ACC_ARG_KIND_SCALAR = 2,
  /// A `local` pointer whose size is given at launch (no data).
  ACC_ARG_KIND_LOCAL = 3,
  ACC_ARG_KIND_FORCE_INT32 = 0x7fffffff
};

/// OpenCL address space of a pointer argument.
typedef uint32_t acc_address_space_t;
enum {
  ACC_ADDRESS_SPACE_PRIVATE = 0,
  ACC_ADDRESS_SPACE_GLOBAL = 1,
  ACC_ADDRESS_SPACE_CONSTANT = 2,
  ACC_ADDRESS_SPACE_LOCAL = 3,
  ACC_ADDRESS_SPACE_FORCE_INT32 = 0x7fffffff
};

/// Access qualifier bits of a buffer argument.
typedef uint32_t acc_access_flags_t;
enum {
  /// The kernel only reads through this pointer (`const global`, `constant`).
  ACC_ACCESS_READ = 1u << 0,
  /// The kernel may write through this pointer.
  ACC_ACCESS_WRITE = 1u << 1,
  ACC_ACCESS_FORCE_INT32 = 0x7fffffff
};

/// Scalar element type of a scalar argument or of a buffer's pointee.
typedef uint32_t acc_scalar_type_t;
enum {
  ACC_SCALAR_TYPE_NONE = 0,
  ACC_SCALAR_TYPE_BOOL = 1,
  ACC_SCALAR_TYPE_I8 = 2,
  ACC_SCALAR_TYPE_U8 = 3,
  ACC_SCALAR_TYPE_I16 = 4,
  ACC_SCALAR_TYPE_U16 = 5,
  ACC_SCALAR_TYPE_I32 = 6,
  ACC_SCALAR_TYPE_U32 = 7,
  ACC_SCALAR_TYPE_I64 = 8,
  ACC_SCALAR_TYPE_U64 = 9,
  ACC_SCALAR_TYPE_F16 = 10,
  ACC_SCALAR_TYPE_F32 = 11,
  ACC_SCALAR_TYPE_F64 = 12,
  ACC_SCALAR_TYPE_FORCE_INT32 = 0x7fffffff
};

/// One kernel argument as recorded in a bundle. Strings are borrowed from
/// the module that describes them and live as long as it does.
typedef struct acc_arg_info_t {
  /// Parameter name in the kernel source.
  const char* name;
  /// Spelling of the parameter type in the kernel source ("const float*").
  const char* type_name;
  acc_arg_kind_t kind;
  acc_address_space_t address_space;
  acc_access_flags_t access;
  /// Element type (buffers) or value type (scalars).
  acc_scalar_type_t scalar_type;
  /// Bytes passed at launch: sizeof the scalar, sizeof(void*) for buffers,
  /// 0 for local-memory arguments (their size is a launch parameter).
  uint32_t size;
  /// Required alignment of the value (scalars) or element (buffers).
  uint32_t alignment;
  /// Where the argument sits in the kernel's resource layout, computed once
  /// by acc-cc (docs/bundle-format.md, "Resource layout"); its meaning
  /// depends on `kind`:
  ///  - ACC_ARG_KIND_BUFFER: the buffer's binding, its ordinal among the
  ///    kernel's buffer arguments (0, 1, ...): the storage-buffer binding in
  ///    Vulkan descriptor set 0, the SSBO binding point in GLES.
  ///  - ACC_ARG_KIND_SCALAR: the byte offset of the value in the kernel's
  ///    scalar block (acc_kernel_info_t::scalar_block_size): the Vulkan
  ///    push-constant block or the GLES uniform block.
  ///  - ACC_ARG_KIND_LOCAL: the ordinal among the kernel's local arguments
  ///    (0, 1, ...): the Vulkan specialization-constant id of its size, the
  ///    index a plugin uses to place it in shared memory.
  /// Plugins use the value as given and never recompute it.
  uint32_t binding;
  uint32_t reserved;
} acc_arg_info_t;

/// Kernel flags recorded by the compiler.
typedef uint32_t acc_kernel_flags_t;
enum {
  /// The kernel computes with, loads, stores or takes double values once
  /// its constants are folded (acc-cc: a double literal stored into a
  /// float buffer does not count).
  ACC_KERNEL_FLAG_USES_FP64 = 1u << 0,
  /// Every work-group must be complete: the local size has to divide the
  /// global size. acc-cc sets it for a kernel with barriers and a required
  /// work-group size; bundles of format 1.0 set it for every kernel with
  /// barriers (launch convention 0 could not run their partial groups).
  ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS = 1u << 1,
  /// The kernel uses 64-bit atomics.
  ACC_KERNEL_FLAG_USES_INT64_ATOMICS = 1u << 2,
  /* Added in plugin ABI 1.3 / bundle format 1.1; each needs the matching
   * ACC_DEVICE_CAP_*, and the runtime refuses the launch on a device
   * without it, naming the kernel, the feature and the device. */
  /// The kernel computes with 64-bit integers (long, ulong) beyond the
  /// address arithmetic of its work-item ids, which a device with a 32-bit
  /// size_t does in 32 bits (ACC_DEVICE_CAP_INT64).
  ACC_KERNEL_FLAG_USES_INT64 = 1u << 3,
  /// The kernel reads or writes 8-bit values in buffers or takes 8-bit
  /// scalars (ACC_DEVICE_CAP_STORAGE_8BIT).
  ACC_KERNEL_FLAG_USES_8BIT_STORAGE = 1u << 4,
  /// The kernel reads or writes 16-bit values (short, ushort, half) in
  /// buffers or takes 16-bit scalars (ACC_DEVICE_CAP_STORAGE_16BIT).
  ACC_KERNEL_FLAG_USES_16BIT_STORAGE = 1u << 5,
  /// The kernel computes in half precision (ACC_DEVICE_CAP_FP16), beyond
  /// converting halves to and from float.
  ACC_KERNEL_FLAG_USES_FP16 = 1u << 6,
  /// The kernel calls printf (ACC_DEVICE_CAP_PRINTF).
  ACC_KERNEL_FLAG_USES_PRINTF = 1u << 7,
  /// The kernel uses work-group barriers (bundle format 1.1). Launch
  /// convention 1 dispatches such a kernel in uniform pieces instead of
  /// rounding its range up (acc/acc_launch.h); not a device feature.
  ACC_KERNEL_FLAG_USES_BARRIERS = 1u << 8,
  ACC_KERNEL_FLAG_FORCE_INT32 = 0x7fffffff
};

/// A kernel as recorded in a bundle.
typedef struct acc_kernel_info_t {
  const char* name;
  uint32_t arg_count;
  acc_kernel_flags_t flags;
  const acc_arg_info_t* args;
  /// reqd_work_group_size, or {0,0,0} when the kernel does not require one.
  uint32_t required_local_size[3];
  /// Bytes of the kernel's scalar block, which holds every scalar argument
  /// at its acc_arg_info_t::binding offset: a multiple of 4 (and of the
  /// largest scalar alignment); 0 when the kernel has no scalar argument.
  uint32_t scalar_block_size;
} acc_kernel_info_t;

#ifdef __cplusplus
static_assert(sizeof(acc_arg_info_t) == 2 * sizeof(void*) + 32,
              "ABI: acc_arg_info_t size");
static_assert(offsetof(acc_arg_info_t, binding) == 2 * sizeof(void*) + 24,
              "ABI: acc_arg_info_t::binding offset");
static_assert(sizeof(acc_kernel_info_t) == 2 * sizeof(void*) + 24,
              "ABI: acc_kernel_info_t size");
static_assert(offsetof(acc_kernel_info_t, scalar_block_size) ==
                  2 * sizeof(void*) + 20,
              "ABI: acc_kernel_info_t::scalar_block_size offset");
#endif

/* ---------------------------------------------------------------------------
 * Buffers
 * ------------------------------------------------------------------------ */

/// Buffer creation flags.
typedef uint32_t acc_buffer_flags_t;
enum {
  ACC_BUFFER_READ_WRITE = 0,
  /// Kernels only read the buffer.
  ACC_BUFFER_READ_ONLY = 1u << 0,
  /// Kernels only write the buffer.
  ACC_BUFFER_WRITE_ONLY = 1u << 1,
  /// The host maps the buffer (acc_buffer_map()) often: place it in memory
  /// the host can address (managed memory on CUDA and HIP, a shared
  /// allocation on Level Zero, HOST_VISIBLE memory on Vulkan), trading some
  /// device bandwidth for mappings without copies. Needs
  /// ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY.
  ACC_BUFFER_HOST_VISIBLE = 1u << 2,
  ACC_BUFFER_FLAGS_FORCE_INT32 = 0x7fffffff
};

/// How a mapping of a buffer is used (acc_buffer_map(), and the plugin
/// entry buffer_map).
typedef uint32_t acc_map_flags_t;
enum {
  /// The mapped memory holds the buffer's contents.
  ACC_MAP_READ = 1u << 0,
  /// What the host writes there reaches the buffer (at the unmap at the
  /// latest).
  ACC_MAP_WRITE = 1u << 1,
  ACC_MAP_FLAGS_FORCE_INT32 = 0x7fffffff
};

/// What the device's driver says about one compiled kernel
/// (acc_kernel_get_properties(), kernel_get_properties()). The caller sets
/// struct_size; a producer that knows a smaller struct fills only its prefix.
typedef struct acc_kernel_properties_t {
  uint32_t struct_size;
  /// Largest work-group this kernel can be launched with on its device: at
  /// most the device's max_work_group_size, lower when the kernel needs many
  /// registers or much local memory (CL_KERNEL_WORK_GROUP_SIZE,
  /// CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK).
  uint32_t max_work_group_size;
  /// Work-group sizes that are a multiple of this run best (SIMD width, warp
  /// or wavefront size); 1 when the device has no preference.
  uint32_t preferred_work_group_multiple;
  uint32_t reserved;
  /// Local memory the kernel allocates itself (`local` variables), in
  /// bytes, not counting local-memory arguments.
  uint64_t static_local_memory_size;
  /* -- Added in plugin ABI 1.3 / acc 0.2 --------------------------------- */
  /// The local size the kernel's code runs best with on its device (the
  /// driver's or the plugin's preference), {0, 0, 0} when it has none: the
  /// runtime then uses its own defaults when it chooses (acc_launch() with a
  /// local size of 0).
  uint32_t preferred_local_size[3];
  /// ACC_KERNEL_PROPERTY_* bits.
  uint32_t property_flags;
} acc_kernel_properties_t;

/// Bits of acc_kernel_properties_t::property_flags.
typedef uint32_t acc_kernel_property_flags_t;
enum {
  /// The kernel's code runs whole work-groups only: it cannot retire the
  /// work-items of a range rounded up to whole groups (OpenCL C without
  /// acc's range arguments, a launch convention without non-uniform
  /// groups), so the local size must divide the global size. Without it
  /// any range runs with any local size; the last group of a dimension may
  /// be partial.
  ACC_KERNEL_PROPERTY_WHOLE_GROUPS_ONLY = 1u << 0,
  ACC_KERNEL_PROPERTY_FORCE_INT32 = 0x7fffffff
};

/* ---------------------------------------------------------------------------
 * Events
 * ------------------------------------------------------------------------ */

/// Event creation flags (acc_queue_record_event(), queue_record_event()).
typedef uint32_t acc_event_flags_t;
enum {
  ACC_EVENT_FLAGS_NONE = 0,
  /// Record a device timestamp when the event completes, so that
  /// acc_event_elapsed_ns() can measure the time between two events. Costs a
  /// little on some devices; leave it off for pure synchronisation.
  ACC_EVENT_TIMING = 1u << 0,
  ACC_EVENT_FLAGS_FORCE_INT32 = 0x7fffffff
};

/* ---------------------------------------------------------------------------
 * Devices
 * ------------------------------------------------------------------------ */

typedef uint32_t acc_device_type_t;
enum {
  ACC_DEVICE_TYPE_CPU = 1,
  ACC_DEVICE_TYPE_GPU = 2,
  ACC_DEVICE_TYPE_ACCELERATOR = 3,
  ACC_DEVICE_TYPE_OTHER = 4,
  ACC_DEVICE_TYPE_FORCE_INT32 = 0x7fffffff
};

typedef uint32_t acc_device_caps_t;
enum {
  ACC_DEVICE_CAP_FP64 = 1u << 0,
  /// Half-precision arithmetic (not only half loads and stores).
  ACC_DEVICE_CAP_FP16 = 1u << 1,
  ACC_DEVICE_CAP_INT64_ATOMICS = 1u << 2,
  /// Device memory is host memory: buffers can be mapped without copies.
  ACC_DEVICE_CAP_UNIFIED_MEMORY = 1u << 3,
  /* Added in plugin ABI 1.3. */
  /// 64-bit integer arithmetic in kernels.
  ACC_DEVICE_CAP_INT64 = 1u << 4,
  /// 8-bit values in buffers and scalar arguments.
  ACC_DEVICE_CAP_STORAGE_8BIT = 1u << 5,
  /// 16-bit values in buffers and scalar arguments.
  ACC_DEVICE_CAP_STORAGE_16BIT = 1u << 6,
  /// Events can record device timestamps (ACC_EVENT_TIMING).
  ACC_DEVICE_CAP_TIMESTAMPS = 1u << 7,
  /// Buffers can live in memory the host addresses (ACC_BUFFER_HOST_VISIBLE).
  ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY = 1u << 8,
  /// Kernels may call printf.
  ACC_DEVICE_CAP_PRINTF = 1u << 9,
  ACC_DEVICE_CAP_FORCE_INT32 = 0x7fffffff
};

/// Device properties, as reported by the vendor API. The caller sets
/// struct_size to sizeof(acc_device_info_t) before querying; a producer that
/// knows a smaller struct fills only its prefix.
typedef struct acc_device_info_t {
  uint32_t struct_size;
  acc_device_type_t type;
  char name[256];
  char vendor[128];
  char driver_version[64];
  /// Backend name, e.g. "cpu" (filled in by the runtime).
  char backend[32];
  uint32_t compute_units;
  uint32_t max_work_group_size;
  uint32_t max_work_item_sizes[3];
  acc_device_caps_t caps;
  uint64_t global_memory_size;
  uint64_t local_memory_size;
  uint64_t max_allocation_size;
  /// Targets this device accepts, in order of preference, 0-terminated.
  acc_target_t targets[8];
  /* -- Added in plugin ABI 1.3 (0 from an older plugin: unknown) -------- */
  /// Most work-groups per dimension of one launch (CUDA: 2^31 - 1, 65535,
  /// 65535; Vulkan maxComputeWorkGroupCount); 0 = no limit below 2^64.
  uint32_t max_group_count[3];
  /// Subgroup (warp, wavefront, SIMD) sizes the device runs; 0 = unknown.
  uint32_t subgroup_size_min;
  uint32_t subgroup_size_max;
  /// Bits of the global ids, sizes and offsets the device's code computes
  /// with: 64, or 32 on devices without 64-bit integers (GLES), whose
  /// ranges and offsets must then stay below 2^32; 0 = 64.
  uint32_t global_id_bits;
  /// Bytes a buffer binding's offset must be a multiple of
  /// (minStorageBufferOffsetAlignment); 0 or 1 = any.
  uint32_t min_buffer_offset_alignment;
  /// Most bytes of scalar arguments one launch may pass (a kernel's scalar
  /// block: Vulkan push constants, CUDA's 4 KiB of parameters); 0 = no
  /// limit.
  uint32_t max_scalar_block_size;
} acc_device_info_t;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ACC_ACC_TYPES_H */
