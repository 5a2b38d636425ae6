// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}bool-buffer.cl:[[@LINE+1]]:28: error: a buffer of type '__global _Bool' is not supported by acc yet
kernel void k(global bool *flags) {}
// CHECK: 1 error generated.
