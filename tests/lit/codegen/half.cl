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

// The spirv-cl target cannot load half yet: a default build leaves its code
// out with a warning, and naming the target makes that an error.
// RUN: %acc-cc %s -o %t.accbin 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=INFO
// RUN: not %acc-cc --targets=cpu,spirv-cl %s -o %t.explicit 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not test -e %t.explicit
// WARN: warning: kernel 'halves': the spirv-cl target cannot express {{.*}}; the bundle carries no spirv-cl code (name the target in --targets= to make this an error)
// INFO: cpu-x86_64
// INFO: opencl-c
// INFO-NOT: spirv-cl
// ERR: error: kernel 'halves': the spirv-cl target cannot express

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
