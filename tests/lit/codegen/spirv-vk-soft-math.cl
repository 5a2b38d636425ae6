// What GLSL.std.450 lacks, the spirv-vk target computes from arithmetic
// (acc::expandMath; its accuracy is tested on the cpu target by the kernel
// suite's *.soft-math tests): the OpenCL functions without an instruction,
// erf/erfc/cbrt/atan2, and exp, log, pow, sin, cos, tan on double.
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.spv && %spirv-val-vk %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s

// CHECK: OpCapability Float64
// No call is left for a library function.
// CHECK-NOT: OpFunctionCall

// CHECK-LABEL: OpEntryPoint GLCompute %{{.*}} "floats"
kernel void floats(global float *a, global int *n) {
  size_t i = get_global_id(0);
  float x = a[i];
  a[i] = sinpi(x) + cospi(x) + tanpi(x) + asinpi(x) + exp10(x) + logb(x) +
         tgamma(x) + lgamma(x) + hypot(x, 2.0f) + nextafter(x, 0.0f) +
         remainder(x, 3.0f) + ldexp(x, n[i]) + pown(x, n[i]) +
         rootn(x, n[i]) + erf(x) + erfc(x) + cbrt(x) + atan2(x, 1.5f);
  n[i] = ilogb(x);
}

// Double: the Payne-Hanek table of 2/pi (46 words, the first 0xa2f9836e)
// is a constant array of the kernel.
// CHECK-DAG: OpTypeArray %uint %uint_46
// CHECK-DAG: OpConstant %uint 2734261102
kernel void doubles(global double *d) {
  size_t i = get_global_id(0);
  double x = d[i];
  d[i] = exp(x) + exp2(x) + log(x) + log2(x) + log10(x) + pow(x, d[i + 1]) +
         sin(x) + cos(x) + tan(x) + sinpi(x);
}
