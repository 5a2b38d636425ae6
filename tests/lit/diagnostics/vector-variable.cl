// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global float *a) {
  // CHECK: {{.*}}vector-variable.cl:[[@LINE+1]]:10: error: a variable of vector type '__private float4' is not supported by acc yet
  float4 v;
  a[0] = 1.0f;
}
// CHECK: 1 error generated.
