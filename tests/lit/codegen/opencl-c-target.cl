// The opencl-c target prints the portable IR as OpenCL C 1.2: kernel
// signatures keep the argument names and qualifiers, integers are held in
// unsigned types and signed operations cast, and double enables cl_khr_fp64.
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: %acc-cc --targets=opencl-c %s -o %t.accbin && %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=BUNDLE

// CHECK: #pragma OPENCL EXTENSION cl_khr_fp64 : enable

// CHECK-LABEL: kernel void scale(global double *a0_out, global const double *a1_in, double a2_f, int a3_n, ulong acc_range0, ulong acc_range1, ulong acc_range2)
// CHECK: get_global_id(0)
// CHECK: ((int){{.*}}) < ((int){{.*}}))
// CHECK: a0_out[{{.*}}] =
kernel void scale(global double *out, global const double *in, double f,
                  int n) {
  int i = get_global_id(0);
  if (i < n)
    out[i] = in[i] * f;
}

// CHECK-LABEL: kernel void divide(global int *a0_q, int a1_d, ulong acc_range0, ulong acc_range1, ulong acc_range2)
// CHECK: (int)
// CHECK: goto bb
kernel void divide(global int *q, int d) {
  for (int i = 0; i < 4; ++i)
    q[i] = q[i] / d;
}

// BUNDLE: opencl-c    arch opencl-c-1.2
// BUNDLE-NOT: cpu-x86_64
