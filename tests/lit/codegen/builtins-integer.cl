// Integer builtins (Builtins.cpp) for every width and signedness: exact
// arith expansions, math.ctlz/ctpop, and arith.mul[su]i_extended for the
// high half of products (i128 on the cpu target, OpSMulExtended and
// OpUMulExtended on spirv-cl, mul_hi() in OpenCL C).
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=CPU
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=mlir --target=spirv-cl %s | FileCheck %s --check-prefix=SPV
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @ints(
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: math.ctlz %{{.*}} : i32
// CHECK: math.ctpop %{{.*}} : i32
// CHECK: arith.mulsi_extended %{{.*}}, %{{.*}} : i32
// CHECK: arith.mului_extended %{{.*}}, %{{.*}} : i32
// OCL-LABEL: kernel void ints(
// OCL: clz(
// OCL: popcount(
// OCL: mul_hi(((int)
// OCL: mul_hi(
// SPV-LABEL: spirv.func @ints(
// SPV: spirv.BitCount
// SPV: spirv.BitCount
// SPV: spirv.SMulExtended
// SPV: spirv.UMulExtended
kernel void ints(global int *o, int x, int y, uint u, uint v) {
  o[0] = abs(x) + abs_diff(x, y);
  o[1] = add_sat(x, y) + sub_sat(u, v);
  o[2] = hadd(x, y) + rhadd(u, v);
  o[3] = clz(x) + popcount(u);
  o[4] = mul_hi(x, y) + mad_hi(u, v, u);
  o[5] = mad_sat(x, y, x);
  o[6] = rotate(u, v) + upsample((short)x, (ushort)u);
  o[7] = mad24(x, y, x) + mul24(u, v);
  o[8] = clamp(x, -4, 4) + max(u, 3u) + min(x, y);
}

// 64-bit products: 128-bit multiplies on the cpu target.
// CHECK-LABEL: gpu.func @longs(
// CHECK: arith.mulsi_extended %{{.*}}, %{{.*}} : i64
// CHECK: arith.mului_extended %{{.*}}, %{{.*}} : i64
// CPU-LABEL: define void @__acc_kernel_longs(
// CPU: mul {{.*}}i128
// SPV-LABEL: spirv.func @longs(
// SPV: spirv.SMulExtended {{.*}} : !spirv.struct<(i64, i64)>
kernel void longs(global long *o, long x, long y, ulong u) {
  o[0] = mul_hi(x, y);
  o[1] = mad_sat(u, u, u);
  o[2] = clz(x) + popcount(u);
}

// Vectors, with scalar operands broadcast.
// CHECK-LABEL: gpu.func @vectors(
// CHECK: arith.mului_extended %{{.*}}, %{{.*}} : vector<4xi8>
// CHECK: math.ctlz %{{.*}} : vector<4xi8>
// CPU-LABEL: define void @__acc_kernel_vectors(
// CPU: @llvm.ctlz.v4i8
kernel void vectors(global uchar *o, global const uchar *a) {
  uchar4 v = (uchar4)(a[0], a[1], a[2], a[3]);
  uchar4 r = add_sat(v, (uchar)200) + mul_hi(v, v) + clz(v) + rotate(v, (uchar)3);
  o[0] = r.x + r.w;
}
