// Pointer comparison and difference within one buffer compare and
// subtract unit indices; casts to wider element types view the same
// units.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @walk(
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : index
// CHECK: arith.subi %{{.*}}, %{{.*}} : index
kernel void walk(global int *a, int n) {
  global int *end = a + n;
  int count = 0;
  for (global int *p = a; p < end; p += 2)
    count += (int)(end - p);
  a[0] = count;
}

// A float4 view of a float buffer steps four units per element.
// CHECK-LABEL: gpu.func @wide_view(
// CHECK: arith.muli %{{.*}}, %c4 : index
kernel void wide_view(global float *f) {
  global float4 *v = (global float4 *)f;
  size_t i = get_global_id(0);
  v[i] = v[i] * 2.0f;
}
