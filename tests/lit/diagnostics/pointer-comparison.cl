// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, int n) {
  global int *end = a + n;
  // CHECK: {{.*}}pointer-comparison.cl:[[@LINE+1]]:29: error: pointer comparison is not supported by acc yet
  for (global int *p = a; p < end; ++p)
    *p = 0;
}
// CHECK: 1 error generated.
