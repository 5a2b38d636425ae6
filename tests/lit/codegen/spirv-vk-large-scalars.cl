// A scalar block that leaves no room for the 80 launch bytes in 128 bytes
// of push constants moves to a uniform buffer at the binding after the
// last storage buffer; the push-constant block then holds the launch words
// only. (double4 aligns the scalar block to 32 bytes: 128 bytes here.)
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.spv && %spirv-val-vk %t.spv
// RUN: %acc-cc --emit=mlir --target=spirv-vk %s | FileCheck %s

// CHECK-DAG: spirv.GlobalVariable @__acc_big_scalars bind(0, 2) : !spirv.ptr<!spirv.struct<(!spirv.array<8 x vector<4xi32>, stride=16> [0])>, Uniform>
// CHECK-DAG: spirv.GlobalVariable @__acc_big_push_constants : !spirv.ptr<!spirv.struct<(!spirv.array<5 x vector<4xi32>, stride=16> [0])>, PushConstant>
kernel void big(global float *out, double4 a, double4 b, double4 c,
                global const float *in, float x, ulong y) {
  size_t i = get_global_id(0) + get_global_offset(0);
  out[i] = in[i] * x + (float)(a.x + b.y + c.w) + (float)y;
}
