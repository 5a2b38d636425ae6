// Reinterpreting a buffer through another element type is rejected, whether
// the cast initialises a pointer, is assigned to one or is indexed directly.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, global float *f) {
  // CHECK: {{.*}}pointer-cast.cl:[[@LINE+1]]:21: error: a pointer cast between different element types is not supported by acc; access the buffer through its declared element type
  global float *q = (global float *)a;
  global int *r = a;
  // CHECK: {{.*}}pointer-cast.cl:[[@LINE+1]]:7: error: a pointer cast between different element types is not supported by acc
  r = (global int *)f;
  // CHECK: {{.*}}pointer-cast.cl:[[@LINE+1]]:11: error: a pointer cast between different element types is not supported by acc
  a[0] = ((global int *)f)[1];
}
// CHECK: 3 errors generated.
