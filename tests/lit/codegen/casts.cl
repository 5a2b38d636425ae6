// Conversions between the scalar types: the source's signedness picks
// sign/zero extension and signed/unsigned int<->float; narrowing truncates;
// conversion to bool compares with zero.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @int_float(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[I:.*]]: i32, %[[U:.*]]: i32, %[[X:.*]]: f32, %[[O:.*]]: memref<?xi32>) kernel
// CHECK: arith.sitofp %[[I]] : i32 to f32
// CHECK: arith.uitofp %[[U]] : i32 to f32
// CHECK: arith.fptosi %[[X]] : f32 to i32
// CHECK: arith.fptoui %[[X]] : f32 to i32
kernel void int_float(global float *f, int i, uint u, float x, global int *o) {
  f[0] = (float)i;
  f[1] = u;
  o[0] = (int)x;
  o[1] = (uint)x;
}

// CHECK-LABEL: gpu.func @widen_narrow(
// CHECK-SAME: %[[L:.*]]: memref<?xi64>, %[[I:.*]]: i32, %[[U:.*]]: i32, %[[C:.*]]: i8, %[[UC:.*]]: i8, %[[S:.*]]: i16, %[[BIG:.*]]: i64, %[[O:.*]]: memref<?xi32>, %[[OC:.*]]: memref<?xi8>, %[[OS:.*]]: memref<?xi16>) kernel
// CHECK: arith.extsi %[[I]] : i32 to i64
// CHECK: %[[UE:.*]] = arith.extui %[[U]] : i32 to i64
// CHECK: memref.store %[[UE]], %[[L]]
// uint -> long: zero-extended too, although the destination is signed.
// CHECK: memref.store %[[UE]], %[[L]]
// CHECK: arith.extsi %[[C]] : i8 to i64
// CHECK: arith.extui %[[UC]] : i8 to i64
// CHECK: arith.extsi %[[S]] : i16 to i64
// CHECK: arith.trunci %[[BIG]] : i64 to i32
// CHECK: arith.trunci %[[I]] : i32 to i8
// CHECK: arith.trunci %[[I]] : i32 to i16
kernel void widen_narrow(global long *l, int i, uint u, char c, uchar uc, short s,
                         long big, global int *o, global char *oc, global short *os) {
  l[0] = i;
  l[1] = (ulong)u;
  l[2] = (long)u;
  l[3] = c;
  l[4] = uc;
  l[5] = s;
  o[0] = (int)big;
  oc[0] = (char)i;
  os[0] = (short)i;
}

// CHECK-LABEL: gpu.func @float_double(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[D:.*]]: memref<?xf64>, %[[X:.*]]: f32, %[[Y:.*]]: f64, %[[L:.*]]: i64, %{{.*}}) kernel
// CHECK: arith.extf %[[X]] : f32 to f64
// CHECK: arith.truncf %[[Y]] : f64 to f32
// CHECK: arith.sitofp %[[L]] : i64 to f64
// CHECK: arith.fptoui %[[Y]] : f64 to i64
kernel void float_double(global float *f, global double *d, float x, double y, long l,
                         global ulong *o) {
  d[0] = x;
  f[0] = (float)y;
  d[1] = (double)l;
  o[0] = (ulong)y;
}

// CHECK-LABEL: gpu.func @to_bool(
// CHECK-SAME: %[[O:.*]]: memref<?xi32>, %[[I:.*]]: i32, %[[X:.*]]: f32, %[[F:.*]]: memref<?xf32>) kernel
// CHECK: %[[BI:.*]] = arith.cmpi ne, %[[I]], %{{.*}} : i32
// CHECK: arith.extui %[[BI]] : i1 to i32
// A float converted to bool: NaN is true, so the comparison is unordered.
// CHECK: %[[BX:.*]] = arith.cmpf une, %[[X]], %{{.*}} : f32
// CHECK: arith.extui %[[BX]] : i1 to i32
// bool -> float is unsigned: true is 1.0, not -1.0.
// CHECK: arith.uitofp %[[BI]] : i1 to f32
kernel void to_bool(global int *o, int i, float x, global float *f) {
  o[0] = (bool)i;
  o[1] = (bool)x;
  f[0] = (bool)i;
}

// Same-width signedness changes are free.
// CHECK-LABEL: gpu.func @same_width(
// CHECK-SAME: %[[O:.*]]: memref<?xi32>, %[[I:.*]]: i32) kernel
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.store %[[I]], %[[O]][%[[Z]]] : memref<?xi32>
// CHECK-NEXT: gpu.return
kernel void same_width(global uint *o, int i) {
  o[0] = (uint)i;
}
