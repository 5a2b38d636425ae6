//===- PortablePipeline.cpp - The passes every target's IR goes through ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The front end's IR becomes the portable kernel IR that every target
// pipeline starts from (docs/portable-ir.md): private variables promoted to
// SSA values, constants folded, common subexpressions shared. The kernel
// flags derived from the IR (acc::annotateKernelFeatures) read the result,
// so a double that folds away leaves no fp64 requirement behind.
//
//===----------------------------------------------------------------------===//

#include "acc/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/Transforms/Mem2Reg.h"

using namespace mlir;

namespace acc {
namespace {

/// arith.truncf of a constant without a rounding mode: the constant rounded
/// to nearest even, which is how OpenCL C converts a double to a float
/// (upstream folds only the conversions that are exact). `(float)(1.0 /
/// 3.0)` then computes nothing in double.
struct FoldConstantTruncF final : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getRoundingmodeAttr())
      return rewriter.notifyMatchFailure(op, "an explicit rounding mode");
    Attribute in;
    if (!matchPattern(op.getIn(), m_Constant(&in)))
      return rewriter.notifyMatchFailure(op, "not a constant");
    auto to = llvm::cast<FloatType>(getElementTypeOrSelf(op.getType()));
    auto round = [&](llvm::APFloat v) {
      bool losesInfo = false;
      v.convert(to.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
                &losesInfo);
      return v;
    };
    TypedAttr out;
    if (auto f = llvm::dyn_cast<FloatAttr>(in))
      out = FloatAttr::get(to, round(f.getValue()));
    else if (auto d = llvm::dyn_cast<DenseFPElementsAttr>(in))
      out = d.mapValues(to, [&](const llvm::APFloat &v) {
        return round(v).bitcastToAPInt();
      });
    else
      return rewriter.notifyMatchFailure(op, "an unknown constant");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, out);
    return success();
  }
};

} // namespace

LogicalResult runPortablePipeline(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  // Private variables start as memref<1xT> allocas; promote them to SSA.
  PassManager pm(ctx);
  pm.addPass(createMem2Reg());
  if (failed(pm.run(module)))
    return failure();
  // Canonicalisation, as -canonicalize does it, with the constant
  // conversions upstream leaves alone.
  RewritePatternSet patterns(ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
  patterns.add<FoldConstantTruncF>(ctx);
  GreedyRewriteConfig config;
  config.setUseTopDownTraversal(true);
  config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Normal);
  (void)applyPatternsGreedily(module, std::move(patterns), config);
  PassManager cse(ctx);
  cse.addPass(createCSEPass());
  return cse.run(module);
}

} // namespace acc
