// A string literal is an array.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global char *out) {
  // CHECK: {{.*}}string-literal.cl:[[@LINE+1]]:22: error: a string literal outside printf is not supported by acc; OpenCL C has no strings
  constant char *s = "abc";
  out[0] = 'a';
}
// CHECK: 1 error generated.
