// Math builtins without an upstream op are accir.builtin ops (AccOps.td,
// Builtins.h); each target resolves them:
// the cpu target with libm or an expansion in double precision
// (CPUBuiltins.cpp, vectors scalarised), opencl-c by printing the OpenCL
// builtin, spirv-cl and spirv-vk by computing them from arithmetic
// (acc::expandMath). expm1, log1p, cbrt, erfc are math ops that the cpu
// target sends to libm; spirv-cl computes cbrt and erfc too, but refuses
// expm1 and log1p, which MLIR's SPIR-V conversion computes outside
// OpenCL's error bounds.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=CPU
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: not %acc-cc --emit=spirv %s -o %t.spv 2>&1 | FileCheck %s --check-prefix=SPV

// CHECK-NOT: func.func private
// CHECK-LABEL: gpu.func @scalars(
// CHECK: accir.builtin sinpi(%{{.*}}) : (f32) -> f32
// CHECK: accir.builtin hypot(%{{.*}}, %{{.*}}) : (f32, f32) -> f32
// CHECK: accir.builtin ldexp(%{{.*}}, %{{.*}}) : (f32, i32) -> f32
// CHECK: accir.builtin rootn(%{{.*}}, %{{.*}}) : (f32, i32) -> f32
// CHECK: math.expm1
// CHECK: math.log1p
// CHECK: math.cbrt
// CHECK: math.erfc
// CHECK: accir.builtin ilogb(%{{.*}}) : (f64) -> i32
// CHECK: accir.builtin tgamma(%{{.*}}) : (f64) -> f64
// CPU-DAG: declare float @hypotf(float, float)
// CPU-DAG: declare float @ldexpf(float, i32)
// CPU-DAG: declare float @expm1f(float)
// CPU-DAG: declare float @log1pf(float)
// CPU-DAG: declare float @cbrtf(float)
// CPU-DAG: declare float @erfcf(float)
// CPU-DAG: declare i32 @ilogb(double)
// CPU-DAG: declare double @tgamma(double)
// CPU-DAG: declare double @cbrt(double)
// OCL-LABEL: kernel void scalars(
// OCL: sinpi(
// OCL: hypot(
// OCL: ldexp({{.*}}, ((int)
// OCL: rootn(
// OCL: expm1(
// OCL: log1p(
// OCL: cbrt(
// OCL: erfc(
// OCL: ilogb(
// OCL: tgamma(
// SPV: kernel 'scalars': the spirv-cl target cannot express 'expm1' yet (at {{.*}}builtins-libm.cl:[[# @LINE + 7]]:10)
kernel void scalars(global float *f, global double *d, float x, float y,
                    int n, double z) {
  f[0] = sinpi(x);
  f[1] = hypot(x, y);
  f[2] = ldexp(x, n);
  f[3] = rootn(x, n);
  f[4] = expm1(x) + log1p(x) + cbrt(x) + erfc(x);
  d[0] = ilogb(z) + tgamma(z) + cbrt(z);
}

// CHECK-LABEL: gpu.func @vectors(
// CHECK: accir.builtin cospi(%{{.*}}) : (vector<4xf32>) -> vector<4xf32>
// CHECK: accir.builtin ldexp(%{{.*}}, %{{.*}}) : (vector<4xf32>, vector<4xi32>) -> vector<4xf32>
// CPU-LABEL: define void @__acc_kernel_vectors(
// CPU: call float @ldexpf(
// OCL-LABEL: kernel void vectors(
// OCL: cospi(
// OCL: ldexp({{.*}}as_int4(
kernel void vectors(global float *f, global const float *a, int n) {
  float4 v = (float4)(a[0], a[1], a[2], a[3]);
  float4 r = cospi(v) + ldexp(v, n);
  f[0] = r.x + r.w;
}
