//===- module.cpp - Loading CPU code objects ------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A CPU code object is an ELF shared object (acc/acc_cpu_abi.h). It arrives
// as bytes from the bundle and is loaded without touching the filesystem:
// the bytes go into an anonymous memfd, which is dlopen()ed through
// /proc/self/fd/N. Where memfd_create is unavailable (old kernels, seccomp)
// the bytes go to a mkstemp() file under $TMPDIR that is unlinked as soon as
// dlopen() returns.
//
// The memfd stays open until the module is released: glibc recognises an
// already-loaded object by its path, so a second module must never be loaded
// through the same /proc/self/fd/N while the first is alive.
//
// Kernel code may call the C math library. The first module load makes
// libm.so.6 global (RTLD_GLOBAL), so the object's undefined math symbols
// resolve whether or not the application linked libm.
//
//===----------------------------------------------------------------------===//
#include "cpu_plugin.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

using namespace acc::cpu;

namespace {

#if defined(__x86_64__)
constexpr acc_target_t kHostTarget = ACC_TARGET_CPU_X86_64;
constexpr uint16_t kHostMachine = EM_X86_64;
constexpr const char *kHostArch = "x86-64";
#elif defined(__aarch64__)
constexpr acc_target_t kHostTarget = ACC_TARGET_CPU_AARCH64;
constexpr uint16_t kHostMachine = EM_AARCH64;
constexpr const char *kHostArch = "aarch64";
#else
constexpr acc_target_t kHostTarget = ACC_TARGET_NONE;
constexpr uint16_t kHostMachine = EM_NONE;
constexpr const char *kHostArch = "this host";
#endif

const char *machineName(uint16_t machine) {
  switch (machine) {
  case EM_X86_64:
    return "x86-64";
  case EM_AARCH64:
    return "aarch64";
  case EM_386:
    return "i386";
  case EM_RISCV:
    return "riscv";
  default:
    return "an unknown machine";
  }
}

/// Rejects bytes that are not a 64-bit little-endian ELF shared object for
/// this host, with a clearer message than dlopen() would give.
void checkElf(const void *code, uint64_t size) {
  if (size < sizeof(Elf64_Ehdr))
    fail(ACC_ERROR_INVALID_BUNDLE,
         "CPU code object is too small to be an ELF file (" +
             std::to_string(size) + " bytes)");
  Elf64_Ehdr header;
  std::memcpy(&header, code, sizeof(header));
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
    fail(ACC_ERROR_INVALID_BUNDLE, "CPU code object is not an ELF file");
  if (header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_ident[EI_DATA] != ELFDATA2LSB)
    fail(ACC_ERROR_INVALID_BUNDLE,
         "CPU code object is not a 64-bit little-endian ELF file");
  if (header.e_type != ET_DYN)
    fail(ACC_ERROR_INVALID_BUNDLE,
         "CPU code object is not a shared object (ELF type " +
             std::to_string(header.e_type) + ")");
  if (header.e_machine != kHostMachine)
    fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
         std::string("CPU code object is for ") +
             machineName(header.e_machine) + ", this host is " + kHostArch);

  // glibc maps the segments without checking them against the file size;
  // touching a page past the end of a truncated object raises SIGBUS. So
  // every segment the loader maps must lie inside the bytes we were given.
  const char *truncated = "CPU code object is truncated or damaged: ";
  if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phnum == 0 ||
      header.e_phoff > size ||
      uint64_t(header.e_phnum) * sizeof(Elf64_Phdr) > size - header.e_phoff)
    fail(ACC_ERROR_INVALID_BUNDLE,
         std::string(truncated) + "program headers lie outside the file");
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment;
    std::memcpy(&segment,
                static_cast<const char *>(code) + header.e_phoff +
                    i * sizeof(Elf64_Phdr),
                sizeof(segment));
    if (segment.p_type != PT_LOAD && segment.p_type != PT_DYNAMIC)
      continue;
    if (segment.p_offset > size || segment.p_filesz > size - segment.p_offset)
      fail(ACC_ERROR_INVALID_BUNDLE,
           std::string(truncated) + "segment " + std::to_string(i) +
               " ends at byte " +
               std::to_string(segment.p_offset + segment.p_filesz) +
               " of a " + std::to_string(size) + "-byte file");
  }
}

/// Makes libm's symbols global once per process (see the file comment).
void preloadMathLibrary() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!dlopen("libm.so.6", RTLD_NOW | RTLD_GLOBAL)) {
      const char *reason = dlerror();
      log(ACC_LOG_LEVEL_WARN,
          std::string("cannot load libm.so.6 (kernels calling math "
                      "functions will fail to load): ") +
              (reason ? reason : "unknown error"));
    }
  });
}

void writeAll(int fd, const void *data, uint64_t size, const char *what) {
  const char *bytes = static_cast<const char *>(data);
  while (size > 0) {
    ssize_t written = ::write(fd, bytes, size);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      fail(ACC_ERROR_IO, std::string("cannot write the CPU code object to ") +
                             what + ": " + std::strerror(errno));
    }
    bytes += written;
    size -= static_cast<uint64_t>(written);
  }
}

std::string dlopenError() {
  const char *reason = dlerror();
  return reason ? reason : "unknown dlopen error";
}

/// Loads the object through a memfd; returns false (and leaves the module
/// untouched) when memfd_create is not available.
bool loadFromMemfd(Module &module, const void *code, uint64_t size) {
  int fd = memfd_create("acc-cpu-code-object", MFD_CLOEXEC);
  if (fd < 0)
    return false;
  try {
    writeAll(fd, code, size, "a memfd");
  } catch (...) {
    ::close(fd);
    throw;
  }
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    std::string reason = dlopenError();
    ::close(fd);
    // /proc may not be mounted (some containers): let the caller fall back.
    if (::access("/proc/self/fd", F_OK) != 0)
      return false;
    fail(ACC_ERROR_INVALID_BUNDLE,
         "cannot load the CPU code object: " + reason);
  }
  module.handle = handle;
  module.fd = fd;
  return true;
}

/// Loads the object through a temporary file that is unlinked at once.
void loadFromTempFile(Module &module, const void *code, uint64_t size) {
  const char *dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") +
                     "/acc-cpu-code-object-XXXXXX";
  int fd = mkstemp(&path[0]);
  if (fd < 0)
    fail(ACC_ERROR_IO, "cannot create a temporary file for the CPU code "
                       "object in " +
                           path + ": " + std::strerror(errno));
  try {
    writeAll(fd, code, size, path.c_str());
  } catch (...) {
    ::close(fd);
    ::unlink(path.c_str());
    throw;
  }
  ::close(fd);
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  std::string reason = handle ? std::string() : dlopenError();
  ::unlink(path.c_str());
  if (!handle)
    fail(ACC_ERROR_INVALID_BUNDLE,
         "cannot load the CPU code object: " + reason);
  module.handle = handle;
}

/// Copies the metadata of one kernel and resolves its entry point.
std::unique_ptr<Kernel> bindKernel(Module &module,
                                   const acc_kernel_info_t &info) {
  if (!info.name || !*info.name)
    fail(ACC_ERROR_INVALID_BUNDLE, "kernel metadata without a name");
  if (info.arg_count > 0 && !info.args)
    fail(ACC_ERROR_INVALID_BUNDLE, std::string("kernel '") + info.name +
                                       "': metadata lists " +
                                       std::to_string(info.arg_count) +
                                       " arguments but no argument table");
  auto kernel = std::make_unique<Kernel>();
  kernel->module = &module;
  kernel->name = info.name;
  kernel->flags = info.flags;
  for (int d = 0; d < 3; ++d)
    kernel->requiredLocalSize[d] = info.required_local_size[d];
  kernel->argKinds.reserve(info.arg_count);
  kernel->argSizes.reserve(info.arg_count);
  for (uint32_t i = 0; i < info.arg_count; ++i) {
    kernel->argKinds.push_back(info.args[i].kind);
    kernel->argSizes.push_back(info.args[i].size);
  }

  std::string symbol = ACC_CPU_KERNEL_SYMBOL_PREFIX + kernel->name;
  dlerror();
  void *entry = dlsym(module.handle, symbol.c_str());
  if (!entry)
    fail(ACC_ERROR_INVALID_BUNDLE,
         "CPU code object has no entry point for kernel '" + kernel->name +
             "' (symbol " + symbol + " not found)");
  kernel->entry = reinterpret_cast<acc_cpu_kernel_fn_t>(entry);
  return kernel;
}

/// Refuses code for an instruction-set level this CPU lacks: x86-64
/// bundles carry one code object per level (x86-64-v4, -v3, -v2), best
/// first, and the runtime offers them in that order.
void checkArch(const char *arch) {
  std::string a = arch ? arch : "";
#if defined(__x86_64__)
  if (a.empty() || a == "x86-64")
    return;
  struct Level {
    const char *name;
    bool supported;
    const char *what;
  };
  const Level levels[] = {
      {"x86-64-v2", __builtin_cpu_supports("x86-64-v2") != 0,
       "SSE4.2 and POPCNT"},
      {"x86-64-v3", __builtin_cpu_supports("x86-64-v3") != 0, "AVX2 and FMA"},
      {"x86-64-v4", __builtin_cpu_supports("x86-64-v4") != 0, "AVX-512"},
  };
  for (const Level &l : levels)
    if (a == l.name) {
      if (!l.supported)
        fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
             "CPU code object is for " + a + ", which needs " + l.what +
                 "; this CPU lacks it");
      return;
    }
  // A later level: refuse it, a runtime offers the next code object.
  // Other names ("host", from hand-built objects) are taken as they are.
  if (a.rfind("x86-64-v", 0) == 0)
    fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
         "CPU code object is for " + a +
             ", an x86-64 level this plugin does not know");
#else
  (void)a; // The ELF machine check covers other hosts.
#endif
}

} // namespace

Module *Backend::moduleCreateImpl(Device &device,
                               const acc_plugin_module_desc_t &desc) {
  if (desc.target != kHostTarget)
    fail(ACC_ERROR_NO_CODE_FOR_BACKEND,
         "module_create: code target " + std::to_string(desc.target) +
             " is not the CPU target of this host (" + kHostArch + ")");
  if (desc.code_size == 0)
    fail(ACC_ERROR_INVALID_BUNDLE,
         "module_create: the CPU code object is empty (0 bytes)");
  checkElf(desc.code, desc.code_size);
  checkArch(desc.arch);

  preloadMathLibrary();

  auto module = std::make_unique<Module>();
  module->device = &device;
  if (!loadFromMemfd(*module, desc.code, desc.code_size))
    loadFromTempFile(*module, desc.code, desc.code_size);

  // From here on a failure must unload the object again.
  try {
    dlerror();
    const void *version = dlsym(module->handle, ACC_CPU_ABI_VERSION_SYMBOL);
    if (!version)
      fail(ACC_ERROR_INVALID_BUNDLE,
           "CPU code object does not export " ACC_CPU_ABI_VERSION_SYMBOL
           "; it was not produced by acc-cc");
    uint32_t objectVersion;
    std::memcpy(&objectVersion, version, sizeof(objectVersion));
    if (objectVersion != ACC_CPU_ABI_VERSION)
      fail(ACC_ERROR_ABI_VERSION,
           "code object was built for CPU ABI " +
               std::to_string(objectVersion) + ", this plugin speaks " +
               std::to_string(ACC_CPU_ABI_VERSION) +
               "; recompile with this acc-cc");

    module->kernels.reserve(desc.kernel_count);
    for (uint32_t i = 0; i < desc.kernel_count; ++i)
      module->kernels.push_back(bindKernel(*module, desc.kernels[i]));
  } catch (...) {
    Backend::moduleReleaseImpl(module.release());
    throw;
  }
  log(ACC_LOG_LEVEL_DEBUG, "loaded a CPU code object of " +
                               std::to_string(desc.code_size) + " bytes with " +
                               std::to_string(desc.kernel_count) + " kernels");
  return module.release();
}

void Backend::moduleReleaseImpl(Module *module) {
  // Launches of its kernels may still be queued.
  finishAllQueues();
  module->kernels.clear();
  if (module->handle)
    dlclose(module->handle);
  if (module->fd >= 0)
    ::close(module->fd);
  delete module;
}

Kernel &Backend::kernelGetImpl(Module &module, const char *name) {
  return plugin::findKernel(module.kernels, name);
}
