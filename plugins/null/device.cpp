//===- device.cpp - Devices of the null plugin (there are none) -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A real backend opens its vendor library here with dlopen() (never by
// linking it, so the plugin loads on machines without the driver), resolves
// the functions it uses from an X-macro list in symbols.inc (see
// plugins/opencl/symbols.inc and third_party/opencl/acc_cl_min.h), and
// describes each device from the vendor API. A missing library or zero
// devices is ACC_ERROR_NO_DEVICE with a message that names what is missing
// and how to install it: acc-info and ACC_BACKEND errors show it verbatim.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

using namespace acc::null;

uint32_t acc::null::discoverDevices() {
  fail(ACC_ERROR_NO_DEVICE,
       "the null plugin has no devices; it is a template to copy");
}

void acc::null::deviceInfo(acc_plugin_device_t, acc_device_info_t &) {
  notImplemented("device_get_info");
}
