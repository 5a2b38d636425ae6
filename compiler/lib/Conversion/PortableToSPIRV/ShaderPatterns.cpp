//===- ShaderPatterns.cpp - The Shader flavour's own patterns -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The patterns only the Shader flavour (SPIR-V for Vulkan) has: the
// placeholders of ShaderPreparation.cpp become the kernel's resources
// (StorageBuffer, PushConstant and Uniform blocks, Workgroup arrays sized
// by spec constants), gpu.block_dim reads the WorkgroupSize spec-constant
// composite (or the constant reqd_work_group_size), a kernel becomes a
// spirv.func without parameters, and program-scope constants become
// initialised Function arrays.
//
//===----------------------------------------------------------------------===//

#include "PortableToSPIRVImpl.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/DialectConversion.h"

#include <array>

using namespace mlir;

namespace acc::tospirv {
namespace {

spirv::SpecConstantOp getSpecConstant(OpBuilder &rewriter, Block &body,
                                      Location loc, StringRef name,
                                      uint32_t specId, int32_t value) {
  Operation *found = SymbolTable::lookupSymbolIn(
      body.getParentOp(), StringAttr::get(rewriter.getContext(), name));
  if (auto sc = dyn_cast_or_null<spirv::SpecConstantOp>(found))
    return sc;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(&body);
  auto sc = spirv::SpecConstantOp::create(
      rewriter, loc, rewriter.getStringAttr(name),
      rewriter.getI32IntegerAttr(value));
  sc->setAttr("spec_id", rewriter.getI32IntegerAttr(
                             static_cast<int32_t>(specId)));
  return sc;
}

/// The entry_point_abi work-group size of the function around `op`.
std::optional<std::array<int32_t, 3>> requiredSize(Operation *op) {
  for (Operation *p = op->getParentOp(); p; p = p->getParentOp()) {
    auto abi = p->getAttrOfType<spirv::EntryPointABIAttr>(
        spirv::getEntryPointABIAttrName());
    if (!abi)
      continue;
    if (auto ws = abi.getWorkgroupSize(); ws && ws.size() == 3)
      return std::array<int32_t, 3>{ws[0], ws[1], ws[2]};
    return std::nullopt;
  }
  return std::nullopt;
}

/// The spec-constant composite decorated BuiltIn WorkgroupSize (in the
/// binary edits), created once per module.
void ensureWorkGroupSize(OpBuilder &rewriter, Block &body, Location loc) {
  if (SymbolTable::lookupSymbolIn(body.getParentOp(),
                                  rewriter.getStringAttr(kSPIRVWorkGroupSizeName)))
    return;
  SmallVector<Attribute> parts;
  for (int i = 0; i < 3; ++i) {
    std::string name =
        (kSPIRVWorkGroupSizeName + "_" + StringRef("xyz" + i, 1)).str();
    auto sc = getSpecConstant(rewriter, body, loc, name,
                              kSPIRVWorkGroupSizeSpecId + i,
                              kSPIRVDefaultWorkGroupSize[i]);
    parts.push_back(SymbolRefAttr::get(sc));
  }
  OpBuilder::InsertionGuard guard(rewriter);
  setInsertionPointForGlobal(rewriter, body);
  spirv::SpecConstantCompositeOp::create(
      rewriter, loc, TypeAttr::get(VectorType::get({3}, rewriter.getI32Type())),
      rewriter.getStringAttr(kSPIRVWorkGroupSizeName), rewriter.getArrayAttr(parts));
}

/// gpu.block_dim: the constant reqd_work_group_size, or the WorkgroupSize
/// spec-constant composite.
struct BlockDimLowering final : OpConversionPattern<gpu::BlockDimOp> {
  BlockDimLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(gpu::BlockDimOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type i32 = rewriter.getI32Type();
    auto dim = static_cast<int32_t>(op.getDimension());
    if (auto size = requiredSize(op)) {
      rewriter.replaceOpWithNewOp<spirv::ConstantOp>(
          op, i32, rewriter.getI32IntegerAttr((*size)[dim]));
      return success();
    }
    Location loc = op.getLoc();
    auto vec3 = VectorType::get({3}, i32);
    ensureWorkGroupSize(rewriter, moduleBody(op), loc);
    Value v = spirv::ReferenceOfOp::create(
        rewriter, loc, vec3,
        SymbolRefAttr::get(rewriter.getContext(), kSPIRVWorkGroupSizeName));
    rewriter.replaceOpWithNewOp<spirv::CompositeExtractOp>(
        op, v, ArrayRef<int32_t>{dim});
    return success();
  }
};

/// A kernel: a spirv.func without arguments (preparation replaced them).
struct KernelLowering final : OpConversionPattern<gpu::GPUFuncOp> {
  KernelLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(gpu::GPUFuncOp fn, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!fn.isKernel())
      return failure();
    Block &entry = fn.getBody().front();
    for (BlockArgument arg : entry.getArguments())
      if (!arg.use_empty())
        return rewriter.notifyMatchFailure(fn, "argument still used");
    auto newFn = spirv::FuncOp::create(rewriter, fn.getLoc(), fn.getName(),
                                       rewriter.getFunctionType({}, {}));
    newFn->setAttr(spirv::getEntryPointABIAttrName(),
                   fn->getAttr(spirv::getEntryPointABIAttrName()));
    if (!requiredSize(&fn.getBody().front().front()))
      ensureWorkGroupSize(rewriter, moduleBody(fn), fn.getLoc());
    rewriter.inlineRegionBefore(fn.getBody(), newFn.getBody(), newFn.end());
    TypeConverter::SignatureConversion sig(entry.getNumArguments());
    rewriter.applySignatureConversion(&newFn.getBody().front(), sig,
                                      getTypeConverter());
    rewriter.eraseOp(fn);
    return success();
  }
};

/// gpu.return.
struct ReturnLowering final : OpConversionPattern<gpu::ReturnOp> {
  ReturnLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(gpu::ReturnOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<spirv::ReturnOp>(op);
    return success();
  }
};

/// Calls: the placeholders.
struct CallLowering final : OpConversionPattern<func::CallOp> {
  CallLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx,
               SPIRVFlavour flavour)
      : OpConversionPattern(converter, ctx, kAccBenefit), flavour(flavour) {}
  SPIRVFlavour flavour;

  LogicalResult
  matchAndRewrite(func::CallOp call, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = call.getLoc();
    auto kind = call->getAttrOfType<StringAttr>(kKindAttr);
    auto kernel = call->getAttrOfType<StringAttr>(kKernelAttr);
    auto ordinal = call->getAttrOfType<IntegerAttr>(kIndexAttr);
    if (!kind || !kernel || !ordinal)
      return rewriter.notifyMatchFailure(call, "not a placeholder");
    const auto &converter = *getTypeConverter<SPIRVTypeConverter>();
    Block &body = moduleBody(call);
    int32_t n = static_cast<int32_t>(ordinal.getInt());
    Type i32 = rewriter.getI32Type();

    if (kind.getValue() == "push" || kind.getValue() == "uniform") {
      bool push = kind.getValue() == "push";
      std::string name = (ACC_RESERVED_SYMBOL_PREFIX + kernel.getValue() +
                          (push ? "_push_constants" : "_scalars"))
                             .str();
      auto var = lookupGlobal(body, name);
      if (!var) {
        auto words = call->getAttrOfType<IntegerAttr>(kWordsAttr);
        auto array = spirv::ArrayType::get(
            VectorType::get({4}, i32),
            static_cast<unsigned>(words.getInt()), 16);
        auto block = spirv::StructType::get({array}, {0});
        // GLES has no push constants: its "push" block is the uniform
        // block at binding 0 (planBlocks).
        bool pushConstant = push && flavour != SPIRVFlavour::GLES;
        auto ptr = spirv::PointerType::get(
            block, pushConstant ? spirv::StorageClass::PushConstant
                                : spirv::StorageClass::Uniform);
        OpBuilder::InsertionGuard guard(rewriter);
        setInsertionPointForGlobal(rewriter, body);
        if (pushConstant)
          var = spirv::GlobalVariableOp::create(
              rewriter, loc, TypeAttr::get(ptr), rewriter.getStringAttr(name));
        else
          var = spirv::GlobalVariableOp::create(rewriter, loc, ptr, name, 0,
                                                static_cast<unsigned>(n));
      }
      Value base = spirv::AddressOfOp::create(rewriter, loc, var);
      Value zero = spirv::ConstantOp::getZero(i32, loc, rewriter);
      Value elemPtr = spirv::AccessChainOp::create(
          rewriter, loc, base, ValueRange{zero, adaptor.getOperands()[0]});
      Value vec = spirv::LoadOp::create(rewriter, loc, elemPtr);
      rewriter.replaceOpWithNewOp<spirv::VectorExtractDynamicOp>(
          call, vec, adaptor.getOperands()[1]);
      return success();
    }

    auto memrefType = llvm::cast<MemRefType>(call.getResult(0).getType());
    std::string name =
        (ACC_RESERVED_SYMBOL_PREFIX + kernel.getValue() + "_" + kind.getValue() + "_" +
         llvm::Twine(n))
            .str();
    auto var = lookupGlobal(body, name);
    if (!var) {
      if (kind.getValue() == "local")
        getSpecConstant(rewriter, body, loc,
                        (kSPIRVLocalBytesPrefix + llvm::Twine(n)).str(),
                        static_cast<uint32_t>(n), kSPIRVDefaultLocalBytes);
      Type type = converter.convertType(memrefType);
      if (!type)
        return rewriter.notifyMatchFailure(call, "unconvertible resource");
      OpBuilder::InsertionGuard guard(rewriter);
      setInsertionPointForGlobal(rewriter, body);
      if (kind.getValue() == "buffer")
        var = spirv::GlobalVariableOp::create(rewriter, loc, type, name, 0,
                                              static_cast<unsigned>(n));
      else
        var = spirv::GlobalVariableOp::create(
            rewriter, loc, TypeAttr::get(type), rewriter.getStringAttr(name));
    }
    rewriter.replaceOpWithNewOp<spirv::AddressOfOp>(call, var);
    return success();
  }
};

/// The private declarations of @__acc_* functions go away with their calls.
struct DeclarationLowering final : OpConversionPattern<func::FuncOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(func::FuncOp fn, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!fn.isDeclaration() || !ir::isReservedSymbol(fn.getName()))
      return rewriter.notifyMatchFailure(fn, "not an acc declaration");
    rewriter.eraseOp(fn);
    return success();
  }
};

/// A program-scope constant: a Function variable stored from the constant
/// array at the start of the kernel.
struct ConstantArrayLowering final : OpConversionPattern<memref::AllocaOp> {
  ConstantArrayLowering(const SPIRVTypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, kAccBenefit) {}
  LogicalResult
  matchAndRewrite(memref::AllocaOp alloca, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto init = alloca->getAttrOfType<DenseElementsAttr>(kInitAttr);
    if (!init)
      return failure();
    auto ptrType = llvm::dyn_cast_or_null<spirv::PointerType>(
        getTypeConverter()->convertType(alloca.getType()));
    if (!ptrType)
      return failure();
    auto structType =
        llvm::dyn_cast<spirv::StructType>(ptrType.getPointeeType());
    if (!structType || structType.getNumElements() != 1)
      return failure();
    auto arrayType =
        llvm::dyn_cast<spirv::ArrayType>(structType.getElementType(0));
    if (!arrayType)
      return failure();
    Type elem = arrayType.getElementType();
    SmallVector<Attribute> values;
    for (Attribute a : init.getValues<Attribute>()) {
      if (auto i = llvm::dyn_cast<IntegerAttr>(a))
        a = IntegerAttr::get(elem, i.getValue());
      else if (auto f = llvm::dyn_cast<FloatAttr>(a))
        a = FloatAttr::get(elem, f.getValue());
      else
        return failure();
      values.push_back(a);
    }
    Location loc = alloca.getLoc();
    auto var = spirv::VariableOp::create(rewriter, loc, ptrType,
                                         spirv::StorageClass::Function,
                                         /*initializer=*/nullptr);
    Value zero = spirv::ConstantOp::getZero(rewriter.getI32Type(), loc,
                                            rewriter);
    Value arrayPtr =
        spirv::AccessChainOp::create(rewriter, loc, var, ValueRange{zero});
    Value array = spirv::ConstantOp::create(rewriter, loc, arrayType,
                                            rewriter.getArrayAttr(values));
    spirv::StoreOp::create(rewriter, loc, arrayPtr, array);
    rewriter.replaceOp(alloca, var);
    return success();
  }
};

} // namespace

void populateShaderFlavourPatterns(SPIRVTypeConverter &converter,
                                   RewritePatternSet &patterns,
                                   SPIRVFlavour flavour) {
  patterns.add<BlockDimLowering, KernelLowering, ReturnLowering,
               DeclarationLowering, ConstantArrayLowering>(
      converter, patterns.getContext());
  patterns.add<CallLowering>(converter, patterns.getContext(), flavour);
}

} // namespace acc::tospirv
