// A kernel pointer argument in the private address space is rejected by
// Clang's OpenCL Sema before acc sees it.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}private-pointer-arg.cl:[[@LINE+1]]:20: error: pointer arguments to kernel functions must reside in '__global', '__constant' or '__local' address space
kernel void k(int *p) {}
// CHECK: 1 error generated.
