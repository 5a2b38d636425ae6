//===- Passes.h - Passes on the portable kernel IR --------------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_TRANSFORMS_PASSES_H
#define ACC_TRANSFORMS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace acc {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "acc/Transforms/Passes.h.inc"

} // namespace acc

#endif // ACC_TRANSFORMS_PASSES_H
