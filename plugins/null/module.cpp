//===- module.cpp - Code objects of the null plugin -----------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A real backend loads one code object here (the first of its device's
// targets[] that the bundle holds) and resolves every kernel of the
// metadata at once, so that a bad code object fails at load time. Copy what
// you need from the descriptor: all of it is borrowed for the call. A driver
// compile that fails is ACC_ERROR_BUILD_FAILED with the build log in the
// message.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

using namespace acc::null;

acc_plugin_module_t acc::null::createModule(acc_plugin_device_t,
                                            const acc_plugin_module_desc_t &) {
  notImplemented("module_create");
}

void acc::null::destroyModule(acc_plugin_module_t) {
  notImplemented("module_release");
}

acc_plugin_kernel_t acc::null::findKernel(acc_plugin_module_t, const char *) {
  notImplemented("kernel_get");
}

void acc::null::kernelProperties(acc_plugin_kernel_t,
                                 acc_kernel_properties_t &) {
  notImplemented("kernel_get_properties");
}
