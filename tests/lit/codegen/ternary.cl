// ?: without side effects is a select; with side effects (or void) only the
// chosen side runs.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @select(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32) kernel
// CHECK: %[[C:.*]] = arith.cmpi sgt, %[[X]], %{{.*}} : i32
// CHECK: %[[NEG:.*]] = arith.subi %{{.*}}, %[[X]] : i32
// CHECK: %[[R:.*]] = arith.select %[[C]], %[[X]], %[[NEG]] : i32
// CHECK: memref.store %[[R]], %[[A]]
kernel void select(global int *a, int x) {
  a[0] = x > 0 ? x : -x;
}

// CHECK-LABEL: gpu.func @branchy(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32) kernel
// CHECK: %[[C:.*]] = arith.cmpi ne, %[[X]], %{{.*}} : i32
// CHECK: cf.cond_br %[[C]], ^[[T:bb[0-9]+]], ^[[F:bb[0-9]+]]
// CHECK: ^[[T]]:
// CHECK: %[[TV:.*]] = memref.load %[[A]]
// CHECK: cf.br ^[[END:bb[0-9]+]](%[[TV]] : i32)
// CHECK: ^[[F]]:
// CHECK: %[[FV:.*]] = memref.load %[[A]]
// CHECK: cf.br ^[[END]](%[[FV]] : i32)
// CHECK: ^[[END]](%[[R:.*]]: i32):
// CHECK: memref.store %[[R]], %[[A]]
kernel void branchy(global int *a, int x) {
  a[1] = x ? a[2]++ : a[3]++;
}

void mark(global int *p) { p[0] = 1; }
void unmark(global int *p) { p[0] = 0; }
// CHECK-LABEL: gpu.func @void_arms(
// CHECK: cf.cond_br %{{.*}}, ^[[T:bb[0-9]+]], ^[[F:bb[0-9]+]]
// CHECK-DAG: memref.store %{{.*}}, %{{.*}}[%{{.*}}]
// CHECK: gpu.return
kernel void void_arms(global int *a, int n) {
  n > 0 ? mark(a + 9) : unmark(a + 9);
}

// Nested selects, and floats.
// CHECK-LABEL: gpu.func @nested(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[X:.*]]: f32) kernel
// CHECK: %[[S1:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK: %[[S2:.*]] = arith.select %{{.*}}, %{{.*}}, %[[S1]] : f32
// CHECK: memref.store %[[S2]], %[[F]]
kernel void nested(global float *f, float x) {
  f[0] = x < 0.0f ? -1.0f : x > 0.0f ? 1.0f : 0.0f;
}
