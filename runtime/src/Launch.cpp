//===- Launch.cpp - Validating and enqueueing kernel launches -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Every launch is checked against the kernel's metadata and the device's
// limits before it reaches a plugin, so that every backend rejects the same
// mistakes with the same message (naming the kernel and the argument) and no
// backend ever sees a malformed launch. When the application leaves the
// local size to the runtime, the runtime asks the plugin's occupancy
// calculator or takes the kernel's preferred size and rounds the range up
// to whole groups (chooseLocalSize); only for code that runs whole groups
// only is it a divisor of the range.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <algorithm>
#include <cstring>

using namespace acc::rt;

namespace {

const char *kindName(acc_arg_kind_t kind) {
  switch (kind) {
  case ACC_ARG_KIND_BUFFER:
    return "a buffer";
  case ACC_ARG_KIND_SCALAR:
    return "a scalar";
  case ACC_ARG_KIND_LOCAL:
    return "a local-memory size";
  default:
    return "an argument of unknown kind";
  }
}

std::string describeArg(const acc_kernel_info_t &k, uint32_t i) {
  const acc_arg_info_t &a = k.args[i];
  std::string s = "argument " + std::to_string(i);
  if (a.name && *a.name)
    s += std::string(" ('") + a.name + "')";
  return s + " of kernel '" + k.name + "'";
}

/// Bytes of one element of a scalar type; 0 for NONE and unknown values.
uint32_t scalarTypeBytes(acc_scalar_type_t t) {
  switch (t) {
  case ACC_SCALAR_TYPE_BOOL:
  case ACC_SCALAR_TYPE_I8:
  case ACC_SCALAR_TYPE_U8:
    return 1;
  case ACC_SCALAR_TYPE_I16:
  case ACC_SCALAR_TYPE_U16:
  case ACC_SCALAR_TYPE_F16:
    return 2;
  case ACC_SCALAR_TYPE_I32:
  case ACC_SCALAR_TYPE_U32:
  case ACC_SCALAR_TYPE_F32:
    return 4;
  case ACC_SCALAR_TYPE_I64:
  case ACC_SCALAR_TYPE_U64:
  case ACC_SCALAR_TYPE_F64:
    return 8;
  default:
    return 0;
  }
}

bool isFloatType(acc_scalar_type_t t) {
  return t == ACC_SCALAR_TYPE_F16 || t == ACC_SCALAR_TYPE_F32 ||
         t == ACC_SCALAR_TYPE_F64;
}

/// Whether a value of type `given` may be passed for a parameter of type
/// `declared`: the same kind of number (integer or floating point) with
/// elements of the same size. Integers match whatever their signedness, as
/// the bits of a value both types hold are the same.
bool scalarTypesMatch(acc_scalar_type_t declared, acc_scalar_type_t given) {
  if (declared == ACC_SCALAR_TYPE_NONE)
    return false; // A struct by value takes untyped bytes only.
  if (declared == given)
    return true;
  return isFloatType(declared) == isFloatType(given) &&
         declared != ACC_SCALAR_TYPE_BOOL && given != ACC_SCALAR_TYPE_BOOL &&
         scalarTypeBytes(declared) == scalarTypeBytes(given);
}

/// OpenCL C's spelling of `size` bytes of `t`: "float", "int4".
std::string scalarTypeSpelling(acc_scalar_type_t t, uint32_t size) {
  static const char *const names[] = {
      "",     "bool",  "char", "uchar", "short", "ushort", "int",
      "uint", "long",  "ulong", "half", "float", "double"};
  if (t == ACC_SCALAR_TYPE_NONE || t > ACC_SCALAR_TYPE_F64)
    return "struct";
  std::string name = names[t];
  uint32_t elem = scalarTypeBytes(t);
  if (elem && size > elem)
    name += std::to_string(size / elem);
  return name;
}

/// The parameter's type as its source spells it, without address-space and
/// cv-qualifiers, followed by what it stands for when that differs (a
/// typedef): "float", "real_t (float)".
std::string declaredTypeSpelling(const acc_arg_info_t &a) {
  static const char *const dropped[] = {
      "__private", "private", "__global", "global", "__constant", "constant",
      "__local",   "local",   "__generic", "generic", "const", "volatile",
      "restrict"};
  std::string spelled, word;
  std::string in = a.type_name ? a.type_name : "";
  in += ' ';
  for (char c : in) {
    if (c != ' ') {
      word += c;
      continue;
    }
    if (word.empty())
      continue;
    if (std::find_if(std::begin(dropped), std::end(dropped),
                     [&](const char *d) { return word == d; }) ==
        std::end(dropped))
      spelled += (spelled.empty() ? "" : " ") + word;
    word.clear();
  }
  std::string canonical = scalarTypeSpelling(a.scalar_type, a.size);
  if (spelled.empty())
    return canonical;
  if (spelled == canonical || a.scalar_type == ACC_SCALAR_TYPE_NONE)
    return spelled;
  return spelled + " (" + canonical + ")";
}

/// "a float", "an int", "an uint" reads badly: "a uint".
std::string withArticle(const std::string &type) {
  bool vowel = !type.empty() && std::strchr("aeio", type[0]) != nullptr;
  return (vowel ? "an " : "a ") + type;
}

/// The first feature the kernel uses that the device lacks, spelled for a
/// message, or null. A plugin older than ABI 1.3 reports none of the
/// capabilities 1.3 added, so those are not checked against it.
const char *missingFeature(const acc_kernel_info_t &k,
                           const acc_device_s &device) {
  struct Need {
    acc_kernel_flags_t flag;
    acc_device_caps_t cap;
    bool since13;
    const char *what;
  };
  static const Need needs[] = {
      {ACC_KERNEL_FLAG_USES_FP64, ACC_DEVICE_CAP_FP64, false,
       "double precision (fp64)"},
      {ACC_KERNEL_FLAG_USES_INT64_ATOMICS, ACC_DEVICE_CAP_INT64_ATOMICS, false,
       "64-bit atomics"},
      {ACC_KERNEL_FLAG_USES_INT64, ACC_DEVICE_CAP_INT64, true,
       "64-bit integers (long, ulong)"},
      {ACC_KERNEL_FLAG_USES_8BIT_STORAGE, ACC_DEVICE_CAP_STORAGE_8BIT, true,
       "8-bit values in buffers or arguments (char, uchar)"},
      {ACC_KERNEL_FLAG_USES_16BIT_STORAGE, ACC_DEVICE_CAP_STORAGE_16BIT, true,
       "16-bit values in buffers or arguments (short, ushort, half)"},
      {ACC_KERNEL_FLAG_USES_FP16, ACC_DEVICE_CAP_FP16, true,
       "half-precision arithmetic (fp16)"},
      {ACC_KERNEL_FLAG_USES_PRINTF, ACC_DEVICE_CAP_PRINTF, true, "printf"},
  };
  bool knows13 = device.backend->abiMinor >= 3;
  for (const Need &n : needs)
    if ((k.flags & n.flag) && !(device.info.caps & n.cap) &&
        (!n.since13 || knows13))
      return n.what;
  return nullptr;
}

/// Largest divisor of `n` that is at most `limit` (limit >= 1).
uint32_t largestDivisor(uint64_t n, uint32_t limit) {
  if (n <= limit)
    return uint32_t(n);
  for (uint32_t d = limit; d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Asks the plugin once for the kernel's properties; a plugin without the
/// entry (or that does not implement it) gets the device's limits. The
/// result is cached in the kernel, so later calls cost nothing.
acc_result_t kernelProperties(acc_kernel_s &kernel,
                              const acc_kernel_properties_t **out) {
  std::call_once(kernel.propertiesOnce, [&] {
    const acc_device_s &device = *kernel.module->device;
    Backend &b = *device.backend;
    acc_kernel_properties_t props{};
    props.struct_size = sizeof(props);
    props.max_work_group_size = device.info.max_work_group_size;
    props.preferred_work_group_multiple = 1;
    if (b.table.kernel_get_properties) {
      acc_kernel_properties_t got{};
      got.struct_size = sizeof(got);
      clearPluginErrorFlag();
      acc_result_t r = pluginResult(
          b, "kernel_get_properties",
          b.table.kernel_get_properties(kernel.handle, &got));
      if (r == ACC_SUCCESS) {
        // Keep the device's limit where the plugin reports none.
        if (got.max_work_group_size)
          props.max_work_group_size =
              props.max_work_group_size
                  ? std::min(props.max_work_group_size,
                             got.max_work_group_size)
                  : got.max_work_group_size;
        if (got.preferred_work_group_multiple)
          props.preferred_work_group_multiple =
              got.preferred_work_group_multiple;
        props.static_local_memory_size = got.static_local_memory_size;
        for (int d = 0; d < 3; ++d)
          props.preferred_local_size[d] = got.preferred_local_size[d];
        props.property_flags = got.property_flags;
      } else if (r != ACC_ERROR_NOT_IMPLEMENTED) {
        kernel.propertiesResult = r;
        kernel.propertiesError = lastErrorMessage();
      }
    }
    kernel.properties = props;
  });
  if (kernel.propertiesResult != ACC_SUCCESS)
    return fail(kernel.propertiesResult, kernel.propertiesError);
  *out = &kernel.properties;
  return ACC_SUCCESS;
}

/// Whether every work-group of the kernel must be whole: its code cannot
/// retire the work-items of a rounded-up range (a property of the code
/// object), or it uses barriers (acc-cc's flag).
bool wholeGroupsOnly(const acc_kernel_info_t &k,
                     const acc_kernel_properties_t &props) {
  return (k.flags & ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS) ||
         (props.property_flags & ACC_KERNEL_PROPERTY_WHOLE_GROUPS_ONLY);
}

/// The local size the runtime chooses when the application leaves it open,
/// the way a GPU programmer would: the kernel's preferred size (or the
/// defaults 256, 16 x 16, 8 x 8 x 4), clamped to the range, the device and
/// the kernel, and the range rounded up to whole groups; the code retires
/// the extra work-items. Only for a kernel that runs whole groups only is
/// the size a divisor of the range (then a prime range gets 1: nothing
/// else is correct for such code).
void chooseLocalSize(const acc_plugin_launch_desc_t &desc,
                     const acc_device_info_t &info,
                     const acc_kernel_properties_t &props, bool whole,
                     uint32_t out[3]) {
  static const uint32_t defaults[3][3] = {
      {256, 1, 1}, {16, 16, 1}, {8, 8, 4}};
  uint32_t budget = props.max_work_group_size ? props.max_work_group_size : 1;
  bool preferred = props.preferred_local_size[0] != 0;
  for (uint32_t d = 0; d < 3; ++d) {
    if (d >= desc.work_dim) {
      out[d] = 1;
      continue;
    }
    uint32_t limit = preferred ? std::max<uint32_t>(1, props.preferred_local_size[d])
                               : defaults[desc.work_dim - 1][d];
    if (info.max_work_item_sizes[d])
      limit = std::min(limit, info.max_work_item_sizes[d]);
    limit = std::max<uint32_t>(1, std::min(limit, budget));
    if (whole)
      out[d] = largestDivisor(desc.global_size[d], limit);
    else
      out[d] = uint32_t(std::min<uint64_t>(limit, desc.global_size[d]));
    budget = std::max<uint32_t>(1, budget / out[d]);
  }
}

/// Asks the plugin's occupancy calculator; false when it has none, declines
/// or answers something the device or the kernel cannot run.
bool suggestedLocalSize(acc_kernel_s &kernel, const acc_plugin_launch_desc_t &desc,
                        const acc_device_info_t &info,
                        const acc_kernel_properties_t &props, bool whole,
                        uint32_t out[3]) {
  Backend &b = *kernel.module->device->backend;
  if (!b.table.kernel_suggest_local_size)
    return false;
  uint32_t got[3] = {1, 1, 1};
  clearPluginErrorFlag();
  if (b.table.kernel_suggest_local_size(kernel.handle, desc.work_dim,
                                        desc.global_size, got) != ACC_SUCCESS)
    return false;
  uint64_t group = 1;
  for (uint32_t d = 0; d < 3; ++d) {
    uint32_t l = d < desc.work_dim ? got[d] : 1;
    if (l == 0 || (info.max_work_item_sizes[d] && l > info.max_work_item_sizes[d]) ||
        (whole && desc.global_size[d] % l != 0))
      return false;
    group *= l;
    out[d] = l;
  }
  return group <= props.max_work_group_size || props.max_work_group_size == 0;
}

/// Checks what a launch of `kernel` on `device` over `config` needs of the
/// device and the kernel, and resolves the range into `desc` (the local
/// size chosen when the configuration leaves it to the runtime). Shared by
/// acc_launch() and acc_kernel_prepare(); `api` names the caller in
/// messages. Returns the properties the range was checked against.
acc_result_t resolveRange(const char *api, acc_kernel_s *kernel,
                          acc_device_s &device,
                          const acc_launch_config_t *config,
                          acc_plugin_launch_desc_t &desc,
                          const acc_kernel_properties_t **outProps) {
  const acc_kernel_info_t &k = *kernel->info;
  const acc_device_info_t &info = device.info;
  auto kname = [&] { return std::string("kernel '") + k.name + "'"; };
  if (!config)
    return fail(ACC_ERROR_INVALID_ARGUMENT, std::string(api) + ": config is NULL");
  if (config->struct_size < sizeof(acc_launch_config_t))
    return fail(ACC_ERROR_INVALID_ARGUMENT,
                std::string(api) + ": config->struct_size is " +
                    std::to_string(config->struct_size) +
                    "; set it to sizeof(acc_launch_config_t) or use "
                    "acc_launch_config_1d/2d/3d()");

  // Device features.
  if (const char *missing = missingFeature(k, device))
    return fail(ACC_ERROR_UNSUPPORTED,
                std::string(api) + ": " + kname() + " uses " + missing + ", which " +
                    describeDevice(device) + " does not support");
  if (info.max_scalar_block_size && k.scalar_block_size > info.max_scalar_block_size)
    return fail(ACC_ERROR_UNSUPPORTED,
                std::string(api) + ": " + kname() + " takes " +
                    std::to_string(k.scalar_block_size) +
                    " bytes of scalar arguments, more than the " +
                    std::to_string(info.max_scalar_block_size) + " that " +
                    describeDevice(device) +
                    " passes to a kernel; pass the larger values in a buffer");

  const acc_kernel_properties_t *props = nullptr;
  ACC_CHECK(kernelProperties(*kernel, &props));

  // Range.
  desc.struct_size = sizeof(desc);
  if (config->work_dim < 1 || config->work_dim > 3)
    return fail(ACC_ERROR_INVALID_LAUNCH,
                std::string(api) + ": " + kname() + ": work_dim is " +
                    std::to_string(config->work_dim) + "; it must be 1, 2 or 3");
  desc.work_dim = config->work_dim;
  bool anyLocal = false, allLocal = true;
  for (uint32_t d = 0; d < 3; ++d) {
    bool used = d < desc.work_dim;
    desc.global_size[d] = used ? config->global_size[d] : 1;
    desc.global_offset[d] = used ? config->global_offset[d] : 0;
    if (used && desc.global_size[d] == 0)
      return fail(ACC_ERROR_INVALID_LAUNCH,
                  std::string(api) + ": " + kname() + ": global size in dimension " +
                      std::to_string(d) + " is 0");
    if (desc.global_offset[d] > UINT64_MAX - desc.global_size[d])
      return fail(ACC_ERROR_INVALID_LAUNCH,
                  std::string(api) + ": " + kname() + ": global offset " +
                      std::to_string(desc.global_offset[d]) +
                      " + global size " + std::to_string(desc.global_size[d]) +
                      " in dimension " + std::to_string(d) +
                      " passes 2^64 (the last work-item's id would wrap)");
    if (used) {
      anyLocal |= config->local_size[d] != 0;
      allLocal &= config->local_size[d] != 0;
    }
  }
  if (anyLocal && !allLocal)
    return fail(ACC_ERROR_INVALID_LAUNCH,
                std::string(api) + ": " + kname() + ": the local size has a zero in some "
                "dimension; give every used dimension a size, or all zeros to "
                "let the runtime choose");
  bool hasReqd = k.required_local_size[0] != 0;
  const bool whole = wholeGroupsOnly(k, *props);
  if (anyLocal) {
    for (uint32_t d = 0; d < 3; ++d)
      desc.local_size[d] = d < desc.work_dim ? config->local_size[d] : 1;
  } else if (hasReqd) {
    for (uint32_t d = 0; d < 3; ++d)
      desc.local_size[d] = k.required_local_size[d];
  } else if (!suggestedLocalSize(*kernel, desc, info, *props, whole,
                                 desc.local_size)) {
    chooseLocalSize(desc, info, *props, whole, desc.local_size);
  }
  if (hasReqd) {
    for (uint32_t d = 0; d < 3; ++d)
      if (desc.local_size[d] != k.required_local_size[d])
        return fail(ACC_ERROR_INVALID_LAUNCH,
                    std::string(api) + ": " + kname() + " requires a work-group size of " +
                        std::to_string(k.required_local_size[0]) + "x" +
                        std::to_string(k.required_local_size[1]) + "x" +
                        std::to_string(k.required_local_size[2]) + ", but " +
                        std::to_string(desc.local_size[0]) + "x" +
                        std::to_string(desc.local_size[1]) + "x" +
                        std::to_string(desc.local_size[2]) + " was given");
  }
  uint64_t groupSize = 1;
  for (uint32_t d = 0; d < 3; ++d) {
    groupSize *= desc.local_size[d];
    if (info.max_work_item_sizes[d] &&
        desc.local_size[d] > info.max_work_item_sizes[d])
      return fail(ACC_ERROR_INVALID_LAUNCH,
                  std::string(api) + ": " + kname() + ": local size " +
                      std::to_string(desc.local_size[d]) + " in dimension " +
                      std::to_string(d) + " exceeds the limit of " +
                      std::to_string(info.max_work_item_sizes[d]) + " of " +
                      describeDevice(device));
  }
  for (uint32_t d = 0; d < desc.work_dim; ++d) {
    uint64_t groups = (desc.global_size[d] + desc.local_size[d] - 1) /
                      desc.local_size[d];
    if (info.max_group_count[d] && groups > info.max_group_count[d])
      return fail(ACC_ERROR_INVALID_LAUNCH,
                  std::string(api) + ": " + kname() + ": " + std::to_string(groups) +
                      " work-groups in dimension " + std::to_string(d) +
                      " exceed the " + std::to_string(info.max_group_count[d]) +
                      " one launch may have on " + describeDevice(device) +
                      "; use larger groups or split the range into launches "
                      "with offsets");
    if (info.global_id_bits == 32 &&
        desc.global_offset[d] + groups * desc.local_size[d] > (1ull << 32))
      return fail(ACC_ERROR_INVALID_LAUNCH,
                  std::string(api) + ": " + kname() + ": the range in dimension " +
                      std::to_string(d) + " reaches past 2^32, but " +
                      describeDevice(device) +
                      " computes global ids in 32 bits; split the range");
  }
  if (info.max_work_group_size && groupSize > info.max_work_group_size)
    return fail(ACC_ERROR_INVALID_LAUNCH,
                std::string(api) + ": " + kname() + ": a work-group of " +
                    std::to_string(groupSize) + " work-items exceeds the limit "
                                                "of " +
                    std::to_string(info.max_work_group_size) + " of " +
                    describeDevice(device));
  if (props->max_work_group_size &&
      props->max_work_group_size < info.max_work_group_size &&
      groupSize > props->max_work_group_size)
    return fail(ACC_ERROR_INVALID_LAUNCH,
                std::string(api) + ": " + kname() + ": a work-group of " +
                    std::to_string(groupSize) + " work-items exceeds the " +
                    std::to_string(props->max_work_group_size) +
                    " this kernel can run with on " + describeDevice(device) +
                    " (its driver's limit for this kernel; see "
                    "acc_kernel_get_properties())");
  if (whole) {
    for (uint32_t d = 0; d < desc.work_dim; ++d)
      if (desc.global_size[d] % desc.local_size[d] != 0)
        return fail(ACC_ERROR_INVALID_LAUNCH,
                    std::string(api) + ": " + kname() +
                        ((k.flags & ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS)
                             ? std::string(" uses barriers")
                             : " runs whole work-groups only on " +
                                   describeDevice(device) +
                                   " (its code cannot retire the work-items "
                                   "of a rounded-up range)") +
                        ", so the local size must divide the global size, "
                        "but in dimension " +
                        std::to_string(d) + " the global size " +
                        std::to_string(desc.global_size[d]) +
                        " is not a multiple of the local size " +
                        std::to_string(desc.local_size[d]));
  }

  *outProps = props;
  return ACC_SUCCESS;
}

acc_result_t launch(acc_queue_t queue, acc_kernel_t kernel,
                    const acc_launch_config_t *config, uint32_t argCount,
                    const acc_arg_t *args) {
  ACC_CHECK(checkQueue(queue, "acc_launch: queue"));
  ACC_CHECK(checkKernel(kernel, "acc_launch: kernel"));
  const acc_kernel_info_t &k = *kernel->info;
  acc_device_s &device = *queue->device;
  const acc_device_info_t &info = device.info;
  // Messages are built only on failure: a valid launch allocates nothing.
  auto kname = [&] { return std::string("kernel '") + k.name + "'"; };

  if (kernel->module->device != &device)
    return fail(ACC_ERROR_INVALID_HANDLE,
                "acc_launch: " + kname() + " was loaded for " +
                    describeDevice(*kernel->module->device) +
                    ", but the queue belongs to " + describeDevice(device));
  if (argCount && !args)
    return fail(ACC_ERROR_INVALID_ARGUMENT,
                "acc_launch: args is NULL but arg_count is " +
                    std::to_string(argCount));
  acc_plugin_launch_desc_t desc{};
  const acc_kernel_properties_t *props = nullptr;
  ACC_CHECK(resolveRange("acc_launch", kernel, device, config, desc, &props));

  // Arguments.
  if (argCount != k.arg_count)
    return fail(ACC_ERROR_INVALID_LAUNCH,
                "acc_launch: " + kname() + " takes " +
                    std::to_string(k.arg_count) + " argument" +
                    (k.arg_count == 1 ? "" : "s") + ", but " +
                    std::to_string(argCount) + (argCount == 1 ? " was" : " were") +
                    " given");
  // The plugin's argument array: on the stack for the usual counts.
  constexpr uint32_t kInlineArgs = 32;
  acc_plugin_arg_t inlineArgs[kInlineArgs];
  std::vector<acc_plugin_arg_t> heapArgs;
  if (argCount > kInlineArgs)
    heapArgs.resize(argCount);
  acc_plugin_arg_t *pargs = argCount > kInlineArgs ? heapArgs.data() : inlineArgs;
  uint64_t localBytes = 0;
  for (uint32_t i = 0; i < argCount; ++i) {
    const acc_arg_info_t &ai = k.args[i];
    const acc_arg_t &a = args[i];
    if (a.kind != ai.kind)
      return fail(ACC_ERROR_INVALID_LAUNCH,
                  "acc_launch: " + describeArg(k, i) + " is " +
                      kindName(ai.kind) + " (" +
                      (ai.type_name ? ai.type_name : "") + "), but " +
                      kindName(a.kind) + " was given");
    acc_plugin_arg_t &p = pargs[i];
    p.kind = a.kind;
    switch (a.kind) {
    case ACC_ARG_KIND_BUFFER: {
      if (!liveBuffer(a.u.buffer)) {
        std::string what = "acc_launch: " + describeArg(k, i);
        return checkBuffer(a.u.buffer, what.c_str());
      }
      if (a.u.buffer->device != &device)
        return fail(ACC_ERROR_INVALID_HANDLE,
                    "acc_launch: " + describeArg(k, i) + " is a buffer of " +
                        describeDevice(*a.u.buffer->device) +
                        ", but the queue belongs to " + describeDevice(device));
      p.size = 0;
      p.u.buffer = a.u.buffer->handle;
      break;
    }
    case ACC_ARG_KIND_SCALAR:
      if (a.size != ai.size)
        return fail(ACC_ERROR_INVALID_LAUNCH,
                    "acc_launch: " + describeArg(k, i) + " is a " +
                        std::to_string(ai.size) + "-byte scalar (" +
                        (ai.type_name ? ai.type_name : "") + "), but " +
                        std::to_string(a.size) + " bytes were given");
      if (a.scalar_type != ACC_SCALAR_TYPE_NONE &&
          !scalarTypesMatch(ai.scalar_type, a.scalar_type)) {
        if (scalarTypeBytes(a.scalar_type) == 0)
          return fail(ACC_ERROR_INVALID_ARGUMENT,
                      "acc_launch: " + describeArg(k, i) +
                          ": scalar_type " + std::to_string(a.scalar_type) +
                          " is not an acc_scalar_type_t (build arguments "
                          "with acc_arg_f32(), acc_arg_i32(), ... or zero "
                          "the fields you do not set)");
        return fail(ACC_ERROR_INVALID_LAUNCH,
                    "acc_launch: " + describeArg(k, i) + " is " +
                        withArticle(declaredTypeSpelling(ai)) + ", but " +
                        withArticle(scalarTypeSpelling(a.scalar_type, a.size)) +
                        " was given");
      }
      if (!a.u.value)
        return fail(ACC_ERROR_INVALID_ARGUMENT,
                    "acc_launch: " + describeArg(k, i) +
                        " is a scalar whose value pointer is NULL");
      p.size = a.size;
      p.u.value = a.u.value;
      break;
    case ACC_ARG_KIND_LOCAL:
      if (a.size == 0)
        return fail(ACC_ERROR_INVALID_LAUNCH,
                    "acc_launch: " + describeArg(k, i) +
                        " is a local-memory argument; give its size in bytes");
      p.size = a.size;
      p.u.value = nullptr;
      localBytes += a.size;
      break;
    default:
      return fail(ACC_ERROR_INVALID_LAUNCH,
                  "acc_launch: " + describeArg(k, i) + " has unknown kind " +
                      std::to_string(a.kind));
    }
  }
  uint64_t staticLocal = props->static_local_memory_size;
  if (info.local_memory_size &&
      localBytes + staticLocal > info.local_memory_size)
    return fail(ACC_ERROR_INVALID_LAUNCH,
                "acc_launch: " + kname() + " asks for " +
                    std::to_string(localBytes + staticLocal) +
                    " bytes of local memory" +
                    (staticLocal ? " (" + std::to_string(staticLocal) +
                                       " of them its own local variables)"
                                 : std::string()) +
                    ", more than the " +
                    std::to_string(info.local_memory_size) + " of " +
                    describeDevice(device));
  desc.arg_count = argCount;
  desc.args = argCount ? pargs : nullptr;

  Backend &b = *device.backend;
  if (!b.table.launch)
    return missingEntry(b, "launch");
  std::lock_guard<std::mutex> lock(queue->mutex);
  clearPluginErrorFlag();
  return pluginResult(b, "launch",
                      b.table.launch(queue->handle, kernel->handle, &desc));
}

} // namespace

extern "C" ACC_API acc_result_t acc_launch(acc_queue_t queue,
                                           acc_kernel_t kernel,
                                           const acc_launch_config_t *config,
                                           uint32_t arg_count,
                                           const acc_arg_t *args) {
  return guard([&] { return launch(queue, kernel, config, arg_count, args); });
}

extern "C" ACC_API acc_result_t
acc_kernel_prepare(acc_kernel_t kernel, const acc_launch_config_t *config) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkKernel(kernel, "acc_kernel_prepare: kernel"));
    acc_device_s &device = *kernel->module->device;
    acc_plugin_launch_desc_t desc{};
    const acc_kernel_properties_t *props = nullptr;
    ACC_CHECK(resolveRange("acc_kernel_prepare", kernel, device, config, desc,
                           &props));
    Backend &b = *device.backend;
    if (!b.table.kernel_prepare)
      return ACC_SUCCESS; // Nothing to build ahead of the launch.
    clearPluginErrorFlag();
    return pluginResult(b, "kernel_prepare",
                        b.table.kernel_prepare(kernel->handle, &desc));
  });
}

extern "C" ACC_API acc_result_t
acc_kernel_get_properties(acc_kernel_t kernel, acc_kernel_properties_t *props) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkKernel(kernel, "acc_kernel_get_properties: kernel"));
    if (!props)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_kernel_get_properties: props is NULL");
    if (props->struct_size == 0)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_kernel_get_properties: props->struct_size is 0; set "
                  "it to sizeof(acc_kernel_properties_t)");
    const acc_kernel_properties_t *known = nullptr;
    ACC_CHECK(kernelProperties(*kernel, &known));
    uint32_t size = props->struct_size;
    std::memcpy(props, known,
                std::min<size_t>(size, sizeof(acc_kernel_properties_t)));
    props->struct_size = size;
    return ACC_SUCCESS;
  });
}
