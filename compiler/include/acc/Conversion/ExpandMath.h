//===- ExpandMath.h - The math library from arithmetic -----------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CONVERSION_EXPANDMATH_H
#define ACC_CONVERSION_EXPANDMATH_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/ValueRange.h"

#include "llvm/ADT/StringRef.h"

namespace mlir {
class Operation;
} // namespace mlir

namespace acc {

/// What `expandMath` computes from simpler operations. A target sets what
/// its instruction set lacks: Vulkan's GLSL.std.450, for instance, has
/// transcendental functions for 32-bit floats only and no sinpi or tgamma.
struct MathExpansion {
  /// The `accir.builtin` ops of the portable IR (sinpi cospi tanpi
  /// asinpi acospi atanpi atan2pi exp10 logb ilogb tgamma lgamma hypot
  /// nextafter remainder ldexp pown rootn), from math ops on the same
  /// type, integer arithmetic and, for remainder and tgamma, loops.
  bool libraryCalls = false;
  /// math.erf, math.erfc, math.cbrt and math.atan2 on float.
  bool missingFloatOps = false;
  /// math.exp, exp2, log, log2, log10, powf, sin, cos and tan on double,
  /// in double precision from arithmetic (within OpenCL's bounds for
  /// double, including Payne-Hanek reduction of huge trigonometric
  /// arguments).
  bool float64Transcendentals = false;
  /// math.exp, exp2, log, log2, log10, powf, sin, cos, tan, asin, acos,
  /// atan, sinh, cosh, tanh, asinh, acosh, atanh, expm1 and log1p on
  /// float, within OpenCL's float bounds, for targets whose instructions
  /// are not (Vulkan's GLSL.std.450 gives exp 3 + 2|x| ulp, and leaves the
  /// inverse and hyperbolic functions unspecified). sin, cos and tan reduce
  /// huge arguments exactly, in 32-bit integer arithmetic.
  bool float32Transcendentals = false;
  /// math.fma on float and double, correctly rounded from separate
  /// multiplications and additions (Dekker's exact product, then the sum
  /// of three terms with a round-to-odd step: Boldo and Melquiond), for
  /// targets whose fma may round twice (Vulkan's GLSL.std.450 Fma). Runs
  /// last, so it also covers the fma ops of the other expansions, except
  /// those marked `afn` (a polynomial's steps), which need no exactness.
  bool exactFma = false;
  /// arith.remf (fmod) on float and double, exactly: remainder's long
  /// division with the quotient truncated, for targets whose OpFRem is
  /// x - y * trunc(x / y) in floating point (Vulkan).
  bool exactRemainder = false;
};

/// Rewrites what `what` names under `root` (a module or a kernel). Vectors
/// are computed lane by lane. What it cannot compute (erf on double, say)
/// is left as it was, for the target to refuse by name. Expansions with
/// loops add blocks to the enclosing function.
void expandMath(mlir::Operation *root, const MathExpansion &what);

/// Builds function `name` (an accir.builtin's name, "sinpi", or a math
/// op's without "math.", "cbrt") of scalar operands `args` at `b`'s
/// insertion point with the expansion expandMath uses, at the operands'
/// type; null when there is none for that type. `symbols` is the symbol
/// table the expansion may add constants to. For targets that compute a
/// function in a wider type (the cpu target computes float sinpi and rootn
/// in double and rounds once), so each strategy has one implementation.
mlir::Value buildMathExpansion(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Operation *symbols, llvm::StringRef name,
                               mlir::ValueRange args);

} // namespace acc

#endif // ACC_CONVERSION_EXPANDMATH_H
