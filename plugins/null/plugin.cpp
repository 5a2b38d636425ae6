//===- plugin.cpp - The null plugin's lifetime, devices and entry point ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// initImpl() opens the vendor library with openLibrary() (never by linking
// it, so the plugin loads where the driver is missing), resolves the
// functions listed once in symbols.inc (see plugins/opencl), and finds the
// devices. No library or no device is fail(ACC_ERROR_NO_DEVICE, reason),
// naming what is missing and how to install it: acc-info shows it.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

#include "acc/plugin/Table.h"

using namespace acc::null;

void Backend::initImpl() {
  fail(ACC_ERROR_NO_DEVICE,
       "the null plugin has no devices; it is a template to copy");
}

void Backend::shutdownImpl() {} // Release the devices; objects are gone.

uint32_t Backend::deviceCountImpl() { return 0; }

Device &Backend::deviceGetImpl(uint32_t) { notImplemented("device_get"); }

void Backend::deviceInfoImpl(Device &, acc_device_info_t &) {
  notImplemented("device_get_info");
}

ACC_PLUGIN_ENTRY(acc::null::Backend)
