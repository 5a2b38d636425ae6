//===- KernelFeatures.cpp - Kernel flags read from the portable IR --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The kernel flags of plugin ABI 1.3 (fp64, int64, 8/16-bit storage, half
// arithmetic, printf), derived from what each kernel of the folded portable
// IR computes rather than from the types its source mentions.
//
//===----------------------------------------------------------------------===//

#include "acc/Transforms/PortableTransforms.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;

namespace acc {
namespace {

/// The scalar type of `t`, looking through vectors and memrefs.
Type scalarOf(Type t) {
  if (auto m = llvm::dyn_cast<MemRefType>(t))
    t = m.getElementType();
  if (auto v = llvm::dyn_cast<VectorType>(t))
    t = v.getElementType();
  return t;
}

bool isWidth(Type t, unsigned bits) {
  return (t.isInteger() && t.getIntOrFloatBitWidth() == bits) ||
         (bits == 16 && t.isF16());
}

bool isI64(Type t) { return scalarOf(t).isInteger(64); }

/// A 64-bit integer that costs no 64-bit arithmetic: a constant, a
/// narrower integer widened (exact in any width), an address-width value
/// (index) the kernel asked for as size_t, or one of such values chosen by
/// a select, min or max (a division's guard against zero, `max(n, 1)`).
bool isNeutral(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (isa<arith::ConstantOp, arith::ExtSIOp, arith::ExtUIOp>(def))
    return true;
  if (isa<arith::SelectOp, arith::MinUIOp, arith::MaxUIOp, arith::MinSIOp,
          arith::MaxSIOp>(def))
    return llvm::all_of(def->getOperands(), [](Value o) {
      return !isI64(o.getType()) || isNeutral(o);
    });
  return isa<arith::IndexCastOp, arith::IndexCastUIOp>(def) &&
         def->getOperand(0).getType().isIndex();
}

/// Calls `fn(value, block argument)` for every value a branch passes to a
/// block argument of `block`'s successors.
template <typename Fn> void forEachForwarded(Block &block, Fn fn) {
  if (block.empty())
    return;
  auto br = llvm::dyn_cast<BranchOpInterface>(block.back());
  if (!br)
    return;
  for (unsigned s = 0, e = br->getNumSuccessors(); s < e; ++s) {
    SuccessorOperands operands = br.getSuccessorOperands(s);
    Block *succ = br->getSuccessor(s);
    for (unsigned k = 0, n = operands.size(); k < n; ++k)
      if (Value v = operands[k])
        fn(v, succ->getArgument(k));
  }
}

/// Whether `op` itself needs kernel feature `flag` (int64 is a property
/// of the data flow: findWideIntegerOp).
bool needs(Operation *op, acc_kernel_flags_t flag) {
  auto anyType = [&](auto pred) {
    return llvm::any_of(op->getResultTypes(), pred) ||
           llvm::any_of(op->getOperandTypes(), pred);
  };
  auto elem = [](Type t) {
    if (auto m = llvm::dyn_cast<MemRefType>(t))
      t = m.getElementType();
    return getElementTypeOrSelf(t);
  };
  switch (flag) {
  case ACC_KERNEL_FLAG_USES_FP64:
    return anyType([&](Type t) { return elem(t).isF64(); });
  case ACC_KERNEL_FLAG_USES_INT64_ATOMICS:
    if (auto rmw = llvm::dyn_cast<memref::AtomicRMWOp>(op))
      return rmw.getType().isInteger(64);
    if (auto rmw = llvm::dyn_cast<memref::GenericAtomicRMWOp>(op))
      return rmw.getType().isInteger(64);
    return false;
  case ACC_KERNEL_FLAG_USES_8BIT_STORAGE:
    return isa<memref::LoadOp, memref::StoreOp>(op) &&
           anyType([&](Type t) {
             return llvm::isa<MemRefType>(t) && elem(t).isInteger(8);
           });
  case ACC_KERNEL_FLAG_USES_16BIT_STORAGE:
    return isa<memref::LoadOp, memref::StoreOp>(op) &&
           anyType([&](Type t) {
             return llvm::isa<MemRefType>(t) &&
                    (elem(t).isInteger(16) || elem(t).isF16());
           });
  case ACC_KERNEL_FLAG_USES_PRINTF:
    return isa<gpu::PrintfOp>(op);
  default:
    return false;
  }
}

} // namespace

/// Address arithmetic is what a kernel computes in size_t from its
/// work-item ids: `i = get_global_id(0)`, `i + k`, `i * stride`, `i < n`
/// with `n` an int, and the same values carried around a loop. On a device
/// whose size_t is 32 bits (OpenCL's address_bits 32; Vulkan or GLES
/// without 64-bit integers) that is 32-bit arithmetic, so it does not make
/// a kernel need ACC_KERNEL_FLAG_USES_INT64. The portable IR spells size_t
/// as i64 like long, so address arithmetic is found by data flow: a scalar
/// arith value (or block argument) is address arithmetic when it is reached
/// from a work-item query (an index cast to i64) and every 64-bit operand
/// (or incoming value) is address arithmetic, a constant or a narrower
/// integer widened; a loop counter (a block argument that starts at a
/// constant and steps by constants) counts as reached. Everything else of
/// 64 bits is long arithmetic: values
/// loaded, passed or kept in memory as 64 bits, long vectors, and long
/// computations such as `(long)a * b` or a long accumulator, which a
/// 32-bit device would get wrong.
Operation *findWideIntegerOp(Operation *kernel) {
  llvm::SmallVector<Value> values; // every 64-bit value, in walk order
  llvm::DenseSet<Value> address;   // optimistic: reached from an id
  llvm::SmallVector<Value> work;
  auto reach = [&](Value v) {
    if (address.insert(v).second)
      work.push_back(v);
  };
  kernel->walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (isI64(arg.getType()))
            values.push_back(arg);
    for (Value r : op->getResults())
      if (isI64(r.getType()))
        values.push_back(r);
    if (isa<arith::IndexCastOp, arith::IndexCastUIOp>(op) &&
        op->getOperand(0).getType().isIndex() &&
        op->getResult(0).getType().isInteger(64))
      reach(op->getResult(0));
  });

  // Counters: a block argument whose every incoming value is a constant or
  // the argument itself stepped by a constant (`for (size_t k = 0; ...;
  // ++k)`) counts iterations, which stay far below 2^32.
  {
    llvm::DenseMap<BlockArgument, llvm::SmallVector<Value, 2>> inputs;
    kernel->walk([&](Block *block) {
      forEachForwarded(*block, [&](Value in, BlockArgument arg) {
        if (isI64(arg.getType()))
          inputs[arg].push_back(in);
      });
    });
    auto isConstant = [](Value v) {
      return v.getDefiningOp<arith::ConstantOp>() != nullptr;
    };
    for (auto &[arg, ins] : inputs) {
      bool counter = llvm::all_of(ins, [&](Value in) {
        if (isConstant(in))
          return true;
        Operation *def = in.getDefiningOp();
        if (!isa_and_nonnull<arith::AddIOp, arith::SubIOp>(def))
          return false;
        return def->getOperand(0) == Value(arg) && isConstant(def->getOperand(1));
      });
      if (counter)
        reach(arg);
    }
  }

  // Forward from the ids through scalar arith ops and branches.
  auto isAddressOp = [](Operation *op) {
    return op->getDialect() &&
           op->getDialect()->getNamespace() ==
               arith::ArithDialect::getDialectNamespace() &&
           op->getNumResults() == 1 &&
           op->getResult(0).getType().isInteger(64);
  };
  while (!work.empty()) {
    Value v = work.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isAddressOp(user) && !isNeutral(user->getResult(0)))
        reach(user->getResult(0));
      if (user->hasTrait<OpTrait::IsTerminator>())
        forEachForwarded(*user->getBlock(), [&](Value in, BlockArgument arg) {
          if (in == v && arg.getType().isInteger(64))
            reach(arg);
        });
    }
  }

  // Drop, until nothing changes, whatever takes a 64-bit value that is
  // neither address arithmetic nor neutral.
  auto fits = [&](Value v) { return isNeutral(v) || address.contains(v); };
  llvm::DenseMap<BlockArgument, llvm::SmallVector<Value, 2>> incoming;
  kernel->walk([&](Block *block) {
    forEachForwarded(*block, [&](Value in, BlockArgument arg) {
      incoming[arg].push_back(in);
    });
  });
  for (bool changed = true; changed;) {
    changed = false;
    for (Value v : values) {
      if (!address.contains(v) || isNeutral(v))
        continue;
      bool ok;
      if (auto arg = llvm::dyn_cast<BlockArgument>(v)) {
        auto it = incoming.find(arg);
        ok = it != incoming.end() && llvm::all_of(it->second, fits);
      } else {
        ok = llvm::all_of(v.getDefiningOp()->getOperands(), [&](Value o) {
          return !isI64(o.getType()) || fits(o);
        });
      }
      if (!ok) {
        address.erase(v);
        changed = true;
      }
    }
  }

  for (Value v : values) {
    if (fits(v))
      continue;
    if (Operation *def = v.getDefiningOp())
      return def;
    Block *block = llvm::cast<BlockArgument>(v).getOwner();
    if (block->getParentOp() == kernel && block->isEntryBlock())
      return kernel;
    return block->empty() ? block->getParentOp() : &block->front();
  }
  return nullptr;
}

Operation *findFeatureUse(Operation *kernel, acc_kernel_flags_t flag) {
  if (flag == ACC_KERNEL_FLAG_USES_INT64)
    return findWideIntegerOp(kernel);
  Operation *found = nullptr;
  kernel->walk([&](Operation *op) {
    if (!needs(op, flag))
      return WalkResult::advance();
    found = op;
    return WalkResult::interrupt();
  });
  return found;
}

void annotateKernelFeatures(ModuleOp module) {
  for (gpu::GPUFuncOp fn : ir::getKernels(module)) {
    ir::KernelAttr info = ir::getKernelAttr(fn);
    if (!info)
      continue;
    acc_kernel_flags_t flags = 0;
    // fp64 from what the kernel computes after folding, not from the
    // types its source mentions: `x[i] = 0.0` into a float buffer folds
    // to a float constant and needs no double.
    auto isF64 = [](Type t) { return scalarOf(t).isF64(); };
    if (llvm::any_of(fn.getArgumentTypes(), isF64))
      flags |= ACC_KERNEL_FLAG_USES_FP64;
    fn.walk([&](Operation *op) {
      if (llvm::any_of(op->getResultTypes(), isF64))
        flags |= ACC_KERNEL_FLAG_USES_FP64;
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            if (isF64(arg.getType()))
              flags |= ACC_KERNEL_FLAG_USES_FP64;
    });
    if (findWideIntegerOp(fn))
      flags |= ACC_KERNEL_FLAG_USES_INT64;
    // Buffers and scalars: what the device must hold in 8 or 16 bits.
    for (Type t : fn.getArgumentTypes()) {
      Type s = scalarOf(t);
      if (isWidth(s, 8))
        flags |= ACC_KERNEL_FLAG_USES_8BIT_STORAGE;
      if (isWidth(s, 16))
        flags |= ACC_KERNEL_FLAG_USES_16BIT_STORAGE;
    }
    fn.walk([&](Operation *op) {
      if (isa<gpu::PrintfOp>(op)) {
        flags |= ACC_KERNEL_FLAG_USES_PRINTF;
        return;
      }
      // Half arithmetic: a computation (not a conversion, a constant or a
      // memory access) whose result is half.
      if (isa<arith::ExtFOp, arith::TruncFOp, arith::BitcastOp,
              arith::ConstantOp, arith::SelectOp, memref::LoadOp,
              memref::StoreOp>(op))
        return;
      Dialect *d = op->getDialect();
      if (!d || (d->getNamespace() != "arith" && d->getNamespace() != "math"))
        return;
      for (Type t : op->getResultTypes())
        if (scalarOf(t).isF16())
          flags |= ACC_KERNEL_FLAG_USES_FP16;
    });
    // The front end's flags stay (barriers, 64-bit atomics); the ones
    // derived here replace what it guessed.
    constexpr acc_kernel_flags_t derived =
        ACC_KERNEL_FLAG_USES_FP64 | ACC_KERNEL_FLAG_USES_INT64;
    ir::setKernelFlags(fn, (info.getFlags() & ~derived) | flags);
  }
}

} // namespace acc
