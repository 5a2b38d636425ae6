// In the x86-64-v4 code object (what --emit=llvm prints), the work-group
// function of a kernel with 2-D ids asks for 512-bit vectors: a row of a
// 16-wide work-group is then one vector iteration. A 1-D kernel keeps the
// CPU's own preference (256 bits), which streams long rows faster.
// RUN: %acc-cc --emit=llvm -DTWO_D %s | FileCheck %s --check-prefix=TWO
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=ONE

// TWO: define void @__acc_kernel_copy2d(
// TWO: <16 x float>
// TWO: attributes #{{[0-9]+}} = { {{.*}}"prefer-vector-width"="512"
// ONE: define void @__acc_kernel_copy(
// ONE-NOT: <16 x float>
// ONE-NOT: prefer-vector-width
#ifdef TWO_D
kernel void copy2d(global const float *in, global float *out, int w) {
  int x = get_global_id(0), y = get_global_id(1);
  out[y * w + x] = 2.0f * in[y * w + x];
}
#else
kernel void copy(global const float *in, global float *out) {
  int i = get_global_id(0);
  out[i] = 2.0f * in[i];
}
#endif
