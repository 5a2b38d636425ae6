// while loops test the condition before each iteration; a condition with a
// side effect is evaluated once per test.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @halve(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: ^[[HDR:bb[0-9]+]](%{{.*}}: i32, %{{.*}}: i32):
// CHECK: %[[C:.*]] = arith.cmpi sgt, %[[X:.*]], %{{.*}} : i32
// CHECK: cf.cond_br %[[C]], ^[[BODY:bb[0-9]+]], ^[[EXIT:bb[0-9]+]]
// CHECK: ^[[BODY]]:
// CHECK: arith.divsi %[[X]], %{{.*}} : i32
// CHECK: cf.br ^[[HDR]]
// CHECK: ^[[EXIT]]:
// CHECK: memref.store %{{.*}}, %[[A]]
kernel void halve(global int *a, int n) {
  int x = n, k = 0;
  while (x > 1) {
    x = x / 2;
    k++;
  }
  a[0] = k;
}

// CHECK-LABEL: gpu.func @countdown(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: ^[[HDR:bb[0-9]+]](%[[X:.*]]: i32):
// CHECK-DAG: %[[DEC:.*]] = arith.subi %[[X]], %{{.*}} : i32
// CHECK-DAG: %[[C:.*]] = arith.cmpi ne, %[[X]], %{{.*}} : i32
// CHECK: cf.cond_br %[[C]], ^[[BODY:bb[0-9]+]], ^{{bb[0-9]+}}
// CHECK: ^[[BODY]]:
// CHECK: memref.store %{{.*}}, %[[A]]
// CHECK: cf.br ^[[HDR]](%[[DEC]] : i32)
kernel void countdown(global int *a, int n) {
  while (n--)
    a[n] = n;
}
