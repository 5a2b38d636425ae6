// OpenCL vectors are vector<NxT> SSA values; in memory each lane is one
// unit, so a float4 buffer is a memref of f32 (docs/portable-ir.md).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @literals_and_swizzles(
// CHECK-SAME: %[[OUT:.*]]: memref<?xf32>, %[[S:.*]]: vector<4xf32>) kernel
// CHECK: vector.from_elements {{.*}} : vector<4xf32>
// CHECK: vector.shuffle
// CHECK: math.fma {{.*}} : vector<4xf32>
// The store of a float4 writes four f32 units.
// CHECK-COUNT-4: memref.store {{.*}}, %[[OUT]][{{.*}}] : memref<?xf32>
kernel void literals_and_swizzles(global float4 *out, float4 s) {
  size_t i = get_global_id(0);
  float4 v = (float4)(s.y, 2.0f, (float2)(s.x, 4.0f));
  float4 w = v.wzyx * s + (float4)(0.5f);
  w.s01 = w.hi;
  w.lo = v.even + v.odd;
  out[i] = w;
}

// Comparisons of vectors give -1 for true lanes (sign extension), and ?:
// with a vector condition selects by the sign bit.
// CHECK-LABEL: gpu.func @compare_select(
// CHECK: %[[C:.*]] = arith.cmpf olt, {{.*}} : vector<4xf32>
// CHECK: arith.extsi %[[C]] : vector<4xi1> to vector<4xi32>
// CHECK: arith.cmpi slt, {{.*}} : vector<4xi32>
// CHECK: arith.select {{.*}} : vector<4xi1>, vector<4xf32>
kernel void compare_select(global float4 *a, global float4 *b, global int4 *m) {
  size_t i = get_global_id(0);
  int4 lt = a[i] < b[i];
  m[i] = lt;
  a[i] = lt ? a[i] : b[i];
}

// vloadN/vstoreN read and write N consecutive elements at offset * N.
// CHECK-LABEL: gpu.func @vload_vstore(
// CHECK: %[[BASE:.*]] = arith.muli %{{.*}}, %c3 : index
// CHECK: memref.load %{{.*}}[%[[BASE]]] : memref<?xf32>
// CHECK: vector.from_elements {{.*}} : vector<3xf32>
kernel void vload_vstore(global float *p, global int *q) {
  size_t i = get_global_id(0);
  float3 v = vload3(i, p);
  vstore3(v * 2.0f, i, p);
  int8 w = vload8(0, q);
  vstore8(w.s76543210, 1, q);
}

// Integer vectors: element-wise arithmetic, shifts by a scalar, and a
// lane written through a swizzle of an element in a buffer stores that
// lane only.
// CHECK-LABEL: gpu.func @int_vectors(
// CHECK: arith.shli {{.*}} : vector<4xi32>
// CHECK-NOT: vector.insert
// CHECK: gpu.return
kernel void int_vectors(global uint4 *a, int n) {
  size_t i = get_global_id(0);
  uint4 v = a[i] << 2;
  v = v * (uint4)(3, 5, 7, 9) + (uint)n;
  a[i] = v;
  a[i + 1].y = v.x;
}

// as_type reinterprets between types of one size.
// CHECK-LABEL: gpu.func @as_type(
// CHECK: arith.bitcast {{.*}} : vector<4xf32> to vector<4xi32>
// CHECK: vector.bitcast {{.*}} : vector<1xf32> to vector<4xi8>
kernel void as_type(global float4 *f, global int4 *i, global uchar4 *b) {
  i[0] = as_int4(f[0]);
  b[0] = as_uchar4(f[1].x);
}
