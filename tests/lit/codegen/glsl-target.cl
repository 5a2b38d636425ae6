// The glsl target: one GLSL ES 3.10 compute shader per kernel, written by
// SPIRV-Cross from the GLES flavour of the Shader SPIR-V. Buffers are std430
// SSBOs at their bindings; the scalars and then the launch words are one
// std140 uniform block at binding 0, read as uvec4 words; the work-group
// size and local-argument sizes are macros the plugin defines per launch.
// size_t is 32-bit, so no 64-bit type appears.
// REQUIRES: glslangValidator
// RUN: %acc-cc --emit=glsl --target=glsl %s -o %t.glsl
// RUN: %glsl-check %t.glsl | FileCheck %s --check-prefix=VALID
// RUN: FileCheck %s < %t.glsl

// VALID: valid: saxpy
// VALID: valid: reduce
// VALID: 2 shaders, 0 invalid

// CHECK-LABEL: // acc-kernel: saxpy
// CHECK-NEXT: #version 310 es
// CHECK: #ifndef ACC_LOCAL_SIZE_X
// CHECK-NEXT: #define ACC_LOCAL_SIZE_X 64u
// CHECK: layout(local_size_x = ACC_LOCAL_SIZE_X, local_size_y = ACC_LOCAL_SIZE_Y, local_size_z = ACC_LOCAL_SIZE_Z) in;
// CHECK-DAG: layout(binding = 0, std430) buffer
// CHECK-DAG: layout(binding = 1, std430) buffer
// scalar block 8 bytes (a, n) + 80 launch bytes at offset 16: 6 uvec4.
// CHECK-DAG: layout(binding = 0, std140) uniform
// CHECK-DAG: uvec4 _m0[6];
// CHECK-NOT: shared
// CHECK-NOT: int64_t
// CHECK-LABEL: // acc-kernel: reduce
// CHECK-NEXT: #version 310 es
// CHECK: #define ACC_LOCAL_BYTES_0 1024u
// CHECK: shared
kernel void saxpy(float a, global const float *x, global float *y, uint n) {
  size_t i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}

kernel void reduce(global const float *x, global float *out,
                   local float *scratch) {
  size_t l = get_local_id(0);
  scratch[l] = x[get_global_id(0)];
  barrier(CLK_LOCAL_MEM_FENCE);
  if (l == 0) {
    float s = 0;
    for (size_t k = 0; k < get_local_size(0); ++k)
      s += scratch[k];
    out[get_group_id(0)] = s;
  }
}
