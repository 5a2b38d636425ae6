//===- ExpandHalfStorage.h - half storage without half values ---*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_CONVERSION_EXPANDHALFSTORAGE_H
#define ACC_CONVERSION_EXPANDHALFSTORAGE_H

#include <string>

namespace mlir {
class Operation;
} // namespace mlir

namespace acc {

/// Rewrites the half storage of `kernel` (a gpu.func of the portable IR,
/// where half values are only loaded, stored and converted) so that no
/// half value remains: every memref of f16 becomes a memref of i16 holding
/// the same bits, a load and its conversions (vload_half) become an i16
/// load and an exact conversion of the bits to f32 or f64 in integer
/// arithmetic, and a conversion to half with its rounding mode and the
/// store of it (vstore_half_rt?) become the correctly rounded bits computed
/// from the f32 or f64 source (no double rounding) and an i16 store. For
/// targets without half values (SPIR-V for OpenCL without cl_khr_fp16,
/// whose vload_half MLIR's SPIR-V dialect cannot express). Returns false
/// with `error` naming a use of half it cannot rewrite.
bool expandHalfStorage(mlir::Operation *kernel, std::string &error);

} // namespace acc

#endif // ACC_CONVERSION_EXPANDHALFSTORAGE_H
