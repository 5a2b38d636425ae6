/*===- CHeaderTest.c - acc/acc.h compiles as plain C ----------------------===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * Built with the C compiler (C11, -Wall -Wextra -pedantic) so that the
 * public header's C subset, inline helpers and macros stay valid C. Called
 * from ApiTest.cpp.
 *
 *===----------------------------------------------------------------------===*/
#include "acc/acc.h"

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
  return acc_result_name(ACC_SUCCESS)[0] == 'A' ? 0 : 4;
}
