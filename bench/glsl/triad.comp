// STREAM triad (kernels.cl's triad) in GLSL; see saxpy.comp.
#version 450
layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(std430, binding = 0) writeonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) readonly buffer C { float c[]; };
layout(push_constant) uniform Args { float s; int n; };
void main() {
  uint i = gl_GlobalInvocationID.x;
  if (i < uint(n))
    a[i] = b[i] + s * c[i];
}
