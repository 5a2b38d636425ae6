// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}unsupported-statement.cl:[[@LINE+1]]:3: error: the statement 'GCCAsmStmt' is not supported by acc
  __asm__("nop");
  a[0] = 1;
}
// CHECK: 1 error generated.
