// Math builtins without an upstream op are accir.builtin ops (AccOps.td,
// Builtins.h); each target resolves them:
// the cpu target with libm or an expansion in double precision
// (CPUBuiltins.cpp, vectors scalarised), opencl-c by printing the OpenCL
// builtin, spirv-vk by computing them from arithmetic (acc::expandMath),
// spirv-cl with OpenCL.std's own instructions (written by the binary edits,
// as MLIR's SPIR-V dialect has no op for them). expm1, log1p, cbrt, erfc
// are math ops that the cpu target sends to libm and spirv-cl to
// OpenCL.std too (MLIR would compute expm1 and log1p as exp(x) - 1 and
// log(1 + x), outside OpenCL's bounds).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=CPU
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=SPV

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
// SPV-DAG: %[[STD:.*]] = OpExtInstImport "OpenCL.std"
// SPV-DAG: OpExtInst %float %[[STD]] sinpi
// SPV-DAG: OpExtInst %float %[[STD]] hypot
// SPV-DAG: OpExtInst %float %[[STD]] ldexp
// SPV-DAG: OpExtInst %float %[[STD]] rootn
// SPV-DAG: OpExtInst %float %[[STD]] expm1
// SPV-DAG: OpExtInst %float %[[STD]] log1p
// SPV-DAG: OpExtInst %float %[[STD]] cbrt
// SPV-DAG: OpExtInst %float %[[STD]] erfc
// SPV-DAG: OpExtInst %uint %[[STD]] ilogb
// SPV-DAG: OpExtInst %double %[[STD]] tgamma
// SPV-DAG: OpExtInst %v4float %[[STD]] cospi
// SPV-NOT: __acc_cl_std
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
