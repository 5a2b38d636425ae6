/*===- acc/acc_cpu_abi.h - ABI between acc-cc's CPU code and the cpu plugin -===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * acc-cc compiles each kernel for the cpu target into a *work-group function*:
 * one call runs every work-item of one work-group. The code object is an ELF
 * shared object that exports
 *
 *   const uint32_t __acc_cpu_abi_version;          == ACC_CPU_ABI_VERSION
 *   void __acc_kernel_<name>(const acc_cpu_workgroup_t*, void* const* args);
 *
 * for every kernel <name> in the bundle. The code may reference the C math
 * library (libm.so.6); the loader makes its symbols available before loading.
 * It may also call malloc and free of the C library, which every process
 * has loaded: a kernel with barriers or `local` arrays allocates its
 * work-group memory (local arrays and the values each work-item keeps
 * across barriers) on the stack of the calling thread when it is small
 * (up to 128 KiB) and on the heap otherwise, once per call.
 *
 * Argument passing mirrors clSetKernelArg: args[i] points to the i-th
 * argument's value. For a buffer argument the value is the buffer's device
 * address (a `void*`); for a scalar it is the scalar's bytes; for a local
 * memory argument it is the address of the work-group's local allocation.
 *
 * Frozen C: depends only on <stdint.h>.
 *
 *===----------------------------------------------------------------------===*/
#ifndef ACC_ACC_CPU_ABI_H
#define ACC_ACC_CPU_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ACC_CPU_ABI_VERSION 1

#define ACC_CPU_ABI_VERSION_SYMBOL "__acc_cpu_abi_version"
/// Prefix of each kernel's exported work-group function.
#define ACC_CPU_KERNEL_SYMBOL_PREFIX "__acc_kernel_"

/// Describes the work-group a call runs. All fields are per dimension, with
/// unused dimensions set to group_id 0, local_size 1, num_groups 1,
/// global_offset 0, global_size 1.
typedef struct acc_cpu_workgroup_t {
  uint32_t work_dim;
  uint32_t reserved;
  /// get_group_id()
  uint64_t group_id[3];
  /// get_local_size(): the size of *this* group (the last group of a
  /// non-uniform range may be smaller than enqueued_local_size).
  uint64_t local_size[3];
  /// get_num_groups()
  uint64_t num_groups[3];
  /// get_global_offset()
  uint64_t global_offset[3];
  /// get_global_size()
  uint64_t global_size[3];
  /// The local size the range was launched with; get_global_id() is
  /// group_id * enqueued_local_size + local_id + global_offset.
  uint64_t enqueued_local_size[3];
} acc_cpu_workgroup_t;

/// Byte offsets of acc_cpu_workgroup_t's fields, which the compiler uses.
enum {
  ACC_CPU_WG_OFFSET_WORK_DIM = 0,
  ACC_CPU_WG_OFFSET_GROUP_ID = 8,
  ACC_CPU_WG_OFFSET_LOCAL_SIZE = 32,
  ACC_CPU_WG_OFFSET_NUM_GROUPS = 56,
  ACC_CPU_WG_OFFSET_GLOBAL_OFFSET = 80,
  ACC_CPU_WG_OFFSET_GLOBAL_SIZE = 104,
  ACC_CPU_WG_OFFSET_ENQUEUED_LOCAL_SIZE = 128,
  ACC_CPU_WG_SIZE = 152
};

typedef void (*acc_cpu_kernel_fn_t)(const acc_cpu_workgroup_t* group,
                                    void* const* args);

#ifdef __cplusplus
} /* extern "C" */

#include <cstddef>
static_assert(sizeof(acc_cpu_workgroup_t) == ACC_CPU_WG_SIZE, "ABI size");
static_assert(offsetof(acc_cpu_workgroup_t, group_id) ==
                  ACC_CPU_WG_OFFSET_GROUP_ID, "ABI offset");
static_assert(offsetof(acc_cpu_workgroup_t, enqueued_local_size) ==
                  ACC_CPU_WG_OFFSET_ENQUEUED_LOCAL_SIZE, "ABI offset");
#endif

#endif /* ACC_ACC_CPU_ABI_H */
