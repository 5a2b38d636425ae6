// --targets selects the code in the bundle; the default is every available
// target, and naming one twice is harmless.
// RUN: %acc-cc %s -o %t.default.accbin
// RUN: %acc-info --bundle %t.default.accbin | FileCheck %s
// RUN: %acc-cc %s --targets=cpu,cpu -o %t.cpu.accbin
// RUN: %acc-info --bundle %t.cpu.accbin | FileCheck %s

// CHECK: code objects:
// CHECK: cpu-x86_64
// CHECK: kernels: {{ *}}1
// CHECK: k

kernel void k(global int *a) { a[0] = 1; }
