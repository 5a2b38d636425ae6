// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}pointer-null-test.cl:[[@LINE+1]]:7: error: testing a pointer for null is not supported by acc; buffers are never null in acc
  if (a)
    a[0] = 1;
}
// CHECK: 1 error generated.
