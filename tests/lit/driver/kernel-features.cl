// acc-cc records the device features a kernel needs as kernel flags (bundle
// format 1.1, plugin ABI 1.3); the runtime refuses the kernel on a device
// without the matching capability.
// RUN: %acc-cc %s --targets=cpu -o %t.accbin
// RUN: %acc-info --bundle %t.accbin | FileCheck %s

#pragma OPENCL EXTENSION cl_khr_fp16 : enable

// CHECK-LABEL: {{^ +}}plain
// CHECK-NEXT: flags: none
kernel void plain(global float *x, uint n) { x[get_global_id(0)] = n; }

// CHECK-LABEL: {{^ +}}bytes
// CHECK-NEXT: flags: uses-8bit-storage{{$}}
kernel void bytes(global uchar *b) { b[get_global_id(0)] = 1; }

// CHECK-LABEL: {{^ +}}shorts_scalar
// CHECK-NEXT: flags: uses-16bit-storage{{$}}
kernel void shorts_scalar(global int *x, short s) { x[0] = s; }

// CHECK-LABEL: {{^ +}}halves
// CHECK-NEXT: flags: uses-16bit-storage{{$}}
kernel void halves(global half *h, float f) { vstore_half(f, 0, h); }

// CHECK-LABEL: {{^ +}}prints
// CHECK-NEXT: flags: uses-printf{{$}}
kernel void prints(global int *x) { printf("%d\n", x[0]); }
