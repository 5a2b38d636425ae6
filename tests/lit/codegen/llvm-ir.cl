// --emit=llvm prints the optimised x86-64 LLVM IR of the cpu code object:
// the ABI version global, and per kernel an exported work-group function
// @__acc_kernel_<name>(launch info, argument array) that loops over the
// work-items and calls the inlined per-work-item body.
// RUN: %acc-cc --emit=llvm %s | FileCheck %s
// RUN: %acc-cc --emit=llvm -O0 %s | FileCheck %s --check-prefix=O0
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK: target triple = "x86_64{{.*}}linux
// CHECK: @__acc_cpu_abi_version = {{.*}}constant i32 1
// CHECK-LABEL: define void @__acc_kernel_saxpy(ptr {{.*}}%0, ptr {{.*}}%1)
// a * x[i] + y[i] is one expression: FP_CONTRACT (on by default) lets it
// become one FMA, which the portable IR decides (math.fma, llvm.fma here).
// CHECK: call float @llvm.fma.f32(
// CHECK: store float
// The per-work-item function is inlined and gone.
// CHECK-NOT: define {{.*}}@__acc_item_saxpy

// O0: @__acc_cpu_abi_version = {{.*}}constant i32 1
// O0: define void @__acc_kernel_saxpy(
// O0: define void @__acc_kernel_scale(
kernel void saxpy(global float *y, global const float *x, float a, int n) {
  int i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}

// CHECK-LABEL: define void @__acc_kernel_scale(
// CHECK: fmul {{.*}}double
kernel void scale(global double *d, double s) {
  d[get_global_id(0)] *= s;
}
