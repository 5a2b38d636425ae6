// break leaves the innermost loop; continue goes to its increment (for) or
// condition (while, do-while).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @for_break_continue(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3 : i32
// CHECK-DAG: %[[SEVEN:.*]] = arith.constant 7 : i32
// CHECK: ^[[HDR:bb[0-9]+]](%[[I:.*]]: i32, %[[S:.*]]: i32):
// CHECK: cf.cond_br %{{.*}}, ^[[BODY:bb[0-9]+]], ^[[EXIT:bb[0-9]+]]
// continue: straight to the increment block with s unchanged.
// CHECK: ^[[BODY]]:
// CHECK: %[[IS3:.*]] = arith.cmpi eq, %[[I]], %[[THREE]] : i32
// CHECK: cf.cond_br %[[IS3]], ^[[INC:bb[0-9]+]](%[[S]] : i32), ^[[NEXT:bb[0-9]+]]
// CHECK: ^[[INC]](%[[SN:.*]]: i32):
// CHECK: cf.br ^[[HDR]](%{{.*}}, %[[SN]] : i32, i32)
// CHECK: ^[[EXIT]]:
// CHECK: memref.store %[[S]], %[[A]]
// break: straight to the exit, skipping s += i.
// CHECK: ^[[NEXT]]:
// CHECK: %[[IS7:.*]] = arith.cmpi eq, %[[I]], %[[SEVEN]] : i32
// CHECK: cf.cond_br %[[IS7]], ^[[EXIT]], ^{{bb[0-9]+}}
kernel void for_break_continue(global int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) {
    if (i == 3)
      continue;
    if (i == 7)
      break;
    s += i;
  }
  a[0] = s;
}

// In nested loops, break leaves only the inner one.
// CHECK-LABEL: gpu.func @nested_break(
// CHECK: ^[[OUTER:bb[0-9]+]](%[[I:.*]]: i32):
// CHECK: ^[[OINC:bb[0-9]+]]:
// CHECK-NEXT: %[[I2:.*]] = arith.addi %[[I]], %{{.*}} : i32
// CHECK-NEXT: cf.br ^[[OUTER]](%[[I2]] : i32)
// CHECK: %[[HIT:.*]] = arith.cmpi eq, %{{.*}}, %[[I]] : i32
// CHECK: cf.cond_br %[[HIT]], ^[[OINC]], ^{{bb[0-9]+}}
kernel void nested_break(global int *a, int n) {
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (a[j] == i)
        break;
      a[j] += 1;
    }
  }
}

// continue in a do-while jumps to the condition.
// CHECK-LABEL: gpu.func @do_continue(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: ^[[BODY:bb[0-9]+]](%[[J:.*]]: i32):
// CHECK: %[[J2:.*]] = arith.subi %[[J]], %{{.*}} : i32
// CHECK: cf.cond_br %{{.*}}, ^[[COND:bb[0-9]+]], ^{{bb[0-9]+}}
// CHECK: ^[[COND]]:
// CHECK: %[[C:.*]] = arith.cmpi sgt, %[[J2]], %{{.*}} : i32
// CHECK: cf.cond_br %[[C]], ^[[BODY]](%[[J2]] : i32)
kernel void do_continue(global int *a, int n) {
  int j = n;
  do {
    j--;
    if (j == 5)
      continue;
    a[j] = j;
  } while (j > 0);
}

// while with continue and break.
// CHECK-LABEL: gpu.func @while_break(
// CHECK: ^[[HDR:bb[0-9]+]](%{{.*}}: i32):
// CHECK: cf.cond_br %{{.*}}, ^{{bb[0-9]+}}, ^[[EXIT:bb[0-9]+]]
// CHECK: cf.cond_br %{{.*}}, ^[[EXIT]], ^{{bb[0-9]+}}
// CHECK: cf.br ^[[HDR]]
kernel void while_break(global int *a, int n) {
  int j = 0;
  while (j < n) {
    j += 2;
    if (a[j])
      break;
    if (j & 1)
      continue;
    a[j] = 1;
  }
}
