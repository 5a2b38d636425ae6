// Relational, geometric and select builtins (Builtins.cpp). Scalar tests
// return int 1/0, vector tests -1/0 in the signed type of the element's
// width (arith.extui vs arith.extsi of the i1 comparison).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @scalar_tests(
// CHECK: arith.cmpf oeq
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: arith.cmpf une
// CHECK: arith.cmpf one
// CHECK: arith.cmpf uno
// CHECK: arith.cmpf ord
kernel void scalar_tests(global int *o, float x, float y) {
  o[0] = isequal(x, y);
  o[1] = isnotequal(x, y);
  o[2] = islessgreater(x, y);
  o[3] = isunordered(x, y);
  o[4] = isordered(x, y);
  o[5] = isgreater(x, y) + isgreaterequal(x, y) + isless(x, y) + islessequal(x, y);
  o[6] = isfinite(x) + isinf(x) + isnan(x) + isnormal(x) + signbit(x);
}

// CHECK-LABEL: gpu.func @vector_tests(
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : vector<2xf64>
// CHECK: arith.extsi %{{.*}} : vector<2xi1> to vector<2xi64>
kernel void vector_tests(global long *o, global const double *a) {
  double2 v = (double2)(a[0], a[1]);
  long2 r = isless(v, a[2]) + isnan(v) + signbit(v);
  o[0] = r.x;
  o[1] = any(r) + all(r);
}

// select picks by the most significant bit of a vector mask element, by
// non-zero for a scalar; bitselect works on the bits of floats.
// CHECK-LABEL: gpu.func @selects(
// CHECK: arith.cmpi ne
// CHECK: arith.select
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : vector<4xi32>
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xi1>, vector<4xf32>
// CHECK: arith.bitcast %{{.*}} : vector<4xf32> to vector<4xi32>
kernel void selects(global float *o, global const float *a, int c) {
  float4 v = (float4)(a[0], a[1], a[2], a[3]);
  float4 w = (float4)(a[4], a[5], a[6], a[7]);
  o[0] = select(a[0], a[1], c);
  float4 r = select(v, w, isless(v, w)) + bitselect(v, w, v);
  o[1] = r.y;
}

// Geometric functions extract the components; length, distance and
// normalize rescale by a power of two against overflow and underflow.
// CHECK-LABEL: gpu.func @geometric(
// CHECK: vector.extract
// CHECK: arith.mulf
// CHECK: math.sqrt
// CHECK: vector.from_elements
kernel void geometric(global float *o, global const float *a) {
  float4 v = (float4)(a[0], a[1], a[2], a[3]);
  float4 w = (float4)(a[4], a[5], a[6], a[7]);
  float3 c = cross(v.xyz, w.xyz);
  float4 n = normalize(v) + fast_normalize(w) + cross(v, w);
  o[0] = dot(v, w) + length(v) + distance(v, w) + fast_length(v) +
         fast_distance(v, w) + c.y + n.z + length(a[0]) + normalize(a[1]);
}
