// Pointers into one buffer compare by their index; pointers that may point
// into different buffers cannot be compared.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, global int *b, int n) {
  global int *end = a + n;
  for (global int *p = a; p < end; ++p)
    *p = 0;
  // CHECK: {{.*}}pointer-comparison.cl:[[@LINE+1]]:13: error: comparing pointers that may point into different buffers is not supported by acc; compare indices instead
  if (a + 1 == b)
    a[0] = 1;
}
// CHECK: 1 error generated.
