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
