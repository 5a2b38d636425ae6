// Printf (6.12.13). The runner captures the
// process's standard output around each launch. Cases: printf.cpp.

kernel void printf_ids(global int *out) {
  size_t i = get_global_id(0);
  out[i] = printf("item %d of %d\n", (int)i, (int)get_global_size(0));
}

kernel void printf_formats(global const int *n, global const float *f) {
  printf("d=%d u=%u ld=%ld x=%x X=%X o=%o c=%c s=%s\n", n[0], (uint)n[1], (long)n[2] * 1000000000L,
         (uint)n[3], (uint)n[3], (uint)n[4], (char)n[5], "text");
  printf("f=%.3f e=%.2e g=%g a=%a pct=%% w=[%6.1f] l=[%-5d]\n", f[0], f[1], f[2], f[3], f[0], n[0]);
}

kernel void printf_vector(global const int *n, global const float *f) {
  int4 v = vload4(0, n);
  float2 w = vload2(0, f);
  printf("v=%v4hld w=%v2hlf\n", v, w);
}
