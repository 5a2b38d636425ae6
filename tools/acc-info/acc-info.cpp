//===- acc-info.cpp - Describe acc plugins, devices and bundles -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// `acc-info` lists every plugin the runtime found (path, ABI version,
// status, devices and all their properties, or the reason it has none).
// `acc-info --bundle FILE` describes a bundle and rejects a damaged one.
// `--json` prints the same as JSON for scripts.
//
//===----------------------------------------------------------------------===//

#include "acc/acc.h"
#include "acc/bundle/Bundle.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

using nlohmann::json;

namespace {

const char *deviceTypeName(acc_device_type_t t) {
  switch (t) {
  case ACC_DEVICE_TYPE_CPU:
    return "cpu";
  case ACC_DEVICE_TYPE_GPU:
    return "gpu";
  case ACC_DEVICE_TYPE_ACCELERATOR:
    return "accelerator";
  default:
    return "other";
  }
}

std::vector<std::string> capNames(acc_device_caps_t caps) {
  std::vector<std::string> out;
  if (caps & ACC_DEVICE_CAP_FP64)
    out.push_back("fp64");
  if (caps & ACC_DEVICE_CAP_FP16)
    out.push_back("fp16");
  if (caps & ACC_DEVICE_CAP_INT64_ATOMICS)
    out.push_back("int64-atomics");
  if (caps & ACC_DEVICE_CAP_UNIFIED_MEMORY)
    out.push_back("unified-memory");
  if (caps & ACC_DEVICE_CAP_INT64)
    out.push_back("int64");
  if (caps & ACC_DEVICE_CAP_STORAGE_8BIT)
    out.push_back("8bit-storage");
  if (caps & ACC_DEVICE_CAP_STORAGE_16BIT)
    out.push_back("16bit-storage");
  if (caps & ACC_DEVICE_CAP_TIMESTAMPS)
    out.push_back("timestamps");
  if (caps & ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY)
    out.push_back("host-visible-memory");
  if (caps & ACC_DEVICE_CAP_PRINTF)
    out.push_back("printf");
  return out;
}

const char *kindName(acc_arg_kind_t k) {
  switch (k) {
  case ACC_ARG_KIND_BUFFER:
    return "buffer";
  case ACC_ARG_KIND_SCALAR:
    return "scalar";
  case ACC_ARG_KIND_LOCAL:
    return "local";
  default:
    return "unknown";
  }
}

const char *addressSpaceName(acc_address_space_t a) {
  switch (a) {
  case ACC_ADDRESS_SPACE_PRIVATE:
    return "private";
  case ACC_ADDRESS_SPACE_GLOBAL:
    return "global";
  case ACC_ADDRESS_SPACE_CONSTANT:
    return "constant";
  case ACC_ADDRESS_SPACE_LOCAL:
    return "local";
  default:
    return "unknown";
  }
}

const char *scalarTypeName(acc_scalar_type_t t) {
  static const char *const names[] = {"none", "bool", "i8",  "u8",  "i16",
                                      "u16",  "i32",  "u32", "i64", "u64",
                                      "f16",  "f32",  "f64"};
  return t < sizeof(names) / sizeof(names[0]) ? names[t] : "unknown";
}

std::string accessName(acc_access_flags_t a) {
  if ((a & ACC_ACCESS_READ) && (a & ACC_ACCESS_WRITE))
    return "read-write";
  if (a & ACC_ACCESS_READ)
    return "read";
  if (a & ACC_ACCESS_WRITE)
    return "write";
  return "none";
}

std::vector<std::string> kernelFlagNames(acc_kernel_flags_t f) {
  std::vector<std::string> out;
  if (f & ACC_KERNEL_FLAG_USES_FP64)
    out.push_back("uses-fp64");
  if (f & ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS)
    out.push_back("needs-uniform-groups");
  if (f & ACC_KERNEL_FLAG_USES_INT64_ATOMICS)
    out.push_back("uses-int64-atomics");
  if (f & ACC_KERNEL_FLAG_USES_INT64)
    out.push_back("uses-int64");
  if (f & ACC_KERNEL_FLAG_USES_8BIT_STORAGE)
    out.push_back("uses-8bit-storage");
  if (f & ACC_KERNEL_FLAG_USES_16BIT_STORAGE)
    out.push_back("uses-16bit-storage");
  if (f & ACC_KERNEL_FLAG_USES_FP16)
    out.push_back("uses-fp16");
  if (f & ACC_KERNEL_FLAG_USES_PRINTF)
    out.push_back("uses-printf");
  if (f & ACC_KERNEL_FLAG_USES_BARRIERS)
    out.push_back("uses-barriers");
  return out;
}

/// The JSON key and text label of an argument's place in the kernel's
/// resource layout (acc_arg_info_t::binding).
const char *layoutKey(acc_arg_kind_t k) {
  switch (k) {
  case ACC_ARG_KIND_BUFFER:
    return "binding";
  case ACC_ARG_KIND_SCALAR:
    return "offset";
  default:
    return "local_index";
  }
}
const char *layoutLabel(acc_arg_kind_t k) {
  switch (k) {
  case ACC_ARG_KIND_BUFFER:
    return "binding";
  case ACC_ARG_KIND_SCALAR:
    return "offset";
  default:
    return "local index";
  }
}

std::string join(const std::vector<std::string> &v, const char *sep = ", ") {
  std::string s;
  for (const auto &x : v)
    s += (s.empty() ? "" : sep) + x;
  return s.empty() ? "none" : s;
}

std::string humanBytes(uint64_t b) {
  char buf[64];
  if (b >= (1ull << 30))
    std::snprintf(buf, sizeof(buf), "%" PRIu64 " bytes (%.1f GiB)", b,
                  double(b) / double(1ull << 30));
  else if (b >= (1ull << 20))
    std::snprintf(buf, sizeof(buf), "%" PRIu64 " bytes (%.1f MiB)", b,
                  double(b) / double(1ull << 20));
  else if (b >= 1024)
    std::snprintf(buf, sizeof(buf), "%" PRIu64 " bytes (%.1f KiB)", b,
                  double(b) / 1024.0);
  else
    std::snprintf(buf, sizeof(buf), "%" PRIu64 " bytes", b);
  return buf;
}

json deviceJson(const acc_device_info_t &d) {
  json targets = json::array();
  for (acc_target_t t : d.targets) {
    if (!t)
      break;
    targets.push_back(acc::bundle::targetName(t));
  }
  return {{"name", d.name},
          {"vendor", d.vendor},
          {"driver_version", d.driver_version},
          {"backend", d.backend},
          {"type", deviceTypeName(d.type)},
          {"compute_units", d.compute_units},
          {"max_work_group_size", d.max_work_group_size},
          {"max_work_item_sizes",
           {d.max_work_item_sizes[0], d.max_work_item_sizes[1],
            d.max_work_item_sizes[2]}},
          {"capabilities", capNames(d.caps)},
          {"global_memory_size", d.global_memory_size},
          {"local_memory_size", d.local_memory_size},
          {"max_allocation_size", d.max_allocation_size},
          {"max_group_count",
           {d.max_group_count[0], d.max_group_count[1], d.max_group_count[2]}},
          {"subgroup_sizes", {d.subgroup_size_min, d.subgroup_size_max}},
          {"global_id_bits", d.global_id_bits ? d.global_id_bits : 64},
          {"min_buffer_offset_alignment", d.min_buffer_offset_alignment},
          {"max_scalar_block_size", d.max_scalar_block_size},
          {"targets", targets}};
}

int listPlugins(bool asJson) {
  uint32_t count = 0;
  acc_backend_count(&count);
  json out = {{"runtime_version", acc_version_string()},
              {"plugins", json::array()}};
  if (!asJson)
    std::printf("acc runtime %s\n%u plugin%s found\n", acc_version_string(),
                count, count == 1 ? "" : "s");
  if (count == 0 && !asJson)
    std::printf("\nNo plugin was found. Plugins are searched in ACC_PLUGIN_PATH "
                "and in acc/plugins beside libacc.so;\nrun with ACC_LOG=debug "
                "to see the folders searched.\n");
  for (uint32_t i = 0; i < count; ++i) {
    acc_backend_info_t b{};
    b.struct_size = sizeof(b);
    if (acc_backend_get_info(i, &b) != ACC_SUCCESS)
      continue;
    json pj = {{"name", b.name},
               {"path", b.plugin_path},
               {"version", b.version},
               {"abi_version", std::to_string(b.abi_major) + "." +
                                   std::to_string(b.abi_minor)},
               {"status", acc_result_name(b.status)},
               {"reason", b.status_message},
               {"devices", json::array()}};
    if (b.status == ACC_ERROR_PLUGIN_LOAD) {
      // Not loaded: only the file name's major is known.
      pj["abi_version"] = nullptr;
      pj["file_abi_major"] = b.abi_major;
    }
    if (!asJson) {
      std::printf("\nplugin %s\n", b.name);
      std::printf("  path:        %s\n", b.plugin_path);
      if (b.status == ACC_ERROR_PLUGIN_LOAD)
        std::printf("  ABI version: unknown (the file name says major %u)\n",
                    b.abi_major);
      else
        std::printf("  ABI version: %u.%u\n", b.abi_major, b.abi_minor);
      if (*b.version)
        std::printf("  version:     %s\n", b.version);
      if (b.status == ACC_SUCCESS)
        std::printf("  status:      ok, %u device%s\n", b.device_count,
                    b.device_count == 1 ? "" : "s");
      else
        std::printf("  status:      %s: %s\n", acc_result_name(b.status),
                    b.status_message);
    }
    for (uint32_t d = 0; d < b.device_count; ++d) {
      acc_device_t dev;
      acc_device_info_t info{};
      info.struct_size = sizeof(info);
      if (acc_device_get(b.first_device_index + d, &dev) != ACC_SUCCESS ||
          acc_device_get_info(dev, &info) != ACC_SUCCESS)
        continue;
      json dj = deviceJson(info);
      dj["index"] = b.first_device_index + d;
      dj["acc_backend"] = std::string(b.name) + ":" + std::to_string(d);
      pj["devices"].push_back(dj);
      if (asJson)
        continue;
      std::printf("  device %u (ACC_BACKEND=%s:%u): %s\n",
                  b.first_device_index + d, b.name, d, info.name);
      std::printf("    type:                %s\n", deviceTypeName(info.type));
      std::printf("    vendor:              %s\n", info.vendor);
      std::printf("    driver version:      %s\n", info.driver_version);
      std::printf("    compute units:       %u\n", info.compute_units);
      std::printf("    max work-group size: %u\n", info.max_work_group_size);
      std::printf("    max work-item sizes: %u x %u x %u\n",
                  info.max_work_item_sizes[0], info.max_work_item_sizes[1],
                  info.max_work_item_sizes[2]);
      std::printf("    capabilities:        %s\n",
                  join(capNames(info.caps)).c_str());
      std::printf("    global id bits:      %u\n",
                  info.global_id_bits ? info.global_id_bits : 64);
      if (info.max_group_count[0])
        std::printf("    max group count:     %u x %u x %u\n",
                    info.max_group_count[0], info.max_group_count[1],
                    info.max_group_count[2]);
      if (info.subgroup_size_max)
        std::printf("    subgroup sizes:      %u..%u\n", info.subgroup_size_min,
                    info.subgroup_size_max);
      if (info.max_scalar_block_size)
        std::printf("    max scalar block:    %u bytes\n",
                    info.max_scalar_block_size);
      std::printf("    global memory:       %s\n",
                  humanBytes(info.global_memory_size).c_str());
      std::printf("    local memory:        %s\n",
                  humanBytes(info.local_memory_size).c_str());
      std::printf("    max allocation:      %s\n",
                  humanBytes(info.max_allocation_size).c_str());
      std::vector<std::string> targets = dj["targets"];
      std::printf("    targets:             %s\n", join(targets).c_str());
    }
    out["plugins"].push_back(pj);
  }
  if (asJson)
    std::cout << out.dump(2) << "\n";
  return 0;
}

int describeBundle(const std::string &path, bool asJson) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes;
  if (in)
    bytes.assign(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
  acc::bundle::Bundle bundle;
  std::string error;
  bool ok = in ? acc::bundle::read(bytes.data(), bytes.size(), bundle, error)
               : acc::bundle::readFile(path, bundle, error);
  if (!ok) {
    std::fprintf(stderr, "acc-info: error: %s: %s\n", path.c_str(),
                 error.c_str());
    return 1;
  }
  // read() succeeded, so the header is there and the checksum matched.
  unsigned major = bytes[8] | (bytes[9] << 8);
  unsigned minor = bytes[10] | (bytes[11] << 8);
  uint64_t checksum = 0;
  for (int i = 7; i >= 0; --i)
    checksum = (checksum << 8) | bytes[24 + i];
  char sum[32];
  std::snprintf(sum, sizeof(sum), "0x%016" PRIx64, checksum);

  json j = {{"file", path},
            {"size", bytes.size()},
            {"format_version",
             std::to_string(major) + "." + std::to_string(minor)},
            {"producer", bundle.producer},
            {"checksum", sum},
            {"checksum_ok", true},
            {"code", json::array()},
            {"kernels", json::array()}};
  for (const auto &c : bundle.code) {
    json missing = json::array();
    for (const auto &m : c.missing)
      missing.push_back({{"kernel", bundle.kernels[m.kernel].name},
                         {"reason", m.reason}});
    j["code"].push_back({{"target", acc::bundle::targetName(c.target)},
                         {"arch", c.arch},
                         {"size", c.data.size()},
                         {"launch_abi", c.launchAbi},
                         {"missing_kernels", missing}});
  }
  for (const auto &k : bundle.kernels) {
    json kj = {{"name", k.name},
               {"flags", kernelFlagNames(k.flags)},
               {"required_work_group_size",
                {k.requiredLocalSize[0], k.requiredLocalSize[1],
                 k.requiredLocalSize[2]}},
               {"scalar_block_size", k.scalarBlockSize},
               {"args", json::array()}};
    for (const auto &a : k.args)
      kj["args"].push_back({{"name", a.name},
                            {"type", a.typeName},
                            {"kind", kindName(a.kind)},
                            {"address_space", addressSpaceName(a.addressSpace)},
                            {"access", accessName(a.access)},
                            {"scalar_type", scalarTypeName(a.scalarType)},
                            {"size", a.size},
                            {"alignment", a.alignment},
                            {layoutKey(a.kind), a.binding}});
    j["kernels"].push_back(kj);
  }
  if (asJson) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("bundle %s\n", path.c_str());
  std::printf("  format version: %u.%u\n", major, minor);
  std::printf("  size:           %zu bytes\n", bytes.size());
  std::printf("  producer:       %s\n",
              bundle.producer.empty() ? "(unknown)" : bundle.producer.c_str());
  std::printf("  checksum:       %s (ok)\n", sum);
  std::printf("  code objects:   %zu\n", bundle.code.size());
  for (const auto &c : bundle.code) {
    std::printf("    %-12s arch %-12s %zu bytes",
                acc::bundle::targetName(c.target),
                c.arch.empty() ? "-" : c.arch.c_str(), c.data.size());
    // Convention 0 is the rule, so only a later one is worth a word.
    if (c.launchAbi != 0)
      std::printf(", launch convention %u", c.launchAbi);
    std::printf("\n");
    for (const auto &m : c.missing)
      std::printf("      without %s: %s\n",
                  bundle.kernels[m.kernel].name.c_str(), m.reason.c_str());
  }
  std::printf("  kernels:        %zu\n", bundle.kernels.size());
  for (const auto &k : bundle.kernels) {
    std::printf("    %s\n", k.name.c_str());
    std::printf("      flags: %s\n", join(kernelFlagNames(k.flags)).c_str());
    if (k.requiredLocalSize[0])
      std::printf("      required work-group size: %u x %u x %u\n",
                  k.requiredLocalSize[0], k.requiredLocalSize[1],
                  k.requiredLocalSize[2]);
    std::printf("      scalar block: %u bytes\n", k.scalarBlockSize);
    for (size_t i = 0; i < k.args.size(); ++i) {
      const auto &a = k.args[i];
      std::printf("      arg %zu: %s %s: %s", i, a.typeName.c_str(),
                  a.name.c_str(), kindName(a.kind));
      if (a.kind == ACC_ARG_KIND_BUFFER)
        std::printf(", %s, %s", addressSpaceName(a.addressSpace),
                    accessName(a.access).c_str());
      std::printf(", %s, size %u, align %u, %s %u\n",
                  scalarTypeName(a.scalarType), a.size, a.alignment,
                  layoutLabel(a.kind), a.binding);
    }
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"acc-info: lists acc backend plugins, their devices and "
               "properties, or describes a bundle"};
  bool asJson = false;
  std::string bundlePath;
  std::vector<std::string> pluginPaths;
  app.add_flag("--json", asJson, "Print JSON for scripts");
  app.add_option("--bundle", bundlePath,
                 "Describe the bundle FILE instead of listing plugins")
      ->option_text("FILE");
  app.add_option("--plugin-path", pluginPaths,
                 "Extra plugin folder or file, searched first (repeatable)")
      ->option_text("PATH");
  app.set_version_flag("--version", std::string("acc-info ") +
                                        acc_version_string());
  CLI11_PARSE(app, argc, argv);

  if (!bundlePath.empty())
    return describeBundle(bundlePath, asJson);

  std::vector<const char *> paths;
  for (const auto &p : pluginPaths)
    paths.push_back(p.c_str());
  acc_init_options_t options;
  acc_init_options_init(&options);
  options.plugin_paths = paths.data();
  options.plugin_path_count = uint32_t(paths.size());
  if (acc_init(&options) != ACC_SUCCESS) {
    std::fprintf(stderr, "acc-info: error: %s\n", acc_last_error_message());
    return 1;
  }
  int rc = listPlugins(asJson);
  acc_shutdown();
  return rc;
}
