#version 450
layout(local_size_x_id = 65536, local_size_y_id = 65537, local_size_z_id = 65538) in;
layout(set = 0, binding = 0) readonly buffer A { uint a[]; };
layout(set = 0, binding = 1) buffer O { uint o[]; };
layout(push_constant) uniform P { uvec4 w[5]; } pc;
void main() {
  uint i = gl_GlobalInvocationID.x;
  uint x = a[i], r = 0u;
  do {
    r = r * 3u + x;
    x >>= 1u;
  } while (x != 0u);
  o[i] = r;
}
