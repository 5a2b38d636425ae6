// half is a storage format: vload_half widens to float, vstore_half
// narrows with the rounding mode its suffix names.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=opencl-c %s -o - | FileCheck %s --check-prefix=OCL
// The cpu target rounds toward zero itself (LLVM's constrained intrinsics
// would only describe the rounding mode): a nearest rounding corrected by
// one ulp.
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM
// LLVM-NOT: constrained.fptrunc
// LLVM: fptrunc float {{.*}} to half

// The spirv-cl target has no half values (MLIR's SPIR-V dialect has no
// vload_half, and cl_khr_fp16 is optional): the buffer holds i16 bits, a
// load converts them to float exactly and a store rounds by its mode, in
// integer arithmetic (acc::expandHalfStorage; -fsoft-math runs the same
// code on cpu, kernel suite area half). No f16 type remains.
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=mlir --target=spirv-cl %s | FileCheck %s --check-prefix=SPVCL
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: %acc-cc --targets=cpu,spirv-cl %s -o %t.accbin
// RUN: %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=INFO
// RUN: %acc-cc -fsoft-math --emit=llvm %s | FileCheck %s --check-prefix=SOFT
// SPVCL-NOT: f16
// SPVCL-LABEL: spirv.func @halves(
// SPVCL-SAME: !spirv.ptr<i16, CrossWorkgroup>
// SPVCL: spirv.Load "CrossWorkgroup" %{{.*}} : i16
// SPVCL: spirv.Store "CrossWorkgroup" %{{.*}}, %{{.*}} : i16
// SPVCL-NOT: f16
// INFO: cpu-x86_64
// INFO: spirv-cl
// INFO-NOT: without
// SOFT-NOT: {{fptrunc|fpext|load|store}} half

// CHECK-LABEL: gpu.func @halves(
// CHECK-SAME: %[[H:.*]]: memref<?xf16>, %[[F:.*]]: memref<?xf32>) kernel
// CHECK: %[[V:.*]] = memref.load %[[H]]
// CHECK: arith.extf %[[V]] : f16 to f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: arith.truncf %{{.*}} toward_zero : f32 to f16
// OCL: vload_half(
// OCL: vstore_half_rte(
// OCL: vstore_half_rtz(
kernel void halves(global half *h, global float *f) {
  size_t i = get_global_id(0);
  float x = vload_half(i, h);
  f[i] = x;
  vstore_half(x * 2.0f, i + 1, h);
  vstore_half_rtz(x / 3.0f, i + 2, h);
}

// CHECK-LABEL: gpu.func @half_vectors(
// CHECK: vector.from_elements {{.*}} : vector<4xf32>
kernel void half_vectors(global half *h, global float4 *f) {
  size_t i = get_global_id(0);
  f[i] = vload_half4(i, h);
  vstore_half4(f[i] + 1.0f, i, h);
}

// spirv-vk: a double is narrowed to half through a float rounded to odd
// (Mesa converts double to half through float, which would round twice);
// the float-to-half step rounds by the store's mode.
// RUN: %acc-cc --emit=mlir --target=spirv-vk %s | FileCheck %s --check-prefix=SPVVK
// SPVVK-LABEL: spirv.func @store_double_half
// SPVVK: %[[F:.*]] = spirv.FConvert %{{.*}} : f64 to f32
// SPVVK: spirv.BitwiseOr %{{.*}}, %{{.*}} : i32
// SPVVK: %[[ODD:.*]] = spirv.Select %{{.*}}, %{{.*}}, %[[F]] : i1, f32
// SPVVK: spirv.FConvert %[[ODD]] : f32 to f16
// SPVVK-NOT: f64 to f16
kernel void store_double_half(global const double *x, global half *y) {
  vstore_half(x[get_global_id(0)], get_global_id(0), y);
}
