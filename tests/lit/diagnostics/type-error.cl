// Clang's semantic errors (here: a pointer where a float is expected) are
// reported before acc's code generator runs.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global float *a) {
  // CHECK: {{.*}}type-error.cl:[[@LINE+1]]:9: error: initializing '__private float' with an expression of incompatible type '__global float *__private'
  float f = a;
  a[0] = f;
}
// CHECK: 1 error generated.
