// Clang's own parse errors come through in clang's format, with the line and
// column of the problem.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global float *a) {
  // CHECK: {{.*}}syntax-error.cl:[[@LINE+1]]:14: error: expected ';' after expression
  a[0] = 1.0f
}
// CHECK: 1 error generated.
