// Pointers to pointer variables would need pointers stored in memory.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  global int *p = a;
  // CHECK: {{.*}}address-of-pointer.cl:[[@LINE+1]]:29: error: the address of a pointer variable is not supported by acc
  global int *private *pp = &p;
}
// CHECK: 1 error generated.
