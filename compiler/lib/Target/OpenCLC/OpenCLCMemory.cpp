//===- OpenCLCMemory.cpp - memref and atomics as OpenCL C -----------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See OpenCLCEmitter.h. Element accesses of buffers and local and private
// arrays, and the atomic_* / atom_* functions (64-bit ones enable
// cl_khr_int64_*_atomics).
//
//===----------------------------------------------------------------------===//

#include "OpenCLCEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/TypeSwitch.h"

namespace acc::openclc {

/// memref: element accesses and atomic functions.
bool OpenCLCEmitter::emitMemoryOp(Operation &op, bool &handled) {
  return llvm::TypeSwitch<Operation *, bool>(&op)
      .Case<memref::AllocaOp>([&](memref::AllocaOp o) {
        // An address-taken private variable: declared with the others.
        return true;
      })
      .Case<memref::LoadOp>([&](memref::LoadOp o) {
        if (o.getIndices().size() != 1)
          return fail(&op, "a multi-dimensional access");
        assign(o.getResult(),
               name(o.getMemref()) + "[" + name(o.getIndices()[0]) + "]");
        return true;
      })
      .Case<memref::StoreOp>([&](memref::StoreOp o) {
        if (o.getIndices().size() != 1)
          return fail(&op, "a multi-dimensional access");
        os << "  " << name(o.getMemref()) << "[" << name(o.getIndices()[0])
           << "] = " << name(o.getValueToStore()) << ";\n";
        return true;
      })
      .Case<memref::AtomicRMWOp>([&](memref::AtomicRMWOp o) {
        using K = arith::AtomicRMWKind;
        Type t = o.getType();
        bool wide = t.isInteger(64), sgn = false, extended = true;
        const char *fn = nullptr;
        switch (o.getKind()) {
        case K::addi: fn = "add"; extended = false; break;
        case K::assign: fn = "xchg"; extended = false; break;
        case K::maxs: fn = "max"; sgn = true; break;
        case K::maxu: fn = "max"; break;
        case K::mins: fn = "min"; sgn = true; break;
        case K::minu: fn = "min"; break;
        case K::andi: fn = "and"; break;
        case K::ori: fn = "or"; break;
        case K::xori: fn = "xor"; break;
        default: break;
        }
        bool floatXchg = t.isF32() && o.getKind() == K::assign;
        if (!fn || o.getIndices().size() != 1 ||
            !(t.isInteger(32) || wide || floatXchg))
          return fail(&op, "this atomic operation");
        if (wide)
          (extended ? usesInt64ExtendedAtomics : usesInt64BaseAtomics) = true;
        std::string call = std::string(wide ? "atom_" : "atomic_") + fn + "(" +
                           atomicPointer(o.getMemref(), o.getIndices()[0], t,
                                         sgn) +
                           ", " + (sgn ? signedOf(o.getValue()) : name(o.getValue())) +
                           ")";
        assign(o.getResult(), floatXchg ? call : reinterpret(t, false, call));
        return true;
      })
      .Case<memref::GenericAtomicRMWOp>([&](memref::GenericAtomicRMWOp o) {
        Value compare, value;
        Type t = o.getResult().getType();
        bool wide = t.isInteger(64);
        if (!matchCmpxchg(o, compare, value) || o.getIndices().size() != 1 ||
            !(t.isInteger(32) || wide))
          return fail(&op, "an atomic update other than atomic_cmpxchg");
        if (wide)
          usesInt64BaseAtomics = true;
        assign(o.getResult(),
               reinterpret(t, false,
                           std::string(wide ? "atom_cmpxchg(" : "atomic_cmpxchg(") +
                               atomicPointer(o.getMemref(), o.getIndices()[0], t,
                                             false) +
                               ", " + name(compare) + ", " + name(value) + ")"));
        return true;
      })
      .Default([&](Operation *) {
        handled = false;
        return false;
      });
}

} // namespace acc::openclc
