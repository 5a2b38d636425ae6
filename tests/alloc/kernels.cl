// Kernels for the allocation test: every argument kind, barriers.
kernel void empty(void) {}

kernel void axpy(float a, global const float *x, global float *y, uint n) {
  uint i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}

kernel void group_sum(global const float *in, global float *out,
                      local float *scratch) {
  uint l = get_local_id(0), size = get_local_size(0);
  scratch[l] = in[get_global_id(0)];
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint s = size / 2; s > 0; s /= 2) {
    if (l < s)
      scratch[l] += scratch[l + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (l == 0)
    out[get_group_id(0)] = scratch[0];
}

kernel void fill2d(global uint *out, uint width) {
  uint x = get_global_id(0), y = get_global_id(1);
  out[y * width + x] = y * width + x;
}
