// Both the 'goto' and the label it jumps to are reported.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, int n) {
  if (n)
    // CHECK: {{.*}}goto.cl:[[@LINE+1]]:5: error: 'goto' is not supported by acc; use structured control flow
    goto done;
  a[0] = 1;
// CHECK: {{.*}}goto.cl:[[@LINE+1]]:1: error: a label is not supported by acc; use structured control flow
done:
  a[1] = 2;
}
// CHECK: 2 errors generated.
