// ?: may choose between the buffers of pointer parameters
// (codegen/pointer-choice.cl), but not between private arrays.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *out, int n) {
  int x[4] = {1, 2, 3, 4}, y[4] = {5, 6, 7, 8};
  // CHECK: {{.*}}conditional-two-buffers.cl:[[@LINE+1]]:15: error: choosing between pointers into different buffers other than pointer parameters is not supported by acc; select an index instead
  out[0] = (n ? x : y)[1];
}
// CHECK: 1 error generated.
