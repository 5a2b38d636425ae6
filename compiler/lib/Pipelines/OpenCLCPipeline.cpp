//===- OpenCLCPipeline.cpp - Portable kernel IR to OpenCL C source --------===//
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
// Every kernel takes three extra trailing `ulong` arguments, the launch's
// real global size ("range arguments", docs/bundle-format.md): OpenCL 1.2
// runs only whole work-groups, so the opencl plugin enqueues a non-uniform
// range rounded up and the kernel retires the work-items past the real size
// and reports the real global and last-group sizes.
//
//===----------------------------------------------------------------------===//

#include "acc/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace acc {
namespace {

class OpenCLCEmitter {
public:
  OpenCLCEmitter(llvm::raw_ostream &os, std::string &error)
      : os(os), error(error) {}

  bool emitKernel(gpu::GPUFuncOp kernel, const bundle::KernelInfo &info);
  bool usesFP64 = false;

private:
  /// OpenCL C spelling of a value type. Integers are unsigned unless
  /// `signedInt`.
  std::string typeName(Type type, bool signedInt = false);
  std::string name(Value v);
  std::string signedOf(Value v) {
    return "((" + typeName(v.getType(), true) + ")" + name(v) + ")";
  }
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
  llvm::DenseMap<Block *, unsigned> blockIds;
  unsigned nextValue = 0;
};

std::string OpenCLCEmitter::typeName(Type type, bool signedInt) {
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
  if (auto c = v.getDefiningOp<arith::ConstantOp>()) {
    std::string s;
    llvm::raw_string_ostream ss(s);
    Attribute attr = c.getValue();
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
  if (v.getDefiningOp<ub::PoisonOp>())
    return "((" + typeName(v.getType()) + ")0)";
  return "/*unnamed*/0";
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

static const char *dimSuffix(gpu::Dimension d) {
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

bool OpenCLCEmitter::emitOp(Operation &op) {
  auto bin = [&](const char *sym) {
    // C promotes types narrower than int to (signed) int, where a multiply
    // can overflow: compute those in uint, which wraps.
    Type t = op.getOperand(0).getType();
    std::string widen =
        t.isInteger() && t.getIntOrFloatBitWidth() > 1 &&
                t.getIntOrFloatBitWidth() < 32
            ? "(uint)"
            : "";
    assign(op.getResult(0), "(" + widen + name(op.getOperand(0)) + " " + sym +
                                " " + widen + name(op.getOperand(1)) + ")");
    return true;
  };
  auto sbin = [&](const char *sym) {
    Value r = op.getResult(0);
    assign(r, "(" + typeName(r.getType()) + ")(" + signedOf(op.getOperand(0)) +
                  " " + sym + " " + signedOf(op.getOperand(1)) + ")");
    return true;
  };
  auto call = [&](const std::string &fn) {
    std::string args;
    for (auto [i, v] : llvm::enumerate(op.getOperands()))
      args += (i ? ", " : "") + name(v);
    assign(op.getResult(0), fn + "(" + args + ")");
    return true;
  };
  auto castTo = [&](Value v, bool signedSrc) {
    Value r = op.getResult(0);
    std::string src = signedSrc ? signedOf(v) : name(v);
    assign(r, "(" + typeName(r.getType()) + ")" + src);
    return true;
  };

  return llvm::TypeSwitch<Operation *, bool>(&op)
      .Case<arith::ConstantOp, ub::PoisonOp, func::FuncOp>(
          [](auto) { return true; })
      .Case<arith::AddIOp, arith::AddFOp>([&](auto) { return bin("+"); })
      .Case<arith::SubIOp, arith::SubFOp>([&](auto) { return bin("-"); })
      .Case<arith::MulIOp, arith::MulFOp>([&](auto) { return bin("*"); })
      .Case<arith::DivUIOp, arith::DivFOp>([&](auto) { return bin("/"); })
      .Case<arith::RemUIOp>([&](auto) { return bin("%"); })
      .Case<arith::DivSIOp>([&](auto) { return sbin("/"); })
      .Case<arith::RemSIOp>([&](auto) { return sbin("%"); })
      .Case<arith::RemFOp>([&](auto) { return call("fmod"); })
      .Case<arith::AndIOp>([&](auto) { return bin("&"); })
      .Case<arith::OrIOp>([&](auto) { return bin("|"); })
      .Case<arith::XOrIOp>([&](auto o) {
        if (o.getType().isInteger(1))
          return bin("!=");
        return bin("^");
      })
      .Case<arith::ShLIOp>([&](auto) { return bin("<<"); })
      .Case<arith::ShRUIOp>([&](auto) { return bin(">>"); })
      .Case<arith::ShRSIOp>([&](auto) { return sbin(">>"); })
      .Case<arith::NegFOp>([&](auto o) {
        assign(o.getResult(), "(-" + name(o.getOperand()) + ")");
        return true;
      })
      .Case<arith::MinUIOp>([&](auto) { return call("min"); })
      .Case<arith::MaxUIOp>([&](auto) { return call("max"); })
      .Case<arith::MinSIOp, arith::MaxSIOp>([&](auto o) {
        bool isMin = isa<arith::MinSIOp>(o.getOperation());
        assign(o.getResult(), "(" + typeName(o.getType()) + ")" +
                                  (isMin ? "min(" : "max(") +
                                  signedOf(o.getLhs()) + ", " +
                                  signedOf(o.getRhs()) + ")");
        return true;
      })
      .Case<arith::MinNumFOp>([&](auto) { return call("fmin"); })
      .Case<arith::MaxNumFOp>([&](auto) { return call("fmax"); })
      .Case<arith::CmpIOp>([&](arith::CmpIOp o) {
        using P = arith::CmpIPredicate;
        const char *sym = "==";
        bool sgn = false;
        switch (o.getPredicate()) {
        case P::eq: sym = "=="; break;
        case P::ne: sym = "!="; break;
        case P::slt: sym = "<"; sgn = true; break;
        case P::sle: sym = "<="; sgn = true; break;
        case P::sgt: sym = ">"; sgn = true; break;
        case P::sge: sym = ">="; sgn = true; break;
        case P::ult: sym = "<"; break;
        case P::ule: sym = "<="; break;
        case P::ugt: sym = ">"; break;
        case P::uge: sym = ">="; break;
        }
        std::string a = sgn ? signedOf(o.getLhs()) : name(o.getLhs());
        std::string b = sgn ? signedOf(o.getRhs()) : name(o.getRhs());
        assign(o.getResult(), "(" + a + " " + sym + " " + b + ")");
        return true;
      })
      .Case<arith::CmpFOp>([&](arith::CmpFOp o) {
        using P = arith::CmpFPredicate;
        std::string a = name(o.getLhs()), b = name(o.getRhs());
        std::string e;
        switch (o.getPredicate()) {
        case P::AlwaysFalse: e = "false"; break;
        case P::AlwaysTrue: e = "true"; break;
        case P::OEQ: e = a + " == " + b; break;
        case P::OGT: e = a + " > " + b; break;
        case P::OGE: e = a + " >= " + b; break;
        case P::OLT: e = a + " < " + b; break;
        case P::OLE: e = a + " <= " + b; break;
        case P::ONE: e = a + " < " + b + " || " + a + " > " + b; break;
        case P::ORD: e = "!isnan(" + a + ") && !isnan(" + b + ")"; break;
        case P::UEQ: e = "!(" + a + " < " + b + " || " + a + " > " + b + ")"; break;
        case P::UGT: e = "!(" + a + " <= " + b + ")"; break;
        case P::UGE: e = "!(" + a + " < " + b + ")"; break;
        case P::ULT: e = "!(" + a + " >= " + b + ")"; break;
        case P::ULE: e = "!(" + a + " > " + b + ")"; break;
        case P::UNE: e = a + " != " + b; break;
        case P::UNO: e = "isnan(" + a + ") || isnan(" + b + ")"; break;
        }
        assign(o.getResult(), "(" + e + ")");
        return true;
      })
      .Case<arith::SelectOp>([&](arith::SelectOp o) {
        assign(o.getResult(), "(" + name(o.getCondition()) + " ? " +
                                  name(o.getTrueValue()) + " : " +
                                  name(o.getFalseValue()) + ")");
        return true;
      })
      .Case<arith::ExtUIOp, arith::TruncIOp, arith::IndexCastUIOp,
            arith::UIToFPOp, arith::FPToUIOp, arith::ExtFOp, arith::TruncFOp>(
          [&](auto o) { return castTo(o->getOperand(0), false); })
      .Case<arith::ExtSIOp, arith::IndexCastOp, arith::SIToFPOp>(
          [&](auto o) { return castTo(o->getOperand(0), true); })
      .Case<arith::FPToSIOp>([&](arith::FPToSIOp o) {
        assign(o.getResult(), "(" + typeName(o.getType()) + ")(" +
                                  typeName(o.getType(), true) + ")" +
                                  name(o.getIn()));
        return true;
      })
      .Case<arith::BitcastOp>([&](arith::BitcastOp o) {
        assign(o.getResult(),
               "as_" + typeName(o.getType()) + "(" + name(o.getIn()) + ")");
        return true;
      })
      .Case<math::SqrtOp>([&](auto) { return call("sqrt"); })
      .Case<math::RsqrtOp>([&](auto) { return call("rsqrt"); })
      .Case<math::ExpOp>([&](auto) { return call("exp"); })
      .Case<math::Exp2Op>([&](auto) { return call("exp2"); })
      .Case<math::LogOp>([&](auto) { return call("log"); })
      .Case<math::Log2Op>([&](auto) { return call("log2"); })
      .Case<math::Log10Op>([&](auto) { return call("log10"); })
      .Case<math::SinOp>([&](auto) { return call("sin"); })
      .Case<math::CosOp>([&](auto) { return call("cos"); })
      .Case<math::TanOp>([&](auto) { return call("tan"); })
      .Case<math::AbsFOp>([&](auto) { return call("fabs"); })
      .Case<math::FloorOp>([&](auto) { return call("floor"); })
      .Case<math::CeilOp>([&](auto) { return call("ceil"); })
      .Case<math::TruncOp>([&](auto) { return call("trunc"); })
      .Case<math::RoundOp>([&](auto) { return call("round"); })
      .Case<math::RoundEvenOp>([&](auto) { return call("rint"); })
      .Case<math::PowFOp>([&](auto) { return call("pow"); })
      .Case<math::FmaOp>([&](auto) { return call("fma"); })
      .Case<math::CopySignOp>([&](auto) { return call("copysign"); })
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
      .Case<gpu::ThreadIdOp>([&](auto o) {
        assign(o.getResult(), std::string("get_local_id(") +
                                  dimSuffix(o.getDimension()) + ")");
        return true;
      })
      .Case<gpu::BlockIdOp>([&](auto o) {
        assign(o.getResult(), std::string("get_group_id(") +
                                  dimSuffix(o.getDimension()) + ")");
        return true;
      })
      .Case<gpu::BlockDimOp>([&](auto o) {
        // The size of this group, which is smaller for the last group of a
        // non-uniform range.
        std::string d = dimSuffix(o.getDimension());
        assign(o.getResult(), "min((ulong)get_local_size(" + d +
                                  "), acc_range" + d + " - get_group_id(" + d +
                                  ") * get_local_size(" + d + "))");
        return true;
      })
      .Case<gpu::GridDimOp>([&](auto o) {
        assign(o.getResult(), std::string("get_num_groups(") +
                                  dimSuffix(o.getDimension()) + ")");
        return true;
      })
      .Case<gpu::GlobalIdOp>([&](auto o) {
        // The portable IR adds the global offset itself.
        const char *d = dimSuffix(o.getDimension());
        assign(o.getResult(), std::string("(get_global_id(") + d +
                                  ") - get_global_offset(" + d + "))");
        return true;
      })
      .Case<func::CallOp>([&](func::CallOp o) {
        StringRef callee = o.getCallee();
        std::string fn;
        if (callee == "__acc_global_offset")
          fn = "get_global_offset";
        else if (callee == "__acc_global_size")
          fn = "get_global_size";
        else if (callee == "__acc_work_dim")
          fn = "get_work_dim";
        else
          return fail(&op, "a call to '" + callee + "'");
        std::string arg = o.getNumOperands() ? "(uint)" + name(o.getOperand(0)) : "";
        if (callee == "__acc_global_size") {
          std::optional<int64_t> d = getConstantIntValue(o.getOperand(0));
          if (!d || *d < 0 || *d > 2)
            return fail(&op, "a global-size query with a run-time dimension");
          assign(o.getResult(0), "acc_range" + std::to_string(*d));
          return true;
        }
        assign(o.getResult(0), "(" + typeName(o.getResult(0).getType()) + ")" +
                                   fn + "(" + arg + ")");
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
      .Default([&](Operation *o) { return fail(o, "this operation"); });
}

bool OpenCLCEmitter::emitKernel(gpu::GPUFuncOp kernel,
                                const bundle::KernelInfo &info) {
  names.clear();
  blockIds.clear();
  nextValue = 0;

  // Signature: the metadata's names; buffer element types from the memrefs.
  os << "kernel void " << kernel.getName() << "(";
  Block &entry = kernel.getBody().front();
  for (auto [i, arg] : llvm::enumerate(entry.getArguments())) {
    const bundle::ArgInfo *meta = i < info.args.size() ? &info.args[i] : nullptr;
    std::string argName =
        "a" + std::to_string(i) + "_" + (meta ? meta->name : std::string());
    // The signature spells the source's types (int, not uint), so drivers
    // and readers see the kernel as written; the body reads the value
    // through the unsigned type it computes in.
    std::string declared;
    if (auto mt = llvm::dyn_cast<MemRefType>(arg.getType())) {
      bool isConstant =
          meta && meta->addressSpace == ACC_ADDRESS_SPACE_CONSTANT;
      bool readOnly = meta && !(meta->access & ACC_ACCESS_WRITE);
      std::string elem = typeName(mt.getElementType(), isSignedScalar(meta));
      if (elem.empty())
        return fail(nullptr, "a buffer of this element type");
      declared = std::string(isConstant ? "constant " : "global ") +
                 (readOnly ? "const " : "") + elem + " *" + argName;
      names[arg] = argName;
    } else {
      std::string t = typeName(arg.getType(), isSignedScalar(meta));
      if (t.empty())
        return fail(nullptr, "an argument of this type");
      declared = t + " " + argName;
      names[arg] = "((" + typeName(arg.getType()) + ")" + argName + ")";
    }
    os << (i ? ", " : "") << declared;
  }
  // The range arguments: the launch's real global size. The plugin rounds a
  // non-uniform range up to whole work-groups (all OpenCL 1.2 can run) and
  // the code below retires the extra work-items.
  os << (entry.getNumArguments() ? ", " : "")
     << "ulong acc_range0, ulong acc_range1, ulong acc_range2";
  os << ") {\n";

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
      for (Value r : op.getResults()) {
        std::string t = typeName(r.getType());
        if (t.empty())
          return fail(&op, "a value of this type");
        std::string n = "v" + std::to_string(nextValue++);
        names[r] = n;
        os << "  " << t << " " << n << ";\n";
      }
    }
  }

  os << "  if (get_global_id(0) - get_global_offset(0) >= acc_range0 ||\n"
        "      get_global_id(1) - get_global_offset(1) >= acc_range1 ||\n"
        "      get_global_id(2) - get_global_offset(2) >= acc_range2)\n"
        "    return;\n";
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

} // namespace

bool emitOpenCLC(ModuleOp portable,
                 const std::vector<bundle::KernelInfo> &kernels,
                 llvm::raw_ostream &os, std::string &error) {
  std::string body;
  llvm::raw_string_ostream bodyStream(body);
  OpenCLCEmitter emitter(bodyStream, error);
  for (auto gpuModule : portable.getOps<gpu::GPUModuleOp>()) {
    for (auto kernel : gpuModule.getOps<gpu::GPUFuncOp>()) {
      if (!kernel.isKernel())
        continue;
      auto info = llvm::find_if(kernels, [&](const bundle::KernelInfo &k) {
        return k.name == kernel.getName();
      });
      if (info == kernels.end()) {
        error = "internal error: no metadata for kernel '" +
                kernel.getName().str() + "'";
        return false;
      }
      if (!emitter.emitKernel(kernel, *info)) {
        error = "kernel '" + kernel.getName().str() + "': " + error;
        return false;
      }
    }
  }
  os << "// OpenCL C 1.2 generated by acc-cc from the portable kernel IR.\n"
        "// Do not edit: recompile the kernel source instead.\n";
  if (emitter.usesFP64)
    os << "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n";
  os << "\n" << bodyStream.str();
  return true;
}

bool compileOpenCLC(ModuleOp portable,
                    const std::vector<bundle::KernelInfo> &kernels,
                    std::vector<bundle::CodeObject> &out, std::string &error) {
  std::string source;
  llvm::raw_string_ostream os(source);
  if (!emitOpenCLC(portable, kernels, os, error))
    return false;
  os.flush();
  bundle::CodeObject code;
  code.target = ACC_TARGET_OPENCL_C;
  code.arch = "opencl-c-1.2";
  code.data.assign(source.begin(), source.end());
  out.push_back(std::move(code));
  return true;
}

} // namespace acc
