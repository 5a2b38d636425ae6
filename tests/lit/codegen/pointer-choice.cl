// A pointer variable assigned from different buffer parameters (in
// branches, loops or through ?:) keeps which buffer it points into in a
// private i32 besides its index; each read selects that buffer
// (arith.select of the candidate memrefs). Physical-addressing targets
// (cpu, opencl-c, spirv-cl) use the selected pointer as is; spirv-vk's
// logical addressing cannot select a pointer, so each access branches to
// a copy per candidate buffer (no OpSelect of pointers, which would need
// VariablePointers).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: spirv-dis %t.vk.spv | FileCheck %s --check-prefix=VK
// The kernel suite's cases (tests/kernels/pointers.cl) validate too.
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/pointers.cl -o %t.suite.vk.spv && %spirv-val-vk %t.suite.vk.spv
// RUN: %acc-cc --emit=spirv %S/../../kernels/pointers.cl -o %t.suite.spv && %spirv-val-cl %t.suite.spv

// CHECK-LABEL: gpu.func @choose(
// CHECK-SAME: %[[A:[^:]*]]: memref<?xf32>, %[[B:[^:]*]]: memref<?xf32>
// CHECK: %[[SEL:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK: %[[BUF:.*]] = arith.select %[[SEL]], %[[B]], %[[A]] : memref<?xf32>
// CHECK: memref.load %[[BUF]][
// OCL-LABEL: kernel void choose(
// OCL: global const float *[[P:v[0-9]+]];
// OCL: [[P]] = ({{.*}} ? a1_b : a0_a);
// LLVM-LABEL: define void @__acc_kernel_choose(
// LLVM: select
// VK-NOT: OpSelect %_ptr
// VK: OpBranchConditional
// VK: OpLoad %float
// VK: OpLoad %float
// VK-NOT: OpSelect %_ptr
kernel void choose(global const float *a, global const float *b,
                   global float *out, int n) {
  size_t i = get_global_id(0);
  global const float *src = a;
  if (i % 2)
    src = b;
  float sum = 0.0f;
  for (int k = 0; k < n; ++k)
    sum += src[k];
  out[i] = sum;
}
