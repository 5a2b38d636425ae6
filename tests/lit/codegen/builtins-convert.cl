// convert_<type>[_sat][_<rounding>] (Builtins.cpp): float to integer rounds
// with math.roundeven/ceil/floor first and saturates with selects (NaN ->
// 0); integer saturation clamps in the source's type; directed rounding to
// a narrower float steps the nearest result by one ulp when it went the
// wrong way.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @float_to_int(
// CHECK: %[[R:.*]] = math.roundeven %{{.*}} : f32
// CHECK: arith.cmpf oge, %[[R]]
// CHECK: arith.cmpf olt, %[[R]]
// CHECK: arith.cmpf uno
// CHECK: arith.fptosi %{{.*}} : f32 to i8
// CHECK: math.floor
// CHECK: arith.fptoui %{{.*}} : f64 to i32
kernel void float_to_int(global int *o, float x, double d) {
  o[0] = convert_char_sat_rte(x);
  o[1] = convert_uint_rtn(d);
  o[2] = convert_int(x) + convert_ushort_sat(d) + convert_long_sat_rtp(x);
}

// CHECK-LABEL: gpu.func @int_to_int(
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.minsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: arith.minui %{{.*}}, %{{.*}} : i32
kernel void int_to_int(global int *o, int x, uint u) {
  o[0] = convert_char_sat(x);
  o[1] = convert_int_sat(u);
  o[2] = convert_uchar(x) + convert_ulong_sat(x);
}

// CHECK-LABEL: gpu.func @to_float(
// CHECK: arith.uitofp %{{.*}} : i32 to f32
// CHECK: arith.fptoui
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.extf
kernel void to_float(global float *o, uint u, double d, long l) {
  o[0] = convert_float_rtz(u);
  o[1] = convert_float_rtp(d);
  o[2] = convert_float(l) + convert_float_rte(d) + convert_float_rtn(l);
}

// CHECK-LABEL: gpu.func @vectors(
// CHECK: math.ceil %{{.*}} : vector<4xf32>
// CHECK: arith.fptosi %{{.*}} : vector<4xf32> to vector<4xi16>
kernel void vectors(global short *o, global const float *a) {
  float4 v = (float4)(a[0], a[1], a[2], a[3]);
  short4 s = convert_short4_sat_rtp(v);
  o[0] = s.x + s.w;
}
