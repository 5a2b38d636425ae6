// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}static-local.cl:[[@LINE+1]]:14: error: variables in function scope cannot be declared static
  static int calls = 0;
  a[0] = calls;
}
// CHECK: 1 error generated.
