// 5-point stencil (kernels.cl's stencil5) in GLSL; see saxpy.comp.
#version 450
layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(std430, binding = 0) readonly buffer In { float src[]; };
layout(std430, binding = 1) writeonly buffer Out { float dst[]; };
layout(push_constant) uniform Args { int w; int h; };
void main() {
  int x = int(gl_GlobalInvocationID.x), y = int(gl_GlobalInvocationID.y);
  if (x >= w || y >= h)
    return;
  int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
    dst[i] = src[i];
    return;
  }
  dst[i] = 0.5 * src[i] +
           0.125 * (src[i - 1] + src[i + 1] + src[i - w] + src[i + w]);
}
