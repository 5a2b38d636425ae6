// A switch becomes a chain of comparisons (LLVM rebuilds a jump table for
// the cpu target); fallthrough, break, continue and default work as in C.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @classify(
// CHECK: arith.cmpi eq, %{{.*}}, %c0_i32 : i32
// CHECK: arith.cmpi eq, %{{.*}}, %c1_i32 : i32
// CHECK: arith.cmpi eq, %{{.*}}, %c5_i32 : i32
kernel void classify(global int *a, int n) {
  int r = 0;
  for (int i = 0; i < n; ++i) {
    switch (a[i]) {
    case 0:
      r += 1;
      break;
    case 1:
      r += 10; // falls through
    case 5:
      r += 100;
      continue;
    default:
      r -= 1;
    }
    r *= 2;
  }
  a[0] = r;
}
