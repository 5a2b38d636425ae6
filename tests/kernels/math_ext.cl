// The rest of OpenCL C 1.2's math library on
// float: 6.12.2 (including functions with pointer and integer arguments),
// the special values of powr, and the native_/half_ variants.
// Cases: math_ext.cpp.

#define U(F)                                                                   \
  kernel void F##_float(global const float *a, global float *out) {           \
    size_t i = get_global_id(0);                                               \
    out[i] = F(a[i]);                                                          \
  }
#define B(F)                                                                   \
  kernel void F##_float(global const float *a, global const float *b,         \
                        global float *out) {                                   \
    size_t i = get_global_id(0);                                               \
    out[i] = F(a[i], b[i]);                                                    \
  }

U(acos) U(acosh) U(acospi) U(asin) U(asinh) U(asinpi) U(atan) U(atanh)
U(atanpi) U(cbrt) U(cosh) U(cospi) U(erf) U(erfc) U(exp10) U(expm1)
U(log1p) U(logb) U(sinh) U(sinpi) U(tanh) U(tanpi) U(tgamma) U(lgamma)
U(native_sin) U(native_cos) U(native_exp) U(native_log) U(native_sqrt)
U(native_recip) U(native_rsqrt) U(half_sin) U(half_exp) U(half_log)
U(half_sqrt) U(half_recip) U(native_tan) U(native_log2) U(native_log10)
U(native_exp2) U(native_exp10) U(half_cos) U(half_tan) U(half_log2)
U(half_log10) U(half_exp2) U(half_exp10) U(half_rsqrt)
B(atan2) B(atan2pi) B(fdim) B(hypot) B(nextafter) B(remainder) B(maxmag)
B(minmag) B(powr) B(native_divide) B(half_divide) B(native_powr) B(half_powr)

#define WITH_INT(F)                                                            \
  kernel void F##_float(global const float *a, global const int *n,           \
                        global float *out) {                                   \
    size_t i = get_global_id(0);                                               \
    out[i] = F(a[i], n[i]);                                                    \
  }
WITH_INT(ldexp) WITH_INT(pown) WITH_INT(rootn)

kernel void ilogb_float(global const float *a, global int *out) {
  size_t i = get_global_id(0);
  out[i] = ilogb(a[i]);
}

kernel void nan_float(global const uint *a, global uint *out) {
  size_t i = get_global_id(0);
  float n = nan(a[i]);
  out[i] = isnan(n) ? 1u : 0u;
}

// Functions that return a second result through a pointer (private, then
// global): the two results are out[2i] and out[2i + 1].
kernel void frexp_float(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  int e;
  out[2 * i] = frexp(a[i], &e);
  out[2 * i + 1] = (float)e;
}
kernel void modf_float(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  float whole;
  out[2 * i] = modf(a[i], &whole);
  out[2 * i + 1] = whole;
}
kernel void fract_float(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  out[2 * i] = fract(a[i], out + 2 * i + 1);
}
kernel void sincos_float(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  float c;
  out[2 * i] = sincos(a[i], &c);
  out[2 * i + 1] = c;
}
kernel void remquo_float(global const float *a, global const float *b, global float *out) {
  size_t i = get_global_id(0);
  int q;
  out[2 * i] = remquo(a[i], b[i], &q);
  out[2 * i + 1] = (float)((q < 0 ? -q : q) & 7) * (q < 0 ? -1.0f : 1.0f);
}
kernel void lgamma_r_float(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  int sign;
  out[2 * i] = lgamma_r(a[i], &sign);
  out[2 * i + 1] = (float)sign;
}
