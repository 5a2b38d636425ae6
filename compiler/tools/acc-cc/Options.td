//===- Options.td - acc-cc command-line options --------------*- tablegen -*-===//
//
// Part of acc, a cross-vendor accelerator SDK. Spellings follow clang.
//
//===----------------------------------------------------------------------===//

include "llvm/Option/OptParser.td"

class F<string name, string help> : Flag<["-"], name>, HelpText<help>;
class FF<string name, string help> : Flag<["--"], name>, HelpText<help>;

def help : FF<"help", "Show this help">;
def : Flag<["-"], "help">, Alias<help>, HelpText<"Alias for --help">;
def version : FF<"version", "Print the version">;

def o : JoinedOrSeparate<["-"], "o">, MetaVarName<"<file>">,
        HelpText<"Write the bundle (or the --emit output) to <file>">;
def c : F<"c", "Write an object file embedding the bundle (not yet available)">;
def header_EQ : Joined<["--"], "header=">, MetaVarName<"<file>">,
        HelpText<"Write a typed launch header (not yet available)">;

def targets_EQ : Joined<["--"], "targets=">, MetaVarName<"<t1,t2,...>">,
        HelpText<"Targets to put in the bundle (default: every target this "
                 "build supports; see --list-targets)">;
def list_targets : FF<"list-targets", "List the targets and whether this build supports them">;
def emit_EQ : Joined<["--"], "emit=">, MetaVarName<"<stage>">,
        HelpText<"Print one stage instead of writing a bundle: ast, mlir, llvm, opencl-c, spirv, glsl">;
def target_EQ : Joined<["--"], "target=">, MetaVarName<"<target>">,
        HelpText<"Target for --emit (mlir without a target is the portable IR)">;

def I : JoinedOrSeparate<["-"], "I">, MetaVarName<"<dir>">,
        HelpText<"Add <dir> to the include search path">;
def D : JoinedOrSeparate<["-"], "D">, MetaVarName<"<macro>=<value>">,
        HelpText<"Define <macro> (to <value>, or 1)">;
def U : JoinedOrSeparate<["-"], "U">, MetaVarName<"<macro>">,
        HelpText<"Undefine <macro>">;
def O : Joined<["-"], "O">, MetaVarName<"<level>">,
        HelpText<"Optimisation level 0-3 (default 2)">;

def MD : F<"MD", "Write a make dependency file beside the output">;
def MF : JoinedOrSeparate<["-"], "MF">, MetaVarName<"<file>">,
        HelpText<"Write the dependency file to <file>">;
def MT : JoinedOrSeparate<["-"], "MT">, MetaVarName<"<target>">,
        HelpText<"Name <target> in the dependency file">;

def fsoft_math : F<"fsoft-math", "cpu target: compute the math library from arithmetic, as "
                  "the spirv-vk target does, instead of calling libm, and half "
                  "storage in integer bits, as the spirv-cl target does (to "
                  "test those expansions)">;

def fcolor_diagnostics : F<"fcolor-diagnostics", "Colour diagnostics">;
def fno_color_diagnostics : F<"fno-color-diagnostics", "Do not colour diagnostics">;
