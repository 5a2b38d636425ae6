// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, global int *b, int n) {
  global int *p = a + n;
  a[0] = p - a;
  // CHECK: {{.*}}pointer-difference.cl:[[@LINE+1]]:10: error: subtracting pointers that may point into different buffers is not supported by acc; subtract indices instead
  a[1] = b - a;
}
// CHECK: 1 error generated.
