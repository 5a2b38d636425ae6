// The relational functions of 6.12.6. On
// scalars a true result is 1; on vectors it is -1 (all bits set).
// Cases: relational.cpp.

#define P1(F)                                                                  \
  kernel void F##_float(global const float *a, global int *out) {             \
    size_t i = get_global_id(0);                                               \
    out[i] = F(a[i]);                                                          \
  }
#define P2(F)                                                                  \
  kernel void F##_float(global const float *a, global const float *b,         \
                        global int *out) {                                     \
    size_t i = get_global_id(0);                                               \
    out[i] = F(a[i], b[i]);                                                    \
  }

P1(isfinite) P1(isinf) P1(isnan) P1(isnormal) P1(signbit)
P2(isequal) P2(isnotequal) P2(isgreater) P2(isgreaterequal) P2(isless)
P2(islessequal) P2(islessgreater) P2(isordered) P2(isunordered)

kernel void isnan_double(global const double *a, global long *out) {
  size_t i = get_global_id(0);
  out[i] = isnan(a[i]) + 2 * isinf(a[i]) + 4 * signbit(a[i]);
}

kernel void isless_float4(global const float4 *a, global const float4 *b, global int4 *out) {
  size_t i = get_global_id(0);
  out[i] = isless(a[i], b[i]) + 2 * isnan(a[i]);
}

kernel void any_all_int4(global const int4 *a, global int *out) {
  size_t i = get_global_id(0);
  out[i] = any(a[i]) + 2 * all(a[i]);
}

kernel void select_int(global const int *a, global const int *b, global const int *c, global int *out) {
  size_t i = get_global_id(0);
  out[i] = select(a[i], b[i], c[i]);
}

kernel void select_float4(global const float4 *a, global const float4 *b, global const int4 *c,
                          global float4 *out) {
  size_t i = get_global_id(0);
  out[i] = select(a[i], b[i], c[i]);
}

kernel void bitselect_uint(global const uint *a, global const uint *b, global const uint *c,
                           global uint *out) {
  size_t i = get_global_id(0);
  out[i] = bitselect(a[i], b[i], c[i]);
}

kernel void bitselect_float(global const float *a, global const float *b, global const float *c,
                            global float *out) {
  size_t i = get_global_id(0);
  out[i] = bitselect(a[i], b[i], c[i]);
}
