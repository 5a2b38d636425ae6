//===- PortableTransforms.h - Rewrites of the portable IR for targets -*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The target-independent passes over the portable kernel IR
// (lib/Transforms): the portable pipeline acc-cc runs after the front end,
// the kernel features read from its result, and small rewrites that several
// targets need before their own conversion.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_TRANSFORMS_PORTABLETRANSFORMS_H
#define ACC_TRANSFORMS_PORTABLETRANSFORMS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <string>

namespace mlir {
class Operation;
namespace gpu {
class GPUModuleOp;
} // namespace gpu
} // namespace mlir

namespace acc {

/// Cleans up freshly generated portable IR: promotion of private variables
/// to SSA values, canonicalisation (which also drops unreachable blocks),
/// folding of double constants converted to float, and CSE. Target
/// independent (lib/Transforms/PortablePipeline.cpp).
mlir::LogicalResult runPortablePipeline(mlir::ModuleOp module);

/// Sets the kernel flags of plugin ABI 1.3 that the portable IR shows
/// (after runPortablePipeline, so called functions are inlined) in each
/// kernel's #accir.kernel: fp64, 64-bit integers beyond address
/// arithmetic, 8- and 16-bit values in buffers or scalar arguments, half
/// arithmetic, printf. The runtime refuses such a kernel on a device
/// without the capability (lib/Transforms/KernelFeatures.cpp).
void annotateKernelFeatures(mlir::ModuleOp module);

/// The first operation of `kernel` that computes with 64-bit integers
/// beyond the address arithmetic of its work-item ids (the kernel itself
/// for a 64-bit argument), or null: what ACC_KERNEL_FLAG_USES_INT64 means.
mlir::Operation *findWideIntegerOp(mlir::Operation *kernel);

/// The first operation of `kernel` that needs kernel feature `flag` (an
/// ACC_KERNEL_FLAG_USES_* bit), or null: where a target that cannot express
/// the feature says the kernel needs it.
mlir::Operation *findFeatureUse(mlir::Operation *kernel, uint32_t flag);


/// Replaces every `memref.get_global` of a program-scope constant in the
/// kernels of `module` by a private copy (`memref.alloca` filled at the
/// kernel's entry), then erases the globals. For targets with no
/// initialised program-scope memory. A constant of more than `maxUnits`
/// units is refused with a message in `error` (copying it per work-item
/// would be too slow).
bool materializeConstantGlobals(mlir::gpu::GPUModuleOp module,
                                int64_t maxUnits, std::string &error);

/// Rewrites every vector of more than `maxLanes` lanes in `kernel` (an
/// OpenCL float8 or int16, say) into scalar lanes: element-wise ops are
/// applied lane by lane, vector ops pick lanes, and values carried between
/// blocks become one block argument per lane. For targets whose vectors are
/// narrower (Vulkan SPIR-V: 4). Leaves `vector.from_elements` and
/// `vector.extract` pairs that canonicalisation folds away. Returns false
/// with `error` (a construct, for "cannot express ...") when a wide vector
/// remains where it cannot be split: a kernel argument, memory, a call.
bool scalarizeWideVectors(mlir::Operation *kernel, int64_t maxLanes,
                          std::string &error);

} // namespace acc

#endif // ACC_TRANSFORMS_PORTABLETRANSFORMS_H
