// Program-scope variables must be constant in OpenCL C 1.2 (Clang reports
// it); a constant table compiles.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

constant float kTable[2] = {1.0f, 2.0f};
// CHECK: {{.*}}mutable-global.cl:[[@LINE+1]]:12: error: program scope variable must reside in constant address space
global int counter;

kernel void k(global float *out) {
  out[0] = kTable[1];
}
