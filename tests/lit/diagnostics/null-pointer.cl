// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}null-pointer.cl:[[@LINE+1]]:19: error: a pointer made from an integer is not supported by acc; pointers must come from a buffer argument
  global int *p = 0;
  a[0] = 1;
}
// CHECK: 1 error generated.
