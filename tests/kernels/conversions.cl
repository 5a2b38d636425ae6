// Implicit and explicit conversions between the scalar types (C's rules:
// integers wrap or extend, float to integer truncates, integer to float
// rounds to nearest even), bool, and typedefs. Cases: conversions.cpp.

#define CAST(S, D)                                                             \
  kernel void S##_to_##D(global const S *a, global D *out) {                  \
    size_t i = get_global_id(0);                                               \
    out[i] = (D)a[i];                                                          \
  }

CAST(int, char)
CAST(uint, uchar)
CAST(int, short)
CAST(long, int)
CAST(ulong, uint)
CAST(char, int)
CAST(uchar, int)
CAST(short, ulong)
CAST(char, ulong)
CAST(int, float)
CAST(uint, float)
CAST(long, float)
CAST(ulong, float)
CAST(float, int)
CAST(float, uint)
CAST(float, long)
CAST(float, char)
CAST(double, float)
CAST(float, double)
CAST(long, double)
CAST(double, long)
CAST(float, ulong)
CAST(double, ulong)
CAST(double, uint)
CAST(float, ushort)
CAST(uchar, float)
CAST(ulong, double)
CAST(uint, double)
CAST(short, float)

// Implicit conversions: assignment, arguments and mixed arithmetic.
static long widen(long v) { return v * 3; }
kernel void implicit_mix(global const char *c, global const uint *u,
                         global const float *f, global float *out) {
  size_t i = get_global_id(0);
  int x = c[i];                // sign extension
  long y = widen(u[i]);        // zero extension through a parameter
  float z = x + f[i];          // int -> float in arithmetic
  uint w = x;                  // int -> uint wraps
  out[i] = z + (float)(y & 0xff) + (float)(w >> 28);
}

// bool: any non-zero value is true; true converts to 1.
kernel void to_bool(global const float *f, global const int *n, global int *out) {
  size_t i = get_global_id(0);
  bool a = f[i];
  bool b = n[i];
  bool c = a && !b;
  out[i] = a + 2 * b + 4 * c + 8 * (int)(bool)(n[i] & 0x100);
}

typedef uint word_t;
typedef float real_t;
typedef enum { RED = 3, GREEN = 5, BLUE = 7 } colour_t;
kernel void typedefs(global const uint *a, global float *out) {
  size_t i = get_global_id(0);
  word_t w = a[i] * (word_t)GREEN;
  real_t r = (real_t)(w % 100u) + (real_t)BLUE;
  ptrdiff_t d = (ptrdiff_t)(a[i] & 7u) - 3;
  intptr_t p = (intptr_t)d * RED;
  out[i] = r + (real_t)p;
}
