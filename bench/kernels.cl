// The kernels acc-bench times: compiled by acc-cc into acc-bench.accbin for
// the acc backends, and given as they are to the OpenCL driver (PoCL) by the
// raw OpenCL path. GPU-style OpenCL C, as portable applications write it.

kernel void saxpy(float a, global const float *x, global float *y, int n) {
  int i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}

// STREAM triad.
kernel void triad(global float *a, global const float *b,
                  global const float *c, float s, int n) {
  int i = get_global_id(0);
  if (i < n)
    a[i] = b[i] + s * c[i];
}

// 5-point stencil on a w x h grid; the border is copied.
kernel void stencil5(global const float *in, global float *out, int w, int h) {
  int x = get_global_id(0), y = get_global_id(1);
  if (x >= w || y >= h)
    return;
  int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
    out[i] = in[i];
    return;
  }
  out[i] = 0.5f * in[i] +
           0.125f * (in[i - 1] + in[i + 1] + in[i - w] + in[i + w]);
}

// C = A B, n x n row-major, one work-item per element of C.
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

// The same with 16 x 16 tiles of A and B in local memory (n a multiple of
// 16).
#define TILE 16
kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void sgemm_tiled(global const float *A, global const float *B,
                 global float *C, int n) {
  local float As[TILE][TILE];
  local float Bs[TILE][TILE];
  int tx = get_local_id(0), ty = get_local_id(1);
  int col = get_global_id(0), row = get_global_id(1);
  float sum = 0.0f;
  for (int t = 0; t < n; t += TILE) {
    As[ty][tx] = A[row * n + t + tx];
    Bs[ty][tx] = B[(t + ty) * n + col];
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int k = 0; k < TILE; ++k)
      sum += As[ty][k] * Bs[k][tx];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  C[row * n + col] = sum;
}

// Sum of n floats: each work-item adds a strided share, then a tree
// reduction in local memory; one partial sum per work-group.
kernel void reduce_sum(global const float *in, global float *partial,
                       local float *scratch, int n) {
  int lid = get_local_id(0);
  int size = get_local_size(0);
  float acc = 0.0f;
  for (int i = get_global_id(0); i < n; i += get_global_size(0))
    acc += in[i];
  scratch[lid] = acc;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int s = size / 2; s > 0; s /= 2) {
    if (lid < s)
      scratch[lid] += scratch[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0)
    partial[get_group_id(0)] = scratch[0];
}

// Histogram of n values into `bins` bins (a power of two) with global
// atomics.
kernel void histogram(global const uint *data, global uint *hist, int n,
                      uint bins) {
  int i = get_global_id(0);
  if (i < n)
    atomic_inc(&hist[data[i] & (bins - 1)]);
}

kernel void empty(void) {}
