// The same through '*': the error points at the pointer that is read.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  global int *q;
  // CHECK: {{.*}}unassigned-pointer-deref.cl:[[@LINE+1]]:11: error: this pointer is read before it is assigned a buffer
  a[0] = *q;
}
// CHECK: 1 error generated.
