// Math on the spirv-vk target: GLSL.std.450 where it has the function
// within OpenCL's bounds, exact expansions (trunc, popcount, clz) where it
// does not; Vulkan's OpBitCount takes 32-bit integers only. The float
// transcendentals are computed from arithmetic: GLSL.std.450's are
// specified more loosely than OpenCL C's bounds (exp within 3 + 2|x| ulp,
// tanh and atan not at all), so none of them remains.
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.spv && %spirv-val-vk %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s

// CHECK-DAG: OpExtInstImport "GLSL.std.450"
// CHECK-DAG: Sqrt
// CHECK-DAG: Floor
// CHECK-DAG: OpBitCount %uint
// CHECK-NOT: {{OpExtInst %[_a-z0-9]+ %[0-9]+ (Sin|Cos|Tan|Exp|Exp2|Log|Log2|Pow|Tanh|Atan|Asin|Acos|Sinh|Cosh) }}
kernel void floats(global float *a, global float4 *v) {
  size_t i = get_global_id(0);
  float x = a[i];
  a[i] = sqrt(x) + sin(x) + cos(x) + exp(x) + exp2(x) + log(x) + pow(x, 2.5f) +
         fabs(x) + floor(x) + ceil(x) + trunc(x) + fmin(x, 1.0f) +
         fmax(x, 2.0f) + rsqrt(x) + tanh(x) + atan(x) + fma(x, x, x);
  v[i] = sqrt(v[i]) + floor(v[i]) * fabs(v[i]);
}

kernel void doubles(global double *d) {
  size_t i = get_global_id(0);
  d[i] = sqrt(d[i]) + fabs(d[i]) + floor(d[i]) + fmin(d[i], 1.0) + fma(d[i], d[i], 2.0);
}

kernel void bits(global uchar *c, global ushort *s, global uint *u,
                 global ulong *l, global int4 *v) {
  size_t i = get_global_id(0);
  c[i] = popcount(c[i]) + clz(c[i]);
  s[i] = popcount(s[i]) + clz(s[i]);
  u[i] = popcount(u[i]) + clz(u[i]) + rotate(u[i], 3u);
  l[i] = popcount(l[i]) + clz(l[i]);
  v[i] = popcount(v[i]) + (int)abs_diff(v[i], v[i] + 1).x;
}

// fma and fmod are exact from separate operations (Vulkan's Fma may round
// twice, its OpFRem is computed in floating point): neither instruction
// remains, and fmod's long division is a loop.
// RUN: %acc-cc --emit=mlir --target=spirv-vk %s | FileCheck %s --check-prefix=EXACT
// EXACT-LABEL: spirv.func @exact_ops
// EXACT-NOT: spirv.GL.Fma
// EXACT-NOT: spirv.FRem
// EXACT: spirv.mlir.loop
// EXACT-NOT: spirv.GL.Fma
// EXACT-NOT: spirv.FRem
// EXACT: spirv.Return
kernel void exact_ops(global float *a, global double *d) {
  size_t i = get_global_id(0);
  a[i] = fma(a[i], a[i + 1], a[i + 2]) + fmod(a[i], a[i + 3]);
  d[i] = fmod(d[i], d[i + 1]);
}
