// for loops: init, a header testing the condition, the body, the increment.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @sum(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: cf.br ^[[HDR:bb[0-9]+]](%[[ZERO]], %[[ZERO]] : i32, i32)
// CHECK: ^[[HDR]](%[[I:.*]]: i32, %[[S:.*]]: i32):
// CHECK: %[[C:.*]] = arith.cmpi slt, %[[I]], %[[N]] : i32
// CHECK: cf.cond_br %[[C]], ^[[BODY:bb[0-9]+]], ^[[EXIT:bb[0-9]+]]
// CHECK: ^[[BODY]]:
// CHECK-DAG: %[[S2:.*]] = arith.addi %[[S]], %[[I]] : i32
// CHECK-DAG: %[[I2:.*]] = arith.addi %[[I]], %[[ONE]] : i32
// CHECK: cf.br ^[[HDR]](%[[I2]], %[[S2]] : i32, i32)
// CHECK: ^[[EXIT]]:
// CHECK: memref.store %[[S]], %[[A]]
kernel void sum(global int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += i;
  a[0] = s;
}

// for (;;) with a break is an unconditional loop.
// CHECK-LABEL: gpu.func @forever(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>) kernel
// CHECK: ^[[LOOP:bb[0-9]+]]:
// CHECK: %[[V:.*]] = memref.load %[[A]]
// CHECK: %[[C:.*]] = arith.cmpi ne, %[[V]], %{{.*}} : i32
// CHECK: cf.cond_br %[[C]], ^{{bb[0-9]+}}, ^[[LOOP]]
kernel void forever(global int *a) {
  for (;;) {
    if (a[0])
      break;
  }
  a[1] = 1;
}
