// Math builtins with a math-dialect op or an exact arith expansion
// (Builtins.cpp), on every target: scalars and vectors, scalar operands
// broadcast to the vector's shape.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=CPU
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=mlir --target=spirv-cl %s | FileCheck %s --check-prefix=SPV
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv

// CHECK-LABEL: gpu.func @unary(
// CHECK: math.acos
// CHECK: math.asinh
// CHECK: math.atan2
// CHECK: math.cosh
// CHECK: math.tanh
// CHECK: math.erf
// CHECK: math.roundeven
// CPU-LABEL: define void @__acc_kernel_unary(
// CPU-DAG: @llvm.acos.f32
// CPU-DAG: @asinhf
// CPU-DAG: @llvm.atan2.f32
// CPU-DAG: @erff
// OCL-LABEL: kernel void unary(
// OCL: acos(
// OCL: asinh(
// OCL: atan2(
// OCL: cosh(
// OCL: tanh(
// OCL: erf(
// OCL: rint(
// SPV-LABEL: spirv.func @unary(
// SPV: spirv.CL.acos
// SPV: spirv.CL.asinh
// SPV: spirv.CL.atan2
// SPV: spirv.CL.cosh
// SPV: spirv.CL.tanh
// SPV: spirv.CL.erf
// SPV: spirv.CL.rint
kernel void unary(global float *f, float x, float y) {
  f[0] = acos(x);
  f[1] = asinh(x);
  f[2] = atan2(x, y);
  f[3] = cosh(x);
  f[4] = tanh(x);
  f[5] = erf(x);
  f[6] = rint(x);
  f[7] = half_sin(x) + native_cos(x);
  f[8] = half_divide(x, y) + native_recip(y);
}

// fdim, maxmag, powr, sign and the common functions are exact expansions.
// CHECK-LABEL: gpu.func @expanded(
// CHECK: arith.cmpf ole
// CHECK: arith.subf
// CHECK: arith.select
// CHECK: math.powf
// CHECK: arith.select
// OCL-LABEL: kernel void expanded(
// OCL: pow(
kernel void expanded(global double *d, double x, double y, double z) {
  d[0] = fdim(x, y);
  d[1] = maxmag(x, y) + minmag(x, y);
  d[2] = powr(x, y);
  d[3] = sign(x);
  d[4] = mix(x, y, z) + step(x, y) + smoothstep(x, y, z);
  d[5] = degrees(x) + radians(y) + clamp(x, y, z);
  d[6] = nan(7ul);
}

// Scalar operands of vector builtins are broadcast.
// CHECK-LABEL: gpu.func @vectors(
// CHECK: %[[V:.*]] = vector.from_elements {{.*}} : vector<4xf32>
// CHECK: %[[S:.*]] = vector.broadcast %{{.*}} : f32 to vector<4xf32>
// CHECK: arith.minnumf %[[V]], %[[S]] : vector<4xf32>
// CHECK: math.cosh {{.*}} : vector<4xf32>
// CHECK: arith.cmpf olt, {{.*}} : vector<4xf32>
// SPV-LABEL: spirv.func @vectors(
// SPV: spirv.CL.fmin {{.*}} : vector<4xf32>
// SPV: spirv.CL.cosh {{.*}} : vector<4xf32>
kernel void vectors(global float *f, global const float *a) {
  float4 v = (float4)(a[0], a[1], a[2], a[3]);
  float4 r = fmin(v, a[4]) + cosh(v) + step(0.5f, v);
  f[0] = r.x + r.w;
}

// fract and modf store their second result through the pointer
// (Builtins.h's emitFract/emitModf); no math.isinf reaches the cpu code.
// CPU-LABEL: define void @__acc_kernel_fract_modf(
// CPU-NOT: isinf
// CPU: ret void
// OCL-LABEL: kernel void fract_modf(
kernel void fract_modf(global float *f, float x) {
  float whole;
  f[0] = fract(x, &whole);
  f[1] = whole + modf(x, &whole) + whole;
}
