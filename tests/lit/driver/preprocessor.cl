// -I, -D and -U reach the preprocessor.
// RUN: %acc-cc %s -I %S/Inputs -DSCALE=21 --emit=mlir | FileCheck %s
// RUN: %acc-cc %s -I%S/Inputs -D SCALE=21 -DEXTRA --emit=mlir | FileCheck %s --check-prefix=EXTRA
// RUN: %acc-cc %s -I%S/Inputs -D SCALE=21 -DEXTRA -UEXTRA --emit=mlir | FileCheck %s --check-prefix=UNDEF
// Without -I the header is not found; without -D SCALE is undeclared.
// RUN: not %acc-cc %s -DSCALE=21 -o %t 2>&1 | FileCheck %s --check-prefix=NO-I
// RUN: not %acc-cc %s -I %S/Inputs -o %t 2>&1 | FileCheck %s --check-prefix=NO-D

#include "helper.h"

// CHECK-LABEL: gpu.func @k(
// CHECK: %[[C:.*]] = arith.constant 42 : i32
// CHECK: memref.store %[[C]], %{{.*}}[%{{.*}}] : memref<?xi32>
// CHECK-NOT: arith.constant 1 : i32
// CHECK: gpu.return

// EXTRA-LABEL: gpu.func @k(
// EXTRA-DAG: arith.constant 42 : i32
// EXTRA-DAG: arith.constant 1 : i32

// UNDEF-LABEL: gpu.func @k(
// UNDEF-NOT: arith.constant 1 : i32
// UNDEF: gpu.return

// NO-I: {{.*}}preprocessor.cl:[[@LINE-16]]:10: fatal error: 'helper.h' file not found
// NO-D: {{.*}}preprocessor.cl:[[@LINE+3]]:16: error: use of undeclared identifier 'SCALE'

kernel void k(global int *a) {
  a[0] = twice(SCALE);
#ifdef EXTRA
  a[1] = 1;
#endif
}
