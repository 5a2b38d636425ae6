// Double arithmetic and the math builtins on double (fp64). Cases: fp64.cpp.
#define T double
#include "floating_kernels.h"

// Conversions between double and the other types, in one kernel.
kernel void mixed_double(global const double *a, global const float *f,
                         global const long *n, global double *out) {
  size_t i = get_global_id(0);
  double x = a[i] * f[i];          // float promoted to double
  float y = (float)a[i];
  long z = (long)(a[i] * 0.25);
  out[i] = x + (double)y - (double)n[i] + (double)z;
}

// The builtins without a libm function, in double: acc::expandMath's
// expansions on cpu (and the SPIR-V targets), OpenCL's own elsewhere.
kernel void sinpi_double(global const double *a, global double *out) {
  size_t i = get_global_id(0);
  out[i] = sinpi(a[i]);
}
kernel void cospi_double(global const double *a, global double *out) {
  size_t i = get_global_id(0);
  out[i] = cospi(a[i]);
}
kernel void tanpi_double(global const double *a, global double *out) {
  size_t i = get_global_id(0);
  out[i] = tanpi(a[i]);
}
kernel void rootn_double(global const double *a, global const int *n,
                         global double *out) {
  size_t i = get_global_id(0);
  out[i] = rootn(a[i], n[i]);
}
