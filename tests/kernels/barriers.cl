// Local memory (arrays declared in the kernel
// and `local` pointer arguments) and barriers, many inside loops. Every
// kernel works for any work-group size up to 256, including sizes that are
// not powers of two. Cases: barriers.cpp.

#define MAX_GROUP 256

// Tree reduction of one group's values: sum of in[] per group.
static void tree_reduce(local int *partial, global const int *in, global int *out) {
  uint lid = get_local_id(0), n = get_local_size(0);
  partial[lid] = in[get_global_id(0)];
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint s = 1; s < n; s <<= 1) {
    if (lid % (2 * s) == 0 && lid + s < n)
      partial[lid] += partial[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0)
    out[get_group_id(0)] = partial[0];
}
kernel void reduce_local_array(global const int *in, global int *out) {
  local int partial[MAX_GROUP];
  tree_reduce(partial, in, out);
}
kernel void reduce_local_arg(global const int *in, global int *out, local int *partial) {
  tree_reduce(partial, in, out);
}

// Inclusive scan per group (Hillis-Steele), in a local array.
kernel void scan_local_array(global const int *in, global int *out) {
  local int buf[MAX_GROUP];
  uint lid = get_local_id(0), n = get_local_size(0);
  buf[lid] = in[get_global_id(0)];
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint offset = 1; offset < n; offset <<= 1) {
    int t = lid >= offset ? buf[lid - offset] : 0;
    barrier(CLK_LOCAL_MEM_FENCE);
    buf[lid] += t;
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  out[get_global_id(0)] = buf[lid];
}

// Exclusive scan per group with two ping-pong halves of a local argument
// of 2 * group size ints.
kernel void scan_local_arg(global const int *in, global int *out, local int *buf) {
  uint lid = get_local_id(0), n = get_local_size(0);
  uint src = 0, dst = n;
  buf[lid] = lid > 0 ? in[get_global_id(0) - 1] : 0;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint offset = 1; offset < n; offset *= 2) {
    buf[dst + lid] = buf[src + lid] + (lid >= offset ? buf[src + lid - offset] : 0);
    barrier(CLK_LOCAL_MEM_FENCE);
    uint t = src;
    src = dst;
    dst = t;
  }
  out[get_global_id(0)] = buf[src + lid];
}

// C = A (M x K) * B (K x N). Work-item (col, row); a 1-D group of L columns
// of one row loads A's row through a local tile of L values at a time.
static void matmul_row_tiles(local float *tile, global const float *a, global const float *b,
                             global float *c, uint k_dim, uint n_dim) {
  uint col = get_global_id(0), row = get_global_id(1);
  uint lid = get_local_id(0), l = get_local_size(0);
  float sum = 0.0f;
  for (uint t = 0; t < k_dim; t += l) {
    tile[lid] = t + lid < k_dim ? a[row * k_dim + t + lid] : 0.0f;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint k = 0; k < l && t + k < k_dim; ++k)
      sum += tile[k] * b[(t + k) * n_dim + col];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  c[row * n_dim + col] = sum;
}
kernel void matmul_tiled(global const float *a, global const float *b, global float *c,
                         uint k_dim, uint n_dim) {
  local float tile[MAX_GROUP];
  matmul_row_tiles(tile, a, b, c, k_dim, n_dim);
}
kernel void matmul_tiled_arg(global const float *a, global const float *b, global float *c,
                             uint k_dim, uint n_dim, local float *tile) {
  matmul_row_tiles(tile, a, b, c, k_dim, n_dim);
}

// Square T x T tiles of A and B (T = the group's width = its height, <= 16).
kernel void matmul_tiled_2d(global const float *a, global const float *b, global float *c,
                            uint k_dim, uint n_dim) {
  local float ta[16][16], tb[16][16];
  uint tx = get_local_id(0), ty = get_local_id(1), tsz = get_local_size(0);
  uint col = get_global_id(0), row = get_global_id(1);
  float sum = 0.0f;
  for (uint t = 0; t < k_dim; t += tsz) {
    ta[ty][tx] = t + tx < k_dim ? a[row * k_dim + t + tx] : 0.0f;
    tb[ty][tx] = t + ty < k_dim ? b[(t + ty) * n_dim + col] : 0.0f;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint k = 0; k < tsz; ++k)
      sum += ta[ty][k] * tb[k][tx];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  c[row * n_dim + col] = sum;
}

// Reverses each group's slice through local memory.
kernel void reverse_in_group(global const int *in, global int *out) {
  local int buf[MAX_GROUP];
  uint lid = get_local_id(0), n = get_local_size(0);
  buf[lid] = in[get_global_id(0)];
  barrier(CLK_LOCAL_MEM_FENCE);
  out[get_global_id(0)] = buf[n - 1 - lid];
}

// Global memory made visible within the group by a global fence barrier:
// each work-item reads its right neighbour's (rotating) value, several rounds.
kernel void rotate_global(global int *data, global int *out, uint rounds) {
  uint lid = get_local_id(0), n = get_local_size(0);
  size_t base = get_group_id(0) * n;
  int v = data[base + lid];
  for (uint r = 0; r < rounds; ++r) {
    data[base + lid] = v;
    barrier(CLK_GLOBAL_MEM_FENCE);
    v = data[base + (lid + 1) % n] + 1;
    barrier(CLK_GLOBAL_MEM_FENCE);
  }
  out[base + lid] = v;
}

// A local 2-D tile transpose with a padded tile (16 x 17).
kernel void transpose_local(global const float *in, global float *out, uint width, uint height) {
  local float tile[16][17];
  uint lx = get_local_id(0), ly = get_local_id(1);
  uint x = get_global_id(0), y = get_global_id(1);
  tile[ly][lx] = in[y * width + x];
  barrier(CLK_LOCAL_MEM_FENCE);
  uint ox = get_group_id(1) * get_local_size(1) + lx;
  uint oy = get_group_id(0) * get_local_size(0) + ly;
  out[oy * height + ox] = tile[lx][ly];
}

// Two local arguments and a local array in one kernel, with mem_fence.
kernel void two_local_args(global const int *in, global int *out, local int *x, local short *y) {
  local int z[MAX_GROUP];
  uint lid = get_local_id(0), n = get_local_size(0);
  x[lid] = in[get_global_id(0)];
  y[lid] = (short)lid;
  z[lid] = 3;
  mem_fence(CLK_LOCAL_MEM_FENCE);
  barrier(CLK_LOCAL_MEM_FENCE);
  out[get_global_id(0)] = x[(lid + 1) % n] * z[lid] + y[n - 1 - lid];
}

// async_work_group_copy into local memory and back, then wait_group_events.
kernel void async_copy(global const int *in, global int *out) {
  local int buf[MAX_GROUP];
  uint n = get_local_size(0);
  size_t base = get_group_id(0) * n;
  prefetch(in + base, n);
  event_t e = async_work_group_copy(buf, in + base, n, 0);
  wait_group_events(1, &e);
  buf[get_local_id(0)] *= 2;
  barrier(CLK_LOCAL_MEM_FENCE);
  e = async_work_group_copy(out + base, buf, n, 0);
  wait_group_events(1, &e);
}

// A strided copy: the group gathers every 3rd value of a 3 * n block.
kernel void async_strided_copy(global const int *in, global int *out) {
  local int buf[MAX_GROUP];
  uint n = get_local_size(0);
  size_t base = get_group_id(0) * n;
  event_t e = async_work_group_strided_copy(buf, in + 3 * base + 1, n, 3, 0);
  wait_group_events(1, &e);
  out[base + get_local_id(0)] = buf[n - 1 - get_local_id(0)];
}

// read_mem_fence/write_mem_fence between a store and a load of one work-item.
kernel void fences(global int *data, global int *out) {
  size_t i = get_global_id(0);
  data[i] += 5;
  write_mem_fence(CLK_GLOBAL_MEM_FENCE);
  read_mem_fence(CLK_GLOBAL_MEM_FENCE);
  out[i] = data[i] * 3;
}

// Values live across a barrier that are the same for every work-item are
// kept once per group on the cpu target (uniform slots); these look uniform
// but are not, and must be kept per work-item.
// A value merged after a branch on the local id.
kernel void divergent_join(global const int *in, global int *out) {
  uint lid = get_local_id(0);
  int u = 7;
  if (lid % 3 == 1)
    u = 11;
  barrier(CLK_LOCAL_MEM_FENCE);
  out[get_global_id(0)] = u + in[get_global_id(0)];
}

// A counter left by a loop whose exit depends on the local id.
kernel void divergent_loop_exit(global const int *in, global int *out) {
  uint lid = get_local_id(0);
  int k = 0, step = 3;
  while (k < (int)lid)
    k += step;
  barrier(CLK_LOCAL_MEM_FENCE);
  out[get_global_id(0)] = k * 1000 + in[get_global_id(0)];
}

// A uniform loop counter next to a counter changed by some work-items only,
// across barriers inside the loop; and a uniform value (the round) indexing
// local memory.
kernel void uniform_and_divergent_counters(global const int *in,
                                           global int *out) {
  local int buf[MAX_GROUP];
  uint lid = get_local_id(0), n = get_local_size(0);
  int mine = 0;
  for (int round = 0; round < 4; ++round) {
    if (lid % 2 == 0)
      mine += round;
    buf[lid] = in[get_global_id(0)] + round;
    barrier(CLK_LOCAL_MEM_FENCE);
    mine += buf[(lid + round) % n];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  out[get_global_id(0)] = mine;
}
