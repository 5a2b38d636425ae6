// Math builtins map to the math dialect (fmin/fmax to arith min/maxnumf),
// for float and double alike.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv

// CHECK-LABEL: gpu.func @unary(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[X:.*]]: f32) kernel
// CHECK: math.sqrt %[[X]] : f32
// CHECK: math.exp %[[X]] : f32
// CHECK: math.log %[[X]] : f32
// CHECK: math.sin %[[X]] : f32
// CHECK: math.cos %[[X]] : f32
// CHECK: math.absf %[[X]] : f32
// CHECK: math.floor %[[X]] : f32
// CHECK: math.ceil %[[X]] : f32
kernel void unary(global float *f, float x) {
  f[0] = sqrt(x);
  f[1] = exp(x);
  f[2] = log(x);
  f[3] = sin(x);
  f[4] = cos(x);
  f[5] = fabs(x);
  f[6] = floor(x);
  f[7] = ceil(x);
}

// CHECK-LABEL: gpu.func @binary_ternary(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[X:.*]]: f32, %[[Y:.*]]: f32, %[[Z:.*]]: f32) kernel
// CHECK: math.powf %[[X]], %[[Y]] : f32
// CHECK: arith.minnumf %[[X]], %[[Y]] : f32
// CHECK: arith.maxnumf %[[X]], %[[Y]] : f32
// CHECK: math.fma %[[X]], %[[Y]], %[[Z]] : f32
kernel void binary_ternary(global float *f, float x, float y, float z) {
  f[0] = pow(x, y);
  f[1] = fmin(x, y);
  f[2] = fmax(x, y);
  f[3] = fma(x, y, z);
}

// CHECK-LABEL: gpu.func @doubles(
// CHECK-SAME: %[[D:.*]]: memref<?xf64>, %[[X:.*]]: f64, %[[Y:.*]]: f64) kernel
// CHECK: math.sqrt %[[X]] : f64
// CHECK: math.powf %[[X]], %[[Y]] : f64
// CHECK: math.fma %[[X]], %[[Y]], %[[X]] : f64
// CHECK: arith.minnumf %[[X]], %[[Y]] : f64
kernel void doubles(global double *d, double x, double y) {
  d[0] = sqrt(x);
  d[1] = pow(x, y);
  d[2] = fma(x, y, x);
  d[3] = fmin(x, y);
}

// An int argument to a float builtin is converted by Sema first.
// CHECK-LABEL: gpu.func @converted_arg(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[N:.*]]: i32) kernel
// CHECK: %[[NF:.*]] = arith.sitofp %[[N]] : i32 to f32
// CHECK: math.sqrt %[[NF]] : f32
kernel void converted_arg(global float *f, int n) {
  f[0] = sqrt((float)n);
}
