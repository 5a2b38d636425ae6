// Loop hints (#pragma unroll, __attribute__((opencl_unroll_hint))) are common
// in OpenCL kernels; acc may ignore them but must compile the loop.
//
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @unrolled(
// CHECK-DAG: cf.cond_br
// CHECK-DAG: memref.store
// CHECK-DAG: gpu.return
kernel void unrolled(global int *a, int n) {
  #pragma unroll 4
  for (int i = 0; i < n; ++i)
    a[i] = i;
}
