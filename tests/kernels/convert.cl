// Explicit conversions convert_<type>[_sat]
// [_rte|_rtz|_rtp|_rtn] of 6.2.3. Cases: convert.cpp.

#define CONV(NAME, S, D, FN)                                                   \
  kernel void NAME(global const S *a, global D *out) {                        \
    size_t i = get_global_id(0);                                               \
    out[i] = FN(a[i]);                                                         \
  }

CONV(float_to_int_rte, float, int, convert_int_rte)
CONV(float_to_int_rtz, float, int, convert_int_rtz)
CONV(float_to_int_rtp, float, int, convert_int_rtp)
CONV(float_to_int_rtn, float, int, convert_int_rtn)
CONV(float_to_int_sat, float, int, convert_int_sat)
CONV(float_to_int_sat_rte, float, int, convert_int_sat_rte)
CONV(float_to_uchar_sat, float, uchar, convert_uchar_sat)
CONV(float_to_ushort_sat_rtp, float, ushort, convert_ushort_sat_rtp)
CONV(float_to_long_sat_rtn, float, long, convert_long_sat_rtn)
CONV(float_to_ulong_sat, float, ulong, convert_ulong_sat)
CONV(int_to_uchar_sat, int, uchar, convert_uchar_sat)
CONV(int_to_char_sat, int, char, convert_char_sat)
CONV(long_to_uint_sat, long, uint, convert_uint_sat)
CONV(uint_to_int_sat, uint, int, convert_int_sat)
CONV(ulong_to_short_sat, ulong, short, convert_short_sat)
CONV(int_to_short, int, short, convert_short)
CONV(int_to_float_rtz, int, float, convert_float_rtz)
CONV(int_to_float_rtp, int, float, convert_float_rtp)
CONV(int_to_float_rtn, int, float, convert_float_rtn)
CONV(ulong_to_float_rte, ulong, float, convert_float_rte)
CONV(double_to_float_rtz, double, float, convert_float_rtz)
CONV(double_to_float_rtp, double, float, convert_float_rtp)
CONV(double_to_int_sat_rte, double, int, convert_int_sat_rte)

kernel void float4_to_int4_rtn(global const float4 *a, global int4 *out) {
  size_t i = get_global_id(0);
  out[i] = convert_int4_rtn(a[i]);
}
kernel void int8_to_uchar8_sat(global const int8 *a, global uchar8 *out) {
  size_t i = get_global_id(0);
  out[i] = convert_uchar8_sat(a[i]);
}
