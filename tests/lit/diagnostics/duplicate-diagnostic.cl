// An unsupported construct in a helper is reported once, however many times
// the helper is inlined.
//
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

int pick(int v) {
  // CHECK: {{.*}}duplicate-diagnostic.cl:[[@LINE+2]]:10: error: the expression 'StmtExpr' is not supported by acc
  // CHECK-NOT: error:
  return ({ v; });
}

kernel void k(global int *a) {
  a[0] = pick(a[1]);
  a[2] = pick(a[3]);
}
kernel void k2(global int *a) { a[0] = pick(a[1]); }
// CHECK: 1 error generated.
