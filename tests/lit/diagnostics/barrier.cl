// Barriers and memory fences are rejected by name until local memory lands.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

kernel void k(global int *a) {
  a[0] = 1;
  // CHECK: {{.*}}barrier.cl:[[@LINE+1]]:3: error: 'barrier' is not supported by acc yet (barriers and local memory come in a later release)
  barrier(CLK_GLOBAL_MEM_FENCE);
  // CHECK: {{.*}}barrier.cl:[[@LINE+1]]:3: error: 'mem_fence' is not supported by acc yet (barriers and local memory come in a later release)
  mem_fence(CLK_GLOBAL_MEM_FENCE);
  // CHECK: {{.*}}barrier.cl:[[@LINE+1]]:3: error: 'read_mem_fence' is not supported by acc yet
  read_mem_fence(CLK_GLOBAL_MEM_FENCE);
  // CHECK: {{.*}}barrier.cl:[[@LINE+1]]:3: error: 'write_mem_fence' is not supported by acc yet
  write_mem_fence(CLK_GLOBAL_MEM_FENCE);
  a[1] = 2;
}
// CHECK: 4 errors generated.
