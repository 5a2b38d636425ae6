// Program-scope `constant` variables become memref.global constants with
// their initialisers laid out in units; kernels read them by index.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=opencl-c %s -o - | FileCheck %s --check-prefix=OCL
// The spirv-cl target copies small constant tables into private arrays.
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-DAG: memref.global "private" constant @__acc_const_kWeights : memref<5xf32> = dense<[6.250000e-02, 2.500000e-01, 3.750000e-01, 2.500000e-01, 6.250000e-02]>
// CHECK-DAG: memref.global "private" constant @__acc_const_kPoints : memref<4xi32> = dense<[1, 2, 3, 0]>
// OCL-DAG: constant float __acc_const_kWeights[5] = {
// OCL-DAG: constant uint __acc_const_kPoints[4] = {
constant float kWeights[5] = {0.0625f, 0.25f, 0.375f, 0.25f, 0.0625f};

typedef struct { int x, y; } Point;
constant Point kPoints[2] = {{1, 2}, {3}};

// CHECK-LABEL: gpu.func @blur(
// CHECK: memref.get_global @__acc_const_kWeights : memref<5xf32>
kernel void blur(global const float *in, global float *out, int n) {
  int i = get_global_id(0);
  float s = 0.0f;
  for (int k = -2; k <= 2; ++k) {
    int j = clamp(i + k, 0, n - 1);
    s += kWeights[k + 2] * in[j];
  }
  out[i] = s + (float)(kPoints[1].x + kPoints[0].y);
}
