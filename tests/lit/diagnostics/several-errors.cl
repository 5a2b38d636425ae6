// Code generation goes on after an error, so one run reports every problem,
// in source order, and writes no output file.
// RUN: rm -f %t
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s
// RUN: not test -e %t

int twice(int x) { return 2 * x; }

kernel void k(global int *a, int n) {
  // CHECK: {{.*}}several-errors.cl:[[@LINE+1]]:3: error: 'goto' is not supported by acc; use structured control flow
  goto done;
  // CHECK: {{.*}}several-errors.cl:[[@LINE+1]]:10: error: the expression 'StmtExpr' is not supported by acc
  a[0] = ({ 1; });
  // CHECK: {{.*}}several-errors.cl:[[@LINE+1]]:1: error: a label is not supported by acc
done:
  switch (n) {
  // CHECK: {{.*}}several-errors.cl:[[@LINE+1]]:3: error: a case range is not supported by acc; list the cases
  case 1 ... 3:
    a[1] = 2;
  }
}
// CHECK: 4 errors generated.
