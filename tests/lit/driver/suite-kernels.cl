// The kernel-language suite (tests/kernels) stays portable: its kernels
// compile to OpenCL C that Clang accepts, and to SPIR-V for Vulkan
// (spirv-vk) that spirv-val accepts under vulkan1.1.
// Every area, printf's included (NonSemantic.DebugPrintf), validates.

// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/aggregates.cl -o %t.aggregates.spv && %spirv-val-vk %t.aggregates.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/atomics.cl -o %t.atomics.spv && %spirv-val-vk %t.atomics.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/barriers.cl -o %t.barriers.spv && %spirv-val-vk %t.barriers.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/control.cl -o %t.control.spv && %spirv-val-vk %t.control.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/conversions.cl -o %t.conversions.spv && %spirv-val-vk %t.conversions.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/convert.cl -o %t.convert.spv && %spirv-val-vk %t.convert.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/vectors.cl -o %t.vectors.spv && %spirv-val-vk %t.vectors.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/fp64.cl -o %t.fp64.spv && %spirv-val-vk %t.fp64.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/geometric.cl -o %t.geometric.spv && %spirv-val-vk %t.geometric.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/guards.cl -o %t.guards.spv && %spirv-val-vk %t.guards.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/half.cl -o %t.half.spv && %spirv-val-vk %t.half.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/int_ext.cl -o %t.int_ext.spv && %spirv-val-vk %t.int_ext.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/integer.cl -o %t.integer.spv && %spirv-val-vk %t.integer.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/math.cl -o %t.math.spv && %spirv-val-vk %t.math.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/math_ext.cl -o %t.math_ext.spv && %spirv-val-vk %t.math_ext.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/operators.cl -o %t.operators.spv && %spirv-val-vk %t.operators.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/printf.cl -o %t.printf.spv && %spirv-val-vk %t.printf.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/relational.cl -o %t.relational.spv && %spirv-val-vk %t.relational.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/workitem.cl -o %t.workitem.spv && %spirv-val-vk %t.workitem.spv
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/aggregates.cl -o %t.aggregates.cl && %clang-cl-syntax %t.aggregates.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/atomics.cl -o %t.atomics.cl && %clang-cl-syntax %t.atomics.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/barriers.cl -o %t.barriers.cl && %clang-cl-syntax %t.barriers.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/control.cl -o %t.control.cl && %clang-cl-syntax %t.control.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/conversions.cl -o %t.conversions.cl && %clang-cl-syntax %t.conversions.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/convert.cl -o %t.convert.cl && %clang-cl-syntax %t.convert.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/fp64.cl -o %t.fp64.cl && %clang-cl-syntax %t.fp64.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/geometric.cl -o %t.geometric.cl && %clang-cl-syntax %t.geometric.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/guards.cl -o %t.guards.cl && %clang-cl-syntax %t.guards.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/half.cl -o %t.half.cl && %clang-cl-syntax %t.half.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/int_ext.cl -o %t.int_ext.cl && %clang-cl-syntax %t.int_ext.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/integer.cl -o %t.integer.cl && %clang-cl-syntax %t.integer.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/math.cl -o %t.math.cl && %clang-cl-syntax %t.math.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/math_ext.cl -o %t.math_ext.cl && %clang-cl-syntax %t.math_ext.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/operators.cl -o %t.operators.cl && %clang-cl-syntax %t.operators.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/printf.cl -o %t.printf.cl && %clang-cl-syntax %t.printf.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/relational.cl -o %t.relational.cl && %clang-cl-syntax %t.relational.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/vectors.cl -o %t.vectors.cl && %clang-cl-syntax %t.vectors.cl
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/workitem.cl -o %t.workitem.cl && %clang-cl-syntax %t.workitem.cl

