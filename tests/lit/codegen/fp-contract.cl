// OpenCL C's FP_CONTRACT (on by default) lets a multiplication and the
// addition or subtraction it is an operand of, in one expression, be fused
// into one FMA: the front end marks both `contract` and the portable
// pipeline decides, once for every target, that they are one math.fma
// (see contraction.cl). Not across statements, not through a conversion,
// and not where the pragma turns it off; no `contract` flag survives.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: gpu.func @fused(
// CHECK-NOT: contract
// CHECK: math.fma
// CHECK: math.fma
// CHECK: math.fma
// CHECK-NOT: contract
// CHECK: gpu.return
// LLVM-LABEL: define void @__acc_kernel_fused(
// LLVM-NOT: contract
// LLVM: @llvm.fma.f32(
kernel void fused(global float *y, global const float *x, float a) {
  int i = get_global_id(0);
  y[i] = a * x[i] + y[i];
  y[i + 1] = y[i] - (a * x[i]);
  y[i + 2] += a * x[i + 2];
}

// CHECK-LABEL: gpu.func @separate(
// CHECK-NOT: contract
// CHECK-NOT: math.fma
// CHECK: gpu.return
kernel void separate(global float *y, global const float *x, float a) {
  int i = get_global_id(0);
  float t = a * x[i];
  y[i] = t + y[i];
  y[i + 1] = (float)(a * (double)x[i]) + y[i];
  y[i + 2] = a * x[i] * y[i];
}

// CHECK-LABEL: gpu.func @pragma_off(
// CHECK-NOT: contract
// CHECK-NOT: math.fma
// CHECK: gpu.return
kernel void pragma_off(global float *y, global const float *x, float a) {
#pragma OPENCL FP_CONTRACT OFF
  int i = get_global_id(0);
  y[i] = a * x[i] + y[i];
}
