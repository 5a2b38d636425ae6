//===- Bundle.h - Reading and writing acc bundles (.accbin) ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A bundle holds, for every kernel of a translation unit, code for every
// target acc-cc was asked for plus the metadata the runtime needs. The byte
// layout is specified in docs/bundle-format.md. This library is shared by
// acc-cc (writer), libacc (reader), acc-info, acc-cts and the tests (readers
// and writers); it has no LLVM dependency and nothing of libacc's.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_BUNDLE_BUNDLE_H
#define ACC_BUNDLE_BUNDLE_H

#include "acc/acc_launch.h"
#include "acc/acc_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace acc::bundle {

/// Current format version written by this library. The reader accepts any
/// minor version of the same major.
inline constexpr uint16_t kFormatMajor = 1;
inline constexpr uint16_t kFormatMinor = 1;

/// The newest launch convention (CodeObject::launchAbi) this library
/// describes; docs/plugin-abi.md, "Launch conventions", defines each.
inline constexpr uint32_t kLaunchAbiLatest = ACC_LAUNCH_ABI_LATEST;

struct ArgInfo {
  std::string name;
  std::string typeName;
  acc_arg_kind_t kind = ACC_ARG_KIND_SCALAR;
  acc_address_space_t addressSpace = ACC_ADDRESS_SPACE_PRIVATE;
  acc_access_flags_t access = 0;
  acc_scalar_type_t scalarType = ACC_SCALAR_TYPE_NONE;
  uint32_t size = 0;
  uint32_t alignment = 0;
  /// Resource layout (acc_arg_info_t::binding): the binding of a buffer,
  /// the scalar-block offset of a scalar, the ordinal of a local argument.
  /// write() stores the layout computeLayout() gives, whatever this holds;
  /// read() fills it from the file.
  uint32_t binding = 0;
};

struct KernelInfo {
  std::string name;
  std::vector<ArgInfo> args;
  acc_kernel_flags_t flags = 0;
  uint32_t requiredLocalSize[3] = {0, 0, 0};
  /// Bytes of the scalar block (acc_kernel_info_t::scalar_block_size); as
  /// for ArgInfo::binding, write() computes it and read() fills it.
  uint32_t scalarBlockSize = 0;
};

/// A kernel's resource layout: where each argument goes on backends that
/// bind resources by number (Vulkan, GLES) or place them in blocks.
/// docs/bundle-format.md, "Resource layout", states the rule.
struct KernelLayout {
  /// Per argument, in argument order: see ArgInfo::binding.
  std::vector<uint32_t> binding;
  /// Bytes of the scalar block; 0 without scalar arguments.
  uint32_t scalarBlockSize = 0;
  uint32_t bufferCount = 0;
  uint32_t scalarCount = 0;
  uint32_t localCount = 0;
};

/// The alignment of a scalar argument inside the scalar block: its
/// `alignment`, or its size rounded up to a power of two when that is 0.
uint64_t scalarBlockAlignment(const ArgInfo &arg);

/// Computes the resource layout of a kernel from its argument list. This is
/// the one implementation of the rule: the bundle writer stores what it
/// returns, the reader checks a file against it, and acc-cc's code
/// generators (spirv-vk, glsl, nvptx, ...) call it to agree with both.
/// Returns false, with `error` saying why, only when the scalar block would
/// not fit in 32 bits (absurd scalar sizes or alignments).
bool computeLayout(const std::vector<ArgInfo> &args, KernelLayout &out,
                   std::string &error);

/// Stores computeLayout(kernel.args) in the kernel's ArgInfo::binding and
/// scalarBlockSize fields. Returns false as computeLayout() does.
bool assignLayout(KernelInfo &kernel, std::string &error);

/// Checks a kernel's stored layout (ArgInfo::binding, scalarBlockSize):
/// buffer bindings and local ordinals are below the number of buffer or
/// local arguments and distinct; scalars lie inside the block, at aligned
/// offsets, without overlapping; the block size is a multiple of 4 and of
/// the largest scalar alignment. With `requireRule`, the layout must also be
/// exactly the one computeLayout() gives. On failure returns false and sets
/// `error` to a sentence naming the argument ("argument 4 ('b') ...").
bool checkLayout(const KernelInfo &kernel, bool requireRule,
                 std::string &error);

/// A kernel a code object leaves out, and why ("uses fp64, which GLSL ES
/// 3.10 lacks"): one kernel's limit on a target does not drop the target
/// for the whole file.
struct MissingKernel {
  /// Index into Bundle::kernels.
  uint32_t kernel = 0;
  /// Why the target cannot hold the kernel; never empty.
  std::string reason;
};

/// Code for one target. A bundle may hold several objects for the same
/// target with different `arch` (e.g. x86-64 levels).
struct CodeObject {
  acc_target_t target = ACC_TARGET_NONE;
  std::string arch;
  /// The launch convention the code follows (format 1.1; 0 in 1.0 files).
  uint32_t launchAbi = 0;
  std::vector<uint8_t> data;
  /// Kernels of the bundle this object has no code for (format 1.1), in
  /// kernel order; every other kernel is in it.
  std::vector<MissingKernel> missing;

  /// The reason `kernel` (an index into Bundle::kernels) is missing, or
  /// null when the object holds it.
  const std::string *missingReason(uint32_t kernel) const;
};

struct Bundle {
  /// Who wrote the bundle ("acc-cc 0.2.0").
  std::string producer;
  std::vector<KernelInfo> kernels;
  std::vector<CodeObject> code;
};

/// Serialises `bundle` into the on-disk format (with checksum). Each
/// kernel's resource layout is computed from its arguments (computeLayout());
/// the ArgInfo::binding and scalarBlockSize fields of `bundle` are ignored.
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

#endif // ACC_BUNDLE_BUNDLE_H
