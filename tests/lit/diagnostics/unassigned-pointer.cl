// Reading a pointer variable before any assignment has given it a buffer.
// (Regression test: this error used to have no file:line:col.)
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, int n) {
  global int *p;
  // CHECK: {{.*}}unassigned-pointer.cl:[[@LINE+1]]:3: error: this pointer is read before it is assigned a buffer; acc needs to know which buffer every pointer points into
  p[0] = 1;
}
// CHECK: 1 error generated.
// CHECK-NOT: error: reading an unassigned pointer
