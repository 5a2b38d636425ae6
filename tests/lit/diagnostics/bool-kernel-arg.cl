// OpenCL forbids bool kernel arguments; Clang reports it (acc's own check in
// describeKernelArg is a second line of defence).
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}bool-kernel-arg.cl:[[@LINE+1]]:37: error: '__private bool' cannot be used as the type of a kernel parameter
kernel void k(global int *out, bool flag) {
  out[0] = flag;
}
// CHECK: 1 error generated.
