//===- BinaryEdits.h - Edits of serialised Shader SPIR-V ----------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_TARGET_SPIRV_BINARYEDITS_H
#define ACC_LIB_TARGET_SPIRV_BINARYEDITS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace acc {

/// Decorates the work-group size composite with BuiltIn WorkgroupSize,
/// gives each local-argument array its specialised length, and turns calls
/// of placeholder functions into extended instructions, dropping their
/// bodies: the printf placeholders into NonSemantic.DebugPrintf with
/// `printfFormats`, the OpenCL.std ones into that set's instruction. False
/// with `error` for a module the conversion did not write.
bool editBinary(llvm::SmallVectorImpl<uint32_t> &words,
                llvm::ArrayRef<std::string> printfFormats, std::string &error);

} // namespace acc

#endif // ACC_LIB_TARGET_SPIRV_BINARYEDITS_H
