//===- Passes.td - acc conversion passes ---------------------*- tablegen -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#ifndef ACC_CONVERSION_PASSES
#define ACC_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertGPUToCPUPass : Pass<"convert-gpu-to-cpu", "::mlir::ModuleOp"> {
  let summary = "Turn gpu.func kernels into per-work-item functions for the "
                "cpu target";
  let description = [{
    Every `gpu.func` kernel of every `gpu.module` becomes a `func.func`
    named `__acc_item_<kernel>` that runs one work-item. Its arguments are the
    kernel's, followed by 22 `index` values that describe the work-item and
    its work-group (local id, group id, local size, number of groups, global
    offset, global size and enqueued local size, three of each, then the work
    dimension). The `gpu` work-item ops and the `accir` queries of the
    portable IR are replaced by those arguments. The work-group function
    that loops over the work-items and implements acc/acc_cpu_abi.h is
    generated after translation to LLVM IR, where it can be marked up for
    LLVM's inliner and vectoriser.

    A kernel with `local` arrays or barriers also takes a `memref<?xi8>` of
    work-group memory, and one with barriers becomes resumable: it takes an
    i32 state and returns the state to resume in (-1 when done). The
    private constant `@__acc_cpu_frame_<kernel>` describes the work-group
    memory; see GPUToCPU.cpp.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def LowerLaunchConventionPass
    : Pass<"lower-launch-convention", "::mlir::ModuleOp"> {
  let summary = "Rewrite the work-item queries for launch convention 1";
  let description = [{
    The one lowering of launch convention 1 (acc/acc_launch.h,
    docs/plugin-abi.md) that every GPU-style target shares. In each kernel,
    the portable IR's work-item queries become the target's native ids
    combined with fields of the launch words (`accir.launch_word`), per
    dimension d:

      gpu.block_id      group_offset + native block_id
      gpu.global_id     group_id * local_size + native thread_id
                        (the portable IR's global id is without the offset)
      gpu.block_dim     min(native block_dim, global_size - group_id *
                        local_size): a partial last group has its real size
      gpu.grid_dim      ceil(global_size / local_size)
      accir.global_offset, accir.global_size, accir.work_dim: the fields

    A kernel without barriers is dispatched over its range rounded up to
    whole groups: it gets, on entry, a branch that retires the work-items
    whose global id reaches the global size in any dimension. (A kernel
    with barriers is dispatched in whole-group pieces instead, never
    rounded up.) Each target then reads `accir.launch_word` from where its
    format carries the words.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect"];
}

def ConvertPortableToSPIRVPass
    : Pass<"convert-portable-to-spirv", "::mlir::ModuleOp"> {
  let summary = "Convert the portable IR to a spirv.module";
  let description = [{
    The one SPIR-V conversion of acc/Conversion/PortableToSPIRV.h, both
    stages: the flavour's preparation (which runs
    `--lower-launch-convention`), then the dialect conversion and the
    SPIR-V clean-up passes. `flavour=kernel` is the spirv-cl target's
    SPIR-V (OpenCL: Kernel, Physical64), `flavour=shader` the spirv-vk
    target's (Vulkan: Shader, Logical, resources). A kernel the flavour
    cannot express is reported at the module with the reason.
  }];
  let options = [
    Option<"flavour", "flavour", "std::string", /*default=*/"\"kernel\"",
           "kernel (OpenCL's SPIR-V) or shader (Vulkan's)">
  ];
  let dependentDialects = ["::mlir::spirv::SPIRVDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::ub::UBDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::func::FuncDialect"];
}

#endif // ACC_CONVERSION_PASSES
