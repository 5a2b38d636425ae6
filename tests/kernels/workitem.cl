// Work-item functions in 1, 2 and 3 dimensions, with global offsets,
// non-uniform ranges, dimensions chosen at run time, reqd_work_group_size.
// Cases: workitem.cpp.

#define RECORD 22

// Linear index of this work-item in the range, offsets removed.
static size_t linear_id(void) {
  return (get_global_id(0) - get_global_offset(0)) +
         get_global_size(0) * ((get_global_id(1) - get_global_offset(1)) +
                               get_global_size(1) * (get_global_id(2) - get_global_offset(2)));
}

static void record(global ulong *out) {
  global ulong *r = out + linear_id() * RECORD;
  for (uint d = 0; d < 3; ++d) {
    r[d] = get_global_id(d);
    r[3 + d] = get_local_id(d);
    r[6 + d] = get_group_id(d);
    r[9 + d] = get_local_size(d);
    r[12 + d] = get_num_groups(d);
    r[15 + d] = get_global_size(d);
    r[18 + d] = get_global_offset(d);
  }
  r[21] = get_work_dim();
}

kernel void ids_1d(global ulong *out) { record(out); }
kernel void ids_2d(global ulong *out) { record(out); }
kernel void ids_3d(global ulong *out) { record(out); }

// Constant dimension arguments, each function called directly.
kernel void ids_const(global ulong *out) {
  global ulong *r = out + linear_id() * RECORD;
  r[0] = get_global_id(0); r[1] = get_global_id(1); r[2] = get_global_id(2);
  r[3] = get_local_id(0); r[4] = get_local_id(1); r[5] = get_local_id(2);
  r[6] = get_group_id(0); r[7] = get_group_id(1); r[8] = get_group_id(2);
  r[9] = get_local_size(0); r[10] = get_local_size(1); r[11] = get_local_size(2);
  r[12] = get_num_groups(0); r[13] = get_num_groups(1); r[14] = get_num_groups(2);
  r[15] = get_global_size(0); r[16] = get_global_size(1); r[17] = get_global_size(2);
  r[18] = get_global_offset(0); r[19] = get_global_offset(1); r[20] = get_global_offset(2);
  r[21] = get_work_dim();
}

// Dimensions outside 0..2 (given at run time): 1 for the sizes, 0 otherwise.
kernel void ids_out_of_range(global const uint *dims, global ulong *out) {
  size_t i = get_global_id(0);
  uint d = dims[i];
  out[i * 7 + 0] = get_global_id(d);
  out[i * 7 + 1] = get_local_id(d);
  out[i * 7 + 2] = get_group_id(d);
  out[i * 7 + 3] = get_local_size(d);
  out[i * 7 + 4] = get_num_groups(d);
  out[i * 7 + 5] = get_global_size(d);
  out[i * 7 + 6] = get_global_offset(d);
}

__attribute__((reqd_work_group_size(8, 4, 1)))
kernel void ids_reqd(global ulong *out) { record(out); }

// A 2-D computation indexed by work-item functions: out = transpose(in).
kernel void transpose_2d(global const int *in, global int *out, uint width, uint height) {
  size_t x = get_global_id(0), y = get_global_id(1);
  if (x < width && y < height)
    out[x * height + y] = in[y * width + x];
}
