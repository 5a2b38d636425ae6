// half is a storage format without cl_khr_fp16: Clang rejects half values;
// vload_half/vstore_half convert (see codegen/half.cl).
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global half *h, global float *f) {
  // CHECK: {{.*}}half-arithmetic.cl:[[@LINE+1]]:8: error: declaring variable of type '__private half' is not allowed
  half x = h[0];
  f[0] = vload_half(0, h);
}
