// Code generation goes on after an error, so one run reports every problem,
// in source order, and writes no output file.
// RUN: rm -f %t
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s
// RUN: not test -e %t

kernel void k(global int *a, int n) {
  // CHECK: {{.*}}several-errors.cl:[[@LINE+1]]:3: error: a 'switch' statement is not supported by acc yet
  switch (n) { default: break; }
  // CHECK: {{.*}}several-errors.cl:[[@LINE+1]]:10: error: a variable of vector type '__private float4' is not supported by acc yet
  float4 v;
  a[0] = 1;
  // CHECK: {{.*}}several-errors.cl:[[@LINE+1]]:3: error: 'barrier' is not supported by acc yet
  barrier(CLK_LOCAL_MEM_FENCE);
}
// CHECK: 3 errors generated.
