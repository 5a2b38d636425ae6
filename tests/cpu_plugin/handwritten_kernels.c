/*===- handwritten_kernels.c - CPU code object written by hand for tests --===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * Stands in for acc-cc's CPU output while testing the cpu plugin: each
 * function is a work-group function following acc/acc_cpu_abi.h, written the
 * way the compiler lowers the OpenCL C kernel quoted above it (a loop over
 * the work-items of one group). Built three times: as is, with
 * TEST_ABI_VERSION set to a wrong version, and with TEST_OMIT_VERSION (no
 * version symbol at all).
 *
 *===----------------------------------------------------------------------===*/
#include "acc/acc_cpu_abi.h"

#include <math.h>
#include <stddef.h>

#ifndef TEST_ABI_VERSION
#define TEST_ABI_VERSION ACC_CPU_ABI_VERSION
#endif

#define EXPORT __attribute__((visibility("default")))

#ifndef TEST_OMIT_VERSION
EXPORT const uint32_t __acc_cpu_abi_version = TEST_ABI_VERSION;
#endif

/* Argument access: args[i] points to the argument's value. */
#define SCALAR(type, i) (*(const type *)args[i])
#define POINTER(type, i) (*(type *const *)args[i])

static uint64_t globalId(const acc_cpu_workgroup_t *g, int d, uint64_t lid) {
  return g->group_id[d] * g->enqueued_local_size[d] + lid + g->global_offset[d];
}

/* kernel void saxpy(float a, global const float* x, global float* y, uint n)
 * { size_t i = get_global_id(0); if (i < n) y[i] = a * x[i] + y[i]; } */
EXPORT void __acc_kernel_saxpy(const acc_cpu_workgroup_t *g,
                               void *const *args) {
  float a = SCALAR(float, 0);
  const float *x = POINTER(const float, 1);
  float *y = POINTER(float, 2);
  uint32_t n = SCALAR(uint32_t, 3);
  for (uint64_t l = 0; l < g->local_size[0]; ++l) {
    uint64_t i = globalId(g, 0, l);
    if (i < n)
      y[i] = a * x[i] + y[i];
  }
}

/* kernel void transpose(global const float* in, global float* out,
 *                       uint width, uint height)
 * { size_t x = get_global_id(0), y = get_global_id(1);
 *   out[x * height + y] = in[y * width + x]; }
 * No bounds check on purpose: a group that ran past the range would write
 * out of bounds, which the test's guard elements detect. */
EXPORT void __acc_kernel_transpose(const acc_cpu_workgroup_t *g,
                                   void *const *args) {
  const float *in = POINTER(const float, 0);
  float *out = POINTER(float, 1);
  uint32_t width = SCALAR(uint32_t, 2);
  uint32_t height = SCALAR(uint32_t, 3);
  for (uint64_t ly = 0; ly < g->local_size[1]; ++ly) {
    uint64_t y = globalId(g, 1, ly);
    for (uint64_t lx = 0; lx < g->local_size[0]; ++lx) {
      uint64_t x = globalId(g, 0, lx);
      out[x * height + y] = in[y * width + x];
    }
  }
}

/* kernel void probe(global uint* out): every work-item records what the
 * OpenCL work-item functions would answer, 10 values per item at its linear
 * position relative to the global offset. */
EXPORT void __acc_kernel_probe(const acc_cpu_workgroup_t *g,
                               void *const *args) {
  uint32_t *out = POINTER(uint32_t, 0);
  for (uint64_t ly = 0; ly < g->local_size[1]; ++ly) {
    for (uint64_t lx = 0; lx < g->local_size[0]; ++lx) {
      uint64_t x = globalId(g, 0, lx) - g->global_offset[0];
      uint64_t y = globalId(g, 1, ly) - g->global_offset[1];
      uint32_t *item = out + (y * g->global_size[0] + x) * 10;
      item[0] = (uint32_t)g->work_dim;
      item[1] = (uint32_t)g->group_id[0];
      item[2] = (uint32_t)g->group_id[1];
      item[3] = (uint32_t)lx;
      item[4] = (uint32_t)ly;
      item[5] = (uint32_t)g->local_size[0];
      item[6] = (uint32_t)g->local_size[1];
      item[7] = (uint32_t)g->num_groups[0];
      item[8] = (uint32_t)g->num_groups[1];
      item[9] = (uint32_t)g->global_size[2];
    }
  }
}

/* kernel void group_sum(global const float* in, global float* out,
 *                       local float* scratch)
 * { scratch[lid] = in[gid]; barrier(); if (lid == 0) out[group] = sum; }
 * The barrier splits the work-item loop in two, as acc-cc would. */
EXPORT void __acc_kernel_group_sum(const acc_cpu_workgroup_t *g,
                                   void *const *args) {
  const float *in = POINTER(const float, 0);
  float *out = POINTER(float, 1);
  float *scratch = POINTER(float, 2);
  for (uint64_t l = 0; l < g->local_size[0]; ++l)
    scratch[l] = in[globalId(g, 0, l)];
  float sum = 0.0f;
  for (uint64_t l = 0; l < g->local_size[0]; ++l)
    sum += scratch[l];
  out[g->group_id[0]] = sum;
}

/* kernel void exp_kernel(global const float* x, global float* y)
 * { size_t i = get_global_id(0); y[i] = exp(x[i]); }  -- needs libm. */
EXPORT void __acc_kernel_exp_kernel(const acc_cpu_workgroup_t *g,
                                    void *const *args) {
  const float *x = POINTER(const float, 0);
  float *y = POINTER(float, 1);
  for (uint64_t l = 0; l < g->local_size[0]; ++l) {
    uint64_t i = globalId(g, 0, l);
    y[i] = expf(x[i]);
  }
}

/* kernel void alignment(global const uchar* p, global uint* out)
 * { out[0] = (uintptr_t)p % 64; } -- checks the buffer alignment. */
EXPORT void __acc_kernel_alignment(const acc_cpu_workgroup_t *g,
                                   void *const *args) {
  (void)g;
  const unsigned char *p = POINTER(const unsigned char, 0);
  uint32_t *out = POINTER(uint32_t, 1);
  out[0] = (uint32_t)((uintptr_t)p % 64);
}

/* kernel void no_arguments(void) {} -- a kernel with no argument at all
 * (the launch path must not need an argument list). */
EXPORT void __acc_kernel_no_arguments(const acc_cpu_workgroup_t *g,
                                      void *const *args) {
  (void)g;
  (void)args;
}
