// A helper taking or returning a struct.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

typedef struct { int x; float y; } Pair;

// CHECK-DAG: {{.*}}struct-parameter.cl:[[@LINE+1]]:16: error: a parameter of struct/union type '__private Pair' is not supported by acc yet
int first(Pair p) { return 1; }
Pair make(int x) { Pair p; return p; }

kernel void k(global int *a) {
  // CHECK-DAG: {{.*}}struct-parameter.cl:[[@LINE+1]]:8: error: a variable of struct/union type '__private Pair' is not supported by acc yet
  Pair p;
  // CHECK-DAG: {{.*}}struct-parameter.cl:[[@LINE+1]]:16: error: struct/union type 'Pair' is not supported by acc yet
  a[0] = first(p);
  // CHECK-DAG: {{.*}}struct-parameter.cl:[[@LINE+1]]:3: error: struct/union type 'Pair' is not supported by acc yet
  make(1);
}
// CHECK: 4 errors generated.
