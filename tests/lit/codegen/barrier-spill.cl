// Values that live across a barrier on the cpu target: a private array
// becomes a per-work-item part of the spill area (a memref.view), scalars
// and vectors get structure-of-arrays slots (element [linear local id]),
// and values that can be recomputed (constants, local ids, sizes) are not
// saved. A barrier in a branch that the whole group takes, and in nested
// loops, gets a state of its own. When the work-group memory can exceed
// the stack allowance it comes from malloc and is freed at the end.
// RUN: %acc-cc --emit=mlir --target=cpu %s | FileCheck %s --check-prefix=MLIR
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=SPV

// The frame is [local bytes, spill bytes per work-item, barriers, uniform
// bytes, work-items may finish early]. private_array saves int priv[8] (32 bytes per work-item) and acc
// (4): 36 bytes, rounded to 48; the loop counter i is the same for every
// work-item, so it gets a uniform slot (4 bytes, rounded to 16) instead;
// the float4 is recomputed from the local id after each barrier. branches
// saves v per work-item and the counters r and q as uniform values.
// MLIR-DAG: llvm.mlir.global private constant @__acc_cpu_frame_private_array(dense<[0, 48, 2, 16, 0]>
// MLIR-DAG: llvm.mlir.global private constant @__acc_cpu_frame_branches(dense<[0, 16, 3, 16, 0]>
// MLIR-DAG: llvm.mlir.global private constant @__acc_cpu_frame_big(dense<[0, 2048, 1, 0, 0]>

// LLVM-LABEL: define void @__acc_kernel_private_array(
// LLVM: switch i32 %state, label %finished [
// LLVM-NEXT: i32 0, label
// LLVM-NEXT: i32 1, label
// LLVM-NEXT: i32 2, label
// LLVM-NEXT: ]
// LLVM-LABEL: define void @__acc_kernel_branches(
// LLVM: i32 3, label
// LLVM-LABEL: define void @__acc_kernel_big(
// 2048 bytes * items > 128 KiB, which LLVM folds to items > 64:
// LLVM: %on_heap = icmp ugt i64 %items, 64
// LLVM: call {{.*}}ptr @malloc(
// LLVM: call void @free(

// OCL-LABEL: kernel void private_array(
// OCL-COUNT-2: barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
// OCL-LABEL: kernel void branches(
// OCL-COUNT-3: barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);

// SPV-COUNT-6: OpControlBarrier

kernel void private_array(global const int *in, global int *out) {
  int priv[8];
  uint lid = get_local_id(0), n = get_local_size(0);
  size_t base = get_group_id(0) * n;
  for (int i = 0; i < 8; ++i)
    priv[i] = in[base + lid] * (i + 1);
  float4 v = (float4)(lid, lid + 1, lid + 2, lid + 3);
  out[base + lid] = 0;
  barrier(CLK_GLOBAL_MEM_FENCE);
  int acc = 0;
  for (int i = 0; i < 8; ++i) {
    acc += priv[i] + out[base + (lid + 1) % n];
    barrier(CLK_GLOBAL_MEM_FENCE);
  }
  out[base + lid] = acc + (int)(v.x + v.y + v.z + v.w);
}

kernel void branches(global int *data, int mode) {
  uint lid = get_local_id(0), n = get_local_size(0);
  size_t base = get_group_id(0) * n;
  int v = data[base + lid];
  if (mode > 0) {
    for (int r = 0; r < mode; ++r) {
      for (int q = 0; q < 2; ++q) {
        data[base + lid] = v + q;
        barrier(CLK_GLOBAL_MEM_FENCE);
        v = data[base + (n - 1 - lid)];
        barrier(CLK_GLOBAL_MEM_FENCE);
      }
    }
  } else {
    barrier(CLK_GLOBAL_MEM_FENCE);
    v = -v;
  }
  data[base + lid] = v;
}

// 2 KiB of private array per work-item across a barrier.
kernel void big(global int *out) {
  int big[512];
  uint lid = get_local_id(0);
  for (int i = 0; i < 512; ++i)
    big[i] = i ^ lid;
  barrier(CLK_LOCAL_MEM_FENCE);
  int s = 0;
  for (int i = 0; i < 512; ++i)
    s += big[(i + lid) % 512];
  out[get_global_id(0)] = s;
}
