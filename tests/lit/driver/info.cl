// --version, --help and --list-targets print to stdout and succeed.
// RUN: %acc-cc --version | FileCheck %s --check-prefix=VERSION
// RUN: %acc-cc --help | FileCheck %s --check-prefix=HELP
// RUN: %acc-cc --list-targets | FileCheck %s --check-prefix=TARGETS

// VERSION: acc-cc version {{[0-9]+\.[0-9]+\.[0-9]+}} (LLVM 22.

// HELP: USAGE: acc-cc [options] <kernel.cl>
// HELP-DAG: --emit=<stage>
// HELP-DAG: --targets=<t1,t2,...>
// HELP-DAG: -MD
// HELP-DAG: -O<level>

// TARGETS: cpu{{ +}}available
// TARGETS: opencl-c{{ +}}available
// TARGETS: spirv-cl{{ +}}available
// TARGETS-NEXT: cannot express: 64-bit atomics, printf
// TARGETS: spirv-vk{{ +}}available
// TARGETS: glsl{{ +}}available
// TARGETS-NEXT: cannot express: fp64, 64-bit integers, 64-bit atomics, 8-bit storage, 16-bit storage, half arithmetic, printf
// TARGETS: nvptx
// TARGETS: amdgpu

kernel void k(global int *a) { a[0] = 1; }
