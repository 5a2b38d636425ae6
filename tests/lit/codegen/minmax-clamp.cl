// min/max/clamp: signed or unsigned integer ops by the argument type,
// minnumf/maxnumf for floats; clamp(x, lo, hi) is min(max(x, lo), hi).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @ints(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[Y:.*]]: i32) kernel
// CHECK-DAG: %[[LO:.*]] = arith.constant -1 : i32
// CHECK-DAG: %[[HI:.*]] = arith.constant 1 : i32
// CHECK: arith.minsi %[[X]], %[[Y]] : i32
// CHECK: arith.maxsi %[[X]], %[[Y]] : i32
// CHECK: %[[C1:.*]] = arith.maxsi %[[X]], %[[LO]] : i32
// CHECK: arith.minsi %[[C1]], %[[HI]] : i32
kernel void ints(global int *a, int x, int y) {
  a[0] = min(x, y);
  a[1] = max(x, y);
  a[2] = clamp(x, -1, 1);
}

// CHECK-LABEL: gpu.func @uints(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[Y:.*]]: i32) kernel
// CHECK-DAG: %[[LO:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[HI:.*]] = arith.constant 9 : i32
// CHECK: arith.minui %[[X]], %[[Y]] : i32
// CHECK: arith.maxui %[[X]], %[[Y]] : i32
// CHECK: %[[C1:.*]] = arith.maxui %[[X]], %[[LO]] : i32
// CHECK: arith.minui %[[C1]], %[[HI]] : i32
kernel void uints(global uint *a, uint x, uint y) {
  a[0] = min(x, y);
  a[1] = max(x, y);
  a[2] = clamp(x, 1u, 9u);
}

// CHECK-LABEL: gpu.func @longs(
// CHECK-SAME: %[[A:.*]]: memref<?xi64>, %[[X:.*]]: i64, %[[Y:.*]]: i64, %[[U:.*]]: i64, %[[V:.*]]: i64) kernel
// CHECK: arith.minsi %[[X]], %[[Y]] : i64
// CHECK: arith.maxui %[[U]], %[[V]] : i64
kernel void longs(global long *a, long x, long y, ulong u, ulong v) {
  a[0] = min(x, y);
  a[1] = max(u, v);
}

// CHECK-LABEL: gpu.func @floats(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[X:.*]]: f32, %[[Y:.*]]: f32) kernel
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: arith.minnumf %[[X]], %[[Y]] : f32
// CHECK: arith.maxnumf %[[X]], %[[Y]] : f32
// CHECK: %[[C1:.*]] = arith.maxnumf %[[X]], %[[LO]] : f32
// CHECK: arith.minnumf %[[C1]], %[[HI]] : f32
kernel void floats(global float *f, float x, float y) {
  f[0] = min(x, y);
  f[1] = max(x, y);
  f[2] = clamp(x, 0.0f, 1.0f);
}
