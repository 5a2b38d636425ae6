// OpenCL C forbids function pointers; Clang rejects them before acc sees
// the kernel.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

int twice(int x) { return 2 * x; }

kernel void k(global int *a) {
  // CHECK: {{.*}}function-pointer.cl:[[@LINE+1]]:8: error: pointers to functions are not allowed
  int (*f)(int) = twice;
  a[0] = f(a[1]);
}
