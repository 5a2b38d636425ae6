/*===- cpu_kernels.c - A CPU code object for the libacc + cpu plugin test --===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * Stands in for acc-cc's output so that CpuBackendTest.cpp can drive the
 * real cpu plugin through libacc without the compiler: one work-group
 * function per kernel, following acc/acc_cpu_abi.h.
 *
 *===----------------------------------------------------------------------===*/
#include "acc/acc_cpu_abi.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT const uint32_t __acc_cpu_abi_version = ACC_CPU_ABI_VERSION;

/* kernel void axpy(float a, global const float* x, global float* y, uint n)
 * { size_t i = get_global_id(0); if (i < n) y[i] += a * x[i]; } */
EXPORT void __acc_kernel_axpy(const acc_cpu_workgroup_t *g,
                              void *const *args) {
  float a = *(const float *)args[0];
  const float *x = *(const float *const *)args[1];
  float *y = *(float *const *)args[2];
  uint32_t n = *(const uint32_t *)args[3];
  uint64_t base = g->group_id[0] * g->enqueued_local_size[0] +
                  g->global_offset[0];
  for (uint64_t l = 0; l < g->local_size[0]; ++l) {
    uint64_t i = base + l;
    if (i < n)
      y[i] += a * x[i];
  }
}
