//===- CGStmt.cpp - Statements to portable kernel IR ----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Statements become an unstructured control-flow graph (`cf` branches
// between blocks), like Clang's own CodeGen; the target pipelines
// structure it where they need to. Declarations give every variable its
// storage (CodeGenImpl.h).
//
//===----------------------------------------------------------------------===//

#include "CodeGenImpl.h"

using namespace mlir;

namespace acc {
namespace cg {

void KernelCodeGen::emitStmt(const cl::Stmt *stmt) {
  if (!stmt)
    return;
  if (const auto *e = llvm::dyn_cast<cl::Expr>(stmt)) {
    emitExpr(e);
    return;
  }
  switch (stmt->getStmtClass()) {
  case cl::Stmt::CompoundStmtClass:
    for (const cl::Stmt *s : llvm::cast<cl::CompoundStmt>(stmt)->body())
      emitStmt(s);
    return;
  case cl::Stmt::DeclStmtClass:
    for (const cl::Decl *d : llvm::cast<cl::DeclStmt>(stmt)->decls())
      emitDecl(d);
    return;
  case cl::Stmt::NullStmtClass:
    return;
  case cl::Stmt::IfStmtClass:
    return emitIf(llvm::cast<cl::IfStmt>(stmt));
  case cl::Stmt::WhileStmtClass:
    return emitWhile(llvm::cast<cl::WhileStmt>(stmt));
  case cl::Stmt::DoStmtClass:
    return emitDo(llvm::cast<cl::DoStmt>(stmt));
  case cl::Stmt::ForStmtClass:
    return emitFor(llvm::cast<cl::ForStmt>(stmt));
  case cl::Stmt::ReturnStmtClass:
    return emitReturn(llvm::cast<cl::ReturnStmt>(stmt));
  case cl::Stmt::BreakStmtClass:
    return emitBreakOrContinue(stmt, /*isBreak=*/true);
  case cl::Stmt::ContinueStmtClass:
    return emitBreakOrContinue(stmt, /*isBreak=*/false);
  case cl::Stmt::SwitchStmtClass:
    return emitSwitch(llvm::cast<cl::SwitchStmt>(stmt));
  case cl::Stmt::CaseStmtClass:
  case cl::Stmt::DefaultStmtClass: {
    const auto *sc = llvm::cast<cl::SwitchCase>(stmt);
    Block *target = nullptr;
    if (!switchStack.empty()) {
      auto it = switchStack.back().find(sc);
      if (it != switchStack.back().end())
        target = it->second;
    }
    if (target) {
      // Falling into a case label from the case above.
      branchTo(target, loc(stmt->getBeginLoc()));
      builder.setInsertionPointToStart(target);
    }
    return emitStmt(sc->getSubStmt());
  }
  case cl::Stmt::GotoStmtClass:
  case cl::Stmt::IndirectGotoStmtClass:
    return unsupported(stmt->getBeginLoc(), "'goto'",
                       "; use structured control flow (loops with "
                       "break/continue, or a flag)");
  case cl::Stmt::LabelStmtClass:
    unsupported(stmt->getBeginLoc(), "a label",
                "; use structured control flow");
    return emitStmt(llvm::cast<cl::LabelStmt>(stmt)->getSubStmt());
  case cl::Stmt::AttributedStmtClass:
    // Loop hints such as `#pragma unroll` and `__attribute__((opencl_unroll_hint))`
    // are advice; the target pipelines make their own unrolling decisions.
    return emitStmt(llvm::cast<cl::AttributedStmt>(stmt)->getSubStmt());
  default:
    return unsupported(stmt->getBeginLoc(),
                       std::string("the statement '") +
                           stmt->getStmtClassName() + "'");
  }
}

void KernelCodeGen::emitBreakOrContinue(const cl::Stmt *stmt, bool isBreak) {
  Location l = loc(stmt->getBeginLoc());
  Block *target = nullptr;
  if (!jumpStack.empty())
    target = isBreak ? jumpStack.back().breakBlock
                     : jumpStack.back().continueBlock;
  if (!target) {
    unsupported(stmt->getBeginLoc(),
                isBreak ? "'break' here" : "'continue' here");
    return;
  }
  branchTo(target, l);
  startUnreachableBlock();
}

void KernelCodeGen::emitDecl(const cl::Decl *decl) {
  const auto *vd = llvm::dyn_cast<cl::VarDecl>(decl);
  if (!vd) {
    // Declarations that generate no code: local typedefs, enums, structs
    // and unions, and function prototypes (calls resolve to the
    // definition).
    if (llvm::isa<cl::TypedefNameDecl, cl::EnumDecl, cl::FunctionDecl,
                  cl::RecordDecl>(decl))
      return;
    unsupported(decl->getLocation(), "this kind of declaration");
    return;
  }
  bindVariable(vd, nullptr, cl::SourceLocation());
}

void KernelCodeGen::bindVariable(const cl::VarDecl *vd, const RValue *value,
                                 cl::SourceLocation valueLoc) {
  Location l = loc(vd->getLocation());
  cl::QualType type = vd->getType();
  const cl::Expr *init = value ? nullptr : vd->getInit();
  if (type.getAddressSpace() == cl::LangAS::opencl_local) {
    // Clang has checked that it is declared at kernel scope without an
    // initialiser.
    if (functionStack.size() > 1) {
      unsupported(vd->getLocation(), "a 'local' variable in a function other "
                                     "than the kernel",
                  "; declare it in the kernel and pass a pointer");
      return;
    }
    localVariable(vd, l);
    return;
  }
  if (vd->isStaticLocal() || vd->hasGlobalStorage()) {
    if (type.getAddressSpace() == cl::LangAS::opencl_constant) {
      emitProgramScopeVariable(vd);
      return;
    }
    unsupported(vd->getLocation(), "a variable with static storage",
                "; kernels cannot keep state between work-items except in "
                "buffers");
    return;
  }
  if (type->isPointerType()) {
    auto var = std::make_unique<PointerVar>();
    var->offsetSlot = allocaSlot(builder.getIndexType(), l);
    PointerVar *raw = var.get();
    pointerVars[vd] = std::move(var);
    LValue lv;
    lv.kind = LValue::PointerVariable;
    lv.pointerVar = raw;
    if (auto choice = pointerChoices.find(vd); choice != pointerChoices.end())
      startChoice(*raw, *choice->second, vd, l);
    if (value && raw->choice && llvm::isa<cl::ParmVarDecl>(vd) &&
        value->isPtr()) {
      // A parameter of a choice is one of its candidates: its own buffer.
      raw->base = value->ptr.base;
      memref::StoreOp::create(builder, l, value->ptr.index, raw->offsetSlot,
                              ValueRange{indexConst(0, l)});
    } else if (value)
      storeLValue(lv, *value, l, valueLoc);
    else if (init)
      storeLValue(lv, emitExpr(init), l, init->getBeginLoc());
    return;
  }
  if (isAggregate(type)) {
    Address obj = allocaObject(type, l, vd->getLocation());
    objects[vd] = obj;
    if (!obj)
      return;
    if (value && value->isAgg())
      copyObject(obj, value->agg, type, l, valueLoc);
    else if (init)
      emitInitInto(obj, type, init);
    return;
  }
  Type elem = convertValueType(type);
  if (!elem) {
    unsupported(vd->getLocation(), "a variable of " + describeType(type));
    return;
  }
  if (llvm::isa<VectorType>(elem) && addressTaken.count(vd)) {
    // Its lanes are reachable through a pointer: keep them as units.
    Address obj = allocaObject(type, l, vd->getLocation());
    objects[vd] = obj;
    if (obj && value && value->value)
      storeValue(obj, type, value->value, l);
    else if (obj && init)
      emitInitInto(obj, type, init);
    return;
  }
  if (elem.isF16() || getElementTypeOrSelf(elem).isF16()) {
    unsupported(vd->getLocation(), "a variable of " + describeType(type),
                "; 'half' is a storage format in OpenCL C 1.2: load it with "
                "vload_half() into a float");
    return;
  }
  Value slot = allocaSlot(elem, l);
  Address a{slot, indexConst(0, l)};
  objects[vd] = a;
  if (value) {
    if (value->value)
      memref::StoreOp::create(builder, l, value->value, slot,
                              ValueRange{indexConst(0, l)});
  } else if (init) {
    emitInitInto(a, type, init);
  }
}

namespace {

/// The pointer variable or parameter whose buffer a pointer expression
/// points into (through parentheses, casts, + and -, ++ and --, `&p[i]`
/// and assignments), or null.
const cl::VarDecl *pointerSource(const cl::Expr *e) {
  while (e) {
    e = e->IgnoreParenCasts();
    if (const auto *ref = llvm::dyn_cast<cl::DeclRefExpr>(e)) {
      const auto *vd = llvm::dyn_cast<cl::VarDecl>(ref->getDecl());
      return vd && vd->getType()->isPointerType() ? vd : nullptr;
    }
    if (const auto *bin = llvm::dyn_cast<cl::BinaryOperator>(e)) {
      if (!bin->getType()->isPointerType())
        return nullptr;
      if (bin->getOpcode() == cl::BO_Comma)
        e = bin->getRHS();
      else if (bin->isAssignmentOp())
        e = bin->getLHS();
      else
        e = bin->getLHS()->getType()->isPointerType() ? bin->getLHS()
                                                       : bin->getRHS();
      continue;
    }
    if (const auto *un = llvm::dyn_cast<cl::UnaryOperator>(e)) {
      if (un->getOpcode() == cl::UO_AddrOf) {
        const auto *sub = llvm::dyn_cast<cl::ArraySubscriptExpr>(
            un->getSubExpr()->IgnoreParens());
        e = sub ? sub->getBase() : nullptr;
        continue;
      }
      if (un->isIncrementDecrementOp()) {
        e = un->getSubExpr();
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

} // namespace

void KernelCodeGen::planPointerChoices(const cl::FunctionDecl *fd) {
  // Which pointer parameters each pointer variable may point into: the
  // parameters flow along the assignments until nothing changes.
  llvm::DenseMap<const cl::VarDecl *, llvm::SmallVector<const cl::VarDecl *, 2>>
      assignedFrom;
  std::function<void(const cl::VarDecl *, const cl::Expr *)> record =
      [&](const cl::VarDecl *to, const cl::Expr *from) {
        if (const auto *c = llvm::dyn_cast<cl::ConditionalOperator>(
                from->IgnoreParenCasts())) {
          record(to, c->getTrueExpr());
          record(to, c->getFalseExpr());
          return;
        }
        if (const cl::VarDecl *src = pointerSource(from))
          assignedFrom[to].push_back(src);
      };
  std::function<void(const cl::Stmt *)> scan = [&](const cl::Stmt *stmt) {
    if (!stmt)
      return;
    if (const auto *ds = llvm::dyn_cast<cl::DeclStmt>(stmt))
      for (const cl::Decl *d : ds->decls())
        if (const auto *vd = llvm::dyn_cast<cl::VarDecl>(d))
          if (vd->getType()->isPointerType() && vd->getInit())
            record(vd, vd->getInit());
    if (const auto *bin = llvm::dyn_cast<cl::BinaryOperator>(stmt))
      if (bin->getOpcode() == cl::BO_Assign)
        if (const auto *ref =
                llvm::dyn_cast<cl::DeclRefExpr>(bin->getLHS()->IgnoreParens()))
          if (const auto *vd = llvm::dyn_cast<cl::VarDecl>(ref->getDecl()))
            if (vd->getType()->isPointerType())
              record(vd, bin->getRHS());
    for (const cl::Stmt *child : stmt->children())
      scan(child);
  };
  scan(fd->getBody());

  llvm::DenseMap<const cl::VarDecl *, llvm::SmallPtrSet<const cl::ParmVarDecl *, 4>>
      sources;
  for (const cl::ParmVarDecl *param : fd->parameters())
    if (param->getType()->isPointerType())
      sources[param].insert(param);
  for (bool changed = true; changed;) {
    changed = false;
    for (auto &[to, froms] : assignedFrom)
      for (const cl::VarDecl *from : froms) {
        auto it = sources.find(from);
        if (it == sources.end())
          continue;
        llvm::SmallVector<const cl::ParmVarDecl *, 4> add(it->second.begin(),
                                                          it->second.end());
        for (const cl::ParmVarDecl *p : add)
          changed |= sources[to].insert(p).second;
      }
  }
  for (auto &[var, params] : sources) {
    if (params.size() < 2)
      continue;
    pointerChoiceStore.push_back(std::make_unique<PointerChoice>());
    PointerChoice &choice = *pointerChoiceStore.back();
    for (const cl::ParmVarDecl *param : fd->parameters()) // in order
      if (params.contains(param))
        choice.params.push_back(param);
    pointerChoices[var] = &choice;
  }
}

Value KernelCodeGen::parameterSelector(Value base, Location l) {
  const cl::FunctionDecl *fd = functionStack.back().decl;
  for (auto [i, param] : llvm::enumerate(fd->parameters())) {
    auto it = pointerVars.find(param);
    if (it != pointerVars.end() && !it->second->choice &&
        it->second->base == base)
      return intConst(builder.getI32Type(), static_cast<int64_t>(i), l);
  }
  return {};
}

llvm::SmallVector<Value, 4>
KernelCodeGen::choiceBuffers(const PointerChoice &choice,
                             cl::SourceLocation sloc) {
  llvm::SmallVector<Value, 4> buffers;
  if (choice.refused)
    return {};
  for (const cl::ParmVarDecl *param : choice.params) {
    auto it = pointerVars.find(param);
    if (it == pointerVars.end() || !it->second->base)
      return {};
    buffers.push_back(it->second->base);
    if (buffers.back().getType() != buffers.front().getType()) {
      choice.refused = true;
      unsupported(sloc,
                  "a pointer variable that may point into buffers of "
                  "different element types or address spaces",
                  "; use a separate pointer (or an index) per buffer");
      return {};
    }
  }
  return buffers;
}

void KernelCodeGen::collectAddressTaken(const cl::Stmt *stmt) {
  if (!stmt)
    return;
  if (const auto *un = llvm::dyn_cast<cl::UnaryOperator>(stmt))
    if (un->getOpcode() == cl::UO_AddrOf)
      if (const auto *ref =
              llvm::dyn_cast<cl::DeclRefExpr>(un->getSubExpr()->IgnoreParens()))
        if (const auto *vd = llvm::dyn_cast<cl::VarDecl>(ref->getDecl()))
          addressTaken.insert(vd);
  for (const cl::Stmt *child : stmt->children())
    collectAddressTaken(child);
}

void KernelCodeGen::emitIf(const cl::IfStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  if (stmt->getInit() || stmt->getConditionVariable()) {
    unsupported(stmt->getBeginLoc(), "a declaration in an 'if' condition");
    return;
  }
  Value cond = emitCondition(stmt->getCond());
  Block *thenBlock = newBlock();
  Block *endBlock = newBlock();
  Block *elseBlock = stmt->getElse() ? newBlock() : endBlock;
  cf::CondBranchOp::create(builder, l, cond, thenBlock, ValueRange{},
                           elseBlock, ValueRange{});
  builder.setInsertionPointToStart(thenBlock);
  emitStmt(stmt->getThen());
  branchTo(endBlock, l);
  if (stmt->getElse()) {
    builder.setInsertionPointToStart(elseBlock);
    emitStmt(stmt->getElse());
    branchTo(endBlock, l);
  }
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitWhile(const cl::WhileStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  Block *condBlock = newBlock();
  Block *bodyBlock = newBlock();
  Block *endBlock = newBlock();
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(condBlock);
  Value cond = emitCondition(stmt->getCond());
  cf::CondBranchOp::create(builder, l, cond, bodyBlock, ValueRange{}, endBlock,
                           ValueRange{});
  builder.setInsertionPointToStart(bodyBlock);
  jumpStack.push_back({endBlock, condBlock});
  emitStmt(stmt->getBody());
  jumpStack.pop_back();
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitDo(const cl::DoStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  Block *bodyBlock = newBlock();
  Block *condBlock = newBlock();
  Block *endBlock = newBlock();
  branchTo(bodyBlock, l);
  builder.setInsertionPointToStart(bodyBlock);
  jumpStack.push_back({endBlock, condBlock});
  emitStmt(stmt->getBody());
  jumpStack.pop_back();
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(condBlock);
  Value cond = emitCondition(stmt->getCond());
  cf::CondBranchOp::create(builder, l, cond, bodyBlock, ValueRange{}, endBlock,
                           ValueRange{});
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitFor(const cl::ForStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  emitStmt(stmt->getInit());
  Block *condBlock = newBlock();
  Block *bodyBlock = newBlock();
  Block *incBlock = newBlock();
  Block *endBlock = newBlock();
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(condBlock);
  if (stmt->getCond()) {
    Value cond = emitCondition(stmt->getCond());
    cf::CondBranchOp::create(builder, l, cond, bodyBlock, ValueRange{},
                             endBlock, ValueRange{});
  } else {
    cf::BranchOp::create(builder, l, bodyBlock);
  }
  builder.setInsertionPointToStart(bodyBlock);
  jumpStack.push_back({endBlock, incBlock});
  emitStmt(stmt->getBody());
  jumpStack.pop_back();
  branchTo(incBlock, l);
  builder.setInsertionPointToStart(incBlock);
  if (stmt->getInc())
    emitExpr(stmt->getInc());
  branchTo(condBlock, l);
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitSwitch(const cl::SwitchStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  if (stmt->getInit() || stmt->getConditionVariable()) {
    unsupported(stmt->getBeginLoc(),
                "a declaration in a 'switch' condition");
    return;
  }
  Value cond = emitValue(stmt->getCond());
  llvm::SmallVector<const cl::SwitchCase *> cases;
  for (const cl::SwitchCase *sc = stmt->getSwitchCaseList(); sc;
       sc = sc->getNextSwitchCase())
    cases.push_back(sc);
  std::reverse(cases.begin(), cases.end());

  llvm::DenseMap<const cl::SwitchCase *, Block *> blocks;
  Block *endBlock = newBlock();
  Block *defaultBlock = endBlock;
  for (const cl::SwitchCase *sc : cases) {
    Block *b = newBlock();
    blocks[sc] = b;
    if (llvm::isa<cl::DefaultStmt>(sc))
      defaultBlock = b;
  }
  // A chain of comparisons: every target understands it, and LLVM turns
  // it back into a jump table where that pays.
  for (const cl::SwitchCase *sc : cases) {
    const auto *cs = llvm::dyn_cast<cl::CaseStmt>(sc);
    if (!cs)
      continue;
    if (cs->getRHS()) {
      unsupported(cs->getBeginLoc(), "a case range", "; list the cases");
      continue;
    }
    llvm::APSInt v = cs->getLHS()->EvaluateKnownConstInt(ast);
    unsigned width = cond.getType().getIntOrFloatBitWidth();
    llvm::APInt value = v.isSigned() ? v.sextOrTrunc(width) : v.zextOrTrunc(width);
    Value c = arith::ConstantOp::create(
        builder, l, builder.getIntegerAttr(cond.getType(), value));
    Value eq = arith::CmpIOp::create(builder, l, arith::CmpIPredicate::eq,
                                     cond, c);
    Block *next = newBlock();
    cf::CondBranchOp::create(builder, l, eq, blocks[sc], ValueRange{}, next,
                             ValueRange{});
    builder.setInsertionPointToStart(next);
  }
  cf::BranchOp::create(builder, l, defaultBlock);

  Block *continueBlock = jumpStack.empty() ? nullptr : jumpStack.back().continueBlock;
  jumpStack.push_back({endBlock, continueBlock});
  switchStack.push_back(std::move(blocks));
  // Statements before the first label are unreachable.
  startUnreachableBlock();
  emitStmt(stmt->getBody());
  branchTo(endBlock, l);
  switchStack.pop_back();
  jumpStack.pop_back();
  builder.setInsertionPointToStart(endBlock);
}

void KernelCodeGen::emitReturn(const cl::ReturnStmt *stmt) {
  Location l = loc(stmt->getBeginLoc());
  FunctionScope &scope = functionStack.back();
  if (const cl::Expr *value = stmt->getRetValue()) {
    cl::QualType type = value->getType();
    if (type->isPointerType()) {
      unsupported(stmt->getBeginLoc(), "returning a pointer from a function",
                  " yet; return an index instead");
    } else if (scope.returnSlot) {
      emitInitInto(scope.returnSlot, scope.decl->getReturnType(), value);
    } else {
      emitExpr(value);
    }
  }
  branchTo(scope.returnBlock, l);
  startUnreachableBlock();
}

} // namespace cg
} // namespace acc
