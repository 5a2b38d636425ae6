// transpose.cl - out = transpose(in) for a width x height row-major matrix.
//
// Part of acc, a cross-vendor accelerator SDK. Compiled by acc-cc into
// transpose.accbin, which holds code for every target of this build.
//
// A 2-D range with one work-item per element of `in`: x runs along a row,
// y down a column. The range is rounded up to whole work-groups, so each
// work-item checks that its element exists.
kernel void transpose(global const float* in, global float* out, uint width,
                      uint height) {
  size_t x = get_global_id(0);
  size_t y = get_global_id(1);
  if (x < width && y < height)
    out[x * height + y] = in[y * width + x];
}
