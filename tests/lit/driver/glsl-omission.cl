// What GLSL ES 3.10 cannot express leaves the kernel out of the glsl code
// with a warning naming the kernel, the target and the feature; the other
// kernels keep their glsl code. Named with --targets=, it is an error.
// RUN: %acc-cc %s -o %t.accbin 2>&1 | FileCheck %s
// RUN: %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=INFO
// RUN: not %acc-cc --targets=glsl %s -o %t2.accbin 2>&1 | FileCheck %s --check-prefix=ERR

// CHECK-DAG: warning: kernel 'dbl': the glsl target cannot express fp64 (at {{.*}}glsl-omission.cl:{{[0-9]+}}
// CHECK-DAG: warning: kernel 'wide': the glsl target cannot express 64-bit integers (at {{.*}}glsl-omission.cl:
// CHECK-DAG: warning: kernel 'bytes': the glsl target cannot express 8-bit storage (at {{.*}}glsl-omission.cl:
// CHECK-DAG: warning: kernel 'halves': the glsl target cannot express 16-bit storage (at {{.*}}glsl-omission.cl:
// CHECK-DAG: warning: kernel 'prints': the glsl target cannot express printf (at {{.*}}glsl-omission.cl:
// INFO: glsl arch glsl-es-3.10 {{[0-9]+}} bytes, launch convention 1
// INFO-NEXT: without dbl: kernel 'dbl': the glsl target cannot express fp64
// ERR: error: kernel 'dbl': the glsl target cannot express fp64

kernel void ok(global float *a) { a[get_global_id(0)] *= 2.0f; }

kernel void dbl(global double *a) {
  a[get_global_id(0)] *= 2.0;
}

kernel void wide(global ulong *a) { a[get_global_id(0)] += 1; }

kernel void bytes(global uchar *a) { a[get_global_id(0)] += 1; }

kernel void halves(global short *a) { a[get_global_id(0)] += 1; }

kernel void prints(global int *a) { printf("%d\n", a[0]); }
