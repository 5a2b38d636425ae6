// Literals and constant expressions: integer, character, hex, 64-bit, float
// and double literals, enum constants, sizeof, and folding of constant
// expressions.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

enum Channel { kRed, kGreen = 5, kBlue };

// CHECK-LABEL: gpu.func @literals(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[L:.*]]: memref<?xi64>, %[[F:.*]]: memref<?xf32>) kernel
// CHECK-DAG: %[[C42:.*]] = arith.constant 42 : i32
// CHECK-DAG: %[[CA:.*]] = arith.constant 97 : i32
// CHECK-DAG: %[[CHEX:.*]] = arith.constant 255 : i32
// CHECK-DAG: %[[CENUM:.*]] = arith.constant 6 : i32
// CHECK-DAG: %[[CSIZE:.*]] = arith.constant 8 : i32
// CHECK-DAG: %[[CBIG:.*]] = arith.constant 1099511627775 : i64
// CHECK-DAG: %[[CFOLD:.*]] = arith.constant 4294967295 : i64
// CHECK-DAG: %[[CF:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-DAG: %[[CTRUE:.*]] = arith.constant 1 : i32
// CHECK: memref.store %[[C42]], %[[A]]
// CHECK: memref.store %[[CA]], %[[A]]
// CHECK: memref.store %[[CHEX]], %[[A]]
// CHECK: memref.store %[[CENUM]], %[[A]]
// CHECK: memref.store %[[CSIZE]], %[[A]]
// CHECK: memref.store %[[CTRUE]], %[[A]]
// CHECK: memref.store %[[CBIG]], %[[L]]
// CHECK: memref.store %[[CFOLD]], %[[L]]
// CHECK: memref.store %[[CF]], %[[F]]
kernel void literals(global int *a, global long *l, global float *f) {
  a[0] = 42;
  a[1] = 'a';
  a[2] = 0xFF;
  a[3] = kBlue;
  a[4] = sizeof(global int *);
  a[5] = true;
  l[0] = 0xFFFFFFFFFFL;
  l[1] = (0xFFFFFFFFFFL >> 8) & 0xFFFFFFFF;
  f[0] = 0.25f;
}

// A double literal makes float arithmetic double (fp64 is enabled).
// CHECK-LABEL: gpu.func @double_literal(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[X:.*]]: f32) kernel
// CHECK: %[[XD:.*]] = arith.extf %[[X]] : f32 to f64
// CHECK: %[[M:.*]] = arith.mulf %[[XD]], %{{.*}} : f64
// CHECK: arith.truncf %[[M]] : f64 to f32
kernel void double_literal(global float *f, float x) {
  f[0] = x * 0.5;
}
