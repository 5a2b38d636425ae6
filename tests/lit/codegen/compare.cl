// Comparisons: signed or unsigned predicates from the (converted) operand
// type; ordered float predicates except '!=' (unordered, so NaN != NaN).
// The int result of a comparison is a zero-extended i1.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @signed_cmp(
// CHECK-SAME: %[[R:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[Y:.*]]: i32) kernel
// CHECK: %[[C:.*]] = arith.cmpi slt, %[[X]], %[[Y]] : i32
// CHECK: %[[E:.*]] = arith.extui %[[C]] : i1 to i32
// CHECK: memref.store %[[E]], %[[R]]
// CHECK: arith.cmpi sgt, %[[X]], %[[Y]] : i32
// CHECK: arith.cmpi sle, %[[X]], %[[Y]] : i32
// CHECK: arith.cmpi sge, %[[X]], %[[Y]] : i32
// CHECK: arith.cmpi eq, %[[X]], %[[Y]] : i32
// CHECK: arith.cmpi ne, %[[X]], %[[Y]] : i32
kernel void signed_cmp(global int *r, int x, int y) {
  r[0] = x < y;
  r[1] = x > y;
  r[2] = x <= y;
  r[3] = x >= y;
  r[4] = x == y;
  r[5] = x != y;
}

// CHECK-LABEL: gpu.func @unsigned_cmp(
// CHECK-SAME: %[[R:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[Y:.*]]: i32, %[[L:.*]]: i64, %[[M:.*]]: i64, %[[I:.*]]: i32) kernel
// CHECK: arith.cmpi ult, %[[X]], %[[Y]] : i32
// CHECK: arith.cmpi ugt, %[[X]], %[[Y]] : i32
// CHECK: arith.cmpi ule, %[[X]], %[[Y]] : i32
// CHECK: arith.cmpi uge, %[[X]], %[[Y]] : i32
// CHECK: arith.cmpi ult, %[[L]], %[[M]] : i64
// int compared with uint converts to uint: unsigned predicate.
// CHECK: arith.cmpi ult, %[[I]], %[[X]] : i32
kernel void unsigned_cmp(global int *r, uint x, uint y, ulong l, ulong m, int i) {
  r[0] = x < y;
  r[1] = x > y;
  r[2] = x <= y;
  r[3] = x >= y;
  r[4] = l < m;
  r[5] = i < x;
}

// CHECK-LABEL: gpu.func @float_cmp(
// CHECK-SAME: %[[R:.*]]: memref<?xi32>, %[[X:.*]]: f32, %[[Y:.*]]: f32, %[[D:.*]]: f64) kernel
// CHECK: arith.cmpf olt, %[[X]], %[[Y]] : f32
// CHECK: arith.cmpf ogt, %[[X]], %[[Y]] : f32
// CHECK: arith.cmpf ole, %[[X]], %[[Y]] : f32
// CHECK: arith.cmpf oge, %[[X]], %[[Y]] : f32
// CHECK: arith.cmpf oeq, %[[X]], %[[Y]] : f32
// CHECK: arith.cmpf une, %[[X]], %[[Y]] : f32
// CHECK: arith.cmpf olt, %{{.*}}, %[[D]] : f64
kernel void float_cmp(global int *r, float x, float y, double d) {
  r[0] = x < y;
  r[1] = x > y;
  r[2] = x <= y;
  r[3] = x >= y;
  r[4] = x == y;
  r[5] = x != y;
  r[6] = x < d;
}
