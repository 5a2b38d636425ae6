// saxpy.cl - y = a * x + y, one work-item per element.
//
// Part of acc, a cross-vendor accelerator SDK. Compiled by acc-cc into
// saxpy.accbin, which holds code for every target of this build.
//
// The range is rounded up to a whole number of work-groups, so the kernel
// checks that its element exists.
kernel void saxpy(float a, global const float* x, global float* y, uint n) {
  size_t i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}
