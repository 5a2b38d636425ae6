// Driver errors are one line, "acc-cc: error: ...", and exit with status 1.
// RUN: not %acc-cc 2>&1 | FileCheck %s --check-prefix=NO-INPUT
// RUN: not %acc-cc %s --no-such-flag 2>&1 | FileCheck %s --check-prefix=UNKNOWN-FLAG
// RUN: not %acc-cc %s --targets=cpu,vax 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET
// RUN: not %acc-cc %s --targets=nvptx -o %t 2>&1 | FileCheck %s --check-prefix=NOT-BUILT
// RUN: not %acc-cc %s --targets= -o %t 2>&1 | FileCheck %s --check-prefix=EMPTY-TARGETS
// RUN: not %acc-cc %s -O7 -o %t 2>&1 | FileCheck %s --check-prefix=BAD-O
// RUN: not %acc-cc %s -Ofast2 -o %t 2>&1 | FileCheck %s --check-prefix=BAD-O-WORD
// RUN: not %acc-cc %t.does-not-exist.cl 2>&1 | FileCheck %s --check-prefix=NO-FILE
// RUN: not %acc-cc %s %s 2>&1 | FileCheck %s --check-prefix=TWO-INPUTS
// RUN: not %acc-cc %s -o 2>&1 | FileCheck %s --check-prefix=MISSING-VALUE
// RUN: not %acc-cc %s --emit=bogus 2>&1 | FileCheck %s --check-prefix=BAD-EMIT
// RUN: not %acc-cc %s --emit=ptx 2>&1 | FileCheck %s --check-prefix=EMIT-NOT-BUILT
// RUN: not %acc-cc %s --emit=mlir --target=nvptx 2>&1 | FileCheck %s --check-prefix=TARGET-NOT-BUILT
// RUN: not %acc-cc %s --emit=mlir --target=vax 2>&1 | FileCheck %s --check-prefix=TARGET-UNKNOWN
// RUN: not %acc-cc %s -c -o %t.o 2>&1 | FileCheck %s --check-prefix=OBJECT
// RUN: not %acc-cc %s --emit=llvm --target=spirv-cl 2>&1 | FileCheck %s --check-prefix=NOT-A-STAGE
// RUN: not %acc-cc %s --emit=spirv --target=cpu 2>&1 | FileCheck %s --check-prefix=NOT-SPIRV
// RUN: not %acc-cc %s --emit=mlir --target=opencl-c 2>&1 | FileCheck %s --check-prefix=NO-MLIR
// RUN: not %acc-cc %S/Inputs/no-kernels.cl --emit=spirv -o %t.spv 2>&1 | FileCheck %s --check-prefix=SPIRV-NO-KERNELS
// RUN: not test -e %t.spv

// NO-INPUT: acc-cc: error: no input files
// UNKNOWN-FLAG: acc-cc: error: unknown argument: '--no-such-flag'
// UNKNOWN-TARGET: acc-cc: error: unknown target 'vax' in --targets (known: cpu, opencl-c, spirv-cl, spirv-vk, glsl, nvptx, amdgpu)
// NOT-BUILT: acc-cc: error: target 'nvptx' is not available in this build of acc-cc yet; see --list-targets
// EMPTY-TARGETS: acc-cc: error: --targets= needs at least one target
// BAD-O: acc-cc: error: invalid optimisation level '-O7' (expected -O0 to -O3)
// BAD-O-WORD: acc-cc: error: invalid optimisation level '-Ofast2' (expected -O0 to -O3)
// NO-FILE: acc-cc: error: no such file or directory: '{{.*}}.does-not-exist.cl'
// TWO-INPUTS: acc-cc: error: acc-cc compiles one translation unit at a time; got 2 input files
// MISSING-VALUE: acc-cc: error: argument to '-o' is missing (expected 1 value)
// BAD-EMIT: acc-cc: error: unknown --emit stage 'bogus' (expected ast, mlir, llvm, opencl-c, spirv or glsl)
// EMIT-NOT-BUILT: acc-cc: error: --emit=ptx needs a target that is not available in this build of acc-cc yet
// TARGET-NOT-BUILT: acc-cc: error: target 'nvptx' is not available in this build of acc-cc yet
// TARGET-UNKNOWN: acc-cc: error: unknown target 'vax' (known: cpu,
// OBJECT: acc-cc: error: -c and --header are not available in this version of acc-cc
// NOT-A-STAGE: acc-cc: error: --emit=llvm is not a stage of target 'spirv-cl' (its stages: mlir, spirv)
// NOT-SPIRV: acc-cc: error: --emit=spirv is not a stage of target 'cpu' (its stages: mlir, llvm)
// NO-MLIR: acc-cc: error: --emit=mlir is not a stage of target 'opencl-c' (its stages: opencl-c)
// SPIRV-NO-KERNELS: acc-cc: error: the spirv-cl target needs at least one kernel: a SPIR-V module for OpenCL without an entry point is not valid

kernel void k(global int *a) { a[0] = 1; }
