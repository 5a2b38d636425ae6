// Bitwise operators map one to one; ~x is an xor with all ones.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @bitwise(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[Y:.*]]: i32, %[[L:.*]]: memref<?xi64>, %[[P:.*]]: i64) kernel
// CHECK-DAG: %[[ONES:.*]] = arith.constant -1 : i32
// CHECK: arith.andi %[[X]], %[[Y]] : i32
// CHECK: arith.ori %[[X]], %[[Y]] : i32
// CHECK: arith.xori %[[X]], %[[Y]] : i32
// CHECK: arith.xori %[[X]], %[[ONES]] : i32
// CHECK: arith.andi %{{.*}}, %[[P]] : i64
kernel void bitwise(global int *a, int x, int y, global ulong *l, ulong p) {
  a[0] = x & y;
  a[1] = x | y;
  a[2] = x ^ y;
  a[3] = ~x;
  l[0] = l[1] & p;
}
