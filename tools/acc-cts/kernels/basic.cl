// acc-cts test kernels: everything the current kernel language supports
// (docs/kernel-language.md). Every kernel's result is checked on the host
// against a reference computed there (tools/acc-cts/*Tests.cpp).

// The work-item functions of dimension `d`, as 8 ulongs at `out`.
void record_dim(global ulong *out, uint d) {
  out[0] = get_global_id(d);
  out[1] = get_local_id(d);
  out[2] = get_group_id(d);
  out[3] = get_global_size(d);
  out[4] = get_local_size(d);
  out[5] = get_num_groups(d);
  out[6] = get_global_offset(d);
  out[7] = get_work_dim();
}

// One record of 3 x 8 ulongs per work-item, at its position in the range
// (the offset removed), row-major with dimension 0 fastest.
kernel void ids(global ulong *out) {
  size_t x = get_global_id(0) - get_global_offset(0);
  size_t y = get_global_id(1) - get_global_offset(1);
  size_t z = get_global_id(2) - get_global_offset(2);
  size_t item = x + get_global_size(0) * (y + get_global_size(1) * z);
  global ulong *rec = out + item * 24;
  record_dim(rec, 0);
  record_dim(rec + 8, 1);
  record_dim(rec + 16, 2);
}

// ids with 32-bit records, for devices whose code has no 64-bit integers
// (global_id_bits 32: GLES).
void record_dim32(global uint *out, uint d) {
  out[0] = (uint)get_global_id(d);
  out[1] = (uint)get_local_id(d);
  out[2] = (uint)get_group_id(d);
  out[3] = (uint)get_global_size(d);
  out[4] = (uint)get_local_size(d);
  out[5] = (uint)get_num_groups(d);
  out[6] = (uint)get_global_offset(d);
  out[7] = get_work_dim();
}
kernel void ids32(global uint *out) {
  size_t x = get_global_id(0) - get_global_offset(0);
  size_t y = get_global_id(1) - get_global_offset(1);
  size_t z = get_global_id(2) - get_global_offset(2);
  size_t item = x + get_global_size(0) * (y + get_global_size(1) * z);
  global uint *rec = out + item * 24;
  record_dim32(rec, 0);
  record_dim32(rec + 8, 1);
  record_dim32(rec + 16, 2);
}

// The last work-item of a 1-D range writes its id, its group's local size,
// the number of groups and the global size: a huge range costs no memory.
kernel void last_item(global ulong *out) {
  size_t i = get_global_id(0);
  if (i + 1 == get_global_offset(0) + get_global_size(0)) {
    out[0] = i;
    out[1] = get_local_size(0);
    out[2] = get_num_groups(0);
    out[3] = get_global_size(0);
  }
}

// last_item with 32-bit results (ranges below 2^32).
kernel void last_item32(global uint *out) {
  size_t i = get_global_id(0);
  if (i + 1 == get_global_offset(0) + get_global_size(0)) {
    out[0] = (uint)i;
    out[1] = (uint)get_local_size(0);
    out[2] = (uint)get_num_groups(0);
    out[3] = (uint)get_global_size(0);
  }
}

// local_sums with 32-bit types: `a` of uint, `b` of uint2 (v, 2v); out[group]
// = sum(in) + sum(2 * in) modulo 2^32.
kernel void local_sums32(global const uint *in, global uint *out,
                         local uint *a, local uint2 *b) {
  size_t lid = get_local_id(0);
  uint v = in[get_global_id(0)];
  a[lid] = v;
  b[lid] = (uint2)(0u, 2u * v);
  barrier(CLK_LOCAL_MEM_FENCE);
  if (lid == 0) {
    uint s = 0;
    for (size_t i = 0; i < get_local_size(0); ++i)
      s += a[i] + b[i].x + b[i].y;
    out[get_group_id(0)] = s;
  }
}

// Two `local` arguments of different element types, sized at launch: each
// work-item stores its value in both, and work-item 0 of the group sums
// them after the barrier. out[group] = sum(in) + sum(2 * in).
kernel void local_sums(global const uint *in, global ulong *out,
                       local uint *a, local ulong *b) {
  size_t lid = get_local_id(0);
  uint v = in[get_global_id(0)];
  a[lid] = v;
  b[lid] = 2ul * v;
  barrier(CLK_LOCAL_MEM_FENCE);
  if (lid == 0) {
    ulong s = 0;
    for (size_t i = 0; i < get_local_size(0); ++i)
      s += a[i] + b[i];
    out[get_group_id(0)] = s;
  }
}

// out[i - offset] = i * mul + add: cheap enough for very large ranges.
kernel void iota(global uint *out, uint mul, uint add) {
  size_t i = get_global_id(0);
  out[i - get_global_offset(0)] = (uint)i * mul + add;
}

// Every integer scalar size, signed and unsigned, plus float: element k of
// each output is the scalar combined with k (wrapping like C on the host).
kernel void scalars(global char *oc, global uchar *ouc, global short *os,
                    global ushort *ous, global int *oi, global uint *oui,
                    global long *ol, global ulong *oul, global float *of,
                    char c, uchar uc, short s, ushort us, int i, uint ui,
                    long l, ulong ul, float f) {
  size_t k = get_global_id(0);
  oc[k] = (char)(c + (char)k);
  ouc[k] = (uchar)(uc + (uchar)k);
  os[k] = (short)(s + (short)k);
  ous[k] = (ushort)(us + (ushort)k);
  oi[k] = i + (int)k;
  oui[k] = ui + (uint)k;
  ol[k] = l * (long)(k + 1);
  oul[k] = ul ^ ((ulong)k << 40);
  of[k] = f * (float)(k + 1);
}

// y = a * x + y for i < n (the range may be larger than n).
kernel void axpy(float a, global const float *x, global float *y, uint n) {
  size_t i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}

// data[i] += v: used many times on the same buffer, so ordering shows.
kernel void add_int(global int *data, int v) {
  size_t i = get_global_id(0);
  data[i] = data[i] + v;
}

// `unused` is bound to a zero-size buffer and never touched.
kernel void zero_size_arg(global int *unused, global int *out) {
  out[get_global_id(0)] = 7;
}

// Reads a `constant` buffer.
kernel void use_constant(constant int *table, global int *out, uint n) {
  size_t i = get_global_id(0);
  out[i] = table[i % n] * 3 + 1;
}

// A fixed work-group size.
kernel __attribute__((reqd_work_group_size(8, 1, 1)))
void reqd8(global uint *out) {
  size_t i = get_global_id(0);
  out[i] = (uint)get_local_size(0) * 1000u + (uint)get_local_id(0);
}

// 8-bit and 16-bit buffers: byte-granular stores must not tear neighbours.
kernel void bytes_and_shorts(global const uchar *in8, global uchar *out8,
                             global const ushort *in16, global ushort *out16) {
  size_t i = get_global_id(0);
  out8[i] = (uchar)(in8[i] * 3u + 1u);
  out16[i] = (ushort)(in16[i] ^ 0x5a5au);
}

// Control flow and math builtins, checked within a tolerance.
kernel void math_f32(global const float *x, global float *out) {
  size_t i = get_global_id(0);
  float v = x[i];
  float r = 0.0f;
  for (int k = 0; k < 4; ++k) {
    if (k % 2 == 0)
      r += sqrt(fabs(v) + (float)k);
    else
      r -= (float)k * 0.5f;
  }
  out[i] = r + fmax(v, 0.0f);
}

// Slow on purpose, so that a queue that does not wait for it would see the
// buffer before it is written: out[i] = `rounds` steps of an LCG from i.
kernel void slow_lcg(global uint *out, uint rounds) {
  size_t i = get_global_id(0);
  uint h = (uint)i;
  for (uint k = 0; k < rounds; ++k)
    h = h * 1664525u + 1013904223u;
  out[i] = h;
}

// A work-group exchange through local memory across a barrier, for ranges
// the local size does not divide: every work-item stores a tag of its
// global id, and after the barrier reads the tag of its mirror image in
// the group (flat local index reversed over the group's real size). A
// partial group that ran extra work-items, reported a wrong local size, or
// lost a survivor at the barrier reads the wrong tag. The record per item:
// {mirror's tag, group id x | y << 16, groups x | y << 16, size x | y << 16}.
kernel void barrier_mirror(global uint4 *out, local uint *tags) {
  size_t sx = get_local_size(0), sy = get_local_size(1);
  size_t flat = get_local_id(1) * sx + get_local_id(0);
  tags[flat] = (uint)get_global_id(0) * 4096u + (uint)get_global_id(1);
  barrier(CLK_LOCAL_MEM_FENCE);
  uint mirror = tags[sx * sy - 1 - flat];
  size_t x = get_global_id(0) - get_global_offset(0);
  size_t y = get_global_id(1) - get_global_offset(1);
  out[y * get_global_size(0) + x] =
      (uint4)(mirror, (uint)(get_group_id(0) | get_group_id(1) << 16),
              (uint)(get_num_groups(0) | get_num_groups(1) << 16),
              (uint)(sx | sy << 16));
}

// A scalar block of 1200 bytes: past some devices' limit on kernel
// arguments (acc_device_info_t::max_scalar_block_size).
typedef struct {
  uint v[300];
} big_block_t;
kernel void big_scalar(global uint *out, big_block_t b) {
  size_t i = get_global_id(0);
  out[i] = b.v[i] + 1u;
}

// Does nothing: for launches that must be refused before they run.
kernel void no_effect(uint unused) {}
