// --convert-portable-to-spirv: one conversion, two flavours. The same
// portable kernel becomes OpenCL's SPIR-V (Kernel, Physical64, buffers as
// CrossWorkgroup pointer parameters, the launch words as a trailing
// vector<16xi64> parameter) or Vulkan's (Shader, Logical, resources as
// module variables, the launch words in push constants); the patterns that
// differ only in memory semantics or scope take the flavour.
// RUN: %acc-opt --convert-portable-to-spirv=flavour=kernel %s | FileCheck %s --check-prefix=KERNEL
// RUN: %acc-opt --convert-portable-to-spirv=flavour=shader %s | FileCheck %s --check-prefix=SHADER
// RUN: not %acc-opt --convert-portable-to-spirv=flavour=metal %s 2>&1 | FileCheck %s --check-prefix=BAD

// KERNEL: spirv.module @__spv__kernels Physical64 OpenCL
// KERNEL: spirv.func @count(%{{.*}}: !spirv.ptr<i32, CrossWorkgroup>, %{{.*}}: !spirv.ptr<i32, Workgroup>, %[[W:.*]]: vector<16xi64>)
// KERNEL: spirv.CompositeExtract %[[W]][8 : i32] : vector<16xi64>
// KERNEL: spirv.BitCount %{{.*}} : i32
// KERNEL: spirv.ControlBarrier <Workgroup>, <Workgroup>, <SequentiallyConsistent|WorkgroupMemory|CrossWorkgroupMemory>
// KERNEL: spirv.MemoryBarrier <Workgroup>, <SequentiallyConsistent|CrossWorkgroupMemory>
// KERNEL: spirv.AtomicIAdd <Device> <SequentiallyConsistent|CrossWorkgroupMemory>
// KERNEL: spirv.EntryPoint "Kernel" @count

// SHADER: spirv.module @__spv__kernels Logical GLSL450
// SHADER-DAG: spirv.GlobalVariable @__acc_count_push_constants : !spirv.ptr<!spirv.struct<(!spirv.array<5 x vector<4xi32>, stride=16> [0])>, PushConstant>
// SHADER-DAG: spirv.GlobalVariable @__acc_count_buffer_0 bind(0, 0) : !spirv.ptr<!spirv.struct<(!spirv.rtarray<i32, stride=4> [0])>, StorageBuffer>
// SHADER-DAG: spirv.GlobalVariable @__acc_count_local_0 : {{.*}}, Workgroup>
// SHADER: spirv.func @count() "None"
// SHADER: spirv.BitCount %{{.*}} : i32
// SHADER: spirv.ControlBarrier <Workgroup>, <Workgroup>, <AcquireRelease|UniformMemory|WorkgroupMemory>
// SHADER: spirv.MemoryBarrier <Workgroup>, <AcquireRelease|UniformMemory|WorkgroupMemory>
// SHADER: spirv.AtomicIAdd <Device> <None>
// SHADER: spirv.EntryPoint "GLCompute" @count

// BAD: error: flavour must be 'kernel', 'shader' or 'gles', not 'metal'

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @count(%a: memref<?xi32>, %t: memref<?xi32, #gpu.address_space<workgroup>>) kernel attributes {accir.kernel = #accir.kernel<args = [#accir.arg<name = "a", kind = buffer, address_space = global, access = 3, scalar_type = i32, size = 8, alignment = 4>, #accir.arg<name = "t", kind = local, address_space = local, access = 3, scalar_type = i32, alignment = 4, binding = 0>], flags = 256>} {
      %c0 = arith.constant 0 : index
      %c1_i32 = arith.constant 1 : i32
      %id = gpu.global_id x
      %v = memref.load %a[%id] : memref<?xi32>
      %p = math.ctpop %v : i32
      memref.store %p, %t[%c0] : memref<?xi32, #gpu.address_space<workgroup>>
      gpu.barrier
      accir.mem_fence 2
      %old = memref.atomic_rmw addi %c1_i32, %a[%c0] : (i32, memref<?xi32>) -> i32
      gpu.return
    }
  }
}
