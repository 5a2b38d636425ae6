// Pointer values are (buffer, offset) pairs: arithmetic, pointer variables,
// increments and dereferences only move the offset.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @ptr_vars(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[FIVE:.*]] = arith.constant 5 : i32
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6 : i32
// CHECK-DAG: %[[SEVEN:.*]] = arith.constant 7 : i32
// CHECK-DAG: %[[EIGHT:.*]] = arith.constant 8 : i32
// p = a + 1; p++; p = p + n  ->  offset n + 2
// CHECK: %[[NI:.*]] = arith.index_cast %[[N]] : i32 to index
// CHECK: %[[P:.*]] = arith.addi %[[NI]], %[[C2]] : index
// CHECK: memref.store %[[FIVE]], %[[A]][%[[P]]]
// CHECK: %[[P1:.*]] = arith.addi %[[NI]], %[[C3]] : index
// CHECK: memref.store %[[SIX]], %[[A]][%[[P1]]]
// --p; *(p - 1)  ->  offset n
// CHECK: memref.store %[[SEVEN]], %[[A]][%[[NI]]]
// An argument is a pointer variable too: a++; a[0]  ->  offset 1
// CHECK: memref.store %[[EIGHT]], %[[A]][%[[C1]]]
// CHECK-NOT: memref.alloca
// CHECK: gpu.return
kernel void ptr_vars(global int *a, int n) {
  global int *p = a + 1;
  p++;
  p = p + n;
  *p = 5;
  p[1] = 6;
  --p;
  *(p - 1) = 7;
  a++;
  a[0] = 8;
}

// *p++ in a loop: a load and a store at the running offset.
// CHECK-LABEL: gpu.func @walk(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: ^[[LOOP:bb[0-9]+]](%[[OFF:[^:]*]]: index, %{{[^:]*}}: i32):
// CHECK: %[[NEXT:.*]] = arith.addi %[[OFF]], %{{.*}} : index
// CHECK: %[[V:.*]] = memref.load %[[A]][%[[OFF]]] : memref<?xi32>
// CHECK: memref.store %{{.*}}, %[[A]][%[[OFF]]] : memref<?xi32>
// CHECK: cf.br ^[[LOOP]](%[[NEXT]], %{{.*}} : index, i32)
kernel void walk(global int *a, int n) {
  global int *p = a;
  while (n-- > 0)
    *p++ += 1;
}

// A pointer to a private variable, passed to a helper: after inlining and
// promotion, no memory is left.
void set_to(int *out, int v) { *out = v; }
// CHECK-LABEL: gpu.func @private_ptr(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: %[[S:.*]] = arith.addi %[[N]], %{{.*}} : i32
// CHECK: memref.store %[[S]], %[[A]]
// CHECK-NOT: memref.alloca
// CHECK: gpu.return
kernel void private_ptr(global int *a, int n) {
  int x;
  set_to(&x, n + 1);
  a[0] = x;
}

// The same buffer chosen at two offsets is a select of offsets; &a[i] is a
// pointer.
// CHECK-LABEL: gpu.func @select_offset(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: %[[C:.*]] = arith.cmpi ne, %[[N]], %{{.*}} : i32
// CHECK: %[[OFF:.*]] = arith.select %[[C]], %{{.*}}, %{{.*}} : index
// CHECK: memref.store %{{.*}}, %[[A]][%[[OFF]]]
kernel void select_offset(global int *a, int n) {
  global int *p = n ? &a[4] : a + 8;
  *p = 1;
}
