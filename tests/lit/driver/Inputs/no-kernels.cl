// Input for driver tests: a translation unit without kernels.
int helper(int x) { return x + 1; }
