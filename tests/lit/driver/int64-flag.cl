// ACC_KERNEL_FLAG_USES_INT64 comes from what a kernel computes with 64-bit
// integers beyond the address arithmetic of its work-item ids. size_t is
// i64 in the portable IR like long; a device whose size_t is 32 bits (a
// Vulkan or GLES device without 64-bit integers) computes address
// arithmetic in 32 bits, so only long arithmetic sets the flag.
// RUN: %acc-cc %s --targets=cpu -o %t.accbin
// RUN: %acc-info --bundle %t.accbin | FileCheck %s

// CHECK-LABEL: {{^ +}}ids
// CHECK-NEXT: flags: none
kernel void ids(global float *y, int n) {
  size_t i = get_global_id(0);
  if (i < n)
    y[i] = y[i + get_global_size(0) * 2] * 2.0f;
}

// CHECK-LABEL: {{^ +}}grid_stride
// CHECK-NEXT: flags: none
kernel void grid_stride(global int *y, int n) {
  for (size_t i = get_global_id(0); i < (size_t)n; i += get_global_size(0))
    y[i] = (int)i * 3;
}

// CHECK-LABEL: {{^ +}}long_literal
// CHECK-NEXT: flags: none
kernel void long_literal(global int *y) {
  y[get_global_id(0)] = (int)(5L * 7L + 0x100000000L - 0x100000000L);
}

// CHECK-LABEL: {{^ +}}long_widened
// CHECK-NEXT: flags: none
kernel void long_widened(global float *y, global const int *a) {
  size_t i = get_global_id(0);
  y[i] = (float)(long)a[i];
}

// CHECK-LABEL: {{^ +}}long_product
// CHECK-NEXT: flags: uses-int64{{$}}
kernel void long_product(global const int *a, global int *y) {
  size_t i = get_global_id(0);
  y[i] = (int)(((long)a[i] * a[i + 1]) >> 32);
}

// CHECK-LABEL: {{^ +}}long_accumulator
// CHECK-NEXT: flags: uses-int64{{$}}
kernel void long_accumulator(global const int *a, global int *y) {
  size_t i = get_global_id(0);
  long s = 0;
  for (int k = 0; k < 4; ++k)
    s += a[i + k];
  y[i] = (int)(s / 3);
}

// CHECK-LABEL: {{^ +}}long_buffer
// CHECK-NEXT: flags: uses-int64{{$}}
kernel void long_buffer(global long *y) { y[get_global_id(0)] = 1; }

// CHECK-LABEL: {{^ +}}long_scalar
// CHECK-NEXT: flags: uses-int64{{$}}
kernel void long_scalar(global int *y, long k) {
  y[get_global_id(0)] = (int)(k >> 3);
}

// The known limit of reading size_t from data flow: a long computed from a
// work-item id and widened ints is indistinguishable from address
// arithmetic (`i * stride`, `(i * stride) % n`) and is counted as such.
// CHECK-LABEL: {{^ +}}long_id_mixed
// CHECK-NEXT: flags: none
kernel void long_id_mixed(global const int *a, global int *y) {
  size_t i = get_global_id(0);
  y[i] = (int)((i * (long)a[i]) % 1000003);
}

// CHECK-LABEL: {{^ +}}long_vector
// CHECK-NEXT: flags: uses-int64{{$}}
kernel void long_vector(global int2 *y) {
  size_t i = get_global_id(0);
  long2 v = (long2)((long)i, 3) * 5;
  y[i] = convert_int2(v);
}
