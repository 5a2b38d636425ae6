// Operators on scalars: integer arithmetic, bitwise, shifts and comparisons
// for every integer type (float and double ones: floating_kernels.h), and
// the other C operators
// (?:, comma, compound assignment, ++/--, short-circuit, sizeof/alignof).
// Cases: operators.cpp.

// out[i] = EXPR over x = a[i], y = b[i] of type T.
#define BINARY(NAME, T, R, EXPR)                                              \
  kernel void NAME##_##T(global const T *a, global const T *b,               \
                         global R *out) {                                      \
    size_t i = get_global_id(0);                                               \
    T x = a[i], y = b[i];                                                      \
    out[i] = EXPR;                                                             \
  }

#define INTEGER_OPS(T)                                                         \
  BINARY(add, T, T, x + y)                                                     \
  BINARY(sub, T, T, x - y)                                                     \
  BINARY(mul, T, T, x * y)                                                     \
  BINARY(div, T, T, x / y)                                                     \
  BINARY(rem, T, T, x % y)                                                     \
  BINARY(bits, T, T, (x & y) ^ (~x | (T)(y ^ (T)0x5a)))                        \
  BINARY(shl, T, T, x << y)                                                    \
  BINARY(shr, T, T, x >> y)                                                    \
  BINARY(cmp, T, int,                                                          \
         (x < y) | (x > y) << 1 | (x <= y) << 2 | (x >= y) << 3 |              \
             (x == y) << 4 | (x != y) << 5)                                    \
  BINARY(unary, T, T, -x + (+y) * (T)(!x) - (T)(~y))

INTEGER_OPS(char)
INTEGER_OPS(uchar)
INTEGER_OPS(short)
INTEGER_OPS(ushort)
INTEGER_OPS(int)
INTEGER_OPS(uint)
INTEGER_OPS(long)
INTEGER_OPS(ulong)

BINARY(logical, int, int, (x && y) | (x || y) << 1 | (!x && !y) << 2 | (!(x || !y)) << 3)
BINARY(ternary, int, int, x > y ? x - y : (x == y ? 7 : y - x))

// Compound assignments and ++/-- in sequence on one variable.
kernel void compound(global const int *a, global const int *b, global int *out) {
  size_t i = get_global_id(0);
  int x = a[i], y = b[i] | 1;
  x += y; x *= 3; x -= y; x ^= 0x55; x |= 0x100; x &= ~0x2;
  x <<= 2; x >>= 1; x /= y; x %= 1000;
  int p = x++;
  int q = ++x;
  int r = x--;
  int s = --x;
  out[i] = x + p * 3 + q * 5 + r * 7 + s * 11;
}

// The comma operator and ?: with side effects: only the chosen side runs.
kernel void side_effects(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int x = a[i], n = 0;
  int y = (n++, x * 2);
  int z = x > 0 ? (n += 10, x) : (n += 100, -x);
  int w = (x & 1) && (n++ > 0);
  int v = (x & 2) || (n += 1000);
  out[i] = y + z + w + v + n;
}

// sizeof and alignof are constants.
kernel void sizes(global ulong *out) {
  size_t i = get_global_id(0);
  out[i] = sizeof(char) + (sizeof(short) << 4) + (sizeof(int) << 8) +
           (sizeof(long) << 12) + (sizeof(float) << 16) + (sizeof(size_t) << 20) +
           (sizeof(double) << 24) + ((ulong)__alignof__(long) << 28) + (ulong)i * 0;
}
