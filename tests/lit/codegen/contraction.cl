// Floating-point contraction is decided once, in the portable IR: a
// multiplication written as the operand of an addition or subtraction in
// one expression (OpenCL C's FP_CONTRACT ON) becomes math.fma, the left
// product when both are; a product reached through a variable is not
// fused, and no `contract` flag is left for a target to fuse anything
// else. Every target then computes exactly that: OpenCL C under
// FP_CONTRACT OFF, LLVM without contract flags, spirv-cl with
// OpExecutionMode ContractionOff on every entry point, spirv-vk (which has
// no such mode) with every multiply, add and subtract decorated
// NoContraction. Vulkan lets GLSL.std.450 Fma round twice (Mesa's does),
// so spirv-vk computes fma exactly from those (ExpandMath's exactFma:
// Dekker's product, then a sum rounded to odd): no Fma instruction.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=SPVCL
// RUN: spirv-dis %t.vk.spv | FileCheck %s --check-prefix=SPVVK
// RUN: %acc-cc --emit=mlir --target=spirv-vk %s | FileCheck %s --check-prefix=VKMLIR

// SPVCL-DAG: OpExecutionMode %forms ContractionOff
// SPVCL-DAG: OpExecutionMode %off ContractionOff
// SPVCL-DAG: OpExtInst %float %{{.*}} fma
// SPVCL-NOT: NoContraction
// SPVVK-NOT: ContractionOff
// SPVVK: OpDecorate %{{.*}} NoContraction
// SPVVK-NOT: Fma
// VKMLIR-LABEL: spirv.func @forms(
// VKMLIR-NOT: spirv.GL.Fma
// The split of a factor by 4097 (2^12 + 1):
// VKMLIR: spirv.FMul %{{.*}}, %cst{{.*}} {no_contraction} : f32
// VKMLIR: spirv.FSub %{{.*}}, %{{.*}} {no_contraction} : f32
// VKMLIR: spirv.FAdd %{{.*}}, %{{.*}} {no_contraction} : f32

// CHECK-NOT: contract
// CHECK-LABEL: gpu.func @forms(
// CHECK: %[[F1:.*]] = math.fma %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK: memref.store %[[F1]]
// CHECK: %[[BC:.*]] = arith.mulf
// CHECK: %[[NEG:.*]] = arith.negf %[[BC]] : f32
// CHECK: %[[F2:.*]] = math.fma %{{.*}}, %{{.*}}, %[[NEG]] : f32
// CHECK: memref.store %[[F2]]
// CHECK: %[[T:.*]] = arith.mulf
// CHECK: %[[S:.*]] = arith.addf %[[T]], %{{.*}} : f32
// CHECK: memref.store %[[S]]
// CHECK: %[[NA:.*]] = arith.negf
// CHECK: %[[F3:.*]] = math.fma %[[NA]], %{{.*}}, %{{.*}} : f32
// CHECK: memref.store %[[F3]]
// OCL: #pragma OPENCL FP_CONTRACT OFF
// OCL-LABEL: kernel void forms(
// OCL-COUNT-3: = fma(
// OCL-NOT: fma(
// LLVM-NOT: contract
// LLVM: call {{.*}}@llvm.fma
kernel void forms(global float *o, global const float *a,
                  global const float *b, global const float *c,
                  global const float *d) {
  size_t i = get_global_id(0);
  o[4 * i] = a[i] * b[i] + c[i];
  o[4 * i + 1] = a[i] * d[i] - b[i] * c[i];
  float t = a[i] * b[i];
  o[4 * i + 2] = t + c[i];
  o[4 * i + 3] = c[i] - a[i] * d[i];
}

// FP_CONTRACT OFF leaves every product alone.
// CHECK-LABEL: gpu.func @off(
// CHECK-NOT: math.fma
// CHECK: gpu.return
kernel void off(global float *o, global const float *a) {
#pragma OPENCL FP_CONTRACT OFF
  size_t i = get_global_id(0);
  o[i] = a[i] * a[i] + 1.0f;
}
