//===- KernelArgs.h - A kernel's arguments and specializations ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// What the shader-API plugins (vulkan, gles) keep of a kernel's metadata
// and what they build a pipeline or program for: each argument as the
// bundle's resource layout places it (docs/bundle-format.md), and the
// local size and local-argument sizes a launch fixes in the code
// (specialization constants on Vulkan, macros on GLES).
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGIN_KERNELARGS_H
#define ACC_PLUGIN_KERNELARGS_H

#include "acc/acc_plugin.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>
#include <vector>

namespace acc::plugin {

/// One argument: its kind, its place in the layout (buffer binding,
/// scalar-block offset or local index) and its size.
struct KernelArg {
  acc_arg_kind_t kind;
  uint32_t binding;
  uint32_t size;
};

/// The arguments of `info`; `bufferCount` receives the number of buffer
/// bindings (one past the highest).
inline std::vector<KernelArg> kernelArgs(const acc_kernel_info_t &info,
                                         uint32_t &bufferCount) {
  std::vector<KernelArg> args;
  bufferCount = 0;
  for (uint32_t i = 0; i < info.arg_count; ++i) {
    const acc_arg_info_t &a = info.args[i];
    args.push_back({a.kind, a.binding, a.size});
    if (a.kind == ACC_ARG_KIND_BUFFER)
      bufferCount = std::max(bufferCount, a.binding + 1);
  }
  return args;
}

/// What a pipeline or program is specialised for.
struct Specialization {
  std::array<uint32_t, 3> localSize{};
  std::vector<uint32_t> localBytes; ///< per local argument, by local index
  bool operator<(const Specialization &o) const {
    return std::tie(localSize, localBytes) <
           std::tie(o.localSize, o.localBytes);
  }
};

/// Whether a kernel with `args` takes local arguments (whose sizes only a
/// launch gives, so nothing can be prepared ahead for it).
inline bool hasLocalArgs(const std::vector<KernelArg> &args) {
  return std::any_of(args.begin(), args.end(), [](const KernelArg &a) {
    return a.kind == ACC_ARG_KIND_LOCAL;
  });
}

/// The specialization of a launch `desc` (or of a kernel_prepare
/// descriptor, which has no arguments) of a kernel with `args`.
inline Specialization specializationFor(const std::vector<KernelArg> &args,
                                        const acc_plugin_launch_desc_t &desc) {
  Specialization spec;
  for (int d = 0; d < 3; ++d)
    spec.localSize[d] = desc.local_size[d];
  for (uint32_t i = 0; i < desc.arg_count && i < args.size(); ++i)
    if (desc.args[i].kind == ACC_ARG_KIND_LOCAL) {
      uint32_t k = args[i].binding;
      if (spec.localBytes.size() <= k)
        spec.localBytes.resize(k + 1, 0);
      spec.localBytes[k] = desc.args[i].size;
    }
  return spec;
}

} // namespace acc::plugin

#endif // ACC_PLUGIN_KERNELARGS_H
