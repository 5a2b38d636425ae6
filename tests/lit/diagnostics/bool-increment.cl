// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  bool seen = a[0] > 0;
  // CHECK: {{.*}}bool-increment.cl:[[@LINE+1]]:3: error: incrementing a bool is not supported by acc
  seen++;
  a[1] = seen;
}
// CHECK: 1 error generated.
