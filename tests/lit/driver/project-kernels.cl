// Every kernel the project ships outside the lit suite (the samples and the
// acc-cts kernels) also compiles to OpenCL C that Clang accepts and to
// SPIR-V that spirv-val accepts, not just the codegen tests' kernels.
// RUN: %acc-cc --emit=opencl-c %S/../../../samples/saxpy/saxpy.cl -o %t.saxpy.cl && %clang-cl-syntax %t.saxpy.cl
// RUN: %acc-cc --emit=spirv %S/../../../samples/saxpy/saxpy.cl -o %t.saxpy.spv && %spirv-val-cl %t.saxpy.spv
// RUN: %acc-cc --emit=opencl-c %S/../../../samples/transpose/transpose.cl -o %t.transpose.cl && %clang-cl-syntax %t.transpose.cl
// RUN: %acc-cc --emit=spirv %S/../../../samples/transpose/transpose.cl -o %t.transpose.spv && %spirv-val-cl %t.transpose.spv
// RUN: %acc-cc --emit=opencl-c %S/../../../tools/acc-cts/kernels/basic.cl -o %t.basic.cl && %clang-cl-syntax %t.basic.cl
// RUN: %acc-cc --emit=spirv %S/../../../tools/acc-cts/kernels/basic.cl -o %t.basic.spv && %spirv-val-cl %t.basic.spv
// RUN: %acc-cc --emit=opencl-c %S/../../../tools/acc-cts/kernels/fp64.cl -o %t.fp64.cl && %clang-cl-syntax %t.fp64.cl
// RUN: %acc-cc --emit=spirv %S/../../../tools/acc-cts/kernels/fp64.cl -o %t.fp64.spv && %spirv-val-cl %t.fp64.spv
// RUN: %acc-cc --emit=opencl-c %S/../../../tools/acc-cts/kernels/nocode.cl -o %t.nocode.cl && %clang-cl-syntax %t.nocode.cl
// RUN: %acc-cc --emit=spirv %S/../../../tools/acc-cts/kernels/nocode.cl -o %t.nocode.spv && %spirv-val-cl %t.nocode.spv
