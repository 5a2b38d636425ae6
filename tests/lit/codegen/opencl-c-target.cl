// The opencl-c target prints the portable IR as OpenCL C 1.2: kernel
// signatures keep the argument names and qualifiers, integers are held in
// unsigned types and signed operations cast, and double enables cl_khr_fp64.
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: %acc-cc --targets=opencl-c %s -o %t.accbin && %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=BUNDLE

// CHECK: #pragma OPENCL EXTENSION cl_khr_fp64 : enable

// Launch convention 1 (acc/acc_launch.h): the work-item functions read the
// trailing ulong16 launch words; .s3-.s5 is the real global size.
// CHECK-LABEL: Launch convention 1
// CHECK: ulong __acc_global_size(ulong16 w, uint d) {
// CHECK-NEXT: return d == 0 ? w.s3 : d == 1 ? w.s4 : d == 2 ? w.s5 : 1;

// CHECK-LABEL: kernel void scale(global double *a0_out, global const double *a1_in, double a2_f, int a3_n, ulong16 acc_launch)
// A kernel without barriers retires the work-items of a range rounded up
// to whole groups.
// CHECK: if (__acc_item(acc_launch, 0) >= __acc_global_size(acc_launch, 0) ||
// CHECK: return;
// CHECK: = __acc_item(acc_launch, 0);
// CHECK: ((int){{.*}}) < ((int){{.*}}))
// CHECK: a0_out[{{.*}}] =
kernel void scale(global double *out, global const double *in, double f,
                  int n) {
  int i = get_global_id(0);
  if (i < n)
    out[i] = in[i] * f;
}

// CHECK-LABEL: kernel void divide(global int *a0_q, int a1_d, ulong16 acc_launch)
// CHECK: (int)
// CHECK: goto bb
kernel void divide(global int *q, int d) {
  for (int i = 0; i < 4; ++i)
    q[i] = q[i] / d;
}

// BUNDLE: opencl-c    arch opencl-c-1.2 {{[0-9]+}} bytes, launch convention 1
// BUNDLE-NOT: cpu-x86_64
