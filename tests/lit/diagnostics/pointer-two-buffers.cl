// A pointer variable may choose between the buffers of pointer parameters
// (codegen/pointer-choice.cl), but not between private arrays.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *out, int n) {
  int x[4] = {1, 2, 3, 4}, y[4] = {5, 6, 7, 8};
  int *p = x;
  if (n)
    // CHECK: {{.*}}pointer-two-buffers.cl:[[@LINE+1]]:5: error: a pointer variable that may point into different buffers is not supported by acc; use a separate pointer (or an index) per buffer
    p = y;
  out[0] = p[0];
}
// CHECK: 1 error generated.
