// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global ulong *a) {
  // CHECK: {{.*}}pointer-to-integer.cl:[[@LINE+1]]:10: error: converting a pointer to an integer is not supported by acc
  a[0] = (ulong)a;
}
// CHECK: 1 error generated.
