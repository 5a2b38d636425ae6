// acc-bench's hand-written GLSL, dispatched through the raw Vulkan API
// (bench/Vulkan.cpp): the same computation as kernels.cl's saxpy, written
// as a Vulkan programmer would. Buffers at bindings in argument order,
// scalars in a push-constant block in argument order, the local size as
// specialization constants 0 and 1.
#version 450
layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) buffer Y { float y[]; };
layout(push_constant) uniform Args { float a; int n; };
void main() {
  uint i = gl_GlobalInvocationID.x;
  if (i < uint(n))
    y[i] = a * x[i] + y[i];
}
