// Structs, unions and arrays live in memory as a memref of units: the
// common leaf type when all leaves agree, else the narrowest leaf's width
// as an integer, with wider leaves assembled (docs/portable-ir.md).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

typedef struct {
  float4 pos;
  float mass;
  int id;
} Particle;

// A struct of f32 and i32 leaves is stored in i32 units; a float field is
// loaded as an i32 and bit-cast.
// CHECK-LABEL: gpu.func @particles(
// CHECK-SAME: %[[P:.*]]: memref<?xi32>, %[[DT:.*]]: f32) kernel
// CHECK: %[[BASE:.*]] = arith.muli %{{.*}}, %c8 : index
// CHECK: memref.load %[[P]]
// CHECK: arith.bitcast %{{.*}} : i32 to f32
kernel void particles(global Particle *p, float dt) {
  size_t i = get_global_id(0);
  Particle q = p[i];
  q.pos.x += dt * q.mass;
  q.id = (int)i;
  p[i] = q;
  p[i].mass *= 2.0f;
}

// A struct by value arrives as a read-only memref of its units, marked
// by_value in the kernel's metadata; the kernel works on a private copy.
// CHECK-LABEL: gpu.func @by_value(
// CHECK-SAME: %{{.*}}: memref<?xf32>, %[[S:.*]]: memref<3xf32>) kernel
// CHECK-SAME: #accir.arg<name = "k", kind = scalar, type_name = "__private Coeffs", size = 12, alignment = 4, by_value = true>], scalar_block_size = 12>
typedef struct { float a, b, c; } Coeffs;
kernel void by_value(global float *x, Coeffs k) {
  size_t i = get_global_id(0);
  k.a += 1.0f;
  x[i] = k.a * x[i] * x[i] + k.b * x[i] + k.c;
}

// Mixed widths: char and double leaves make 8-bit units, and the double
// is assembled from eight bytes.
// CHECK-LABEL: gpu.func @mixed(
// CHECK-SAME: %{{.*}}: memref<?xi8>
// CHECK: arith.shli {{.*}} : i64
// CHECK: arith.bitcast %{{.*}} : i64 to f64
typedef struct { char tag; double value; } Tagged;
kernel void mixed(global Tagged *t, global double *out) {
  size_t i = get_global_id(0);
  out[i] = t[i].tag == 'a' ? t[i].value : 0.0;
}

// A union reads the same units through another type.
// CHECK-LABEL: gpu.func @union_pun(
// CHECK: arith.bitcast %{{.*}} : f32 to i32
typedef union { float f; uint u; } Bits;
kernel void union_pun(global float *in, global uint *out) {
  size_t i = get_global_id(0);
  Bits b;
  b.f = in[i];
  out[i] = b.u;
}

// Private arrays, multi-dimensional arrays and initialiser lists: one
// memref per object, indices scaled by the element size in units.
// CHECK-LABEL: gpu.func @arrays(
// CHECK: memref.alloca() {{.*}} : memref<12xi32>
kernel void arrays(global int *out) {
  int m[3][4] = {{1, 2, 3, 4}, {5, 6}};
  int sum = 0;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c)
      sum += m[r][c] * (r + 1);
  int tail[5] = {7};
  out[get_global_id(0)] = sum + tail[0] + tail[4];
}

// Structs are returned from and passed to helpers by value.
// CHECK-LABEL: gpu.func @helpers(
typedef struct { int lo, hi; } Range;
Range widen(Range r, int by) {
  r.lo -= by;
  r.hi += by;
  return r;
}
kernel void helpers(global int *out) {
  Range r = {10, 20};
  Range w = widen(r, 3);
  out[0] = w.hi - w.lo + r.lo;
}
