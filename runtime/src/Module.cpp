//===- Module.cpp - Loading bundles, modules and kernels ------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A module is a bundle loaded for one device: the runtime validates the
// bundle, picks the code object for the first target in the device's
// preference list that the bundle holds, and hands the plugin that code plus
// the kernels' metadata. The metadata (and its strings) stays owned by the
// runtime for as long as the module or one of its kernels is alive.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace acc::rt;

namespace acc::rt {

ModuleData::~ModuleData() {
  if (handle && device && device->backend->table.module_release)
    device->backend->table.module_release(handle);
}

} // namespace acc::rt

namespace {

/// Reads a whole file; fails with ACC_ERROR_IO naming the file.
acc_result_t readWholeFile(const char *path, std::vector<uint8_t> &out) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail(ACC_ERROR_IO, std::string("cannot open bundle '") + path +
                                  "': " + std::strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(ACC_ERROR_IO, std::string("cannot read bundle '") + path +
                                  "': it is not a regular file");
  }
  out.resize(size_t(st.st_size));
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return fail(ACC_ERROR_IO, std::string("cannot read bundle '") + path +
                                    "': " + std::strerror(err));
    }
    if (n == 0)
      break;
    done += size_t(n);
  }
  ::close(fd);
  out.resize(done);
  return ACC_SUCCESS;
}

std::string targetList(const acc_device_info_t &info) {
  std::string list;
  for (acc_target_t t : info.targets) {
    if (t == ACC_TARGET_NONE)
      break;
    list += (list.empty() ? "" : ", ") + std::string(acc::bundle::targetName(t));
  }
  return list.empty() ? std::string("nothing") : list;
}

acc_result_t loadModule(acc_device_s *device, const void *data, size_t size,
                        const std::string &label, acc_module_t *out) {
  auto md = std::make_shared<ModuleData>();
  std::string error;
  if (!acc::bundle::read(data, size, md->bundle, error))
    return fail(ACC_ERROR_INVALID_BUNDLE, label + ": " + error);

  // The device's first target whose code holds every kernel; failing that,
  // its first target that the bundle holds at all (the kernels that code
  // leaves out are refused by name, with the reason).
  const acc::bundle::CodeObject *chosen = nullptr, *complete = nullptr;
  for (acc_target_t t : device->info.targets) {
    if (t == ACC_TARGET_NONE || complete)
      break;
    for (const auto &c : md->bundle.code)
      if (c.target == t) {
        if (!chosen)
          chosen = &c;
        if (c.missing.empty()) {
          complete = &c;
          break;
        }
      }
  }
  if (complete)
    chosen = complete;
  if (!chosen) {
    std::string has, flags;
    std::vector<std::string> flagList;
    for (const auto &c : md->bundle.code) {
      has += (has.empty() ? "" : ", ") +
             std::string(acc::bundle::targetName(c.target)) +
             (c.arch.empty() ? "" : " (" + c.arch + ")");
      const char *f = targetFlagName(c.target);
      if (std::find(flagList.begin(), flagList.end(), f) == flagList.end())
        flagList.push_back(f);
    }
    if (device->info.targets[0] != ACC_TARGET_NONE) {
      const char *want = targetFlagName(device->info.targets[0]);
      if (std::find(flagList.begin(), flagList.end(), want) == flagList.end())
        flagList.push_back(want);
    }
    for (const auto &f : flagList)
      flags += (flags.empty() ? "" : ",") + f;
    return fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
                label + ": the bundle has no code for backend '" +
                    device->backend->name + "' (" + describeDevice(*device) +
                    " accepts " + targetList(device->info) +
                    "); it holds code for " +
                    (has.empty() ? std::string("no target at all") : has) +
                    ". Recompile it with acc-cc --targets=" + flags);
  }

  md->device = device;
  md->target = chosen->target;
  md->args.resize(md->bundle.kernels.size());
  md->kernels.resize(md->bundle.kernels.size());
  for (size_t k = 0; k < md->bundle.kernels.size(); ++k) {
    const acc::bundle::KernelInfo &src = md->bundle.kernels[k];
    std::vector<acc_arg_info_t> &args = md->args[k];
    args.resize(src.args.size());
    for (size_t a = 0; a < src.args.size(); ++a) {
      const acc::bundle::ArgInfo &s = src.args[a];
      acc_arg_info_t &d = args[a];
      d = {};
      d.name = s.name.c_str();
      d.type_name = s.typeName.c_str();
      d.kind = s.kind;
      d.address_space = s.addressSpace;
      d.access = s.access;
      d.scalar_type = s.scalarType;
      d.size = s.size;
      d.alignment = s.alignment;
      // Validated by the bundle reader (binding, offset or local index).
      d.binding = s.binding;
    }
    acc_kernel_info_t &ki = md->kernels[k];
    ki = {};
    ki.name = src.name.c_str();
    ki.arg_count = uint32_t(args.size());
    ki.flags = src.flags;
    ki.args = args.empty() ? nullptr : args.data();
    for (int d = 0; d < 3; ++d)
      ki.required_local_size[d] = src.requiredLocalSize[d];
    ki.scalar_block_size = src.scalarBlockSize;
  }

  Backend &b = *device->backend;
  if (!b.table.module_create)
    return missingEntry(b, "module_create");
  // The code objects of the chosen target, in bundle order (acc-cc puts
  // the most capable architecture first: x86-64-v4, -v3, -v2): the first
  // one the plugin accepts wins; ACC_ERROR_NO_CODE_FOR_BACKEND ("this CPU
  // lacks AVX-512") moves on to the next.
  acc_result_t r = ACC_ERROR_NO_CODE_FOR_BACKEND;
  std::string refusals;
  std::vector<acc_kernel_info_t> present;
  for (const auto &c : md->bundle.code) {
    if (c.target != chosen->target)
      continue;
    // A plugin older than ABI 1.2 never looks at launch_abi (a reserved
    // field to it), so it must not get code of a later convention.
    if (c.launchAbi != 0 && b.abiMinor < 2) {
      r = ACC_ERROR_ABI_VERSION;
      refusals += (refusals.empty() ? "" : "; ") + std::string("the ") +
                  acc::bundle::targetName(c.target) + " code (" + c.arch +
                  ") follows launch convention " +
                  std::to_string(c.launchAbi) + ", but backend '" + b.name +
                  "' was built for plugin ABI " + std::to_string(b.abiMajor) +
                  "." + std::to_string(b.abiMinor) +
                  ", which predates launch conventions: rebuild the plugin "
                  "against plugin ABI " + std::to_string(ACC_PLUGIN_ABI_MAJOR) +
                  "." + std::to_string(ACC_PLUGIN_ABI_MINOR);
      continue;
    }
    // The plugin sees only the kernels the code holds.
    present.clear();
    for (size_t k = 0; k < md->kernels.size(); ++k)
      if (!c.missingReason(uint32_t(k)))
        present.push_back(md->kernels[k]);
    acc_plugin_module_desc_t desc{};
    desc.struct_size = sizeof(desc);
    desc.target = c.target;
    desc.code = c.data.data();
    desc.code_size = c.data.size();
    desc.arch = c.arch.c_str();
    desc.kernel_count = uint32_t(present.size());
    desc.launch_abi = c.launchAbi;
    desc.kernels = present.empty() ? nullptr : present.data();
    clearPluginErrorFlag();
    r = b.table.module_create(device->handle, &desc, &md->handle);
    if (r == ACC_SUCCESS) {
      md->missing.assign(md->kernels.size(), std::string());
      for (const auto &m : c.missing)
        md->missing[m.kernel] = m.reason;
      break;
    }
    md->handle = nullptr;
    pluginResult(b, "module_create", r);
    if (r != ACC_ERROR_NO_CODE_FOR_BACKEND)
      return fail(r, label + ": " + lastErrorMessage());
    refusals += (refusals.empty() ? "" : "; ") + lastErrorMessage();
  }
  if (r != ACC_SUCCESS)
    return fail(r, label + ": " + refusals);
  // The plugin copied what it needs; drop every code object.
  for (auto &c : md->bundle.code)
    std::vector<uint8_t>().swap(c.data);

  auto module = std::make_unique<acc_module_s>();
  module->data = std::move(md);
  {
    std::lock_guard<std::mutex> lock(stateMutex());
    statePtr()->modules.insert(module.get());
  }
  *out = module.release();
  return ACC_SUCCESS;
}

} // namespace

extern "C" ACC_API acc_result_t acc_module_load_file(acc_device_t device,
                                                     const char *path,
                                                     acc_module_t *out_module) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkDevice(device, "acc_module_load_file: device"));
    if (!path)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_module_load_file: path is NULL");
    if (!out_module)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_module_load_file: out_module is NULL");
    std::vector<uint8_t> bytes;
    ACC_CHECK(readWholeFile(path, bytes));
    return loadModule(device, bytes.data(), bytes.size(), path, out_module);
  });
}

extern "C" ACC_API acc_result_t acc_module_load_memory(acc_device_t device,
                                                       const void *data,
                                                       size_t size,
                                                       acc_module_t *out_module) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkDevice(device, "acc_module_load_memory: device"));
    if (!data && size)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_module_load_memory: data is NULL");
    if (!out_module)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_module_load_memory: out_module is NULL");
    return loadModule(device, data, size, "bundle in memory", out_module);
  });
}

extern "C" ACC_API acc_result_t acc_module_release(acc_module_t module) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkModule(module, "acc_module_release: module"));
    {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->modules.erase(module);
    }
    delete module; // The plugin module goes when the last kernel does.
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_module_kernel_count(acc_module_t module,
                                                        uint32_t *out_count) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkModule(module, "acc_module_kernel_count: module"));
    if (!out_count)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_module_kernel_count: out_count is NULL");
    *out_count = uint32_t(module->data->kernels.size());
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_module_kernel_info(
    acc_module_t module, uint32_t index, const acc_kernel_info_t **out_info) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkModule(module, "acc_module_kernel_info: module"));
    if (!out_info)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_module_kernel_info: out_info is NULL");
    const auto &kernels = module->data->kernels;
    if (index >= kernels.size())
      return fail(ACC_ERROR_NOT_FOUND,
                  "acc_module_kernel_info: kernel index " +
                      std::to_string(index) + " is out of range (the module "
                                              "has " +
                      std::to_string(kernels.size()) + " kernels)");
    *out_info = &kernels[index];
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_kernel_get(acc_module_t module,
                                               const char *name,
                                               acc_kernel_t *out_kernel) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkModule(module, "acc_kernel_get: module"));
    if (!name)
      return fail(ACC_ERROR_INVALID_ARGUMENT, "acc_kernel_get: name is NULL");
    if (!out_kernel)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_kernel_get: out_kernel is NULL");
    const std::shared_ptr<ModuleData> &md = module->data;
    const acc_kernel_info_t *info = nullptr;
    std::string names;
    for (const acc_kernel_info_t &k : md->kernels) {
      if (!std::strcmp(k.name, name))
        info = &k;
      names += (names.empty() ? "" : ", ") + std::string(k.name);
    }
    if (!info)
      return fail(ACC_ERROR_NOT_FOUND,
                  std::string("acc_kernel_get: the module has no kernel '") +
                      name + "'; it has " +
                      (names.empty() ? std::string("no kernels") : names));
    Backend &b = *md->device->backend;
    const std::string &missing = md->missing[size_t(info - md->kernels.data())];
    if (!missing.empty())
      return fail(ACC_ERROR_UNSUPPORTED,
                  std::string("acc_kernel_get: kernel '") + name +
                      "' cannot run on " + describeDevice(*md->device) +
                      ": the bundle's " +
                      acc::bundle::targetName(md->target) +
                      " code leaves it out (" + missing +
                      "); run it on a backend whose target holds it (acc-info "
                      "--bundle lists them) or change the kernel");
    if (!b.table.kernel_get)
      return missingEntry(b, "kernel_get");
    auto kernel = std::make_unique<acc_kernel_s>();
    kernel->module = md;
    kernel->info = info;
    clearPluginErrorFlag();
    ACC_CHECK(pluginResult(b, "kernel_get",
                           b.table.kernel_get(md->handle, name,
                                              &kernel->handle)));
    {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->kernels.insert(kernel.get());
    }
    *out_kernel = kernel.release();
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_kernel_release(acc_kernel_t kernel) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkKernel(kernel, "acc_kernel_release: kernel"));
    {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->kernels.erase(kernel);
    }
    delete kernel;
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_kernel_info(acc_kernel_t kernel,
                                                const acc_kernel_info_t **out_info) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkKernel(kernel, "acc_kernel_info: kernel"));
    if (!out_info)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_kernel_info: out_info is NULL");
    *out_info = kernel->info;
    return ACC_SUCCESS;
  });
}
