// On the cpu target, a loop that every work-item of a group runs the same
// number of times gets an implicit barrier at the end of its body, so that
// the work-group function runs one iteration for all work-items per round
// and the loop over work-items vectorises (GPUToCPU.cpp,
// insertLoopBarriers). The counter k lives in a uniform slot, the sum in a
// per-work-item one. A loop behind an early return on the id gets one too,
// and the frame says that work-items may finish early (the last element):
// the work-group function then tracks which have. A loop whose trip count
// depends on the work-item, or one behind another kind of branch on the
// id, keeps no barrier.
// RUN: %acc-cc --emit=mlir --target=cpu %s | FileCheck %s
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM

// CHECK-DAG: llvm.mlir.global private constant @__acc_cpu_frame_dot_rows(dense<[0, 16, 1, 16, 0]>
// CHECK-DAG: llvm.mlir.global private constant @__acc_cpu_frame_guarded(dense<[0, 16, 1, 16, 1]>
// CHECK-DAG: llvm.func @__acc_item_per_item_trip(
// CHECK-DAG: llvm.func @__acc_item_branch_then_loop(
// CHECK-NOT: @__acc_cpu_frame_per_item_trip
// CHECK-NOT: @__acc_cpu_frame_branch_then_loop

// LLVM-LABEL: define void @__acc_kernel_dot_rows(
// LLVM-NOT: %done_flags
// LLVM-LABEL: define void @__acc_kernel_guarded(
// LLVM: %done_flags = alloca i8

kernel void dot_rows(global const float *a, global const float *x,
                     global float *out, int n) {
  int i = get_global_id(0);
  float sum = 0.0f;
  for (int k = 0; k < n; ++k)
    sum += a[k * get_global_size(0) + i] * x[k];
  out[i] = sum;
}

kernel void per_item_trip(global const float *a, global float *out) {
  int i = get_global_id(0);
  float sum = 0.0f;
  for (int k = 0; k < i; ++k)
    sum += a[k];
  out[i] = sum;
}

kernel void guarded(global const float *a, global float *out, int n) {
  int i = get_global_id(0);
  if (i >= n)
    return;
  float sum = 0.0f;
  for (int k = 0; k < n; ++k)
    sum += a[k];
  out[i] = sum;
}

kernel void branch_then_loop(global const float *a, global float *out, int n) {
  int i = get_global_id(0);
  float sum = 0.0f;
  if (i % 2 == 0)
    sum = a[i];
  for (int k = 0; k < n; ++k)
    sum += a[k];
  out[i] = sum;
}
