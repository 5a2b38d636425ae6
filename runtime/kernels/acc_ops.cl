// acc_ops.cl - acc's portable library kernels.
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Compiled by acc-cc for every target at build time and shipped beside
// libacc (lib/acc/kernels/acc_ops.accbin). libacc runs these kernels for a
// library operation (acc_matmul_f32(), ...) on a backend whose plugin does
// not implement the operation with a vendor library. See runtime/src/Ops.cpp
// for the arguments the runtime passes.

// C = alpha * op(A) * op(B) + beta * C, row-major, one work-item per element
// of C, in TILE x TILE work-groups that stage TILE x TILE blocks of op(A)
// and op(B) in local memory. Element (i, p) of op(A) is
// a[a_off + i * a_rs + p * a_cs]: the runtime folds transposition into the
// strides. The runtime guarantees that every index fits 32 bits. The range
// is m and n rounded up to TILE; work-items outside C still load tiles and
// meet the barriers.
#define ACC_DEFINE_MATMUL(TILE)                                                \
  __attribute__((reqd_work_group_size(TILE, TILE, 1))) kernel void            \
      acc_matmul_f32_##TILE(global const float *a, uint a_off, uint a_rs,      \
                            uint a_cs, global const float *b, uint b_off,      \
                            uint b_rs, uint b_cs, global float *c, uint c_off, \
                            uint ldc, uint m, uint n, uint k, float alpha,     \
                            float beta) {                                      \
    local float tileA[TILE][TILE + 1];                                         \
    local float tileB[TILE][TILE + 1];                                         \
    uint lx = get_local_id(0), ly = get_local_id(1);                           \
    uint col = get_global_id(0), row = get_global_id(1);                       \
    float sum = 0.0f;                                                          \
    for (uint t = 0; t < k; t += TILE) {                                       \
      uint ap = t + lx, bp = t + ly;                                           \
      tileA[ly][lx] =                                                          \
          row < m && ap < k ? a[a_off + row * a_rs + ap * a_cs] : 0.0f;        \
      tileB[ly][lx] =                                                          \
          bp < k && col < n ? b[b_off + bp * b_rs + col * b_cs] : 0.0f;        \
      barrier(CLK_LOCAL_MEM_FENCE);                                            \
      for (uint p = 0; p < TILE; ++p)                                          \
        sum += tileA[ly][p] * tileB[p][lx];                                    \
      barrier(CLK_LOCAL_MEM_FENCE);                                            \
    }                                                                          \
    if (row < m && col < n) {                                                  \
      uint at = c_off + row * ldc + col;                                       \
      c[at] = beta == 0.0f ? alpha * sum : alpha * sum + beta * c[at];         \
    }                                                                          \
  }

// 16 x 16 (256 work-items) where the device allows it, 8 x 8 elsewhere.
ACC_DEFINE_MATMUL(16)
ACC_DEFINE_MATMUL(8)
