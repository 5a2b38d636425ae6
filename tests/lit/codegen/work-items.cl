// Work-item functions become gpu dialect ops; the three with no upstream op
// become accir ops (global_offset, global_size, work_dim) that each target
// pipeline resolves.
// get_global_id(d) includes the global offset. A constant dimension outside
// 0..2 gives the OpenCL default (1 for sizes and counts, 0 otherwise); a
// dimension known only at run time selects among the three.
// RUN: %acc-cc --emit=mlir %s | FileCheck %s

// CHECK-NOT: func.func private
// CHECK-LABEL: gpu.func @queries(
// CHECK-SAME: %[[O:.*]]: memref<?xi64>, %[[U:.*]]: memref<?xi32>) kernel
// CHECK: %[[GID:.*]] = gpu.global_id x
// CHECK: %[[OFF:.*]] = accir.global_offset x
// CHECK: %[[SUM:.*]] = arith.addi %[[GID]], %[[OFF]] : index
// CHECK: %[[GID64:.*]] = arith.index_castui %[[SUM]] : index to i64
// CHECK: memref.store %[[GID64]], %[[O]]
// CHECK: %[[LID:.*]] = gpu.thread_id y
// CHECK: arith.index_castui %[[LID]] : index to i64
// CHECK: %[[GRP:.*]] = gpu.block_id z
// CHECK: arith.index_castui %[[GRP]] : index to i64
// CHECK: %[[GSZ:.*]] = accir.global_size y
// CHECK: arith.index_castui %[[GSZ]] : index to i64
// CHECK: %[[LSZ:.*]] = gpu.block_dim x
// CHECK: arith.index_castui %[[LSZ]] : index to i64
// CHECK: %[[NG:.*]] = gpu.grid_dim y
// CHECK: arith.index_castui %[[NG]] : index to i64
// CHECK: %[[GO:.*]] = accir.global_offset z
// CHECK: arith.index_castui %[[GO]] : index to i64
// get_work_dim() returns uint.
// CHECK: %[[WD:.*]] = accir.work_dim
// CHECK: %[[WD32:.*]] = arith.index_castui %[[WD]] : index to i32
// CHECK: memref.store %[[WD32]], %[[U]]
kernel void queries(global ulong *o, global uint *u) {
  o[0] = get_global_id(0);
  o[1] = get_local_id(1);
  o[2] = get_group_id(2);
  o[3] = get_global_size(1);
  o[4] = get_local_size(0);
  o[5] = get_num_groups(1);
  o[6] = get_global_offset(2);
  u[0] = get_work_dim();
}

// CHECK-LABEL: gpu.func @out_of_range(
// CHECK-SAME: %[[O:.*]]: memref<?xi64>) kernel
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-NOT: gpu.
// CHECK-NOT: accir.
// CHECK: memref.store %[[ZERO]], %[[O]]
// CHECK: memref.store %[[ZERO]], %[[O]]
// CHECK: memref.store %[[ZERO]], %[[O]]
// CHECK: memref.store %[[ZERO]], %[[O]]
// CHECK: memref.store %[[ONE]], %[[O]]
// CHECK: memref.store %[[ONE]], %[[O]]
// CHECK: memref.store %[[ONE]], %[[O]]
// CHECK-NOT: accir.
// CHECK: gpu.return
kernel void out_of_range(global ulong *o) {
  o[0] = get_global_id(3);
  o[1] = get_local_id(7);
  o[2] = get_group_id(3);
  o[3] = get_global_offset(5);
  o[4] = get_global_size(3);
  o[5] = get_local_size(4);
  o[6] = get_num_groups(100);
}

// CHECK-LABEL: gpu.func @dynamic_dim(
// CHECK-SAME: %[[O:.*]]: memref<?xi64>, %[[D:.*]]: i32) kernel
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : i32
// CHECK: %[[Z:.*]] = gpu.block_dim z
// CHECK: %[[Z64:.*]] = arith.index_castui %[[Z]] : index to i64
// CHECK: %[[IS2:.*]] = arith.cmpi eq, %[[D]], %[[C2]] : i32
// CHECK: %[[S2:.*]] = arith.select %[[IS2]], %[[Z64]], %[[ONE]] : i64
// CHECK: %[[Y:.*]] = gpu.block_dim y
// CHECK: %[[Y64:.*]] = arith.index_castui %[[Y]] : index to i64
// CHECK: %[[IS1:.*]] = arith.cmpi eq, %[[D]], %[[C1]] : i32
// CHECK: %[[S1:.*]] = arith.select %[[IS1]], %[[Y64]], %[[S2]] : i64
// CHECK: %[[X:.*]] = gpu.block_dim x
// CHECK: %[[X64:.*]] = arith.index_castui %[[X]] : index to i64
// CHECK: %[[IS0:.*]] = arith.cmpi eq, %[[D]], %[[C0]] : i32
// CHECK: %[[S0:.*]] = arith.select %[[IS0]], %[[X64]], %[[S1]] : i64
// CHECK: memref.store %[[S0]], %[[O]]
// get_global_id with a run-time dimension: out-of-range default 0.
// CHECK: gpu.global_id z
// CHECK: accir.global_offset z
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : i64
kernel void dynamic_dim(global ulong *o, uint d) {
  o[0] = get_local_size(d);
  o[1] = get_global_id(d);
}

// A kernel that queries nothing has no accir op.
// RUN: %acc-cc --emit=mlir %S/Inputs/no-queries.cl | FileCheck %s --check-prefix=NONE
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: %acc-cc --emit=spirv %S/Inputs/no-queries.cl -o %t.none.spv && %spirv-val-cl %t.none.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %S/Inputs/no-queries.cl -o %t.none.vk.spv && %spirv-val-vk %t.none.vk.spv
// NONE-NOT: accir.
// NONE: gpu.func @plain
