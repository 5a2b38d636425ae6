//===- acc-cc.cpp - The acc kernel compiler driver ------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// `acc-cc kernel.cl -o kernel.accbin` compiles an OpenCL C translation unit
// once, for every requested target, into a bundle. Flags follow clang; see
// docs/acc-cc.md.
//
//===----------------------------------------------------------------------===//

#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/Frontend/Frontend.h"
#include "acc/Target/Targets.h"
#include "acc/Target/Registry.h"
#include "acc/Transforms/PortableTransforms.h"
#include "acc/Transforms/Passes.h"

#include "acc/bundle/Bundle.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Option/Option.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>

using namespace llvm;

#ifndef ACC_VERSION
#define ACC_VERSION "0.0.0"
#endif

using namespace llvm::opt;

namespace {

enum ID {
  OPT_INVALID = 0,
#define OPTION(...) LLVM_MAKE_OPT_ID(__VA_ARGS__),
#include "Options.inc"
#undef OPTION
};

#define OPTTABLE_STR_TABLE_CODE
#include "Options.inc"
#undef OPTTABLE_STR_TABLE_CODE

#define OPTTABLE_PREFIXES_TABLE_CODE
#include "Options.inc"
#undef OPTTABLE_PREFIXES_TABLE_CODE

constexpr opt::OptTable::Info kInfoTable[] = {
#define OPTION(...) LLVM_CONSTRUCT_OPT_INFO(__VA_ARGS__),
#include "Options.inc"
#undef OPTION
};

class AccOptTable : public opt::GenericOptTable {
public:
  AccOptTable()
      : GenericOptTable(OptionStrTable, OptionPrefixesTable, kInfoTable) {}
};

int fail(const Twine &message) {
  WithColor::error(errs(), "acc-cc") << message << "\n";
  return 1;
}

std::string knownTargetList() {
  std::string s;
  for (const acc::Target &t : acc::targetRegistry())
    s += (s.empty() ? "" : ", ") + std::string(t.name);
  return s;
}

/// The EmitStage of an --emit value other than `ast`, or 0.
unsigned emitStage(StringRef emit) {
  return StringSwitch<unsigned>(emit)
      .Case("mlir", acc::kEmitMLIR)
      .Case("llvm", acc::kEmitLLVM)
      .Case("opencl-c", acc::kEmitOpenCLC)
      .Case("spirv", acc::kEmitSPIRV)
      .Case("glsl", acc::kEmitGLSL)
      .Default(0);
}

/// The stage names of an EmitStage mask.
std::string stageNames(unsigned stages) {
  std::string s;
  for (StringRef name : {"mlir", "llvm", "opencl-c", "spirv", "glsl"})
    if (stages & emitStage(name))
      s += (s.empty() ? "" : ", ") + name.str();
  return s;
}

/// Writes `data` to `path` through a temporary file and a rename, so a
/// failed or interrupted compile never leaves a half-written output.
bool writeFileAtomically(StringRef path, StringRef data, std::string &error) {
  if (path == "-") {
    outs() << data;
    outs().flush();
    return true;
  }
  SmallString<256> temp(path);
  temp += ".tmp-%%%%%%";
  int fd;
  SmallString<256> tempPath;
  if (std::error_code ec = sys::fs::createUniqueFile(temp, fd, tempPath)) {
    error = "cannot create '" + tempPath.str().str() + "': " + ec.message();
    return false;
  }
  {
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << data;
    os.close();
    if (os.has_error()) {
      error = "cannot write '" + tempPath.str().str() + "': " +
              os.error().message();
      os.clear_error();
      sys::fs::remove(tempPath);
      return false;
    }
  }
  if (std::error_code ec = sys::fs::rename(tempPath, path)) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    sys::fs::remove(tempPath);
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  AccOptTable table;
  unsigned missingIndex = 0, missingCount = 0;
  opt::InputArgList args =
      table.ParseArgs(ArrayRef(argv + 1, argc - 1), missingIndex, missingCount);
  if (missingCount)
    return fail(Twine("argument to '") + args.getArgString(missingIndex) +
                "' is missing (expected " + Twine(missingCount) + " value)");
  for (const opt::Arg *a : args.filtered(OPT_UNKNOWN))
    return fail(Twine("unknown argument: '") + a->getAsString(args) + "'");

  if (args.hasArg(OPT_help)) {
    table.printHelp(outs(), "acc-cc [options] <kernel.cl>",
                    "acc-cc: compile OpenCL C kernels once for every backend");
    return 0;
  }
  if (args.hasArg(OPT_version)) {
    outs() << "acc-cc version " << ACC_VERSION << " (LLVM " LLVM_VERSION_STRING
           << ")\n";
    return 0;
  }
  if (args.hasArg(OPT_list_targets)) {
    for (const acc::Target &t : acc::targetRegistry()) {
      outs() << format("  %-10s %-13s %s\n", t.name,
                       t.available() ? "available" : "not yet built",
                       t.description);
      // What the registry says its code cannot hold (acc-cc leaves such
      // kernels out of the target's code, with the reason).
      acc_kernel_flags_t lacks = 0;
      for (const acc::Target &other : acc::targetRegistry())
        lacks |= other.features;
      lacks &= ~t.features;
      if (lacks)
        outs() << format("  %-10s %-13s cannot express: %s\n", "", "",
                         acc::describeTargetFeatures(lacks).c_str());
    }
    return 0;
  }
  if (args.hasArg(OPT_c) || args.hasArg(OPT_header_EQ))
    return fail("-c and --header are not available in this version of acc-cc; "
                "write a bundle with -o and load it with "
                "acc_module_load_file()");

  std::vector<std::string> inputs = args.getAllArgValues(OPT_INPUT);
  if (inputs.empty())
    return fail("no input files");
  if (inputs.size() > 1)
    return fail("acc-cc compiles one translation unit at a time; got " +
                Twine(inputs.size()) + " input files");
  const std::string &input = inputs.front();
  if (!sys::fs::exists(input))
    return fail("no such file or directory: '" + input + "'");

  unsigned optLevel = 2;
  if (const opt::Arg *a = args.getLastArg(OPT_O)) {
    StringRef v = a->getValue();
    if (v.empty())
      optLevel = 1;
    else if (v == "s" || v == "z")
      optLevel = 2;
    else if (v == "fast")
      optLevel = 3;
    else if (v.getAsInteger(10, optLevel) || optLevel > 3)
      return fail("invalid optimisation level '-O" + v + "' (expected -O0 to -O3)");
  }

  // Targets, from the registry (acc/Target/Registry.h).
  std::vector<const acc::Target *> targets;
  if (const opt::Arg *a = args.getLastArg(OPT_targets_EQ)) {
    SmallVector<StringRef> names;
    StringRef(a->getValue()).split(names, ',', -1, false);
    if (names.empty())
      return fail("--targets= needs at least one target (known: " +
                  knownTargetList() + ")");
    for (StringRef n : names) {
      const acc::Target *t = acc::findTarget(n.trim());
      if (!t)
        return fail("unknown target '" + n + "' in --targets (known: " +
                    knownTargetList() + ")");
      if (!t->available())
        return fail("target '" + n + "' is not available in this build of "
                    "acc-cc yet; see --list-targets");
      if (llvm::find(targets, t) == targets.end())
        targets.push_back(t);
    }
  } else {
    for (const acc::Target &t : acc::targetRegistry())
      if (t.available() && t.inDefaultSet)
        targets.push_back(&t);
  }

  StringRef emit = args.getLastArgValue(OPT_emit_EQ);
  StringRef emitTargetName = args.getLastArgValue(OPT_target_EQ);
  const unsigned stage = emitStage(emit);
  if (!emit.empty() && emit != "ast" && !stage) {
    if (emit == "ptx" || emit == "amdgcn" || emit == "glsl")
      return fail("--emit=" + emit + " needs a target that is not available "
                  "in this build of acc-cc yet; see --list-targets");
    return fail("unknown --emit stage '" + emit +
                "' (expected ast, mlir, llvm, opencl-c, spirv or glsl)");
  }
  const acc::Target *emitTarget = nullptr;
  if (!emitTargetName.empty()) {
    emitTarget = acc::findTarget(emitTargetName);
    if (!emitTarget)
      return fail("unknown target '" + emitTargetName + "' (known: " +
                  knownTargetList() + ")");
    if (!emitTarget->available())
      return fail("target '" + emitTargetName + "' is not available in this "
                  "build of acc-cc yet; see --list-targets");
    if (stage && !(emitTarget->stages & stage))
      return fail("--emit=" + emit + " is not a stage of target '" +
                  emitTargetName + "' (its stages: " +
                  stageNames(emitTarget->stages) + ")");
  } else if (stage && stage != acc::kEmitMLIR) {
    // The first target that has the stage: llvm is the cpu target's,
    // opencl-c opencl-c's, spirv spirv-cl's.
    for (const acc::Target &t : acc::targetRegistry())
      if (t.available() && (t.stages & stage)) {
        emitTarget = &t;
        break;
      }
  }

  std::string output = args.getLastArgValue(OPT_o).str();
  if (output.empty()) {
    if (!emit.empty()) {
      output = "-";
    } else {
      SmallString<256> p(sys::path::filename(input));
      sys::path::replace_extension(p, "accbin");
      output = p.str().str();
    }
  }
  // Like LLVM's tools with bitcode, never print a binary to a terminal.
  if (emit == "spirv" && output == "-" &&
      sys::Process::StandardOutIsDisplayed())
    return fail("refusing to write binary SPIR-V to a terminal; write it to a "
                "file with -o <file>, or pipe it into a tool such as "
                "spirv-dis");

  acc::FrontendOptions feOptions;
  feOptions.inputFile = input;
  feOptions.includeDirs = args.getAllArgValues(OPT_I);
  for (const opt::Arg *a : args.filtered(OPT_D, OPT_U)) {
    std::string v = a->getValue();
    feOptions.macroDefinitions.push_back(
        a->getOption().matches(OPT_U) ? "-" + v : v);
  }
  feOptions.dumpAST = emit == "ast";
  feOptions.colorDiagnostics =
      args.hasFlag(OPT_fcolor_diagnostics, OPT_fno_color_diagnostics,
                   sys::Process::StandardErrHasColors());
  if (args.hasArg(OPT_MD) || args.hasArg(OPT_MF)) {
    std::string depFile = args.getLastArgValue(OPT_MF).str();
    if (depFile.empty()) {
      SmallString<256> p(output == "-" ? sys::path::filename(input) : output);
      sys::path::replace_extension(p, "d");
      depFile = p.str().str();
    }
    feOptions.dependencyFile = depFile;
    feOptions.dependencyTarget = args.getLastArgValue(OPT_MT, output).str();
  }

  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  acc::registerPortableIRDialects(context);
  acc::FrontendResult fe;
  if (!acc::runFrontend(feOptions, context, fe))
    return 1;
  if (feOptions.dumpAST)
    return 0;

  if (mlir::failed(acc::runPortablePipeline(*fe.module)))
    return fail("internal error: the portable IR pipeline failed");
  {
    // The contract every target pipeline relies on (docs/portable-ir.md).
    mlir::PassManager pm(&context);
    pm.addPass(acc::createVerifyPortableIR());
    // Its errors as a compiler's: file:line:col: error: message.
    mlir::ScopedDiagnosticHandler diagnostics(&context, [](mlir::Diagnostic &d) {
      if (auto fl = d.getLocation()->findInstanceOf<mlir::FileLineColLoc>())
        llvm::errs() << fl.getFilename().getValue() << ":" << fl.getLine()
                     << ":" << fl.getColumn() << ": ";
      llvm::errs() << "error: " << d.str() << "\n";
      return mlir::success();
    });
    if (mlir::failed(pm.run(*fe.module)))
      return fail("internal error: the front end produced IR outside the "
                  "portable IR (see the error above); please report it with "
                  "the kernel");
  }
  acc::annotateKernelFeatures(*fe.module);

  acc::TargetOptions options;
  options.cpu.optLevel = optLevel;
  options.cpu.softMath = args.hasArg(OPT_fsoft_math);
  options.cpuFamilies = acc::availableCPUFamilies();
  std::string error;

  if (emit == "mlir" || (stage && emitTarget)) {
    std::string bytes;
    if (emit == "mlir" && !emitTarget) {
      raw_string_ostream os(bytes);
      fe.module->print(os); // the portable IR
    } else if (emit == "mlir") {
      mlir::OwningOpRef<mlir::ModuleOp> lowered;
      if (!emitTarget->lower(options, *fe.module, lowered, error))
        return fail(error);
      raw_string_ostream os(bytes);
      lowered->print(os);
    } else if (!emitTarget->emit(options, *fe.module, bytes, error)) {
      return fail(error);
    }
    if (!writeFileAtomically(output, bytes, error))
      return fail(error);
    return 0;
  }

  acc::bundle::Bundle bundle;
  bundle.producer = "acc-cc " ACC_VERSION;
  bundle.kernels = acc::ir::getKernelInfos(*fe.module);
  // A kernel a default target cannot express is left out of that target's
  // code, with a warning and the reason in the bundle (the runtime quotes
  // it when the kernel is asked for there): first the kernels that need a
  // feature the registry says the target lacks, then any its pipeline
  // refuses. A target that can hold none of the kernels is left out
  // entirely. A target named with --targets must hold every kernel. The
  // cpu target is the reference and must always express everything.
  bool explicitTargets = args.hasArg(OPT_targets_EQ);
  for (const acc::Target *t : targets) {
    StringRef name = t->name;
    acc::TargetCompileFn compile =
        [&](mlir::ModuleOp m, std::vector<acc::bundle::CodeObject> &out,
            std::string &err) { return t->compile(options, m, out, err); };
    std::vector<acc::bundle::MissingKernel> omitted =
        acc::kernelsLackingFeatures(*t, *fe.module);
    if (explicitTargets || name == "cpu") {
      if (!omitted.empty())
        return fail(omitted.front().reason);
      if (!compile(*fe.module, bundle.code, error))
        return fail(error);
      continue;
    }
    if (acc::compileOmittingKernels(*fe.module, compile,
                                    bundle.code, omitted, error)) {
      for (const auto &m : omitted)
        WithColor::warning(errs(), "acc-cc")
            << m.reason << "; the bundle's " << name
            << " code leaves this kernel out (name the target in --targets= "
               "to make this an error)\n";
      continue;
    }
    if (!StringRef(error).contains("cannot express"))
      return fail(error);
    WithColor::warning(errs(), "acc-cc")
        << error << "; the bundle carries no " << name
        << " code (name the target in --targets= to make this an error)\n";
    error.clear();
  }
  std::vector<uint8_t> bytes = acc::bundle::write(bundle);
  if (!writeFileAtomically(
          output, StringRef(reinterpret_cast<const char *>(bytes.data()), bytes.size()),
          error))
    return fail(error);
  return 0;
}
