// Expression kinds outside acc's subset are named by their Clang class.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, int n) {
  // CHECK: {{.*}}unsupported-expression.cl:[[@LINE+1]]:10: error: the expression 'GenericSelectionExpr' is not supported by acc yet
  a[0] = _Generic(n, int: 1, default: 2);
  // CHECK: {{.*}}unsupported-expression.cl:[[@LINE+1]]:10: error: the expression 'StmtExpr' is not supported by acc yet
  a[1] = ({ 3; });
  // as_int() is a macro for __builtin_astype.
  // CHECK: {{.*}}unsupported-expression.cl:[[@LINE+2]]:10: error: the expression 'AsTypeExpr' is not supported by acc yet
  // CHECK: note: expanded from macro 'as_int'
  a[2] = as_int(1.0f);
}
// CHECK: 3 errors generated.
