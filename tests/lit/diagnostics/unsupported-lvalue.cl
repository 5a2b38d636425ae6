// '__real x' on an lvalue is itself an lvalue, of a kind acc cannot assign
// through or read.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}unsupported-lvalue.cl:[[@LINE+1]]:10: error: this kind of assignable expression is not supported by acc
  a[0] = __real a[1];
}
// CHECK: 1 error generated.
