// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

typedef struct { int x; float y; } Pair;

kernel void k(global int *a) {
  // CHECK: {{.*}}struct-variable.cl:[[@LINE+1]]:8: error: a variable of struct/union type '__private Pair' is not supported by acc yet
  Pair p;
  a[0] = 1;
}
// CHECK: 1 error generated.
