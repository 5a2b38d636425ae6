//===- CPUBuiltins.cpp - OpenCL builtins for the cpu target ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See CPUBuiltins.h. Float builtins without a libm function (sinpi & co,
// pown, rootn) are computed in double precision and rounded once to float,
// which keeps them well inside OpenCL's bounds; sinpi, cospi, tanpi and
// rootn with acc::expandMath's expansions (the ones the SPIR-V targets
// use), the others from double libm functions, argued individually below.
//
//===----------------------------------------------------------------------===//

#include "CPUBuiltins.h"

#include "acc/Conversion/ExpandMath.h"
#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;

namespace acc {
namespace {

using arith::CmpFPredicate;
using arith::CmpIPredicate;

struct Lowerer {
  OpBuilder &b;
  Location l;
  ModuleOp module;
  Operation *symbols; ///< the symbol table around the call

  Value f(Type t, double v) { return arith::ConstantOp::create(b, l, FloatAttr::get(t, v)); }
  Value i(Type t, int64_t v) {
    return arith::ConstantOp::create(b, l, IntegerAttr::get(t, v));
  }
  Value cmpf(CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, l, p, x, y);
  }
  Value cmpi(CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, l, p, x, y);
  }
  Value sel(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, l, c, x, y);
  }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, l, x, y); }
  Value divf(Value x, Value y) { return arith::DivFOp::create(b, l, x, y); }
  Value subf(Value x, Value y) { return arith::SubFOp::create(b, l, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, l, x); }
  Value band(Value x, Value y) { return arith::AndIOp::create(b, l, x, y); }
  Value bor(Value x, Value y) { return arith::OrIOp::create(b, l, x, y); }
  Value copysign(Value x, Value y) { return math::CopySignOp::create(b, l, x, y); }
  Value fabs(Value x) { return math::AbsFOp::create(b, l, x); }
  Value isfinite(Value x) {
    return cmpf(CmpFPredicate::OLT, fabs(x),
                f(x.getType(), std::numeric_limits<double>::infinity()));
  }
  Value toF64(Value x) {
    return x.getType().isF64() ? x
                               : (Value)arith::ExtFOp::create(b, l, b.getF64Type(), x);
  }
  Value back(Value d, Type t) {
    return t.isF64() ? d : (Value)arith::TruncFOp::create(b, l, t, d);
  }

  /// A call of libm's `fn` ("sin" -> "sinf" for float).
  Value libm(StringRef base, ValueRange args, Type result, bool pure = true) {
    std::string fn = base.str();
    if (args[0].getType().isF32())
      fn += "f";
    SmallVector<Type> ins;
    for (Value a : args)
      ins.push_back(a.getType());
    auto type = b.getFunctionType(ins, {result});
    // Declared where the call is (the gpu.module, for the verifier) and in
    // the top-level module, which -convert-gpu-to-cpu moves the kernel into.
    for (Operation *table : {symbols, module.getOperation()}) {
      if (SymbolTable::lookupSymbolIn(table, fn))
        continue;
      OpBuilder mb = OpBuilder::atBlockBegin(&table->getRegion(0).front());
      auto decl = func::FuncOp::create(mb, module.getLoc(), fn, type);
      decl.setPrivate();
      if (pure)
        decl->setAttr("llvm.readnone", UnitAttr::get(b.getContext()));
    }
    return func::CallOp::create(b, l, fn, TypeRange{result}, args).getResult(0);
  }

  /// `name` computed in double with acc::expandMath's expansion (sinpi,
  /// cospi, tanpi, rootn: one implementation shared with the SPIR-V
  /// targets) and rounded once to the operand's type: for float, correctly
  /// rounded from a far more precise double; for double, the expansion's
  /// own bounds (within OpenCL's).
  Value inDouble(StringRef name, ArrayRef<Value> a) {
    Type t = a[0].getType();
    SmallVector<Value> args = {toF64(a[0])};
    args.append(a.begin() + 1, a.end());
    Value d = buildMathExpansion(b, l, symbols, name, args);
    return d ? back(d, t) : Value();
  }

  /// cbrt in double: glibc's is within 4 ulp (libm-test-ulps), OpenCL's
  /// bound is 2. One Newton step on y^3 = x, with y^3 - x computed almost
  /// exactly through fma, after an exact scaling by 2^(+-900) that keeps
  /// y^3 normal.
  Value cbrtF64(Value x) {
    Type f64 = b.getF64Type();
    Value a = fabs(x);
    Value tiny = cmpf(CmpFPredicate::OLT, a, f(f64, 0x1p-900));
    Value huge = cmpf(CmpFPredicate::OGT, a, f(f64, 0x1p900));
    Value xs = mul(x, sel(tiny, f(f64, 0x1p900),
                          sel(huge, f(f64, 0x1p-900), f(f64, 1.0))));
    Value y = libm("cbrt", xs, f64);
    Value y2 = mul(y, y);
    Value e2 = math::FmaOp::create(b, l, y, y, neg(y2));
    Value r = math::FmaOp::create(b, l, y2, y, neg(xs));
    r = math::FmaOp::create(b, l, e2, y, r);
    Value corr = divf(r, mul(f(f64, 3.0), y2));
    Value finite = band(isfinite(y), cmpf(CmpFPredicate::ONE, y, f(f64, 0.0)));
    Value better = sel(finite, subf(y, corr), y);
    return mul(better, sel(tiny, f(f64, 0x1p-300),
                           sel(huge, f(f64, 0x1p300), f(f64, 1.0))));
  }

  /// One scalar builtin; null for a type it has no implementation of.
  Value scalar(ir::Builtin builtin, ArrayRef<Value> a, Type result) {
    Type t = a[0].getType();
    if (!llvm::isa<FloatType>(t) || !(t.isF32() || t.isF64()))
      return {};
    Type f64 = b.getF64Type();
    // libm has the function of the builtin's name (f suffix for float).
    StringRef name = ir::stringifyBuiltin(builtin);
    switch (builtin) {
    case ir::Builtin::exp10:
    case ir::Builtin::logb:
    case ir::Builtin::tgamma:
    case ir::Builtin::hypot:
    case ir::Builtin::nextafter:
    case ir::Builtin::remainder:
    case ir::Builtin::ldexp:
      return libm(name, a, t);
    case ir::Builtin::lgamma:
      return libm(name, a, t, /*pure=*/false);
    case ir::Builtin::sinpi:
    case ir::Builtin::cospi:
    case ir::Builtin::tanpi:
      return inDouble(name, a);
    case ir::Builtin::asinpi:
    case ir::Builtin::acospi:
    case ir::Builtin::atanpi: {
      // x / pi of the double function: asinpi(1) = 0.5 and acospi(-1) = 1
      // exactly, as pi_d / pi_d.
      Value d = toF64(a[0]);
      Value v = builtin == ir::Builtin::asinpi
                    ? (Value)math::AsinOp::create(b, l, d)
                : builtin == ir::Builtin::acospi
                    ? (Value)math::AcosOp::create(b, l, d)
                    : (Value)math::AtanOp::create(b, l, d);
      return back(divf(v, f(f64, M_PI)), t);
    }
    case ir::Builtin::ilogb: {
      Value r = libm(name, a, result);
      Value nan = cmpf(CmpFPredicate::UNO, a[0], a[0]);
      return sel(nan, i(result, INT32_MAX), r);
    }
    case ir::Builtin::atan2pi: {
      Value v = math::Atan2Op::create(b, l, toF64(a[0]), toF64(a[1]));
      return back(divf(v, f(f64, M_PI)), t);
    }
    case ir::Builtin::pown: {
      // pow with an exact integral exponent; float in double.
      Value nd = arith::SIToFPOp::create(b, l, f64, a[1]);
      return back(math::PowFOp::create(b, l, toF64(a[0]), nd), t);
    }
    case ir::Builtin::rootn:
      return inDouble(name, a);
    }
    return {};
  }

  /// Scalarises vector operands.
  Value lower(ir::Builtin builtin, ArrayRef<Value> args, Type result) {
    auto vt = llvm::dyn_cast<VectorType>(result);
    if (!vt)
      return scalar(builtin, args, result);
    SmallVector<Value> lanes;
    for (int64_t k = 0; k < vt.getNumElements(); ++k) {
      SmallVector<Value> sa;
      for (Value v : args)
        sa.push_back(llvm::isa<VectorType>(v.getType())
                         ? (Value)vector::ExtractOp::create(b, l, v,
                                                            ArrayRef<int64_t>{k})
                         : v);
      Value r = scalar(builtin, sa, vt.getElementType());
      if (!r)
        return {};
      lanes.push_back(r);
    }
    return vector::FromElementsOp::create(b, l, vt, lanes);
  }
};

struct LowerBuiltinsForCPUPass
    : PassWrapper<LowerBuiltinsForCPUPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(LowerBuiltinsForCPUPass)

  StringRef getArgument() const override { return "acc-lower-builtins-cpu"; }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, func::FuncDialect, math::MathDialect,
                    vector::VectorDialect>();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<ir::BuiltinOp> builtins;
    module.walk([&](ir::BuiltinOp op) { builtins.push_back(op); });
    for (ir::BuiltinOp op : builtins) {
      OpBuilder b(op);
      Lowerer lw{b, op.getLoc(), module,
                 SymbolTable::getNearestSymbolTable(op->getParentOp())};
      SmallVector<Value> args(op.getArgs());
      Value r = lw.lower(op.getBuiltin(), args, op.getType());
      if (!r) {
        op.emitError() << "the cpu target has no implementation of '"
                       << ir::stringifyBuiltin(op.getBuiltin()) << "' for "
                       << op.getArgs()[0].getType();
        return signalPassFailure();
      }
      op.getResult().replaceAllUsesWith(r);
      op.erase();
    }
    // math.isinf and math.isnormal have no LLVM lowering upstream.
    SmallVector<Operation *> classes;
    module.walk([&](Operation *op) {
      if (isa<math::IsInfOp, math::IsNormalOp>(op))
        classes.push_back(op);
    });
    for (Operation *op : classes) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      Value x = op->getOperand(0);
      Type t = x.getType();
      auto ft = llvm::cast<FloatType>(getElementTypeOrSelf(t));
      auto constant = [&](const llvm::APFloat &v) -> Value {
        TypedAttr a = FloatAttr::get(ft, v);
        if (auto vt = llvm::dyn_cast<VectorType>(t))
          a = DenseElementsAttr::get(vt, a);
        return arith::ConstantOp::create(b, loc, a);
      };
      const llvm::fltSemantics &sem = ft.getFloatSemantics();
      Value ax = math::AbsFOp::create(b, loc, x);
      Value inf = constant(llvm::APFloat::getInf(sem));
      Value r;
      if (isa<math::IsInfOp>(op)) {
        r = arith::CmpFOp::create(b, loc, CmpFPredicate::OEQ, ax, inf);
      } else {
        Value lo = arith::CmpFOp::create(
            b, loc, CmpFPredicate::OGE, ax,
            constant(llvm::APFloat::getSmallestNormalized(sem)));
        Value hi = arith::CmpFOp::create(b, loc, CmpFPredicate::OLT, ax, inf);
        r = arith::AndIOp::create(b, loc, lo, hi);
      }
      op->getResult(0).replaceAllUsesWith(r);
      op->erase();
    }

    // Double cbrt: see cbrtF64.
    SmallVector<math::CbrtOp> cbrts;
    module.walk([&](math::CbrtOp op) {
      if (getElementTypeOrSelf(op.getType()).isF64())
        cbrts.push_back(op);
    });
    for (math::CbrtOp op : cbrts) {
      OpBuilder b(op);
      Lowerer lw{b, op.getLoc(), module,
                 SymbolTable::getNearestSymbolTable(op->getParentOp())};
      Value r = getElementTypeOrSelf(op.getType()) == op.getType()
                    ? lw.cbrtF64(op.getOperand())
                    : Value();
      if (!r) { // a vector: lane by lane
        auto vt = llvm::cast<VectorType>(op.getType());
        SmallVector<Value> lanes;
        for (int64_t k = 0; k < vt.getNumElements(); ++k)
          lanes.push_back(lw.cbrtF64(vector::ExtractOp::create(
              b, op.getLoc(), op.getOperand(), ArrayRef<int64_t>{k})));
        r = vector::FromElementsOp::create(b, op.getLoc(), vt, lanes);
      }
      op.getResult().replaceAllUsesWith(r);
      op.erase();
    }
    // Math ops whose LLVM lowering is missing or inexact: libm.
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, func::FuncDialect,
                           math::MathDialect, vector::VectorDialect>();
    target.addIllegalOp<math::AcoshOp, math::AsinhOp, math::AtanhOp,
                        math::CbrtOp, math::ErfOp, math::ErfcOp,
                        math::ExpM1Op, math::Log1pOp>();
    RewritePatternSet patterns(ctx);
    populateMathToLibmConversionPatterns(patterns);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    // MathToLibm declares its functions next to the calls, in the
    // gpu.module: the top-level module needs them too.
    SmallVector<func::FuncOp> libmDecls;
    module.walk([&](func::FuncOp fn) {
      if (fn->getParentOp() != module.getOperation() && fn.isDeclaration())
        libmDecls.push_back(fn);
    });
    OpBuilder top = OpBuilder::atBlockBegin(module.getBody());
    for (func::FuncOp fn : libmDecls)
      if (!module.lookupSymbol(fn.getName()))
        top.clone(*fn.getOperation());
  }
};

} // namespace

std::unique_ptr<Pass> createLowerBuiltinsForCPUPass() {
  return std::make_unique<LowerBuiltinsForCPUPass>();
}

} // namespace acc
