// A pointer cannot be stored in memory: buffers are addressed by index.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

typedef struct { global float *data; int n; } View;

// CHECK: {{.*}}pointer-in-struct.cl:[[@LINE+1]]:47: error: a memory object containing a pointer stored in memory is not supported by acc; store an index into the buffer instead
kernel void k(global float *out, global View *views) {
  out[0] = 1.0f;
}
// CHECK: 1 error generated.
