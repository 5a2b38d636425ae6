// The 32-bit atomic functions of OpenCL 1.2 on global and local memory.
// The portable IR has memref.atomic_rmw, and memref.generic_atomic_rmw with
// the body select(current == compare, value, current) for atomic_cmpxchg.
// cpu: LLVM atomicrmw / cmpxchg. opencl-c: atomic_<op>() on a volatile
// pointer of the operation's signedness. spirv-cl: OpAtomic* with Device
// scope on global and Workgroup scope on local memory, sequentially
// consistent.
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=SPV

// LLVM-LABEL: define void @__acc_kernel_rmw(
// LLVM-DAG: atomicrmw add ptr
// LLVM-DAG: atomicrmw min ptr
// LLVM-DAG: atomicrmw umax ptr
// LLVM-DAG: atomicrmw and ptr
// LLVM-DAG: atomicrmw or ptr
// LLVM-DAG: atomicrmw xor ptr
// LLVM-DAG: atomicrmw xchg ptr
// LLVM-LABEL: define void @__acc_kernel_cas(
// LLVM: cmpxchg ptr
// LLVM-LABEL: define void @__acc_kernel_histogram(
// LLVM: atomicrmw add ptr

// OCL-LABEL: kernel void rmw(
// OCL: atomic_add((volatile global uint *)&a0_acc[
// OCL: atomic_add((volatile global uint *)&a0_acc[{{.*}}], ((uint)4294967295u))
// OCL: atomic_min((volatile global int *)&a0_acc[{{.*}}], ((int)
// OCL: atomic_max((volatile global uint *)&a0_acc[
// OCL: atomic_and((volatile global uint *)&a0_acc[
// OCL: atomic_or((volatile global uint *)&a0_acc[
// OCL: atomic_xor((volatile global uint *)&a0_acc[
// OCL: atomic_xchg((volatile global uint *)&a0_acc[
// OCL: atomic_xchg((volatile global float *)&a1_f[
// OCL-LABEL: kernel void cas(
// OCL: atomic_cmpxchg((volatile global uint *)&a1_acc[
// OCL-LABEL: kernel void histogram(
// OCL: atomic_add((volatile local uint *)&l2[
// OCL: atomic_add((volatile global uint *)&a1_bins[

// Device = 1, Workgroup = 2; SequentiallyConsistent | CrossWorkgroupMemory
// = 0x210 = 528, SequentiallyConsistent | WorkgroupMemory = 0x110 = 272.
// SPV: OpAtomicIAdd %uint %{{.*}} %uint_1 %uint_528
// SPV: OpAtomicSMin %uint %{{.*}} %uint_1 %uint_528
// SPV: OpAtomicUMax %uint
// SPV: OpAtomicAnd %uint
// SPV: OpAtomicOr %uint
// SPV: OpAtomicXor %uint
// SPV: OpAtomicExchange %uint
// SPV: OpAtomicExchange %float
// SPV: OpAtomicCompareExchange %uint %{{.*}} %uint_1 %uint_528 %uint_528
// SPV: OpAtomicIAdd %uint %{{.*}} %uint_2 %uint_272
// SPV: OpAtomicIAdd %uint %{{.*}} %uint_1 %uint_528

kernel void rmw(volatile global int *acc, volatile global float *f,
                global const int *a) {
  size_t i = get_global_id(0);
  atomic_add(&acc[0], a[i]);
  atomic_dec(&acc[1]);
  atomic_min(&acc[2], a[i]);
  atomic_max((volatile global uint *)&acc[3], (uint)a[i]);
  atomic_and(&acc[4], a[i]);
  atomic_or(&acc[5], a[i]);
  atomic_xor(&acc[6], a[i]);
  atomic_xchg(&acc[7], (int)i);
  atomic_xchg(&f[0], (float)i);
}

// An add built from compare-and-swap.
kernel void cas(global const int *a, volatile global int *acc) {
  int v = a[get_global_id(0)];
  int expected = *acc, seen;
  while ((seen = atomic_cmpxchg(acc, expected, expected + v)) != expected)
    expected = seen;
}

// A histogram in local memory, merged into global memory.
kernel void histogram(global const uint *a, volatile global uint *bins) {
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
