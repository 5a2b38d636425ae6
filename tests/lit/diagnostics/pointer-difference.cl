// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, int n) {
  global int *p = a + n;
  // CHECK: {{.*}}pointer-difference.cl:[[@LINE+1]]:10: error: pointer difference is not supported by acc yet
  a[0] = p - a;
}
// CHECK: 1 error generated.
