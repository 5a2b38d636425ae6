// -O0 to -O3, -O (= -O1), -Os, -Oz and -Ofast are accepted.
// RUN: %acc-cc %s -O0 -o %t.0 && %acc-info --bundle %t.0 | FileCheck %s
// RUN: %acc-cc %s -O1 -o %t.1 && %acc-info --bundle %t.1 | FileCheck %s
// RUN: %acc-cc %s -O3 -o %t.3 && %acc-info --bundle %t.3 | FileCheck %s
// RUN: %acc-cc %s -O -o %t.o && %acc-info --bundle %t.o | FileCheck %s
// RUN: %acc-cc %s -Os -o %t.s && %acc-info --bundle %t.s | FileCheck %s
// RUN: %acc-cc %s -Oz -o %t.z && %acc-info --bundle %t.z | FileCheck %s
// RUN: %acc-cc %s -Ofast -o %t.f && %acc-info --bundle %t.f | FileCheck %s
// RUN: %acc-cc %s -O0 --emit=llvm | FileCheck %s --check-prefix=LLVM

// CHECK: checksum: {{.*}}(ok)
// CHECK: kernels: {{ *}}1
// LLVM: define void @__acc_kernel_k(

kernel void k(global int *a) { a[0] = 1; }
