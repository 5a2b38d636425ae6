// What Vulkan SPIR-V cannot express is refused by name, kernel by kernel.
// With the spirv-vk target named, the failure is an error.
// RUN: not %acc-cc --emit=spirv --target=spirv-vk -DATAN64 %s -o %t.spv 2>&1 | FileCheck %s --check-prefix=ATAN64
// RUN: not %acc-cc --targets=spirv-vk -DATAN64 %s -o %t.accbin 2>&1 | FileCheck %s --check-prefix=ATAN64

#ifdef ATAN64
// ATAN64: error: kernel 'p': the spirv-vk target cannot express 'atan' on double
kernel void p(global double *a) { a[0] = atan(a[1]); }
#endif
