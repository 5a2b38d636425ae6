// do-while runs the body first and tests the condition at the bottom.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @digits(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// The body is the loop header: no test before the first iteration.
// CHECK: cf.br ^[[BODY:bb[0-9]+]](
// CHECK: ^[[BODY]](%{{.*}}: i32, %{{.*}}: i32):
// CHECK: %[[X2:.*]] = arith.divsi %{{.*}}, %{{.*}} : i32
// CHECK: %[[D2:.*]] = arith.addi %{{.*}}, %{{.*}} : i32
// CHECK: %[[C:.*]] = arith.cmpi ne, %[[X2]], %{{.*}} : i32
// CHECK: cf.cond_br %[[C]], ^[[BODY]](%{{.*}}), ^[[EXIT:bb[0-9]+]]
// CHECK: ^[[EXIT]]:
// CHECK: memref.store %[[D2]], %[[A]]
kernel void digits(global int *a, int n) {
  int x = n, d = 0;
  do {
    x /= 10;
    d++;
  } while (x != 0);
  a[0] = d;
}
