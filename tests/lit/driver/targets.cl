// --targets selects the code in the bundle; the default is every available
// target, and naming one twice is harmless.
// RUN: %acc-cc %s -o %t.default.accbin
// RUN: %acc-info --bundle %t.default.accbin | FileCheck %s --check-prefixes=CHECK,DEFAULT
// RUN: %acc-cc %s --targets=cpu,cpu -o %t.cpu.accbin
// RUN: %acc-info --bundle %t.cpu.accbin | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: %acc-cc %s --targets=spirv-cl,opencl-c -o %t.cl.accbin
// RUN: %acc-info --bundle %t.cl.accbin | FileCheck %s --check-prefix=CL
// A file without kernels gets no spirv-cl code: a SPIR-V module without an
// entry point would not be valid.
// RUN: %acc-cc %S/Inputs/no-kernels.cl -o %t.none.accbin 2>&1
// RUN: %acc-info --bundle %t.none.accbin | FileCheck %s --check-prefix=NONE

// CHECK: code objects:
// CHECK: cpu-x86_64
// DEFAULT: opencl-c {{ *}}arch opencl-c-1.2
// DEFAULT: spirv-cl {{ *}}arch spirv-1.0
// CPU-NOT: spirv-cl
// CHECK: kernels: {{ *}}1
// CHECK: k

// CL: code objects: {{ *}}2
// CL-NOT: cpu-
// CL-DAG: opencl-c
// CL-DAG: spirv-cl
// CL-NOT: cpu-
// CL: kernels:

// NONE: code objects:
// NONE-NOT: spirv-cl
// NONE: kernels: {{ *}}0

kernel void k(global int *a) { a[0] = 1; }
