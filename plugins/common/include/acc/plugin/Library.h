//===- Library.h - Vendor libraries opened at run time --------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A plugin never links its vendor's library: it opens it with dlopen() in
// init(), so that it loads on a machine without the driver and reports
// zero devices with the reason ("libcuda.so.1 not found (install the NVIDIA
// driver)"). Each plugin lists the functions it uses once, in symbols.inc,
// and resolves them with requireSymbol()/optionalSymbol() from an X-macro.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGIN_LIBRARY_H
#define ACC_PLUGIN_LIBRARY_H

#include <string>

namespace acc::plugin {

/// A vendor library opened with dlopen(RTLD_NOW | RTLD_LOCAL). It is never
/// closed: drivers keep threads that run their code, and ICD-style loaders
/// never unload the drivers they opened.
struct Library {
  void *handle = nullptr;
  /// The file name it was opened by ("libOpenCL.so.1").
  std::string name;
};

/// Opens `name`. Fails with ACC_ERROR_NO_DEVICE: "<name> not found
/// (<installHint>)" when there is no such file, "<name> could not be
/// loaded: <dlerror>" when it exists but does not load (wrong architecture,
/// missing dependency).
Library openLibrary(const std::string &name, const std::string &installHint);

/// The address of `symbol` in `library`, or null.
void *findSymbol(const Library &library, const char *symbol);

/// The address of `symbol`; fails with ACC_ERROR_NO_DEVICE, "<name> has no
/// <symbol>: <why>" when it is missing (`why`: "it is not an OpenCL 1.2 ICD
/// loader").
void *requireSymbol(const Library &library, const char *symbol,
                    const std::string &why);

} // namespace acc::plugin

#endif // ACC_PLUGIN_LIBRARY_H
