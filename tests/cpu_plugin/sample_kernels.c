/*===- sample_kernels.c - The samples' kernels, lowered by hand -----------===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * Work-group functions (acc/acc_cpu_abi.h) equivalent to
 * samples/saxpy/saxpy.cl and samples/transpose/transpose.cl. make_bundle
 * packs them into a bundle so the samples' host programs run end to end
 * through libacc and the cpu plugin before acc-cc exists.
 *
 *===----------------------------------------------------------------------===*/
#include "acc/acc_cpu_abi.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT const uint32_t __acc_cpu_abi_version = ACC_CPU_ABI_VERSION;

static uint64_t globalId(const acc_cpu_workgroup_t *g, int d, uint64_t lid) {
  return g->group_id[d] * g->enqueued_local_size[d] + lid + g->global_offset[d];
}

EXPORT void __acc_kernel_saxpy(const acc_cpu_workgroup_t *g,
                               void *const *args) {
  float a = *(const float *)args[0];
  const float *x = *(const float *const *)args[1];
  float *y = *(float *const *)args[2];
  uint32_t n = *(const uint32_t *)args[3];
  for (uint64_t l = 0; l < g->local_size[0]; ++l) {
    uint64_t i = globalId(g, 0, l);
    if (i < n)
      y[i] = a * x[i] + y[i];
  }
}

EXPORT void __acc_kernel_transpose(const acc_cpu_workgroup_t *g,
                                   void *const *args) {
  const float *in = *(const float *const *)args[0];
  float *out = *(float *const *)args[1];
  uint32_t width = *(const uint32_t *)args[2];
  uint32_t height = *(const uint32_t *)args[3];
  for (uint64_t ly = 0; ly < g->local_size[1]; ++ly) {
    uint64_t y = globalId(g, 1, ly);
    for (uint64_t lx = 0; lx < g->local_size[0]; ++lx) {
      uint64_t x = globalId(g, 0, lx);
      if (x < width && y < height)
        out[x * height + y] = in[y * width + x];
    }
  }
}
