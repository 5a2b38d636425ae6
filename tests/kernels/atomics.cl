// The atomic functions of 6.12.11 on global and
// local memory, and 64-bit atom_* (cl_khr_int64_base/extended_atomics).
// Cases: atomics.cpp.
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable

// One accumulator per kind; old[i] receives the value before this
// work-item's update where it is checked.
kernel void atomic_add_int(global const int *a, volatile global int *acc, global int *old) {
  size_t i = get_global_id(0);
  old[i] = atomic_add(acc, a[i]);
}
kernel void atomic_inc_uint(volatile global uint *acc, global uint *old) {
  old[get_global_id(0)] = atomic_inc(acc);
}
kernel void atomic_dec_int(volatile global int *acc, global int *old) {
  old[get_global_id(0)] = atomic_dec(acc);
}
kernel void atomic_sub_uint(global const uint *a, volatile global uint *acc) {
  atomic_sub(acc, a[get_global_id(0)]);
}
kernel void atomic_minmax_int(global const int *a, volatile global int *acc) {
  size_t i = get_global_id(0);
  atomic_min(&acc[0], a[i]);
  atomic_max(&acc[1], a[i]);
}
kernel void atomic_minmax_uint(global const uint *a, volatile global uint *acc) {
  size_t i = get_global_id(0);
  atomic_min(&acc[0], a[i]);
  atomic_max(&acc[1], a[i]);
}
kernel void atomic_bits_uint(global const uint *a, volatile global uint *acc) {
  size_t i = get_global_id(0);
  atomic_and(&acc[0], a[i]);
  atomic_or(&acc[1], a[i]);
  atomic_xor(&acc[2], a[i]);
}
// Each work-item swaps its id in; the old values and the final one are
// then a permutation of -1, 0 .. n-1.
kernel void atomic_xchg_int(volatile global int *acc, global int *old) {
  size_t i = get_global_id(0);
  old[i] = atomic_xchg(acc, (int)i);
}
kernel void atomic_xchg_float(volatile global float *acc, global float *old) {
  size_t i = get_global_id(0);
  old[i] = atomic_xchg(acc, (float)i);
}
// An add built from compare-and-swap.
kernel void atomic_cmpxchg_add(global const int *a, volatile global int *acc) {
  int v = a[get_global_id(0)];
  int expected = *acc, seen;
  while ((seen = atomic_cmpxchg(acc, expected, expected + v)) != expected)
    expected = seen;
}
// A histogram in local memory, merged into global memory.
kernel void local_histogram(global const uint *a, volatile global uint *bins) {
  local uint counts[16];
  uint lid = get_local_id(0);
  if (lid < 16)
    counts[lid] = 0;
  barrier(CLK_LOCAL_MEM_FENCE);
  atomic_inc(&counts[a[get_global_id(0)] & 15]);
  barrier(CLK_LOCAL_MEM_FENCE);
  if (lid < 16)
    atomic_add(&bins[lid], counts[lid]);
}
kernel void atom_add_long(global const long *a, volatile global long *acc) {
  atom_add(acc, a[get_global_id(0)]);
}
kernel void atom_minmax_ulong(global const ulong *a, volatile global ulong *acc) {
  size_t i = get_global_id(0);
  atom_min(&acc[0], a[i]);
  atom_max(&acc[1], a[i]);
  atom_xor(&acc[2], a[i]);
}
// The legacy 32-bit names.
kernel void atom_inc_int(volatile global int *acc) {
  atom_inc(acc);
}
