// --emit=mlir --target=cpu prints the LLVM dialect the cpu target makes of
// the portable IR: one private per-work-item function per kernel (memref
// descriptors expanded into pointer/offset/size/stride arguments, then the
// work-item ids and sizes), with no gpu, memref or func.call to @__acc_*
// left.
// RUN: %acc-cc --emit=mlir --target=cpu %s | FileCheck %s
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK-NOT: gpu.
// CHECK-NOT: memref.
// CHECK-LABEL: llvm.func @__acc_item_saxpy(
// CHECK-SAME: %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: i64, %{{[^:]+}}: i64, %{{[^:]+}}: i64,
// CHECK-SAME: %{{[^:]+}}: f32, %{{[^:]+}}: i32,
// CHECK-SAME: sym_visibility = "private"
// CHECK: llvm.icmp "slt"
// CHECK: llvm.cond_br
// CHECK: llvm.return
// CHECK: llvm.getelementptr
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> f32
// CHECK: llvm.intr.fma
// CHECK: llvm.store %{{.*}}, %{{.*}} : f32, !llvm.ptr
kernel void saxpy(global float *y, global const float *x, float a, int n) {
  int i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}

// CHECK-LABEL: llvm.func @__acc_item_queries(
// CHECK-NOT: llvm.call @__acc_
// CHECK: llvm.return
kernel void queries(global ulong *o) {
  o[0] = get_global_id(1) + get_global_size(0) + get_global_offset(2) + get_work_dim();
}
// CHECK-NOT: gpu.
