// Sum of n floats, one partial sum per work-group (kernels.cl's
// reduce_sum) in GLSL; see saxpy.comp. The scratch array is sized by the
// work-group size instead of a local-memory argument.
#version 450
layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(std430, binding = 0) readonly buffer In { float src[]; };
layout(std430, binding = 1) writeonly buffer Partial { float partial[]; };
layout(push_constant) uniform Args { int n; };
shared float scratch[gl_WorkGroupSize.x];
void main() {
  uint lid = gl_LocalInvocationID.x;
  uint size = gl_WorkGroupSize.x;
  uint stride = gl_NumWorkGroups.x * size;
  float acc = 0.0;
  for (uint i = gl_GlobalInvocationID.x; i < uint(n); i += stride)
    acc += src[i];
  scratch[lid] = acc;
  barrier();
  for (uint s = size / 2u; s > 0u; s /= 2u) {
    if (lid < s)
      scratch[lid] += scratch[lid + s];
    barrier();
  }
  if (lid == 0u)
    partial[gl_WorkGroupID.x] = scratch[0];
}
