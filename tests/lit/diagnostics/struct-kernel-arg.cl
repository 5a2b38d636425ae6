// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

typedef struct { int x; float y; } Pair;

// CHECK: {{.*}}struct-kernel-arg.cl:[[@LINE+1]]:35: error: a kernel argument of struct/union type '__private Pair' is not supported by acc yet
kernel void k(global int *a, Pair p) {
  a[0] = 1;
}
// CHECK: 1 error generated.
