// The spirv-vk target's resource interface (docs/bundle-format.md,
// "spirv-vk"): buffers are StorageBuffer blocks in descriptor set 0 at their
// layout binding; scalars, vectors and by-value structs are read from the
// push-constant block (uvec4 words, scalar block first, then the 80 bytes
// of launch convention 1's words) or, when both do not fit in 128 bytes,
// from a uniform buffer at the binding after the last storage buffer, the
// push constants then holding the words alone; a local argument is
// a Workgroup array sized by the spec constant whose SpecId is its local
// index; the work-group size is a WorkgroupSize spec-constant composite
// (SpecIds 65536-65538) unless the kernel has reqd_work_group_size.
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.spv && %spirv-val-vk %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s
// RUN: %acc-cc --emit=mlir --target=spirv-vk %s | FileCheck %s --check-prefix=MLIR
// RUN: %acc-cc --targets=spirv-vk %s -o %t.accbin && %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=BUNDLE

typedef struct { float x; int y; char z; } S;

// CHECK: ; Version: 1.3
// CHECK-DAG: OpCapability Shader
// CHECK-DAG: OpMemoryModel Logical GLSL450
// CHECK-DAG: OpEntryPoint GLCompute %mixed "mixed"
// CHECK-DAG: OpEntryPoint GLCompute %fixed "fixed"
// CHECK-DAG: OpExecutionMode %fixed LocalSize 8 4 1
// CHECK-DAG: OpDecorate %__acc_workgroup_size BuiltIn WorkgroupSize
// CHECK-DAG: OpDecorate %__acc_workgroup_size_x SpecId 65536
// CHECK-DAG: OpDecorate %__acc_workgroup_size_y SpecId 65537
// CHECK-DAG: OpDecorate %__acc_workgroup_size_z SpecId 65538
// CHECK-DAG: OpDecorate %__acc_local_bytes_0 SpecId 0
// CHECK-DAG: OpDecorate %__acc_mixed_buffer_0 DescriptorSet 0
// CHECK-DAG: OpDecorate %__acc_mixed_buffer_0 Binding 0
// CHECK-DAG: OpDecorate %__acc_mixed_buffer_1 Binding 1
// CHECK-DAG: OpDecorate %__acc_mixed_buffer_2 Binding 2
// CHECK-DAG: OpDecorate %__acc_mixed_buffer_3 Binding 3
// CHECK-DAG: %[[LEN:[0-9]+]] = OpSpecConstantOp %uint UDiv
// CHECK-DAG: OpTypeArray %float %[[LEN]]
// CHECK-DAG: %__acc_mixed_push_constants = OpVariable %{{.*}} PushConstant
// CHECK-DAG: %__acc_mixed_local_0 = OpVariable %{{.*}} Workgroup
kernel void mixed(global float *a, int n, local float *tmp, char c,
                  global const int *b, double d, global uchar *bytes,
                  global short *shorts, float4 v, uchar2 u2, S s, long l) {
  size_t i = get_global_id(0);
  tmp[get_local_id(0)] = a[i];
  barrier(CLK_LOCAL_MEM_FENCE);
  a[i] = tmp[0] + n + c + b[i] + (float)d + v.z + u2.y + s.x + s.y + s.z +
         (float)l + get_global_size(0) + get_global_offset(1) +
         get_work_dim() + get_local_size(0) + get_num_groups(2) +
         get_group_id(0);
  bytes[i] = (uchar)(bytes[i] + c);
  shorts[i] = (short)(shorts[i] * 3);
}

// A kernel without scalars still gets the launch words.
kernel __attribute__((reqd_work_group_size(8, 4, 1)))
void fixed(global int *out) {
  out[get_global_id(0)] = (int)(get_local_size(0) * get_local_size(1));
}

// MLIR: spirv.module @__spv__kernels Logical GLSL450
// MLIR-DAG: spirv.GlobalVariable @__acc_mixed_buffer_0 bind(0, 0) : !spirv.ptr<!spirv.struct<(!spirv.rtarray<f32, stride=4> [0])>, StorageBuffer>
// MLIR-DAG: spirv.GlobalVariable @__acc_mixed_buffer_2 bind(0, 2) : !spirv.ptr<!spirv.struct<(!spirv.rtarray<i8, stride=1> [0])>, StorageBuffer>
// MLIR-DAG: spirv.GlobalVariable @__acc_mixed_push_constants : !spirv.ptr<!spirv.struct<(!spirv.array<5 x vector<4xi32>, stride=16> [0])>, PushConstant>
// MLIR-DAG: spirv.GlobalVariable @__acc_mixed_scalars bind(0, 4) : !spirv.ptr<!spirv.struct<(!spirv.array<4 x vector<4xi32>, stride=16> [0])>, Uniform>
// MLIR-DAG: spirv.GlobalVariable @__acc_fixed_push_constants : !spirv.ptr<!spirv.struct<(!spirv.array<5 x vector<4xi32>, stride=16> [0])>, PushConstant>
// MLIR-DAG: spirv.SpecConstant @__acc_local_bytes_0 spec_id(0) = 1024 : i32

// BUNDLE: spirv-vk     arch spirv-1.3 {{.*}} launch convention 1
