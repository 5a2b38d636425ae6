// p += n and p -= n move a pointer within its buffer. (Regression test: this
// used to fail with "referring to 'p' as a value is not supported".)
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @advance(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32, %[[U:.*]]: i32) kernel
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i32
// CHECK: %[[NI:.*]] = arith.index_cast %[[N]] : i32 to index
// CHECK: memref.store %[[ONE]], %[[A]][%[[NI]]]
// a -= u with an unsigned step: zero-extended.
// CHECK: %[[UE:.*]] = arith.extui %[[U]] : i32 to i64
// CHECK: %[[UI:.*]] = arith.index_cast %[[UE]] : i64 to index
// CHECK: %[[OFF:.*]] = arith.subi %[[NI]], %[[UI]] : index
// CHECK: memref.store %[[TWO]], %[[A]][%[[OFF]]]
kernel void advance(global int *a, int n, uint u) {
  a += n;
  a[0] = 1;
  a -= u;
  *a = 2;
}

// On a local pointer variable, in a loop.
// CHECK-LABEL: gpu.func @stride(
// CHECK-SAME: %[[A:.*]]: memref<?xf32>, %[[N:.*]]: i32, %[[S:.*]]: i32) kernel
// CHECK: ^[[HDR:bb[0-9]+]](%{{.*}}: index
// CHECK: memref.store %{{.*}}, %[[A]]
// CHECK: arith.addi %{{.*}}, %{{.*}} : index
// CHECK: cf.br ^[[HDR]]
kernel void stride(global float *a, int n, int s) {
  global float *p = a;
  for (int i = 0; i < n; ++i) {
    *p = 0.0f;
    p += s;
  }
}
