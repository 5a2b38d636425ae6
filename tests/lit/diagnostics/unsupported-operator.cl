// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}unsupported-operator.cl:[[@LINE+1]]:10: error: the operator '__real' is not supported by acc
  a[0] = __real (a[1] + 1);
  // CHECK: {{.*}}unsupported-operator.cl:[[@LINE+1]]:10: error: the operator '__imag' is not supported by acc
  a[2] = __imag (a[3] + 1);
}
// CHECK: 2 errors generated.
