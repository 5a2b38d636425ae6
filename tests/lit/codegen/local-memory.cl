// `local` memory: arrays declared in a kernel (workgroup attributions of
// the portable IR) and `local` pointer arguments (sized at launch). On the
// cpu target the arrays are views of the work-group memory the work-group
// function allocates (128-byte aligned) and the arguments arrive like
// buffers, from memory the plugin allocates per work-group; the workgroup
// memory space is plain memory there. mem_fence is a no-op on the cpu
// target (a group's work-items run in turn on one thread), mem_fence() in
// OpenCL C and OpMemoryBarrier in SPIR-V.
// RUN: %acc-cc --emit=mlir --target=cpu %s | FileCheck %s --check-prefix=MLIR
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=SPV
// RUN: %acc-cc --targets=cpu %s -o %t.accbin && %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=BUNDLE

// Two local arrays, 16 x 17 floats (1088 bytes) then 4 ints at the next
// 128-byte boundary (1152): 1280 bytes; no barrier, so nothing to spill
// and the item function keeps its plain form.
// MLIR-LABEL: llvm.func @__acc_item_arrays(
// MLIR-NOT: i32) -> i32
// MLIR: llvm.mlir.global private constant @__acc_cpu_frame_arrays(dense<[1280, 0, 0, 0, 0]>
// A kernel without local memory or barriers has no frame.
// MLIR-NOT: @__acc_cpu_frame_args
// MLIR: llvm.func @__acc_item_args(
// MLIR-NOT: @__acc_cpu_frame_args

// LLVM-LABEL: define void @__acc_kernel_arrays(
// LLVM: %group_memory{{[0-9]*}} = alloca [1280 x i8], align 128
// LLVM-NOT: fence
// LLVM-LABEL: define void @__acc_kernel_args(
// LLVM-NOT: alloca
// LLVM: ret void

// OCL-LABEL: kernel void arrays(global float *a0_out, ulong16 acc_launch) {
// OCL-NEXT: local float l1[272];
// OCL-NEXT: local uint l2[4];
// OCL: mem_fence(CLK_LOCAL_MEM_FENCE);
// OCL-LABEL: kernel void args(global int *a0_out, local int *a1_x, local short *a2_y, ulong16 acc_launch) {
// OCL: mem_fence(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);

// SPV-DAG: OpTypePointer Workgroup %_arr_float_uint_272
// SPV-DAG: OpTypePointer Workgroup %_arr_uint_uint_4
// SPV-DAG: %[[LOCALINT:[a-zA-Z_0-9]+]] = OpTypePointer Workgroup %uint
// SPV-DAG: %[[LOCALSHORT:[a-zA-Z_0-9]+]] = OpTypePointer Workgroup %ushort
// SPV-DAG: OpFunctionParameter %[[LOCALINT]]
// SPV-DAG: OpFunctionParameter %[[LOCALSHORT]]
// mem_fence(CLK_LOCAL_MEM_FENCE): Workgroup scope, SequentiallyConsistent |
// WorkgroupMemory (0x110); both fences add CrossWorkgroupMemory (0x310).
// SPV-DAG: OpMemoryBarrier %uint_2 %uint_272
// SPV-DAG: OpMemoryBarrier %uint_2 %uint_784

// BUNDLE: arrays
// BUNDLE: args
// BUNDLE: local

kernel void arrays(global float *out) {
  local float tile[16][17];
  local int counts[4];
  uint lid = get_local_id(0);
  tile[lid % 16][lid / 16] = (float)lid;
  counts[lid % 4] = (int)lid;
  mem_fence(CLK_LOCAL_MEM_FENCE);
  out[get_global_id(0)] = tile[lid % 16][lid / 16] + (float)counts[lid % 4];
}

kernel void args(global int *out, local int *x, local short *y) {
  uint lid = get_local_id(0);
  x[lid] = (int)lid * 2;
  y[lid] = (short)lid;
  mem_fence(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
  out[get_global_id(0)] = x[lid] + y[lid];
}
