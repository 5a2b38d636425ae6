//===- plugin.cpp - The opencl plugin's devices and its entry point ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// ACC_PLUGIN_ENTRY generates the plugin's one exported symbol and its whole
// function table from the Backend functions (plugins/common, Table.h). init()
// opens the OpenCL ICD loader and resolves the functions of symbols.inc.
//
// Only the ICD loader is opened, never a vendor library: the loader picks the
// drivers registered in /etc/OpenCL/vendors (or OCL_ICD_VENDORS), so one
// plugin serves every OpenCL implementation. ACC_OPENCL_ICD_LOADER names a
// different loader file (tests use it to simulate a machine without one).
//
// The loader is never dlclose()d, not even by shutdown(): ICD loaders never
// unload the drivers they opened, and drivers keep worker threads, so
// unloading would save nothing and could pull the loader from under a
// driver thread. shutdown() only forgets the handle; a later init() opens
// the loader again (dlopen() returns the loaded copy).
//
//===----------------------------------------------------------------------===//
#include "opencl_plugin.h"

#include "acc/plugin/Table.h"

#include <cstdlib>

using namespace acc::opencl;

PluginState &acc::opencl::state() {
  static PluginState instance;
  return instance;
}

const ClApi &acc::opencl::cl() { return state().api; }

namespace {

/// The ICD loader's file name, as dlopen() searches it.
constexpr const char *kLoaderName = "libOpenCL.so.1";

/// Opens the ICD loader and resolves symbols.inc into `s.api`.
void loadOpenCl(PluginState &s) {
  const char *override = std::getenv("ACC_OPENCL_ICD_LOADER");
  std::string name = override && *override ? override : kLoaderName;
  s.library = acc::plugin::openLibrary(
      name, "install an OpenCL ICD loader and a driver, e.g. "
            "ocl-icd-libopencl1 and pocl-opencl-icd");
  ClApi api;
#define ACC_CL_REQUIRED(fn)                                                    \
  api.fn = reinterpret_cast<acc_cl_##fn##_fn *>(acc::plugin::requireSymbol(    \
      s.library, #fn, "it is not an OpenCL 1.2 ICD loader"));
#define ACC_CL_OPTIONAL(fn)                                                    \
  api.fn = reinterpret_cast<acc_cl_##fn##_fn *>(                               \
      acc::plugin::findSymbol(s.library, #fn));
#include "symbols.inc"
  s.api = api;
}

} // namespace

void Backend::initImpl() {
  PluginState &s = state();
  loadOpenCl(s);
  if (s.devices.empty())
    s.devices = discoverDevices();
  for (const std::unique_ptr<Device> &device : s.devices)
    log(ACC_LOG_LEVEL_INFO, std::string("device \"") + device->info.name +
                                "\" on platform \"" + device->platformName +
                                "\"");
}

void Backend::shutdownImpl() {
  PluginState &s = state();
  for (std::unique_ptr<Device> &device : s.devices)
    releaseDevice(*device);
  s.devices.clear();
  s.api = ClApi{};
  s.library = acc::plugin::Library{}; // Not dlclose()d: see above.
}

ACC_PLUGIN_DEVICE_LIST_IMPLS(Backend, state().devices)

ACC_PLUGIN_ENTRY(acc::opencl::Backend)
