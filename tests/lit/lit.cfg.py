# -*- Python -*-
# lit configuration for acc-cc's tests. The build tree's lit.site.cfg.py
# (configured from lit.site.cfg.py.in) sets the paths and loads this file.
#
#   %acc-cc    the acc-cc built in this tree
#   %acc-info  the acc-info built in this tree
#   %acc-opt   the acc-opt built in this tree (MLIR passes on .mlir tests)
#
#   %spirv-val-cl  spirv-val for the SPIR-V the spirv-cl target writes
#
# FileCheck, not and count come from the LLVM 22 tools directory.
# spirv-val and spirv-dis (Debian package spirv-tools) are required: every
# codegen test validates its spirv-cl output, so lit stops with an error
# when they are missing rather than skipping those checks.
# Features for REQUIRES: lines: ptxas, spirv-val, spirv-dis, glslangValidator
# (when found on PATH), and acc-target-<name> for each target this acc-cc
# can produce (from `acc-cc --list-targets`).

import os
import shutil
import sys
import subprocess

import lit.formats
import lit.util

config.name = "acc-cc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cl", ".mlir"]
# Headers and other inputs that tests include or read are not tests.
config.excludes = ["Inputs", "CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py", "lit.site.cfg.py.in"]

config.test_source_root = os.path.dirname(__file__)
if getattr(config, "lit_test_exec_root", None):
    config.test_exec_root = config.lit_test_exec_root
else:
    # Run from the source tree without a site config: nothing to test with.
    lit_config.fatal("run lit on the build tree (build/tests/lit), where "
                     "CMake wrote lit.site.cfg.py")

# Diagnostics must look the same however lit is started.
config.environment["LC_ALL"] = "C"
for var in ("ACC_BACKEND", "ACC_LOG", "ACC_TRACE", "ACC_PLUGIN_PATH"):
    config.environment.pop(var, None)

path = [config.acc_tools_dir, config.llvm_tools_dir,
        config.environment.get("PATH", "")]
config.environment["PATH"] = os.pathsep.join(p for p in path if p)

acc_cc = os.path.join(config.acc_tools_dir, "acc-cc")
acc_info = os.path.join(config.acc_tools_dir, "acc-info")
acc_opt = os.path.join(config.acc_tools_dir, "acc-opt")
for tool in (acc_cc, acc_info, acc_opt):
    if not os.path.exists(tool):
        lit_config.fatal("%s not found; build acc-cc and acc-info first "
                         "(ninja -C %s acc-cc acc-info acc-opt)"
                         % (tool, config.acc_obj_root))
# Longest first, so that no substitution is a prefix of one applied later.
config.substitutions.append(("%acc-info", acc_info))
config.substitutions.append(("%acc-opt", acc_opt))
config.substitutions.append(("%acc-cc", acc_cc + " -fno-color-diagnostics"))

# External validators. spirv-val and spirv-dis are required (see above).
search = config.environment["PATH"]
for tool in ("spirv-val", "spirv-dis"):
    if not shutil.which(tool, path=search):
        lit_config.fatal("%s not found on PATH; install the Debian package "
                         "spirv-tools (./scripts/test does): the codegen "
                         "tests validate the SPIR-V of the spirv-cl target "
                         "with it" % tool)
for tool in ("ptxas", "spirv-val", "spirv-dis", "glslangValidator"):
    if shutil.which(tool, path=search):
        config.available_features.add(tool)

# SPIR-V that the spirv-cl target generates must be valid for OpenCL:
# SPIR-V 1.0 under the OpenCL 1.2 environment, whose capability rules (the
# full profile's guaranteed set plus optional Float64) are the strictest of
# the OpenCL environments; see README.md.
config.substitutions.append(
    ("%spirv-val-cl", "spirv-val --target-env opencl1.2"))
# SPIR-V that the spirv-vk target generates must be valid for Vulkan 1.1
# (SPIR-V 1.3, structured control flow, Vulkan's interface rules).
config.substitutions.append(
    ("%spirv-val-vk", "spirv-val --target-env vulkan1.1"))
# GLSL that the glsl target generates must be valid GLSL ES 3.10 compute:
# %glsl-check validates each kernel's shader of --emit=glsl text or of a
# bundle's glsl code object with glslangValidator.
config.substitutions.append(
    ("%glsl-check", sys.executable + " " +
     os.path.join(os.path.dirname(__file__), "tools", "glsl-check.py")))

# The targets this acc-cc can produce.
try:
    out = subprocess.run([acc_cc, "--list-targets"], capture_output=True,
                         text=True, timeout=60).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1] == "available":
            config.available_features.add("acc-target-" + fields[0])
except (OSError, subprocess.SubprocessError) as e:
    lit_config.warning("cannot list acc-cc's targets: %s" % e)

# OpenCL C that the opencl-c target generates must be valid OpenCL C 1.2:
# %clang-cl-syntax checks a file with Clang (from the same LLVM tools dir).
clang = shutil.which("clang", path=config.llvm_tools_dir) or shutil.which(
    "clang-22", path=search)
if clang:
    config.available_features.add("clang")
    config.substitutions.append(
        ("%clang-cl-syntax",
         clang + " -cl-std=CL1.2 -fsyntax-only -Xclang -fdeclare-opencl-builtins"
         " -Xclang -finclude-default-header -Werror -Wno-unused-label"
         " -Wno-unused-variable -Wno-tautological-compare"
         " -Wno-parentheses-equality"))
