// barrier() inside a loop and a branch that every work-item of the group
// takes. On the cpu target the per-work-item function becomes resumable:
// it switches on a state argument (0 = start, k = after barrier k), each
// barrier saves the values live across it into the group's spill area and
// returns k, and the end returns -1. The work-group function runs one loop
// over the work-items per state until the state is -1. `local` arrays are
// views of the work-group memory, whose size the frame constant
// [local bytes, spill bytes per work-item, barriers, uniform bytes, early]
// gives.
// The loop counter, the same for every work-item, lives across the
// barriers in a uniform slot, not in per-work-item ones.
// RUN: %acc-cc --emit=mlir --target=cpu %s | FileCheck %s --check-prefix=MLIR
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=SPV
// RUN: %acc-cc --targets=cpu %s -o %t.accbin && %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=BUNDLE

// MLIR-LABEL: llvm.func @__acc_item_reduce(
// MLIR-SAME: %arg42: i32) -> i32
// MLIR: llvm.switch %arg42 : i32, ^[[START:bb[0-9]+]] [
// MLIR-NEXT: 1: ^[[AFTER1:bb[0-9]+]]
// MLIR-NEXT: 2: ^[[AFTER2:bb[0-9]+]]
// The loop counter is live across the barrier in the loop: saved, then
// restored in the resume block.
// MLIR: llvm.store
// MLIR: llvm.return %{{.*}} : i32
// MLIR: llvm.mlir.global private constant @__acc_cpu_frame_reduce(dense<[256, 0, 2, 16, 0]>

// Nothing is saved per work-item, so the group memory is the local array
// alone, a fixed-size alloca.
// LLVM-LABEL: define void @__acc_kernel_reduce(
// LLVM: %group_memory{{[0-9]*}} = alloca [256 x i8], align 128
// LLVM: round:
// LLVM-NEXT: %state = phi i32
// LLVM-NEXT: switch i32 %state, label %finished [
// LLVM-NEXT: i32 0, label
// LLVM-NEXT: i32 1, label
// LLVM-NEXT: i32 2, label
// LLVM-NOT: define {{.*}}@__acc_item_reduce
// LLVM-NOT: @__acc_cpu_frame

// OCL-LABEL: kernel void reduce(global const int *a0_in, global int *a1_out, ulong16 acc_launch) {
// OCL-NEXT: local uint l2[64];
// A kernel with barriers is dispatched in whole groups only (the plugin
// splits a non-uniform range, acc/acc_launch.h): no work-item retires early.
// OCL-NOT: >= __acc_global_size
// OCL: barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
// OCL: barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
// OCL-NOT: barrier(

// The local array is a Workgroup variable; barrier() is OpControlBarrier
// with Workgroup (2) scopes and SequentiallyConsistent | WorkgroupMemory |
// CrossWorkgroupMemory (0x310 = 784) semantics.
// SPV-DAG: %[[ARR:[a-zA-Z_0-9]+]] = OpTypePointer Workgroup %_arr_uint_uint_64
// SPV-DAG: OpVariable %[[ARR]] Workgroup
// SPV-DAG: %uint_2 = OpConstant %uint 2
// SPV-DAG: %uint_784 = OpConstant %uint 784
// SPV: OpControlBarrier %uint_2 %uint_2 %uint_784

// Without a required work-group size its partial groups run as dispatches
// of their own: it uses barriers but does not need uniform groups.
// BUNDLE: reduce
// BUNDLE-NOT: needs-uniform-groups
// BUNDLE: uses-barriers
kernel void reduce(global const int *in, global int *out) {
  local int partial[64];
  uint lid = get_local_id(0), n = get_local_size(0);
  partial[lid] = in[get_global_id(0)];
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint s = n / 2; s > 0; s >>= 1) {
    if (lid < s)
      partial[lid] += partial[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0)
    out[get_group_id(0)] = partial[0];
}
