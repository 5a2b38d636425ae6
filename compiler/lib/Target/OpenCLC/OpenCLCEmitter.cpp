//===- OpenCLCEmitter.cpp - Portable kernel IR to OpenCL C source ---------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The opencl-c target prints the portable kernel IR back out as OpenCL C
// 1.2, for OpenCL drivers that take source only (PoCL, most mobile
// drivers). It is generated from the IR, not copied from the input, so every
// kernel reaches the driver already inlined, simplified and checked, and the
// same IR feeds every other target.
//
// The IR is an SSA control-flow graph, so the emitted code is too: every SSA
// value becomes a variable declared at the top of the kernel, every block a
// label, and branches become `goto`s that first copy their operands into
// the target block's argument variables (through temporaries, since the
// copies are parallel). Integer values are held in unsigned types, which
// wrap like MLIR's signless integers; operations that care about sign cast
// to the signed type. OpenCL compilers turn this back into the same CFG.
//
// The code follows launch convention 1 (acc/acc_launch.h): every kernel
// takes one trailing `ulong16 acc_launch`, the launch words, and computes
// the work-item functions from them and OpenCL's native local and group
// ids. OpenCL 1.2 runs only whole work-groups, so the opencl plugin
// dispatches a non-uniform range rounded up (the kernel retires the
// work-items past the real size) or, for a kernel with barriers, as up to
// eight dispatches of whole groups.
//
//===----------------------------------------------------------------------===//

#include "OpenCLCEmitter.h"

#include "acc/acc_launch.h"
#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Target/Targets.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace acc {
namespace openclc {


std::string OpenCLCEmitter::typeName(Type type, bool signedInt) {
  if (auto vt = llvm::dyn_cast<VectorType>(type)) {
    // Lanes of a vector<Nxi1> hold OpenCL's vector truth values, 0 and -1.
    std::string base = vt.getElementType().isInteger(1)
                           ? "int"
                           : typeName(vt.getElementType(), signedInt);
    if (base.empty() || vt.getRank() != 1)
      return {};
    if (vt.getNumElements() == 1)
      return base;
    return base + std::to_string(vt.getNumElements());
  }
  if (type.isIndex())
    return signedInt ? "long" : "ulong";
  if (auto it = llvm::dyn_cast<IntegerType>(type)) {
    switch (it.getWidth()) {
    case 1:
      return "bool";
    case 8:
      return signedInt ? "char" : "uchar";
    case 16:
      return signedInt ? "short" : "ushort";
    case 32:
      return signedInt ? "int" : "uint";
    case 64:
      return signedInt ? "long" : "ulong";
    }
  }
  if (type.isF32())
    return "float";
  if (type.isF64()) {
    usesFP64 = true;
    return "double";
  }
  if (type.isF16())
    return "half";
  return {};
}

std::string OpenCLCEmitter::name(Value v) {
  auto it = names.find(v);
  if (it != names.end())
    return it->second;
  // Constants are printed inline.
  if (auto c = v.getDefiningOp<arith::ConstantOp>())
    return constantText(c.getValue());
  if (v.getDefiningOp<ub::PoisonOp>())
    return "((" + typeName(v.getType()) + ")0)";
  return "/*unnamed*/0";
}

std::string OpenCLCEmitter::constantText(Attribute attr) {
  {
    std::string s;
    llvm::raw_string_ostream ss(s);
    if (auto dense = llvm::dyn_cast<DenseElementsAttr>(attr)) {
      ss << "((" << typeName(dense.getType()) << ")(";
      auto values = llvm::to_vector(dense.getValues<Attribute>());
      bool truth = dense.getElementType().isInteger(1);
      for (auto [i, e] : llvm::enumerate(values)) {
        ss << (i ? ", " : "");
        if (truth)
          ss << (llvm::cast<IntegerAttr>(e).getValue().isZero() ? "0" : "-1");
        else
          ss << constantText(e);
        if (dense.isSplat())
          break;
      }
      ss << "))";
      return s;
    }
    if (auto ia = llvm::dyn_cast<IntegerAttr>(attr)) {
      Type t = ia.getType();
      if (t.isInteger(1))
        return ia.getValue().isZero() ? "false" : "true";
      ss << "((" << typeName(t) << ")" << ia.getValue().getZExtValue()
         << (t.isIndex() || t.getIntOrFloatBitWidth() > 32 ? "ul" : "u")
         << ")";
      return s;
    }
    if (auto fa = llvm::dyn_cast<FloatAttr>(attr)) {
      llvm::APFloat f = fa.getValue();
      bool isDouble = fa.getType().isF64();
      if (isDouble)
        usesFP64 = true;
      if (f.isNaN())
        return isDouble ? "((double)NAN)" : "NAN";
      if (f.isInfinity())
        return std::string(f.isNegative() ? "(-" : "(") +
               (isDouble ? "(double)INFINITY)" : "INFINITY)");
      char buf[64];
      f.convertToHexString(buf, 0, /*UpperCase=*/false,
                           llvm::APFloat::rmNearestTiesToEven);
      ss << "(" << buf << (isDouble ? "" : "f") << ")";
      return s;
    }
  }
  return "/*unsupported constant*/0";
}

void OpenCLCEmitter::emitBranch(Block *dest, ValueRange operands) {
  if (!operands.empty()) {
    os << "  {";
    for (auto [i, v] : llvm::enumerate(operands))
      os << " " << typeName(v.getType()) << " t" << i << " = " << name(v)
         << ";";
    for (auto [i, arg] : llvm::enumerate(dest->getArguments()))
      os << " " << name(arg) << " = t" << i << ";";
    os << " }\n";
  }
  os << "  goto bb" << blockIds[dest] << ";\n";
}

/// Whether the source declared a signed integer (for signatures).
static bool isSignedScalar(const bundle::ArgInfo *meta) {
  if (!meta)
    return false;
  switch (meta->scalarType) {
  case ACC_SCALAR_TYPE_I8:
  case ACC_SCALAR_TYPE_I16:
  case ACC_SCALAR_TYPE_I32:
  case ACC_SCALAR_TYPE_I64:
    return true;
  default:
    return false;
  }
}

/// The (compare, value) of a generic_atomic_rmw that is atomic_cmpxchg in
/// the portable IR's shape: `select(current == compare, value, current)`.
bool matchCmpxchg(memref::GenericAtomicRMWOp op, Value &compare,
                         Value &value) {
  Block &body = op.getRegion().front();
  if (body.getNumArguments() != 1 || body.getOperations().size() != 3)
    return false;
  Value current = body.getArgument(0);
  auto cmp = dyn_cast<arith::CmpIOp>(&body.front());
  auto sel = dyn_cast<arith::SelectOp>(cmp ? cmp->getNextNode() : nullptr);
  auto yield = dyn_cast<memref::AtomicYieldOp>(body.getTerminator());
  if (!cmp || !sel || !yield || cmp.getPredicate() != arith::CmpIPredicate::eq ||
      sel.getCondition() != cmp.getResult() || sel.getFalseValue() != current ||
      yield.getResult() != sel.getResult())
    return false;
  compare = cmp.getLhs() == current ? cmp.getRhs() : cmp.getLhs();
  value = sel.getTrueValue();
  auto outside = [&](Value v) { return v.getParentRegion() != &op.getRegion(); };
  return (cmp.getLhs() == current || cmp.getRhs() == current) &&
         outside(compare) && outside(value);
}

/// The name of launch convention 1's trailing argument (acc/acc_launch.h).
static constexpr const char *kLaunchWords = "acc_launch";

static_assert(ACC_LAUNCH_WORDS_GLOBAL_OFFSET == 0 &&
                  ACC_LAUNCH_WORDS_GLOBAL_SIZE == 24 &&
                  ACC_LAUNCH_WORDS_GROUP_OFFSET == 48 &&
                  ACC_LAUNCH_WORDS_WORK_DIM == 60 &&
                  ACC_LAUNCH_WORDS_LOCAL_SIZE == 64 &&
                  ACC_LAUNCH_WORDS_CL_ARG_BYTES == 16 * 8,
              "kLaunchPrelude reads the words as ulong16 components .s0-.s9");

/// The work-item functions of launch convention 1, computed from the words
/// (ulong16 w) and OpenCL's native ids: .s0-.s2 global offset, .s3-.s5
/// global size, .s6-.s7 group offset (u32 x, y, z) and work_dim, .s8-.s9
/// the enqueued local size (u32 x, y, z).
static constexpr const char *kLaunchPrelude = R"(// Launch convention 1 (acc/acc_launch.h): the work-item functions.
ulong __acc_global_offset(ulong16 w, uint d) {
  return d == 0 ? w.s0 : d == 1 ? w.s1 : d == 2 ? w.s2 : 0;
}
ulong __acc_global_size(ulong16 w, uint d) {
  return d == 0 ? w.s3 : d == 1 ? w.s4 : d == 2 ? w.s5 : 1;
}
uint __acc_work_dim(ulong16 w) { return (uint)(w.s7 >> 32); }
ulong __acc_group_id(ulong16 w, uint d) {
  return get_group_id(d) + (d == 0   ? (uint)w.s6
                            : d == 1 ? (uint)(w.s6 >> 32)
                            : d == 2 ? (uint)w.s7
                                     : 0u);
}
ulong __acc_enqueued_local_size(ulong16 w, uint d) {
  return d == 0 ? (uint)w.s8 : d == 1 ? (uint)(w.s8 >> 32) : d == 2 ? (uint)w.s9 : 1u;
}
ulong __acc_item(ulong16 w, uint d) {
  return __acc_group_id(w, d) * __acc_enqueued_local_size(w, d) + get_local_id(d);
}
ulong __acc_local_size(ulong16 w, uint d) {
  return min((ulong)get_local_size(d),
             __acc_global_size(w, d) - __acc_group_id(w, d) * __acc_enqueued_local_size(w, d));
}
ulong __acc_num_groups(ulong16 w, uint d) {
  ulong l = __acc_enqueued_local_size(w, d);
  return (__acc_global_size(w, d) + l - 1) / l;
}

)";

const char *dimSuffix(gpu::Dimension d) {
  switch (d) {
  case gpu::Dimension::x:
    return "0";
  case gpu::Dimension::y:
    return "1";
  case gpu::Dimension::z:
    return "2";
  }
  return "0";
}

/// The gpu dialect's name of an accir dimension (both number x as 0).
gpu::Dimension gpuDim(ir::Dimension d) {
  return static_cast<gpu::Dimension>(d);
}

/// A call of the prelude's work-item function `fn` for dimension `d`.
std::string launchQuery(const char *fn, gpu::Dimension d) {
  return std::string(ACC_RESERVED_SYMBOL_PREFIX) + fn + "(" + kLaunchWords + ", " +
         dimSuffix(d) + ")";
}

bool OpenCLCEmitter::binary(Operation &op, const char *sym) {
  // C promotes types narrower than int to (signed) int, where a multiply
  // can overflow: compute those in uint, which wraps.
  Type t = op.getOperand(0).getType();
  std::string widen =
      !isVector(t) && t.isInteger() && t.getIntOrFloatBitWidth() > 1 &&
              t.getIntOrFloatBitWidth() < 32
          ? "(uint)"
          : "";
  assign(op.getResult(0), "(" + widen + name(op.getOperand(0)) + " " + sym +
                              " " + widen + name(op.getOperand(1)) + ")");
  return true;
}

bool OpenCLCEmitter::signedBinary(Operation &op, const char *sym) {
  Value r = op.getResult(0);
  assign(r, reinterpret(r.getType(), false,
                        "(" + signedOf(op.getOperand(0)) + " " + sym + " " +
                            signedOf(op.getOperand(1)) + ")"));
  return true;
}

bool OpenCLCEmitter::callBuiltin(Operation &op, const std::string &fn) {
  std::string args;
  for (auto [i, v] : llvm::enumerate(op.getOperands()))
    args += (i ? ", " : "") + name(v);
  assign(op.getResult(0), fn + "(" + args + ")");
  return true;
}

bool OpenCLCEmitter::convertTo(Operation &op, Value v, bool signedSrc) {
  Value r = op.getResult(0);
  std::string src = signedSrc ? signedOf(v) : name(v);
  if (isVector(v.getType()) &&
      getElementTypeOrSelf(v.getType()).isInteger(1) && !signedSrc)
    src = "(-" + src + ")"; // truth lanes are -1: zero-extension gives 1
  if (getElementTypeOrSelf(r.getType()).isF16() ||
      getElementTypeOrSelf(v.getType()).isF16())
    return fail(&op, "half arithmetic");
  assign(r, convert(r.getType(), false, src));
  return true;
}

bool OpenCLCEmitter::emitOp(Operation &op) {
  // half is a storage format in OpenCL C 1.2: half values never live in
  // variables. A load is vload_half (into a float), and a truncation to
  // half waits for its store, which becomes vstore_half with the
  // truncation's rounding mode.
  if (auto t = dyn_cast<arith::TruncFOp>(op);
      t && getElementTypeOrSelf(t.getType()).isF16()) {
    std::string suffix = "_rte";
    if (auto mode = t.getRoundingmode()) {
      if (*mode == arith::RoundingMode::toward_zero)
        suffix = "_rtz";
      else if (*mode == arith::RoundingMode::upward)
        suffix = "_rtp";
      else if (*mode == arith::RoundingMode::downward)
        suffix = "_rtn";
    }
    pendingHalf[t.getResult()] = {t.getIn(), suffix};
    return true;
  }
  if (auto e = dyn_cast<arith::ExtFOp>(op);
      e && getElementTypeOrSelf(e.getIn().getType()).isF16()) {
    assign(e.getResult(), convert(e.getType(), false, name(e.getIn())));
    return true;
  }
  if (auto l = dyn_cast<memref::LoadOp>(op); l && l.getType().isF16()) {
    assign(l.getResult(), "vload_half(" + name(l.getIndices()[0]) + ", " +
                              name(l.getMemref()) + ")");
    return true;
  }
  if (auto st = dyn_cast<memref::StoreOp>(op);
      st && st.getValueToStore().getType().isF16()) {
    auto it = pendingHalf.find(st.getValueToStore());
    if (it == pendingHalf.end())
      return fail(&op, "storing a half value that is not a conversion");
    os << "  vstore_half" << it->second.second << "(" << name(it->second.first)
       << ", " << name(st.getIndices()[0]) << ", " << name(st.getMemref())
       << ");\n";
    return true;
  }

  // One function per family of dialects; each says whether it knows the
  // op.
  for (auto emit : {&OpenCLCEmitter::emitArithOp, &OpenCLCEmitter::emitMemoryOp,
                    &OpenCLCEmitter::emitControlOp, &OpenCLCEmitter::emitVectorOp}) {
    bool handled = true;
    bool ok = (this->*emit)(op, handled);
    if (handled)
      return ok;
  }
  return fail(&op, "this operation");
}

/// Work-item queries, fences, builtins, branches, barriers, and the ops
/// that print nothing.
bool OpenCLCEmitter::emitControlOp(Operation &op, bool &handled) {
  return llvm::TypeSwitch<Operation *, bool>(&op)
      .Case<arith::ConstantOp, ub::PoisonOp, func::FuncOp, memref::GetGlobalOp>(
          [](auto) { return true; })
      .Case<gpu::ThreadIdOp>([&](auto o) {
        assign(o.getResult(), std::string("get_local_id(") +
                                  dimSuffix(o.getDimension()) + ")");
        return true;
      })
      .Case<gpu::BlockIdOp>([&](auto o) {
        assign(o.getResult(), launchQuery("group_id", o.getDimension()));
        return true;
      })
      .Case<gpu::BlockDimOp>([&](auto o) {
        // The size of this group, which is smaller for the last group of a
        // non-uniform range.
        assign(o.getResult(), launchQuery("local_size", o.getDimension()));
        return true;
      })
      .Case<gpu::GridDimOp>([&](auto o) {
        assign(o.getResult(), launchQuery("num_groups", o.getDimension()));
        return true;
      })
      .Case<gpu::GlobalIdOp>([&](auto o) {
        // Without the offset: the portable IR adds it itself.
        assign(o.getResult(), launchQuery("item", o.getDimension()));
        return true;
      })
      .Case<ir::GlobalOffsetOp>([&](auto o) {
        assign(o.getResult(),
               launchQuery("global_offset", gpuDim(o.getDimension())));
        return true;
      })
      .Case<ir::GlobalSizeOp>([&](auto o) {
        assign(o.getResult(),
               launchQuery("global_size", gpuDim(o.getDimension())));
        return true;
      })
      .Case<ir::WorkDimOp>([&](auto o) {
        assign(o.getResult(), "(" + typeName(o.getResult().getType()) +
                                  ")__acc_work_dim(" + kLaunchWords + ")");
        return true;
      })
      .Case<ir::MemFenceOp>([&](ir::MemFenceOp o) {
        const uint32_t flags = o.getFlags();
        os << "  mem_fence("
           << (flags == 1   ? "CLK_LOCAL_MEM_FENCE"
               : flags == 2 ? "CLK_GLOBAL_MEM_FENCE"
                            : "CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE")
           << ");\n";
        return true;
      })
      .Case<ir::BuiltinOp>([&](ir::BuiltinOp o) {
        // OpenCL's function of the same name, integer operands (ldexp,
        // pown, rootn) as int.
        std::string args;
        for (auto [i, v] : llvm::enumerate(o.getArgs()))
          args += (i ? ", " : "") +
                  (getElementTypeOrSelf(v.getType()).isInteger() ? signedOf(v)
                                                                 : name(v));
        Type rt = o.getType();
        std::string value =
            ir::stringifyBuiltin(o.getBuiltin()).str() + "(" + args + ")";
        assign(o.getResult(), getElementTypeOrSelf(rt).isInteger()
                                  ? reinterpret(rt, false, value)
                                  : value);
        return true;
      })
      .Case<cf::BranchOp>([&](cf::BranchOp o) {
        emitBranch(o.getDest(), o.getDestOperands());
        return true;
      })
      .Case<cf::CondBranchOp>([&](cf::CondBranchOp o) {
        os << "  if (" << name(o.getCondition()) << ") {\n  ";
        emitBranch(o.getTrueDest(), o.getTrueDestOperands());
        os << "  } else {\n  ";
        emitBranch(o.getFalseDest(), o.getFalseDestOperands());
        os << "  }\n";
        return true;
      })
      .Case<gpu::ReturnOp>([&](auto) {
        os << "  return;\n";
        return true;
      })
      .Case<gpu::BarrierOp>([&](auto) {
        // The portable IR's barrier is a full work-group barrier.
        os << "  barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n";
        return true;
      })
      .Default([&](Operation *) {
        handled = false;
        return false;
      });
}

bool OpenCLCEmitter::emitVectorOp(Operation &op, bool &handled) {
  handled = true;
  auto lane = [](int64_t i) {
    return std::string(".s") + "0123456789abcdef"[i];
  };
  // Truth values travel as 0/-1 lanes of an int vector.
  auto laneValue = [&](Value v) {
    return v.getType().isInteger(1) ? "(" + name(v) + " ? -1 : 0)" : name(v);
  };
  if (auto o = dyn_cast<vector::FromElementsOp>(op)) {
    if (!isVector(o.getType())) {
      assign(o.getResult(), laneValue(o.getElements()[0]));
      return true;
    }
    std::string e = "(" + typeName(o.getType()) + ")(";
    for (auto [i, v] : llvm::enumerate(o.getElements()))
      e += (i ? ", " : "") + laneValue(v);
    assign(o.getResult(), e + ")");
    return true;
  }
  if (auto o = dyn_cast<vector::ExtractOp>(op)) {
    if (!o.getDynamicPosition().empty() || o.getStaticPosition().size() != 1)
      return fail(&op, "a vector lane chosen at run time");
    std::string e = name(o.getSource());
    if (isVector(o.getSource().getType()))
      e += lane(o.getStaticPosition()[0]);
    if (o.getType().isInteger(1))
      e = "(" + e + " != 0)";
    assign(o.getResult(), e);
    return true;
  }
  if (auto o = dyn_cast<vector::InsertOp>(op)) {
    if (!o.getDynamicPosition().empty() || o.getStaticPosition().size() != 1)
      return fail(&op, "a vector lane chosen at run time");
    if (!isVector(o.getType())) {
      assign(o.getResult(), laneValue(o.getValueToStore()));
      return true;
    }
    assign(o.getResult(), name(o.getDest()));
    os << "  " << name(o.getResult()) << lane(o.getStaticPosition()[0])
       << " = " << laneValue(o.getValueToStore()) << ";\n";
    return true;
  }
  if (auto o = dyn_cast<vector::ShuffleOp>(op)) {
    int64_t n1 = o.getV1VectorType().getNumElements();
    auto laneOf = [&](int64_t m) {
      Value src = m < n1 ? o.getV1() : o.getV2();
      int64_t i = m < n1 ? m : m - n1;
      return isVector(src.getType()) ? name(src) + lane(i) : name(src);
    };
    llvm::ArrayRef<int64_t> mask = o.getMask();
    bool oneSource = llvm::all_of(mask, [&](int64_t m) { return m < n1; });
    if (mask.size() == 1) {
      assign(o.getResult(), laneOf(mask[0]));
    } else if (oneSource && isVector(o.getV1().getType())) {
      std::string e = name(o.getV1()) + ".s";
      for (int64_t m : mask)
        e += "0123456789abcdef"[m];
      assign(o.getResult(), e);
    } else {
      std::string e = "(" + typeName(o.getType()) + ")(";
      for (auto [i, m] : llvm::enumerate(mask))
        e += (i ? ", " : "") + laneOf(m);
      assign(o.getResult(), e + ")");
    }
    return true;
  }
  if (auto o = dyn_cast<vector::BroadcastOp>(op)) {
    if (isVector(o.getSource().getType()))
      return fail(&op, "a broadcast of a vector");
    assign(o.getResult(),
           "(" + typeName(o.getType()) + ")(" + laneValue(o.getSource()) + ")");
    return true;
  }
  if (auto o = dyn_cast<gpu::PrintfOp>(op)) {
    std::string text;
    for (char c : o.getFormat()) {
      switch (c) {
      case '\n': text += "\\n"; break;
      case '\t': text += "\\t"; break;
      case '"': text += "\\\""; break;
      case '\\': text += "\\\\"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          snprintf(buf, sizeof buf, "\\%03o", static_cast<unsigned char>(c));
          text += buf;
        } else {
          text += c;
        }
      }
    }
    os << "  printf(\"" << text << "\"";
    for (Value v : o.getArgs())
      os << ", " << (llvm::isa<IntegerType>(v.getType()) &&
                             !v.getType().isInteger(1)
                         ? signedOf(v)
                         : name(v));
    os << ");\n";
    return true;
  }
  if (auto o = dyn_cast<vector::BitCastOp>(op)) {
    assign(o.getResult(),
           "as_" + typeName(o.getType()) + "(" + name(o.getSource()) + ")");
    return true;
  }
  handled = false;
  return false;
}

bool OpenCLCEmitter::emitKernel(gpu::GPUFuncOp kernel) {
  const bundle::KernelInfo info = ir::getKernelInfo(kernel);
  names.clear();
  pointerTypes.clear();
  blockIds.clear();
  nextValue = 0;

  // A struct passed by value arrives as a struct of units with the same
  // bytes.
  Block &entry = kernel.getBody().front();
  for (auto [i, arg] :
       llvm::enumerate(entry.getArguments().take_front(kernel.getNumArguments()))) {
    auto mt = llvm::dyn_cast<MemRefType>(arg.getType());
    if (!mt || !ir::isByValueArg(kernel, i))
      continue;
    os << "typedef struct { " << typeName(mt.getElementType()) << " w["
       << mt.getDimSize(0) << "]; } " << kernel.getName() << "_arg" << i
       << ";\n";
  }

  // Signature: the metadata's names; buffer element types from the memrefs.
  os << "kernel void " << kernel.getName() << "(";
  for (auto [i, arg] :
       llvm::enumerate(entry.getArguments().take_front(kernel.getNumArguments()))) {
    const bundle::ArgInfo *meta = i < info.args.size() ? &info.args[i] : nullptr;
    std::string argName =
        "a" + std::to_string(i) + "_" + (meta ? meta->name : std::string());
    // The signature spells the source's types (int, not uint), so drivers
    // and readers see the kernel as written; the body reads the value
    // through the unsigned type it computes in.
    std::string declared;
    auto byValue = llvm::dyn_cast<MemRefType>(arg.getType());
    if (byValue && ir::isByValueArg(kernel, i)) {
      declared = kernel.getName().str() + "_arg" + std::to_string(i) + " " + argName;
      names[arg] = argName + ".w";
    } else if (auto mt = llvm::dyn_cast<MemRefType>(arg.getType())) {
      bool isConstant =
          meta && meta->addressSpace == ACC_ADDRESS_SPACE_CONSTANT;
      bool readOnly = meta && !(meta->access & ACC_ACCESS_WRITE);
      std::string elem = typeName(mt.getElementType(), isSignedScalar(meta));
      if (elem.empty())
        return fail(nullptr, "a buffer of this element type");
      bool isLocal = llvm::isa_and_nonnull<gpu::AddressSpaceAttr>(
          mt.getMemorySpace());
      pointerTypes[arg] = std::string(isLocal      ? "local "
                                      : isConstant ? "constant "
                                                   : "global ") +
                          (readOnly ? "const " : "") + elem + " *";
      declared = pointerTypes[arg] + argName;
      names[arg] = argName;
    } else {
      std::string t = typeName(arg.getType(), isSignedScalar(meta));
      if (t.empty())
        return fail(nullptr, "an argument of this type");
      declared = t + " " + argName;
      names[arg] = reinterpret(arg.getType(), false, argName);
    }
    os << (i ? ", " : "") << declared;
  }
  // Launch convention 1's words, after the arguments the metadata lists.
  os << (kernel.getNumArguments() ? ", " : "") << "ulong16 " << kLaunchWords
     << ") {\n";

  // `local` arrays: at kernel function scope, as OpenCL C requires.
  for (BlockArgument attribution : kernel.getWorkgroupAttributions()) {
    auto mt = llvm::cast<MemRefType>(attribution.getType());
    std::string elem = typeName(mt.getElementType());
    if (elem.empty() || !mt.hasStaticShape() || mt.getRank() != 1)
      return fail(nullptr, "a local array of this type");
    std::string n = "l" + std::to_string(attribution.getArgNumber());
    names[attribution] = n;
    os << "  local " << elem << " " << n << "[" << mt.getDimSize(0) << "];\n";
  }
  // The plugin dispatches a kernel with barriers in whole groups only when
  // the metadata says so (ACC_KERNEL_FLAG_USES_BARRIERS).
  const bool hasBarriers = info.flags & ACC_KERNEL_FLAG_USES_BARRIERS;
  bool barrierInIR = false;
  kernel.walk([&](gpu::BarrierOp) { barrierInIR = true; });
  if (barrierInIR && !hasBarriers)
    return fail(nullptr, "a barrier the kernel's metadata does not record "
                         "(internal error)");

  // Declarations: block arguments and op results, in order.
  unsigned blockId = 0;
  for (Block &block : kernel.getBody()) {
    blockIds[&block] = blockId++;
    if (&block != &entry)
      for (BlockArgument arg : block.getArguments()) {
        std::string n = "v" + std::to_string(nextValue++);
        names[arg] = n;
        os << "  " << typeName(arg.getType()) << " " << n << ";\n";
      }
    for (Operation &op : block) {
      if (isa<arith::ConstantOp, ub::PoisonOp>(op))
        continue;
      if (auto alloca = dyn_cast<memref::AllocaOp>(op)) {
        MemRefType mt = alloca.getType();
        if (!mt.hasStaticShape() || mt.getRank() != 1)
          return fail(&op, "a private array of this shape");
        std::string n = "v" + std::to_string(nextValue++);
        names[alloca.getResult()] = n;
        os << "  " << typeName(mt.getElementType()) << " " << n << "["
           << mt.getDimSize(0) << "];\n";
        continue;
      }
      if (auto g = dyn_cast<memref::GetGlobalOp>(op)) {
        names[g.getResult()] = g.getName().str();
        continue;
      }
      if (isa<arith::TruncFOp>(op) &&
          getElementTypeOrSelf(op.getResult(0).getType()).isF16())
        continue; // see emitOp: waits for its vstore_half
      if (auto select = dyn_cast<arith::SelectOp>(op);
          select && llvm::isa<MemRefType>(select.getType())) {
        // A pointer that chooses between buffers: declared like them (const
        // when either is).
        auto a = pointerTypes.find(select.getTrueValue());
        auto b = pointerTypes.find(select.getFalseValue());
        if (a == pointerTypes.end() || b == pointerTypes.end())
          return fail(&op, "a pointer chosen between these buffers");
        std::string t = a->second;
        size_t space = t.find(' ');
        if (StringRef(b->second).contains("const ") &&
            !StringRef(t).contains("const "))
          t.insert(space + 1, "const ");
        pointerTypes[select.getResult()] = t;
        std::string n = "v" + std::to_string(nextValue++);
        names[select.getResult()] = n;
        os << "  " << t << n << ";\n";
        continue;
      }
      for (Value r : op.getResults()) {
        std::string t = r.getType().isF16() ? "float" : typeName(r.getType());
        if (t.empty())
          return fail(&op, "a value of this type");
        std::string n = "v" + std::to_string(nextValue++);
        names[r] = n;
        os << "  " << t << " " << n << ";\n";
      }
    }
  }

  // Retire the work-items of a range rounded up to whole groups. A kernel
  // with barriers is dispatched in whole groups only (the plugin splits a
  // non-uniform range), so no work-item is extra, and none may leave
  // before a barrier.
  if (!hasBarriers)
    os << "  if (" << launchQuery("item", gpu::Dimension::x) << " >= "
       << launchQuery("global_size", gpu::Dimension::x) << " ||\n      "
       << launchQuery("item", gpu::Dimension::y) << " >= "
       << launchQuery("global_size", gpu::Dimension::y) << " ||\n      "
       << launchQuery("item", gpu::Dimension::z) << " >= "
       << launchQuery("global_size", gpu::Dimension::z) << ")\n"
       << "    return;\n";
  for (Block &block : kernel.getBody()) {
    if (!block.hasNoPredecessors())
      os << "bb" << blockIds[&block] << ":;\n";
    for (Operation &op : block)
      if (!emitOp(op))
        return false;
  }
  os << "}\n\n";
  return true;
}

} // namespace openclc

using openclc::OpenCLCEmitter;

bool emitOpenCLC(ModuleOp portable, llvm::raw_ostream &os,
                 std::string &error) {
  std::string body;
  llvm::raw_string_ostream bodyStream(body);
  OpenCLCEmitter emitter(bodyStream, error);
  for (gpu::GPUFuncOp kernel : ir::getKernels(portable))
    if (!emitter.emitKernel(kernel)) {
      error = "kernel '" + kernel.getName().str() + "': " + error;
      return false;
    }
  std::string globals;
  llvm::raw_string_ostream globalStream(globals);
  for (auto gpuModule : portable.getOps<gpu::GPUModuleOp>())
    for (auto global : gpuModule.getOps<memref::GlobalOp>())
      if (!emitter.emitGlobal(global, globalStream)) {
        error = "program-scope constant '" + global.getSymName().str() +
                "': " + error;
        return false;
      }
  // Contraction was decided in the portable IR (explicit fma() calls); the
  // driver must not fuse anything else, or backends would differ in bits.
  os << "// OpenCL C 1.2 generated by acc-cc from the portable kernel IR.\n"
        "// Do not edit: recompile the kernel source instead.\n"
        "#pragma OPENCL FP_CONTRACT OFF\n";
  if (emitter.usesInt64BaseAtomics)
    os << "#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable\n";
  if (emitter.usesInt64ExtendedAtomics)
    os << "#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable\n";
  if (emitter.usesFP64)
    os << "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n";
  os << "\n" << openclc::kLaunchPrelude << globalStream.str() << bodyStream.str();
  return true;
}

bool compileOpenCLC(ModuleOp portable, std::vector<bundle::CodeObject> &out,
                    std::string &error) {
  std::string source;
  llvm::raw_string_ostream os(source);
  if (!emitOpenCLC(portable, os, error))
    return false;
  os.flush();
  bundle::CodeObject code;
  code.target = ACC_TARGET_OPENCL_C;
  code.arch = "opencl-c-1.2";
  code.launchAbi = ACC_LAUNCH_ABI_1;
  code.data.assign(source.begin(), source.end());
  out.push_back(std::move(code));
  return true;
}

} // namespace acc
