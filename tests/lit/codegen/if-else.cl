// if / else if / else become conditional branches (cf.cond_br).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @if_only(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: %[[C:.*]] = arith.cmpi sgt, %[[N]], %{{.*}} : i32
// CHECK: cf.cond_br %[[C]], ^[[THEN:bb[0-9]+]], ^[[END:bb[0-9]+]]
// CHECK: ^[[END]]:
// CHECK: gpu.return
// CHECK: ^[[THEN]]:
// CHECK: memref.store %[[N]], %[[A]]
// CHECK: cf.br ^[[END]]
kernel void if_only(global int *a, int n) {
  if (n > 0)
    a[0] = n;
}

// CHECK-LABEL: gpu.func @if_else(
// CHECK-SAME: %[[A:.*]]: memref<?xf32>, %[[X:.*]]: f32) kernel
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: %[[C1:.*]] = arith.cmpf olt, %[[X]], %{{.*}} : f32
// CHECK: cf.cond_br %[[C1]], ^[[B1:bb[0-9]+]](%[[ONE]] : f32), ^[[ELSE:bb[0-9]+]]
// CHECK: ^[[B1]](%[[R:.*]]: f32):
// CHECK: memref.store %[[R]], %[[A]]
// CHECK: ^[[ELSE]]:
// CHECK: %[[C2:.*]] = arith.cmpf ogt, %[[X]], %{{.*}} : f32
// CHECK: cf.cond_br %[[C2]], ^[[B1]](%[[TWO]] : f32), ^[[B1]](%[[THREE]] : f32)
kernel void if_else(global float *a, float x) {
  float r;
  if (x < 0.0f)
    r = 1.0f;
  else if (x > 10.0f)
    r = 2.0f;
  else
    r = 3.0f;
  a[0] = r;
}

// A float used as a condition is compared with zero (unordered: NaN is true).
// CHECK-LABEL: gpu.func @float_cond(
// CHECK-SAME: %[[A:.*]]: memref<?xf32>, %[[X:.*]]: f32) kernel
// CHECK: %[[C:.*]] = arith.cmpf une, %[[X]], %{{.*}} : f32
// CHECK: cf.cond_br %[[C]]
kernel void float_cond(global float *a, float x) {
  if (x)
    a[0] = x;
}
