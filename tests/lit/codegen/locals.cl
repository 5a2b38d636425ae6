// Private variables start as memref<1xT> allocas; the portable pipeline
// (mem2reg) promotes them to SSA values.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @locals(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK-NOT: memref.alloca
// CHECK: %[[T:.*]] = arith.muli %[[N]], %[[N]] : i32
// CHECK: %[[U:.*]] = arith.addi %[[T]], %[[N]] : i32
// CHECK: memref.store %[[U]], %[[A]]
// CHECK-NOT: memref.alloca
// CHECK: gpu.return
kernel void locals(global int *a, int n) {
  int t = n * n;
  int u;
  u = t + n;
  a[0] = u;
}

// A kernel argument may be assigned like any C parameter.
// CHECK-LABEL: gpu.func @assign_arg(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: %[[M:.*]] = arith.addi %[[N]], %{{.*}} : i32
// CHECK: memref.store %[[M]], %[[A]]
kernel void assign_arg(global int *a, int n) {
  n = n + 3;
  a[0] = n;
}

// A variable assigned in a loop becomes a block argument.
// CHECK-LABEL: gpu.func @loop_carried(
// CHECK: ^{{bb[0-9]+}}(%{{.*}}: i32, %{{.*}}: i32):
// CHECK-NOT: memref.alloca
kernel void loop_carried(global int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += i;
  a[0] = s;
}
