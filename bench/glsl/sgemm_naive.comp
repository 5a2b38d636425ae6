// C = A B, one invocation per element (kernels.cl's sgemm_naive) in GLSL;
// see saxpy.comp.
#version 450
layout(local_size_x_id = 0, local_size_y_id = 1) in;
layout(std430, binding = 0) readonly buffer MA { float A[]; };
layout(std430, binding = 1) readonly buffer MB { float B[]; };
layout(std430, binding = 2) writeonly buffer MC { float C[]; };
layout(push_constant) uniform Args { int n; };
void main() {
  int col = int(gl_GlobalInvocationID.x), row = int(gl_GlobalInvocationID.y);
  if (row >= n || col >= n)
    return;
  float sum = 0.0;
  for (int k = 0; k < n; ++k)
    sum += A[row * n + k] * B[k * n + col];
  C[row * n + col] = sum;
}
