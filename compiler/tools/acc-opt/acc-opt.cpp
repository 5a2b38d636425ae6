//===- acc-opt.cpp - Run acc's passes on MLIR files -----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// mlir-opt with the dialects of the portable kernel IR (accir included) and
// acc's passes registered, for tests and for looking at one pass at a time:
//
//   acc-opt --verify-portable-ir kernel.mlir
//   acc-cc --emit=mlir k.cl | acc-opt --convert-gpu-to-cpu
//
//===----------------------------------------------------------------------===//

#include "acc/Conversion/Passes.h"
#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<acc::ir::AccIRDialect, mlir::arith::ArithDialect,
                  mlir::cf::ControlFlowDialect, mlir::func::FuncDialect,
                  mlir::gpu::GPUDialect, mlir::LLVM::LLVMDialect,
                  mlir::math::MathDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect, mlir::ub::UBDialect,
                  mlir::vector::VectorDialect>();
  mlir::registerTransformsPasses(); // -canonicalize, -cse, ...
  acc::registerAccTransformsPasses();
  acc::registerAccConversionPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "acc-opt: acc's passes on the portable kernel IR\n",
      registry));
}
