// Integer min, max and clamp on every integer type. Cases: integer.cpp.

#define MINMAX(T)                                                              \
  kernel void min_##T(global const T *a, global const T *b, global T *out) {  \
    size_t i = get_global_id(0);                                               \
    out[i] = min(a[i], b[i]);                                                  \
  }                                                                            \
  kernel void max_##T(global const T *a, global const T *b, global T *out) {  \
    size_t i = get_global_id(0);                                               \
    out[i] = max(a[i], b[i]);                                                  \
  }                                                                            \
  kernel void clamp_##T(global const T *a, global const T *lo,                \
                        global const T *hi, global T *out) {                   \
    size_t i = get_global_id(0);                                               \
    out[i] = clamp(a[i], lo[i], hi[i]);                                        \
  }

MINMAX(char)
MINMAX(uchar)
MINMAX(short)
MINMAX(ushort)
MINMAX(int)
MINMAX(uint)
MINMAX(long)
MINMAX(ulong)

// min/max/clamp with a literal and a mixed-sign expression.
kernel void clamp_literal(global const int *a, global uint *out) {
  size_t i = get_global_id(0);
  out[i] = (uint)clamp(a[i], -5, 100) + max((uint)a[i], 7u) + (uint)min(a[i] * 2, a[i] + 3);
}
