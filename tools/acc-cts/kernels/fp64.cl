// acc-cts double-precision kernels, in their own bundle so that a device
// without fp64 can still load basic.accbin.

// out[k] = in[k] * d + 0.25 (exact for the values the test uses).
kernel void scalar_f64(global const double *in, global double *out, double d) {
  size_t k = get_global_id(0);
  out[k] = in[k] * d + 0.25;
}
