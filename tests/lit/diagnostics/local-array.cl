// A fixed-size local array in a kernel.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global float *a) {
  // CHECK: {{.*}}local-array.cl:[[@LINE+1]]:15: error: a 'local' variable is not supported by acc yet
  local float tile[64];
  a[0] = 1.0f;
}
// CHECK: 1 error generated.
