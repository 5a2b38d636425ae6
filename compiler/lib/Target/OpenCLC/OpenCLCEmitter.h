//===- OpenCLCEmitter.h - The OpenCL C printer, internals --------*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The opencl-c target's printer (OpenCLCEmitter.cpp has the overview),
// split by the dialects it prints: OpenCLCEmitter.cpp (kernels, names,
// types, work-item queries, control flow, vectors), OpenCLCArith.cpp
// (arith and math), OpenCLCMemory.cpp (memref and atomics).
//
//===----------------------------------------------------------------------===//
#ifndef ACC_LIB_TARGET_OPENCLC_OPENCLCEMITTER_H
#define ACC_LIB_TARGET_OPENCLC_OPENCLCEMITTER_H

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace acc::openclc {

using namespace mlir;

/// Whether `op` is atomic_cmpxchg: its body is select(current == compare,
/// value, current); sets `compare` and `value`.
bool matchCmpxchg(memref::GenericAtomicRMWOp op, Value &compare, Value &value);
/// "0", "1", "2".
const char *dimSuffix(gpu::Dimension d);
/// The gpu dialect's name of an accir dimension (both number x as 0).
gpu::Dimension gpuDim(ir::Dimension d);
/// A call of the launch prelude's work-item function `fn` for dimension
/// `d`.
std::string launchQuery(const char *fn, gpu::Dimension d);

class OpenCLCEmitter {
public:
  OpenCLCEmitter(llvm::raw_ostream &os, std::string &error)
      : os(os), error(error) {}

  bool emitKernel(gpu::GPUFuncOp kernel);
  /// A program-scope constant: `constant T name[N] = {...};`.
  bool emitGlobal(memref::GlobalOp global, llvm::raw_ostream &out) {
    auto init = llvm::dyn_cast_or_null<DenseElementsAttr>(
        global.getInitialValueAttr());
    MemRefType type = global.getType();
    std::string elem = typeName(type.getElementType());
    if (!init || elem.empty() || type.getRank() != 1)
      return fail(global, "a constant of this type");
    out << "constant " << elem << " " << global.getSymName() << "["
        << type.getDimSize(0) << "] = {";
    auto values = llvm::to_vector(init.getValues<Attribute>());
    for (int64_t i = 0; i < type.getDimSize(0); ++i)
      out << (i ? ", " : "") << constantText(values[init.isSplat() ? 0 : i]);
    out << "};\n";
    return true;
  }
  bool usesFP64 = false;
  /// 64-bit atom_* functions: cl_khr_int64_base_atomics (add, xchg,
  /// cmpxchg) and cl_khr_int64_extended_atomics (min, max, and, or, xor).
  bool usesInt64BaseAtomics = false, usesInt64ExtendedAtomics = false;

private:
  /// OpenCL C spelling of a value type. Integers are unsigned unless
  /// `signedInt`.
  std::string typeName(Type type, bool signedInt = false);
  std::string name(Value v);
  std::string signedOf(Value v) {
    return reinterpret(v.getType(), true, name(v));
  }
  /// `expr` read as `type` (signed or not): a C cast for scalars, as_<T>()
  /// for vectors, where OpenCL C forbids casts.
  std::string reinterpret(Type type, bool signedInt, const std::string &expr) {
    if (isVector(type))
      return "as_" + typeName(type, signedInt) + "(" + expr + ")";
    return "((" + typeName(type, signedInt) + ")" + expr + ")";
  }
  /// `expr` converted by value to `type`: convert_<T>() for vectors.
  std::string convert(Type type, bool signedInt, const std::string &expr) {
    if (isVector(type))
      return "convert_" + typeName(type, signedInt) + "(" + expr + ")";
    return "((" + typeName(type, signedInt) + ")" + expr + ")";
  }
  static bool isVector(Type t) {
    auto vt = llvm::dyn_cast<VectorType>(t);
    return vt && vt.getNumElements() > 1;
  }
  std::string constantText(Attribute attr);
  /// `&m[i]` as the `volatile` pointer an atomic function takes.
  std::string atomicPointer(Value memref, Value index, Type elem,
                            bool signedInt) {
    auto mt = llvm::cast<MemRefType>(memref.getType());
    bool isLocal =
        llvm::isa_and_nonnull<gpu::AddressSpaceAttr>(mt.getMemorySpace());
    return "(volatile " + std::string(isLocal ? "local " : "global ") +
           typeName(elem, signedInt) + " *)&" + name(memref) + "[" +
           name(index) + "]";
  }
  /// The families of emitOp: each sets `handled` to false for an op it
  /// does not know (OpenCLCArith.cpp, OpenCLCMemory.cpp, this file).
  bool emitArithOp(Operation &op, bool &handled);
  bool emitMemoryOp(Operation &op, bool &handled);
  bool emitControlOp(Operation &op, bool &handled);
  bool emitVectorOp(Operation &op, bool &handled);
  /// `op`'s result as `lhs sym rhs` (unsigned or as the operands' type),
  /// signed, an OpenCL builtin call, or a conversion of `v`.
  bool binary(Operation &op, const char *sym);
  bool signedBinary(Operation &op, const char *sym);
  bool callBuiltin(Operation &op, const std::string &fn);
  bool convertTo(Operation &op, Value v, bool signedSrc);
  /// Truncations to half waiting for their store: the float value and the
  /// vstore_half rounding suffix.
  llvm::DenseMap<Value, std::pair<Value, std::string>> pendingHalf;
  bool emitOp(Operation &op);
  void emitBranch(Block *dest, ValueRange operands);
  void assign(Value result, const std::string &expr) {
    os << "  " << name(result) << " = " << expr << ";\n";
  }
  bool fail(Operation *op, const llvm::Twine &what) {
    std::string s;
    llvm::raw_string_ostream ss(s);
    ss << "the opencl-c target cannot express " << what;
    if (op)
      ss << " ('" << op->getName().getStringRef() << "' at " << op->getLoc()
         << ")";
    error = s;
    return false;
  }

  llvm::raw_ostream &os;
  std::string &error;
  llvm::DenseMap<Value, std::string> names;
  /// The C pointer type ("global const float *") of each buffer argument
  /// and of each pointer chosen between them (arith.select of memrefs).
  llvm::DenseMap<Value, std::string> pointerTypes;
  llvm::DenseMap<Block *, unsigned> blockIds;
  unsigned nextValue = 0;
};

} // namespace acc::openclc

#endif // ACC_LIB_TARGET_OPENCLC_OPENCLCEMITTER_H
