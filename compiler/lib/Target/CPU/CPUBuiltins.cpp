//===- CPUBuiltins.cpp - OpenCL builtins for the cpu target ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See CPUBuiltins.h. Float builtins without a libm function (sinpi & co,
// pown, rootn) are computed in double precision from double libm functions
// and rounded once to float, which keeps them well inside OpenCL's bounds;
// their double versions are argued individually below.
//
//===----------------------------------------------------------------------===//

#include "CPUBuiltins.h"

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

  /// sinpi, cospi, tanpi in double: x = n/2 + r with |r| <= 1/4 (exact),
  /// then sin/cos of pi*r by quadrant. The double results are within about
  /// 2 ulp (pi*r rounds once, sin/cos are glibc's), the float ones are
  /// correctly rounded from a far more precise double.
  Value trigPi(ir::Builtin which, Value x) {
    Type t = x.getType();
    Type f64 = b.getF64Type();
    Value d = toF64(x);
    Value ad = fabs(d);
    Value finite = isfinite(d);
    // |x| >= 2^53: an even integer.
    Value big = band(cmpf(CmpFPredicate::OGE, ad, f(f64, 0x1p53)), finite);
    Value dd = sel(big, f(f64, 0.0), d);
    Value n = math::RoundEvenOp::create(b, l, mul(dd, f(f64, 2.0)));
    n = sel(finite, n, f(f64, 0.0));
    Value r = subf(dd, mul(n, f(f64, 0.5)));
    Type i64 = b.getI64Type();
    Value k = band(arith::FPToSIOp::create(b, l, i64, n), i(i64, 3));
    Value y = mul(r, f(f64, M_PI));
    Value s = math::SinOp::create(b, l, y);
    Value c = math::CosOp::create(b, l, y);
    auto isK = [&](int64_t v) { return cmpi(CmpIPredicate::eq, k, i(i64, v)); };
    Value zero = f(f64, 0.0);
    Value res;
    if (which == ir::Builtin::sinpi) {
      res = sel(isK(0), s, sel(isK(1), c, sel(isK(2), neg(s), neg(c))));
      Value isZero = cmpf(CmpFPredicate::OEQ, res, zero);
      res = sel(bor(isZero, big), copysign(zero, d), res);
    } else if (which == ir::Builtin::cospi) {
      res = sel(isK(0), c, sel(isK(1), neg(s), sel(isK(2), neg(c), s)));
      res = arith::AddFOp::create(b, l, res, zero); // -0 -> +0
      res = sel(big, f(f64, 1.0), res);
    } else {
      Value even = bor(isK(0), isK(2));
      res = sel(even, divf(s, c), neg(divf(c, s)));
      Value rZero = cmpf(CmpFPredicate::OEQ, r, zero);
      Value inf = f(f64, std::numeric_limits<double>::infinity());
      Value exact = sel(isK(0), copysign(zero, d),
                        sel(isK(2), copysign(zero, neg(d)),
                            sel(isK(1), inf, neg(inf))));
      res = sel(rZero, exact, res);
      res = sel(big, copysign(zero, d), res);
    }
    return back(res, t);
  }

  /// 2^k as a double, k in [-1022, 1023] (i64).
  Value pow2(Value k) {
    Type i64 = b.getI64Type();
    Value bits = arith::ShLIOp::create(
        b, l, arith::AddIOp::create(b, l, k, i(i64, 1023)), i(i64, 52));
    return arith::BitcastOp::create(b, l, b.getF64Type(), bits);
  }

  /// rootn(x, n) = +-|x|^(1/n). In double, pow's exponent 1/n is rounded,
  /// which one Newton step on y^n = |x| removes.
  Value rootn(Value x, Value n) {
    Type t = x.getType();
    Type f64 = b.getF64Type();
    Value d = toF64(x);
    Value nd = arith::SIToFPOp::create(b, l, f64, n);
    Value a = fabs(d);
    Value scaleBack;
    if (t.isF64()) {
      // Denormal |x| and |n| <= 1024: Newton's step needs a normal y^n, so
      // compute rootn(|x| * 2^(c|n|)) * 2^(-c sign(n)), c = ceil(64/|n|).
      Type i64 = b.getI64Type();
      Value n64 = arith::ExtSIOp::create(b, l, i64, n);
      Value an = arith::MaxSIOp::create(
          b, l, n64, arith::SubIOp::create(b, l, i(i64, 0), n64));
      Value useScale =
          band(cmpf(CmpFPredicate::OLT, a, f(f64, 0x1p-1022)),
               band(cmpi(CmpIPredicate::sle, an, i(i64, 1024)),
                    cmpi(CmpIPredicate::sgt, an, i(i64, 0))));
      Value safeN = sel(useScale, an, i(i64, 1));
      Value c = arith::DivSIOp::create(
          b, l, arith::AddIOp::create(b, l, i(i64, 63), safeN), safeN);
      Value m = arith::MulIOp::create(b, l, c, safeN);
      Value half = arith::ShRSIOp::create(b, l, m, i(i64, 1));
      Value rest = arith::SubIOp::create(b, l, m, half);
      Value scaledA = mul(mul(a, pow2(half)), pow2(rest));
      a = sel(useScale, scaledA, a);
      Value negN = cmpi(CmpIPredicate::slt, n64, i(i64, 0));
      Value back = sel(negN, c, arith::SubIOp::create(b, l, i(i64, 0), c));
      scaleBack = sel(useScale, pow2(back), f(f64, 1.0));
    }
    Value y = math::PowFOp::create(b, l, a, divf(f(f64, 1.0), nd));
    if (t.isF64()) {
      Value p = math::PowFOp::create(b, l, y, nd);
      Value zero = f(f64, 0.0);
      Value ok = band(band(isfinite(p), cmpf(CmpFPredicate::ONE, p, zero)),
                      band(isfinite(y), cmpf(CmpFPredicate::ONE, y, zero)));
      Value rel = divf(subf(p, a), p);
      Value corr = divf(mul(rel, y), nd);
      y = sel(ok, subf(y, corr), y);
      y = mul(y, scaleBack);
    }
    Type i32 = n.getType();
    Value odd = cmpi(CmpIPredicate::ne, band(n, i(i32, 1)), i(i32, 0));
    y = sel(odd, copysign(y, d), y);
    Value bad = bor(cmpi(CmpIPredicate::eq, n, i(i32, 0)),
                    band(cmpf(CmpFPredicate::OLT, d, f(f64, 0.0)),
                         cmpi(CmpIPredicate::eq, band(n, i(i32, 1)), i(i32, 0))));
    y = sel(bad, f(f64, std::nan("")), y);
    return back(y, t);
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
      return trigPi(builtin, a[0]);
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
      return rootn(a[0], a[1]);
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
