// && and ||: without side effects on the right, both sides are evaluated
// and combined with andi/ori; with side effects, the right side runs only when
// needed (a branch and a block argument). ! is an xor with true.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @pure(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[Y:.*]]: i32) kernel
// CHECK-NOT: cf.cond_br
// CHECK: %[[BX:.*]] = arith.cmpi ne, %[[X]], %{{.*}} : i32
// CHECK: %[[BY:.*]] = arith.cmpi ne, %[[Y]], %{{.*}} : i32
// CHECK: %[[AND:.*]] = arith.andi %[[BX]], %[[BY]] : i1
// CHECK: %[[ANDI:.*]] = arith.extui %[[AND]] : i1 to i32
// CHECK: memref.store %[[ANDI]], %[[A]]
// CHECK: %[[OR:.*]] = arith.ori %[[BX]], %[[BY]] : i1
// CHECK: %[[ORI:.*]] = arith.extui %[[OR]] : i1 to i32
// CHECK: memref.store %[[ORI]], %[[A]]
// CHECK: %[[NOT:.*]] = arith.cmpi eq, %[[X]], %{{.*}} : i32
// CHECK: arith.extui %[[NOT]] : i1 to i32
// CHECK-NOT: cf.cond_br
// CHECK: gpu.return
kernel void pure(global int *a, int x, int y) {
  a[0] = x && y;
  a[1] = x || y;
  a[2] = !x;
}

// CHECK-LABEL: gpu.func @short_circuit_and(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32) kernel
// CHECK: %[[BX:.*]] = arith.cmpi ne, %[[X]], %{{.*}} : i32
// CHECK: cf.cond_br %[[BX]], ^[[RHS:bb[0-9]+]], ^[[END:bb[0-9]+]](%[[BX]] : i1)
// CHECK: ^[[RHS]]:
// CHECK: %[[OLD:.*]] = memref.load %[[A]]
// CHECK: %[[INC:.*]] = arith.addi %[[OLD]], %{{.*}} : i32
// CHECK: memref.store %[[INC]], %[[A]]
// CHECK: %[[BR:.*]] = arith.cmpi ne, %[[OLD]], %{{.*}} : i32
// CHECK: cf.br ^[[END]](%[[BR]] : i1)
// CHECK: ^[[END]](%[[V:.*]]: i1):
// CHECK: %[[VI:.*]] = arith.extui %[[V]] : i1 to i32
// CHECK: memref.store %[[VI]], %[[A]]
kernel void short_circuit_and(global int *a, int x) {
  a[2] = x && a[3]++;
}

// CHECK-LABEL: gpu.func @short_circuit_or(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32) kernel
// CHECK: %[[BX:.*]] = arith.cmpi ne, %[[X]], %{{.*}} : i32
// CHECK: cf.cond_br %[[BX]], ^[[END:bb[0-9]+]](%[[BX]] : i1), ^[[RHS:bb[0-9]+]]
// CHECK: ^[[RHS]]:
// CHECK: memref.store %{{.*}}, %[[A]]
// CHECK: cf.br ^[[END]](%{{.*}} : i1)
// CHECK: ^[[END]](%[[V:.*]]: i1):
kernel void short_circuit_or(global int *a, int x) {
  a[4] = x || (a[5] = 1);
}

// A short-circuit condition with a helper call that writes memory.
int touch(global int *p) { p[0] = 1; return 1; }
// CHECK-LABEL: gpu.func @short_circuit_call(
// CHECK: cf.cond_br %{{.*}}, ^[[RHS:bb[0-9]+]], ^{{bb[0-9]+}}
// CHECK: ^[[RHS]]:
// CHECK: memref.store
kernel void short_circuit_call(global int *a, int x) {
  if (x > 0 && touch(a))
    a[1] = 2;
}
