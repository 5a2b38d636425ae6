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
  auto bin = [&](const char *sym) { return binary(op, sym); };
  auto sbin = [&](const char *sym) { return signedBinary(op, sym); };
  auto call = [&](const std::string &fn) { return callBuiltin(op, fn); };
  auto castTo = [&](Value v, bool signedSrc) { return convertTo(op, v, signedSrc); };
  (void)bin; (void)sbin; (void)call; (void)castTo;
  return llvm::TypeSwitch<Operation *, bool>(&op)
      .Case<arith::AddIOp, arith::AddFOp>([&](auto) { return bin("+"); })
      .Case<arith::SubIOp, arith::SubFOp>([&](auto) { return bin("-"); })
      .Case<arith::MulIOp, arith::MulFOp>([&](auto) { return bin("*"); })
      .Case<arith::DivUIOp, arith::DivFOp>([&](auto) { return bin("/"); })
      .Case<arith::RemUIOp>([&](auto) { return bin("%"); })
      .Case<arith::DivSIOp>([&](auto) { return sbin("/"); })
      .Case<arith::RemSIOp>([&](auto) { return sbin("%"); })
      .Case<arith::RemFOp>([&](auto) { return call("fmod"); })
      .Case<arith::AndIOp>([&](auto) { return bin("&"); })
      .Case<arith::OrIOp>([&](auto) { return bin("|"); })
      .Case<arith::XOrIOp>([&](auto o) {
        if (o.getType().isInteger(1))
          return bin("!=");
        return bin("^");
      })
      .Case<arith::ShLIOp>([&](auto) { return bin("<<"); })
      .Case<arith::ShRUIOp>([&](auto) { return bin(">>"); })
      .Case<arith::ShRSIOp>([&](auto) { return sbin(">>"); })
      .Case<arith::NegFOp>([&](auto o) {
        assign(o.getResult(), "(-" + name(o.getOperand()) + ")");
        return true;
      })
      .Case<arith::MinUIOp>([&](auto) { return call("min"); })
      .Case<arith::MaxUIOp>([&](auto) { return call("max"); })
      .Case<arith::MinSIOp, arith::MaxSIOp>([&](auto o) {
        bool isMin = isa<arith::MinSIOp>(o.getOperation());
        assign(o.getResult(),
               reinterpret(o.getType(), false,
                           std::string(isMin ? "min(" : "max(") +
                               signedOf(o.getLhs()) + ", " +
                               signedOf(o.getRhs()) + ")"));
        return true;
      })
      .Case<arith::MinNumFOp>([&](auto) { return call("fmin"); })
      .Case<arith::MaxNumFOp>([&](auto) { return call("fmax"); })
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
          [&](auto o) { return castTo(o->getOperand(0), false); })
      .Case<arith::ExtSIOp, arith::IndexCastOp, arith::SIToFPOp>(
          [&](auto o) { return castTo(o->getOperand(0), true); })
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
      .Case<math::SqrtOp>([&](auto) { return call("sqrt"); })
      .Case<math::RsqrtOp>([&](auto) { return call("rsqrt"); })
      .Case<math::ExpOp>([&](auto) { return call("exp"); })
      .Case<math::Exp2Op>([&](auto) { return call("exp2"); })
      .Case<math::LogOp>([&](auto) { return call("log"); })
      .Case<math::Log2Op>([&](auto) { return call("log2"); })
      .Case<math::Log10Op>([&](auto) { return call("log10"); })
      .Case<math::SinOp>([&](auto) { return call("sin"); })
      .Case<math::CosOp>([&](auto) { return call("cos"); })
      .Case<math::TanOp>([&](auto) { return call("tan"); })
      .Case<math::AbsFOp>([&](auto) { return call("fabs"); })
      .Case<math::FloorOp>([&](auto) { return call("floor"); })
      .Case<math::CeilOp>([&](auto) { return call("ceil"); })
      .Case<math::TruncOp>([&](auto) { return call("trunc"); })
      .Case<math::RoundOp>([&](auto) { return call("round"); })
      .Case<math::RoundEvenOp>([&](auto) { return call("rint"); })
      .Case<math::PowFOp>([&](auto) { return call("pow"); })
      .Case<math::FmaOp>([&](auto) { return call("fma"); })
      .Case<math::CopySignOp>([&](auto) { return call("copysign"); })
      // The rest of the math dialect that Builtins.cpp emits.
      .Case<math::AcosOp>([&](auto) { return call("acos"); })
      .Case<math::AcoshOp>([&](auto) { return call("acosh"); })
      .Case<math::AsinOp>([&](auto) { return call("asin"); })
      .Case<math::AsinhOp>([&](auto) { return call("asinh"); })
      .Case<math::AtanOp>([&](auto) { return call("atan"); })
      .Case<math::AtanhOp>([&](auto) { return call("atanh"); })
      .Case<math::Atan2Op>([&](auto) { return call("atan2"); })
      .Case<math::CbrtOp>([&](auto) { return call("cbrt"); })
      .Case<math::CoshOp>([&](auto) { return call("cosh"); })
      .Case<math::SinhOp>([&](auto) { return call("sinh"); })
      .Case<math::TanhOp>([&](auto) { return call("tanh"); })
      .Case<math::ErfOp>([&](auto) { return call("erf"); })
      .Case<math::ErfcOp>([&](auto) { return call("erfc"); })
      .Case<math::ExpM1Op>([&](auto) { return call("expm1"); })
      .Case<math::Log1pOp>([&](auto) { return call("log1p"); })
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
      .Case<math::CountLeadingZerosOp>([&](auto) { return call("clz"); })
      .Case<math::CtPopOp>([&](auto) { return call("popcount"); })
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
