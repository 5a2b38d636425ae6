// A struct declared inside a function body is reported (structs come later);
// a local function prototype is fine: calls resolve to the definition.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}local-type-declaration.cl:[[@LINE+1]]:10: error: a struct or union is not supported by acc yet
  struct Point { int x, y; };
  // CHECK-NOT: error:
  int helper(int);
  a[0] = helper(1);
}
int helper(int v) { return v + 1; }
// CHECK: 1 error generated.
