// 64-bit atomics (cl_khr_int64_base_atomics / _extended_atomics): LLVM
// atomicrmw on i64 for the cpu target, atom_*() with the extension pragmas
// for opencl-c. The spirv-cl target refuses them: OpenCL 1.2's SPIR-V
// environment has no Int64Atomics capability.
// RUN: %acc-cc --emit=llvm %s | FileCheck %s --check-prefix=LLVM
// RUN: %acc-cc --emit=opencl-c %s | FileCheck %s --check-prefix=OCL
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: not %acc-cc --emit=spirv %s -o %t.spv 2>&1 | FileCheck %s --check-prefix=SPV
// RUN: %acc-cc --targets=cpu %s -o %t.accbin && %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=BUNDLE
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable

// LLVM: atomicrmw add ptr %{{.*}}, i64
// LLVM: atomicrmw umin ptr %{{.*}}, i64
// LLVM: atomicrmw max ptr %{{.*}}, i64
// LLVM: cmpxchg ptr %{{.*}}, i64

// OCL: #pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
// OCL: #pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable
// OCL: atom_add((volatile global ulong *)&
// OCL: atom_min((volatile global ulong *)&
// OCL: atom_max((volatile global long *)&
// OCL: atom_cmpxchg((volatile global ulong *)&

// SPV: error: kernel 'wide': the spirv-cl target cannot express 64-bit atomics

// BUNDLE: wide
// BUNDLE: int64-atomics
kernel void wide(global const long *a, volatile global long *acc,
                 volatile global ulong *u) {
  size_t i = get_global_id(0);
  atom_add(&acc[0], a[i]);
  atom_min(&u[0], (ulong)a[i]);
  atom_max(&acc[1], a[i]);
  atom_cmpxchg(&acc[2], 0L, a[i]);
}
