// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}local-pointer-arg.cl:[[@LINE+1]]:47: error: a 'local' pointer kernel argument is not supported by acc yet; declare a fixed-size local array in the kernel once local memory is supported
kernel void k(global float *out, local float *scratch) {
  out[0] = 1.0f;
}
// CHECK: 1 error generated.
