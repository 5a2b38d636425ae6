//===- AccOps.td - The accir dialect: what the portable IR adds -*- tablegen -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The portable kernel IR (docs/portable-ir.md) is upstream MLIR (gpu, arith,
// math, memref, vector, scf, cf) plus the few operations below, which no
// upstream dialect has: the work-item queries of OpenCL that `gpu` lacks,
// memory fences with their address spaces and scope, and the builtin
// functions that every target lowers its own way. Each target pipeline
// matches these typed ops; none matches a function name.
//
// The dialect's namespace is `accir`, not `acc`: upstream MLIR's OpenACC
// dialect is `acc`, and both may one day share a registry.
//
//===----------------------------------------------------------------------===//

#ifndef ACC_DIALECT_ACC_ACCOPS_TD
#define ACC_DIALECT_ACC_ACCOPS_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def AccIR_Dialect : Dialect {
  let name = "accir";
  let cppNamespace = "::acc::ir";
  let summary = "The operations acc's portable kernel IR adds to upstream MLIR";
  let description = [{
    Work-item queries OpenCL has and `gpu` lacks (`global_offset`,
    `global_size`, `work_dim`), memory fences (`mem_fence`), and the OpenCL
    builtins that have no upstream op (`builtin`). Kernel metadata rides on
    each kernel `gpu.func` as the `accir.kernel` attribute (`#accir.kernel`),
    which every target pipeline reads. docs/portable-ir.md is the contract.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The name of the kernel metadata attribute on gpu.func.
    static constexpr ::llvm::StringLiteral getKernelAttrName() {
      return ::llvm::StringLiteral("accir.kernel");
    }
  }];
}

class AccIR_Op<string mnemonic, list<Trait> traits = []> :
    Op<AccIR_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

// A dimension of the launch, numbered like gpu::Dimension (x = 0).
def AccIR_DimensionX : I32EnumAttrCase<"x", 0>;
def AccIR_DimensionY : I32EnumAttrCase<"y", 1>;
def AccIR_DimensionZ : I32EnumAttrCase<"z", 2>;
def AccIR_Dimension : I32EnumAttr<"Dimension", "a dimension of the launch",
    [AccIR_DimensionX, AccIR_DimensionY, AccIR_DimensionZ]> {
  let cppNamespace = "::acc::ir";
}

def AccIR_MemoryScopeWorkGroup : I32EnumAttrCase<"work_group", 0>;
def AccIR_MemoryScopeDevice : I32EnumAttrCase<"device", 1>;
def AccIR_MemoryScope : I32EnumAttr<"MemoryScope",
    "the work-items a fence orders memory for",
    [AccIR_MemoryScopeWorkGroup, AccIR_MemoryScopeDevice]> {
  let cppNamespace = "::acc::ir";
}

// The builtins without an upstream op. Shapes: T is a float scalar or
// vector, I the i32 scalar or vector of T's shape; vector operands are
// element-wise and already broadcast to the result's shape.
//   T -> T        cospi sinpi tanpi acospi asinpi atanpi exp10 lgamma logb
//                 tgamma
//   (T, T) -> T   hypot nextafter remainder atan2pi
//   (T, I) -> T   ldexp pown rootn
//   T -> I        ilogb (FP_ILOGB0 = INT_MIN, FP_ILOGBNAN = INT_MAX)
def AccIR_BuiltinCospi : I32EnumAttrCase<"cospi", 0>;
def AccIR_BuiltinSinpi : I32EnumAttrCase<"sinpi", 1>;
def AccIR_BuiltinTanpi : I32EnumAttrCase<"tanpi", 2>;
def AccIR_BuiltinAcospi : I32EnumAttrCase<"acospi", 3>;
def AccIR_BuiltinAsinpi : I32EnumAttrCase<"asinpi", 4>;
def AccIR_BuiltinAtanpi : I32EnumAttrCase<"atanpi", 5>;
def AccIR_BuiltinExp10 : I32EnumAttrCase<"exp10", 6>;
def AccIR_BuiltinLgamma : I32EnumAttrCase<"lgamma", 7>;
def AccIR_BuiltinLogb : I32EnumAttrCase<"logb", 8>;
def AccIR_BuiltinTgamma : I32EnumAttrCase<"tgamma", 9>;
def AccIR_BuiltinHypot : I32EnumAttrCase<"hypot", 10>;
def AccIR_BuiltinNextafter : I32EnumAttrCase<"nextafter", 11>;
def AccIR_BuiltinRemainder : I32EnumAttrCase<"remainder", 12>;
def AccIR_BuiltinAtan2pi : I32EnumAttrCase<"atan2pi", 13>;
def AccIR_BuiltinLdexp : I32EnumAttrCase<"ldexp", 14>;
def AccIR_BuiltinPown : I32EnumAttrCase<"pown", 15>;
def AccIR_BuiltinRootn : I32EnumAttrCase<"rootn", 16>;
def AccIR_BuiltinIlogb : I32EnumAttrCase<"ilogb", 17>;
def AccIR_Builtin : I32EnumAttr<"Builtin",
    "an OpenCL builtin function without an upstream op",
    [AccIR_BuiltinCospi, AccIR_BuiltinSinpi, AccIR_BuiltinTanpi,
     AccIR_BuiltinAcospi, AccIR_BuiltinAsinpi, AccIR_BuiltinAtanpi,
     AccIR_BuiltinExp10, AccIR_BuiltinLgamma, AccIR_BuiltinLogb,
     AccIR_BuiltinTgamma, AccIR_BuiltinHypot, AccIR_BuiltinNextafter,
     AccIR_BuiltinRemainder, AccIR_BuiltinAtan2pi, AccIR_BuiltinLdexp,
     AccIR_BuiltinPown, AccIR_BuiltinRootn, AccIR_BuiltinIlogb]> {
  let cppNamespace = "::acc::ir";
}

//===----------------------------------------------------------------------===//
// Kernel metadata
//===----------------------------------------------------------------------===//

// The enums below have the values of acc_types.h (acc_arg_kind_t,
// acc_address_space_t, acc_scalar_type_t), so metadata converts to the
// bundle's by a cast.
def AccIR_ArgKindBuffer : I32EnumAttrCase<"buffer", 1>;
def AccIR_ArgKindScalar : I32EnumAttrCase<"scalar", 2>;
def AccIR_ArgKindLocal : I32EnumAttrCase<"local", 3>;
def AccIR_ArgKind : I32EnumAttr<"ArgKind", "how a kernel argument is passed",
    [AccIR_ArgKindBuffer, AccIR_ArgKindScalar, AccIR_ArgKindLocal]> {
  let cppNamespace = "::acc::ir";
}

def AccIR_AddressSpacePrivate : I32EnumAttrCase<"private_", 0, "private">;
def AccIR_AddressSpaceGlobal : I32EnumAttrCase<"global", 1>;
def AccIR_AddressSpaceConstant : I32EnumAttrCase<"constant", 2>;
def AccIR_AddressSpaceLocal : I32EnumAttrCase<"local", 3>;
def AccIR_AddressSpace : I32EnumAttr<"AddressSpace",
    "the OpenCL address space of a pointer argument",
    [AccIR_AddressSpacePrivate, AccIR_AddressSpaceGlobal,
     AccIR_AddressSpaceConstant, AccIR_AddressSpaceLocal]> {
  let cppNamespace = "::acc::ir";
}

def AccIR_ScalarTypeNone : I32EnumAttrCase<"none", 0>;
def AccIR_ScalarTypeBool : I32EnumAttrCase<"bool_", 1, "bool">;
def AccIR_ScalarTypeI8 : I32EnumAttrCase<"i8", 2>;
def AccIR_ScalarTypeU8 : I32EnumAttrCase<"u8", 3>;
def AccIR_ScalarTypeI16 : I32EnumAttrCase<"i16", 4>;
def AccIR_ScalarTypeU16 : I32EnumAttrCase<"u16", 5>;
def AccIR_ScalarTypeI32 : I32EnumAttrCase<"i32", 6>;
def AccIR_ScalarTypeU32 : I32EnumAttrCase<"u32", 7>;
def AccIR_ScalarTypeI64 : I32EnumAttrCase<"i64", 8>;
def AccIR_ScalarTypeU64 : I32EnumAttrCase<"u64", 9>;
def AccIR_ScalarTypeF16 : I32EnumAttrCase<"f16", 10>;
def AccIR_ScalarTypeF32 : I32EnumAttrCase<"f32", 11>;
def AccIR_ScalarTypeF64 : I32EnumAttrCase<"f64", 12>;
def AccIR_ScalarType : I32EnumAttr<"ScalarType",
    "the element type of an argument, as the runtime checks it",
    [AccIR_ScalarTypeNone, AccIR_ScalarTypeBool, AccIR_ScalarTypeI8,
     AccIR_ScalarTypeU8, AccIR_ScalarTypeI16, AccIR_ScalarTypeU16,
     AccIR_ScalarTypeI32, AccIR_ScalarTypeU32, AccIR_ScalarTypeI64,
     AccIR_ScalarTypeU64, AccIR_ScalarTypeF16, AccIR_ScalarTypeF32,
     AccIR_ScalarTypeF64]> {
  let cppNamespace = "::acc::ir";
}

class AccIR_Attr<string name, string attrMnemonic> :
    AttrDef<AccIR_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def AccIR_ArgAttr : AccIR_Attr<"Arg", "arg"> {
  let summary = "one kernel argument as the bundle describes it";
  let description = [{
    The fields of acc::bundle::ArgInfo (docs/bundle-format.md): the source
    name and type, how it is passed, its address space, the access the
    kernel makes (acc_access_flags_t bits: read 1, write 2), its element
    type, byte size and alignment of a scalar, and its place in the
    resource layout (`binding`: a buffer's binding, a scalar's offset in the
    scalar block, a local argument's ordinal). `by_value` marks a struct
    passed by value, which the portable IR receives as a memref of bytes.
  }];
  let parameters = (ins
    StringRefParameter<"the source name">:$name,
    EnumParameter<AccIR_ArgKind>:$kind,
    StringRefParameter<"the source type", "\"\"">:$type_name,
    DefaultValuedParameter<"::acc::ir::AddressSpace",
        "::acc::ir::AddressSpace::private_">:$address_space,
    DefaultValuedParameter<"uint32_t", "0">:$access,
    DefaultValuedParameter<"::acc::ir::ScalarType",
        "::acc::ir::ScalarType::none">:$scalar_type,
    DefaultValuedParameter<"uint32_t", "0">:$size,
    DefaultValuedParameter<"uint32_t", "0">:$alignment,
    DefaultValuedParameter<"uint32_t", "0">:$binding,
    DefaultValuedParameter<"bool", "false">:$by_value);
  let assemblyFormat = "`<` struct(params) `>`";
}

def AccIR_KernelAttr : AccIR_Attr<"Kernel", "kernel"> {
  let summary = "a kernel's metadata: arguments, flags, launch constraints";
  let description = [{
    Rides on every kernel `gpu.func` as `accir.kernel`. `args` holds one
    `#accir.arg` per function argument; `flags` the acc_kernel_flags_t the
    kernel needs (the front end sets what the source says, the portable
    pipeline what the folded IR computes); `reqd_work_group_size` is absent
    or the three sizes of `reqd_work_group_size`; `scalar_block_size` the
    bytes of the scalar block the layout gives. Parameters at their default
    (0, none) are not printed.
  }];
  let parameters = (ins
    "::mlir::ArrayAttr":$args,
    DefaultValuedParameter<"uint32_t", "0">:$flags,
    OptionalParameter<"::mlir::DenseI32ArrayAttr">:$reqd_work_group_size,
    DefaultValuedParameter<"uint32_t", "0">:$scalar_block_size);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Work-item queries
//===----------------------------------------------------------------------===//

def AccIR_GlobalOffsetOp : AccIR_Op<"global_offset", [Pure]> {
  let summary = "get_global_offset(d): the launch's global offset";
  let arguments = (ins AccIR_Dimension:$dimension);
  let results = (outs Index:$result);
  let assemblyFormat = "$dimension attr-dict";
  let builders = [
    OpBuilder<(ins "::acc::ir::Dimension":$dimension), [{
      build($_builder, $_state, $_builder.getIndexType(), dimension);
    }]>
  ];
}

def AccIR_GlobalSizeOp : AccIR_Op<"global_size", [Pure]> {
  let summary = "get_global_size(d): the launch's real global size";
  let description = [{
    The global size the application launched, not the size of a range
    rounded up to whole work-groups (the launch convention,
    acc/acc_launch.h, gives it to every target).
  }];
  let arguments = (ins AccIR_Dimension:$dimension);
  let results = (outs Index:$result);
  let assemblyFormat = "$dimension attr-dict";
  let builders = [
    OpBuilder<(ins "::acc::ir::Dimension":$dimension), [{
      build($_builder, $_state, $_builder.getIndexType(), dimension);
    }]>
  ];
}

def AccIR_WorkDimOp : AccIR_Op<"work_dim", [Pure]> {
  let summary = "get_work_dim(): the launch's number of dimensions (1 to 3)";
  let results = (outs Index:$result);
  let assemblyFormat = "attr-dict";
  let builders = [
    OpBuilder<(ins), [{ build($_builder, $_state, $_builder.getIndexType()); }]>
  ];
}

// Launch convention 1 (acc/acc_launch.h): a field of the launch words.
def AccIR_LaunchFieldGlobalOffset : I32EnumAttrCase<"global_offset", 0>;
def AccIR_LaunchFieldGlobalSize : I32EnumAttrCase<"global_size", 1>;
def AccIR_LaunchFieldGroupOffset : I32EnumAttrCase<"group_offset", 2>;
def AccIR_LaunchFieldWorkDim : I32EnumAttrCase<"work_dim", 3>;
def AccIR_LaunchFieldLocalSize : I32EnumAttrCase<"local_size", 4>;
def AccIR_LaunchField : I32EnumAttr<"LaunchField",
    "a field of launch convention 1's launch words",
    [AccIR_LaunchFieldGlobalOffset, AccIR_LaunchFieldGlobalSize,
     AccIR_LaunchFieldGroupOffset, AccIR_LaunchFieldWorkDim,
     AccIR_LaunchFieldLocalSize]> {
  let cppNamespace = "::acc::ir";
}

def AccIR_LaunchWordOp : AccIR_Op<"launch_word", [Pure]> {
  let summary = "a field of the launch words of launch convention 1";
  let description = [{
    Not part of the portable IR: `--lower-launch-convention` writes it when
    it rewrites the work-item queries for a GPU-style target, and each
    target then reads the field from where its format carries the words
    (a trailing kernel argument, push constants, a uniform block, a kernel
    parameter; acc/acc_launch.h). `global_offset` and `global_size` are the
    launch's, `group_offset` the group id of the dispatch's first group,
    `local_size` the size of a whole group; `dimension` is ignored for
    `work_dim`.
  }];
  let arguments = (ins AccIR_LaunchField:$field, AccIR_Dimension:$dimension);
  let results = (outs Index:$result);
  let assemblyFormat = "$field $dimension attr-dict";
  let builders = [
    OpBuilder<(ins "::acc::ir::LaunchField":$field,
                   "::acc::ir::Dimension":$dimension), [{
      build($_builder, $_state, $_builder.getIndexType(), field, dimension);
    }]>
  ];
}

//===----------------------------------------------------------------------===//
// Memory fences
//===----------------------------------------------------------------------===//

def AccIR_MemFenceOp : AccIR_Op<"mem_fence"> {
  let summary = "mem_fence(flags): orders this work-item's memory accesses";
  let description = [{
    `flags` is OpenCL's cl_mem_fence_flags: CLK_LOCAL_MEM_FENCE (1),
    CLK_GLOBAL_MEM_FENCE (2) or both; `scope` says which work-items observe
    the order (OpenCL 1.2's fences: the work-group).
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntMinValue<1>, IntMaxValue<3>]>:$flags,
                       DefaultValuedAttr<AccIR_MemoryScope,
                           "::acc::ir::MemoryScope::work_group">:$scope);
  let assemblyFormat = "$flags (`scope` `(` $scope^ `)`)? attr-dict";
}

//===----------------------------------------------------------------------===//
// Builtins
//===----------------------------------------------------------------------===//

def AccIR_BuiltinOp : AccIR_Op<"builtin", [Pure]> {
  let summary = "an OpenCL builtin that each target lowers its own way";
  let description = [{
    Computes OpenCL C's builtin `builtin` element-wise. The cpu target calls
    libm or an expansion, opencl-c prints the OpenCL builtin of the same
    name, spirv-cl calls OpenCL.std's instruction, spirv-vk computes it
    from arithmetic (acc::expandMath) or refuses it.
    The operand and result shapes are fixed per builtin (see AccOps.td).
  }];
  let arguments = (ins AccIR_Builtin:$builtin, Variadic<AnyType>:$args);
  let results = (outs AnyType:$result);
  let assemblyFormat =
      "$builtin `(` $args `)` attr-dict `:` functional-type($args, $result)";
  let hasVerifier = 1;
}

#endif // ACC_DIALECT_ACC_ACCOPS_TD
