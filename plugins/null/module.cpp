//===- module.cpp - Code objects and kernels of the null plugin -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// moduleCreateImpl() gets the code object the runtime chose and the
// metadata of the kernels it holds, borrowed for the call: copy what you
// keep. Resolve every kernel here, so a bad code object fails at load time;
// a failed driver build is ACC_ERROR_BUILD_FAILED with the build log.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

using namespace acc::null;

Module *Backend::moduleCreateImpl(Device &, const acc_plugin_module_desc_t &) {
  notImplemented("module_create");
}

void Backend::moduleReleaseImpl(Module *) { notImplemented("module_release"); }

Kernel &Backend::kernelGetImpl(Module &, const char *) {
  notImplemented("kernel_get");
}
