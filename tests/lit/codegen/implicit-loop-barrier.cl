// On the cpu target, a loop that every work-item of a group runs the same
// number of times gets an implicit barrier at the end of its body, so that
// the work-group function runs one iteration for all work-items per round
// and the loop over work-items vectorises (GPUToCPU.cpp,
// insertLoopBarriers). The counter k lives in a uniform slot, the sum in a
// per-work-item one. A loop whose trip count depends on the work-item, or
// one behind a branch on the id, keeps no barrier.
// RUN: %acc-cc --emit=mlir --target=cpu %s | FileCheck %s

// CHECK-DAG: llvm.mlir.global private constant @__acc_cpu_frame_dot_rows(dense<[0, 16, 1, 16]>
// CHECK-DAG: llvm.func @__acc_item_per_item_trip(
// CHECK-DAG: llvm.func @__acc_item_guarded(
// CHECK-NOT: @__acc_cpu_frame_per_item_trip
// CHECK-NOT: @__acc_cpu_frame_guarded

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
