// Helper functions are inlined at each call: no func.call to them remains.
// Arguments are evaluated in the caller before the body runs; a helper
// declared before the kernel and defined after it is found.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// CHECK-NOT: func.func @square
// CHECK-NOT: func.call @square

int square(int x) { return x * x; }
int sum_squares(int a, int b) { return square(a) + square(b); }
float later(float x);
void store_twice(global int *p, int v) {
  p[0] = v;
  p[1] = v;
}

// CHECK-LABEL: gpu.func @calls(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32, %[[M:.*]]: i32, %[[F:.*]]: memref<?xf32>) kernel
// CHECK-NOT: func.call
// CHECK: %[[SQ:.*]] = arith.muli %[[N]], %[[N]] : i32
// CHECK: memref.store %[[SQ]], %[[A]]
// CHECK: %[[SM:.*]] = arith.muli %[[M]], %[[M]] : i32
// CHECK: %[[SS:.*]] = arith.addi %[[SQ]], %[[SM]] : i32
// CHECK: memref.store %[[SS]], %[[A]]
// Nested call as an argument: square(square(n)).
// CHECK: %[[Q:.*]] = arith.muli %[[SQ]], %[[SQ]] : i32
// CHECK: memref.store %[[Q]], %[[A]]
// A pointer argument keeps its buffer: store_twice(a + 4, n).
// CHECK: memref.store %[[N]], %[[A]][%{{.*}}]
// CHECK: memref.store %[[N]], %[[A]][%{{.*}}]
// CHECK: %[[L:.*]] = arith.mulf
// CHECK: memref.store %[[L]], %[[F]]
// CHECK-NOT: func.call
// CHECK: gpu.return
kernel void calls(global int *a, int n, int m, global float *f) {
  a[0] = square(n);
  a[1] = sum_squares(n, m);
  a[2] = square(square(n));
  store_twice(a + 4, n);
  f[0] = later(f[1]);
}

float later(float x) { return x * 0.5f; }

// Assigning to a parameter inside the helper does not change the caller's
// variable.
int bump(int x) { x = x + 1; return x; }
// CHECK-LABEL: gpu.func @by_value(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: %[[B:.*]] = arith.addi %[[N]], %{{.*}} : i32
// CHECK: memref.store %[[B]], %[[A]]
// CHECK: memref.store %[[N]], %[[A]]
kernel void by_value(global int *a, int n) {
  a[0] = bump(n);
  a[1] = n;
}

// A helper used by two kernels is inlined into both.
int twice(int x) { return 2 * x; }
// CHECK-LABEL: gpu.func @user1(
// CHECK: arith.muli
// CHECK-LABEL: gpu.func @user2(
// CHECK: arith.muli
kernel void user1(global int *a) { a[0] = twice(a[1]); }
kernel void user2(global int *a) { a[0] = twice(a[2]); }
