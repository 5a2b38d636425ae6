//===- CGCall.cpp - Calls and memory builtins to portable kernel IR -------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Calls to helper functions are inlined while emitting (OpenCL C has no
// recursion and no function pointers, so this always terminates). Builtins
// that need the AST or the memory model are here: work-item functions,
// barriers and fences, vloadN/vstoreN and the half variants, atomics, the
// math functions with pointer outputs, printf. Every other builtin goes to
// Builtins.cpp, which works on values only.
//
//===----------------------------------------------------------------------===//

#include "Builtins.h"
#include "CodeGenImpl.h"

#include "acc/Dialect/Acc/AccDialect.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace acc {
namespace cg {

RValue KernelCodeGen::emitCall(const cl::CallExpr *expr) {
  const cl::FunctionDecl *callee = expr->getDirectCallee();
  Location l = loc(expr->getBeginLoc());
  if (!callee) {
    unsupported(expr->getBeginLoc(), "calls through function pointers",
                " (OpenCL C forbids them); call the function directly");
    return RValue::get(placeholder(expr->getType(), l));
  }
  if (const cl::FunctionDecl *def = callee->getDefinition())
    return emitInlinedCall(expr, def);
  bool handled = false;
  RValue r = emitBuiltinCall(expr, callee, handled);
  if (handled)
    return r;
  std::string name = callee->getNameAsString();
  if (callee->isImplicit() || callee->hasAttr<cl::OverloadableAttr>())
    unsupported(expr->getBeginLoc(), "the builtin '" + name + "'",
                " yet (see docs/kernel-language.md for what is supported)");
  else
    error(expr->getBeginLoc(),
          "function '" + name +
              "' is declared but not defined; acc compiles a kernel program "
              "from one translation unit, so define it in this file or a "
              "header it includes");
  return isAggregate(expr->getType()) ? RValue{}
                                      : RValue::get(placeholder(expr->getType(), l));
}

RValue KernelCodeGen::emitInlinedCall(const cl::CallExpr *expr,
                                      const cl::FunctionDecl *callee) {
  Location l = loc(expr->getBeginLoc());
  cl::QualType retType = callee->getReturnType();
  auto fail = [&]() {
    return isAggregate(retType) || retType->isVoidType()
               ? RValue{}
               : RValue::get(placeholder(expr->getType(), l));
  };
  for (const FunctionScope &scope : functionStack) {
    if (scope.decl == callee) {
      unsupported(expr->getBeginLoc(), "recursion",
                  " (OpenCL C forbids it); rewrite the function as a loop");
      return fail();
    }
  }
  if (callee->hasAttr<cl::DeviceKernelAttr>()) {
    unsupported(expr->getBeginLoc(), "calling a kernel from a kernel",
                "; move the shared code into a helper function");
    return fail();
  }
  if (retType->isPointerType()) {
    unsupported(expr->getBeginLoc(), "a function returning a pointer",
                " yet; return an index instead");
    return {};
  }
  collectAddressTaken(callee->getBody());
  planPointerChoices(callee);
  // Evaluate the arguments in the caller, then bind them to fresh variables.
  llvm::SmallVector<RValue> args;
  for (const cl::Expr *arg : expr->arguments())
    args.push_back(emitExpr(arg));

  Address retSlot;
  if (!retType->isVoidType()) {
    if (isAggregate(retType)) {
      retSlot = allocaObject(retType, l, expr->getBeginLoc());
    } else if (Type rt = convertValueType(retType)) {
      retSlot = Address{allocaSlot(rt, l), indexConst(0, l)};
    } else {
      unsupported(expr->getBeginLoc(),
                  "a function returning " + describeType(retType));
      return fail();
    }
    if (!retSlot)
      return fail();
  }
  for (auto [i, param] : llvm::enumerate(callee->parameters())) {
    if (i >= args.size())
      break;
    bindVariable(param, &args[i], expr->getArg(i)->getBeginLoc());
  }

  Block *returnBlock = newBlock();
  functionStack.push_back({callee, returnBlock, retSlot});
  auto savedJumps = std::move(jumpStack);
  auto savedSwitches = std::move(switchStack);
  jumpStack.clear();
  switchStack.clear();
  emitStmt(callee->getBody());
  jumpStack = std::move(savedJumps);
  switchStack = std::move(savedSwitches);
  functionStack.pop_back();
  branchTo(returnBlock, l);
  builder.setInsertionPointToStart(returnBlock);
  if (!retSlot)
    return {};
  if (isAggregate(retType))
    return RValue::getAgg(retSlot);
  return RValue::get(loadValue(retSlot, retType, l));
}

Value KernelCodeGen::emitWorkItemQuery(llvm::StringRef name,
                                       const cl::Expr *dimExpr, Location l) {
  Type i64 = builder.getI64Type();
  // Value for a dimension index outside 0..2 (OpenCL 1.2 section 6.12.1).
  int64_t outOfRange = (name == "get_global_size" || name == "get_local_size" ||
                        name == "get_num_groups")
                           ? 1
                           : 0;
  auto emitDim = [&](gpu::Dimension d) -> Value {
    const auto dim = static_cast<ir::Dimension>(d);
    Value v;
    if (name == "get_local_id")
      v = gpu::ThreadIdOp::create(builder, l, d);
    else if (name == "get_group_id")
      v = gpu::BlockIdOp::create(builder, l, d);
    else if (name == "get_local_size")
      v = gpu::BlockDimOp::create(builder, l, d);
    else if (name == "get_num_groups")
      v = gpu::GridDimOp::create(builder, l, d);
    else if (name == "get_global_id") {
      Value id = gpu::GlobalIdOp::create(builder, l, d);
      v = arith::AddIOp::create(builder, l, id,
                                ir::GlobalOffsetOp::create(builder, l, dim));
    } else if (name == "get_global_size")
      v = ir::GlobalSizeOp::create(builder, l, dim);
    else
      v = ir::GlobalOffsetOp::create(builder, l, dim);
    return arith::IndexCastUIOp::create(builder, l, i64, v);
  };

  if (std::optional<llvm::APSInt> c = dimExpr->getIntegerConstantExpr(ast)) {
    uint64_t d = c->getZExtValue();
    if (d > 2)
      return intConst(i64, outOfRange, l);
    return emitDim(static_cast<gpu::Dimension>(d));
  }
  // A dimension known only at run time: select among the three.
  Value dim = emitValue(dimExpr);
  Value result = intConst(i64, outOfRange, l);
  for (int d = 2; d >= 0; --d) {
    Value here = emitDim(static_cast<gpu::Dimension>(d));
    Value is = arith::CmpIOp::create(builder, l, arith::CmpIPredicate::eq, dim,
                                     intConst(dim.getType(), d, l));
    result = arith::SelectOp::create(builder, l, is, here, result);
  }
  return result;
}

namespace {
/// "vload4" -> 4, "vstore_half8_rte" -> 8, "vload_half" -> 1.
int64_t vectorWidthIn(llvm::StringRef name) {
  size_t i = name.find_first_of("0123456789");
  if (i == llvm::StringRef::npos)
    return 1;
  int64_t n = 0;
  name.substr(i).consumeInteger(10, n);
  return n;
}
} // namespace

RValue KernelCodeGen::emitMemoryBuiltin(const cl::CallExpr *expr,
                                        llvm::StringRef name, bool &handled) {
  Location l = loc(expr->getBeginLoc());
  cl::QualType type = expr->getType();
  handled = true;
  bool isLoad = name.starts_with("vload");
  bool isStore = name.starts_with("vstore");
  if (isLoad || isStore) {
    bool half = name.contains("_half");
    bool aligned = name.starts_with("vloada") || name.starts_with("vstorea");
    int64_t n = vectorWidthIn(name);
    const cl::Expr *ptrArg = expr->getArg(isLoad ? 1 : 2);
    const cl::Expr *offArg = expr->getArg(isLoad ? 0 : 1);
    cl::QualType elem = ptrArg->getType()->getPointeeType();
    Address p = emitPointer(ptrArg);
    Value off = emitValue(offArg);
    Value data = isStore ? emitValue(expr->getArg(0)) : Value();
    if (!p)
      return isLoad ? RValue::get(placeholder(type, l)) : RValue{};
    int64_t stride = pointerStride(elem, p, ptrArg->getBeginLoc());
    if (stride <= 0)
      return isLoad ? RValue::get(placeholder(type, l)) : RValue{};
    // vloadN reads N elements at p + offset * N; the aligned half variants
    // step by 4 for N == 3.
    int64_t step = (aligned && n == 3) ? 4 : n;
    Value at = arith::MulIOp::create(builder, l, castIndex(off, offArg->getType(), l),
                                     indexConst(step * stride, l));
    Address a = offsetAddress(p, at, l);
    Type elemType = convertScalarType(elem);
    Type memElem = half ? builder.getF16Type() : elemType;
    if (a.unit() != memElem && !half) {
      // Loads through loadValue handle mixed units; keep it simple.
    }
    auto laneAt = [&](int64_t i) {
      return arith::AddIOp::create(builder, l, a.index, indexConst(i * stride, l));
    };
    if (isLoad) {
      llvm::SmallVector<Value, 16> lanes;
      for (int64_t i = 0; i < n; ++i) {
        Value v = loadScalarAt(a.base, laneAt(i), memElem, l);
        if (half)
          v = arith::ExtFOp::create(builder, l, builder.getF32Type(), v);
        lanes.push_back(v);
      }
      if (n == 1)
        return RValue::get(lanes[0]);
      return RValue::get(vector::FromElementsOp::create(
          builder, l, llvm::cast<VectorType>(convertValueType(type)), lanes));
    }
    std::optional<arith::RoundingMode> mode;
    if (name.ends_with("_rtz"))
      mode = arith::RoundingMode::toward_zero;
    else if (name.ends_with("_rtp"))
      mode = arith::RoundingMode::upward;
    else if (name.ends_with("_rtn"))
      mode = arith::RoundingMode::downward;
    for (int64_t i = 0; i < n; ++i) {
      Value v = n == 1 && !llvm::isa<VectorType>(data.getType())
                    ? data
                    : (Value)vector::ExtractOp::create(builder, l, data, i);
      if (half) {
        arith::RoundingModeAttr attr;
        if (mode)
          attr = arith::RoundingModeAttr::get(&context, *mode);
        v = arith::TruncFOp::create(builder, l, builder.getF16Type(), v, attr,
                                    arith::FastMathFlagsAttr());
      }
      storeScalarAt(a.base, laneAt(i), v, l);
    }
    return {};
  }
  if (name.starts_with("atomic_") || name.starts_with("atom_")) {
    llvm::StringRef op = name.drop_front(name.starts_with("atomic_") ? 7 : 5);
    return emitAtomic(expr, op);
  }
  if (name == "fract" || name == "modf" || name == "sincos" ||
      name == "frexp" || name == "lgamma_r" || name == "remquo") {
    // Two results: the value, and one stored through the last argument
    // (Builtins.h computes both).
    unsigned last = expr->getNumArgs() - 1;
    Value x = emitValue(expr->getArg(0));
    Value y = name == "remquo" ? emitValue(expr->getArg(1)) : Value();
    const cl::Expr *outArg = expr->getArg(last);
    cl::QualType outType = outArg->getType()->getPointeeType();
    Address out = emitPointer(outArg);
    Type outValue = convertValueType(outType);
    std::pair<Value, Value> r;
    if (name == "fract")
      r = emitFract(builder, l, x);
    else if (name == "modf")
      r = emitModf(builder, l, x);
    else if (name == "sincos")
      r = emitSincos(builder, l, x);
    else if (name == "frexp")
      r = emitFrexp(builder, l, x, outValue);
    else if (name == "lgamma_r")
      r = emitLgammaR(builder, l, gpuModule, x, outValue);
    else
      r = emitRemquo(builder, l, gpuModule, x, y, outValue);
    if (out)
      storeValue(out, outType, r.second, l);
    return RValue::get(r.first);
  }
  handled = false;
  return {};
}

RValue KernelCodeGen::emitAsyncCopy(const cl::CallExpr *expr, bool strided) {
  // OpenCL runs the copy "by all work-items of the group": each work-item
  // copies elements lid, lid + group size, ... (lid linear in the group),
  // and wait_group_events() is the barrier that makes them visible.
  Location l = loc(expr->getBeginLoc());
  const cl::Expr *dstArg = expr->getArg(0), *srcArg = expr->getArg(1);
  cl::QualType elem = dstArg->getType()->getPointeeType();
  Address dst = emitPointer(dstArg), src = emitPointer(srcArg);
  Value count = castIndex(emitValue(expr->getArg(2)), expr->getArg(2)->getType(), l);
  Value stride = strided ? castIndex(emitValue(expr->getArg(3)),
                                     expr->getArg(3)->getType(), l)
                         : Value();
  Value event = emitValue(expr->getArg(strided ? 4 : 3));
  if (!dst || !src)
    return RValue::get(event);
  int64_t dstStep = pointerStride(elem, dst, dstArg->getBeginLoc());
  int64_t srcStep = pointerStride(elem, src, srcArg->getBeginLoc());
  if (dstStep <= 0 || srcStep <= 0)
    return RValue::get(event);
  bool toLocal = elem.getAddressSpace() == cl::LangAS::opencl_local;

  Type idx = builder.getIndexType();
  Value lid[3], size[3];
  for (int d = 0; d < 3; ++d) {
    lid[d] = gpu::ThreadIdOp::create(builder, l, static_cast<gpu::Dimension>(d));
    size[d] = gpu::BlockDimOp::create(builder, l, static_cast<gpu::Dimension>(d));
  }
  Value linear = arith::AddIOp::create(
      builder, l, lid[0],
      arith::MulIOp::create(
          builder, l, size[0],
          arith::AddIOp::create(builder, l, lid[1],
                                arith::MulIOp::create(builder, l, size[1], lid[2]))));
  Value groupSize = arith::MulIOp::create(
      builder, l, size[0], arith::MulIOp::create(builder, l, size[1], size[2]));

  Block *cond = newBlock();
  Value k = cond->addArgument(idx, l);
  Block *body = newBlock(), *end = newBlock();
  cf::BranchOp::create(builder, l, cond, ValueRange{linear});
  builder.setInsertionPointToStart(cond);
  Value more = arith::CmpIOp::create(builder, l, arith::CmpIPredicate::ult, k, count);
  cf::CondBranchOp::create(builder, l, more, body, ValueRange{}, end, ValueRange{});
  builder.setInsertionPointToStart(body);
  // The strided side is the global one.
  Value dstIndex = k, srcIndex = k;
  if (strided) {
    Value far = arith::MulIOp::create(builder, l, k, stride);
    (toLocal ? srcIndex : dstIndex) = far;
  }
  auto at = [&](Address a, Value i, int64_t step) {
    return offsetAddress(a, arith::MulIOp::create(builder, l, i, indexConst(step, l)), l);
  };
  if (isAggregate(elem))
    copyObject(at(dst, dstIndex, dstStep), at(src, srcIndex, srcStep), elem, l,
               expr->getBeginLoc());
  else
    storeValue(at(dst, dstIndex, dstStep), elem,
               loadValue(at(src, srcIndex, srcStep), elem, l), l);
  Value next = arith::AddIOp::create(builder, l, k, groupSize);
  cf::BranchOp::create(builder, l, cond, ValueRange{next});
  builder.setInsertionPointToStart(end);
  return RValue::get(event);
}

RValue KernelCodeGen::emitAtomic(const cl::CallExpr *expr, llvm::StringRef op) {
  Location l = loc(expr->getBeginLoc());
  const cl::Expr *ptrArg = expr->getArg(0);
  cl::QualType pointee = ptrArg->getType()->getPointeeType();
  cl::QualType type = expr->getType();
  Address p = emitPointer(ptrArg);
  if (!p)
    return RValue::get(placeholder(type, l));
  Type t = convertScalarType(pointee);
  if (!t || p.unit() != t) {
    unsupported(expr->getBeginLoc(),
                "an atomic operation on memory laid out in other units",
                "; make the atomic counter a buffer or array of its own type");
    return RValue::get(placeholder(type, l));
  }
  if (t.getIntOrFloatBitWidth() == 64)
    usesInt64Atomics = true;
  bool sgn = isSigned(pointee);
  ValueRange idx{p.index};
  if (op == "cmpxchg") {
    Value cmp = emitValue(expr->getArg(1));
    Value val = emitValue(expr->getArg(2));
    auto rmw = memref::GenericAtomicRMWOp::create(builder, l, p.base, idx);
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(rmw.getBody());
    Value cur = rmw.getCurrentValue();
    Value eq = arith::CmpIOp::create(builder, l, arith::CmpIPredicate::eq, cur, cmp);
    Value next = arith::SelectOp::create(builder, l, eq, val, cur);
    memref::AtomicYieldOp::create(builder, l, next);
    return RValue::get(rmw.getResult());
  }
  Value val;
  arith::AtomicRMWKind kind;
  if (op == "inc" || op == "dec") {
    val = intConst(t, op == "inc" ? 1 : -1, l);
    kind = arith::AtomicRMWKind::addi;
  } else {
    val = emitValue(expr->getArg(1));
    if (op == "add") {
      kind = arith::AtomicRMWKind::addi;
    } else if (op == "sub") {
      kind = arith::AtomicRMWKind::addi;
      val = arith::SubIOp::create(builder, l, intConst(t, 0, l), val);
    } else if (op == "xchg") {
      kind = arith::AtomicRMWKind::assign;
    } else if (op == "min") {
      kind = sgn ? arith::AtomicRMWKind::mins : arith::AtomicRMWKind::minu;
    } else if (op == "max") {
      kind = sgn ? arith::AtomicRMWKind::maxs : arith::AtomicRMWKind::maxu;
    } else if (op == "and") {
      kind = arith::AtomicRMWKind::andi;
    } else if (op == "or") {
      kind = arith::AtomicRMWKind::ori;
    } else if (op == "xor") {
      kind = arith::AtomicRMWKind::xori;
    } else {
      unsupported(expr->getBeginLoc(), "the atomic operation '" + op.str() + "'");
      return RValue::get(placeholder(type, l));
    }
  }
  if (llvm::isa<FloatType>(t) && kind != arith::AtomicRMWKind::assign) {
    unsupported(expr->getBeginLoc(), "this atomic operation on a float");
    return RValue::get(placeholder(type, l));
  }
  return RValue::get(
      memref::AtomicRMWOp::create(builder, l, kind, val, p.base, idx));
}

namespace {
/// The byte ranges of a printf format's conversions, in order ("%%" is not
/// one).
llvm::SmallVector<std::pair<size_t, size_t>>
formatConversions(llvm::StringRef format) {
  llvm::SmallVector<std::pair<size_t, size_t>> out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%')
      continue;
    if (i + 1 < format.size() && format[i + 1] == '%') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < format.size() && !llvm::StringRef("diouxXfFeEgGaAcsp").contains(format[j]))
      ++j;
    out.push_back({i, std::min(j + 1, format.size())});
    i = j;
  }
  return out;
}
} // namespace

RValue KernelCodeGen::emitPrintf(const cl::CallExpr *expr) {
  Location l = loc(expr->getBeginLoc());
  const auto *fmt =
      llvm::dyn_cast<cl::StringLiteral>(expr->getArg(0)->IgnoreParenImpCasts());
  if (!fmt) {
    unsupported(expr->getArg(0)->getBeginLoc(),
                "a printf format that is not a string literal");
    return RValue::get(intConst(builder.getI32Type(), -1, l));
  }
  // String literal arguments of a plain %s are folded into the format:
  // OpenCL C has no other strings.
  std::string format = fmt->getString().str();
  auto conversions = formatConversions(fmt->getString());
  std::string folded;
  size_t copied = 0;
  llvm::SmallVector<Value> args;
  for (unsigned i = 1; i < expr->getNumArgs(); ++i) {
    const cl::Expr *arg = expr->getArg(i);
    if (const auto *str =
            llvm::dyn_cast<cl::StringLiteral>(arg->IgnoreParenImpCasts())) {
      if (i - 1 < conversions.size() &&
          llvm::StringRef(format).slice(conversions[i - 1].first,
                                        conversions[i - 1].second) == "%s") {
        folded += format.substr(copied, conversions[i - 1].first - copied);
        for (char c : str->getString()) {
          folded += c;
          if (c == '%')
            folded += '%';
        }
        copied = conversions[i - 1].second;
        continue;
      }
      unsupported(arg->getBeginLoc(), "a string argument of printf other "
                                      "than for a plain %s");
      continue;
    }
    if (arg->getType()->isVectorType() && i - 1 < conversions.size()) {
      // %v<N><length><conversion>: each lane printed with the scalar
      // conversion, separated by commas (OpenCL C 1.2 section 6.12.13.2).
      llvm::StringRef conv = llvm::StringRef(format).slice(
          conversions[i - 1].first, conversions[i - 1].second);
      size_t v = conv.find('v');
      Value vec = emitValue(arg);
      auto vt = llvm::dyn_cast<VectorType>(vec.getType());
      if (v == llvm::StringRef::npos || !vt) {
        unsupported(arg->getBeginLoc(), "a vector printf argument without a "
                                        "%v conversion");
        continue;
      }
      llvm::StringRef rest = conv.drop_front(v + 1);
      size_t digits = rest.find_first_not_of("0123456789");
      rest = rest.drop_front(digits);
      // Length: hh (char), h (short), hl (32-bit), l (64-bit) or none (float).
      std::string length;
      if (rest.starts_with("hh"))
        length = "hh", rest = rest.drop_front(2);
      else if (rest.starts_with("hl"))
        rest = rest.drop_front(2);
      else if (rest.starts_with("h"))
        length = "h", rest = rest.drop_front(1);
      else if (rest.starts_with("l"))
        length = "l", rest = rest.drop_front(1);
      std::string scalarConv = conv.slice(0, v).str() + length + rest.str();
      folded += format.substr(copied, conversions[i - 1].first - copied);
      for (int64_t lane = 0; lane < vt.getNumElements(); ++lane) {
        folded += (lane ? "," : "") + scalarConv;
        args.push_back(vector::ExtractOp::create(builder, l, vec, lane));
      }
      copied = conversions[i - 1].second;
      continue;
    }
    if (arg->getType()->isPointerType()) {
      unsupported(arg->getBeginLoc(), "printing a pointer",
                  "; print an index instead");
      continue;
    }
    // C's default promotion turns a float argument into a double; OpenCL
    // printf takes the float itself, so that printing does not make the
    // kernel need fp64.
    if (const auto *cast = llvm::dyn_cast<cl::ImplicitCastExpr>(arg))
      if (cast->getCastKind() == cl::CK_FloatingCast &&
          cast->getSubExpr()->getType()->isSpecificBuiltinType(
              cl::BuiltinType::Float))
        arg = cast->getSubExpr();
    args.push_back(emitValue(arg));
  }
  folded += format.substr(copied);
  gpu::PrintfOp::create(builder, l, folded, args);
  return RValue::get(intConst(builder.getI32Type(), 0, l));
}

RValue KernelCodeGen::emitBuiltinCall(const cl::CallExpr *expr,
                                      const cl::FunctionDecl *callee,
                                      bool &handled) {
  Location l = loc(expr->getBeginLoc());
  std::string name = callee->getNameAsString();
  cl::QualType type = expr->getType();
  handled = true;

  if (name == "get_global_id" || name == "get_local_id" ||
      name == "get_group_id" || name == "get_global_size" ||
      name == "get_local_size" || name == "get_num_groups" ||
      name == "get_global_offset")
    return RValue::get(emitWorkItemQuery(name, expr->getArg(0), l));
  if (name == "get_work_dim") {
    Value dims = ir::WorkDimOp::create(builder, l);
    return RValue::get(
        arith::IndexCastUIOp::create(builder, l, builder.getI32Type(), dims));
  }
  if (name == "barrier" || name == "work_group_barrier") {
    usesBarriers = true;
    gpu::BarrierOp::create(builder, l);
    return {};
  }
  if (name == "mem_fence" || name == "read_mem_fence" ||
      name == "write_mem_fence") {
    // The address spaces a fence orders are part of its instruction on
    // every target, so they must be known here.
    std::optional<llvm::APSInt> flags =
        expr->getArg(0)->getIntegerConstantExpr(ast);
    if (!flags || *flags < 1 || *flags > 3) {
      unsupported(expr->getArg(0)->getBeginLoc(),
                  "fence flags that are not a constant combination of "
                  "CLK_LOCAL_MEM_FENCE and CLK_GLOBAL_MEM_FENCE");
      return {};
    }
    ir::MemFenceOp::create(builder, l,
                           static_cast<int32_t>(flags->getExtValue()),
                           ir::MemoryScope::work_group);
    return {};
  }
  if (name == "printf")
    return emitPrintf(expr);
  if (name == "async_work_group_copy" || name == "async_work_group_strided_copy")
    return emitAsyncCopy(expr, name == "async_work_group_strided_copy");
  if (name == "wait_group_events") {
    // The copies were made by the work-items themselves; waiting for them
    // is making every work-item's share visible to the group.
    usesBarriers = true;
    gpu::BarrierOp::create(builder, l);
    return {};
  }
  if (name == "prefetch")
    return {}; // a hint
  if (name == "shuffle" || name == "shuffle2") {
    // Lane i of the result is lane mask[i] of x (or of x:y), using only the
    // low bits of each mask element.
    bool two = name == "shuffle2";
    Value x = emitValue(expr->getArg(0));
    Value y = two ? emitValue(expr->getArg(1)) : x;
    const cl::Expr *maskExpr = expr->getArg(two ? 2 : 1);
    auto vt = llvm::cast<VectorType>(x.getType());
    int64_t n = vt.getNumElements(), lanes = two ? 2 * n : n;
    auto rt = llvm::cast<VectorType>(convertValueType(type));
    cl::Expr::EvalResult folded;
    if (maskExpr->EvaluateAsRValue(folded, ast) && folded.Val.isVector()) {
      llvm::SmallVector<int64_t, 16> mask;
      for (unsigned i = 0; i < folded.Val.getVectorLength(); ++i) {
        int64_t m = folded.Val.getVectorElt(i).getInt().getZExtValue() % lanes;
        mask.push_back(m < n || !two ? m : m); // x lanes 0..n-1, y lanes n..
      }
      return RValue::get(vector::ShuffleOp::create(builder, l, rt, x, y, mask));
    }
    Value mask = emitValue(maskExpr);
    Type mt = getElementTypeOrSelf(mask.getType());
    llvm::SmallVector<Value, 16> out;
    for (int64_t i = 0; i < rt.getNumElements(); ++i) {
      Value m = vector::ExtractOp::create(builder, l, mask, i);
      m = arith::AndIOp::create(builder, l, m, intConst(mt, lanes - 1, l));
      Value r = vector::ExtractOp::create(builder, l, x, 0);
      for (int64_t j = 1; j < lanes; ++j) {
        Value lane = vector::ExtractOp::create(builder, l, j < n ? x : y, j % n);
        Value is = arith::CmpIOp::create(builder, l, arith::CmpIPredicate::eq, m,
                                         intConst(mt, j, l));
        r = arith::SelectOp::create(builder, l, is, lane, r);
      }
      out.push_back(r);
    }
    return RValue::get(vector::FromElementsOp::create(builder, l, rt, out));
  }
  RValue memory = emitMemoryBuiltin(expr, name, handled);
  if (handled)
    return memory;
  handled = true;

  // Builtins on values: Builtins.cpp. Sema has already converted each
  // argument to the selected overload's parameter type.
  llvm::SmallVector<BuiltinOperand, 3> operands;
  for (const cl::Expr *arg : expr->arguments()) {
    if (!convertValueType(arg->getType())) {
      unsupported(arg->getBeginLoc(),
                  "'" + name + "' with an argument of " +
                      describeType(arg->getType()));
      return RValue::get(placeholder(type, l));
    }
    operands.push_back({emitValue(arg), isSigned(arg->getType())});
  }
  BuiltinResult want{type->isVoidType() ? Type() : convertValueType(type),
                     isSigned(type)};
  BuiltinEmission r =
      emitValueBuiltin(builder, l, gpuModule, name, operands, want);
  if (r.status == BuiltinStatus::Emitted)
    return RValue::get(r.value);
  if (r.status == BuiltinStatus::Refused) {
    error(expr->getBeginLoc(), r.message);
    return RValue::get(placeholder(type, l));
  }
  handled = false;
  return {};
}

} // namespace cg
} // namespace acc
