// A vector-typed expression in an otherwise scalar kernel.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global float *a) {
  // CHECK: {{.*}}vector-expression.cl:[[@LINE+1]]:14: error: 'dot' with an argument of vector type 'float4' is not supported by acc yet
  a[0] = dot((float4)(1.0f), (float4)(2.0f));
}
// CHECK: 1 error generated.
