// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}initializer-list.cl:[[@LINE+1]]:11: error: an initializer list is not supported by acc yet
  int x = {1};
  a[0] = x;
}
// CHECK: 1 error generated.
