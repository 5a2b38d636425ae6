// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}bool-buffer.cl:[[@LINE+1]]:28: error: a buffer of bool is not supported by acc; OpenCL leaves the size of bool to each device: use uchar or int
kernel void k(global bool *flags) {}
// CHECK: 1 error generated.
