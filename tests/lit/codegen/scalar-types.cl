// Every scalar type of the subset as a kernel argument and a buffer element:
// signedness lives in the operations, not in the (signless) MLIR types.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @t_int(
// CHECK-SAME: %[[O:.*]]: memref<?xi32>, %[[V:.*]]: i32) kernel
// CHECK: memref.store %[[V]], %[[O]][%{{.*}}] : memref<?xi32>
kernel void t_int(global int *o, int v) { o[0] = v; }

// CHECK-LABEL: gpu.func @t_uint(
// CHECK-SAME: %[[O:.*]]: memref<?xi32>, %[[V:.*]]: i32) kernel
// CHECK: memref.store %[[V]], %[[O]][%{{.*}}] : memref<?xi32>
kernel void t_uint(global uint *o, uint v) { o[0] = v; }

// CHECK-LABEL: gpu.func @t_long(
// CHECK-SAME: %[[O:.*]]: memref<?xi64>, %[[V:.*]]: i64) kernel
// CHECK: memref.store %[[V]], %[[O]][%{{.*}}] : memref<?xi64>
kernel void t_long(global long *o, long v) { o[0] = v; }

// CHECK-LABEL: gpu.func @t_ulong(
// CHECK-SAME: %[[O:.*]]: memref<?xi64>, %[[V:.*]]: i64) kernel
// CHECK: memref.store %[[V]], %[[O]][%{{.*}}] : memref<?xi64>
kernel void t_ulong(global ulong *o, ulong v) { o[0] = v; }

// CHECK-LABEL: gpu.func @t_float(
// CHECK-SAME: %[[O:.*]]: memref<?xf32>, %[[V:.*]]: f32) kernel
// CHECK: memref.store %[[V]], %[[O]][%{{.*}}] : memref<?xf32>
kernel void t_float(global float *o, float v) { o[0] = v; }

// CHECK-LABEL: gpu.func @t_double(
// CHECK-SAME: %[[O:.*]]: memref<?xf64>, %[[V:.*]]: f64) kernel
// CHECK: memref.store %[[V]], %[[O]][%{{.*}}] : memref<?xf64>
kernel void t_double(global double *o, double v) { o[0] = v; }

// CHECK-LABEL: gpu.func @t_char(
// CHECK-SAME: %[[O:.*]]: memref<?xi8>, %[[V:.*]]: i8, %[[U:.*]]: memref<?xi8>, %[[W:.*]]: i8) kernel
// CHECK: memref.store %[[V]], %[[O]][%{{.*}}] : memref<?xi8>
// CHECK: memref.store %[[W]], %[[U]][%{{.*}}] : memref<?xi8>
kernel void t_char(global char *o, char v, global uchar *u, uchar w) {
  o[0] = v;
  u[0] = w;
}

// CHECK-LABEL: gpu.func @t_short(
// CHECK-SAME: %[[O:.*]]: memref<?xi16>, %[[V:.*]]: i16, %[[U:.*]]: memref<?xi16>, %[[W:.*]]: i16) kernel
// CHECK: memref.store %[[V]], %[[O]][%{{.*}}] : memref<?xi16>
// CHECK: memref.store %[[W]], %[[U]][%{{.*}}] : memref<?xi16>
kernel void t_short(global short *o, short v, global ushort *u, ushort w) {
  o[0] = v;
  u[0] = w;
}

// bool exists as a private variable (i1), not as an argument or buffer.
// CHECK-LABEL: gpu.func @t_bool(
// CHECK-SAME: %[[O:.*]]: memref<?xi32>, %[[V:.*]]: i32) kernel
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i32
// CHECK: %[[B:.*]] = arith.cmpi sgt, %[[V]], %[[ZERO]] : i32
// CHECK: %[[R:.*]] = arith.select %[[B]], %[[ONE]], %[[TWO]] : i32
// CHECK: memref.store %[[R]], %[[O]]
kernel void t_bool(global int *o, int v) {
  bool b = v > 0;
  o[0] = b ? 1 : 2;
}
