// Integer arithmetic: division, remainder and right shift follow the
// signedness of the (promoted) operands; shift amounts are masked by the bit
// width of the left operand (OpenCL C 6.3.j), so no shift is undefined.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-LABEL: gpu.func @add_sub_mul(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[Y:.*]]: i32) kernel
// CHECK: %[[ADD:.*]] = arith.addi %[[X]], %[[Y]] : i32
// CHECK: memref.store %[[ADD]]
// CHECK: %[[SUB:.*]] = arith.subi %[[X]], %[[Y]] : i32
// CHECK: memref.store %[[SUB]]
// CHECK: %[[MUL:.*]] = arith.muli %[[X]], %[[Y]] : i32
// CHECK: memref.store %[[MUL]]
// CHECK: %[[NEG:.*]] = arith.subi %{{.*}}, %[[X]] : i32
// CHECK: memref.store %[[NEG]]
kernel void add_sub_mul(global int *a, int x, int y) {
  a[0] = x + y;
  a[1] = x - y;
  a[2] = x * y;
  a[3] = -x;
}

// Integer division and remainder never trap: the divisor is replaced by 1
// when it is 0 (and, for signed division, when it is -1, the quotient then
// being negated), so a buggy kernel gets a wrong result as on a GPU instead of
// a SIGFPE on the CPU.
// CHECK-LABEL: gpu.func @div_rem(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[Y:.*]]: i32, %[[U:.*]]: i32, %[[V:.*]]: i32, %[[L:.*]]: i64, %[[M:.*]]: i64, %[[UL:.*]]: i64, %[[UM:.*]]: i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[MONE:.*]] = arith.constant -1 : i32
// CHECK: %[[YZ:.*]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : i32
// CHECK: %[[YM:.*]] = arith.cmpi eq, %[[Y]], %[[MONE]] : i32
// CHECK: %[[SP:.*]] = arith.ori %[[YZ]], %[[YM]] : i1
// CHECK: %[[D:.*]] = arith.select %[[SP]], %[[ONE]], %[[Y]] : i32
// CHECK: %[[Q:.*]] = arith.divsi %[[X]], %[[D]] : i32
// CHECK: %[[NQ:.*]] = arith.subi %[[ZERO]], %[[Q]] : i32
// CHECK: %[[QR:.*]] = arith.select %[[YM]], %[[NQ]], %[[Q]] : i32
// CHECK: memref.store %[[QR]], %[[A]]
// CHECK: %[[R:.*]] = arith.remsi %[[X]], %[[D]] : i32
// CHECK: memref.store %[[R]], %[[A]]
// CHECK: %[[VZ:.*]] = arith.cmpi eq, %[[V]], %[[ZERO]] : i32
// CHECK: %[[DV:.*]] = arith.select %[[VZ]], %[[ONE]], %[[V]] : i32
// CHECK: arith.divui %[[U]], %[[DV]] : i32
// CHECK: arith.remui %[[U]], %[[DV]] : i32
// CHECK: arith.divsi %[[L]], %{{.*}} : i64
// CHECK: arith.remsi %[[L]], %{{.*}} : i64
// CHECK: arith.divui %[[UL]], %{{.*}} : i64
// CHECK: arith.remui %[[UL]], %{{.*}} : i64
// Mixed int/uint is unsigned (usual arithmetic conversions).
// CHECK: arith.divui %[[X]], %{{.*}} : i32
// Float division and remainder are plain.
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: arith.remf %{{.*}}, %{{.*}} : f32
kernel void div_rem(global int *a, int x, int y, uint u, uint v, long l, long m,
                    ulong ul, ulong um, global long *o,
                    global float *f) {
  a[0] = x / y;
  a[1] = x % y;
  a[2] = u / v;
  a[3] = u % v;
  o[0] = l / m;
  o[1] = l % m;
  o[2] = ul / um;
  o[3] = ul % um;
  a[4] = x / u;
  f[0] = f[1] / f[2];
  f[3] = fmod(f[4], f[5]);
}

// CHECK-LABEL: gpu.func @shifts(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32, %[[U:.*]]: i32, %[[L:.*]]: i64, %[[UL:.*]]: i64, %[[S:.*]]: i32
// CHECK-DAG: %[[M31:.*]] = arith.constant 31 : i32
// CHECK-DAG: %[[M63:.*]] = arith.constant 63 : i64
// CHECK: %[[S31:.*]] = arith.andi %[[S]], %[[M31]] : i32
// CHECK: arith.shli %[[X]], %[[S31]] : i32
// CHECK: arith.shrsi %[[X]], %[[S31]] : i32
// CHECK: arith.shrui %[[U]], %[[S31]] : i32
// A 32-bit amount for a 64-bit value is zero-extended, then masked with 63.
// CHECK: %[[S64:.*]] = arith.extui %[[S]] : i32 to i64
// CHECK: %[[S63:.*]] = arith.andi %[[S64]], %[[M63]] : i64
// CHECK: arith.shrsi %[[L]], %[[S63]] : i64
// CHECK: arith.shrui %[[UL]], %[[S63]] : i64
// CHECK: arith.shli %[[L]], %[[S63]] : i64
// A 64-bit amount for a 32-bit value is truncated, then masked with 31.
// CHECK: %[[LT:.*]] = arith.trunci %[[L]] : i64 to i32
// CHECK: %[[LM:.*]] = arith.andi %[[LT]], %[[M31]] : i32
// CHECK: arith.shli %[[X]], %[[LM]] : i32
kernel void shifts(global int *a, int x, uint u, long l, ulong ul, int s,
                   global long *o) {
  a[0] = x << s;
  a[1] = x >> s;
  a[2] = u >> s;
  o[0] = l >> s;
  o[1] = ul >> s;
  o[2] = l << s;
  a[3] = x << l;
}

// A constant shift amount is masked at compile time: 33 & 31 == 1.
// CHECK-LABEL: gpu.func @constant_shift(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[X:.*]]: i32) kernel
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[R:.*]] = arith.shli %[[X]], %[[ONE]] : i32
// CHECK: memref.store %[[R]], %[[A]]
kernel void constant_shift(global int *a, int x) {
  a[0] = x << 33;
}

// char and short are promoted to int before arithmetic.
// CHECK-LABEL: gpu.func @promotion(
// CHECK-SAME: %[[A:.*]]: memref<?xi32>, %[[C:.*]]: i8, %[[S:.*]]: i16, %[[UC:.*]]: i8) kernel
// CHECK: %[[CE:.*]] = arith.extsi %[[C]] : i8 to i32
// CHECK: %[[SE:.*]] = arith.extsi %[[S]] : i16 to i32
// CHECK: %[[T:.*]] = arith.addi %[[CE]], %[[SE]] : i32
// CHECK: %[[UE:.*]] = arith.extui %[[UC]] : i8 to i32
// CHECK: arith.addi %[[T]], %[[UE]] : i32
kernel void promotion(global int *a, char c, short s, uchar uc) {
  a[0] = c + s + uc;
}

// Float arithmetic.
// CHECK-LABEL: gpu.func @float_arith(
// CHECK-SAME: %[[F:.*]]: memref<?xf32>, %[[X:.*]]: f32, %[[Y:.*]]: f32) kernel
// CHECK: arith.addf %[[X]], %[[Y]] : f32
// CHECK: arith.subf %[[X]], %[[Y]] : f32
// CHECK: arith.mulf %[[X]], %[[Y]] : f32
// CHECK: arith.divf %[[X]], %[[Y]] : f32
// CHECK: arith.negf %[[X]] : f32
kernel void float_arith(global float *f, float x, float y) {
  f[0] = x + y;
  f[1] = x - y;
  f[2] = x * y;
  f[3] = x / y;
  f[4] = -x;
}
