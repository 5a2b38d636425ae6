// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}pointer-to-pointer-arg.cl:[[@LINE+1]]:36: error: kernel parameter cannot be declared as a pointer to a pointer
kernel void k(global int * global *pp) {}
// CHECK: 1 error generated.
