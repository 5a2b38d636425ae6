// Pointer variables that choose between buffers (issue: a real-world kernel
// assigns one of several buffer pointers to a local pointer and indexes
// through it): assigned in branches, in loops, through ?:, with offsets,
// read and written, passed to a helper.

// Odd work-items start from b, even ones from a; then the pointer
// alternates every step.
kernel void choose(global const float *a, global const float *b,
                   global float *out, int n) {
  size_t i = get_global_id(0);
  global const float *src = a;
  if (i % 2)
    src = b;
  float sum = 0.0f;
  for (int k = 0; k < n; ++k) {
    sum += src[k];
    if (k & 1)
      src = a + 1;
    else
      src = b;
  }
  out[i] = sum + src[i % 4];
}

// Two buffers swapped every round: each work-item reads one and writes the
// other through the same pair of pointer variables.
kernel void ping_pong(global float *a, global float *b, int rounds) {
  size_t i = get_global_id(0);
  global float *src = a, *dst = b, *tmp;
  for (int r = 0; r < rounds; ++r) {
    dst[i] = src[i] * 2.0f + (float)r;
    tmp = src;
    src = dst;
    dst = tmp;
  }
}

float sum4(global const float *p) { return p[0] + p[1] + p[2] + p[3]; }

// ?: between buffers, with an offset, into a helper.
kernel void through_helper(global const float *a, global const float *b,
                           global float *out) {
  size_t i = get_global_id(0);
  global const float *p = (i & 1) ? a + i : b + 2 * i;
  out[i] = sum4(p);
}
