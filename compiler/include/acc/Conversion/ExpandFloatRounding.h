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

/// Rewrites every `arith.truncf` from f64 to f16 under `root` into a
/// truncation to f32 rounded to odd, then the truncation to f16 in the
/// original mode: with 13 more bits than half, the odd intermediate keeps
/// the second rounding correct. For targets whose double-to-half
/// conversion rounds through float (Mesa's Vulkan drivers), where
/// `vstore_half(double)` would round twice. Run before expandFloatRounding,
/// which then expands the directed modes of the f32-to-f16 step.
void splitDoubleToHalf(mlir::Operation *root);

} // namespace acc

#endif // ACC_CONVERSION_EXPANDFLOATROUNDING_H
