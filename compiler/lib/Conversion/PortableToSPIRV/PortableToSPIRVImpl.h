//===- PortableToSPIRVImpl.h - Inside the SPIR-V conversion ------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// What the files of lib/Conversion/PortableToSPIRV share:
//
//   PortableToSPIRV.cpp    the driver, the target environments and the
//                          patterns both flavours use (work-item builtins,
//                          barriers, fences, atomics, math MLIR lacks)
//   KernelPreparation.cpp  stage 1 of the Kernel flavour, and its patterns
//   ShaderPreparation.cpp  stage 1 of the Shader flavour (resources,
//                          structured control flow, printf)
//   ShaderPatterns.cpp     the Shader flavour's own patterns (resources,
//                          spec constants, entry points)
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_CONVERSION_PORTABLETOSPIRV_IMPL_H
#define ACC_LIB_CONVERSION_PORTABLETOSPIRV_IMPL_H

#include "acc/Conversion/PortableToSPIRV.h"
#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/Transforms/SPIRVConversion.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

#include <string>

namespace acc::tospirv {

/// acc's patterns win over MLIR's for the same ops.
inline constexpr unsigned kAccBenefit = 100;

/// The Shader flavour's placeholder calls (`@__acc_vk_*`), which
/// preparation puts where a kernel argument was used, and their attributes:
/// the kind of resource, its ordinal, the block's size in 16-byte words,
/// the kernel.
inline constexpr llvm::StringLiteral kPlaceholderPrefix =
    ACC_RESERVED_SYMBOL_PREFIX "vk_";
inline constexpr llvm::StringLiteral kKindAttr = "accir.spirv.kind";
inline constexpr llvm::StringLiteral kIndexAttr = "accir.spirv.index";
inline constexpr llvm::StringLiteral kWordsAttr = "accir.spirv.words";
inline constexpr llvm::StringLiteral kKernelAttr = "accir.spirv.kernel";
/// A memref.alloca standing for a program-scope constant: its value.
inline constexpr llvm::StringLiteral kInitAttr = "accir.spirv.init";

/// The body of the spirv.module (or gpu.module) around `op`.
mlir::Block &moduleBody(mlir::Operation *op);
/// Module-level declarations go after the leading spec constants (the
/// binary edits need every spec constant before the types that use it).
void setInsertionPointForGlobal(mlir::OpBuilder &b, mlir::Block &body);
/// The global variable `name` of `body`'s module, or null.
mlir::spirv::GlobalVariableOp lookupGlobal(mlir::Block &body,
                                           llvm::StringRef name);
/// Loads the builtin variable `builtin` of type `type`, declaring it in the
/// enclosing module on first use.
mlir::Value loadBuiltin(mlir::Operation *op, mlir::spirv::BuiltIn builtin,
                        mlir::Type type, mlir::OpBuilder &rewriter);

/// A work-item query: a component of the 3-vector builtin, of the index type (64-bit size_t in the Kernel
/// flavour, 32-bit in the Shader flavour).
template <typename SourceOp, mlir::spirv::BuiltIn Builtin>
struct WorkItemOpLowering final : mlir::OpConversionPattern<SourceOp> {
  WorkItemOpLowering(const mlir::SPIRVTypeConverter &converter, mlir::MLIRContext *ctx)
      : mlir::OpConversionPattern<SourceOp>(converter, ctx, kAccBenefit) {}
  mlir::LogicalResult
  matchAndRewrite(SourceOp op, typename SourceOp::Adaptor,
                  mlir::ConversionPatternRewriter &rewriter) const override {
    mlir::Type index =
        this->template getTypeConverter<mlir::SPIRVTypeConverter>()->getIndexType();
    mlir::Value v = loadBuiltin(op, Builtin, mlir::VectorType::get({3}, index), rewriter);
    rewriter.replaceOpWithNewOp<mlir::spirv::CompositeExtractOp>(
        op, v, llvm::ArrayRef<int32_t>{static_cast<int32_t>(op.getDimension())});
    return mlir::success();
  }
};

/// Stage 1 of each flavour (prepareForSPIRV dispatches).
bool prepareKernelFlavour(mlir::ModuleOp module, std::string &error);
bool prepareShaderFlavour(mlir::ModuleOp module, SPIRVFlavour flavour,
                          std::string &error);

/// Computes `kernel`'s 64-bit integers (its size_t arithmetic) in 32 bits
/// (NarrowSizeT.cpp), for a target whose ids are 32-bit and which has no
/// 64-bit integers; fails, naming `target`, for a kernel with 64-bit
/// integers in memory or arguments.
bool narrowSizeT(mlir::gpu::GPUFuncOp kernel, llvm::StringRef target,
                 std::string &error);

/// The patterns only one flavour has.
void populateKernelFlavourPatterns(mlir::SPIRVTypeConverter &converter,
                                   mlir::RewritePatternSet &patterns);
void populateShaderFlavourPatterns(mlir::SPIRVTypeConverter &converter,
                                   mlir::RewritePatternSet &patterns,
                                   SPIRVFlavour flavour);

} // namespace acc::tospirv

#endif // ACC_LIB_CONVERSION_PORTABLETOSPIRV_IMPL_H
