// ACC_KERNEL_FLAG_USES_FP64 comes from what a kernel computes once the
// portable IR is folded, not from the types its source mentions: a double
// literal stored into a float buffer, or a double expression that folds
// to a float constant, needs no fp64 device; double arithmetic, double
// arguments and double buffers do.
// RUN: %acc-cc %s --targets=cpu -o %t.accbin
// RUN: %acc-info --bundle %t.accbin | FileCheck %s

// CHECK-LABEL: {{^ +}}literal
// CHECK-NEXT: flags: none
kernel void literal(global float *a) { a[get_global_id(0)] = 0.0; }

// CHECK-LABEL: {{^ +}}folded_cast
// CHECK-NEXT: flags: none
kernel void folded_cast(global float *a) {
  a[get_global_id(0)] = (float)(1.0 / 3.0) + (float)2.5;
}

// CHECK-LABEL: {{^ +}}folded_compare
// CHECK-NEXT: flags: none
kernel void folded_compare(global int *a) {
  a[get_global_id(0)] = 0.1 < 0.2 ? 7 : 9;
}

// CHECK-LABEL: {{^ +}}double_math
// CHECK-NEXT: flags: uses-fp64{{$}}
kernel void double_math(global float *a) {
  size_t i = get_global_id(0);
  a[i] = a[i] * 0.1; // float * double is computed in double
}

// CHECK-LABEL: {{^ +}}double_scalar
// CHECK-NEXT: flags: uses-fp64{{$}}
kernel void double_scalar(global float *a, double d) {
  a[get_global_id(0)] = (float)d;
}

// CHECK-LABEL: {{^ +}}double_buffer
// CHECK-NEXT: flags: uses-fp64{{$}}
kernel void double_buffer(global double *a) { a[get_global_id(0)] = 1.0; }

// CHECK-LABEL: {{^ +}}double_private
// CHECK-NEXT: flags: uses-fp64{{$}}
kernel void double_private(global float *a, float x) {
  double acc = x;
  for (int k = 0; k < 4; ++k)
    acc = acc * x + 1.0;
  a[get_global_id(0)] = (float)acc;
}
