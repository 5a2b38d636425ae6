// A pointer variable is bound to one buffer by its first assignment.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, global int *b, int n) {
  global int *p = a;
  if (n)
    // CHECK: {{.*}}pointer-two-buffers.cl:[[@LINE+1]]:5: error: a pointer variable that may point into different buffers is not supported by acc; use a separate pointer (or an index) per buffer
    p = b;
  p[0] = 1;
}
// CHECK: 1 error generated.
