// An enum declared inside a function body only introduces constants, which
// acc already supports at file scope (see constants.cl).
//
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @k(
// CHECK: arith.constant 2 : i32
kernel void k(global int *a) {
  enum Mode { kOff, kOn, kAuto };
  a[0] = kAuto;
}
