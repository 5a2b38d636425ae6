//===- Library.cpp - Vendor libraries opened at run time ------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "acc/plugin/Library.h"

#include "acc/plugin/Status.h"

#include <dlfcn.h>

namespace acc::plugin {

Library openLibrary(const std::string &name, const std::string &installHint) {
  dlerror();
  Library library;
  library.name = name;
  library.handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library.handle)
    return library;
  const char *reason = dlerror();
  std::string why = reason ? reason : "";
  log(ACC_LOG_LEVEL_DEBUG, "dlopen(\"" + name + "\"): " + why);
  // A library that exists but cannot be loaded says why; a missing one gets
  // the install hint.
  if (why.find("No such file") == std::string::npos && !why.empty())
    fail(ACC_ERROR_NO_DEVICE, name + " could not be loaded: " + why);
  fail(ACC_ERROR_NO_DEVICE, name + " not found (" + installHint + ")");
}

void *findSymbol(const Library &library, const char *symbol) {
  return library.handle ? dlsym(library.handle, symbol) : nullptr;
}

void *requireSymbol(const Library &library, const char *symbol,
                    const std::string &why) {
  void *address = findSymbol(library, symbol);
  if (!address)
    fail(ACC_ERROR_NO_DEVICE,
         library.name + " has no " + symbol + ": " + why);
  return address;
}

} // namespace acc::plugin
