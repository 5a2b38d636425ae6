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
/// The newest convention acc-cc writes.
#define ACC_LAUNCH_ABI_LATEST ACC_LAUNCH_ABI_0

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
static inline acc_launch_vk_plan_t acc_launch_vk_plan(uint32_t scalar_block_size,
                                                      uint32_t buffer_count) {
  acc_launch_vk_plan_t plan;
  uint32_t scalars = (scalar_block_size + 15u) / 16u * 16u;
  plan.uniform_binding = buffer_count;
  if (scalars + ACC_LAUNCH_VK_LAUNCH_WORD_BYTES <=
      ACC_LAUNCH_VK_PUSH_CONSTANT_BUDGET) {
    plan.scalars_in_push_constants = 1u;
    plan.launch_word_offset = scalars;
    plan.uniform_bytes = 0u;
  } else {
    plan.scalars_in_push_constants = 0u;
    plan.launch_word_offset = 0u;
    plan.uniform_bytes = scalars;
  }
  plan.push_constant_bytes =
      plan.launch_word_offset + ACC_LAUNCH_VK_LAUNCH_WORD_BYTES;
  return plan;
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ACC_ACC_LAUNCH_H */
