// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}vector-buffer.cl:[[@LINE+1]]:30: error: a buffer of vector type '{{.*}}' is not supported by acc yet
kernel void k(global float4 *v) {}
// CHECK: 1 error generated.
