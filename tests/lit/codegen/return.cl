// return: an early return in a kernel branches to the single gpu.return; in
// an inlined helper it branches to the code after the call, carrying the
// value.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @early(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[N]], %{{.*}} : i32
// CHECK: cf.cond_br %[[NEG]], ^[[RET:bb[0-9]+]], ^[[REST:bb[0-9]+]]
// CHECK: ^[[RET]]:
// CHECK-NEXT: gpu.return
// CHECK: ^[[REST]]:
// CHECK: memref.store %[[N]], %[[A]]
// CHECK: cf.br ^[[RET]]
// CHECK-NOT: gpu.return
// CHECK: }
kernel void early(global int *a, int n) {
  if (n < 0)
    return;
  a[0] = n;
}

int clamp_to(int v, int lo, int hi) {
  if (v < lo)
    return lo;
  if (v > hi)
    return hi;
  return v;
}

// CHECK-LABEL: gpu.func @helper_returns(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[TEN:.*]] = arith.constant 10 : i32
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[N]], %[[ZERO]] : i32
// CHECK: cf.cond_br %[[LT]], ^[[JOIN:bb[0-9]+]](%[[ZERO]] : i32), ^[[NEXT:bb[0-9]+]]
// CHECK: ^[[JOIN]](%[[R:.*]]: i32):
// CHECK: memref.store %[[R]], %[[A]]
// CHECK: ^[[NEXT]]:
// CHECK: %[[GT:.*]] = arith.cmpi sgt, %[[N]], %[[TEN]] : i32
// CHECK: cf.cond_br %[[GT]], ^[[JOIN]](%[[TEN]] : i32), ^[[JOIN]](%[[N]] : i32)
kernel void helper_returns(global int *a, int n) {
  a[0] = clamp_to(n, 0, 10);
}

// A return inside a loop of a helper leaves the helper, not only the loop.
int find(global const int *p, int n, int v) {
  for (int i = 0; i < n; ++i)
    if (p[i] == v)
      return i;
  return -1;
}
// CHECK-LABEL: gpu.func @return_in_loop(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[N:.*]]: i32) kernel
// CHECK-DAG: %[[MINUS1:.*]] = arith.constant -1 : i32
// CHECK: cf.br ^[[HDR:bb[0-9]+]](
// CHECK: ^[[DONE:bb[0-9]+]](%[[R:.*]]: i32):
// CHECK: memref.store %[[R]], %[[A]]
// CHECK: ^[[HDR]](%[[I:.*]]: i32):
// CHECK: cf.cond_br %{{.*}}, ^[[BODY:bb[0-9]+]], ^[[DONE]](%[[MINUS1]] : i32)
// CHECK: ^[[BODY]]:
// CHECK: %[[EQ:.*]] = arith.cmpi eq
// CHECK: cf.cond_br %[[EQ]], ^[[DONE]](%[[I]] : i32), ^{{bb[0-9]+}}
kernel void return_in_loop(global int *a, int n) {
  a[n] = find(a, n, 42);
}

// Statements after a return are dropped.
// CHECK-LABEL: gpu.func @dead_code(
// CHECK-NOT: arith.constant 99
// CHECK: gpu.return
kernel void dead_code(global int *a) {
  a[0] = 1;
  return;
  a[1] = 99;
}
