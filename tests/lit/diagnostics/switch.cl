// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, int n) {
  // CHECK: {{.*}}switch.cl:[[@LINE+1]]:3: error: a 'switch' statement is not supported by acc yet; use if/else chains
  switch (n) {
  case 0:
    a[0] = 1;
    break;
  default:
    a[0] = 2;
  }
}
// CHECK: 1 error generated.
