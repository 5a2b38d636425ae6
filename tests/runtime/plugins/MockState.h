//===- MockState.h - What the mock plugin records, for the tests ----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The mock plugin (mock.cpp) exports mock_state() besides its entry point;
// tests find it with dlopen(path, RTLD_NOLOAD) + dlsym to check what the
// runtime handed the plugin.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_TESTS_RUNTIME_MOCKSTATE_H
#define ACC_TESTS_RUNTIME_MOCKSTATE_H

#include "acc/acc_types.h"

#define MOCK_EXPORT __attribute__((visibility("default")))

/// The most recent launch the mock received.
typedef struct mock_launch_t {
  char kernel[64];
  uint32_t work_dim;
  uint64_t global_size[3];
  uint32_t local_size[3];
  uint64_t global_offset[3];
  uint32_t arg_count;
  acc_arg_kind_t arg_kinds[16];
  uint32_t arg_sizes[16];
} mock_launch_t;

/// The most recent ops.matmul_f32 call the mock received (row-major, as
/// the runtime hands it on).
typedef struct mock_matmul_t {
  uint32_t transpose_a, transpose_b;
  uint64_t m, n, k;
  float alpha, beta;
  uint64_t a_offset, lda, b_offset, ldb, c_offset, ldc;
} mock_matmul_t;

typedef struct mock_state_t {
  int init_calls;
  int shutdown_calls;
  int live_buffers;
  int live_queues;
  int live_modules;
  int live_events;
  int finish_calls;
  int launch_count;
  acc_target_t last_module_target;
  char last_module_arch[64];
  uint32_t last_module_kernel_count;
  mock_launch_t last_launch;
  int prepare_calls;
  uint32_t last_prepared_local_size[3];
  int matmul_calls;
  mock_matmul_t last_matmul;
} mock_state_t;

typedef mock_state_t *(*mock_state_fn_t)(void);

#endif // ACC_TESTS_RUNTIME_MOCKSTATE_H
