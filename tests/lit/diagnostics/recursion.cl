// Direct and indirect recursion are reported at the recursive call.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

int fact(int n) {
  // CHECK: {{.*}}recursion.cl:[[@LINE+1]]:27: error: recursion is not supported by acc (OpenCL C forbids it); rewrite the function as a loop
  return n <= 1 ? 1 : n * fact(n - 1);
}

int is_odd(int n);
int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
// CHECK: {{.*}}recursion.cl:[[@LINE+1]]:41: error: recursion is not supported by acc (OpenCL C forbids it)
int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }

kernel void k(global int *a) {
  a[0] = fact(a[1]);
  a[2] = is_even(a[3]);
}
// CHECK: 2 errors generated.
