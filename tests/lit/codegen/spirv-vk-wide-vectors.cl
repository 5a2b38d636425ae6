// Vulkan SPIR-V vectors have at most 4 components: on the spirv-vk target
// 8- and 16-element vectors are computed lane by lane, values carried
// around loops become one value per lane, and `.hi`, `any` and `.sf`
// read the lanes directly.
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.spv && %spirv-val-vk %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s

// CHECK-NOT: %v8float
// CHECK-NOT: %v16
// CHECK-LABEL: OpEntryPoint GLCompute %{{.*}} "add8"
kernel void add8(global float8 *a, global int8 *flags, global float4 *hi,
                 global int *any8) {
  size_t i = get_global_id(0);
  a[i] = a[i] * 2.0f + a[i + 1];
  hi[i] = a[i].hi + a[i].odd;
  any8[i] = any(flags[i] < 0) + all(flags[i] > 3);
}

kernel void loop16(global const int16 *in, global int16 *out, int n) {
  size_t i = get_global_id(0);
  int16 acc = (int16)(0);
  for (int k = 0; k < n; ++k)
    acc += in[i * n + k] ^ (int16)(k);
  out[i] = acc;
  out[i].s0 = acc.sf;
}
