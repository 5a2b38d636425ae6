//===- OpenCLCArith.cpp - arith and math as OpenCL C ----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See OpenCLCEmitter.h. Operators on unsigned values (signed where C's
// signedness matters), comparisons that give OpenCL's truth values, and
// the OpenCL builtins of the math ops.
//
//===----------------------------------------------------------------------===//

#include "OpenCLCEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/TypeSwitch.h"

namespace acc::openclc {

/// arith and math: C operators and OpenCL builtins.
bool OpenCLCEmitter::emitArithOp(Operation &op, bool &handled) {
  return llvm::TypeSwitch<Operation *, bool>(&op)
      .Case<arith::AddIOp, arith::AddFOp>([&](auto) { return binary(op, "+"); })
      .Case<arith::SubIOp, arith::SubFOp>([&](auto) { return binary(op, "-"); })
      .Case<arith::MulIOp, arith::MulFOp>([&](auto) { return binary(op, "*"); })
      .Case<arith::DivUIOp, arith::DivFOp>(
          [&](auto) { return binary(op, "/"); })
      .Case<arith::RemUIOp>([&](auto) { return binary(op, "%"); })
      .Case<arith::DivSIOp>([&](auto) { return signedBinary(op, "/"); })
      .Case<arith::RemSIOp>([&](auto) { return signedBinary(op, "%"); })
      .Case<arith::RemFOp>([&](auto) { return callBuiltin(op, "fmod"); })
      .Case<arith::AndIOp>([&](auto) { return binary(op, "&"); })
      .Case<arith::OrIOp>([&](auto) { return binary(op, "|"); })
      .Case<arith::XOrIOp>([&](auto o) {
        if (o.getType().isInteger(1))
          return binary(op, "!=");
        return binary(op, "^");
      })
      .Case<arith::ShLIOp>([&](auto) { return binary(op, "<<"); })
      .Case<arith::ShRUIOp>([&](auto) { return binary(op, ">>"); })
      .Case<arith::ShRSIOp>([&](auto) { return signedBinary(op, ">>"); })
      .Case<arith::NegFOp>([&](auto o) {
        assign(o.getResult(), "(-" + name(o.getOperand()) + ")");
        return true;
      })
      .Case<arith::MinUIOp>([&](auto) { return callBuiltin(op, "min"); })
      .Case<arith::MaxUIOp>([&](auto) { return callBuiltin(op, "max"); })
      .Case<arith::MinSIOp, arith::MaxSIOp>([&](auto o) {
        bool isMin = isa<arith::MinSIOp>(o.getOperation());
        assign(o.getResult(),
               reinterpret(o.getType(), false,
                           std::string(isMin ? "min(" : "max(") +
                               signedOf(o.getLhs()) + ", " +
                               signedOf(o.getRhs()) + ")"));
        return true;
      })
      .Case<arith::MinNumFOp>([&](auto) { return callBuiltin(op, "fmin"); })
      .Case<arith::MaxNumFOp>([&](auto) { return callBuiltin(op, "fmax"); })
      .Case<arith::CmpIOp>([&](arith::CmpIOp o) {
        using P = arith::CmpIPredicate;
        const char *sym = "==";
        bool sgn = false;
        switch (o.getPredicate()) {
        case P::eq: sym = "=="; break;
        case P::ne: sym = "!="; break;
        case P::slt: sym = "<"; sgn = true; break;
        case P::sle: sym = "<="; sgn = true; break;
        case P::sgt: sym = ">"; sgn = true; break;
        case P::sge: sym = ">="; sgn = true; break;
        case P::ult: sym = "<"; break;
        case P::ule: sym = "<="; break;
        case P::ugt: sym = ">"; break;
        case P::uge: sym = ">="; break;
        }
        std::string a = sgn ? signedOf(o.getLhs()) : name(o.getLhs());
        std::string b = sgn ? signedOf(o.getRhs()) : name(o.getRhs());
        std::string e = "(" + a + " " + sym + " " + b + ")";
        assign(o.getResult(),
               isVector(o.getType()) ? convert(o.getType(), true, e) : e);
        return true;
      })
      .Case<arith::CmpFOp>([&](arith::CmpFOp o) {
        using P = arith::CmpFPredicate;
        std::string a = name(o.getLhs()), b = name(o.getRhs());
        std::string e;
        switch (o.getPredicate()) {
        case P::AlwaysFalse: e = "false"; break;
        case P::AlwaysTrue: e = "true"; break;
        case P::OEQ: e = a + " == " + b; break;
        case P::OGT: e = a + " > " + b; break;
        case P::OGE: e = a + " >= " + b; break;
        case P::OLT: e = a + " < " + b; break;
        case P::OLE: e = a + " <= " + b; break;
        case P::ONE: e = a + " < " + b + " || " + a + " > " + b; break;
        case P::ORD: e = "!isnan(" + a + ") && !isnan(" + b + ")"; break;
        case P::UEQ: e = "!(" + a + " < " + b + " || " + a + " > " + b + ")"; break;
        case P::UGT: e = "!(" + a + " <= " + b + ")"; break;
        case P::UGE: e = "!(" + a + " < " + b + ")"; break;
        case P::ULT: e = "!(" + a + " >= " + b + ")"; break;
        case P::ULE: e = "!(" + a + " > " + b + ")"; break;
        case P::UNE: e = a + " != " + b; break;
        case P::UNO: e = "isnan(" + a + ") || isnan(" + b + ")"; break;
        }
        e = "(" + e + ")";
        assign(o.getResult(),
               isVector(o.getType()) ? convert(o.getType(), true, e) : e);
        return true;
      })
      .Case<arith::SelectOp>([&](arith::SelectOp o) {
        if (isVector(o.getCondition().getType())) {
          // select() picks by the sign bit of a mask as wide as the lanes.
          Type lanes = o.getType();
          Type mask = VectorType::get(
              llvm::cast<VectorType>(lanes).getShape(),
              IntegerType::get(o.getContext(),
                               getElementTypeOrSelf(lanes).getIntOrFloatBitWidth()));
          assign(o.getResult(),
                 "select(" + name(o.getFalseValue()) + ", " +
                     name(o.getTrueValue()) + ", " +
                     convert(mask, true, name(o.getCondition())) + ")");
          return true;
        }
        assign(o.getResult(), "(" + name(o.getCondition()) + " ? " +
                                  name(o.getTrueValue()) + " : " +
                                  name(o.getFalseValue()) + ")");
        return true;
      })
      .Case<arith::ExtUIOp, arith::TruncIOp, arith::IndexCastUIOp,
            arith::UIToFPOp, arith::FPToUIOp, arith::ExtFOp, arith::TruncFOp>(
          [&](auto o) { return convertTo(op, o->getOperand(0), false); })
      .Case<arith::ExtSIOp, arith::IndexCastOp, arith::SIToFPOp>(
          [&](auto o) { return convertTo(op, o->getOperand(0), true); })
      .Case<arith::FPToSIOp>([&](arith::FPToSIOp o) {
        assign(o.getResult(),
               reinterpret(o.getType(), false,
                           convert(o.getType(), true, name(o.getIn()))));
        return true;
      })
      .Case<arith::BitcastOp>([&](arith::BitcastOp o) {
        assign(o.getResult(),
               "as_" + typeName(o.getType()) + "(" + name(o.getIn()) + ")");
        return true;
      })
      .Case<math::SqrtOp>([&](auto) { return callBuiltin(op, "sqrt"); })
      .Case<math::RsqrtOp>([&](auto) { return callBuiltin(op, "rsqrt"); })
      .Case<math::ExpOp>([&](auto) { return callBuiltin(op, "exp"); })
      .Case<math::Exp2Op>([&](auto) { return callBuiltin(op, "exp2"); })
      .Case<math::LogOp>([&](auto) { return callBuiltin(op, "log"); })
      .Case<math::Log2Op>([&](auto) { return callBuiltin(op, "log2"); })
      .Case<math::Log10Op>([&](auto) { return callBuiltin(op, "log10"); })
      .Case<math::SinOp>([&](auto) { return callBuiltin(op, "sin"); })
      .Case<math::CosOp>([&](auto) { return callBuiltin(op, "cos"); })
      .Case<math::TanOp>([&](auto) { return callBuiltin(op, "tan"); })
      .Case<math::AbsFOp>([&](auto) { return callBuiltin(op, "fabs"); })
      .Case<math::FloorOp>([&](auto) { return callBuiltin(op, "floor"); })
      .Case<math::CeilOp>([&](auto) { return callBuiltin(op, "ceil"); })
      .Case<math::TruncOp>([&](auto) { return callBuiltin(op, "trunc"); })
      .Case<math::RoundOp>([&](auto) { return callBuiltin(op, "round"); })
      .Case<math::RoundEvenOp>([&](auto) { return callBuiltin(op, "rint"); })
      .Case<math::PowFOp>([&](auto) { return callBuiltin(op, "pow"); })
      .Case<math::FmaOp>([&](auto) { return callBuiltin(op, "fma"); })
      .Case<math::CopySignOp>([&](auto) { return callBuiltin(op, "copysign"); })
      // The rest of the math dialect that Builtins.cpp emits.
      .Case<math::AcosOp>([&](auto) { return callBuiltin(op, "acos"); })
      .Case<math::AcoshOp>([&](auto) { return callBuiltin(op, "acosh"); })
      .Case<math::AsinOp>([&](auto) { return callBuiltin(op, "asin"); })
      .Case<math::AsinhOp>([&](auto) { return callBuiltin(op, "asinh"); })
      .Case<math::AtanOp>([&](auto) { return callBuiltin(op, "atan"); })
      .Case<math::AtanhOp>([&](auto) { return callBuiltin(op, "atanh"); })
      .Case<math::Atan2Op>([&](auto) { return callBuiltin(op, "atan2"); })
      .Case<math::CbrtOp>([&](auto) { return callBuiltin(op, "cbrt"); })
      .Case<math::CoshOp>([&](auto) { return callBuiltin(op, "cosh"); })
      .Case<math::SinhOp>([&](auto) { return callBuiltin(op, "sinh"); })
      .Case<math::TanhOp>([&](auto) { return callBuiltin(op, "tanh"); })
      .Case<math::ErfOp>([&](auto) { return callBuiltin(op, "erf"); })
      .Case<math::ErfcOp>([&](auto) { return callBuiltin(op, "erfc"); })
      .Case<math::ExpM1Op>([&](auto) { return callBuiltin(op, "expm1"); })
      .Case<math::Log1pOp>([&](auto) { return callBuiltin(op, "log1p"); })
      .Case<math::IsInfOp, math::IsNaNOp, math::IsFiniteOp, math::IsNormalOp>(
          [&](auto o) {
            const char *fn = llvm::TypeSwitch<Operation *, const char *>(o)
                                 .template Case<math::IsInfOp>(
                                     [](auto) { return "isinf"; })
                                 .template Case<math::IsNaNOp>(
                                     [](auto) { return "isnan"; })
                                 .template Case<math::IsFiniteOp>(
                                     [](auto) { return "isfinite"; })
                                 .Default([](auto) { return "isnormal"; });
            std::string value =
                std::string(fn) + "(" + name(o->getOperand(0)) + ")";
            // Vector tests return -1/0 in the operand's integer width.
            Type rt = o->getResult(0).getType();
            assign(o->getResult(0),
                   isVector(rt) ? convert(rt, true, value) : value);
            return true;
          })
      .Case<math::CountLeadingZerosOp>(
          [&](auto) { return callBuiltin(op, "clz"); })
      .Case<math::CtPopOp>([&](auto) { return callBuiltin(op, "popcount"); })
      .Case<arith::MulUIExtendedOp, arith::MulSIExtendedOp>([&](auto o) {
        bool sgn = isa<arith::MulSIExtendedOp>(o.getOperation());
        Value a = o.getLhs(), c = o.getRhs();
        Type t = a.getType();
        // Scalars narrower than int promote to (signed) int: multiply in
        // uint. Vectors do not promote.
        std::string widen =
            !isVector(t) && getElementTypeOrSelf(t).getIntOrFloatBitWidth() < 32
                ? "(uint)"
                : "";
        assign(o.getLow(), convert(t, false, "(" + widen + name(a) + " * " +
                                                 widen + name(c) + ")"));
        assign(o.getHigh(),
               reinterpret(t, false,
                           "mul_hi(" +
                               (sgn ? signedOf(a) + ", " + signedOf(c)
                                    : name(a) + ", " + name(c)) +
                               ")"));
        return true;
      })
      .Default([&](Operation *) {
        handled = false;
        return false;
      });
}

} // namespace acc::openclc
