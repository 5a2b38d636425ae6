// On the cpu target, a work-item loop whose memory accesses all reach
// buffers (or local memory) is declared free of dependences between its
// iterations (llvm.loop.parallel_accesses; WorkItemLoopVersioning.cpp):
// work-items that touch one location between barriers, one of them
// writing, race in OpenCL C. The vectoriser then needs no run-time overlap
// checks between the buffers. Loops with atomics, or with a work-item's
// private array in the frame, keep their dependences.
// RUN: %acc-cc --emit=llvm %s | FileCheck %s

// CHECK-LABEL: define void @__acc_kernel_stencil(
// CHECK-NOT: memcheck
// CHECK: load <{{[0-9]+}} x float>, ptr %{{[0-9a-z.]+}}, align 4, !llvm.access.group ![[GROUP:[0-9]+]]
// CHECK-NOT: memcheck
// CHECK: store <{{[0-9]+}} x float> %{{[0-9a-z.]+}}, ptr %{{[0-9a-z.]+}}, align 4, !llvm.access.group ![[GROUP]]
// CHECK-NOT: memcheck
// CHECK-LABEL: {{^}}}
kernel void stencil(global const float *in, global float *out, int w) {
  int x = get_global_id(0), y = get_global_id(1);
  int i = y * w + x;
  out[i] = in[i - 1] + in[i + 1] + in[i - w] + in[i + w];
}

// CHECK-LABEL: define void @__acc_kernel_private_array(
// CHECK-NOT: llvm.access.group
// CHECK-LABEL: {{^}}}
kernel void private_array(global const int *in, global int *out) {
  int i = get_global_id(0);
  int t[4];
  for (int k = 0; k < 4; ++k)
    t[k] = in[i + k];
  out[i] = t[in[i] & 3];
}

// CHECK-LABEL: define void @__acc_kernel_histogram(
// CHECK-NOT: llvm.access.group
// CHECK-LABEL: {{^}}}
kernel void histogram(global const uint *data, global uint *hist) {
  int i = get_global_id(0);
  atomic_inc(&hist[data[i] & 255]);
}

// CHECK: !{!"llvm.loop.parallel_accesses", ![[GROUP]]}
