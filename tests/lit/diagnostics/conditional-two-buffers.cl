// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, global int *b, int n) {
  // CHECK: {{.*}}conditional-two-buffers.cl:[[@LINE+1]]:13: error: choosing between pointers into different buffers is not supported by acc; select an index instead
  a[0] = (n ? a : b)[1];
}
// CHECK: 1 error generated.
