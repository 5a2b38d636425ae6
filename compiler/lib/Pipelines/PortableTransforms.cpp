//===- PortableTransforms.cpp - Rewrites of the portable IR for targets ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#include "PortableTransforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace acc {

bool materializeConstantGlobals(gpu::GPUModuleOp module, int64_t maxUnits,
                                std::string &error) {
  llvm::SmallVector<memref::GetGlobalOp> uses;
  module.walk([&](memref::GetGlobalOp op) { uses.push_back(op); });
  for (memref::GetGlobalOp use : uses) {
    auto global = module.lookupSymbol<memref::GlobalOp>(use.getName());
    auto init = global ? llvm::dyn_cast_or_null<DenseElementsAttr>(
                             global.getInitialValueAttr())
                       : DenseElementsAttr();
    MemRefType type = use.getType();
    if (!init || type.getRank() != 1 || !type.hasStaticShape()) {
      error = "a program-scope constant of this shape";
      return false;
    }
    if (type.getDimSize(0) > maxUnits) {
      error = "a program-scope constant of " +
              std::to_string(type.getDimSize(0)) + " elements (more than " +
              std::to_string(maxUnits) + ")";
      return false;
    }
    OpBuilder b(use);
    Location l = use.getLoc();
    Value copy = memref::AllocaOp::create(
        b, l, MemRefType::get(type.getShape(), type.getElementType()));
    auto values = llvm::to_vector(init.getValues<TypedAttr>());
    for (int64_t i = 0; i < type.getDimSize(0); ++i) {
      Value v = arith::ConstantOp::create(b, l, values[init.isSplat() ? 0 : i]);
      Value at = arith::ConstantIndexOp::create(b, l, i);
      memref::StoreOp::create(b, l, v, copy, ValueRange{at});
    }
    use.getResult().replaceAllUsesWith(copy);
    use.erase();
  }
  for (auto global :
       llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
    global.erase();
  return true;
}

} // namespace acc
