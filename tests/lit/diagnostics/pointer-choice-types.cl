// A pointer variable may choose only between buffers of one element type
// and address space; it is reported once, where it is first assigned.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s
kernel void mixed(global const float *a, global const int *b,
                  global float *out) {
  // CHECK: {{.*}}pointer-choice-types.cl:[[@LINE+1]]:27: error: a pointer variable that may point into buffers of different element types or address spaces is not supported by acc; use a separate pointer (or an index) per buffer
  global const float *p = a;
  if (get_global_id(0) & 1)
    p = (global const float *)b;
  out[0] = p[0];
}
// CHECK-NOT: error:
// CHECK: 1 error generated.
