// Vector types, literals, swizzles, operators
// on vectors, vector buffers and vload/vstore. Cases: vectors.cpp.

kernel void vec_add_float4(global const float4 *a, global const float4 *b, global float4 *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] + b[i] * 2.0f - (float4)(1.0f, 2.0f, 3.0f, 4.0f);
}

kernel void vec_int4_ops(global const int4 *a, global const int4 *b, global int4 *out) {
  size_t i = get_global_id(0);
  int4 x = a[i], y = b[i] | 1;
  out[4 * i + 0] = x + y * 3;
  out[4 * i + 1] = (x / y) ^ (x % y);
  out[4 * i + 2] = (x << (y & 31)) | (x >> 3);
  out[4 * i + 3] = ~x & -y;
}

kernel void vec_swizzle(global const float4 *a, global float4 *out) {
  size_t i = get_global_id(0);
  float4 v = a[i];
  out[3 * i + 0] = v.wzyx;
  out[3 * i + 1] = (float4)(v.xy, v.zw).yxwz + v.s3210;
  out[3 * i + 2] = (float4)(v.lo, v.hi) * (float4)(v.even, v.odd);
}

kernel void vec_component_write(global const int4 *a, global int4 *out) {
  size_t i = get_global_id(0);
  int4 v = a[i];
  v.x = 7;
  v.zw = v.wz;
  v.s1 += 100;
  v.hi *= 2;
  out[i] = v;
}

kernel void vec_compare(global const float4 *a, global const float4 *b, global int4 *out) {
  size_t i = get_global_id(0);
  int4 lt = a[i] < b[i];
  int4 eq = a[i] == b[i];
  int4 ne = isnotequal(a[i], b[i]);
  out[i] = lt + 2 * eq + 4 * ne;
}

kernel void vec_select_ternary(global const int4 *a, global const int4 *b, global int4 *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] > b[i] ? a[i] : b[i];
}

kernel void vec_broadcast(global const float *s, global float8 *out) {
  size_t i = get_global_id(0);
  float8 v = (float8)(s[i]);
  float8 w = (float8)((float2)(1.0f, 2.0f), (float4)(3.0f), s[i], 0.5f);
  out[i] = v * w + 1.0f;
}

kernel void vec_uchar16_wrap(global const uchar16 *a, global const uchar16 *b, global uchar16 *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] + b[i] * (uchar)3;
}

kernel void vec_float3(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  float3 v = vload3(i, a);
  float3 w = v.zxy * 2.0f + v;
  vstore3(w, i, out);
}

kernel void vec_vload_vstore(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int2 x2 = vload2(i, a);
  int4 x4 = vload4(i, a + 1);
  int8 x8 = vload8(i, a + 2);
  int16 x16 = vload16(i, a + 3);
  int s = x2.x + x2.y + x4.s0 + x4.s3 + x8.s7 + x16.sf + x16.sa;
  vstore2(x2 + s, 0, out + 32 * i);
  vstore4(x4, 0, out + 32 * i + 2);
  vstore8(x8.s76543210, 0, out + 32 * i + 6);
  vstore16(x16, 1, out + 32 * i - 2);
}

kernel void vec_long2_shift(global const long2 *a, global const ulong2 *b, global long2 *out) {
  size_t i = get_global_id(0);
  out[2 * i] = a[i] >> (long2)(b[i].x & 63, b[i].y & 63);
  out[2 * i + 1] = (long2)(a[i].y, a[i].x) << 1;
}

kernel void vec_double2(global const double2 *a, global const double2 *b, global double2 *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] * b[i].yx + (double2)(0.5, 0.25);
}

kernel void vec_math(global const float4 *a, global const float4 *b, global float4 *out) {
  size_t i = get_global_id(0);
  out[i] = fmin(fabs(a[i]), 3.0f) + fmax(a[i], b[i]) + sqrt(fabs(b[i]));
}

kernel void vec_short8_hilo(global const short8 *a, global short4 *out) {
  size_t i = get_global_id(0);
  short8 v = a[i];
  out[2 * i] = v.lo + v.hi;
  out[2 * i + 1] = v.even - v.odd;
}

kernel void vec_logical(global const int4 *a, global const int4 *b, global int4 *out) {
  size_t i = get_global_id(0);
  out[i] = (a[i] && b[i]) | (!a[i] & (int4)4);
}

kernel void vec_shuffle(global const int4 *a, global const int4 *b, global int8 *out) {
  size_t i = get_global_id(0);
  int4 s = shuffle(a[i], (uint4)(3, 0, 2, 1));
  int4 t = shuffle2(a[i], b[i], (uint4)(7, 1, 4, 2));
  out[i] = (int8)(s, t);
}

kernel void vec_step_sizeof(global int *out) {
  size_t i = get_global_id(0);
  out[i] = vec_step(float4) + 10 * vec_step(int3) + 100 * vec_step(char16) +
           1000 * (int)sizeof(float3) + 100000 * (int)sizeof(short2);
}
