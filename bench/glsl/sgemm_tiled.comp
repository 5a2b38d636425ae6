// C = A B with 16 x 16 tiles in shared memory (kernels.cl's sgemm_tiled)
// in GLSL; see saxpy.comp. n is a multiple of 16.
#version 450
#define TILE 16
layout(local_size_x = TILE, local_size_y = TILE) in;
layout(std430, binding = 0) readonly buffer MA { float A[]; };
layout(std430, binding = 1) readonly buffer MB { float B[]; };
layout(std430, binding = 2) writeonly buffer MC { float C[]; };
layout(push_constant) uniform Args { int n; };
shared float As[TILE][TILE];
shared float Bs[TILE][TILE];
void main() {
  int tx = int(gl_LocalInvocationID.x), ty = int(gl_LocalInvocationID.y);
  int col = int(gl_GlobalInvocationID.x), row = int(gl_GlobalInvocationID.y);
  float sum = 0.0;
  for (int t = 0; t < n; t += TILE) {
    As[ty][tx] = A[row * n + t + tx];
    Bs[ty][tx] = B[(t + ty) * n + col];
    barrier();
    for (int k = 0; k < TILE; ++k)
      sum += As[ty][k] * Bs[k][tx];
    barrier();
  }
  C[row * n + col] = sum;
}
