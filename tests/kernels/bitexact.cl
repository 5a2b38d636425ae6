// Arithmetic that must give the same bits on every backend: contraction is
// decided once, in the portable IR (a multiplication written as the
// operand of an addition or subtraction in one expression becomes fma;
// nothing else is fused), and every target honours that decision exactly.

kernel void fused_add(global const float *a, global const float *b,
                      global const float *c, global float *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] * b[i] + c[i];
}

kernel void fused_sub(global const float *a, global const float *b,
                      global const float *c, global float *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] * b[i] - c[i];
}

kernel void fused_rsub(global const float *a, global const float *b,
                       global const float *c, global float *out) {
  size_t i = get_global_id(0);
  out[i] = c[i] - a[i] * b[i];
}

// Both operands are products: the left one is fused.
kernel void det2(global const float *a, global const float *b,
                 global const float *c, global const float *d,
                 global float *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] * d[i] - b[i] * c[i];
}

// A product reached through a variable is not fused.
kernel void split(global const float *a, global const float *b,
                  global const float *c, global float *out) {
  size_t i = get_global_id(0);
  float t = a[i] * b[i];
  out[i] = t + c[i];
}

// Horner's scheme: one fma per step.
kernel void horner(global const float *x, global float *out) {
  size_t i = get_global_id(0);
  float v = x[i];
  out[i] = ((0.5f * v + 0.25f) * v - 1.0f) * v + 2.0f;
}

kernel void fused_add_double(global const double *a, global const double *b,
                             global const double *c, global double *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] * b[i] + c[i];
}

// Integers wrap the same way everywhere.
kernel void int_mix(global const int *a, global const int *b,
                    global const int *c, global int *out) {
  size_t i = get_global_id(0);
  out[i] = (a[i] * b[i] + c[i]) ^ (a[i] >> 3) ^ (int)((uint)b[i] >> 5);
}
