// A file without kernels compiles, with a warning that the bundle is empty.
// RUN: %acc-cc %s -o %t 2>&1 | FileCheck %s
// RUN: %acc-info --bundle %t | FileCheck %s --check-prefix=BUNDLE

// CHECK: warning: no kernel functions in this file; the bundle will be empty
// BUNDLE: kernels: {{ *}}0
int helper(int x) { return x + 1; }
