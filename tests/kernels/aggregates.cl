// Structs, unions, private arrays, switch,
// pointer comparison and difference, program-scope constant tables and
// as_<type>() reinterpretation. Cases: aggregates.cpp.

typedef struct {
  int id;
  float weight;
  char tag;
} item_t;

typedef struct {
  float pos[3];
  float vel[3];
  int hits;
} particle_t;

typedef union {
  float f;
  uint u;
  uchar bytes[4];
} pun_t;

kernel void struct_private(global const int *a, global float *out) {
  size_t i = get_global_id(0);
  item_t it;
  it.id = a[i];
  it.weight = (float)it.id * 0.5f;
  it.tag = (char)(it.id & 0x7f);
  item_t copy = it;
  copy.weight += 1.0f;
  out[i] = copy.weight + (float)copy.tag - it.weight;
}

static item_t make_item(int id) {
  item_t r;
  r.id = id * 2;
  r.weight = (float)id;
  r.tag = 'a';
  return r;
}
kernel void struct_return(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  item_t it = make_item(a[i]);
  out[i] = it.id + (int)it.weight + it.tag;
}

kernel void struct_by_value(item_t scale, global const float *a, global float *out) {
  size_t i = get_global_id(0);
  out[i] = a[i] * scale.weight + (float)scale.id + (float)scale.tag;
}

kernel void struct_buffer(global particle_t *p, float dt) {
  size_t i = get_global_id(0);
  global particle_t *q = &p[i];
  for (int k = 0; k < 3; ++k) {
    q->pos[k] += q->vel[k] * dt;
    if (q->pos[k] < 0.0f) {
      q->pos[k] = -q->pos[k];
      q->vel[k] = -q->vel[k];
      q->hits++;
    }
  }
}

kernel void union_pun(global const float *a, global uint *out) {
  size_t i = get_global_id(0);
  pun_t p;
  p.f = a[i];
  out[2 * i] = p.u;
  out[2 * i + 1] = p.bytes[0] + p.bytes[3] * 256u;
}

kernel void array_sort(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int v[8];
  for (int k = 0; k < 8; ++k)
    v[k] = a[8 * i + k];
  for (int x = 0; x < 8; ++x)
    for (int y = 0; y + 1 < 8 - x; ++y)
      if (v[y] > v[y + 1]) {
        int t = v[y];
        v[y] = v[y + 1];
        v[y + 1] = t;
      }
  for (int k = 0; k < 8; ++k)
    out[8 * i + k] = v[k];
}

kernel void array_init_list(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int primes[6] = {2, 3, 5, 7, 11, 13};
  int zeros[4] = {0};
  int s = zeros[3];
  for (int k = 0; k < 6; ++k)
    s += primes[k] * a[i];
  out[i] = s + sizeof(primes);
}

kernel void array_2d(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  float m[3][3], r[3][3];
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 3; ++x)
      m[y][x] = a[9 * i + 3 * y + x];
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 3; ++x) {
      float s = 0.0f;
      for (int k = 0; k < 3; ++k)
        s += m[y][k] * m[k][x];
      r[y][x] = s;
    }
  for (int k = 0; k < 9; ++k)
    out[9 * i + k] = r[k / 3][k % 3];
}

kernel void array_of_structs(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  item_t items[4];
  for (int k = 0; k < 4; ++k) {
    items[k].id = a[4 * i + k];
    items[k].tag = (char)k;
  }
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (items[k].id > items[best].id)
      best = k;
  out[i] = items[best].id * 4 + items[best].tag;
}

kernel void switch_stmt(global const int *a, global int *out) {
  size_t i = get_global_id(0);
  int r = 0;
  switch (a[i] & 7) {
  case 0:
    r = 10;
    break;
  case 1:
  case 2:
    r = 20;
    break;
  case 3:
    r = 30; // falls through
  case 4:
    r += 40;
    break;
  default:
    r = -1;
  }
  switch (a[i] >> 3 & 1) {
  case 1:
    r *= 2;
  }
  out[i] = r;
}

kernel void pointer_compare(global const int *a, global int *out, uint width) {
  size_t i = get_global_id(0);
  global const int *p = a + i * width, *end = p + width, *mid = p + width / 2;
  int s = 0;
  for (; p < end; ++p)
    s += (p == mid) ? 1000 * *p : *p;
  out[i] = s + (p != end) + (p >= end) * 2;
}

kernel void pointer_difference(global const int *a, global long *out, uint width) {
  size_t i = get_global_id(0);
  global const int *row = a + i * width, *q = row;
  while (*q != 0 && q < row + width - 1)
    ++q;
  out[i] = q - row;
}

constant int kTable[16] = {0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225};
constant float kPoly[4] = {1.0f, -0.5f, 0.25f, -0.125f};
kernel void constant_table(global const uint *a, global float *out) {
  size_t i = get_global_id(0);
  float x = (float)kTable[a[i] & 15];
  float r = kPoly[3];
  for (int k = 2; k >= 0; --k)
    r = r * 0.5f + kPoly[k];
  out[i] = x + r;
}

kernel void as_type(global const float *a, global uint *out) {
  size_t i = get_global_id(0);
  uint u = as_uint(a[i]);
  float back = as_float(u ^ 0x80000000u);
  int2 halves = as_int2((long)u << 32 | 7);
  out[2 * i] = u;
  out[2 * i + 1] = as_uint(back) + (uint)halves.x + (uint)halves.y;
}

kernel void nested_struct(global const float *a, global float *out) {
  size_t i = get_global_id(0);
  struct inner { float v[2]; };
  struct outer { struct inner in[2]; int n; } o;
  o.n = 2;
  for (int k = 0; k < 2; ++k) {
    o.in[k].v[0] = a[2 * i + k];
    o.in[k].v[1] = -a[2 * i + k];
  }
  out[i] = o.in[0].v[0] * 3.0f + o.in[1].v[1] + (float)o.n;
}
