// A scalar variable in the local address space is shared by the work-group;
// acc rejects it until local memory is supported. (Regression test: it used
// to become a private variable silently, since Clang does not give kernel
// __local variables global storage.)
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  // CHECK: {{.*}}local-variable.cl:[[@LINE+1]]:13: error: a 'local' variable is not supported by acc yet
  local int shared;
  if (get_local_id(0) == 0)
    shared = 7;
  a[get_global_id(0)] = shared;
}
// CHECK: 1 error generated.
