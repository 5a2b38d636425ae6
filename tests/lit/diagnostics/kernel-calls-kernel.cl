// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void fill(global int *a) { a[0] = 1; }

kernel void k(global int *a) {
  // CHECK: {{.*}}kernel-calls-kernel.cl:[[@LINE+1]]:3: error: calling a kernel from a kernel is not supported by acc; move the shared code into a helper function
  fill(a);
}
// CHECK: 1 error generated.
