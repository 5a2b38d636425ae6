// A builtin outside acc's subset is named in the error. atomic_add is
// rejected through its pointer argument, popcount/abs by name.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a, int n) {
  // CHECK: {{.*}}unsupported-builtin.cl:[[@LINE+1]]:14: error: 'atomic_add' with an argument of type 'volatile __global int *' is not supported by acc yet
  atomic_add(a, 1);
  // CHECK: {{.*}}unsupported-builtin.cl:[[@LINE+1]]:10: error: the builtin 'popcount' is not supported by acc yet (see docs/kernel-language.md for what is supported)
  a[1] = popcount(n);
  // CHECK: {{.*}}unsupported-builtin.cl:[[@LINE+1]]:10: error: the builtin 'abs' is not supported by acc yet
  a[2] = abs(n);
}
// CHECK: 3 errors generated.
