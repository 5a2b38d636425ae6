// Private arrays: the declaration and each use are reported.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}array-variable.cl:[[@LINE+1]]:7: error: a variable of array type '__private int[4]' is not supported by acc yet
  int tmp[4];
  // CHECK: {{.*}}array-variable.cl:[[@LINE+1]]:3: error: an array is not supported by acc yet
  tmp[0] = a[0];
}
// CHECK: 2 errors generated.
