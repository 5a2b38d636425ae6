// half storage buffers are not in acc's subset yet.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}half-buffer.cl:[[@LINE+1]]:28: error: a buffer of half type '__global __fp16' is not supported by acc yet
kernel void k(global half *h) {}
// CHECK: 1 error generated.
