// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

int helper(int x);

kernel void k(global int *a) {
  // CHECK: {{.*}}undefined-function.cl:[[@LINE+1]]:10: error: function 'helper' is declared but not defined; acc compiles a kernel program from one translation unit, so define it in this file or a header it includes
  a[0] = helper(a[1]);
}
// CHECK: 1 error generated.
