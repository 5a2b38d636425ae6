// A program-scope constant is reported where it is declared and again where a
// kernel reads it.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}program-scope-variable.cl:[[@LINE+1]]:14: error: a program-scope variable is not supported by acc yet; pass the data in a `constant` buffer argument
constant int kScale = 3;

kernel void k(global int *a) {
  // CHECK: {{.*}}program-scope-variable.cl:[[@LINE+1]]:10: error: a program-scope variable is not supported by acc yet; pass the data in a `constant` buffer argument
  a[0] = kScale;
}
// CHECK: 2 errors generated.
