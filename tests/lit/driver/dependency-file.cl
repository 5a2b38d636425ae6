// -MD writes a make dependency file beside the output that names the
// included header; -MF picks its name and -MT the target.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %acc-cc %s -I %S/Inputs -o %t/k.accbin -MD
// RUN: FileCheck %s --check-prefix=MD < %t/k.d
// RUN: %acc-cc %s -I %S/Inputs -o %t/k2.accbin -MD -MF %t/deps.txt -MT my-target
// RUN: FileCheck %s --check-prefix=MF < %t/deps.txt
// -MF alone implies -MD.
// RUN: %acc-cc %s -I %S/Inputs -o %t/k3.accbin -MF %t/only-mf.d
// RUN: FileCheck %s --check-prefix=MF-ONLY < %t/only-mf.d

// MD: {{.*}}k.accbin:
// MD-SAME: \
// MD-NEXT: {{.*}}dependency-file.cl
// MD: {{.*}}Inputs{{/|\\}}helper.h

// MF: my-target: {{.*}}dependency-file.cl
// MF: {{.*}}Inputs{{/|\\}}helper.h

// MF-ONLY: {{.*}}k3.accbin:
// MF-ONLY-NEXT: {{.*}}dependency-file.cl
// MF-ONLY: helper.h

#include "helper.h"

kernel void k(global int *a) { a[0] = twice(a[1]); }
