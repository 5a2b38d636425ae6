// OpenCL C has no bit-fields; Clang reports them.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}bit-field.cl:[[@LINE+1]]:23: error: bit-fields are not supported in OpenCL
typedef struct { uint flags : 4; uint value; } Packed;

kernel void k(global uint *out, global Packed *p) {
  out[0] = 1;
}
