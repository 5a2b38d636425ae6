// Local memory, barriers, fences, atomics and program-scope constants on
// the spirv-vk target.
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.spv && %spirv-val-vk %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable

// CHECK-DAG: OpCapability Int64Atomics
// CHECK-DAG: OpControlBarrier %uint_2 %uint_2 %uint_328
// CHECK-DAG: OpMemoryBarrier %uint_2 %uint_328
// CHECK-DAG: OpAtomicIAdd
// CHECK-DAG: OpAtomicCompareExchange
// CHECK-DAG: OpAtomicExchange %float
// CHECK-DAG: OpAtomicXor
// CHECK-DAG: OpAtomicUMax
// CHECK-DAG: OpAtomicSMin

constant float weights[4] = {0.25f, 0.5f, 0.75f, 1.0f};
constant short table[3] = {1, -2, 3};

kernel void reduce(global const float *in, global float *out,
                   local float *scratch, local int *counts) {
  local float tile[64];
  local int hits;
  size_t l = get_local_id(0);
  if (l == 0)
    hits = 0;
  tile[l] = in[get_global_id(0)] * weights[l & 3] + table[l % 3];
  scratch[l] = tile[l];
  counts[l] = 0;
  barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
  for (size_t s = get_local_size(0) / 2; s > 0; s >>= 1) {
    if (l < s)
      scratch[l] += scratch[l + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  atomic_inc(&hits);
  atomic_add(&counts[0], 1);
  mem_fence(CLK_GLOBAL_MEM_FENCE);
  if (l == 0)
    out[get_group_id(0)] = scratch[0] + hits;
}

kernel void atomics(volatile global int *i, volatile global uint *u,
                    volatile global float *f, volatile global long *w) {
  atomic_add(i, 1);
  atomic_sub(i + 1, 2);
  atomic_min(i + 2, -3);
  atomic_max(u, 4u);
  atomic_xor(u + 1, 5u);
  atomic_and(u + 2, 6u);
  atomic_or(u + 3, 7u);
  atomic_xchg(f, 1.5f);
  int old = atomic_cmpxchg(i + 3, 0, 8);
  atom_add(w, (long)old);
}
