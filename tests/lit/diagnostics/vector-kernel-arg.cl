// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}vector-kernel-arg.cl:[[@LINE+1]]:39: error: a kernel argument of vector type '__private float4' is not supported by acc yet
kernel void k(global float *a, float4 v) {
  a[0] = 1.0f;
}
// CHECK: 1 error generated.
