// The cpu target gives a work-item loop whose body tests the work-item's id
// against a bound (a range check, a border test) a branch-free copy, taken
// for work-groups where the test is the same for every work-item
// (WorkItemLoopVersioning.cpp); the copy vectorises without masked loads
// and stores. A test on loaded data is left alone.
// RUN: %acc-cc --emit=llvm %s | FileCheck %s

// The original loop keeps its masked accesses (for the last group); the
// copy loads and stores whole vectors.
// CHECK-LABEL: define void @__acc_kernel_saxpy(
// CHECK-DAG: label %loop0.acc.fast.preheader
// CHECK-DAG: call void @llvm.masked.store
// CHECK-DAG: {{^}}  %{{.*}} = load <{{[0-9]+}} x float>, ptr
// CHECK-DAG: {{^}}  store <{{[0-9]+}} x float>
// CHECK-LABEL: {{^}}}
kernel void saxpy(float a, global const float *x, global float *y, int n) {
  int i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}

// Both the bound and the border tests (x == 0, x == w - 1) are versioned.
// CHECK-LABEL: define void @__acc_kernel_border(
// CHECK: label %loop0.acc.fast.preheader
// CHECK-LABEL: {{^}}}
kernel void border(global const float *in, global float *out, int w, int h) {
  int x = get_global_id(0), y = get_global_id(1);
  if (x >= w || y >= h)
    return;
  int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
    out[i] = in[i];
    return;
  }
  out[i] = in[i - 1] + in[i + 1] + in[i - w] + in[i + w];
}

// CHECK-LABEL: define void @__acc_kernel_data_test(
// CHECK-NOT: acc.fast
// CHECK-LABEL: {{^}}}
kernel void data_test(global const float *in, global float *out) {
  int i = get_global_id(0);
  if (in[i] > 0.0f)
    out[i] = in[i];
}

// In a kernel with an implicit loop barrier, each round's loop over
// work-items tests the uniform `k < n`; versioned on that test, the round
// vectorises (it stayed scalar before).
// CHECK-LABEL: define void @__acc_kernel_sgemm_naive(
// CHECK: label %loop0.acc.fast.preheader
// CHECK: @llvm.fma.v{{[0-9]+}}f32(<{{[0-9]+}} x float>
// CHECK-LABEL: {{^}}}
kernel void sgemm_naive(global const float *A, global const float *B,
                        global float *C, int n) {
  int col = get_global_id(0), row = get_global_id(1);
  if (row >= n || col >= n)
    return;
  float sum = 0.0f;
  for (int k = 0; k < n; ++k)
    sum += A[row * n + k] * B[k * n + col];
  C[row * n + col] = sum;
}
