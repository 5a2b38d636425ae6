// --lower-launch-convention: the work-item queries of the portable IR in
// terms of the native ids and the launch words of convention 1
// (acc/acc_launch.h), the one lowering spirv-cl and spirv-vk (and the GPU
// targets to come) share. A kernel without barriers retires the work-items
// past the global size on entry; one with barriers does not (it is
// dispatched in whole-group pieces).
// RUN: %acc-opt --lower-launch-convention %s | FileCheck %s

// CHECK-LABEL: gpu.func @queries(
// get_global_id(0) = (group_offset + block_id) * local_size + thread_id,
// plus the global offset word.
// CHECK-DAG: %[[TX:.*]] = gpu.thread_id x
// CHECK-DAG: %[[LSX:.*]] = accir.launch_word local_size x
// CHECK-DAG: %[[BX:.*]] = gpu.block_id x
// CHECK-DAG: %[[GOX:.*]] = accir.launch_word group_offset x
// CHECK: %[[GX:.*]] = arith.addi %[[GOX]], %[[BX]] : index
// CHECK: %[[SX:.*]] = arith.muli %[[GX]], %[[LSX]] : index
// CHECK: %[[IDX:.*]] = arith.addi %[[SX]], %[[TX]] : index
// CHECK: %[[OFF:.*]] = accir.launch_word global_offset x
// get_group_id(1) adds the dispatch's group offset.
// CHECK: %[[BY:.*]] = gpu.block_id y
// CHECK: %[[GOY:.*]] = accir.launch_word group_offset y
// CHECK: %[[GY:.*]] = arith.addi %[[GOY]], %[[BY]] : index
// get_local_size(0): the native size, or what is left of the range.
// CHECK: %[[GSX:.*]] = accir.launch_word global_size x
// CHECK: %[[LEFT:.*]] = arith.subi %[[GSX]], %[[SX]] : index
// CHECK: %[[BDX:.*]] = gpu.block_dim x
// CHECK: %[[LSZ:.*]] = arith.minui %[[BDX]], %[[LEFT]] : index
// get_num_groups(2) = ceil(global_size / local_size).
// CHECK: %[[GSZ:.*]] = accir.launch_word global_size z
// CHECK: %[[LSZZ:.*]] = accir.launch_word local_size z
// CHECK: %[[SUM:.*]] = arith.addi %[[GSZ]], %[[LSZZ]] : index
// CHECK: %[[UP:.*]] = arith.subi %[[SUM]], %{{.*}} : index
// CHECK: %[[NG:.*]] = arith.divui %[[UP]], %[[LSZZ]] : index
// CHECK: %[[WD:.*]] = accir.launch_word work_dim
// The retirement: any dimension's id at or past its global size returns.
// CHECK: arith.cmpi uge, %[[IDX]], %[[GSX]] : index
// CHECK: arith.ori
// CHECK: %[[ANY:.*]] = arith.ori
// CHECK-NEXT: cf.cond_br %[[ANY]], ^[[RETIRE:bb[0-9]+]], ^[[BODY:bb[0-9]+]]
// CHECK: ^[[RETIRE]]:
// CHECK-NEXT: gpu.return
// CHECK: ^[[BODY]]:
// CHECK: %[[GID:.*]] = arith.addi %[[IDX]], %[[OFF]] : index
// CHECK: memref.store %[[GID]]
// CHECK: memref.store %[[GY]]
// CHECK: memref.store %[[LSZ]]
// CHECK: arith.addi %[[NG]], %[[WD]] : index
// CHECK-NOT: gpu.global_id
// CHECK-NOT: gpu.grid_dim
// CHECK-NOT: accir.global_offset
// CHECK-NOT: accir.work_dim

// CHECK-LABEL: gpu.func @with_barrier(
// CHECK-NOT: cf.cond_br
// CHECK: accir.launch_word global_size x
// CHECK: gpu.barrier
// CHECK-NOT: cf.cond_br
// CHECK: gpu.return
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @queries(%o: memref<?xindex>) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "o", kind = buffer, address_space = global>]>} {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %c3 = arith.constant 3 : index
      %id = gpu.global_id x
      %off = accir.global_offset x
      %gid = arith.addi %id, %off : index
      memref.store %gid, %o[%c0] : memref<?xindex>
      %grp = gpu.block_id y
      memref.store %grp, %o[%c1] : memref<?xindex>
      %ls = gpu.block_dim x
      memref.store %ls, %o[%c2] : memref<?xindex>
      %ng = gpu.grid_dim z
      %wd = accir.work_dim
      %s = arith.addi %ng, %wd : index
      memref.store %s, %o[%c3] : memref<?xindex>
      gpu.return
    }
    gpu.func @with_barrier(%o: memref<?xindex>) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "o", kind = buffer, address_space = global>]>} {
      %gs = accir.global_size x
      %id = gpu.global_id x
      gpu.barrier
      memref.store %gs, %o[%id] : memref<?xindex>
      gpu.return
    }
  }
}
