// Reading a struct member (here of a program-scope constant struct).
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

typedef struct { int x; float y; } Pair;

// CHECK: {{.*}}struct-member-access.cl:[[@LINE+1]]:15: error: a program-scope variable is not supported by acc yet
constant Pair kPair = {1, 2.0f};

kernel void k(global int *a) {
  // CHECK: {{.*}}struct-member-access.cl:[[@LINE+1]]:10: error: struct and vector member access is not supported by acc yet
  a[0] = kPair.x;
}
// CHECK: 2 errors generated.
