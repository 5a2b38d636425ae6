//===- ExpandFloatRounding.h - Directed rounding of float truncation -*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CONVERSION_EXPANDFLOATROUNDING_H
#define ACC_CONVERSION_EXPANDFLOATROUNDING_H

namespace mlir {
class Operation;
} // namespace mlir

namespace acc {

/// Rewrites every `arith.truncf` with a directed rounding mode (toward
/// zero, upward, downward) under `root` into a round-to-nearest truncation
/// followed by a one-ulp correction, computed on the result's bits.
///
/// Targets that lower arith to LLVM need this: LLVM's constrained
/// intrinsics only *describe* the dynamic rounding mode, they do not set
/// it, so `vstore_half_rtz` or `convert_float_rtz(double)` would silently
/// round to nearest.
void expandFloatRounding(mlir::Operation *root);

} // namespace acc

#endif // ACC_CONVERSION_EXPANDFLOATROUNDING_H
