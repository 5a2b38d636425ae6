//===- AbiTests.cpp - acc-cts layer 1: the plugin's C ABI, called directly -===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The plugin is dlopen'ed and spoken to exactly as libacc does, through
// acc_plugin_query() and the table it returns, with a host table of our own
// that records every set_error() call per thread. For each entry point of
// docs/plugin-abi.md there is a success case and one case per error the
// page lists for it. Every failing call must have called set_error() on the
// calling thread with the same code and a non-empty message, and no
// successful call may call it.
//
// The runtime normally validates ranges, handles and launches before the
// plugin sees them; the cases here that pass bad values directly check the
// errors the ABI tables list for the plugin itself.
//
//===----------------------------------------------------------------------===//
#include "Support.h"

#include "acc/acc_plugin.h"
#include "acc/validation/Validation.h"

#include <dlfcn.h>
#include <elf.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>

using namespace cts;

namespace {

//===----------------------------------------------------------------------===//
// The host table
//===----------------------------------------------------------------------===//

struct HostRecord {
  unsigned calls = 0;
  acc_result_t code = ACC_SUCCESS;
  std::string message;
};
thread_local HostRecord tRecord;

void hostSetError(acc_result_t result, const char *message) {
  ++tRecord.calls;
  tRecord.code = result;
  tRecord.message = message ? message : "";
}

void hostLog(acc_log_level_t level, const char *message) {
  if (verbose())
    std::printf("         plugin log (%u): %s\n", static_cast<unsigned>(level),
                message ? message : "(null)");
}

const acc_plugin_host_v1_t kHost = {sizeof(acc_plugin_host_v1_t), 0,
                                    hostSetError, hostLog};

void beginCall() { tRecord = HostRecord{}; }

/// Checks one call's result against the allowed codes and the set_error
/// rules. Returns the result.
acc_result_t endCall(acc_result_t got, std::initializer_list<acc_result_t> allowed,
                     const char *expr, const char *file, int line) {
  HostRecord record = tRecord;
  if (!oneOf(got, allowed))
    fail(file, line,
         str(expr, " returned ", resultName(got), ", expected ",
             resultList(allowed),
             got != ACC_SUCCESS ? ": " + record.message : std::string()));
  if (got != ACC_SUCCESS) {
    if (record.calls == 0)
      fail(file, line,
           str(expr, " failed with ", resultName(got),
               " without calling host->set_error() on this thread"));
    else if (record.message.empty())
      fail(file, line,
           str(expr, " failed with ", resultName(got),
               " but set_error() gave an empty message"));
    else if (record.code != got)
      fail(file, line,
           str(expr, " returned ", resultName(got), " but called set_error(",
               resultName(record.code), ", \"", record.message, "\")"));
    note(str(expr, " -> ", resultName(got), ": ", record.message));
  } else if (record.calls != 0) {
    fail(file, line,
         str(expr, " succeeded but called set_error(", resultName(record.code),
             ", \"", record.message, "\"); set_error is for failures only"));
  }
  return got;
}

#define ABI_EXPECT(expr, ...)                                                  \
  endCall((beginCall(), (expr)), {__VA_ARGS__}, #expr, __FILE__, __LINE__)
#define ABI_OK(expr)                                                           \
  do {                                                                         \
    if (ABI_EXPECT(expr, ACC_SUCCESS) != ACC_SUCCESS)                          \
      throw AbortTest{};                                                       \
  } while (0)

//===----------------------------------------------------------------------===//
// The fixture: one loaded plugin, initialised on demand
//===----------------------------------------------------------------------===//

struct AbiState {
  bool loadTried = false;
  void *library = nullptr;
  std::string loadError;
  acc_plugin_query_fn_t query = nullptr;
  const acc_plugin_v1_t *raw = nullptr;
  /// The table copied up to its struct_size, the rest zero, as libacc does.
  acc_plugin_v1_t t{};

  bool initialized = false;
  acc_result_t initResult = ACC_SUCCESS;
  std::string initMessage;
  uint32_t deviceCount = 0;
  acc_plugin_device_t device = nullptr;
  acc_device_info_t info{};
};
AbiState S;

void load() {
  S.loadTried = true;
  S.library = dlopen(config().pluginPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!S.library) {
    const char *e = dlerror();
    S.loadError = str("dlopen failed: ", e ? e : "?");
    return;
  }
  S.query = reinterpret_cast<acc_plugin_query_fn_t>(
      dlsym(S.library, ACC_PLUGIN_ENTRY_NAME));
  if (!S.query) {
    S.loadError = "the plugin does not export " ACC_PLUGIN_ENTRY_NAME;
    return;
  }
  const acc_plugin_v1_t *table = nullptr;
  acc_result_t r =
      S.query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &table);
  if (r != ACC_SUCCESS || !table) {
    S.loadError = str(ACC_PLUGIN_ENTRY_NAME "(1, 0) returned ", resultName(r),
                      table ? "" : " and no table");
    S.query = nullptr;
    return;
  }
  if (table->abi_major != ACC_PLUGIN_ABI_MAJOR ||
      table->struct_size < offsetof(acc_plugin_v1_t, ops)) {
    S.loadError = str("the table says ABI ", table->abi_major, ".",
                      table->abi_minor, " with struct_size ",
                      table->struct_size);
    S.query = nullptr;
    return;
  }
  S.raw = table;
  // Every call goes through the validation layer, as libacc's do with
  // ACC_VALIDATE=1: a case that breaks the ABI's valid usage on purpose
  // (a range outside a buffer, a released handle) is answered by the layer
  // with the code the ABI lists, and the plugin, which trusts its caller,
  // never sees it. The plugin's own answers are to valid calls.
  if (const acc_plugin_v1_t *checked = acc::validation::wrap(table))
    table = checked;
  std::memcpy(&S.t, table,
              std::min<size_t>(table->struct_size, sizeof(acc_plugin_v1_t)));
  // 1.0 tables have no 1.1 entries (their reserved[0..2]); the runtime
  // ignores them.
  if (table->abi_minor < 1) {
    S.t.ops = nullptr;
    S.t.buffer_map = nullptr;
    S.t.buffer_unmap = nullptr;
  }
  if (!S.t.init || !S.t.shutdown || !S.t.device_count || !S.t.device_get ||
      !S.t.device_get_info) {
    S.loadError = "a required entry (init, shutdown, device_count, "
                  "device_get, device_get_info) is NULL";
    S.query = nullptr;
  }
}

/// The plugin, loaded and its table accepted; otherwise the test is skipped
/// (abi.load reports why).
void requireLoaded() {
  if (!S.loadTried)
    load();
  if (!S.query)
    skip("the plugin did not load: " + S.loadError);
}

void shutdownPlugin() {
  if (S.initialized) {
    S.t.shutdown();
    S.initialized = false;
    S.device = nullptr;
    S.deviceCount = 0;
  }
}

/// Calls init() with our host table unless the plugin is initialised.
void initPlugin() {
  requireLoaded();
  if (S.initialized)
    return;
  beginCall();
  S.initResult = S.t.init(&kHost);
  S.initMessage = tRecord.message;
  S.initialized = true;
  S.deviceCount = 0;
  S.device = nullptr;
  if (S.initResult != ACC_SUCCESS) {
    if (S.initResult == ACC_ERROR_NO_DEVICE)
      noteNoDevice(S.initMessage.empty() ? "init returned ACC_ERROR_NO_DEVICE"
                                         : S.initMessage);
    return;
  }
  uint32_t count = 0;
  if (S.t.device_count(&count) != ACC_SUCCESS)
    return;
  S.deviceCount = count;
  if (count == 0) {
    noteNoDevice("the plugin initialised but reports 0 devices");
    return;
  }
  noteHasDevice();
  acc_plugin_device_t device = nullptr;
  if (S.t.device_get(0, &device) != ACC_SUCCESS)
    return;
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  if (S.t.device_get_info(device, &info) != ACC_SUCCESS)
    return;
  S.device = device;
  S.info = info;
}

/// An initialised plugin (init returned ACC_SUCCESS).
void requireInit() {
  initPlugin();
  if (S.initResult == ACC_ERROR_NO_DEVICE)
    skip("no device: " + S.initMessage);
  if (S.initResult != ACC_SUCCESS) {
    fail(__FILE__, __LINE__,
         str("init failed with ", resultName(S.initResult), ": ",
             S.initMessage));
    throw AbortTest{};
  }
}

/// Device 0 of an initialised plugin.
acc_plugin_device_t requireDevice() {
  requireInit();
  if (S.deviceCount == 0)
    skip("no device: the plugin reports 0 devices");
  if (!S.device) {
    fail(__FILE__, __LINE__, "device_get(0) or device_get_info failed");
    throw AbortTest{};
  }
  return S.device;
}

/// Skips the test when an optional entry is NULL.
template <typename F> void requireEntry(F *entry, const char *name) {
  if (!entry)
    skip(str("the plugin does not implement ", name,
             " (an optional entry; the API call returns "
             "ACC_ERROR_NOT_IMPLEMENTED)"));
}

//===----------------------------------------------------------------------===//
// RAII owners for plugin objects created by tests
//===----------------------------------------------------------------------===//

struct PBuffer {
  acc_plugin_buffer_t h = nullptr;
  PBuffer() = default;
  PBuffer(uint64_t size, acc_buffer_flags_t flags = ACC_BUFFER_READ_WRITE) {
    requireEntry(S.t.buffer_create, "buffer_create");
    ABI_OK(S.t.buffer_create(requireDevice(), size, flags, &h));
  }
  ~PBuffer() {
    if (h && S.initialized && S.t.buffer_release)
      ABI_EXPECT(S.t.buffer_release(h), ACC_SUCCESS);
  }
  PBuffer(const PBuffer &) = delete;
  PBuffer &operator=(const PBuffer &) = delete;
};

struct PQueue {
  acc_plugin_queue_t h = nullptr;
  PQueue() {
    requireEntry(S.t.queue_create, "queue_create");
    ABI_OK(S.t.queue_create(requireDevice(), &h));
  }
  ~PQueue() {
    if (h && S.initialized && S.t.queue_release)
      ABI_EXPECT(S.t.queue_release(h), ACC_SUCCESS);
  }
  PQueue(const PQueue &) = delete;
  PQueue &operator=(const PQueue &) = delete;
};

/// The kernels of a bundle as the C structs module_create takes.
struct KernelTable {
  std::vector<std::vector<acc_arg_info_t>> args;
  std::vector<acc_kernel_info_t> kernels;

  /// The kernels `code` holds, as the runtime passes them: the bundle's
  /// less those the code object leaves out (null: every kernel).
  explicit KernelTable(const acc::bundle::Bundle &bundle,
                       const acc::bundle::CodeObject *code = nullptr) {
    args.resize(bundle.kernels.size());
    for (size_t k = 0; k < bundle.kernels.size(); ++k) {
      if (code && std::any_of(code->missing.begin(), code->missing.end(),
                              [&](const acc::bundle::MissingKernel &m) {
                                return m.kernel == k;
                              }))
        continue;
      const auto &src = bundle.kernels[k];
      for (const auto &a : src.args) {
        acc_arg_info_t info{};
        info.name = a.name.c_str();
        info.type_name = a.typeName.c_str();
        info.kind = a.kind;
        info.address_space = a.addressSpace;
        info.access = a.access;
        info.scalar_type = a.scalarType;
        info.size = a.size;
        info.alignment = a.alignment;
        info.binding = a.binding;
        args[k].push_back(info);
      }
      acc_kernel_info_t info{};
      info.name = src.name.c_str();
      info.arg_count = static_cast<uint32_t>(src.args.size());
      info.flags = src.flags;
      info.scalar_block_size = src.scalarBlockSize;
      info.args = args[k].empty() ? nullptr : args[k].data();
      std::memcpy(info.required_local_size, src.requiredLocalSize,
                  sizeof(info.required_local_size));
      kernels.push_back(info);
    }
  }
};

acc_plugin_module_desc_t moduleDesc(const acc::bundle::CodeObject &code,
                                    const KernelTable &table) {
  acc_plugin_module_desc_t desc{};
  desc.struct_size = sizeof(desc);
  desc.target = code.target;
  desc.code = code.data.data();
  desc.code_size = code.data.size();
  desc.arch = code.arch.c_str();
  desc.launch_abi = code.launchAbi;
  desc.kernel_count = static_cast<uint32_t>(table.kernels.size());
  desc.kernels = table.kernels.data();
  return desc;
}

/// The code object of `file` the device prefers; skips if there is none.
const acc::bundle::CodeObject &deviceCode(const std::string &file) {
  requireDevice();
  const acc::bundle::CodeObject *code =
      pickCode(testBundle(file), S.info.targets);
  if (!code)
    skip(str(file, " has no code for this device (it accepts ",
             targetList(S.info.targets), "); acc-cc lacks that target"));
  return *code;
}

struct PModule {
  acc_plugin_module_t h = nullptr;
  explicit PModule(const std::string &file) {
    requireEntry(S.t.module_create, "module_create");
    const acc::bundle::CodeObject &code = deviceCode(file);
    KernelTable table(testBundle(file), &code);
    acc_plugin_module_desc_t desc = moduleDesc(code, table);
    ABI_OK(S.t.module_create(S.device, &desc, &h));
    this->code = &code;
    bundle = &testBundle(file);
  }
  const acc::bundle::CodeObject *code = nullptr;
  const acc::bundle::Bundle *bundle = nullptr;
  ~PModule() {
    if (h && S.initialized && S.t.module_release)
      ABI_EXPECT(S.t.module_release(h), ACC_SUCCESS);
  }
  acc_plugin_kernel_t kernel(const char *name) {
    requireEntry(S.t.kernel_get, "kernel_get");
    // A kernel the device's code leaves out (a limit of its target, with
    // the compiler's reason) is not this plugin's to run.
    for (const acc::bundle::MissingKernel &m : code->missing)
      if (bundle->kernels[m.kernel].name == name)
        skip(str("the device's code leaves kernel '", name,
                 "' out: ", m.reason));
    acc_plugin_kernel_t k = nullptr;
    ABI_OK(S.t.kernel_get(h, name, &k));
    return k;
  }
  PModule(const PModule &) = delete;
  PModule &operator=(const PModule &) = delete;
};

acc_plugin_arg_t bufferArg(const PBuffer &b) {
  acc_plugin_arg_t a{};
  a.kind = ACC_ARG_KIND_BUFFER;
  a.size = 0;
  a.u.buffer = b.h;
  return a;
}

template <typename T> acc_plugin_arg_t scalarArg(const T &value) {
  acc_plugin_arg_t a{};
  a.kind = ACC_ARG_KIND_SCALAR;
  a.size = sizeof(T);
  a.u.value = &value;
  return a;
}

acc_plugin_launch_desc_t launch1d(uint64_t global, uint32_t local,
                                  uint64_t offset,
                                  const std::vector<acc_plugin_arg_t> &args) {
  acc_plugin_launch_desc_t d{};
  d.struct_size = sizeof(d);
  d.work_dim = 1;
  d.global_size[0] = global;
  d.global_size[1] = d.global_size[2] = 1;
  d.global_offset[0] = offset;
  d.local_size[0] = local;
  d.local_size[1] = d.local_size[2] = 1;
  d.arg_count = static_cast<uint32_t>(args.size());
  d.args = args.data();
  return d;
}

std::vector<uint32_t> readU32(acc_plugin_queue_t q, const PBuffer &b,
                              size_t count) {
  std::vector<uint32_t> out(count);
  ABI_OK(S.t.buffer_read(q, b.h, 0, count * 4, out.data(), true));
  return out;
}

void requireTransfers() {
  requireEntry(S.t.buffer_write, "buffer_write");
  requireEntry(S.t.buffer_read, "buffer_read");
  requireEntry(S.t.queue_finish, "queue_finish");
}

void requireLaunch() {
  requireTransfers();
  requireEntry(S.t.launch, "launch");
}

std::vector<uint32_t> iotaReference(uint64_t n, uint64_t offset, uint32_t mul,
                                    uint32_t add) {
  std::vector<uint32_t> ref(n);
  for (uint64_t i = 0; i < n; ++i)
    ref[i] = static_cast<uint32_t>(i + offset) * mul + add;
  return ref;
}

//===----------------------------------------------------------------------===//
// Loading and version negotiation
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.load") {
  if (!S.loadTried)
    load();
  CTS_REQUIRE(S.query != nullptr, S.loadError);
}

CTS_TEST(Layer::Abi, "abi.file_name") {
  requireLoaded();
  std::string path = config().pluginPath;
  std::string file = path.substr(path.rfind('/') + 1);
  std::string expected = str("libacc_plugin_", S.t.name ? S.t.name : "",
                             ".so.", ACC_PLUGIN_ABI_MAJOR);
  CTS_CHECK(file == expected,
            str("the file is named '", file, "'; a plugin whose table says '",
                S.t.name ? S.t.name : "", "' must be named '", expected,
                "' to be found by discovery"));
}

CTS_TEST(Layer::Abi, "abi.query.ok") {
  requireLoaded();
  const acc_plugin_v1_t *a = nullptr, *b = nullptr;
  CTS_CHECK(S.query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &a) ==
                ACC_SUCCESS,
            "query(1, 0) failed");
  CTS_CHECK(S.query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, &b) ==
                ACC_SUCCESS,
            "a second query(1, 0) failed");
  CTS_CHECK(a && a == b, "the table must have static storage: two queries "
                         "returned different pointers");
}

CTS_TEST(Layer::Abi, "abi.query.newer_runtime_minor") {
  requireLoaded();
  const acc_plugin_v1_t *table = nullptr;
  acc_result_t r = S.query(ACC_PLUGIN_ABI_MAJOR, 99, &table);
  CTS_CHECK(r == ACC_SUCCESS,
            str("a 1.99 runtime must be accepted (minors only append); got ",
                resultName(r)));
  CTS_CHECK(r != ACC_SUCCESS || (table && table->abi_major == 1),
            "the table for a 1.99 runtime must still say major 1");
}

CTS_TEST(Layer::Abi, "abi.query.wrong_major") {
  requireLoaded();
  for (uint32_t major : {0u, ACC_PLUGIN_ABI_MAJOR + 1u, 0xffffffffu}) {
    const acc_plugin_v1_t *table = nullptr;
    acc_result_t r = S.query(major, 0, &table);
    bool refused = r == ACC_ERROR_ABI_VERSION ||
                   (r == ACC_SUCCESS && table && table->abi_major != major);
    CTS_CHECK(refused,
              str("query(", major, ", 0) returned ", resultName(r),
                  table ? str(" with a table of ABI ", table->abi_major)
                        : std::string(),
                  "; expected ACC_ERROR_ABI_VERSION or a table whose "
                  "abi_major differs"));
  }
}

CTS_TEST(Layer::Abi, "abi.query.null_out") {
  requireLoaded();
  acc_result_t r = S.query(ACC_PLUGIN_ABI_MAJOR, ACC_PLUGIN_ABI_MINOR, nullptr);
  CTS_CHECK(r == ACC_ERROR_INVALID_ARGUMENT,
            str("query with out_table NULL returned ", resultName(r)));
}

CTS_TEST(Layer::Abi, "abi.table.header") {
  requireLoaded();
  const acc_plugin_v1_t &t = *S.raw;
  CTS_CHECK(t.struct_size >= offsetof(acc_plugin_v1_t, ops),
            str("struct_size ", t.struct_size, " < ",
                offsetof(acc_plugin_v1_t, ops), " (every ABI 1.0 entry)"));
  CTS_CHECK(t.abi_major == ACC_PLUGIN_ABI_MAJOR,
            str("abi_major is ", t.abi_major));
  CTS_CHECK(t.reserved0 == 0, str("reserved0 is ", t.reserved0));
  CTS_CHECK(t.name && t.name[0], "name is NULL or empty");
  if (t.name) {
    bool ok = true;
    for (const char *p = t.name; *p; ++p)
      ok = ok && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  *p == '_' || *p == '-');
    CTS_CHECK(ok, str("name '", t.name, "' is not [a-z0-9_-]+"));
  }
  CTS_CHECK(t.version && t.version[0], "version is NULL or empty");
  note(str("table: ", t.name ? t.name : "?", " ", t.version ? t.version : "?",
           ", ABI ", t.abi_major, ".", t.abi_minor, ", ", t.struct_size,
           " bytes"));
}

CTS_TEST(Layer::Abi, "abi.table.entries") {
  requireLoaded();
  const acc_plugin_v1_t &t = S.t;
  CTS_CHECK(t.init && t.shutdown && t.device_count && t.device_get &&
                t.device_get_info,
            "init, shutdown, device_count, device_get and device_get_info "
            "are required");
  // The reserved tail of a table of this ABI or an older one, where it has
  // one, is NULL (a 1.0 table's reserved[0] is now `ops`).
  if (S.raw->abi_minor <= ACC_PLUGIN_ABI_MINOR &&
      S.raw->struct_size >= sizeof(acc_plugin_v1_t)) {
    if (S.raw->abi_minor == 0)
      CTS_CHECK(!S.raw->ops && !S.raw->buffer_map && !S.raw->buffer_unmap,
                "reserved[0..2] (now ops, buffer_map, buffer_unmap) are not "
                "NULL in an ABI 1.0 table");
    for (size_t i = 0; i < sizeof(S.raw->reserved) / sizeof(void *); ++i)
      CTS_CHECK(S.raw->reserved[i] == nullptr,
                str("reserved[", i, "] is not NULL in an ABI ",
                    S.raw->abi_minor == 0 ? "1.0" : "1.1", " table"));
  }
  std::string missing;
  const struct {
    const void *entry;
    const char *name;
  } optional[] = {
      {(const void *)t.buffer_create, "buffer_create"},
      {(const void *)t.buffer_release, "buffer_release"},
      {(const void *)t.queue_create, "queue_create"},
      {(const void *)t.queue_release, "queue_release"},
      {(const void *)t.queue_finish, "queue_finish"},
      {(const void *)t.buffer_write, "buffer_write"},
      {(const void *)t.buffer_read, "buffer_read"},
      {(const void *)t.buffer_copy, "buffer_copy"},
      {(const void *)t.buffer_fill, "buffer_fill"},
      {(const void *)t.module_create, "module_create"},
      {(const void *)t.module_release, "module_release"},
      {(const void *)t.kernel_get, "kernel_get"},
      {(const void *)t.launch, "launch"},
      {(const void *)t.queue_record_event, "queue_record_event"},
      {(const void *)t.queue_wait_event, "queue_wait_event"},
      {(const void *)t.event_wait, "event_wait"},
      {(const void *)t.event_query, "event_query"},
      {(const void *)t.event_elapsed_ns, "event_elapsed_ns"},
      {(const void *)t.event_release, "event_release"},
      {(const void *)t.kernel_get_properties, "kernel_get_properties"},
  };
  for (const auto &e : optional)
    if (!e.entry)
      missing += str(missing.empty() ? "" : ", ", e.name);
  if (!missing.empty())
    note("optional entries not implemented: " + missing);
}

//===----------------------------------------------------------------------===//
// init / shutdown
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.device_count.not_initialized") {
  requireLoaded();
  shutdownPlugin();
  uint32_t count = 12345;
  acc_result_t r = S.t.device_count(&count);
  CTS_CHECK(r == ACC_ERROR_NOT_INITIALIZED,
            str("device_count before init returned ", resultName(r)));
  CTS_CHECK(r == ACC_SUCCESS || count == 12345,
            "device_count wrote its output although it failed");
}

CTS_TEST(Layer::Abi, "abi.init.null_host") {
  requireLoaded();
  shutdownPlugin();
  acc_result_t r = S.t.init(nullptr);
  S.t.shutdown(); // Must cope with a failed init.
  CTS_CHECK(r == ACC_ERROR_INVALID_ARGUMENT,
            str("init(NULL) returned ", resultName(r)));
}

CTS_TEST(Layer::Abi, "abi.init.small_host") {
  requireLoaded();
  shutdownPlugin();
  acc_plugin_host_v1_t tiny{};
  tiny.struct_size = 8; // Ends before set_error.
  acc_result_t r = S.t.init(&tiny);
  S.t.shutdown();
  CTS_CHECK(r == ACC_ERROR_INVALID_ARGUMENT,
            str("init with an 8-byte host table returned ", resultName(r)));
}

CTS_TEST(Layer::Abi, "abi.init.ok") {
  requireLoaded();
  shutdownPlugin();
  initPlugin();
  CTS_CHECK(oneOf(S.initResult, {ACC_SUCCESS, ACC_ERROR_NO_DEVICE}),
            str("init returned ", resultName(S.initResult), ": ",
                S.initMessage));
  if (S.initResult == ACC_ERROR_NO_DEVICE) {
    CTS_CHECK(!S.initMessage.empty(),
              "init returned ACC_ERROR_NO_DEVICE without a reason through "
              "set_error (name the missing library or hardware)");
    note("no device: " + S.initMessage);
  }
  if (S.initResult == ACC_SUCCESS)
    note(str(S.deviceCount, " device(s); device 0: ",
             S.device ? S.info.name : "-"));
}

CTS_TEST(Layer::Abi, "abi.init.newer_host_table") {
  requireLoaded();
  shutdownPlugin();
  // A host table from a later minor: larger, with unknown fields at the end.
  struct {
    acc_plugin_host_v1_t v1;
    void *future[4];
  } bigger{};
  bigger.v1 = kHost;
  bigger.v1.struct_size = sizeof(bigger);
  beginCall();
  acc_result_t r = S.t.init(&bigger.v1);
  S.t.shutdown();
  CTS_CHECK(oneOf(r, {ACC_SUCCESS, ACC_ERROR_NO_DEVICE}),
            str("init with a larger host table returned ", resultName(r)));
}

CTS_TEST(Layer::Abi, "abi.shutdown.reinit") {
  requireInit();
  uint32_t before = S.deviceCount;
  shutdownPlugin();
  initPlugin();
  CTS_REQUIRE(S.initResult == ACC_SUCCESS,
              str("init after shutdown returned ", resultName(S.initResult),
                  ": ", S.initMessage));
  CTS_CHECK(S.deviceCount == before,
            str("device_count was ", before, " before shutdown and ",
                S.deviceCount, " after init again"));
}

//===----------------------------------------------------------------------===//
// Devices
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.device_count.ok") {
  requireInit();
  uint32_t a = 0, b = 0;
  ABI_OK(S.t.device_count(&a));
  ABI_OK(S.t.device_count(&b));
  CTS_CHECK(a == b, str("device_count changed from ", a, " to ", b));
}

CTS_TEST(Layer::Abi, "abi.device_get.all") {
  requireInit();
  std::vector<acc_plugin_device_t> devices;
  for (uint32_t i = 0; i < S.deviceCount; ++i) {
    acc_plugin_device_t d = nullptr, again = nullptr;
    ABI_OK(S.t.device_get(i, &d));
    ABI_OK(S.t.device_get(i, &again));
    CTS_CHECK(d != nullptr, str("device ", i, " is NULL"));
    CTS_CHECK(d == again, str("device_get(", i,
                              ") returned different handles"));
    for (acc_plugin_device_t other : devices)
      CTS_CHECK(other != d, str("device ", i, " repeats an earlier handle"));
    devices.push_back(d);
  }
}

CTS_TEST(Layer::Abi, "abi.device_get.out_of_range") {
  requireInit();
  for (uint32_t index : {S.deviceCount, S.deviceCount + 1, 0xffffffffu}) {
    acc_plugin_device_t d = reinterpret_cast<acc_plugin_device_t>(0x1);
    ABI_EXPECT(S.t.device_get(index, &d), ACC_ERROR_NOT_FOUND);
    CTS_CHECK(d == reinterpret_cast<acc_plugin_device_t>(0x1),
              "device_get wrote its output although it failed");
  }
}

CTS_TEST(Layer::Abi, "abi.device_get_info.ok") {
  requireDevice();
  for (uint32_t i = 0; i < S.deviceCount; ++i) {
    acc_plugin_device_t d = nullptr;
    ABI_OK(S.t.device_get(i, &d));
    acc_device_info_t info{};
    info.struct_size = sizeof(info);
    ABI_OK(S.t.device_get_info(d, &info));
    std::string who = str("device ", i, ": ");
    CTS_CHECK(info.struct_size == sizeof(info),
              who + "struct_size was changed");
    CTS_CHECK(info.name[0] != 0, who + "name is empty");
    CTS_CHECK(std::memchr(info.name, 0, sizeof(info.name)) &&
                  std::memchr(info.vendor, 0, sizeof(info.vendor)) &&
                  std::memchr(info.driver_version, 0,
                              sizeof(info.driver_version)),
              who + "a string is not NUL-terminated");
    CTS_CHECK(info.type >= ACC_DEVICE_TYPE_CPU &&
                  info.type <= ACC_DEVICE_TYPE_OTHER,
              who + str("type ", info.type, " is not an ACC_DEVICE_TYPE_*"));
    CTS_CHECK(info.compute_units >= 1, who + "compute_units is 0");
    CTS_CHECK(info.max_work_group_size >= 1, who + "max_work_group_size is 0");
    for (int k = 0; k < 3; ++k)
      CTS_CHECK(info.max_work_item_sizes[k] >= 1,
                who + str("max_work_item_sizes[", k, "] is 0"));
    CTS_CHECK(info.global_memory_size > 0, who + "global_memory_size is 0");
    CTS_CHECK(info.max_allocation_size > 0 &&
                  info.max_allocation_size <= info.global_memory_size,
              who + str("max_allocation_size ", info.max_allocation_size,
                        " is 0 or above global_memory_size ",
                        info.global_memory_size));
    CTS_CHECK(info.targets[0] != ACC_TARGET_NONE,
              who + "targets[] is empty: the device accepts no code");
    bool terminated = false;
    for (int k = 0; k < 8; ++k) {
      if (info.targets[k] == ACC_TARGET_NONE) {
        terminated = true;
        break;
      }
      CTS_CHECK(info.targets[k] <= ACC_TARGET_AMDGPU,
                who + str("targets[", k, "] = ", info.targets[k],
                          " is not an ACC_TARGET_*"));
    }
    (void)terminated; // A full list of 8 needs no terminator.
    note(str(who, info.name, " (", info.vendor, ", driver ",
             info.driver_version, "), targets ", targetList(info.targets)));
  }
}

CTS_TEST(Layer::Abi, "abi.device_get_info.prefix_only") {
  acc_plugin_device_t d = requireDevice();
  // A caller built against an older, smaller acc_device_info_t.
  const uint32_t prefix = offsetof(acc_device_info_t, driver_version);
  acc_device_info_t info;
  std::memset(&info, 0xab, sizeof(info));
  info.struct_size = prefix;
  ABI_OK(S.t.device_get_info(d, &info));
  CTS_CHECK(info.struct_size == prefix, "struct_size was changed");
  CTS_CHECK(info.name[0] != 0 && info.name[0] != static_cast<char>(0xab),
            "the name in the prefix was not filled");
  const auto *bytes = reinterpret_cast<const unsigned char *>(&info);
  size_t touched = 0;
  for (size_t i = prefix; i < sizeof(info); ++i)
    touched += bytes[i] != 0xab;
  CTS_CHECK(touched == 0, str(touched, " bytes beyond struct_size ", prefix,
                              " were written"));
}

CTS_TEST(Layer::Abi, "abi.device_get_info.null_device") {
  requireInit();
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  ABI_EXPECT(S.t.device_get_info(nullptr, &info), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.device_get_info.no_struct_size") {
  acc_plugin_device_t d = requireDevice();
  acc_device_info_t info{};
  info.struct_size = 0;
  ABI_EXPECT(S.t.device_get_info(d, &info), ACC_ERROR_INVALID_ARGUMENT);
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.buffer_create.ok") {
  acc_plugin_device_t d = requireDevice();
  requireEntry(S.t.buffer_create, "buffer_create");
  requireEntry(S.t.buffer_release, "buffer_release");
  for (uint64_t size : {1ull, 3ull, 64ull, 1000ull, 1ull << 20})
    for (acc_buffer_flags_t flags :
         {ACC_BUFFER_READ_WRITE, ACC_BUFFER_READ_ONLY, ACC_BUFFER_WRITE_ONLY}) {
      acc_plugin_buffer_t b = nullptr;
      ABI_OK(S.t.buffer_create(d, size, flags, &b));
      CTS_CHECK(b != nullptr, str("buffer of ", size, " bytes is NULL"));
      ABI_EXPECT(S.t.buffer_release(b), ACC_SUCCESS);
    }
}

CTS_TEST(Layer::Abi, "abi.buffer_create.zero_size") {
  acc_plugin_device_t d = requireDevice();
  requireEntry(S.t.buffer_create, "buffer_create");
  requireEntry(S.t.buffer_release, "buffer_release");
  acc_plugin_buffer_t a = nullptr, b = nullptr;
  ABI_OK(S.t.buffer_create(d, 0, ACC_BUFFER_READ_WRITE, &a));
  ABI_OK(S.t.buffer_create(d, 0, ACC_BUFFER_READ_WRITE, &b));
  CTS_CHECK(a && b && a != b, "two zero-size buffers need distinct handles");
  ABI_EXPECT(S.t.buffer_release(a), ACC_SUCCESS);
  ABI_EXPECT(S.t.buffer_release(b), ACC_SUCCESS);
}

CTS_TEST(Layer::Abi, "abi.buffer_create.out_of_memory") {
  acc_plugin_device_t d = requireDevice();
  requireEntry(S.t.buffer_create, "buffer_create");
  for (uint64_t size : {1ull << 62, ~0ull, ~0ull - 63}) {
    acc_plugin_buffer_t b = reinterpret_cast<acc_plugin_buffer_t>(0x1);
    acc_result_t r = ABI_EXPECT(S.t.buffer_create(d, size, 0, &b),
                                ACC_ERROR_OUT_OF_MEMORY);
    if (r == ACC_SUCCESS && S.t.buffer_release)
      S.t.buffer_release(b);
    else
      CTS_CHECK(b == reinterpret_cast<acc_plugin_buffer_t>(0x1),
                "buffer_create wrote its output although it failed");
  }
}

CTS_TEST(Layer::Abi, "abi.buffer_create.null_device") {
  requireInit();
  requireEntry(S.t.buffer_create, "buffer_create");
  acc_plugin_buffer_t b = nullptr;
  ABI_EXPECT(S.t.buffer_create(nullptr, 16, 0, &b), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.buffer_release.null") {
  requireInit();
  requireEntry(S.t.buffer_release, "buffer_release");
  ABI_EXPECT(S.t.buffer_release(nullptr), ACC_ERROR_INVALID_HANDLE);
}

//===----------------------------------------------------------------------===//
// Queues and transfers
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.queue_create.ok") {
  acc_plugin_device_t d = requireDevice();
  requireEntry(S.t.queue_create, "queue_create");
  requireEntry(S.t.queue_release, "queue_release");
  requireEntry(S.t.queue_finish, "queue_finish");
  acc_plugin_queue_t q[4] = {};
  for (auto &h : q)
    ABI_OK(S.t.queue_create(d, &h));
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < i; ++j)
      CTS_CHECK(q[i] != q[j], "two queues share a handle");
  for (auto h : q) {
    ABI_EXPECT(S.t.queue_finish(h), ACC_SUCCESS);
    ABI_EXPECT(S.t.queue_release(h), ACC_SUCCESS);
  }
}

CTS_TEST(Layer::Abi, "abi.queue_create.null_device") {
  requireInit();
  requireEntry(S.t.queue_create, "queue_create");
  acc_plugin_queue_t q = nullptr;
  ABI_EXPECT(S.t.queue_create(nullptr, &q), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.queue_release.null") {
  requireInit();
  requireEntry(S.t.queue_release, "queue_release");
  ABI_EXPECT(S.t.queue_release(nullptr), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.queue_finish.null") {
  requireInit();
  requireEntry(S.t.queue_finish, "queue_finish");
  ABI_EXPECT(S.t.queue_finish(nullptr), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.buffer_write_read.ok") {
  requireDevice();
  requireTransfers();
  const uint64_t size = 4099;
  PQueue q;
  PBuffer b(size);
  std::vector<uint8_t> data(size), back(size, 0);
  for (uint64_t i = 0; i < size; ++i)
    data[i] = static_cast<uint8_t>(hashIndex(i));
  ABI_OK(S.t.buffer_write(q.h, b.h, 0, size, data.data(), true));
  ABI_OK(S.t.buffer_read(q.h, b.h, 0, size, back.data(), true));
  CTS_CHECK_EQUAL("whole buffer", data, back);
  // Odd offsets and sizes, including a single byte at the very end.
  const uint64_t pieces[][2] = {{1, 1}, {7, 100}, {size - 1, 1}, {513, 2049}};
  for (const auto &p : pieces) {
    std::vector<uint8_t> piece(p[1]);
    for (uint64_t i = 0; i < p[1]; ++i) {
      piece[i] = static_cast<uint8_t>(~hashIndex(i, 7) + p[0]);
      data[p[0] + i] = piece[i];
    }
    ABI_OK(S.t.buffer_write(q.h, b.h, p[0], p[1], piece.data(), true));
  }
  ABI_OK(S.t.buffer_read(q.h, b.h, 0, size, back.data(), true));
  CTS_CHECK_EQUAL("after partial writes", data, back);
  std::vector<uint8_t> part(300), expected(data.begin() + 3001,
                                           data.begin() + 3301);
  ABI_OK(S.t.buffer_read(q.h, b.h, 3001, 300, part.data(), true));
  CTS_CHECK_EQUAL("partial read", expected, part);
}

CTS_TEST(Layer::Abi, "abi.buffer_write_read.non_blocking") {
  requireDevice();
  requireTransfers();
  const uint64_t n = 1 << 16;
  PQueue q;
  PBuffer b(n * 4);
  std::vector<uint32_t> data(n), back(n, 0);
  for (uint64_t i = 0; i < n; ++i)
    data[i] = hashIndex(i, 3);
  // Both buffers stay valid until queue_finish, as the ABI requires.
  ABI_OK(S.t.buffer_write(q.h, b.h, 0, n * 4, data.data(), false));
  ABI_OK(S.t.buffer_read(q.h, b.h, 0, n * 4, back.data(), false));
  ABI_OK(S.t.queue_finish(q.h));
  CTS_CHECK_EQUAL("non-blocking write then read", data, back);
}

CTS_TEST(Layer::Abi, "abi.buffer_write_read.null_handles") {
  requireDevice();
  requireTransfers();
  PQueue q;
  PBuffer b(64);
  uint8_t bytes[64] = {};
  ABI_EXPECT(S.t.buffer_write(nullptr, b.h, 0, 64, bytes, true),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.buffer_write(q.h, nullptr, 0, 64, bytes, true),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.buffer_read(nullptr, b.h, 0, 64, bytes, true),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.buffer_read(q.h, nullptr, 0, 64, bytes, true),
             ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.buffer_write_read.out_of_range") {
  requireDevice();
  requireTransfers();
  PQueue q;
  PBuffer b(64);
  std::vector<uint8_t> bytes(128);
  const uint64_t bad[][2] = {{0, 65}, {60, 5}, {65, 0 + 1}, {~0ull - 1, 4}};
  for (const auto &r : bad) {
    ABI_EXPECT(S.t.buffer_write(q.h, b.h, r[0], r[1], bytes.data(), true),
               ACC_ERROR_INVALID_ARGUMENT);
    ABI_EXPECT(S.t.buffer_read(q.h, b.h, r[0], r[1], bytes.data(), true),
               ACC_ERROR_INVALID_ARGUMENT);
  }
}

CTS_TEST(Layer::Abi, "abi.buffer_copy.ok") {
  requireDevice();
  requireTransfers();
  requireEntry(S.t.buffer_copy, "buffer_copy");
  const uint64_t size = 1000;
  PQueue q;
  PBuffer a(size), b(size);
  std::vector<uint8_t> da(size), db(size), back(size);
  for (uint64_t i = 0; i < size; ++i) {
    da[i] = static_cast<uint8_t>(hashIndex(i, 1));
    db[i] = static_cast<uint8_t>(hashIndex(i, 2));
  }
  ABI_OK(S.t.buffer_write(q.h, a.h, 0, size, da.data(), true));
  ABI_OK(S.t.buffer_write(q.h, b.h, 0, size, db.data(), true));
  ABI_OK(S.t.buffer_copy(q.h, a.h, 3, b.h, 500, 333)); // across buffers
  std::memcpy(db.data() + 500, da.data() + 3, 333);
  ABI_OK(S.t.buffer_copy(q.h, a.h, 0, a.h, 600, 400)); // same, disjoint
  std::memmove(da.data() + 600, da.data(), 400);
  ABI_OK(S.t.queue_finish(q.h));
  ABI_OK(S.t.buffer_read(q.h, a.h, 0, size, back.data(), true));
  CTS_CHECK_EQUAL("copy within one buffer", da, back);
  ABI_OK(S.t.buffer_read(q.h, b.h, 0, size, back.data(), true));
  CTS_CHECK_EQUAL("copy across buffers", db, back);
}

CTS_TEST(Layer::Abi, "abi.buffer_copy.errors") {
  requireDevice();
  requireEntry(S.t.buffer_copy, "buffer_copy");
  PQueue q;
  PBuffer a(100), b(100);
  ABI_EXPECT(S.t.buffer_copy(nullptr, a.h, 0, b.h, 0, 10),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.buffer_copy(q.h, nullptr, 0, b.h, 0, 10),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.buffer_copy(q.h, a.h, 0, nullptr, 0, 10),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.buffer_copy(q.h, a.h, 95, b.h, 0, 10),
             ACC_ERROR_INVALID_ARGUMENT);
  ABI_EXPECT(S.t.buffer_copy(q.h, a.h, 0, b.h, 95, 10),
             ACC_ERROR_INVALID_ARGUMENT);
  ABI_EXPECT(S.t.buffer_copy(q.h, a.h, ~0ull - 2, b.h, 0, 10),
             ACC_ERROR_INVALID_ARGUMENT);
}

CTS_TEST(Layer::Abi, "abi.buffer_fill.ok") {
  requireDevice();
  requireTransfers();
  requireEntry(S.t.buffer_fill, "buffer_fill");
  PQueue q;
  for (uint32_t p = 1; p <= 128; p *= 2) {
    const uint64_t size = 128 * 9;
    PBuffer b(size);
    std::vector<uint8_t> expected(size, 0xee), pattern(p), back(size);
    for (uint32_t i = 0; i < p; ++i)
      pattern[i] = static_cast<uint8_t>(i * 37 + p);
    ABI_OK(S.t.buffer_write(q.h, b.h, 0, size, expected.data(), true));
    // Leave one pattern untouched at the start and at least one at the end.
    const uint64_t offset = p, length = p * 5;
    ABI_OK(S.t.buffer_fill(q.h, b.h, offset, length, pattern.data(), p));
    for (uint64_t i = 0; i < length; ++i)
      expected[offset + i] = pattern[i % p];
    ABI_OK(S.t.queue_finish(q.h));
    ABI_OK(S.t.buffer_read(q.h, b.h, 0, size, back.data(), true));
    CTS_CHECK_EQUAL(str("fill with a ", p, "-byte pattern"), expected, back);
  }
}

CTS_TEST(Layer::Abi, "abi.buffer_fill.errors") {
  requireDevice();
  requireEntry(S.t.buffer_fill, "buffer_fill");
  PQueue q;
  PBuffer b(1024);
  uint8_t pattern[256] = {};
  ABI_EXPECT(S.t.buffer_fill(nullptr, b.h, 0, 16, pattern, 4),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.buffer_fill(q.h, nullptr, 0, 16, pattern, 4),
             ACC_ERROR_INVALID_HANDLE);
  for (uint32_t bad : {0u, 3u, 12u, 256u})
    ABI_EXPECT(S.t.buffer_fill(q.h, b.h, 0, 768, pattern, bad),
               ACC_ERROR_INVALID_ARGUMENT);
  ABI_EXPECT(S.t.buffer_fill(q.h, b.h, 2, 16, pattern, 4),
             ACC_ERROR_INVALID_ARGUMENT); // misaligned offset
  ABI_EXPECT(S.t.buffer_fill(q.h, b.h, 0, 18, pattern, 4),
             ACC_ERROR_INVALID_ARGUMENT); // misaligned size
  ABI_EXPECT(S.t.buffer_fill(q.h, b.h, 1020, 8, pattern, 4),
             ACC_ERROR_INVALID_ARGUMENT); // out of range
}

//===----------------------------------------------------------------------===//
// Modules and kernels
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.module_create.ok") {
  requireDevice();
  requireEntry(S.t.kernel_get, "kernel_get");
  PModule m("basic.accbin");
  CTS_REQUIRE(m.h != nullptr, "module_create returned a NULL module");
  const auto &kernels = testBundle("basic.accbin").kernels;
  for (uint32_t i = 0; i < kernels.size(); ++i) {
    // Only the kernels the code object holds (the runtime passes those).
    if (std::any_of(m.code->missing.begin(), m.code->missing.end(),
                    [&](const acc::bundle::MissingKernel &mk) {
                      return mk.kernel == i;
                    }))
      continue;
    const auto &k = kernels[i];
    acc_plugin_kernel_t h = nullptr;
    ABI_EXPECT(S.t.kernel_get(m.h, k.name.c_str(), &h), ACC_SUCCESS);
    CTS_CHECK(h != nullptr, "kernel " + k.name + " is NULL");
  }
}

CTS_TEST(Layer::Abi, "abi.module_create.desc_is_borrowed") {
  requireDevice();
  requireLaunch();
  requireEntry(S.t.module_create, "module_create");
  const auto &code = deviceCode("basic.accbin");
  // Copies that are destroyed right after the call, as the runtime does.
  auto bundle = std::make_unique<acc::bundle::Bundle>(testBundle("basic.accbin"));
  auto table = std::make_unique<KernelTable>(*bundle, &code);
  std::vector<uint8_t> bytes(code.data);
  std::string arch = code.arch;
  acc_plugin_module_desc_t desc = moduleDesc(code, *table);
  desc.code = bytes.data();
  desc.arch = arch.c_str();
  acc_plugin_module_t module = nullptr;
  ABI_OK(S.t.module_create(S.device, &desc, &module));
  std::fill(bytes.begin(), bytes.end(), 0xcc);
  std::fill(arch.begin(), arch.end(), 'x');
  for (auto &k : bundle->kernels) {
    std::fill(k.name.begin(), k.name.end(), 'x');
    for (auto &a : k.args)
      std::fill(a.name.begin(), a.name.end(), 'x');
  }
  table.reset();
  bundle.reset();
  bytes = std::vector<uint8_t>();

  acc_plugin_kernel_t kernel = nullptr;
  acc_result_t r = ABI_EXPECT(S.t.kernel_get(module, "iota", &kernel),
                              ACC_SUCCESS);
  if (r == ACC_SUCCESS) {
    PQueue q;
    PBuffer out(100 * 4);
    uint32_t mul = 3, add = 11;
    std::vector<acc_plugin_arg_t> args = {bufferArg(out), scalarArg(mul),
                                          scalarArg(add)};
    acc_plugin_launch_desc_t d = launch1d(100, 4, 0, args);
    ABI_EXPECT(S.t.launch(q.h, kernel, &d), ACC_SUCCESS);
    ABI_EXPECT(S.t.queue_finish(q.h), ACC_SUCCESS);
    CTS_CHECK_EQUAL("iota after the descriptor was freed",
                    iotaReference(100, 0, 3, 11), readU32(q.h, out, 100));
  }
  if (S.t.module_release)
    ABI_EXPECT(S.t.module_release(module), ACC_SUCCESS);
}

CTS_TEST(Layer::Abi, "abi.module_create.damaged_code") {
  requireDevice();
  requireEntry(S.t.module_create, "module_create");
  const auto &code = deviceCode("basic.accbin");
  KernelTable table(testBundle("basic.accbin"), &deviceCode("basic.accbin"));
  const char garbage[] = "this is not a code object \x01\x02\x03\xff";
  std::vector<uint8_t> truncated(code.data.begin(),
                                 code.data.begin() + code.data.size() / 2);
  for (int variant = 0; variant < 2; ++variant) {
    acc_plugin_module_desc_t desc = moduleDesc(code, table);
    if (variant == 0) {
      desc.code = garbage;
      desc.code_size = sizeof(garbage);
    } else {
      desc.code = truncated.data();
      desc.code_size = truncated.size();
    }
    acc_plugin_module_t m = reinterpret_cast<acc_plugin_module_t>(0x1);
    acc_result_t r =
        ABI_EXPECT(S.t.module_create(S.device, &desc, &m),
                   ACC_ERROR_INVALID_BUNDLE, ACC_ERROR_BUILD_FAILED);
    if (r == ACC_SUCCESS && S.t.module_release)
      S.t.module_release(m);
    else
      CTS_CHECK(m == reinterpret_cast<acc_plugin_module_t>(0x1),
                "module_create wrote its output although it failed");
  }
}

// A plugin of ABI 1.2 or later checks the code's launch convention before
// anything else and refuses one it does not know, saying what to update.
CTS_TEST(Layer::Abi, "abi.module_create.unknown_launch_abi") {
  requireDevice();
  requireEntry(S.t.module_create, "module_create");
  if (S.t.abi_minor < 2)
    skip(str("the plugin declares ABI 1.", S.t.abi_minor,
             ", which predates launch conventions (the runtime keeps other "
             "conventions from it)"));
  const auto &code = deviceCode("basic.accbin");
  KernelTable table(testBundle("basic.accbin"), &deviceCode("basic.accbin"));
  acc_plugin_module_desc_t desc = moduleDesc(code, table);
  desc.launch_abi = 0x7e57;
  acc_plugin_module_t m = reinterpret_cast<acc_plugin_module_t>(0x1);
  acc_result_t r = ABI_EXPECT(S.t.module_create(S.device, &desc, &m),
                              ACC_ERROR_ABI_VERSION);
  if (r == ACC_SUCCESS && S.t.module_release)
    S.t.module_release(m);
  CTS_CHECK(m == reinterpret_cast<acc_plugin_module_t>(0x1),
            "module_create wrote its output although it failed");
  CTS_CHECK(tRecord.message.find(std::to_string(0x7e57)) != std::string::npos,
            "the message should name the convention (" +
                std::to_string(0x7e57) + "): \"" + tRecord.message + "\"");
}

CTS_TEST(Layer::Abi, "abi.module_create.wrong_target") {
  requireDevice();
  requireEntry(S.t.module_create, "module_create");
  const auto &bundle = testBundle("basic.accbin");
  KernelTable table(bundle);
  // Prefer real code for a target the device does not accept.
  const acc::bundle::CodeObject *foreign = nullptr;
  for (const auto &c : bundle.code)
    if (!hasTarget(S.info.targets, c.target)) {
      foreign = &c;
      break;
    }
  acc::bundle::CodeObject made;
  if (!foreign) {
    for (acc_target_t t = ACC_TARGET_CPU_X86_64; t <= ACC_TARGET_AMDGPU; ++t)
      if (!hasTarget(S.info.targets, t)) {
        made.target = t;
        break;
      }
    if (made.target == ACC_TARGET_NONE)
      skip("the device accepts every target");
    made.arch = "none";
    made.data.assign(64, 0x5a);
    foreign = &made;
  }
  acc_plugin_module_desc_t desc = moduleDesc(*foreign, table);
  acc_plugin_module_t m = nullptr;
  note(str("giving it ", acc::bundle::targetName(foreign->target), " code"));
  if (ABI_EXPECT(S.t.module_create(S.device, &desc, &m),
                 ACC_ERROR_NO_CODE_FOR_BACKEND) == ACC_SUCCESS &&
      S.t.module_release)
    S.t.module_release(m);
}

CTS_TEST(Layer::Abi, "abi.module_create.missing_kernel") {
  requireDevice();
  requireEntry(S.t.module_create, "module_create");
  const auto &code = deviceCode("basic.accbin");
  KernelTable table(testBundle("basic.accbin"), &deviceCode("basic.accbin"));
  // The metadata names a kernel that the code does not have.
  acc_kernel_info_t ghost = table.kernels[0];
  ghost.name = "cts_kernel_that_does_not_exist";
  table.kernels.push_back(ghost);
  acc_plugin_module_desc_t desc = moduleDesc(code, table);
  acc_plugin_module_t m = nullptr;
  if (ABI_EXPECT(S.t.module_create(S.device, &desc, &m),
                 ACC_ERROR_INVALID_BUNDLE) == ACC_SUCCESS &&
      S.t.module_release)
    S.t.module_release(m);
}

/// Sets the value of `symbol` in an ELF64 shared object to `value`; false
/// when the object has no such 4-byte symbol in a file-backed section.
bool patchElfSymbol(std::vector<uint8_t> &elf, const char *symbol,
                    uint32_t value) {
  auto in = [&](uint64_t offset, uint64_t size) {
    return offset <= elf.size() && size <= elf.size() - offset;
  };
  if (!in(0, sizeof(Elf64_Ehdr)) || std::memcmp(elf.data(), ELFMAG, SELFMAG) ||
      elf[EI_CLASS] != ELFCLASS64)
    return false;
  Elf64_Ehdr eh;
  std::memcpy(&eh, elf.data(), sizeof(eh));
  if (eh.e_shentsize != sizeof(Elf64_Shdr) ||
      !in(eh.e_shoff, uint64_t(eh.e_shnum) * sizeof(Elf64_Shdr)))
    return false;
  std::vector<Elf64_Shdr> sections(eh.e_shnum);
  std::memcpy(sections.data(), elf.data() + eh.e_shoff,
              sections.size() * sizeof(Elf64_Shdr));
  for (const Elf64_Shdr &table : sections) {
    if ((table.sh_type != SHT_DYNSYM && table.sh_type != SHT_SYMTAB) ||
        table.sh_link >= sections.size() || !in(table.sh_offset, table.sh_size))
      continue;
    const Elf64_Shdr &strings = sections[table.sh_link];
    if (!in(strings.sh_offset, strings.sh_size))
      continue;
    for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= table.sh_size;
         off += sizeof(Elf64_Sym)) {
      Elf64_Sym sym;
      std::memcpy(&sym, elf.data() + table.sh_offset + off, sizeof(sym));
      if (sym.st_name >= strings.sh_size || sym.st_shndx == SHN_UNDEF ||
          sym.st_shndx >= sections.size() || sym.st_size != 4)
        continue;
      const char *name = reinterpret_cast<const char *>(
          elf.data() + strings.sh_offset + sym.st_name);
      if (strnlen(name, strings.sh_size - sym.st_name) ==
              strings.sh_size - sym.st_name ||
          std::strcmp(name, symbol) != 0)
        continue;
      const Elf64_Shdr &home = sections[sym.st_shndx];
      if (home.sh_type == SHT_NOBITS || sym.st_value < home.sh_addr)
        continue;
      uint64_t at = home.sh_offset + (sym.st_value - home.sh_addr);
      if (!in(at, 4))
        continue;
      std::memcpy(elf.data() + at, &value, 4);
      return true;
    }
  }
  return false;
}

CTS_TEST(Layer::Abi, "abi.module_create.code_abi_version") {
  requireDevice();
  requireEntry(S.t.module_create, "module_create");
  const auto &code = deviceCode("basic.accbin");
  if (code.target != ACC_TARGET_CPU_X86_64 &&
      code.target != ACC_TARGET_CPU_AARCH64)
    skip(str("only CPU code objects carry a code-object ABI version; this "
             "device takes ", acc::bundle::targetName(code.target)));
  std::vector<uint8_t> bytes = code.data;
  CTS_REQUIRE(patchElfSymbol(bytes, "__acc_cpu_abi_version", 99),
              "the CPU code object has no __acc_cpu_abi_version to patch");
  KernelTable table(testBundle("basic.accbin"), &deviceCode("basic.accbin"));
  acc_plugin_module_desc_t desc = moduleDesc(code, table);
  desc.code = bytes.data();
  acc_plugin_module_t m = nullptr;
  if (ABI_EXPECT(S.t.module_create(S.device, &desc, &m),
                 ACC_ERROR_ABI_VERSION) == ACC_SUCCESS &&
      S.t.module_release)
    S.t.module_release(m);
}

CTS_TEST(Layer::Abi, "abi.module_create.build_failed") {
  requireDevice();
  requireEntry(S.t.module_create, "module_create");
  const auto &code = deviceCode("basic.accbin");
  if (code.target != ACC_TARGET_OPENCL_C && code.target != ACC_TARGET_GLSL)
    skip(str("the device takes ", acc::bundle::targetName(code.target),
             ", which is not source the driver compiles"));
  // Source that names the bundle's kernels but does not compile.
  KernelTable table(testBundle("basic.accbin"), &deviceCode("basic.accbin"));
  std::string broken = "kernel void iota(global uint *out, uint mul, uint "
                       "add) { out[0] = mul + ; }\n";
  if (code.target == ACC_TARGET_GLSL) {
    // The glsl format: a shader per kernel after "// acc-kernel: NAME".
    broken.clear();
    for (const acc_kernel_info_t &k : table.kernels)
      broken += std::string("// acc-kernel: ") + k.name +
                "\n#version 310 es\nvoid main() { int x = ; }\n";
  }
  acc_plugin_module_desc_t desc = moduleDesc(code, table);
  desc.code = broken.data();
  desc.code_size = broken.size();
  acc_plugin_module_t m = nullptr;
  acc_result_t r = ABI_EXPECT(S.t.module_create(S.device, &desc, &m),
                              ACC_ERROR_BUILD_FAILED);
  if (r == ACC_SUCCESS && S.t.module_release)
    S.t.module_release(m);
  if (r == ACC_ERROR_BUILD_FAILED)
    CTS_CHECK(tRecord.message.find("error") != std::string::npos,
              "the message should carry the driver's build log (with its "
              "error): " + tRecord.message);
}

CTS_TEST(Layer::Abi, "abi.module_create.null_device") {
  requireDevice();
  requireEntry(S.t.module_create, "module_create");
  const auto &code = deviceCode("basic.accbin");
  KernelTable table(testBundle("basic.accbin"), &deviceCode("basic.accbin"));
  acc_plugin_module_desc_t desc = moduleDesc(code, table);
  acc_plugin_module_t m = nullptr;
  ABI_EXPECT(S.t.module_create(nullptr, &desc, &m), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.module_release.null") {
  requireInit();
  requireEntry(S.t.module_release, "module_release");
  ABI_EXPECT(S.t.module_release(nullptr), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.kernel_get.errors") {
  requireDevice();
  requireEntry(S.t.kernel_get, "kernel_get");
  PModule m("basic.accbin");
  acc_plugin_kernel_t k = reinterpret_cast<acc_plugin_kernel_t>(0x1);
  ABI_EXPECT(S.t.kernel_get(m.h, "cts_no_such_kernel", &k),
             ACC_ERROR_NOT_FOUND);
  CTS_CHECK(k == reinterpret_cast<acc_plugin_kernel_t>(0x1),
            "kernel_get wrote its output although it failed");
  ABI_EXPECT(S.t.kernel_get(nullptr, "iota", &k), ACC_ERROR_INVALID_HANDLE);
}

//===----------------------------------------------------------------------===//
// Launch
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.launch.uniform") {
  requireDevice();
  requireLaunch();
  PModule m("basic.accbin");
  acc_plugin_kernel_t k = m.kernel("iota");
  PQueue q;
  const uint64_t n = 4096;
  PBuffer out(n * 4);
  uint32_t mul = 7, add = 5;
  std::vector<acc_plugin_arg_t> args = {bufferArg(out), scalarArg(mul),
                                        scalarArg(add)};
  acc_plugin_launch_desc_t d = launch1d(n, 64, 0, args);
  ABI_OK(S.t.launch(q.h, k, &d));
  ABI_OK(S.t.queue_finish(q.h));
  CTS_CHECK_EQUAL("iota", iotaReference(n, 0, 7, 5), readU32(q.h, out, n));
}

CTS_TEST(Layer::Abi, "abi.launch.non_uniform_with_offset") {
  requireDevice();
  requireLaunch();
  PModule m("basic.accbin");
  acc_plugin_kernel_t k = m.kernel("iota");
  PQueue q;
  const uint64_t n = 1001, offset = 77;
  PBuffer out(n * 4);
  uint32_t mul = 2, add = 1;
  std::vector<acc_plugin_arg_t> args = {bufferArg(out), scalarArg(mul),
                                        scalarArg(add)};
  // 1001 = 15 * 64 + 41: the last group is smaller.
  acc_plugin_launch_desc_t d = launch1d(n, 64, offset, args);
  ABI_OK(S.t.launch(q.h, k, &d));
  ABI_OK(S.t.queue_finish(q.h));
  CTS_CHECK_EQUAL("iota over a non-uniform range",
                  iotaReference(n, offset, 2, 1), readU32(q.h, out, n));
}

CTS_TEST(Layer::Abi, "abi.launch.3d") {
  requireDevice();
  requireLaunch();
  PModule m("basic.accbin");
  // 32-bit records where the device's code has no 64-bit integers.
  const bool narrow =
      S.info.global_id_bits == 32 && !(S.info.caps & ACC_DEVICE_CAP_INT64);
  acc_plugin_kernel_t k = m.kernel(narrow ? "ids32" : "ids");
  PQueue q;
  const uint64_t g[3] = {6, 4, 3}, off[3] = {1, 2, 3};
  const uint32_t l[3] = {3, 2, 1};
  const uint64_t items = g[0] * g[1] * g[2];
  PBuffer out(items * 24 * (narrow ? 4 : 8));
  std::vector<acc_plugin_arg_t> args = {bufferArg(out)};
  acc_plugin_launch_desc_t d{};
  d.struct_size = sizeof(d);
  d.work_dim = 3;
  for (int i = 0; i < 3; ++i) {
    d.global_size[i] = g[i];
    d.global_offset[i] = off[i];
    d.local_size[i] = l[i];
  }
  d.arg_count = 1;
  d.args = args.data();
  ABI_OK(S.t.launch(q.h, k, &d));
  ABI_OK(S.t.queue_finish(q.h));
  std::vector<uint64_t> got(items * 24), ref(items * 24);
  if (narrow) {
    std::vector<uint32_t> words(items * 24);
    ABI_OK(S.t.buffer_read(q.h, out.h, 0, words.size() * 4, words.data(),
                           true));
    got.assign(words.begin(), words.end());
  } else {
    ABI_OK(S.t.buffer_read(q.h, out.h, 0, got.size() * 8, got.data(), true));
  }
  for (uint64_t z = 0; z < g[2]; ++z)
    for (uint64_t y = 0; y < g[1]; ++y)
      for (uint64_t x = 0; x < g[0]; ++x) {
        uint64_t pos[3] = {x, y, z};
        uint64_t *rec = &ref[(x + g[0] * (y + g[1] * z)) * 24];
        for (int dd = 0; dd < 3; ++dd) {
          uint64_t *r = rec + dd * 8;
          r[0] = pos[dd] + off[dd];
          r[1] = pos[dd] % l[dd];
          r[2] = pos[dd] / l[dd];
          r[3] = g[dd];
          r[4] = l[dd];
          r[5] = g[dd] / l[dd];
          r[6] = off[dd];
          r[7] = 3;
        }
      }
  CTS_CHECK_EQUAL_DESCRIBED("work-item functions of a 3-D launch", ref, got,
                            describeIdsElement);
}

CTS_TEST(Layer::Abi, "abi.launch.scalars_copied") {
  requireDevice();
  requireLaunch();
  PModule m("basic.accbin");
  acc_plugin_kernel_t k = m.kernel("iota");
  PQueue q;
  const uint64_t n = 1 << 16;
  PBuffer a(n * 4), b(n * 4);
  auto mul = std::make_unique<uint32_t>(3);
  auto add = std::make_unique<uint32_t>(4);
  std::vector<acc_plugin_arg_t> args = {bufferArg(a), scalarArg(*mul),
                                        scalarArg(*add)};
  acc_plugin_launch_desc_t d = launch1d(n, 64, 0, args);
  ABI_OK(S.t.launch(q.h, k, &d));
  // The values and the descriptor are borrowed for the call only.
  *mul = 1000;
  *add = 1000;
  args[0] = bufferArg(b);
  mul.reset();
  add.reset();
  args.assign(3, acc_plugin_arg_t{});
  ABI_OK(S.t.queue_finish(q.h));
  CTS_CHECK_EQUAL("iota launched with values changed after the call",
                  iotaReference(n, 0, 3, 4), readU32(q.h, a, n));
}

CTS_TEST(Layer::Abi, "abi.launch.zero_size_buffer") {
  requireDevice();
  requireLaunch();
  PModule m("basic.accbin");
  acc_plugin_kernel_t k = m.kernel("zero_size_arg");
  PQueue q;
  PBuffer empty(0), out(32 * 4);
  std::vector<acc_plugin_arg_t> args = {bufferArg(empty), bufferArg(out)};
  acc_plugin_launch_desc_t d = launch1d(32, 8, 0, args);
  ABI_OK(S.t.launch(q.h, k, &d));
  ABI_OK(S.t.queue_finish(q.h));
  CTS_CHECK_EQUAL("kernel with a zero-size buffer argument",
                  std::vector<uint32_t>(32, 7), readU32(q.h, out, 32));
}

CTS_TEST(Layer::Abi, "abi.launch.null_handles") {
  requireDevice();
  requireLaunch();
  PModule m("basic.accbin");
  acc_plugin_kernel_t k = m.kernel("iota");
  PQueue q;
  PBuffer out(64 * 4);
  uint32_t mul = 1, add = 0;
  std::vector<acc_plugin_arg_t> args = {bufferArg(out), scalarArg(mul),
                                        scalarArg(add)};
  acc_plugin_launch_desc_t d = launch1d(64, 8, 0, args);
  ABI_EXPECT(S.t.launch(nullptr, k, &d), ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.launch(q.h, nullptr, &d), ACC_ERROR_INVALID_HANDLE);
  // A NULL buffer argument is not tested: like OpenCL, a plugin may pass
  // it to the kernel as a null pointer (the runtime rejects it first).
  ABI_EXPECT(S.t.queue_finish(q.h), ACC_SUCCESS);
}

//===----------------------------------------------------------------------===//
// Threads and lifetime
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.threads.objects_and_errors") {
  acc_plugin_device_t d = requireDevice();
  requireTransfers();
  requireEntry(S.t.buffer_create, "buffer_create");
  requireEntry(S.t.buffer_release, "buffer_release");
  requireEntry(S.t.queue_create, "queue_create");
  requireEntry(S.t.queue_release, "queue_release");
  const int threads = 8, rounds = 10;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([=] {
      for (int round = 0; round < rounds; ++round) {
        acc_plugin_queue_t q = nullptr;
        acc_plugin_buffer_t b = nullptr;
        if (ABI_EXPECT(S.t.queue_create(d, &q), ACC_SUCCESS) != ACC_SUCCESS)
          return;
        const uint64_t n = 1000 + t * 13 + round;
        if (ABI_EXPECT(S.t.buffer_create(d, n * 4, 0, &b), ACC_SUCCESS) ==
            ACC_SUCCESS) {
          std::vector<uint32_t> data(n), back(n);
          for (uint64_t i = 0; i < n; ++i)
            data[i] = hashIndex(i, t * 100 + round);
          ABI_EXPECT(S.t.buffer_write(q, b, 0, n * 4, data.data(), true),
                     ACC_SUCCESS);
          ABI_EXPECT(S.t.buffer_read(q, b, 0, n * 4, back.data(), true),
                     ACC_SUCCESS);
          CTS_CHECK_EQUAL(str("thread ", t, " round ", round), data, back);
          // A failure on this thread is reported to this thread.
          ABI_EXPECT(S.t.buffer_read(q, b, n * 4, 4, back.data(), true),
                     ACC_ERROR_INVALID_ARGUMENT);
          ABI_EXPECT(S.t.buffer_release(b), ACC_SUCCESS);
        }
        ABI_EXPECT(S.t.queue_release(q), ACC_SUCCESS);
      }
    });
  for (auto &th : pool)
    th.join();
}

CTS_TEST(Layer::Abi, "abi.shutdown.live_objects") {
  acc_plugin_device_t d = requireDevice();
  requireEntry(S.t.buffer_create, "buffer_create");
  requireEntry(S.t.queue_create, "queue_create");
  requireEntry(S.t.module_create, "module_create");
  requireEntry(S.t.launch, "launch");
  // Objects left alive on purpose: shutdown must release them, with work
  // still pending on the queue.
  acc_plugin_buffer_t b = nullptr;
  acc_plugin_queue_t q = nullptr;
  acc_plugin_module_t m = nullptr;
  ABI_OK(S.t.buffer_create(d, 1 << 20, 0, &b));
  ABI_OK(S.t.queue_create(d, &q));
  const auto &code = deviceCode("basic.accbin");
  KernelTable table(testBundle("basic.accbin"), &deviceCode("basic.accbin"));
  acc_plugin_module_desc_t desc = moduleDesc(code, table);
  ABI_OK(S.t.module_create(d, &desc, &m));
  acc_plugin_kernel_t k = nullptr;
  ABI_OK(S.t.kernel_get(m, "iota", &k));
  uint32_t mul = 1, add = 2;
  acc_plugin_arg_t args[3] = {{ACC_ARG_KIND_BUFFER, 0, {b}},
                              scalarArg(mul), scalarArg(add)};
  acc_plugin_launch_desc_t ld{};
  ld.struct_size = sizeof(ld);
  ld.work_dim = 1;
  ld.global_size[0] = 1 << 18;
  ld.global_size[1] = ld.global_size[2] = 1;
  ld.local_size[0] = 64;
  ld.local_size[1] = ld.local_size[2] = 1;
  ld.arg_count = 3;
  ld.args = args;
  ABI_OK(S.t.launch(q, k, &ld));
  shutdownPlugin();
  initPlugin();
  CTS_CHECK(S.initResult == ACC_SUCCESS,
            str("init after a shutdown with live objects returned ",
                resultName(S.initResult), ": ", S.initMessage));
}

//===----------------------------------------------------------------------===//
// Events
//===----------------------------------------------------------------------===//

void requireEvents() {
  requireEntry(S.t.queue_record_event, "queue_record_event");
  requireEntry(S.t.queue_wait_event, "queue_wait_event");
  requireEntry(S.t.event_wait, "event_wait");
  requireEntry(S.t.event_query, "event_query");
  requireEntry(S.t.event_elapsed_ns, "event_elapsed_ns");
  requireEntry(S.t.event_release, "event_release");
}

struct PEvent {
  acc_plugin_event_t h = nullptr;
  PEvent(acc_plugin_queue_t q, acc_event_flags_t flags) {
    ABI_OK(S.t.queue_record_event(q, flags, &h));
  }
  ~PEvent() {
    if (h && S.initialized)
      ABI_EXPECT(S.t.event_release(h), ACC_SUCCESS);
  }
  PEvent(const PEvent &) = delete;
  PEvent &operator=(const PEvent &) = delete;
};

/// slow_lcg over `n` items into a buffer of its own: tens of milliseconds on
/// a CPU device, so work that races it instead of waiting would notice.
struct SlowKernel {
  PModule module{"basic.accbin"};
  acc_plugin_kernel_t kernel = module.kernel("slow_lcg");
  uint64_t n;
  uint32_t rounds;
  PBuffer out;

  SlowKernel(uint64_t n, uint32_t rounds) : n(n), rounds(rounds), out(n * 4) {}
  void launch(acc_plugin_queue_t q) {
    std::vector<acc_plugin_arg_t> args = {bufferArg(out), scalarArg(rounds)};
    acc_plugin_launch_desc_t d = launch1d(n, 64, 0, args);
    ABI_OK(S.t.launch(q, kernel, &d));
  }
  std::vector<uint32_t> reference() const { return lcgReference(n, rounds); }
};

//===----------------------------------------------------------------------===//
// Mapping buffers (ABI 1.1, optional)
//===----------------------------------------------------------------------===//

// buffer_map returns the buffer's own memory, after the queue's earlier
// commands: what a write put there is visible through the pointer, and what
// the host writes through it is what a read returns after the unmap. A
// plugin may decline (ACC_ERROR_UNSUPPORTED: the runtime stages), which
// skips the test.
CTS_TEST(Layer::Abi, "abi.buffer_map.in_place") {
  requireDevice();
  requireTransfers();
  requireEntry(S.t.buffer_map, "buffer_map");
  requireEntry(S.t.buffer_unmap, "buffer_unmap");
  const uint64_t n = 1000;
  PQueue q;
  PBuffer b(n * 4);
  std::vector<uint32_t> data(n), back(n);
  for (uint64_t i = 0; i < n; ++i)
    data[i] = hashIndex(i, 11);
  ABI_OK(S.t.buffer_write(q.h, b.h, 0, n * 4, data.data(), false));
  void *ptr = nullptr;
  beginCall();
  acc_result_t r = S.t.buffer_map(q.h, b.h, 40, (n - 10) * 4,
                                  ACC_MAP_READ | ACC_MAP_WRITE, &ptr);
  if (r == ACC_ERROR_UNSUPPORTED)
    skip("the plugin declines to map (the runtime stages mappings)");
  ABI_OK(r);
  CTS_REQUIRE(ptr != nullptr, "buffer_map succeeded with a NULL pointer");
  std::vector<uint32_t> seen(static_cast<uint32_t *>(ptr),
                             static_cast<uint32_t *>(ptr) + (n - 10));
  std::vector<uint32_t> expected(data.begin() + 10, data.end());
  CTS_CHECK_EQUAL("mapped contents after a non-blocking write", expected,
                  seen);
  for (uint64_t i = 0; i < n - 10; ++i)
    static_cast<uint32_t *>(ptr)[i] = ~expected[i];
  ABI_OK(S.t.buffer_unmap(q.h, b.h, ptr));
  ABI_OK(S.t.buffer_read(q.h, b.h, 0, n * 4, back.data(), true));
  for (uint64_t i = 10; i < n; ++i)
    data[i] = ~data[i];
  CTS_CHECK_EQUAL("buffer after writing through the mapping", data, back);
}

//===----------------------------------------------------------------------===//
// Library operations (ABI 1.1, optional)
//===----------------------------------------------------------------------===//

namespace {

/// The plugin's matmul_f32, or a skip naming why there is none.
decltype(acc_plugin_ops_v1_t::matmul_f32) requireMatmul() {
  requireDevice();
  requireTransfers();
  const acc_plugin_ops_v1_t *ops = S.t.ops;
  if (!ops)
    skip("the plugin has no operation table (optional: the runtime runs its "
         "portable kernels)");
  if (ops->struct_size < offsetof(acc_plugin_ops_v1_t, matmul_f32) +
                             sizeof(void *) ||
      !ops->matmul_f32)
    skip("the plugin's operation table has no matmul_f32 (optional)");
  return ops->matmul_f32;
}

/// Float i of a deterministic pseudo-random matrix, in [-1, 1).
float matrixValue(uint64_t i, uint32_t seed) {
  return float(hashIndex(i, seed) % 2048) / 1024.0f - 1.0f;
}

} // namespace

CTS_TEST(Layer::Abi, "abi.ops.table") {
  requireLoaded();
  const acc_plugin_ops_v1_t *ops = S.t.ops;
  if (!ops)
    skip("the plugin has no operation table (optional)");
  CTS_CHECK(ops->struct_size >= offsetof(acc_plugin_ops_v1_t, matmul_f32),
            str("ops->struct_size is ", ops->struct_size));
  CTS_CHECK(ops->reserved == 0, str("ops->reserved is ", ops->reserved));
  note(str("operation table of ", ops->struct_size, " bytes; matmul_f32 ",
           ops->struct_size > offsetof(acc_plugin_ops_v1_t, matmul_f32) &&
                   ops->matmul_f32
               ? "present"
               : "absent"));
}

// Row-major C = alpha op(A) op(B) + beta C against a host product, for each
// transpose, with offsets and padded leading dimensions; beta == 0 must not
// read C (it holds NaNs); elements outside C stay as they were. A plugin may
// decline a call (ACC_ERROR_UNSUPPORTED), which skips the test.
CTS_TEST(Layer::Abi, "abi.ops.matmul_f32") {
  auto matmul = requireMatmul();
  PQueue q;
  struct Shape {
    uint64_t m, n, k;
    bool ta, tb;
    float alpha, beta;
    uint64_t pad, offset;
  };
  const Shape shapes[] = {
      {1, 1, 1, false, false, 1, 0, 0, 0},
      {17, 9, 33, false, false, 1, 0, 0, 0},
      {17, 9, 33, true, false, 2, 0.5f, 3, 5},
      {8, 31, 4, false, true, -1, 1, 1, 2},
      {40, 24, 70, true, true, 0.25f, -2, 0, 7},
  };
  for (const Shape &sh : shapes) {
    uint64_t aRows = sh.ta ? sh.k : sh.m, aCols = sh.ta ? sh.m : sh.k;
    uint64_t bRows = sh.tb ? sh.n : sh.k, bCols = sh.tb ? sh.k : sh.n;
    uint64_t lda = aCols + sh.pad, ldb = bCols + sh.pad, ldc = sh.n + sh.pad;
    std::vector<float> a(sh.offset + aRows * lda), b(sh.offset + bRows * ldb),
        c(sh.offset + sh.m * ldc);
    for (size_t i = 0; i < a.size(); ++i)
      a[i] = matrixValue(i, 1);
    for (size_t i = 0; i < b.size(); ++i)
      b[i] = matrixValue(i, 2);
    for (size_t i = 0; i < c.size(); ++i)
      c[i] = sh.beta == 0 ? std::numeric_limits<float>::quiet_NaN()
                          : matrixValue(i, 3);
    PBuffer ba(a.size() * 4), bb(b.size() * 4), bc(c.size() * 4);
    ABI_OK(S.t.buffer_write(q.h, ba.h, 0, a.size() * 4, a.data(), true));
    ABI_OK(S.t.buffer_write(q.h, bb.h, 0, b.size() * 4, b.data(), true));
    ABI_OK(S.t.buffer_write(q.h, bc.h, 0, c.size() * 4, c.data(), true));
    acc_plugin_matmul_desc_t d{};
    d.struct_size = sizeof(d);
    d.transpose_a = sh.ta;
    d.transpose_b = sh.tb;
    d.m = sh.m;
    d.n = sh.n;
    d.k = sh.k;
    d.alpha = sh.alpha;
    d.beta = sh.beta;
    d.a = ba.h;
    d.a_offset = sh.offset;
    d.lda = lda;
    d.b = bb.h;
    d.b_offset = sh.offset;
    d.ldb = ldb;
    d.c = bc.h;
    d.c_offset = sh.offset;
    d.ldc = ldc;
    beginCall();
    acc_result_t r = matmul(q.h, &d);
    if (r == ACC_ERROR_UNSUPPORTED)
      skip(str("the plugin declined a ", sh.m, "x", sh.n, "x", sh.k,
               " product: ",
               tRecord.calls ? tRecord.message : std::string("no reason")));
    ABI_OK(r);
    ABI_OK(S.t.queue_finish(q.h));
    std::vector<float> got(c.size());
    ABI_OK(S.t.buffer_read(q.h, bc.h, 0, got.size() * 4, got.data(), true));
    std::vector<float> want = c;
    for (uint64_t i = 0; i < sh.m; ++i)
      for (uint64_t j = 0; j < sh.n; ++j) {
        double sum = 0;
        for (uint64_t p = 0; p < sh.k; ++p)
          sum += double(a[sh.offset + (sh.ta ? p * lda + i : i * lda + p)]) *
                 b[sh.offset + (sh.tb ? j * ldb + p : p * ldb + j)];
        float &w = want[sh.offset + i * ldc + j];
        w = float(sh.alpha * sum + (sh.beta == 0 ? 0.0 : double(sh.beta) * w));
      }
    size_t bad = 0;
    std::string first;
    for (size_t i = 0; i < got.size(); ++i) {
      bool same = std::isnan(want[i]) ? std::isnan(got[i])
                                      : std::fabs(got[i] - want[i]) <=
                                            1e-4f * (1 + std::fabs(want[i]));
      if (!same && bad++ == 0)
        first = str("element ", i, ": got ", got[i], ", expected ", want[i]);
    }
    CTS_CHECK(bad == 0, str(sh.m, "x", sh.n, "x", sh.k, sh.ta ? " A^T" : "",
                            sh.tb ? " B^T" : "", ": ", bad,
                            " wrong elements; ", first));
  }
}

CTS_TEST(Layer::Abi, "abi.event.record_wait_query") {
  requireDevice();
  requireTransfers();
  requireEvents();
  PQueue q;
  PBuffer b(1 << 20);
  std::vector<uint8_t> data(1 << 20, 0x5a);
  ABI_OK(S.t.buffer_write(q.h, b.h, 0, data.size(), data.data(), false));
  PEvent e(q.h, ACC_EVENT_FLAGS_NONE);
  ABI_OK(S.t.event_wait(e.h));
  // Complete now, and stays complete.
  ABI_OK(S.t.event_query(e.h));
  ABI_OK(S.t.event_wait(e.h));
  // An event on an empty queue completes too.
  PQueue idle;
  PEvent first(idle.h, ACC_EVENT_FLAGS_NONE);
  ABI_OK(S.t.event_wait(first.h));
}

CTS_TEST(Layer::Abi, "abi.event.query_pending") {
  requireDevice();
  requireLaunch();
  requireEvents();
  SlowKernel slow(1 << 16, 20000);
  PQueue q;
  slow.launch(q.h);
  PEvent e(q.h, ACC_EVENT_FLAGS_NONE);
  // Either answer is right while the kernel may still run; NOT_READY must
  // come without set_error (it is not a failure).
  beginCall();
  acc_result_t r = S.t.event_query(e.h);
  CTS_CHECK(r == ACC_SUCCESS || r == ACC_ERROR_NOT_READY,
            str("event_query returned ", resultName(r)));
  CTS_CHECK(tRecord.calls == 0,
            "event_query called set_error() for a pending event");
  ABI_OK(S.t.event_wait(e.h));
  ABI_OK(S.t.event_query(e.h));
  CTS_CHECK_EQUAL("slow_lcg after event_wait", slow.reference(),
                  readU32(q.h, slow.out, slow.n));
}

CTS_TEST(Layer::Abi, "abi.event.cross_queue_dependency") {
  requireDevice();
  requireLaunch();
  requireEvents();
  requireEntry(S.t.buffer_copy, "buffer_copy");
  SlowKernel slow(1 << 16, 20000);
  const uint64_t n = slow.n;
  PQueue producer, consumer;
  PBuffer copy(n * 4);
  std::vector<uint32_t> zeros(n, 0);
  ABI_OK(S.t.buffer_write(consumer.h, copy.h, 0, n * 4, zeros.data(), true));
  slow.launch(producer.h);
  PEvent done(producer.h, ACC_EVENT_FLAGS_NONE);
  // The consumer copies the producer's output only after the event.
  ABI_OK(S.t.queue_wait_event(consumer.h, done.h));
  ABI_OK(S.t.buffer_copy(consumer.h, slow.out.h, 0, copy.h, 0, n * 4));
  ABI_OK(S.t.queue_finish(consumer.h));
  CTS_CHECK_EQUAL("copy made on another queue after the event",
                  slow.reference(), readU32(consumer.h, copy, n));
}

CTS_TEST(Layer::Abi, "abi.event.timing") {
  requireDevice();
  requireLaunch();
  requireEvents();
  SlowKernel slow(1 << 16, 5000);
  PQueue q;
  PEvent start(q.h, ACC_EVENT_TIMING);
  slow.launch(q.h);
  PEvent end(q.h, ACC_EVENT_TIMING);
  PEvent plain(q.h, ACC_EVENT_FLAGS_NONE);
  ABI_OK(S.t.event_wait(end.h));
  uint64_t ns = 0;
  ABI_OK(S.t.event_elapsed_ns(start.h, end.h, &ns));
  note(str("slow_lcg over ", slow.n, " items: ", ns, " ns of device time"));
  CTS_CHECK(ns > 0, "elapsed time around a kernel launch is 0");
  CTS_CHECK(ns < 600ull * 1000 * 1000 * 1000,
            str("elapsed time ", ns, " ns is not plausible"));
  // Reversed order gives 0, not a huge unsigned difference.
  uint64_t reversed = 1;
  ABI_OK(S.t.event_elapsed_ns(end.h, start.h, &reversed));
  CTS_CHECK(reversed == 0, str("end-to-start elapsed is ", reversed));
  ABI_OK(S.t.event_wait(plain.h));
  ABI_EXPECT(S.t.event_elapsed_ns(start.h, plain.h, &ns),
             ACC_ERROR_INVALID_ARGUMENT);
  ABI_EXPECT(S.t.event_elapsed_ns(start.h, end.h, nullptr),
             ACC_ERROR_INVALID_ARGUMENT);
}

CTS_TEST(Layer::Abi, "abi.event.elapsed_not_ready") {
  requireDevice();
  requireLaunch();
  requireEvents();
  SlowKernel slow(1 << 16, 40000);
  PQueue q;
  PEvent start(q.h, ACC_EVENT_TIMING);
  slow.launch(q.h);
  PEvent end(q.h, ACC_EVENT_TIMING);
  uint64_t ns = 0;
  // Pending: NOT_READY (with a message); already done: SUCCESS.
  ABI_EXPECT(S.t.event_elapsed_ns(start.h, end.h, &ns), ACC_SUCCESS,
             ACC_ERROR_NOT_READY);
  ABI_OK(S.t.event_wait(end.h));
}

CTS_TEST(Layer::Abi, "abi.event.release_pending") {
  requireDevice();
  requireLaunch();
  requireEvents();
  SlowKernel slow(1 << 14, 20000);
  PQueue q, other;
  slow.launch(q.h);
  acc_plugin_event_t e = nullptr;
  ABI_OK(S.t.queue_record_event(q.h, ACC_EVENT_TIMING, &e));
  ABI_OK(S.t.queue_wait_event(other.h, e));
  // Released before it completes: the queue waiting for it still waits,
  // and nothing crashes when the marker completes later.
  ABI_OK(S.t.event_release(e));
  ABI_OK(S.t.queue_finish(other.h));
  ABI_OK(S.t.queue_finish(q.h));
  CTS_CHECK_EQUAL("slow_lcg", slow.reference(),
                  readU32(q.h, slow.out, slow.n));
}

CTS_TEST(Layer::Abi, "abi.event.errors") {
  requireDevice();
  requireEvents();
  PQueue q;
  acc_plugin_event_t e = nullptr;
  ABI_EXPECT(S.t.queue_record_event(nullptr, 0, &e),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.queue_record_event(q.h, 0, nullptr),
             ACC_ERROR_INVALID_ARGUMENT);
  ABI_EXPECT(S.t.queue_record_event(q.h, 0x80, &e),
             ACC_ERROR_INVALID_ARGUMENT);
  PEvent ok(q.h, ACC_EVENT_FLAGS_NONE);
  ABI_EXPECT(S.t.queue_wait_event(nullptr, ok.h), ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.queue_wait_event(q.h, nullptr), ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.event_wait(nullptr), ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.event_query(nullptr), ACC_ERROR_INVALID_HANDLE);
  uint64_t ns = 0;
  ABI_EXPECT(S.t.event_elapsed_ns(nullptr, ok.h, &ns),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.event_release(nullptr), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Abi, "abi.event.many_threads") {
  requireDevice();
  requireLaunch();
  requireEvents();
  requireEntry(S.t.buffer_copy, "buffer_copy");
  PModule m("basic.accbin");
  acc_plugin_kernel_t k = m.kernel("iota");
  const int threads = 6, rounds = 8;
  const uint64_t n = 4096;
  // Each thread pipelines through two queues of its own: launch on A,
  // record, B waits, B copies, then the host reads from B. All threads run
  // at once, sharing the device.
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        PQueue a, b;
        PBuffer out(n * 4), copy(n * 4);
        for (int round = 0; round < rounds; ++round) {
          uint32_t mul = uint32_t(t + 1), add = uint32_t(round);
          std::vector<acc_plugin_arg_t> args = {bufferArg(out),
                                                scalarArg(mul),
                                                scalarArg(add)};
          acc_plugin_launch_desc_t d = launch1d(n, 64, 0, args);
          ABI_OK(S.t.launch(a.h, k, &d));
          PEvent e(a.h, ACC_EVENT_FLAGS_NONE);
          ABI_OK(S.t.queue_wait_event(b.h, e.h));
          ABI_OK(S.t.buffer_copy(b.h, out.h, 0, copy.h, 0, n * 4));
          CTS_CHECK_EQUAL(str("thread ", t, " round ", round),
                          iotaReference(n, 0, mul, add),
                          readU32(b.h, copy, n));
        }
      } catch (const AbortTest &) {
        // Already recorded as a failure.
      }
    });
  for (auto &th : pool)
    th.join();
}

//===----------------------------------------------------------------------===//
// Kernel properties
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Abi, "abi.kernel_get_properties.ok") {
  acc_plugin_device_t d = requireDevice();
  requireEntry(S.t.kernel_get_properties, "kernel_get_properties");
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  ABI_OK(S.t.device_get_info(d, &info));
  PModule m("basic.accbin");
  for (const char *name : {"iota", "slow_lcg", "reqd8"}) {
    acc_kernel_properties_t props{};
    props.struct_size = sizeof(props);
    ABI_OK(S.t.kernel_get_properties(m.kernel(name), &props));
    note(str(name, ": max work-group ", props.max_work_group_size,
             ", preferred multiple ", props.preferred_work_group_multiple,
             ", static local ", props.static_local_memory_size, " bytes"));
    CTS_CHECK(props.struct_size == sizeof(props),
              "kernel_get_properties changed struct_size");
    CTS_CHECK(props.max_work_group_size >= 1 &&
                  props.max_work_group_size <= info.max_work_group_size,
              str(name, ": max_work_group_size ", props.max_work_group_size,
                  " is not in [1, device max ", info.max_work_group_size,
                  "]"));
    CTS_CHECK(props.preferred_work_group_multiple >= 1,
              str(name, ": preferred_work_group_multiple is 0"));
  }
  // A caller that knows only the first field gets only that written.
  acc_kernel_properties_t small{};
  small.struct_size = sizeof(uint32_t) * 2;
  small.preferred_work_group_multiple = 12345;
  ABI_OK(S.t.kernel_get_properties(m.kernel("iota"), &small));
  CTS_CHECK(small.preferred_work_group_multiple == 12345,
            "kernel_get_properties wrote past the caller's struct_size");
}

CTS_TEST(Layer::Abi, "abi.kernel_get_properties.errors") {
  requireDevice();
  requireEntry(S.t.kernel_get_properties, "kernel_get_properties");
  PModule m("basic.accbin");
  acc_kernel_properties_t props{};
  props.struct_size = sizeof(props);
  ABI_EXPECT(S.t.kernel_get_properties(nullptr, &props),
             ACC_ERROR_INVALID_HANDLE);
  ABI_EXPECT(S.t.kernel_get_properties(m.kernel("iota"), nullptr),
             ACC_ERROR_INVALID_ARGUMENT);
  props.struct_size = 0;
  ABI_EXPECT(S.t.kernel_get_properties(m.kernel("iota"), &props),
             ACC_ERROR_INVALID_ARGUMENT);
}

} // namespace

namespace cts {
/// Called by main() after the last ABI test: shuts the plugin down and
/// unloads it, so that the runtime layer starts from a fresh load.
void abiTeardown() {
  shutdownPlugin();
  if (S.library)
    dlclose(S.library);
  S = AbiState{};
}
} // namespace cts
