// A pointer may be cast to another element type as long as the memory it
// points into is made of whole elements of the new type; a narrower view
// of wider units, and a pointer variable that would switch between buffers
// of different element types, are rejected.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, global float *f) {
  global float4 *wide = (global float4 *)f; // four float units: fine
  wide[1] = (float4)(1.0f);
  global uint *bits = (global uint *)f;     // same width: fine
  bits[0] = 0;
  global uchar *bytes = (global uchar *)a;
  // CHECK: {{.*}}pointer-cast.cl:[[@LINE+1]]:3: error: accessing type 'uchar' through memory whose element is 32 bits wide is not supported by acc; access the memory through its declared type
  bytes[3] = 1;
  // CHECK: {{.*}}pointer-cast.cl:[[@LINE+1]]:19: error: a pointer variable that may point into buffers of different element types or address spaces is not supported by acc; use a separate pointer (or an index) per buffer
  global int *r = a;
  r = (global int *)f;
}
// CHECK: 2 errors generated.
