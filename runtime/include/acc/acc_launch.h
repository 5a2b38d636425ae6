/*===- acc/acc_launch.h - Launch conventions, shared by acc-cc and plugins -===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * How a kernel's code receives what a launch gives it beyond its arguments
 * (the real global size and offset, the work dimension, the sizes of local
 * arguments) is a launch convention. Each code object records the one it
 * follows (bundle format 1.1, acc_plugin_module_desc_t::launch_abi), and a
 * plugin refuses one it does not know. acc-cc's code generators and the
 * plugins that launch the code both take the layout from this header, so it
 * is computed once (docs/plugin-abi.md, "Launch conventions").
 *
 * Frozen C like acc_plugin.h: <stdint.h> only; a convention, once released,
 * never changes: a different layout is a new convention number.
 *
 *===----------------------------------------------------------------------===*/
#ifndef ACC_ACC_LAUNCH_H
#define ACC_ACC_LAUNCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Convention 0: what every target emits in acc 0.2 (see the per-target
/// sections below and docs/plugin-abi.md).
#define ACC_LAUNCH_ABI_0 0u
/// Convention 1: the GPU-style convention (launch words, uniform dispatches
/// for kernels with barriers, local arguments sized at launch); see
/// "Convention 1" below. acc 0.3's opencl-c code follows it.
#define ACC_LAUNCH_ABI_1 1u
/// The newest convention defined here (acc-cc writes it for the targets
/// that have moved to it; each code object records its own).
#define ACC_LAUNCH_ABI_LATEST ACC_LAUNCH_ABI_1

/* -- opencl-c, convention 0 -------------------------------------------------
 * Every kernel takes, after the arguments its metadata lists, this many more:
 * `ulong acc_range0, acc_range1, acc_range2`, the launch's real global size
 * per dimension (1 for unused ones). The plugin enqueues the range rounded
 * up to whole groups; the code retires the work-items past the real size. */
#define ACC_LAUNCH_OPENCL_C_RANGE_ARGS 3u

/* -- spirv-vk, convention 0 -------------------------------------------------
 * Launch words: eight u32 in the push-constant block, after the scalar block
 * (rounded up to 16 bytes) when both fit in the push-constant budget, else
 * at offset 0 with the scalar block in a uniform buffer at descriptor set 0,
 * binding = the kernel's number of buffer arguments. */
/// Vulkan's guaranteed maxPushConstantsSize.
#define ACC_LAUNCH_VK_PUSH_CONSTANT_BUDGET 128u
#define ACC_LAUNCH_VK_LAUNCH_WORD_BYTES 32u
/// Byte offsets within the launch words: global_offset[3] (u32 each),
/// global_size[3], work_dim; the last word is 0.
#define ACC_LAUNCH_VK_GLOBAL_OFFSET 0u
#define ACC_LAUNCH_VK_GLOBAL_SIZE 12u
#define ACC_LAUNCH_VK_WORK_DIM 24u
/// Specialization-constant ids of the work-group size (x, y, z); local
/// argument k's byte size is the constant with id k.
#define ACC_LAUNCH_VK_WORKGROUP_SIZE_SPEC_ID 65536u

/// Where a spirv-vk kernel's scalar block and launch words live.
typedef struct acc_launch_vk_plan_t {
  /// 1: the scalars are in the push-constant block at offset 0; 0: in the
  /// uniform buffer.
  uint32_t scalars_in_push_constants;
  /// Byte offset of the launch words in the push-constant block.
  uint32_t launch_word_offset;
  /// Bytes of the push-constant block (a multiple of 16).
  uint32_t push_constant_bytes;
  /// Bytes of the uniform buffer holding the scalars (0: none), and its
  /// binding in descriptor set 0.
  uint32_t uniform_bytes;
  uint32_t uniform_binding;
} acc_launch_vk_plan_t;

/// The plan for a kernel whose scalar block has `scalar_block_size` bytes
/// (acc_kernel_info_t::scalar_block_size) and which has `buffer_count`
/// buffer arguments.
static inline acc_launch_vk_plan_t
acc_launch_vk_plan_for(uint32_t launch_abi, uint32_t scalar_block_size,
                       uint32_t buffer_count);
static inline acc_launch_vk_plan_t acc_launch_vk_plan(uint32_t scalar_block_size,
                                                      uint32_t buffer_count) {
  return acc_launch_vk_plan_for(ACC_LAUNCH_ABI_0, scalar_block_size,
                                buffer_count);
}

/* == Convention 1 ===========================================================
 *
 * One convention for the GPU-style formats (opencl-c, spirv-cl, spirv-vk,
 * glsl, nvptx, amdgpu), whatever the API can do natively.
 *
 * Launch words. Every dispatch of a launch hands the code these 80 bytes
 * (little-endian; the transport per format is listed below):
 *
 *   offset  field                   meaning
 *   0       global_offset[3]  u64   the launch's global offset
 *   24      global_size[3]    u64   the launch's real global size (1 for
 *                                   dimensions past work_dim)
 *   48      group_offset[3]   u32   the group id of this dispatch's first
 *                                   group (0 unless the launch is split)
 *   60      work_dim          u32   1, 2 or 3
 *   64      local_size[3]     u32   the local size of a whole group (the
 *                                   "enqueued" local size)
 *   76      reserved          u32   0
 *
 * From them and the API's native ids the code computes, per dimension d:
 *   group_id    = group_offset[d] + native group id
 *   global_id   = global_offset[d] + group_id * local_size[d] + local id
 *   local_size  = min(native local size, global_size[d] - group_id * local_size[d])
 *   num_groups  = ceil(global_size[d] / local_size[d])
 * so get_global_id, get_global_size, get_global_offset, get_group_id,
 * get_num_groups and get_local_size of a partial last group are right.
 * A target without 64-bit integers reads the low halves only; its devices
 * report acc_device_info_t::global_id_bits = 32 and the runtime refuses
 * launches past 2^32.
 *
 * Dispatch. A kernel without ACC_KERNEL_FLAG_USES_BARRIERS is dispatched
 * once over the range rounded up to whole groups (group_offset 0); its code
 * retires, on entry, every work-item whose global_id - global_offset is not
 * below global_size. A kernel with barriers is never rounded up (a barrier
 * after a work-item has returned is undefined in SPIR-V and GLSL): the
 * plugin splits a range that the local size does not divide into up to
 * 2^work_dim dispatches whose groups are all whole, each with its own
 * local size (the partial size for the last groups) and group_offset
 * (acc_launch_split below), so every barrier is reached by every work-item
 * of its group and no work-item is extra. A kernel with barriers and a
 * required work-group size (ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS) runs
 * whole groups only.
 *
 * Local arguments. A `local` pointer argument gets the byte size the
 * launch gives it:
 *   opencl-c, spirv-cl  a native local-pointer argument (clSetKernelArg).
 *   spirv-vk            the specialization constant whose id is the
 *                       argument's index holds the byte size (as in
 *                       convention 0).
 *   glsl                the plugin defines ACC_LOCAL_BYTES_<index> to the
 *                       byte size in front of the shader source.
 *   nvptx, amdgpu       one dynamic shared-memory block holds every local
 *                       argument, in argument order, each at a multiple of
 *                       ACC_LAUNCH_LOCAL_ALIGNMENT (acc_launch_local_layout);
 *                       the argument's parameter is its u32 byte offset in
 *                       the block, and the launch's dynamic shared size is
 *                       the layout's total.
 *
 * Transport of the launch words:
 *   opencl-c, spirv-cl  one trailing kernel argument after those the
 *                       metadata lists, of OpenCL C type ulong16 (128
 *                       bytes: the words, then zeros).
 *   spirv-vk            the push-constant block, after the scalar block
 *                       when both fit (acc_launch_vk_plan_for).
 *   glsl                the uniform block at binding 0 (std140, read as
 *                       uvec4 words), after the scalar block
 *                       (acc_launch_gles_word_offset); the block is that
 *                       offset + ACC_LAUNCH_WORDS_BYTES long.
 *   nvptx, amdgpu       one trailing by-value kernel parameter of 80
 *                       bytes, 8-byte aligned.
 */

#define ACC_LAUNCH_WORDS_BYTES 80u
#define ACC_LAUNCH_WORDS_GLOBAL_OFFSET 0u
#define ACC_LAUNCH_WORDS_GLOBAL_SIZE 24u
#define ACC_LAUNCH_WORDS_GROUP_OFFSET 48u
#define ACC_LAUNCH_WORDS_WORK_DIM 60u
#define ACC_LAUNCH_WORDS_LOCAL_SIZE 64u
/// Bytes of the opencl-c and spirv-cl launch-word argument (ulong16).
#define ACC_LAUNCH_WORDS_CL_ARG_BYTES 128u
/// Alignment of each local argument in the nvptx/amdgpu dynamic block.
#define ACC_LAUNCH_LOCAL_ALIGNMENT 16u
/// The most dispatches one launch splits into (2^3).
#define ACC_LAUNCH_MAX_DISPATCHES 8u

/// Convention 1's launch words, in the layout above.
typedef struct acc_launch_words_t {
  uint64_t global_offset[3];
  uint64_t global_size[3];
  uint32_t group_offset[3];
  uint32_t work_dim;
  uint32_t local_size[3];
  uint32_t reserved;
} acc_launch_words_t;

/// One dispatch of a launch: `groups` whole groups of `local_size`
/// work-items per dimension, the first of which has group id
/// `group_offset`.
typedef struct acc_launch_dispatch_t {
  uint64_t groups[3];
  uint32_t local_size[3];
  uint32_t group_offset[3];
} acc_launch_dispatch_t;

/// The launch words of a launch of `work_dim` dimensions (unused ones of
/// `global_size` and `local_size` must be 1, of `global_offset` 0), for
/// the dispatch whose first group is `group_offset` (NULL: 0).
static inline acc_launch_words_t
acc_launch_words(uint32_t work_dim, const uint64_t global_offset[3],
                 const uint64_t global_size[3], const uint32_t local_size[3],
                 const uint32_t group_offset[3]) {
  acc_launch_words_t w;
  uint32_t d;
  for (d = 0; d < 3u; ++d) {
    w.global_offset[d] = global_offset[d];
    w.global_size[d] = global_size[d];
    w.group_offset[d] = group_offset ? group_offset[d] : 0u;
    w.local_size[d] = local_size[d];
  }
  w.work_dim = work_dim;
  w.reserved = 0u;
  return w;
}

/// Splits a range into dispatches of whole groups: per dimension, the
/// groups the local size fills and, when it does not divide the size, one
/// group of the remainder. Writes at most ACC_LAUNCH_MAX_DISPATCHES
/// entries to `out` and returns how many (1 when the local size divides
/// the range). Sizes of unused dimensions must be 1.
static inline uint32_t acc_launch_split(const uint64_t global_size[3],
                                        const uint32_t local_size[3],
                                        acc_launch_dispatch_t *out) {
  /* Per dimension, up to two parts: {groups, local size, first group}. */
  uint64_t partGroups[3][2];
  uint32_t partLocal[3][2], partFirst[3][2], parts[3];
  uint32_t d, count = 0u, i, j, k;
  for (d = 0; d < 3u; ++d) {
    uint64_t whole = global_size[d] / local_size[d];
    uint32_t rest = (uint32_t)(global_size[d] % local_size[d]);
    parts[d] = 0u;
    if (whole != 0u) {
      partGroups[d][parts[d]] = whole;
      partLocal[d][parts[d]] = local_size[d];
      partFirst[d][parts[d]] = 0u;
      ++parts[d];
    }
    if (rest != 0u) {
      partGroups[d][parts[d]] = 1u;
      partLocal[d][parts[d]] = rest;
      partFirst[d][parts[d]] = (uint32_t)whole;
      ++parts[d];
    }
  }
  for (k = 0; k < parts[2]; ++k)
    for (j = 0; j < parts[1]; ++j)
      for (i = 0; i < parts[0]; ++i) {
        const uint32_t pick[3] = {i, j, k};
        for (d = 0; d < 3u; ++d) {
          out[count].groups[d] = partGroups[d][pick[d]];
          out[count].local_size[d] = partLocal[d][pick[d]];
          out[count].group_offset[d] = partFirst[d][pick[d]];
        }
        ++count;
      }
  return count;
}

/// The nvptx/amdgpu dynamic shared-memory layout: `offsets[i]` receives
/// the byte offset of local argument i (sizes[i] bytes), in order; returns
/// the block's total size.
static inline uint64_t acc_launch_local_layout(const uint64_t *sizes,
                                               uint32_t count,
                                               uint32_t *offsets) {
  uint64_t total = 0u;
  uint32_t i;
  for (i = 0; i < count; ++i) {
    total = (total + ACC_LAUNCH_LOCAL_ALIGNMENT - 1u) /
            ACC_LAUNCH_LOCAL_ALIGNMENT * ACC_LAUNCH_LOCAL_ALIGNMENT;
    offsets[i] = (uint32_t)total;
    total += sizes[i];
  }
  return total;
}

/// Where a spirv-vk kernel of launch convention `launch_abi` keeps its
/// scalar block and launch words (convention 0: 32 bytes of words,
/// convention 1: ACC_LAUNCH_WORDS_BYTES).
static inline acc_launch_vk_plan_t
acc_launch_vk_plan_for(uint32_t launch_abi, uint32_t scalar_block_size,
                       uint32_t buffer_count) {
  const uint32_t words = launch_abi == ACC_LAUNCH_ABI_0
                             ? ACC_LAUNCH_VK_LAUNCH_WORD_BYTES
                             : ACC_LAUNCH_WORDS_BYTES;
  acc_launch_vk_plan_t plan;
  uint32_t scalars = (scalar_block_size + 15u) / 16u * 16u;
  plan.uniform_binding = buffer_count;
  if (scalars + words <= ACC_LAUNCH_VK_PUSH_CONSTANT_BUDGET) {
    plan.scalars_in_push_constants = 1u;
    plan.launch_word_offset = scalars;
    plan.uniform_bytes = 0u;
  } else {
    plan.scalars_in_push_constants = 0u;
    plan.launch_word_offset = 0u;
    plan.uniform_bytes = scalars;
  }
  plan.push_constant_bytes = plan.launch_word_offset + words;
  return plan;
}

/// Byte offset of the launch words in a glsl kernel's uniform block
/// (binding 0), whose scalar block has `scalar_block_size` bytes: the
/// scalars first, then the words at the next multiple of 16.
static inline uint32_t acc_launch_gles_word_offset(uint32_t scalar_block_size) {
  return (scalar_block_size + 15u) / 16u * 16u;
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ACC_ACC_LAUNCH_H */
