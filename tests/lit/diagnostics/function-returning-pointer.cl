// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

global int *next(global int *p) { return p + 1; }

kernel void k(global int *a) {
  // CHECK: {{.*}}function-returning-pointer.cl:[[@LINE+1]]:3: error: a function returning a pointer is not supported by acc yet; return an index instead
  next(a)[0] = 1;
}
// CHECK: 1 error generated.
