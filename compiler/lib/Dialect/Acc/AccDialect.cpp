//===- AccDialect.cpp - The accir dialect of the portable IR --------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

#include "acc/Dialect/Acc/AccOpsDialect.cpp.inc"
#include "acc/Dialect/Acc/AccOpsEnums.cpp.inc"

void acc::ir::AccIRDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "acc/Dialect/Acc/AccOps.cpp.inc"
      >();
}

namespace acc::ir {

unsigned builtinArity(Builtin b) {
  switch (b) {
  case Builtin::hypot:
  case Builtin::nextafter:
  case Builtin::remainder:
  case Builtin::atan2pi:
  case Builtin::ldexp:
  case Builtin::pown:
  case Builtin::rootn:
    return 2;
  default:
    return 1;
  }
}

bool builtinTakesInt(Builtin b) {
  return b == Builtin::ldexp || b == Builtin::pown || b == Builtin::rootn;
}

bool builtinReturnsInt(Builtin b) { return b == Builtin::ilogb; }

/// The i32 type of `t`'s shape.
static Type intOfShape(Type t) {
  Type i32 = IntegerType::get(t.getContext(), 32);
  if (auto v = llvm::dyn_cast<VectorType>(t))
    return VectorType::get(v.getShape(), i32);
  return i32;
}

LogicalResult BuiltinOp::verify() {
  Builtin b = getBuiltin();
  unsigned arity = builtinArity(b);
  if (getArgs().size() != arity)
    return emitOpError() << "'" << stringifyBuiltin(b) << "' takes " << arity
                         << " operand" << (arity == 1 ? "" : "s") << ", not "
                         << getArgs().size();
  Type x = getArgs()[0].getType();
  if (!llvm::isa<FloatType>(getElementTypeOrSelf(x)) ||
      (llvm::isa<VectorType>(x) &&
       llvm::cast<VectorType>(x).getRank() != 1))
    return emitOpError() << "'" << stringifyBuiltin(b)
                         << "' takes a float scalar or 1-D vector, not " << x;
  if (arity == 2) {
    Type want = builtinTakesInt(b) ? intOfShape(x) : x;
    if (getArgs()[1].getType() != want)
      return emitOpError() << "'" << stringifyBuiltin(b)
                           << "' takes its second operand as " << want
                           << ", not " << getArgs()[1].getType();
  }
  Type result = builtinReturnsInt(b) ? intOfShape(x) : x;
  if (getResult().getType() != result)
    return emitOpError() << "'" << stringifyBuiltin(b) << "' of " << x
                         << " gives " << result << ", not "
                         << getResult().getType();
  return success();
}

} // namespace acc::ir

#define GET_OP_CLASSES
#include "acc/Dialect/Acc/AccOps.cpp.inc"
