// Half storage through vload_half/vstore_half
// (6.12.7), without cl_khr_fp16 arithmetic. Cases: half.cpp.

kernel void load_half(global const half *h, global float *out) {
  size_t i = get_global_id(0);
  out[i] = vload_half(i, h);
}
kernel void load_half4(global const half *h, global float4 *out) {
  size_t i = get_global_id(0);
  out[i] = vload_half4(i, h);
}
kernel void store_half(global const float *f, global half *h) {
  size_t i = get_global_id(0);
  vstore_half(f[i], i, h);
}
kernel void store_half_rte(global const float *f, global half *h) {
  size_t i = get_global_id(0);
  vstore_half_rte(f[i], i, h);
}
kernel void store_half_rtz(global const float *f, global half *h) {
  size_t i = get_global_id(0);
  vstore_half_rtz(f[i], i, h);
}
kernel void store_half_rtp(global const float *f, global half *h) {
  size_t i = get_global_id(0);
  vstore_half_rtp(f[i], i, h);
}
kernel void store_half_rtn(global const float *f, global half *h) {
  size_t i = get_global_id(0);
  vstore_half_rtn(f[i], i, h);
}
kernel void store_half4(global const float4 *f, global half *h) {
  size_t i = get_global_id(0);
  vstore_half4(f[i], i, h);
}
kernel void store_half_double(global const double *d, global half *h) {
  size_t i = get_global_id(0);
  vstore_half(d[i], i, h);
}
kernel void roundtrip_half(global const half *h, global half *out) {
  size_t i = get_global_id(0);
  float x = vload_half(i, h);
  vstore_half(x * 2.0f, i, out);
}
kernel void aligned_half4(global const half *h, global half *out) {
  size_t i = get_global_id(0);
  float4 v = vloada_half4(i, h);
  vstorea_half4_rtz(v * 0.5f, i, out);
}
