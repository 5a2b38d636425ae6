// Range checks and border tests on work-item ids. On the cpu target the
// work-item loop gets a branch-free copy for the work-groups where such a
// test is the same for every work-item (WorkItemLoopVersioning.cpp); these
// kernels check both copies, the groups at the edges, ids that wrap, and
// tests the pass must leave alone.

kernel void range_lt(global const int *a, global int *out, int n) {
  int i = get_global_id(0);
  if (i < n)
    out[i] = a[i] + 1;
}

kernel void range_ge_return(global const int *a, global int *out, uint n) {
  uint i = get_global_id(0);
  if (i >= n)
    return;
  out[i] = a[i] * 2;
}

// A 1-D three-point stencil whose two ends copy their input.
kernel void border_1d(global const int *a, global int *out, int n) {
  int i = get_global_id(0);
  if (i >= n)
    return;
  if (i == 0 || i == n - 1) {
    out[i] = a[i];
    return;
  }
  out[i] = a[i - 1] + 10 * a[i] + 100 * a[i + 1];
}

// The same in 2-D, as acc-bench's stencil.
kernel void border_2d(global const int *a, global int *out, int w, int h) {
  int x = get_global_id(0), y = get_global_id(1);
  if (x >= w || y >= h)
    return;
  int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
    out[i] = -a[i];
    return;
  }
  out[i] = a[i - 1] + a[i + 1] + 3 * a[i - w] + 5 * a[i + w];
}

// int ids past 2^31 wrap to negative values: a test true at the first and
// the last work-item of a group is not true in between. Writes 1 where the
// test holds, indexed from the global offset.
kernel void wrap_signed(global int *out, int n) {
  int i = get_global_id(0);
  size_t k = get_global_id(0) - get_global_offset(0);
  if (i < n)
    out[k] = 1;
}

// The same with uint ids past 2^32.
kernel void wrap_unsigned(global int *out, uint n) {
  uint i = get_global_id(0);
  size_t k = get_global_id(0) - get_global_offset(0);
  if (i < n)
    out[k] = 1;
}

// A test on a value loaded per work-item is not a range check: it stays.
kernel void data_test(global const int *a, global int *out, int n) {
  int i = get_global_id(0);
  if (i < n && a[i] > 0)
    out[i] = a[i];
}

// Every second work-item (i % 2 is not affine).
kernel void parity(global int *out, int n) {
  int i = get_global_id(0);
  if (i < n && (i & 1) == 0)
    out[i] = i;
}

// A loop that every work-item runs the same number of times: on the cpu
// target it gets an implicit barrier at the end of its body, so that each
// round runs one iteration for the whole group (GPUToCPU.cpp,
// insertLoopBarriers). Ranges that leave a smaller last group, and local
// sizes of 1, must still work; so must a loop whose exit depends on the id
// (no barrier) next to it.
kernel void uniform_loop(global const int *in, global int *out, int count,
                         int rows) {
  int i = get_global_id(0);
  int sum = 0;
  for (int k = 0; k < rows; ++k)
    sum += in[k * count + i] * (k + 1);
  int extra = 0;
  for (int j = 0; j < i % 5; ++j)
    extra += in[j];
  out[i] = sum + extra;
}

// The same behind early returns: work-items that return finish while the
// others go through the loop's rounds (the work-group function skips the
// finished ones once any has). `skip` returns every seventh work-item too,
// so that every group has finished work-items.
kernel void guarded_loop(global const int *in, global int *out, int n,
                         int rows, int skip) {
  int i = get_global_id(0);
  if (i >= n || i % 7 == skip)
    return;
  int sum = 0;
  for (int k = 0; k < rows; ++k)
    sum += in[k * n + i] * (k + 1);
  out[i] = sum;
}
