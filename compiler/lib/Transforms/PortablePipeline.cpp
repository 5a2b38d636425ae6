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

#include "acc/Transforms/PortableTransforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
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

/// A multiplication the front end marked contractable (`contract`) with
/// one use, or null.
arith::MulFOp contractedMultiply(Value v) {
  auto mul = v.getDefiningOp<arith::MulFOp>();
  if (!mul || !mul->hasOneUse() ||
      !bitEnumContainsAll(mul.getFastmath(), arith::FastMathFlags::contract))
    return {};
  return mul;
}

/// Decides floating-point contraction once, for every target: each
/// addition or subtraction the front end marked contractable (OpenCL C's
/// FP_CONTRACT ON: a multiplication written as its operand, within one
/// expression) becomes math.fma of that multiplication, the left one when
/// both operands are, and every `contract` flag is then dropped, so that
/// no target fuses anything else. Each target computes math.fma as one
/// rounding (fma in OpenCL C, OpenCL.std fma or GLSL.std.450 Fma in SPIR-V, llvm.fma on the
/// cpu), and the same kernel gives the same bits on every backend. Runs
/// before CSE, while each multiplication still has the one use its source
/// expression gave it.
void decideContraction(ModuleOp module) {
  SmallVector<Operation *> candidates;
  module.walk([&](Operation *op) {
    if (isa<arith::AddFOp, arith::SubFOp>(op))
      candidates.push_back(op);
  });
  for (Operation *op : candidates) {
    auto flags = cast<arith::ArithFastMathInterface>(op).getFastMathFlagsAttr();
    if (!flags ||
        !bitEnumContainsAll(flags.getValue(), arith::FastMathFlags::contract))
      continue;
    Value x = op->getOperand(0), y = op->getOperand(1);
    OpBuilder b(op);
    Location loc = op->getLoc();
    Value fused;
    if (arith::MulFOp mul = contractedMultiply(x)) {
      // x*y' + y  or  x*y' - y.
      Value addend = isa<arith::SubFOp>(op)
                         ? (Value)arith::NegFOp::create(b, loc, y)
                         : y;
      fused = math::FmaOp::create(b, loc, mul.getLhs(), mul.getRhs(), addend);
    } else if (arith::MulFOp mul = contractedMultiply(y)) {
      // x + a*b  or  x - a*b = (-a)*b + x.
      Value a = isa<arith::SubFOp>(op)
                    ? (Value)arith::NegFOp::create(b, loc, mul.getLhs())
                    : mul.getLhs();
      fused = math::FmaOp::create(b, loc, a, mul.getRhs(), x);
    } else {
      continue;
    }
    Operation *mul = (contractedMultiply(x) ? x : y).getDefiningOp();
    op->getResult(0).replaceAllUsesWith(fused);
    op->erase();
    mul->erase();
  }
  // No target contracts on its own.
  module.walk([](Operation *op) {
    auto fm = dyn_cast<arith::ArithFastMathInterface>(op);
    if (!fm || !fm.getFastMathFlagsAttr())
      return;
    arith::FastMathFlags flags = fm.getFastMathFlagsAttr().getValue();
    if (!bitEnumContainsAll(flags, arith::FastMathFlags::contract))
      return;
    op->setAttr(fm.getFastMathAttrName(),
                arith::FastMathFlagsAttr::get(
                    op->getContext(), flags & ~arith::FastMathFlags::contract));
  });
}

} // namespace

LogicalResult runPortablePipeline(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  // Private variables start as memref<1xT> allocas; promote them to SSA.
  PassManager pm(ctx);
  pm.addPass(createMem2Reg());
  if (failed(pm.run(module)))
    return failure();
  decideContraction(module);
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
