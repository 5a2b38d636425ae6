// Expression kinds outside acc's subset are named by their Clang class.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, int n) {
  // CHECK: {{.*}}unsupported-expression.cl:[[@LINE+1]]:10: error: the expression 'GenericSelectionExpr' is not supported by acc
  a[0] = _Generic(n, int: 1, default: 2);
  // CHECK: {{.*}}unsupported-expression.cl:[[@LINE+1]]:10: error: the expression 'StmtExpr' is not supported by acc
  a[1] = ({ 3; });
}
// CHECK: 2 errors generated.
