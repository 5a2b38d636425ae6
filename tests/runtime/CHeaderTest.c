/*===- CHeaderTest.c - acc/acc.h compiles as plain C ----------------------===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * Built with the C compiler (C11, -Wall -Wextra -pedantic) so that the
 * public header's C subset, inline helpers and macros stay valid C. Called
 * from ApiTest.cpp. acc/acc_launch.h, the launch conventions' layout, is
 * checked here too, with known answers.
 *
 *===----------------------------------------------------------------------===*/
#include "acc/acc.h"
#include "acc/acc_launch.h"

#include <stddef.h>

int acc_test_c_header(void) {
  acc_init_options_t options;
  acc_init_options_init(&options);
  acc_launch_config_t c1 = acc_launch_config_1d(100, 0);
  acc_launch_config_t c3 = acc_launch_config_3d(4, 4, 4, 2, 2, 2);
  uint32_t n = 3;
  acc_arg_t args[3];
  args[0] = ACC_ARG_SCALAR(n);
  args[1] = acc_arg_local(64);
  args[2] = acc_arg_buffer(NULL);
  if (options.struct_size != sizeof(acc_init_options_t))
    return 1;
  if (c1.struct_size != sizeof(acc_launch_config_t) || c1.work_dim != 1 ||
      c1.local_size[0] != 0 || c3.local_size[2] != 2)
    return 2;
  if (args[0].size != 4 || args[1].kind != ACC_ARG_KIND_LOCAL ||
      args[2].kind != ACC_ARG_KIND_BUFFER)
    return 3;
  {
    float f = 1.0f;
    acc_arg_t typed = acc_arg_f32(&f);
    if (typed.scalar_type != ACC_SCALAR_TYPE_F32 || typed.size != 4 ||
        args[0].scalar_type != ACC_SCALAR_TYPE_NONE)
      return 5;
  }
  {
    /* 1000 x 37 in groups of 64 x 8: 15 + 1 groups by 4 + 1 groups. */
    const uint64_t size[3] = {1000, 37, 1}, offset[3] = {5, 0, 0};
    const uint32_t local[3] = {64, 8, 1};
    acc_launch_dispatch_t d[ACC_LAUNCH_MAX_DISPATCHES];
    acc_launch_words_t w;
    uint64_t bytes[3] = {4, 100, 16};
    uint32_t at[3];
    if (acc_launch_split(size, local, d) != 4 || d[0].groups[0] != 15 ||
        d[0].groups[1] != 4 || d[1].local_size[0] != 40 ||
        d[1].group_offset[0] != 15 || d[2].local_size[1] != 5 ||
        d[2].group_offset[1] != 4 || d[3].local_size[0] != 40 ||
        d[3].local_size[1] != 5 || d[3].groups[2] != 1)
      return 6;
    w = acc_launch_words(2, offset, size, local, d[3].group_offset);
    if (sizeof w != ACC_LAUNCH_WORDS_BYTES ||
        offsetof(acc_launch_words_t, global_size) !=
            ACC_LAUNCH_WORDS_GLOBAL_SIZE ||
        offsetof(acc_launch_words_t, group_offset) !=
            ACC_LAUNCH_WORDS_GROUP_OFFSET ||
        offsetof(acc_launch_words_t, work_dim) != ACC_LAUNCH_WORDS_WORK_DIM ||
        offsetof(acc_launch_words_t, local_size) !=
            ACC_LAUNCH_WORDS_LOCAL_SIZE ||
        w.group_offset[1] != 4 || w.global_offset[0] != 5 || w.work_dim != 2)
      return 7;
    if (acc_launch_local_layout(bytes, 3, at) != 144 || at[0] != 0 ||
        at[1] != 16 || at[2] != 128)
      return 8;
    if (acc_launch_vk_plan_for(ACC_LAUNCH_ABI_1, 48, 2).push_constant_bytes !=
            128 ||
        acc_launch_vk_plan_for(ACC_LAUNCH_ABI_1, 52, 2).uniform_bytes != 64 ||
        acc_launch_vk_plan(64, 2).launch_word_offset != 64)
      return 9;
  }
  return acc_result_name(ACC_SUCCESS)[0] == 'A' ? 0 : 4;
}
