//===- ExpandMath.cpp - The math library from arithmetic ------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See ExpandMath.h. This file holds the driver: which functions are
// computed for which types, and the walk that replaces ops lane by lane.
// The functions are in one file per family (ExpandMathImpl.h lists them).
// Every function is written once for float and double on
// scalars (vectors go lane by lane) and is branch-free except where a loop
// is the algorithm (remainder's long division, tgamma's recurrence).
//
// Accuracy, as measured by the kernel suite on the cpu target with
// `acc-cc --soft-math` (tests/kernels, areas math_ext and fp64): within
// OpenCL C 1.2's bounds (table 7.1 for float, 7.2 for double), given base
// functions (sin, exp2, pow, ... on float) within theirs. The double
// functions use textbook methods:
//
//   exp    x = k ln2 + r (ln2 in two parts, k ln2_hi exact), Taylor series
//          of degree 13 on |r| <= ln2/2, 2^k applied in two exact steps.
//   log    x = 2^e m, m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(f) with
//          f = (m-1)/(m+1) in double-double and the series to f^23.
//   pow    exp(y log|x|) with log|x| and the product in double-double.
//   sin    x = k pi/2 + r by Cody-Waite (pi/2 in three parts) below 2^19,
//   cos    by Payne-Hanek above (x times 192 bits of 2/pi chosen by x's
//   tan    exponent, in 32-bit limbs); Taylor series on |r| <= pi/4 with
//          r's low part; tan = sin/cos.
//
// The float functions without an instruction (erf, erfc, tgamma's core on
// [1, 2)) use polynomials fitted for acc on Chebyshev nodes (50-digit
// arithmetic, mpmath), evaluated in the centred variable given next to each.
//
//===----------------------------------------------------------------------===//

#include "acc/Conversion/ExpandMath.h"

#include "ExpandMathImpl.h"
#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace acc {
namespace {

using math_expansion::Emitter;

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

/// The element types a function is computed for.
enum class Types { Both, F32, F64 };

/// One computable function: its name (the builtin's, or the math op's
/// without "math.") and how to compute it on scalar operands.
struct Function {
  StringRef name;
  Types types;
  Value (*compute)(Emitter &, ArrayRef<Value>);
};

const Function kFunctions[] = {
    // Library calls of the portable IR.
    {"sinpi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trigPi("sinpi", a[0]); }},
    {"cospi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trigPi("cospi", a[0]); }},
    {"tanpi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trigPi("tanpi", a[0]); }},
    {"asinpi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.overPi(math::AsinOp::create(e.b, e.l, a[0])); }},
    {"acospi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.overPi(math::AcosOp::create(e.b, e.l, a[0])); }},
    {"atanpi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.overPi(math::AtanOp::create(e.b, e.l, a[0])); }},
    {"atan2pi", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.overPi(e.atan2(a[0], a[1])); }},
    {"exp10", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.exp10(a[0]); }},
    {"logb", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.logb(a[0]); }},
    {"ilogb", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.ilogb(a[0]); }},
    {"tgamma", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.tgamma(a[0]); }},
    {"lgamma", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.lgamma(a[0]); }},
    {"hypot", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.hypot(a[0], a[1]); }},
    {"nextafter", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.nextafter(a[0], a[1]); }},
    {"remainder", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.remainder(a[0], a[1]); }},
    {"ldexp", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.ldexp(a[0], a[1]); }},
    {"pown", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.pown(a[0], a[1]); }},
    {"rootn", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.rootn(a[0], a[1]); }},
    // Math ops some instruction sets lack.
    {"erf", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.erf(a[0]); }},
    {"erfc", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.erfc(a[0]); }},
    {"cbrt", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.cbrt(a[0]); }},
    {"atan2", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.atan2(a[0], a[1]); }},
    // The transcendental functions.
    {"exp", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.exp(a[0]); }},
    {"exp2", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.exp2(a[0]); }},
    {"log", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.log(a[0]); }},
    {"log2", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.log2(a[0]); }},
    {"log10", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.log10(a[0]); }},
    {"powf", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.pow(a[0], a[1]); }},
    {"sin", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trig("sin", a[0]); }},
    {"cos", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trig("cos", a[0]); }},
    {"tan", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.trig("tan", a[0]); }},
    {"asin", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.asin(a[0]); }},
    {"acos", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.acos(a[0]); }},
    {"atan", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.atan(a[0]); }},
    {"sinh", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.sinh(a[0]); }},
    {"cosh", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.cosh(a[0]); }},
    {"tanh", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.tanh(a[0]); }},
    {"asinh", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.asinh(a[0]); }},
    {"acosh", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.acosh(a[0]); }},
    {"atanh", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.atanh(a[0]); }},
    {"expm1", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.expm1(a[0]); }},
    {"log1p", Types::F32, [](Emitter &e, ArrayRef<Value> a) { return e.log1p(a[0]); }},
    // fmod (arith.remf), exact.
    {"remf", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.fmod(a[0], a[1]); }},
    // Rounded once without a fused instruction.
    {"fma", Types::Both, [](Emitter &e, ArrayRef<Value> a) { return e.exactFma(a[0], a[1], a[2]); }},
};

const Function *lookup(StringRef name, Type elem) {
  if (!(elem.isF32() || elem.isF64()))
    return nullptr;
  for (const Function &fn : kFunctions)
    if (fn.name == name &&
        (fn.types == Types::Both || (fn.types == Types::F32) == elem.isF32()))
      return &fn;
  return nullptr;
}

/// Replaces `op` (one result) by `name` computed lane by lane; false when
/// `name` is not computable for its types.
bool expandOp(Operation *op, StringRef name) {
  // Loops split blocks: only in function bodies.
  if (!op->getParentOp() || !isa<FunctionOpInterface>(op->getParentOp()))
    return false;
  SmallVector<Value> args(op->getOperands());
  const Function *fn = lookup(name, getElementTypeOrSelf(args[0].getType()));
  if (!fn)
    return false;
  OpBuilder b(op);
  Emitter e(b, op->getLoc(),
            SymbolTable::getNearestSymbolTable(op->getParentOp()));
  Value r;
  if (auto vt = llvm::dyn_cast<VectorType>(op->getResult(0).getType())) {
    SmallVector<Value> lanes;
    for (int64_t k = 0; k < vt.getNumElements(); ++k) {
      SmallVector<Value> lane;
      for (Value v : args)
        lane.push_back(llvm::isa<VectorType>(v.getType())
                           ? (Value)vector::ExtractOp::create(b, e.l, v, k)
                           : v);
      lanes.push_back(fn->compute(e, lane));
    }
    r = vector::FromElementsOp::create(b, e.l, vt, lanes);
  } else {
    r = fn->compute(e, args);
  }
  op->getResult(0).replaceAllUsesWith(r);
  op->erase();
  return true;
}

/// The ops under `root` that `pred` selects, in program order.
template <typename Pred>
SmallVector<Operation *> collect(Operation *root, Pred pred) {
  SmallVector<Operation *> ops;
  root->walk([&](Operation *op) {
    if (pred(op))
      ops.push_back(op);
  });
  return ops;
}

} // namespace

Value buildMathExpansion(OpBuilder &b, Location loc, Operation *symbols,
                         StringRef name, ValueRange args) {
  if (args.empty() || llvm::isa<VectorType>(args[0].getType()))
    return {};
  const Function *fn = lookup(name, args[0].getType());
  if (!fn)
    return {};
  Emitter e(b, loc, symbols);
  SmallVector<Value> operands(args);
  return fn->compute(e, operands);
}

void expandMath(Operation *root, const MathExpansion &what) {
  // Library calls first: they produce math ops the later steps expand.
  if (what.libraryCalls)
    for (Operation *op : collect(root, [](Operation *op) {
           return isa<ir::BuiltinOp>(op);
         }))
      expandOp(op, ir::stringifyBuiltin(cast<ir::BuiltinOp>(op).getBuiltin()));
  if (what.missingFloatOps)
    for (Operation *op : collect(root, [](Operation *op) {
           return isa<math::ErfOp, math::ErfcOp, math::CbrtOp, math::Atan2Op>(op);
         }))
      expandOp(op, op->getName().stripDialect());
  if (what.float64Transcendentals)
    for (Operation *op : collect(root, [](Operation *op) {
           return isa<math::ExpOp, math::Exp2Op, math::LogOp, math::Log2Op,
                      math::Log10Op, math::PowFOp, math::SinOp, math::CosOp,
                      math::TanOp>(op) &&
                  getElementTypeOrSelf(op->getResult(0).getType()).isF64();
         }))
      expandOp(op, op->getName().stripDialect());
  if (what.float32Transcendentals)
    for (Operation *op : collect(root, [](Operation *op) {
           return isa<math::ExpOp, math::Exp2Op, math::LogOp, math::Log2Op,
                      math::Log10Op, math::PowFOp, math::SinOp, math::CosOp,
                      math::TanOp, math::AsinOp, math::AcosOp, math::AtanOp,
                      math::SinhOp, math::CoshOp, math::TanhOp, math::AsinhOp,
                      math::AcoshOp, math::AtanhOp, math::ExpM1Op,
                      math::Log1pOp>(op) &&
                  getElementTypeOrSelf(op->getResult(0).getType()).isF32();
         }))
      expandOp(op, op->getName().stripDialect());
  if (what.exactRemainder)
    for (Operation *op : collect(root, [](Operation *op) {
           return isa<arith::RemFOp>(op);
         }))
      expandOp(op, "remf");
  // Last: the expansions above use fma too. Those marked `afn` (a
  // polynomial's steps) are as good rounded twice.
  if (what.exactFma)
    for (Operation *op : collect(root, [](Operation *op) {
           auto fma = dyn_cast<math::FmaOp>(op);
           return fma && !bitEnumContainsAll(fma.getFastmath(),
                                             arith::FastMathFlags::afn);
         }))
      expandOp(op, "fma");
}

} // namespace acc
