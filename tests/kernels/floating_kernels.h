// Floating-point kernels shared by math.cl (T = float) and fp64.cl
// (T = double): arithmetic, comparisons and the math builtins acc compiles.
// Each kernel is named <operation>_<T>. Cases: FloatingCases.h.

// Kernel names paste F unexpanded (an OpenCL header may define `sqrt` as a
// macro) and T expanded: KT_CAT(F##_, T).
#define KT_CAT2(A, B) A##B
#define KT_CAT(A, B) KT_CAT2(A, B)
#define KT_NAME(F, S) KT_CAT(F##_, S)

#define UNARY_K(F, EXPR)                                                       \
  kernel void KT_CAT(F##_, T)(global const T *a, global T *out) {              \
    size_t i = get_global_id(0);                                               \
    T x = a[i];                                                                \
    out[i] = EXPR;                                                             \
  }
#define BINARY_K(F, R, EXPR)                                                   \
  kernel void KT_CAT(F##_, T)(global const T *a, global const T *b,            \
                            global R *out) {                                   \
    size_t i = get_global_id(0);                                               \
    T x = a[i], y = b[i];                                                      \
    out[i] = EXPR;                                                             \
  }
#define TERNARY_K(F, EXPR)                                                     \
  kernel void KT_CAT(F##_, T)(global const T *a, global const T *b,            \
                            global const T *c, global T *out) {                \
    size_t i = get_global_id(0);                                               \
    T x = a[i], y = b[i], z = c[i];                                            \
    out[i] = EXPR;                                                             \
  }

BINARY_K(add, T, x + y)
BINARY_K(sub, T, x - y)
BINARY_K(mul, T, x * y)
BINARY_K(div, T, x / y)
UNARY_K(neg, -x)
BINARY_K(cmp, int,
         (x < y) | (x > y) << 1 | (x <= y) << 2 | (x >= y) << 3 | (x == y) << 4 |
             (x != y) << 5 | (!x) << 6 | (x && y) << 7 | (x || !y) << 8)
kernel void KT_NAME(compound, T)(global const T *a, global const T *b, global T *out) {
  size_t i = get_global_id(0);
  T x = a[i];
  x += b[i]; x *= (T)0.5; x -= (T)1; x /= (T)4;
  T p = x++;
  T q = --x;
  out[i] = x + p + q;
}

UNARY_K(sqrt, sqrt(x))
UNARY_K(rsqrt, rsqrt(x))
UNARY_K(exp, exp(x))
UNARY_K(exp2, exp2(x))
UNARY_K(log, log(x))
UNARY_K(log2, log2(x))
UNARY_K(log10, log10(x))
UNARY_K(sin, sin(x))
UNARY_K(cos, cos(x))
UNARY_K(tan, tan(x))
UNARY_K(fabs, fabs(x))
UNARY_K(floor, floor(x))
UNARY_K(ceil, ceil(x))
UNARY_K(trunc, trunc(x))
UNARY_K(round, round(x))
UNARY_K(rint, rint(x))
BINARY_K(pow, T, pow(x, y))
BINARY_K(powr, T, powr(x, y))
BINARY_K(fmin, T, fmin(x, y))
BINARY_K(fmax, T, fmax(x, y))
BINARY_K(min, T, min(x, y))
BINARY_K(max, T, max(x, y))
BINARY_K(fmod, T, fmod(x, y))
BINARY_K(copysign, T, copysign(x, y))
TERNARY_K(fma, fma(x, y, z))
TERNARY_K(mad, mad(x, y, z))
TERNARY_K(clamp, clamp(x, y, z))

// Builtins on literals, converted integers and nested calls.
kernel void KT_NAME(nested, T)(global const int *n, global T *out) {
  size_t i = get_global_id(0);
  T x = (T)n[i];
  out[i] = floor(sqrt(fabs(x)) * (T)8) + fmax(x, (T)-3) + copysign((T)2, x) +
           fmin(fmod(x, (T)7), (T)5) + round((T)2.5) + trunc((T)-2.5);
}
