//===- Loader.cpp - Plugin discovery and loading --------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Finds backend plugins in a documented, deterministic order (see
// docs/runtime-api.md, "Plugin discovery"), loads each backend name once,
// checks the ABI, and records every failure with its reason so that
// acc-info can show it. Nothing a plugin file does (not a library, missing
// symbol, wrong version, failing init) makes acc_init() fail.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include "acc/validation/Validation.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <sys/stat.h>

namespace acc::rt {
namespace {

/// The smallest table a 1.x plugin may have: every 1.0 entry point.
constexpr uint32_t kMinTableSize = offsetof(acc_plugin_v1_t, ops);

const acc_plugin_host_v1_t kHost = {
    sizeof(acc_plugin_host_v1_t), 0, &hostSetError,
    [](acc_log_level_t level, const char *message) {
      try {
        log(level, message ? message : "");
      } catch (...) {
      }
    }};

/// A plugin file found by the search.
struct Candidate {
  std::string path;
  /// From libacc_plugin_<name>.so.<major>; empty for explicit files with
  /// another name.
  std::string fileName;
  std::string backendName;
  long fileMajor = -1;
};

/// Parses libacc_plugin_<name>.so.<major>. <name> is [a-z0-9_-]+.
bool parsePluginFileName(const std::string &file, std::string &name,
                         long &major) {
  static const std::string prefix = "libacc_plugin_";
  if (file.compare(0, prefix.size(), prefix) != 0)
    return false;
  size_t so = file.rfind(".so.");
  if (so == std::string::npos || so <= prefix.size())
    return false;
  std::string n = file.substr(prefix.size(), so - prefix.size());
  std::string m = file.substr(so + 4);
  if (m.empty() || m.size() > 6 ||
      !std::all_of(m.begin(), m.end(), [](char c) { return std::isdigit((unsigned char)c); }))
    return false;
  if (!std::all_of(n.begin(), n.end(), [](char c) {
        return std::islower((unsigned char)c) || std::isdigit((unsigned char)c) ||
               c == '_' || c == '-';
      }))
    return false;
  name = n;
  major = std::strtol(m.c_str(), nullptr, 10);
  return true;
}

std::string baseName(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool isDirectory(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool isFile(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
}

class Search {
public:
  void addFolder(const std::string &dir, const char *origin) {
    if (dir.empty())
      return;
    if (!isDirectory(dir)) {
      log(ACC_LOG_LEVEL_INFO, std::string("plugin folder ") + dir + " (" +
                                  origin + ") does not exist; skipped");
      return;
    }
    DIR *d = ::opendir(dir.c_str());
    if (!d) {
      log(ACC_LOG_LEVEL_WARN, std::string("cannot list plugin folder ") + dir +
                                  " (" + origin + "): " + std::strerror(errno));
      return;
    }
    std::vector<std::string> files;
    while (struct dirent *e = ::readdir(d)) {
      std::string name, file = e->d_name;
      long major;
      if (parsePluginFileName(file, name, major))
        files.push_back(file);
    }
    ::closedir(d);
    std::sort(files.begin(), files.end());
    log(ACC_LOG_LEVEL_DEBUG, std::string("searching ") + dir + " (" + origin +
                                 "): " + std::to_string(files.size()) +
                                 " plugin file(s)");
    std::string prefix = dir.back() == '/' ? dir : dir + "/";
    for (const std::string &file : files)
      addFile(prefix + file);
  }

  void addFile(const std::string &path) {
    char real[PATH_MAX];
    std::string key = ::realpath(path.c_str(), real) ? std::string(real) : path;
    if (!seen_.insert(key).second) {
      log(ACC_LOG_LEVEL_DEBUG, path + " was already found; skipped");
      return;
    }
    Candidate c;
    c.path = path;
    c.fileName = baseName(path);
    if (!parsePluginFileName(c.fileName, c.backendName, c.fileMajor)) {
      c.backendName.clear();
      c.fileMajor = -1;
    }
    candidates.push_back(std::move(c));
  }

  std::vector<Candidate> candidates;

private:
  std::set<std::string> seen_;
};


/// Preference order when ACC_BACKEND is unset: the order of the backend
/// table in the design brief (docs/runtime-api.md).
int backendRank(const std::string &name) {
  static const char *const order[] = {"cpu",  "opencl", "vulkan",    "gles",
                                      "cuda", "hip",    "level-zero"};
  for (int i = 0; i < 7; ++i)
    if (name == order[i])
      return i;
  return 7;
}

std::string dlerrorString() {
  const char *e = ::dlerror();
  return e ? e : "unknown dlopen error";
}

/// Unloads the plugin, and gives back its validation-layer slot first.
void closeLibrary(Backend &b) {
  if (b.validationTable)
    acc::validation::release(b.validationTable);
  b.validationTable = nullptr;
  if (b.library)
    ::dlclose(b.library);
  b.library = nullptr;
}

/// Whether ACC_VALIDATE asks for the validation layer ("1", "on", "yes").
bool validationRequested() {
  const char *env = std::getenv("ACC_VALIDATE");
  if (!env)
    return false;
  std::string v = env;
  return v == "1" || v == "on" || v == "yes" || v == "true";
}

/// Fills `b` by loading `c`. On return, b.status says how far it got.
void loadOne(Backend &b, const Candidate &c) {
  b.path = c.path;
  b.name = c.backendName.empty() ? c.fileName : c.backendName;
  b.abiMajor = c.fileMajor > 0 ? uint32_t(c.fileMajor) : 0;

  ::dlerror();
  b.library = ::dlopen(c.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!b.library) {
    b.status = ACC_ERROR_PLUGIN_LOAD;
    b.statusMessage = "cannot load the plugin: " + dlerrorString();
    return;
  }
  ::dlerror();
  void *sym = ::dlsym(b.library, ACC_PLUGIN_ENTRY_NAME);
  if (!sym) {
    b.status = ACC_ERROR_PLUGIN_LOAD;
    b.statusMessage = std::string("the library does not export the plugin "
                                  "entry point ") +
                      ACC_PLUGIN_ENTRY_NAME + ", so it is not an acc plugin";
    return;
  }
  auto query = reinterpret_cast<acc_plugin_query_fn_t>(sym);
  const acc_plugin_v1_t *table = nullptr;
  clearPluginErrorFlag();
  acc_result_t r = query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &table);
  if (r != ACC_SUCCESS) {
    std::string reason = pluginErrorFlag() ? lastErrorMessage()
                                           : std::string("no reason given");
    b.status = r == ACC_ERROR_ABI_VERSION ? ACC_ERROR_ABI_VERSION
                                          : ACC_ERROR_PLUGIN_LOAD;
    if (r == ACC_ERROR_ABI_VERSION)
      b.statusMessage =
          "the plugin refused this runtime's plugin ABI " +
          std::to_string(ACC_PLUGIN_ABI_MAJOR) + "." +
          std::to_string(ACC_PLUGIN_ABI_MINOR) +
          (c.fileMajor >= 0 ? " (its file name says ABI major " +
                                  std::to_string(c.fileMajor) + ")"
                            : std::string()) +
          ": " + reason + "; rebuild it against this release of acc";
    else
      b.statusMessage = std::string(ACC_PLUGIN_ENTRY_NAME) + " failed with " +
                        acc_result_name(r) + ": " + reason;
    return;
  }
  if (!table) {
    b.status = ACC_ERROR_PLUGIN_LOAD;
    b.statusMessage = std::string(ACC_PLUGIN_ENTRY_NAME) +
                      " succeeded but returned no function table";
    return;
  }
  b.abiMajor = table->abi_major;
  b.abiMinor = table->abi_minor;
  if (table->abi_major != ACC_PLUGIN_ABI_MAJOR) {
    b.status = ACC_ERROR_ABI_VERSION;
    b.statusMessage = "the plugin was built for plugin ABI " +
                      std::to_string(table->abi_major) + "." +
                      std::to_string(table->abi_minor) +
                      ", but this runtime speaks ABI " +
                      std::to_string(ACC_PLUGIN_ABI_MAJOR) + "." +
                      std::to_string(ACC_PLUGIN_ABI_MINOR) +
                      "; rebuild the plugin against this release of acc";
    return;
  }
  if (table->struct_size < kMinTableSize) {
    b.status = ACC_ERROR_PLUGIN_LOAD;
    b.statusMessage = "the plugin's function table is " +
                      std::to_string(table->struct_size) +
                      " bytes, smaller than the " +
                      std::to_string(kMinTableSize) +
                      " bytes every ABI 1.x table has";
    return;
  }
  // ACC_VALIDATE=1 puts the validation layer between libacc and the plugin:
  // every call libacc makes is checked against the ABI's valid usage first.
  if (validationRequested()) {
    if (const acc_plugin_v1_t *checked = acc::validation::wrap(table)) {
      table = checked;
      b.validationTable = checked;
    }
    else
      log(ACC_LOG_LEVEL_WARN, "ACC_VALIDATE: no validation slot is left for " +
                                  c.path + "; it runs without the layer");
  }
  // Read only what the plugin declared; newer entries stay NULL.
  std::memcpy(&b.table, table,
              std::min<size_t>(table->struct_size, sizeof(acc_plugin_v1_t)));
  b.table.struct_size = table->struct_size;
  // A 1.0 plugin's 1.1 entries are its reserved[0..2], which 1.0 says are
  // NULL; do not trust them to be.
  if (table->abi_minor < 1) {
    b.table.ops = nullptr;
    b.table.buffer_map = nullptr;
    b.table.buffer_unmap = nullptr;
  }
  // Likewise the 1.3 entry of an older table is its reserved[0].
  if (table->abi_minor < 3) {
    b.table.kernel_suggest_local_size = nullptr;
    b.table.kernel_prepare = nullptr;
  }
  // The operation table is copied up to its own struct_size as well.
  if (b.table.ops) {
    const acc_plugin_ops_v1_t *ops = b.table.ops;
    std::memcpy(&b.ops, ops,
                std::min<size_t>(ops->struct_size, sizeof(acc_plugin_ops_v1_t)));
    b.ops.struct_size = ops->struct_size;
  }
  if (b.table.version)
    b.version = b.table.version;
  std::string declared = b.table.name ? b.table.name : "";
  if (declared.empty()) {
    b.status = ACC_ERROR_PLUGIN_LOAD;
    b.statusMessage = "the plugin's table has no backend name";
    return;
  }
  if (!c.backendName.empty() && declared != c.backendName)
    log(ACC_LOG_LEVEL_WARN, c.path + " calls its backend '" + declared +
                                "', not '" + c.backendName +
                                "' as its file name says; using '" + declared +
                                "'");
  b.name = declared;
  const char *missing = !b.table.init            ? "init"
                        : !b.table.shutdown      ? "shutdown"
                        : !b.table.device_count  ? "device_count"
                        : !b.table.device_get    ? "device_get"
                        : !b.table.device_get_info ? "device_get_info"
                                                 : nullptr;
  if (missing) {
    b.status = ACC_ERROR_PLUGIN_LOAD;
    b.statusMessage = std::string("the plugin's table lacks the required "
                                  "entry ") +
                      missing;
    return;
  }
  b.status = ACC_ERROR_NO_DEVICE; // Loaded; devices come next.
}

/// Calls init() and enumerates devices of a loaded plugin.
void initOne(Backend &b) {
  clearPluginErrorFlag();
  b.initCalled = true;
  acc_result_t r = b.table.init(&kHost);
  std::string reason = pluginErrorFlag() ? lastErrorMessage() : std::string();
  if (r != ACC_SUCCESS) {
    b.status = r == ACC_ERROR_NO_DEVICE ? ACC_ERROR_NO_DEVICE : r;
    b.statusMessage = reason.empty() ? std::string("init failed with ") +
                                           acc_result_name(r)
                                     : reason;
    return;
  }
  uint32_t count = 0;
  clearPluginErrorFlag();
  r = b.table.device_count(&count);
  if (r != ACC_SUCCESS) {
    b.status = r;
    b.statusMessage = pluginErrorFlag() ? lastErrorMessage()
                                        : std::string("device_count failed");
    return;
  }
  if (count == 0) {
    b.status = ACC_ERROR_NO_DEVICE;
    b.statusMessage = "the plugin found no device";
    return;
  }
  std::vector<std::unique_ptr<acc_device_s>> devices;
  for (uint32_t i = 0; i < count; ++i) {
    auto d = std::make_unique<acc_device_s>();
    d->backend = &b;
    d->localIndex = i;
    clearPluginErrorFlag();
    r = b.table.device_get(i, &d->handle);
    if (r == ACC_SUCCESS) {
      d->info.struct_size = sizeof(acc_device_info_t);
      r = b.table.device_get_info(d->handle, &d->info);
    }
    if (r != ACC_SUCCESS) {
      b.status = r;
      b.statusMessage = "cannot query device " + std::to_string(i) + ": " +
                        (pluginErrorFlag() ? lastErrorMessage()
                                           : std::string(acc_result_name(r)));
      return;
    }
    d->info.struct_size = sizeof(acc_device_info_t);
    d->info.name[sizeof(d->info.name) - 1] = 0;
    d->info.vendor[sizeof(d->info.vendor) - 1] = 0;
    d->info.driver_version[sizeof(d->info.driver_version) - 1] = 0;
    std::snprintf(d->info.backend, sizeof(d->info.backend), "%s",
                  b.name.c_str());
    devices.push_back(std::move(d));
  }
  b.devices = std::move(devices);
  b.status = ACC_SUCCESS;
  b.statusMessage.clear();
}

} // namespace

std::string libraryFolder() {
  Dl_info info;
  if (::dladdr(reinterpret_cast<void *>(&acc_init), &info) == 0 ||
      !info.dli_fname)
    return {};
  std::string path = info.dli_fname;
  char real[PATH_MAX];
  if (::realpath(path.c_str(), real))
    path = real;
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

void loadPlugins(State &state, const acc_init_options_t *options) {
  if (const char *env = std::getenv("ACC_PLUGIN_OPS"))
    state.pluginOps = std::strcmp(env, "0") != 0;
  Search search;
  bool defaults = true;
  if (options) {
    defaults = !(options->flags & ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS);
    for (uint32_t i = 0; i < options->plugin_path_count; ++i) {
      const char *p = options->plugin_paths ? options->plugin_paths[i] : nullptr;
      if (!p || !*p)
        continue;
      if (isFile(p))
        search.addFile(p);
      else
        search.addFolder(p, "acc_init options");
    }
  }
  if (defaults) {
    if (const char *env = std::getenv("ACC_PLUGIN_PATH")) {
      std::string list = env;
      size_t start = 0;
      while (start <= list.size()) {
        size_t colon = list.find(':', start);
        if (colon == std::string::npos)
          colon = list.size();
        search.addFolder(list.substr(start, colon - start), "ACC_PLUGIN_PATH");
        start = colon + 1;
      }
    }
    std::string lib = libraryFolder();
    if (!lib.empty())
      search.addFolder(lib + "/acc/plugins", "beside libacc");
  }

  std::map<std::string, const Backend *> loadedByName;
  for (const Candidate &c : search.candidates) {
    if (!c.backendName.empty() && loadedByName.count(c.backendName)) {
      log(ACC_LOG_LEVEL_INFO, "plugin " + c.path + " skipped: backend '" +
                                  c.backendName + "' was already loaded from " +
                                  loadedByName[c.backendName]->path);
      continue;
    }
    auto b = std::make_unique<Backend>();
    loadOne(*b, c);
    if (b->loaded() && loadedByName.count(b->name)) {
      log(ACC_LOG_LEVEL_INFO, "plugin " + c.path + " skipped: backend '" +
                                  b->name + "' was already loaded from " +
                                  loadedByName[b->name]->path);
      closeLibrary(*b);
      continue;
    }
    if (b->loaded()) {
      b->initPending = true;
      b->statusMessage = "the plugin is loaded but not initialised yet";
      loadedByName[b->name] = b.get();
    } else {
      log(ACC_LOG_LEVEL_WARN, "plugin " + c.path + " not loaded: " +
                                  b->statusMessage);
    }
    state.backends.push_back(std::move(b));
  }

  std::stable_sort(state.backends.begin(), state.backends.end(),
                   [](const std::unique_ptr<Backend> &x,
                      const std::unique_ptr<Backend> &y) {
                     int rx = backendRank(x->name), ry = backendRank(y->name);
                     if (rx != ry)
                       return rx < ry;
                     return rx == 7 && x->name < y->name;
                   });
}

void initBackends(State &state, const std::string *name) {
  bool changed = false;
  for (auto &b : state.backends) {
    if (!b->initPending || (name && b->name != *name))
      continue;
    b->initPending = false;
    changed = true;
    initOne(*b);
    if (b->status == ACC_ERROR_NO_DEVICE)
      log(ACC_LOG_LEVEL_INFO, "backend " + b->name + " has no device: " +
                                  b->statusMessage);
    else if (b->status != ACC_SUCCESS)
      log(ACC_LOG_LEVEL_WARN, "backend " + b->name + " failed to initialise: " +
                                  b->statusMessage);
    else
      log(ACC_LOG_LEVEL_INFO, "backend " + b->name + " loaded from " + b->path +
                                  " with " + std::to_string(b->devices.size()) +
                                  " device(s)");
  }
  if (!changed)
    return;
  // A device keeps the index it was first given for the whole process (an
  // application may hold it, and messages quote it): the devices of the
  // backends initialised by this call are appended in backend order after
  // those numbered already. When every backend is initialised at once (the
  // usual first call) that is plain backend order.
  for (auto &b : state.backends) {
    if (b->devices.empty() || state.liveDevices.count(b->devices.front().get()))
      continue;
    b->firstDevice = uint32_t(state.devices.size());
    for (auto &d : b->devices) {
      d->index = uint32_t(state.devices.size());
      state.devices.push_back(d.get());
      state.liveDevices.insert(d.get());
    }
  }
}

void unloadPlugins(State &state) {
  // Queues first so pending work finishes while its buffers still exist.
  for (acc_queue_s *q : state.queues) {
    Backend &b = *q->device->backend;
    if (b.table.queue_release)
      b.table.queue_release(q->handle);
    delete q;
  }
  state.queues.clear();
  for (acc_event_s *e : state.events) {
    Backend &b = *e->device->backend;
    if (b.table.event_release)
      b.table.event_release(e->handle);
    delete e;
  }
  state.events.clear();
  for (acc_kernel_s *k : state.kernels)
    delete k;
  state.kernels.clear();
  for (acc_module_s *m : state.modules)
    delete m;
  state.modules.clear();
  for (acc_buffer_s *buf : state.buffers) {
    Backend &b = *buf->device->backend;
    if (b.table.buffer_release)
      b.table.buffer_release(buf->handle);
    delete buf;
  }
  state.buffers.clear();
  state.liveDevices.clear();
  state.devices.clear();
  for (auto &b : state.backends) {
    if (b->initCalled && b->table.shutdown)
      b->table.shutdown();
    b->devices.clear();
    closeLibrary(*b);
  }
  state.backends.clear();
}

const char *targetFlagName(acc_target_t target) {
  switch (target) {
  case ACC_TARGET_CPU_X86_64:
  case ACC_TARGET_CPU_AARCH64:
    return "cpu";
  default:
    return bundle::targetName(target);
  }
}

} // namespace acc::rt
