// Loads guarded by the condition of ?:, && and ||: the guarded load must
// not run when the guard is false (here it would read 16 GiB past the
// buffer and fault). Cases: guards.cpp.
// acc evaluates a side of ?: (or the right side of && / ||) without a
// branch only when that cannot be observed: no loads through pointers.

kernel void guard_ternary(global const int *in, global int *out) {
  uint j = (uint)get_global_id(0);
  out[j] = j > 0 ? in[j - 1] : -1;
}

kernel void guard_and(global const int *in, global int *out) {
  uint j = (uint)get_global_id(0);
  out[j] = j > 0 && in[j - 1] > 0;
}

kernel void guard_or(global const int *in, global int *out) {
  uint j = (uint)get_global_id(0);
  out[j] = j == 0 || in[j - 1] > 0;
}

kernel void guard_if_and(global const int *in, global int *out, uint n) {
  uint j = (uint)get_global_id(0);
  int r = 0;
  if (j >= 1 && in[j - 1] > 0 && j < n)
    r = 1;
  out[j] = r;
}

static int before(global const int *p, uint j) { return j ? p[j - 1] : 0; }
kernel void guard_helper(global const int *in, global int *out) {
  uint j = (uint)get_global_id(0);
  out[j] = before(in, j) + before(in, j + 1);
}
