//===- CPUBuiltins.h - OpenCL builtins for the cpu target ---------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The cpu pipeline's resolution of the `accir.builtin` ops of the portable
// IR (AccOps.td, compiler/lib/Frontend/Builtins.h) and of the math ops
// whose upstream LLVM lowering is not accurate enough (expm1 and log1p
// become exp(x) - 1 and log(1 + x) there) or does not exist (cbrt, erf, erfc,
// acosh, asinh, atanh): calls to libm (libm.so.6) or inline expansions,
// vectors scalarised. Runs before -convert-gpu-to-cpu (the libm functions
// are declared both in the gpu.module and in the top-level module, where
// that pass moves the kernels).
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_PIPELINES_CPUBUILTINS_H
#define ACC_LIB_PIPELINES_CPUBUILTINS_H

#include <memory>

namespace mlir {
class Pass;
} // namespace mlir

namespace acc {

std::unique_ptr<mlir::Pass> createLowerBuiltinsForCPUPass();

} // namespace acc

#endif // ACC_LIB_PIPELINES_CPUBUILTINS_H
