// OpenCL C 1.2 only has program-scope variables in 'constant'; Clang says so.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}global-program-scope-variable.cl:[[@LINE+1]]:12: error: program scope variable must reside in constant address space
global int counter;

kernel void k(global int *a) { a[0] = 1; }
// CHECK: 1 error generated.
