// A kernel a default target cannot express is left out of that target's
// code object with a warning and the reason in the bundle; the target keeps
// the other kernels. Naming the target in --targets makes it an error.
// RUN: %acc-cc %S/Inputs/one-int64-atomic.cl -o %t.accbin 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=INFO
// RUN: %acc-info --json --bundle %t.accbin | FileCheck %s --check-prefix=JSON
// RUN: not %acc-cc %S/Inputs/one-int64-atomic.cl --targets=cpu,spirv-cl -o %t.explicit.accbin 2>&1 | FileCheck %s --check-prefix=EXPLICIT

// WARN: acc-cc: warning: kernel 'count64': the spirv-cl target cannot express 64-bit atomics (at {{.*}}one-int64-atomic.cl:3:39); the bundle's spirv-cl code leaves this kernel out (name the target in --targets= to make this an error)
// WARN-NEXT: acc-cc: warning: kernel 'count64': the glsl target cannot express 64-bit integers (at {{.*}}one-int64-atomic.cl:3:39); the bundle's glsl code leaves this kernel out (name the target in --targets= to make this an error)
// WARN-NOT: warning

// INFO: format version: 1.1
// INFO: opencl-c {{ *}}arch opencl-c-1.2
// INFO-NOT: without
// INFO: spirv-cl {{ *}}arch spirv-1.0
// INFO-NEXT: without count64: kernel 'count64': the spirv-cl target cannot express 64-bit atomics
// INFO: kernels: {{ *}}2

// JSON: "missing_kernels": [{{$}}
// JSON-NEXT: {
// JSON-NEXT: "kernel": "count64",
// JSON-NEXT: "reason": "kernel 'count64': the spirv-cl target cannot express 64-bit atomics
// JSON: "target": "spirv-cl"

// EXPLICIT: acc-cc: error: kernel 'count64': the spirv-cl target cannot express 64-bit atomics
