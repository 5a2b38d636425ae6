// printf on the spirv-vk target is Vulkan's debug printf: an OpExtInst of
// NonSemantic.DebugPrintf with the format as an OpString (printed by the
// validation layer when debug printf is enabled). Length modifiers go, as
// every argument is 32 bits or wider; 64-bit integers and doubles take 'l';
// %s of a literal and %v are expanded by the front end.
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.spv && %spirv-val-vk %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s

// CHECK: OpExtension "SPV_KHR_non_semantic_info"
// CHECK: [[SET:%[0-9]+]] = OpExtInstImport "NonSemantic.DebugPrintf"
// CHECK: [[F0:%[0-9]+]] = OpString "i=%d n=%lu h=%d name=acc x=%lf y=%.2f{{$}}
// CHECK: [[F1:%[0-9]+]] = OpString "v=%d,%d,%d,%d{{$}}
// CHECK-NOT: OpFunctionCall
// CHECK-NOT: debug_printf
// CHECK: OpExtInst %void [[SET]] 1 [[F0]] %{{[0-9]+}} %{{[0-9]+}} %{{[0-9]+}} %{{[0-9]+}} %{{[0-9]+}}
// CHECK: OpExtInst %void [[SET]] 1 [[F1]] %{{[0-9]+}} %{{[0-9]+}} %{{[0-9]+}} %{{[0-9]+}}{{$}}
kernel void say(global const double *d, global const float *f,
                global const int4 *v) {
  int i = get_global_id(0);
  printf("i=%d n=%lu h=%hd name=%s x=%f y=%.2f\n", i, (ulong)get_global_size(0),
         (short)i, "acc", d[i], f[i]);
  printf("v=%v4hld\n", v[i]);
}
