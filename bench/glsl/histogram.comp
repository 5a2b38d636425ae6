// Histogram with global atomics (kernels.cl's histogram) in GLSL; see
// saxpy.comp.
#version 450
layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(std430, binding = 0) readonly buffer Data { uint data[]; };
layout(std430, binding = 1) buffer Hist { uint hist[]; };
layout(push_constant) uniform Args { int n; uint bins; };
void main() {
  uint i = gl_GlobalInvocationID.x;
  if (i < uint(n))
    atomicAdd(hist[data[i] & (bins - 1u)], 1u);
}
