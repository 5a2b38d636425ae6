// The geometric functions of 6.12.5 and the
// common functions of 6.12.4 (mix, step, smoothstep, sign, degrees,
// radians, and vector/scalar clamp, min, max). Cases: geometric.cpp.

kernel void dot_float4(global const float4 *a, global const float4 *b, global float *out) {
  size_t i = get_global_id(0);
  out[i] = dot(a[i], b[i]);
}
kernel void dot_float2(global const float2 *a, global const float2 *b, global float *out) {
  size_t i = get_global_id(0);
  out[i] = dot(a[i], b[i]);
}
kernel void cross_float4(global const float4 *a, global const float4 *b, global float4 *out) {
  size_t i = get_global_id(0);
  out[i] = cross(a[i], b[i]);
}
kernel void cross_float3(global const float *a, global const float *b, global float *out) {
  size_t i = get_global_id(0);
  vstore3(cross(vload3(i, a), vload3(i, b)), i, out);
}
kernel void length_float4(global const float4 *a, global float *out) {
  size_t i = get_global_id(0);
  out[i] = length(a[i]);
}
kernel void distance_float4(global const float4 *a, global const float4 *b, global float *out) {
  size_t i = get_global_id(0);
  out[i] = distance(a[i], b[i]);
}
kernel void normalize_float4(global const float4 *a, global float4 *out) {
  size_t i = get_global_id(0);
  out[i] = normalize(a[i]);
}
kernel void fast_length_float4(global const float4 *a, global float *out) {
  size_t i = get_global_id(0);
  out[i] = fast_length(a[i]);
}
kernel void fast_distance_float4(global const float4 *a, global const float4 *b, global float *out) {
  size_t i = get_global_id(0);
  out[i] = fast_distance(a[i], b[i]);
}
kernel void fast_normalize_float4(global const float4 *a, global float4 *out) {
  size_t i = get_global_id(0);
  out[i] = fast_normalize(a[i]);
}
kernel void dot_double4(global const double4 *a, global const double4 *b, global double *out) {
  size_t i = get_global_id(0);
  out[i] = dot(a[i], b[i]);
}

kernel void mix_float(global const float *a, global const float *b, global const float *t,
                      global float *out) {
  size_t i = get_global_id(0);
  out[i] = mix(a[i], b[i], t[i]);
}
kernel void step_float(global const float *e, global const float *x, global float *out) {
  size_t i = get_global_id(0);
  out[i] = step(e[i], x[i]);
}
kernel void smoothstep_float(global const float *x, global float *out) {
  size_t i = get_global_id(0);
  out[i] = smoothstep(-1.0f, 2.0f, x[i]);
}
kernel void sign_float(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  out[i] = sign(a[i]);
}
kernel void degrees_radians_float(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  out[2 * i] = degrees(a[i]);
  out[2 * i + 1] = radians(a[i]);
}
kernel void clamp_float4_scalar(global const float4 *a, global float4 *out) {
  size_t i = get_global_id(0);
  out[i] = clamp(a[i], -1.0f, 1.0f) + min(a[i], 0.5f) + max(a[i], -0.5f);
}
kernel void clamp_int4_scalar(global const int4 *a, global int4 *out) {
  size_t i = get_global_id(0);
  out[i] = clamp(a[i], -100, 100) + min(a[i], 7) * 2;
}
