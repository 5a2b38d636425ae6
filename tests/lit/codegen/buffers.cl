// Pointer arguments become memref<?xT>; subscripts become (buffer, index)
// loads and stores, the index widened according to its signedness.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @copy(
// CHECK-SAME: %[[DST:.*]]: memref<?xf32>, %[[SRC:.*]]: memref<?xf32>, %[[C:.*]]: memref<?xf32>) kernel
// CHECK: %[[X:.*]] = memref.load %[[SRC]][%[[I:.*]]] : memref<?xf32>
// CHECK: %[[Y:.*]] = memref.load %[[C]][%[[I]]] : memref<?xf32>
// CHECK: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK: memref.store %[[S]], %[[DST]][%[[I]]] : memref<?xf32>
kernel void copy(global float *dst, global const float *src, constant float *c) {
  size_t i = get_global_id(0);
  dst[i] = src[i] + c[i];
}

// CHECK-LABEL: gpu.func @index_types(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[I:.*]]: i32, %[[U:.*]]: i32, %[[L:.*]]: i64, %[[UL:.*]]: i64) kernel
// A signed int index is sign-extended (index_cast).
// CHECK: %[[II:.*]] = arith.index_cast %[[I]] : i32 to index
// CHECK: memref.store %{{.*}}, %[[A]][%[[II]]]
// An unsigned index is zero-extended first.
// CHECK: %[[UE:.*]] = arith.extui %[[U]] : i32 to i64
// CHECK: %[[UI:.*]] = arith.index_cast %[[UE]] : i64 to index
// CHECK: memref.store %{{.*}}, %[[A]][%[[UI]]]
// CHECK: %[[LI:.*]] = arith.index_cast %[[L]] : i64 to index
// CHECK: memref.store %{{.*}}, %[[A]][%[[LI]]]
// CHECK: %[[ULI:.*]] = arith.index_cast %[[UL]] : i64 to index
// CHECK: memref.store %{{.*}}, %[[A]][%[[ULI]]]
kernel void index_types(global int *a, int i, uint u, long l, ulong ul) {
  a[i] = 1;
  a[u] = 2;
  a[l] = 3;
  a[ul] = 4;
}

// Indexing with a value loaded from another buffer; i[p] is p[i].
// CHECK-LABEL: gpu.func @gather(
// CHECK-SAME: %[[OUT:.*]]: memref<?xi32>, %[[IDX:.*]]: memref<?xi32>, %[[IN:.*]]: memref<?xi32>) kernel
// CHECK: %[[K:.*]] = memref.load %[[IDX]][%{{.*}}] : memref<?xi32>
// CHECK: %[[KI:.*]] = arith.index_cast %[[K]] : i32 to index
// CHECK: %[[V:.*]] = memref.load %[[IN]][%[[KI]]] : memref<?xi32>
// CHECK: memref.store %[[V]], %[[OUT]]
// CHECK: %[[V2:.*]] = memref.load %[[IN]][%{{.*}}] : memref<?xi32>
// CHECK: memref.store %[[V2]], %[[OUT]]
kernel void gather(global int *out, global const int *idx, global const int *in) {
  out[0] = in[idx[0]];
  out[1] = 2[in];
}
