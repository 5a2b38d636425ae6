//===- AccDialect.cpp - The accir dialect of the portable IR --------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//

#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/acc_launch.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

#include "acc/Dialect/Acc/AccOpsDialect.cpp.inc"
#include "acc/Dialect/Acc/AccOpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "acc/Dialect/Acc/AccOpsAttrs.cpp.inc"

void acc::ir::AccIRDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "acc/Dialect/Acc/AccOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "acc/Dialect/Acc/AccOpsAttrs.cpp.inc"
      >();
}

namespace acc::ir {

unsigned builtinArity(Builtin b) {
  switch (b) {
  case Builtin::hypot:
  case Builtin::nextafter:
  case Builtin::remainder:
  case Builtin::atan2pi:
  case Builtin::ldexp:
  case Builtin::pown:
  case Builtin::rootn:
    return 2;
  default:
    return 1;
  }
}

bool builtinTakesInt(Builtin b) {
  return b == Builtin::ldexp || b == Builtin::pown || b == Builtin::rootn;
}

bool builtinReturnsInt(Builtin b) { return b == Builtin::ilogb; }

unsigned launchFieldOffset(LaunchField field, Dimension dim) {
  unsigned d = static_cast<unsigned>(dim);
  switch (field) {
  case LaunchField::global_offset:
    return ACC_LAUNCH_WORDS_GLOBAL_OFFSET + 8 * d;
  case LaunchField::global_size:
    return ACC_LAUNCH_WORDS_GLOBAL_SIZE + 8 * d;
  case LaunchField::group_offset:
    return ACC_LAUNCH_WORDS_GROUP_OFFSET + 4 * d;
  case LaunchField::work_dim:
    return ACC_LAUNCH_WORDS_WORK_DIM;
  case LaunchField::local_size:
    return ACC_LAUNCH_WORDS_LOCAL_SIZE + 4 * d;
  }
  return 0;
}

bool isWideLaunchField(LaunchField field) {
  return field == LaunchField::global_offset ||
         field == LaunchField::global_size;
}

/// The i32 type of `t`'s shape.
static Type intOfShape(Type t) {
  Type i32 = IntegerType::get(t.getContext(), 32);
  if (auto v = llvm::dyn_cast<VectorType>(t))
    return VectorType::get(v.getShape(), i32);
  return i32;
}

LogicalResult BuiltinOp::verify() {
  Builtin b = getBuiltin();
  unsigned arity = builtinArity(b);
  if (getArgs().size() != arity)
    return emitOpError() << "'" << stringifyBuiltin(b) << "' takes " << arity
                         << " operand" << (arity == 1 ? "" : "s") << ", not "
                         << getArgs().size();
  Type x = getArgs()[0].getType();
  if (!llvm::isa<FloatType>(getElementTypeOrSelf(x)) ||
      (llvm::isa<VectorType>(x) &&
       llvm::cast<VectorType>(x).getRank() != 1))
    return emitOpError() << "'" << stringifyBuiltin(b)
                         << "' takes a float scalar or 1-D vector, not " << x;
  if (arity == 2) {
    Type want = builtinTakesInt(b) ? intOfShape(x) : x;
    if (getArgs()[1].getType() != want)
      return emitOpError() << "'" << stringifyBuiltin(b)
                           << "' takes its second operand as " << want
                           << ", not " << getArgs()[1].getType();
  }
  Type result = builtinReturnsInt(b) ? intOfShape(x) : x;
  if (getResult().getType() != result)
    return emitOpError() << "'" << stringifyBuiltin(b) << "' of " << x
                         << " gives " << result << ", not "
                         << getResult().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// Kernel metadata
//===----------------------------------------------------------------------===//

LogicalResult
KernelAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                   ArrayAttr args, uint32_t, DenseI32ArrayAttr reqdSize,
                   uint32_t scalarBlockSize) {
  for (Attribute a : args)
    if (!llvm::isa<ArgAttr>(a))
      return emitError() << "kernel arguments must be #accir.arg, not " << a;
  ArrayRef<int32_t> sizes =
      reqdSize ? reqdSize.asArrayRef() : ArrayRef<int32_t>();
  if (reqdSize && (sizes.size() != 3 ||
                   llvm::any_of(sizes, [](int32_t v) { return v < 1; })))
    return emitError() << "reqd_work_group_size must be three sizes of at "
                          "least 1";
  if (scalarBlockSize % 4)
    return emitError() << "scalar_block_size must be a multiple of 4, not "
                       << scalarBlockSize;
  return success();
}

/// Whether `type` is how the portable IR receives an argument described by
/// `arg`: a memref for buffers, local arguments and structs passed by
/// value, any other value type for scalars.
static bool argTypeMatches(ArgAttr arg, Type type) {
  bool memref = llvm::isa<MemRefType>(type);
  if (arg.getKind() == ArgKind::scalar)
    return memref == arg.getByValue();
  return memref;
}

LogicalResult AccIRDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  // The SPIR-V conversion's marks between its stages (lib/Conversion/
  // PortableToSPIRV): never in the portable IR, and checked there.
  if (attr.getName().strref().starts_with("accir.spirv."))
    return success();
  if (attr.getName() != getKernelAttrName())
    return op->emitError() << "unknown accir attribute '" << attr.getName()
                           << "'";
  auto fn = llvm::dyn_cast<gpu::GPUFuncOp>(op);
  if (!fn || !fn.isKernel())
    return op->emitError() << "'" << getKernelAttrName()
                           << "' belongs on a kernel gpu.func";
  auto kernel = llvm::dyn_cast<KernelAttr>(attr.getValue());
  if (!kernel)
    return op->emitError() << "'" << getKernelAttrName()
                           << "' must be a #accir.kernel";
  ArrayRef<Type> types = fn.getArgumentTypes();
  if (kernel.getArgs().size() != types.size())
    return op->emitError() << "'" << getKernelAttrName() << "' describes "
                           << kernel.getArgs().size()
                           << " arguments; the kernel has " << types.size();
  for (auto [i, a] : llvm::enumerate(kernel.getArgs()))
    if (!argTypeMatches(llvm::cast<ArgAttr>(a), types[i]))
      return op->emitError() << "argument " << i << " is described as a "
                             << stringifyArgKind(
                                    llvm::cast<ArgAttr>(a).getKind())
                             << " argument but has type " << types[i];
  return success();
}

KernelAttr makeKernelAttr(MLIRContext *ctx, const bundle::KernelInfo &info,
                          ArrayRef<bool> byValue) {
  SmallVector<Attribute> args;
  for (auto [i, a] : llvm::enumerate(info.args))
    args.push_back(ArgAttr::get(
        ctx, a.name, static_cast<ArgKind>(a.kind), a.typeName,
        static_cast<AddressSpace>(a.addressSpace), a.access,
        static_cast<ScalarType>(a.scalarType), a.size, a.alignment, a.binding,
        i < byValue.size() && byValue[i]));
  DenseI32ArrayAttr reqd;
  if (info.requiredLocalSize[0])
    reqd = DenseI32ArrayAttr::get(
        ctx, {static_cast<int32_t>(info.requiredLocalSize[0]),
              static_cast<int32_t>(info.requiredLocalSize[1]),
              static_cast<int32_t>(info.requiredLocalSize[2])});
  return KernelAttr::get(ctx, ArrayAttr::get(ctx, args), info.flags, reqd,
                         info.scalarBlockSize);
}

KernelAttr getKernelAttr(gpu::GPUFuncOp kernel) {
  return kernel->getAttrOfType<KernelAttr>(AccIRDialect::getKernelAttrName());
}

ArgAttr getArgAttr(gpu::GPUFuncOp kernel, unsigned i) {
  KernelAttr attr = getKernelAttr(kernel);
  if (!attr || i >= attr.getArgs().size())
    return {};
  return llvm::dyn_cast<ArgAttr>(attr.getArgs()[i]);
}

bool isByValueArg(gpu::GPUFuncOp kernel, unsigned i) {
  ArgAttr arg = getArgAttr(kernel, i);
  return arg && arg.getByValue();
}

bundle::KernelInfo getKernelInfo(gpu::GPUFuncOp kernel) {
  bundle::KernelInfo info;
  info.name = kernel.getName().str();
  KernelAttr attr = getKernelAttr(kernel);
  if (!attr)
    return info;
  for (Attribute a : attr.getArgs()) {
    auto arg = llvm::cast<ArgAttr>(a);
    bundle::ArgInfo out;
    out.name = arg.getName().str();
    out.typeName = arg.getTypeName().str();
    out.kind = static_cast<acc_arg_kind_t>(arg.getKind());
    out.addressSpace = static_cast<acc_address_space_t>(arg.getAddressSpace());
    out.access = arg.getAccess();
    out.scalarType = static_cast<acc_scalar_type_t>(arg.getScalarType());
    out.size = arg.getSize();
    out.alignment = arg.getAlignment();
    out.binding = arg.getBinding();
    info.args.push_back(std::move(out));
  }
  info.flags = attr.getFlags();
  if (DenseI32ArrayAttr reqd = attr.getReqdWorkGroupSize())
    for (size_t d = 0; d < reqd.size() && d < 3; ++d)
      info.requiredLocalSize[d] = static_cast<uint32_t>(reqd[d]);
  info.scalarBlockSize = attr.getScalarBlockSize();
  return info;
}

void setKernelFlags(gpu::GPUFuncOp kernel, acc_kernel_flags_t flags) {
  KernelAttr attr = getKernelAttr(kernel);
  if (!attr)
    return;
  kernel->setAttr(AccIRDialect::getKernelAttrName(),
                  KernelAttr::get(kernel.getContext(), attr.getArgs(), flags,
                                  attr.getReqdWorkGroupSize(),
                                  attr.getScalarBlockSize()));
}

SmallVector<gpu::GPUFuncOp> getKernels(ModuleOp module) {
  SmallVector<gpu::GPUFuncOp> kernels;
  for (auto gpuModule : module.getOps<gpu::GPUModuleOp>())
    for (auto fn : gpuModule.getOps<gpu::GPUFuncOp>())
      if (fn.isKernel())
        kernels.push_back(fn);
  return kernels;
}

std::vector<bundle::KernelInfo> getKernelInfos(ModuleOp module) {
  std::vector<bundle::KernelInfo> infos;
  for (gpu::GPUFuncOp fn : getKernels(module))
    infos.push_back(getKernelInfo(fn));
  return infos;
}

} // namespace acc::ir

#define GET_OP_CLASSES
#include "acc/Dialect/Acc/AccOps.cpp.inc"
