// The kernel-language suite (tests/kernels) stays portable: its kernels
// compile to OpenCL C that Clang accepts, to SPIR-V for Vulkan (spirv-vk)
// that spirv-val accepts under vulkan1.1, and to SPIR-V for OpenCL
// (spirv-cl) that it accepts under opencl1.2. Every area validates for
// spirv-vk, printf's included (NonSemantic.DebugPrintf). For spirv-cl,
// every area but two: OpenCL 1.2's SPIR-V environment has no 64-bit
// atomics (atomics), and printf is left out by the registry (printf); the
// registry or the pipeline says so by kernel. Every kernel the glsl target
// keeps is a GLSL ES 3.10 compute shader that glslangValidator accepts; the
// areas fp64, half and printf have none (fp64, 16-bit storage and printf
// are beyond GLSL ES 3.10).
// REQUIRES: glslangValidator
// RUN: %acc-cc %S/../../kernels/aggregates.cl -o %t.aggregates.glsl.accbin 2>/dev/null && %glsl-check %t.aggregates.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/atomics.cl -o %t.atomics.glsl.accbin 2>/dev/null && %glsl-check %t.atomics.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/barriers.cl -o %t.barriers.glsl.accbin 2>/dev/null && %glsl-check %t.barriers.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/bitexact.cl -o %t.bitexact.glsl.accbin 2>/dev/null && %glsl-check %t.bitexact.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/control.cl -o %t.control.glsl.accbin 2>/dev/null && %glsl-check %t.control.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/conversions.cl -o %t.conversions.glsl.accbin 2>/dev/null && %glsl-check %t.conversions.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/convert.cl -o %t.convert.glsl.accbin 2>/dev/null && %glsl-check %t.convert.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/geometric.cl -o %t.geometric.glsl.accbin 2>/dev/null && %glsl-check %t.geometric.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/guards.cl -o %t.guards.glsl.accbin 2>/dev/null && %glsl-check %t.guards.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/int_ext.cl -o %t.int_ext.glsl.accbin 2>/dev/null && %glsl-check %t.int_ext.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/integer.cl -o %t.integer.glsl.accbin 2>/dev/null && %glsl-check %t.integer.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/math.cl -o %t.math.glsl.accbin 2>/dev/null && %glsl-check %t.math.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/math_ext.cl -o %t.math_ext.glsl.accbin 2>/dev/null && %glsl-check %t.math_ext.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/operators.cl -o %t.operators.glsl.accbin 2>/dev/null && %glsl-check %t.operators.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/pointers.cl -o %t.pointers.glsl.accbin 2>/dev/null && %glsl-check %t.pointers.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/ranges.cl -o %t.ranges.glsl.accbin 2>/dev/null && %glsl-check %t.ranges.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/relational.cl -o %t.relational.glsl.accbin 2>/dev/null && %glsl-check %t.relational.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/vectors.cl -o %t.vectors.glsl.accbin 2>/dev/null && %glsl-check %t.vectors.glsl.accbin | FileCheck %s --check-prefix=GLSL
// RUN: %acc-cc %S/../../kernels/workitem.cl -o %t.workitem.glsl.accbin 2>/dev/null && %glsl-check %t.workitem.glsl.accbin | FileCheck %s --check-prefix=GLSL
// GLSL: {{[1-9][0-9]*}} shaders, 0 invalid

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
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/bitexact.cl -o %t.bitexact.spv && %spirv-val-vk %t.bitexact.spv
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/bitexact.cl -o %t.bitexact.cl && %clang-cl-syntax %t.bitexact.cl
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/pointers.cl -o %t.pointers.spv && %spirv-val-vk %t.pointers.spv
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/pointers.cl -o %t.pointers.cl && %clang-cl-syntax %t.pointers.cl
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/../../kernels/ranges.cl -o %t.ranges.spv && %spirv-val-vk %t.ranges.spv
// RUN: %acc-cc --emit=opencl-c %S/../../kernels/ranges.cl -o %t.ranges.cl && %clang-cl-syntax %t.ranges.cl
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/aggregates.cl -o %t.aggregates.cl.spv && %spirv-val-cl %t.aggregates.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/barriers.cl -o %t.barriers.cl.spv && %spirv-val-cl %t.barriers.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/bitexact.cl -o %t.bitexact.cl.spv && %spirv-val-cl %t.bitexact.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/control.cl -o %t.control.cl.spv && %spirv-val-cl %t.control.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/conversions.cl -o %t.conversions.cl.spv && %spirv-val-cl %t.conversions.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/convert.cl -o %t.convert.cl.spv && %spirv-val-cl %t.convert.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/fp64.cl -o %t.fp64.cl.spv && %spirv-val-cl %t.fp64.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/geometric.cl -o %t.geometric.cl.spv && %spirv-val-cl %t.geometric.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/guards.cl -o %t.guards.cl.spv && %spirv-val-cl %t.guards.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/half.cl -o %t.half.cl.spv && %spirv-val-cl %t.half.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/int_ext.cl -o %t.int_ext.cl.spv && %spirv-val-cl %t.int_ext.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/integer.cl -o %t.integer.cl.spv && %spirv-val-cl %t.integer.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/math.cl -o %t.math.cl.spv && %spirv-val-cl %t.math.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/operators.cl -o %t.operators.cl.spv && %spirv-val-cl %t.operators.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/pointers.cl -o %t.pointers.cl.spv && %spirv-val-cl %t.pointers.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/ranges.cl -o %t.ranges.cl.spv && %spirv-val-cl %t.ranges.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/relational.cl -o %t.relational.cl.spv && %spirv-val-cl %t.relational.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/vectors.cl -o %t.vectors.cl.spv && %spirv-val-cl %t.vectors.cl.spv
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/workitem.cl -o %t.workitem.cl.spv && %spirv-val-cl %t.workitem.cl.spv
// RUN: not %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/atomics.cl -o %t.atomics.cl.spv 2>&1 | FileCheck %s --check-prefix=CL-ATOMICS
// RUN: %acc-cc --emit=spirv --target=spirv-cl %S/../../kernels/math_ext.cl -o %t.math_ext.cl.spv && %spirv-val-cl %t.math_ext.cl.spv
// RUN: %acc-cc %S/../../kernels/printf.cl -o %t.printf.accbin 2>&1 | FileCheck %s --check-prefix=CL-PRINTF
// CL-ATOMICS: error: kernel 'atom_add_long': the spirv-cl target cannot express 64-bit atomics
// CL-PRINTF: warning: kernel 'printf_ids': the spirv-cl target cannot express printf
