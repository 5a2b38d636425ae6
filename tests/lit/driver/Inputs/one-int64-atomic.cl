// Two kernels; spirv-cl cannot express the second's 64-bit atomic.
kernel void plain(global int *a) { a[get_global_id(0)] += 1; }
kernel void count64(global long *a) { atom_add(a, 1L); }
