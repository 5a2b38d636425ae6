kernel void plain(global int *a) { a[0] = 1; }
