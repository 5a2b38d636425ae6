// Control flow, helper functions, pointers and private variables.
// Cases: control.cpp.

kernel void if_chain(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int x = a[i], r;
  if (x < -100)
    r = 1;
  else if (x < 0)
    r = 2;
  else if (x == 0)
    r = 3;
  else {
    if (x & 1)
      r = 4;
    else
      r = 5;
  }
  out[i] = r;
}

kernel void for_sum(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int n = a[i] & 63, s = 0;
  for (int k = 0; k < n; k += 2)
    s += k * k;
  for (int k = n; k > 0; --k)
    s -= k;
  out[i] = s;
}

kernel void while_collatz(global const uint *a, global uint *out) {
  size_t i = get_global_id(0);
  uint x = a[i] % 10000u + 1u, steps = 0;
  while (x != 1u) {
    x = (x & 1u) ? 3u * x + 1u : x / 2u;
    ++steps;
  }
  out[i] = steps;
}

kernel void do_reverse_digits(global const uint *a, global uint *out) {
  size_t i = get_global_id(0);
  uint x = a[i], r = 0;
  do {
    r = r * 10u + x % 10u;
    x /= 10u;
  } while (x);
  out[i] = r;
}

kernel void break_continue(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int limit = a[i] & 1023, s = 0, k;
  for (k = 0;; ++k) {
    if (k % 3 == 0)
      continue;
    if (s > limit)
      break;
    s += k;
  }
  out[i] = s * 1000 + k;
}

kernel void nested_loops(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int n = (a[i] & 15) + 1, s = 0;
  for (int x = 0; x < n; ++x) {
    int y = 0;
    while (1) {
      if (y > x)
        break;
      if ((x + y) % 5 == 4) {
        ++y;
        continue;
      }
      s += x * y + 1;
      ++y;
    }
    do {
      s ^= x;
    } while (0);
  }
  out[i] = s;
}

// An early return leaves out[i] untouched for odd values.
kernel void early_return(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  if (a[i] & 1)
    return;
  out[i] = a[i] / 2;
}

static int classify(int x) {
  if (x < 0)
    return -1;
  for (int k = 2; k < 10; ++k)
    if (x % k == 0)
      return k;
  return 0;
}
kernel void helper_return(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  out[i] = classify(a[i]) + classify(a[i] + 1) * 16;
}

static void swap(private int *p, private int *q) {
  int t = *p;
  *p = *q;
  *q = t;
}
static void min_max(global const int *p, int n, private int *lo, private int *hi) {
  *lo = *hi = p[0];
  for (int k = 1; k < n; ++k) {
    if (p[k] < *lo)
      *lo = p[k];
    if (p[k] > *hi)
      *hi = p[k];
  }
}
// Each work-item reduces its row of `width` values through helpers.
kernel void helper_pointers(global const int *m, global int *out, int width) {
  size_t i = get_global_id(0);
  int lo, hi;
  min_max(m + i * width, width, &lo, &hi);
  swap(&lo, &hi);
  out[2 * i] = lo;
  out[2 * i + 1] = hi;
}

// Pointer arithmetic: increments, decrements, +=, -=, &p[k], ?: within a buffer.
kernel void pointer_walk(global const float *in, global float *out, uint width) {
  size_t i = get_global_id(0);
  global const float *p = in + i * width;
  global float *q = &out[i * width] + width;
  for (uint k = 0; k < width; ++k)
    *--q = *p++ * 2.0f;            // reversed, doubled
  p -= width;
  p += 1;
  global const float *r = (width > 2) ? p + 1 : p;
  q = out + i * width;
  q[0] += *r + p[-1];
}

kernel void bounds_check(global const int *a, global int *out, uint n) {
  size_t i = get_global_id(0);
  if (i < n)
    out[i] = a[i] * 3;
}

kernel void unroll_hint(global const uint *a, global uint *out) {
  size_t i = get_global_id(0);
  uint h = 2166136261u;
#pragma unroll 4
  for (int k = 0; k < 16; ++k)
    h = (h ^ ((a[i] >> k) & 0xffu)) * 16777619u;
#pragma unroll
  for (int k = 0; k < 4; ++k)
    h += (uint)k;
  out[i] = h;
}

kernel void gcd_loop(global const uint *a, global const uint *b, global uint *out) {
  size_t i = get_global_id(0);
  uint x = a[i], y = b[i];
  while (y != 0u) {
    uint t = x % y;
    x = y;
    y = t;
  }
  out[i] = x;
}

// Kernel parameters are assignable, and shadowed names resolve lexically.
kernel void params_locals(global const int *a, global int *out, int bias) {
  size_t i = get_global_id(0);
  bias *= 2;
  int x = a[i];
  {
    int x = 5;
    bias += x;
  }
  out[i] = x + bias;
}

// Scalar arguments of every type, packed around each other.
kernel void scalar_args(char c, uchar uc, short s, ushort us, int i, uint ui, long l,
                        ulong ul, float f, double d, global double *out) {
  size_t k = get_global_id(0);
  out[k * 10 + 0] = c;
  out[k * 10 + 1] = uc;
  out[k * 10 + 2] = s;
  out[k * 10 + 3] = us;
  out[k * 10 + 4] = i;
  out[k * 10 + 5] = ui;
  out[k * 10 + 6] = (double)l;
  out[k * 10 + 7] = (double)(ul >> 11);
  out[k * 10 + 8] = f;
  out[k * 10 + 9] = d + (double)k;
}

// A `constant` pointer argument beside global ones.
kernel void constant_arg(constant float *coeff, global const float *x, global float *out, uint n) {
  size_t i = get_global_id(0);
  float r = 0.0f;
  for (uint k = n; k > 0; --k)
    r = r * x[i] + coeff[k - 1];
  out[i] = r;
}

// `continue` in a do/while jumps to the condition.
kernel void do_continue(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int k = 0, s = 0, n = a[i] & 31;
  do {
    ++k;
    if (k % 3 == 0)
      continue;
    s += k;
  } while (k < n);
  out[i] = s;
}

// Side effects inside loop conditions; a variable re-initialised per iteration.
kernel void loop_conditions(global const int *a, global int *out, uint width) {
  size_t i = get_global_id(0);
  global const int *row = a + i * width;
  uint k = 0;
  int s = 0;
  while (k++ < width && row[k - 1] != 0) {
    int t = 1;
    t += row[k - 1];
    s += t;
  }
  out[i] = s * 100 + (int)k;
}

// Early return from inside a helper's loop; helpers calling helpers.
static int find_first(global const int *p, int n, int v) {
  for (int k = 0; k < n; ++k)
    if (p[k] == v)
      return k;
  return -1;
}
static int count_until(global const int *p, int n) {
  int f = find_first(p, n, 0);
  return f < 0 ? n : f;
}
kernel void nested_helpers(global const int *a, global int *out, int width) {
  size_t i = get_global_id(0);
  out[i] = count_until(a + i * width, width) * 10 + find_first(a + i * width, width, 3) + 1;
}

// Compound assignment and ++ through pointers; *p++ = *q++ copies.
static void bump(private int *p, global int *q) {
  *p += 3;
  (*p)++;
  q[1] *= 2;
  ++*q;
}
kernel void pointer_updates(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  global int *q = out + 4 * i;
  global const int *p = a + 4 * i;
  for (int k = 0; k < 4; ++k)
    *q++ = *p++;
  q -= 4;
  int x = a[4 * i];
  bump(&x, q);
  q[3] = x;
}

// C's usual arithmetic conversions in comparisons and ?:, literals' types.
kernel void usual_conversions(global const int *a, global long *out) {
  size_t i = get_global_id(0);
  int x = a[i];
  uchar b = (uchar)x;
  ushort u = (ushort)x;
  long r = 0;
  r |= (long)((uint)x < 5u) << 0;
  r |= (long)(x < 5u) << 1;                 // x converted to uint
  r |= (long)(u + 1 == 65536) << 2;        // u promoted to int: no wrap
  r |= (long)(b * b > 255) << 3;            // promoted: no wrap
  r |= (long)((x > 0 ? 1u : -1) > 0u) << 4; // ?: yields uint
  r |= (long)(sizeof(2147483648) == 8) << 5;
  r |= (long)(0xffffffff > 0) << 6;
  r |= (long)('A' + (x & 7) == 65 + (x & 7)) << 7;
  size_t z = (size_t)(x & 1) - 1;            // wraps to SIZE_MAX when even
  r |= (long)(z == (size_t)-1) << 8;
  r += (long)(-x) * 1000;
  out[i] = r;
}

// Integer edge arithmetic: wrapping, shifts of 64-bit values, -INT_MIN.
kernel void int_edges(global const long *a, global ulong *out) {
  size_t i = get_global_id(0);
  long x = a[i];
  out[4 * i + 0] = (ulong)(x >> 63);
  out[4 * i + 1] = (ulong)x << 63 | ((ulong)x >> 1);
  out[4 * i + 2] = (ulong)(int)(-(int)x);
  out[4 * i + 3] = (ulong)((uint)x * 2654435761u);
}

// Float conditions: NaN is true in `if`, false in comparisons.
kernel void float_conditions(global const float *a, global int *out) {
  size_t i = get_global_id(0);
  float f = a[i];
  int r = 0;
  if (f)
    r |= 1;
  if (!f)
    r |= 2;
  if (f == f)
    r |= 4;
  while (f > 1.0f && r < 1000)
    f *= 0.5f, r += 16;
  out[i] = r;
}

// Declarations inside a function: a prototype defined later, a local
// typedef and enum; sizeof/alignof of expressions; n + p pointer forms.
static int later(int x);
kernel void local_declarations(global const int *a, global int *out) {
  typedef short half_word;
  enum { kBase = 10, kStep = 3 };
  size_t i = get_global_id(0);
  half_word h = (half_word)a[i];
  global const int *p = 1 + a;       // integer + pointer
  p = p - 1 + i;
  uintptr_t u = (uintptr_t)sizeof(h) + (uintptr_t)__alignof__(h) * 10u + sizeof(p) * 100u;
  intptr_t s = (intptr_t)later(*p) + kBase * kStep;
  out[i] = (int)u * 1000 + (int)s + h;
}
static int later(int x) { return x > 0 ? x % 97 : -(x % 89); }
