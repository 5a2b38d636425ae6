// The integer functions of 6.12.3 beyond
// min/max/clamp, on several types. Cases: int_ext.cpp.

#define I1(F, T, R)                                                            \
  kernel void F##_##T(global const T *a, global R *out) {                     \
    size_t i = get_global_id(0);                                               \
    out[i] = F(a[i]);                                                          \
  }
#define I2(F, T, R)                                                            \
  kernel void F##_##T(global const T *a, global const T *b, global R *out) {  \
    size_t i = get_global_id(0);                                               \
    out[i] = F(a[i], b[i]);                                                    \
  }
#define I3(F, T)                                                               \
  kernel void F##_##T(global const T *a, global const T *b, global const T *c,\
                      global T *out) {                                         \
    size_t i = get_global_id(0);                                               \
    out[i] = F(a[i], b[i], c[i]);                                              \
  }

#define ALL_OF(T, UT)                                                          \
  I1(abs, T, UT) I2(abs_diff, T, UT) I2(add_sat, T, T) I2(sub_sat, T, T)       \
  I2(hadd, T, T) I2(rhadd, T, T) I2(mul_hi, T, T) I3(mad_hi, T)                \
  I3(mad_sat, T) I1(popcount, T, T) I1(clz, T, T) I2(rotate, T, T)

ALL_OF(char, uchar)
ALL_OF(uchar, uchar)
ALL_OF(short, ushort)
ALL_OF(int, uint)
ALL_OF(uint, uint)
ALL_OF(long, ulong)
ALL_OF(ulong, ulong)

I2(mul24, int, int)
I3(mad24, int)
I2(mul24, uint, uint)
I3(mad24, uint)

kernel void upsample_char(global const char *hi, global const uchar *lo, global short *out) {
  size_t i = get_global_id(0);
  out[i] = upsample(hi[i], lo[i]);
}
kernel void upsample_int(global const int *hi, global const uint *lo, global long *out) {
  size_t i = get_global_id(0);
  out[i] = upsample(hi[i], lo[i]);
}
