// Compound assignment computes in the computation type (promoted, or the
// common type with the right side) and converts back to the left side's type.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @chain(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: %[[X0:.*]] = memref.load %[[A]]
// CHECK: %[[X1:.*]] = arith.addi %[[X0]], %[[N]] : i32
// CHECK: %[[X2:.*]] = arith.subi %[[X1]], %{{.*}} : i32
// CHECK: %[[X3:.*]] = arith.muli %[[X2]], %{{.*}} : i32
// CHECK: %[[X4:.*]] = arith.divsi %[[X3]], %{{.*}} : i32
// CHECK: %[[X5:.*]] = arith.remsi %[[X4]], %{{.*}} : i32
// CHECK: %[[X6:.*]] = arith.shli %[[X5]], %{{.*}} : i32
// CHECK: %[[X7:.*]] = arith.shrsi %[[X6]], %{{.*}} : i32
// CHECK: %[[X8:.*]] = arith.andi %[[X7]], %{{.*}} : i32
// CHECK: %[[X9:.*]] = arith.ori %[[X8]], %{{.*}} : i32
// CHECK: %[[X10:.*]] = arith.xori %[[X9]], %{{.*}} : i32
// CHECK: memref.store %[[X10]], %[[A]]
kernel void chain(global int *a, int n) {
  int x = a[0];
  x += n;
  x -= 1;
  x *= 3;
  x /= 2;
  x %= 5;
  x <<= 1;
  x >>= n;
  x &= 7;
  x |= 8;
  x ^= 1;
  a[1] = x;
}

// CHECK-LABEL: gpu.func @types(
// CHECK-SAME: %[[U:.*]]: memref<?xi32>, %[[F:.*]]: memref<?xf32>, %[[C:.*]]: memref<?xi8>, %[[I:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// unsigned: divui and shrui on the buffer element in place.
// CHECK: %[[U0:.*]] = memref.load %[[U]][%[[Z:.*]]] : memref<?xi32>
// CHECK: %[[U1:.*]] = arith.divui %[[U0]], %{{.*}} : i32
// CHECK: memref.store %[[U1]], %[[U]][%[[Z]]] : memref<?xi32>
// CHECK: arith.shrui
// float += int converts the int first.
// CHECK: %[[NF:.*]] = arith.sitofp %[[N]] : i32 to f32
// CHECK: %[[F0:.*]] = memref.load %[[F]]
// CHECK: arith.mulf %[[F0]], %[[NF]] : f32
// char += 1 computes in int and truncates.
// CHECK: %[[C0:.*]] = memref.load %[[C]]
// CHECK: %[[CE:.*]] = arith.extsi %[[C0]] : i8 to i32
// CHECK: %[[CS:.*]] = arith.addi %[[CE]], %{{.*}} : i32
// CHECK: %[[CT:.*]] = arith.trunci %[[CS]] : i32 to i8
// CHECK: memref.store %[[CT]], %[[C]]
// int += float computes in float and converts back.
// CHECK: %[[I0:.*]] = memref.load %[[I]]
// CHECK: %[[IF:.*]] = arith.sitofp %[[I0]] : i32 to f32
// CHECK: %[[IS:.*]] = arith.addf %[[IF]], %{{.*}} : f32
// CHECK: %[[IT:.*]] = arith.fptosi %[[IS]] : f32 to i32
// CHECK: memref.store %[[IT]], %[[I]]
kernel void types(global uint *u, global float *f, global char *c, global int *i, int n) {
  u[0] /= 3u;
  u[1] >>= 1;
  f[1] *= n;
  c[0] += 1;
  i[0] += 1.5f;
}
