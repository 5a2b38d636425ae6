//===- Bundle.h - Reading and writing acc bundles (.accbin) ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A bundle holds, for every kernel of a translation unit, code for every
// target acc-cc was asked for plus the metadata the runtime needs. The byte
// layout is specified in docs/bundle-format.md. This library is shared by
// acc-cc (writer), libacc (reader) and acc-info (reader); it has no LLVM
// dependency.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_RUNTIME_BUNDLE_BUNDLE_H
#define ACC_RUNTIME_BUNDLE_BUNDLE_H

#include "acc/acc_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace acc::bundle {

/// Current format version written by this library. The reader accepts any
/// minor version of the same major.
inline constexpr uint16_t kFormatMajor = 1;
inline constexpr uint16_t kFormatMinor = 0;

struct ArgInfo {
  std::string name;
  std::string typeName;
  acc_arg_kind_t kind = ACC_ARG_KIND_SCALAR;
  acc_address_space_t addressSpace = ACC_ADDRESS_SPACE_PRIVATE;
  acc_access_flags_t access = 0;
  acc_scalar_type_t scalarType = ACC_SCALAR_TYPE_NONE;
  uint32_t size = 0;
  uint32_t alignment = 0;
};

struct KernelInfo {
  std::string name;
  std::vector<ArgInfo> args;
  acc_kernel_flags_t flags = 0;
  uint32_t requiredLocalSize[3] = {0, 0, 0};
};

/// Code for one target. A bundle may hold several objects for the same
/// target with different `arch` (e.g. x86-64 levels).
struct CodeObject {
  acc_target_t target = ACC_TARGET_NONE;
  std::string arch;
  std::vector<uint8_t> data;
};

struct Bundle {
  /// Who wrote the bundle ("acc-cc 0.1.0").
  std::string producer;
  std::vector<KernelInfo> kernels;
  std::vector<CodeObject> code;
};

/// Serialises `bundle` into the on-disk format (with checksum).
std::vector<uint8_t> write(const Bundle &bundle);

/// Parses and validates `size` bytes at `data`. Every offset and size is
/// checked; on failure returns false and sets `error` to a sentence saying
/// what is wrong ("bundle is truncated: header says 4096 bytes, file has
/// 100"). Never crashes on malformed input.
bool read(const void *data, size_t size, Bundle &out, std::string &error);

/// Reads a whole file and parses it; I/O failures are reported in `error`.
bool readFile(const std::string &path, Bundle &out, std::string &error);

/// Stable lowercase name of a target as acc-cc's --targets spells it
/// ("cpu-x86_64", "opencl-c", "spirv-vk", ...).
const char *targetName(acc_target_t target);

} // namespace acc::bundle

#endif // ACC_RUNTIME_BUNDLE_BUNDLE_H
