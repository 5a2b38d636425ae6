//===- RuntimeTests.cpp - acc-cts layer 2: devices, buffers, modules ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The runtime layer's fixture, and the tests of everything but launches
// (LaunchTests.cpp): the plugin as libacc sees it, its device, buffers and
// transfers, queues, and module loading. Every error case checks the code
// and that acc_last_error_message() explains it.
//
//===----------------------------------------------------------------------===//
#include "RuntimeFixture.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

using namespace cts;

//===----------------------------------------------------------------------===//
// Fixture
//===----------------------------------------------------------------------===//

namespace {

struct RuntimeState {
  bool started = false;
  acc_result_t initResult = ACC_SUCCESS;
  std::string initMessage;
  acc_backend_info_t backend{};
  std::string backendName, statusMessage;
  acc_device_t device = nullptr;
  acc_device_info_t info{};
  std::optional<acc::Module> basic;
};
RuntimeState R;

acc_init_options_t pluginOnlyOptions(const char *const *paths) {
  acc_init_options_t options;
  acc_init_options_init(&options);
  options.flags |= ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS;
  options.plugin_paths = paths;
  options.plugin_path_count = 1;
  return options;
}

} // namespace

namespace cts::rt {

void start() {
  if (R.started)
    return;
  const char *paths[] = {config().pluginPath.c_str()};
  acc_init_options_t options = pluginOnlyOptions(paths);
  R = RuntimeState{};
  R.started = true;
  R.initResult = acc_init(&options);
  if (R.initResult != ACC_SUCCESS) {
    R.initMessage = acc_last_error_message();
    fail(__FILE__, __LINE__,
         str("acc_init failed with ", resultName(R.initResult), ": ",
             R.initMessage));
    throw AbortTest{};
  }
  uint32_t backends = 0;
  if (acc_backend_count(&backends) != ACC_SUCCESS || backends == 0)
    return;
  R.backend.struct_size = sizeof(R.backend);
  if (acc_backend_get_info(0, &R.backend) != ACC_SUCCESS)
    return;
  R.backendName = R.backend.name ? R.backend.name : "";
  R.statusMessage = R.backend.status_message ? R.backend.status_message : "";
  if (R.backend.status == ACC_SUCCESS && R.backend.device_count > 0) {
    noteHasDevice();
    if (acc_device_get(R.backend.first_device_index, &R.device) ==
        ACC_SUCCESS) {
      R.info.struct_size = sizeof(R.info);
      if (acc_device_get_info(R.device, &R.info) != ACC_SUCCESS)
        R.device = nullptr;
    }
  } else if (R.backend.status == ACC_ERROR_NO_DEVICE) {
    noteNoDevice(R.statusMessage);
  }
}

void stop() {
  if (!R.started)
    return;
  R.basic.reset();
  acc_shutdown();
  R = RuntimeState{};
}

acc::Device device() {
  start();
  if (R.backend.status == ACC_ERROR_NO_DEVICE)
    skip("no device: " + R.statusMessage);
  if (!R.device) {
    fail(__FILE__, __LINE__,
         str("the runtime has no device from the plugin: backend status ",
             resultName(R.backend.status), " ", R.statusMessage));
    throw AbortTest{};
  }
  return acc::Device(R.device);
}

const acc_device_info_t &info() {
  device();
  return R.info;
}

acc::Kernel kernel(const char *name) {
  acc::Device d = device();
  if (!R.basic)
    R.basic = acc::Module::loadFile(d, kernelPath("basic.accbin"));
  try {
    return R.basic->kernel(name);
  } catch (const acc::Error &e) {
    // The backend's target cannot hold the kernel (the bundle records why)
    // or the device lacks a feature it needs: not this backend's failure.
    if (e.result() == ACC_ERROR_UNSUPPORTED)
      skip(e.what());
    throw;
  }
}

bool narrowIds() {
  const acc_device_info_t &i = info();
  return (i.global_id_bits == 32) && !(i.caps & ACC_DEVICE_CAP_INT64);
}

acc_result_t endCall(acc_result_t got,
                     std::initializer_list<acc_result_t> allowed,
                     const char *expr, const char *file, int line) {
  std::string message = got != ACC_SUCCESS ? acc_last_error_message() : "";
  if (!oneOf(got, allowed))
    fail(file, line,
         str(expr, " returned ", resultName(got), ", expected ",
             resultList(allowed),
             got != ACC_SUCCESS ? ": " + message : std::string()));
  if (got != ACC_SUCCESS) {
    if (message.empty())
      fail(file, line,
           str(expr, " failed with ", resultName(got),
               " but acc_last_error_message() is empty"));
    note(str(expr, " -> ", resultName(got), ": ", message));
  }
  return got;
}

} // namespace cts::rt

namespace cts {
void runtimeTeardown() { rt::stop(); }
} // namespace cts

using namespace cts::rt;

namespace {

std::vector<uint8_t> randomBytes(size_t n, uint32_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<uint8_t>(hashIndex(i, seed) >> 7);
  return v;
}

std::vector<uint8_t> readAll(acc::Queue &q, const acc::Buffer &b) {
  return q.read<uint8_t>(b, static_cast<size_t>(b.size()));
}

/// Restores an environment variable when it goes out of scope.
struct EnvGuard {
  std::string name;
  std::optional<std::string> old;
  explicit EnvGuard(const char *n) : name(n) {
    if (const char *v = std::getenv(n))
      old = v;
  }
  ~EnvGuard() {
    if (old)
      setenv(name.c_str(), old->c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

//===----------------------------------------------------------------------===//
// The plugin as the runtime sees it
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Runtime, "rt.init.plugin_loaded") {
  start();
  uint32_t count = 0;
  RT_OK(acc_backend_count(&count));
  CTS_REQUIRE(count == 1, str("expected exactly the plugin under test, found ",
                              count, " backends"));
  const acc_backend_info_t &b = R.backend;
  CTS_CHECK(oneOf(b.status, {ACC_SUCCESS, ACC_ERROR_NO_DEVICE}),
            str("the runtime did not load the plugin: ", resultName(b.status),
                ": ", R.statusMessage));
  CTS_CHECK(b.abi_major == 1, str("ABI major ", b.abi_major));
  CTS_CHECK(R.backendName == config().backend,
            str("backend name '", R.backendName, "', expected '",
                config().backend, "'"));
  CTS_CHECK(b.status != ACC_ERROR_NO_DEVICE || !R.statusMessage.empty(),
            "a backend without device must say why");
  note(str("backend ", R.backendName, " ", b.version ? b.version : "",
           ", ABI ", b.abi_major, ".", b.abi_minor, ", ", b.device_count,
           " device(s)"));
}

CTS_TEST(Layer::Runtime, "rt.init.again_is_noop") {
  start();
  const char *paths[] = {config().pluginPath.c_str()};
  acc_init_options_t options = pluginOnlyOptions(paths);
  RT_EXPECT(acc_init(&options), ACC_SUCCESS);
  uint32_t count = 0;
  RT_OK(acc_backend_count(&count));
  CTS_CHECK(count == 1, str(count, " backends after a second acc_init"));
}

CTS_TEST(Layer::Runtime, "rt.device.info") {
  acc::Device d = device();
  acc_device_info_t i = d.info();
  CTS_CHECK(std::string(i.backend) == R.backendName,
            str("backend field '", i.backend, "'"));
  CTS_CHECK(i.name[0] != 0, "name is empty");
  CTS_CHECK(i.targets[0] != ACC_TARGET_NONE, "targets[] is empty");
  CTS_CHECK(i.max_work_group_size >= 1 && i.max_work_item_sizes[0] >= 1,
            "work-group limits are 0");
  note(str(i.name, ": ", i.compute_units, " CUs, max group ",
           i.max_work_group_size, ", global ", i.global_memory_size,
           " B, max alloc ", i.max_allocation_size, " B, caps 0x", std::hex,
           i.caps, ", targets ", targetList(i.targets)));
}

CTS_TEST(Layer::Runtime, "rt.device.info_struct_size") {
  acc::Device d = device();
  acc_device_info_t i;
  std::memset(&i, 0xab, sizeof(i));
  i.struct_size = offsetof(acc_device_info_t, vendor);
  RT_OK(acc_device_get_info(d.handle(), &i));
  CTS_CHECK(i.name[0] != 0 && i.name[0] != static_cast<char>(0xab),
            "name not filled");
  CTS_CHECK(static_cast<unsigned char>(i.vendor[0]) == 0xab,
            "bytes beyond struct_size were written");
  i.struct_size = 4;
  RT_EXPECT(acc_device_get_info(d.handle(), &i), ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_device_get_info(nullptr, &i), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Runtime, "rt.device.get_out_of_range") {
  device();
  uint32_t count = 0;
  RT_OK(acc_device_count(&count));
  acc_device_t d = nullptr;
  RT_EXPECT(acc_device_get(count, &d), ACC_ERROR_NOT_FOUND);
}

CTS_TEST(Layer::Runtime, "rt.device.acc_backend") {
  acc::Device d = device();
  EnvGuard guard("ACC_BACKEND");
  setenv("ACC_BACKEND", R.backendName.c_str(), 1);
  acc_device_t got = nullptr;
  RT_OK(acc_device_get_default(&got));
  CTS_CHECK(got == d.handle(), "ACC_BACKEND=<name> gave another device");
  setenv("ACC_BACKEND", (R.backendName + ":0").c_str(), 1);
  RT_OK(acc_device_get_default(&got));
  CTS_CHECK(got == d.handle(), "ACC_BACKEND=<name>:0 gave another device");
  setenv("ACC_BACKEND", (R.backendName + ":4000").c_str(), 1);
  RT_EXPECT(acc_device_get_default(&got), ACC_ERROR_NOT_FOUND);
  setenv("ACC_BACKEND", "cts-no-such-backend", 1);
  RT_EXPECT(acc_device_get_default(&got), ACC_ERROR_NOT_FOUND);
}

CTS_TEST(Layer::Runtime, "rt.device.acc_backend_no_device") {
  start();
  if (R.backend.status != ACC_ERROR_NO_DEVICE)
    skip("the backend has a device");
  EnvGuard guard("ACC_BACKEND");
  setenv("ACC_BACKEND", R.backendName.c_str(), 1);
  acc_device_t got = nullptr;
  RT_EXPECT(acc_device_get_default(&got), ACC_ERROR_NO_DEVICE);
  std::string message = acc_last_error_message();
  CTS_CHECK(message.find(R.statusMessage) != std::string::npos,
            str("the message '", message, "' does not give the plugin's "
                "reason '", R.statusMessage, "'"));
}

//===----------------------------------------------------------------------===//
// Buffers and transfers
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Runtime, "rt.buffer.create") {
  acc::Device d = device();
  for (uint64_t size : {0ull, 1ull, 7ull, 4096ull, 1000003ull})
    for (acc_buffer_flags_t flags :
         {ACC_BUFFER_READ_WRITE, ACC_BUFFER_READ_ONLY, ACC_BUFFER_WRITE_ONLY}) {
      acc::Buffer b(d, size, flags);
      CTS_CHECK(b.size() == size, str("size ", b.size(), " != ", size));
    }
  acc_buffer_t b = nullptr;
  RT_EXPECT(acc_buffer_create(d.handle(), 16,
                              ACC_BUFFER_READ_ONLY | ACC_BUFFER_WRITE_ONLY, &b),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_create(d.handle(), 16, 1u << 20, &b),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_create(nullptr, 16, 0, &b), ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_buffer_release(nullptr), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Runtime, "rt.buffer.out_of_memory") {
  acc::Device d = device();
  const uint64_t max = info().max_allocation_size;
  acc_buffer_t b = nullptr;
  // Above the device's limit: the runtime refuses it before the plugin.
  if (max < ~0ull)
    RT_EXPECT(acc_buffer_create(d.handle(), max + 1, 0, &b),
              ACC_ERROR_INVALID_ARGUMENT);
  // Absurd sizes: refused by the runtime or by the plugin, never granted.
  for (uint64_t size : {1ull << 62, ~0ull}) {
    acc_result_t r = RT_EXPECT(acc_buffer_create(d.handle(), size, 0, &b),
                               ACC_ERROR_OUT_OF_MEMORY,
                               ACC_ERROR_INVALID_ARGUMENT);
    if (r == ACC_SUCCESS)
      acc_buffer_release(b);
  }
}

CTS_TEST(Layer::Runtime, "rt.buffer.zero_size") {
  acc::Device d = device();
  acc::Queue q(d);
  acc::Buffer empty(d, 0), other(d, 16);
  uint8_t byte = 1;
  RT_EXPECT(acc_buffer_write(q.handle(), empty.handle(), 0, 0, &byte),
            ACC_SUCCESS);
  RT_EXPECT(acc_buffer_read(q.handle(), empty.handle(), 0, 0, &byte),
            ACC_SUCCESS);
  RT_EXPECT(acc_buffer_fill(q.handle(), empty.handle(), 0, 0, &byte, 1),
            ACC_SUCCESS);
  RT_EXPECT(acc_buffer_copy(q.handle(), empty.handle(), 0, other.handle(), 16,
                            0),
            ACC_SUCCESS);
  RT_EXPECT(acc_buffer_write(q.handle(), empty.handle(), 0, 1, &byte),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_read(q.handle(), empty.handle(), 0, 1, &byte),
            ACC_ERROR_INVALID_ARGUMENT);
  q.finish();
}

CTS_TEST(Layer::Runtime, "rt.buffer.write_read") {
  acc::Device d = device();
  acc::Queue q(d);
  const size_t size = (1u << 20) + 13;
  acc::Buffer b(d, size);
  std::vector<uint8_t> data = randomBytes(size, 1);
  q.write(b, data);
  CTS_CHECK_EQUAL("whole buffer", data, readAll(q, b));
  const size_t pieces[][2] = {{0, 1}, {1, 3}, {4095, 4097}, {size - 5, 5},
                              {12345, 65536}};
  for (const auto &p : pieces) {
    std::vector<uint8_t> piece = randomBytes(p[1], static_cast<uint32_t>(p[0]));
    q.write(b, piece.data(), p[1], p[0]);
    std::memcpy(data.data() + p[0], piece.data(), p[1]);
    std::vector<uint8_t> back = q.read<uint8_t>(b, p[1], p[0]);
    CTS_CHECK_EQUAL(str("read back [", p[0], ", +", p[1], ")"), piece, back);
  }
  CTS_CHECK_EQUAL("whole buffer after partial writes", data, readAll(q, b));
}

CTS_TEST(Layer::Runtime, "rt.buffer.write_read_errors") {
  acc::Device d = device();
  acc::Queue q(d);
  acc::Buffer b(d, 64);
  std::vector<uint8_t> host(128);
  acc_queue_t qh = q.handle();
  acc_buffer_t bh = b.handle();
  RT_EXPECT(acc_buffer_write(qh, bh, 0, 65, host.data()),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_write(qh, bh, 64, 1, host.data()),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_write(qh, bh, ~0ull - 1, 4, host.data()),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_read(qh, bh, 60, 8, host.data()),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_write(qh, bh, 0, 8, nullptr),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_read(qh, bh, 0, 8, nullptr),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_write(nullptr, bh, 0, 8, host.data()),
            ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_buffer_read(qh, nullptr, 0, 8, host.data()),
            ACC_ERROR_INVALID_HANDLE);
  // A released buffer is caught by the runtime's registry.
  acc_buffer_t dead = nullptr;
  RT_OK(acc_buffer_create(d.handle(), 8, 0, &dead));
  RT_OK(acc_buffer_release(dead));
  RT_EXPECT(acc_buffer_release(dead), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Runtime, "rt.buffer.copy") {
  acc::Device d = device();
  acc::Queue q(d);
  const size_t size = 100003;
  acc::Buffer a(d, size), b(d, size);
  std::vector<uint8_t> da = randomBytes(size, 2), db = randomBytes(size, 3);
  q.write(a, da);
  q.write(b, db);
  q.copy(a, b, 50000, 7, 1001); // across buffers, odd offsets
  std::memcpy(db.data() + 1001, da.data() + 7, 50000);
  CTS_CHECK_EQUAL("copy across buffers", db, readAll(q, b));
  q.copy(b, a, size, 0, 0); // whole buffer
  CTS_CHECK_EQUAL("whole-buffer copy", db, readAll(q, a));
  // Copy inside one buffer, checked on its own.
  acc::Buffer c(d, 1000);
  std::vector<uint8_t> dc = randomBytes(1000, 4);
  q.write(c, dc);
  q.copy(c, c, 400, 600, 100);
  std::memmove(dc.data() + 100, dc.data() + 600, 400);
  CTS_CHECK_EQUAL("copy within one buffer", dc, readAll(q, c));
}

CTS_TEST(Layer::Runtime, "rt.buffer.copy_errors") {
  acc::Device d = device();
  acc::Queue q(d);
  acc::Buffer a(d, 100), b(d, 100);
  acc_queue_t qh = q.handle();
  RT_EXPECT(acc_buffer_copy(qh, a.handle(), 0, a.handle(), 50, 51),
            ACC_ERROR_INVALID_ARGUMENT); // overlap
  RT_EXPECT(acc_buffer_copy(qh, a.handle(), 95, b.handle(), 0, 10),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_copy(qh, a.handle(), 0, b.handle(), 91, 10),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_copy(qh, nullptr, 0, b.handle(), 0, 10),
            ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_buffer_copy(qh, a.handle(), 0, nullptr, 0, 10),
            ACC_ERROR_INVALID_HANDLE);
}

void fillTest(uint32_t p) {
  acc::Device d = device();
  acc::Queue q(d);
  // Several ranges: from the start, in the middle, to the end, large.
  const size_t size = 128 * 1000;
  acc::Buffer b(d, size);
  std::vector<uint8_t> expected = randomBytes(size, p), pattern(p);
  q.write(b, expected);
  for (uint32_t i = 0; i < p; ++i)
    pattern[i] = static_cast<uint8_t>(0x80 + i * 7 + p);
  const size_t ranges[][2] = {
      {0, p}, {p * 3, p * 5}, {size - p * 2, p * 2}, {p * 10, p * 700}};
  for (const auto &r : ranges) {
    RT_OK(acc_buffer_fill(q.handle(), b.handle(), r[0], r[1], pattern.data(),
                          p));
    for (size_t i = 0; i < r[1]; ++i)
      expected[r[0] + i] = pattern[i % p];
  }
  // The pattern was copied: changing it now has no effect.
  std::fill(pattern.begin(), pattern.end(), 0);
  CTS_CHECK_EQUAL(str("fills with a ", p, "-byte pattern"), expected,
                  readAll(q, b));
}

CTS_TEST(Layer::Runtime, "rt.buffer.fill.1") { fillTest(1); }
CTS_TEST(Layer::Runtime, "rt.buffer.fill.2") { fillTest(2); }
CTS_TEST(Layer::Runtime, "rt.buffer.fill.4") { fillTest(4); }
CTS_TEST(Layer::Runtime, "rt.buffer.fill.8") { fillTest(8); }
CTS_TEST(Layer::Runtime, "rt.buffer.fill.16") { fillTest(16); }
CTS_TEST(Layer::Runtime, "rt.buffer.fill.32") { fillTest(32); }
CTS_TEST(Layer::Runtime, "rt.buffer.fill.64") { fillTest(64); }
CTS_TEST(Layer::Runtime, "rt.buffer.fill.128") { fillTest(128); }

CTS_TEST(Layer::Runtime, "rt.buffer.fill_errors") {
  acc::Device d = device();
  acc::Queue q(d);
  acc::Buffer b(d, 1024);
  uint8_t pattern[256] = {};
  acc_queue_t qh = q.handle();
  for (uint32_t bad : {0u, 3u, 24u, 256u})
    RT_EXPECT(acc_buffer_fill(qh, b.handle(), 0, 768, pattern, bad),
              ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_fill(qh, b.handle(), 4, 16, pattern, 8),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_fill(qh, b.handle(), 0, 12, pattern, 8),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_fill(qh, b.handle(), 1016, 16, pattern, 8),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_buffer_fill(qh, b.handle(), 0, 16, nullptr, 8),
            ACC_ERROR_INVALID_ARGUMENT);
}

//===----------------------------------------------------------------------===//
// Queues
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Runtime, "rt.queue.many") {
  acc::Device d = device();
  std::vector<acc::Queue> queues;
  for (int i = 0; i < 64; ++i)
    queues.emplace_back(d);
  for (auto &q : queues)
    q.finish();
  RT_EXPECT(acc_queue_finish(nullptr), ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_queue_release(nullptr), ACC_ERROR_INVALID_HANDLE);
  acc_queue_t q = nullptr;
  RT_EXPECT(acc_queue_create(nullptr, &q), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Runtime, "rt.queue.copy_across_queues") {
  acc::Device d = device();
  acc::Kernel iota = kernel("iota");
  acc::Queue producer(d), mover(d), consumer(d);
  const uint32_t n = 300007;
  acc::Buffer a(d, n * 4), b(d, n * 4);
  // producer: a = iota; mover: b = a; consumer: b += 5, read.
  producer.launch(iota, acc::Range(n), a, uint32_t(3), uint32_t(1));
  producer.finish();
  mover.copy(a, b, n * 4);
  mover.finish();
  acc::Kernel add = kernel("add_int");
  consumer.launch(add, acc::Range(n), b, int32_t(5));
  std::vector<uint32_t> got = consumer.read<uint32_t>(b, n);
  std::vector<uint32_t> expected(n);
  for (uint32_t i = 0; i < n; ++i)
    expected[i] = i * 3 + 1 + 5;
  CTS_CHECK_EQUAL("iota, copied on another queue, updated on a third",
                  expected, got);
}

//===----------------------------------------------------------------------===//
// Modules and kernels
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Runtime, "rt.module.load_file") {
  acc::Device d = device();
  acc::Module m = acc::Module::loadFile(d, kernelPath("basic.accbin"));
  const auto &bundle = testBundle("basic.accbin");
  CTS_REQUIRE(m.kernelCount() == bundle.kernels.size(),
              str(m.kernelCount(), " kernels, the bundle has ",
                  bundle.kernels.size()));
  for (uint32_t i = 0; i < m.kernelCount(); ++i) {
    const acc_kernel_info_t &k = m.kernelInfo(i);
    CTS_CHECK(bundle.kernels[i].name == k.name,
              str("kernel ", i, " is '", k.name, "'"));
    try {
      acc::Kernel kernel = m.kernel(k.name);
      CTS_CHECK(kernel.name() == k.name, "kernel_info name differs");
    } catch (const acc::Error &e) {
      // Left out of this device's code for a limit of its target: the
      // runtime refuses it by name, with the compiler's reason.
      CTS_CHECK(e.result() == ACC_ERROR_UNSUPPORTED &&
                    std::string(e.what()).find("leaves it out") !=
                        std::string::npos,
                str("acc_kernel_get(", k.name, ") failed: ", e.what()));
    }
  }
  const acc_kernel_info_t *info = nullptr;
  RT_EXPECT(acc_module_kernel_info(m.handle(), m.kernelCount(), &info),
            ACC_ERROR_NOT_FOUND);
}

CTS_TEST(Layer::Runtime, "rt.module.load_memory") {
  acc::Device d = device();
  std::vector<uint8_t> bytes = readFileBytes(kernelPath("basic.accbin"));
  acc::Module m = acc::Module::loadMemory(d, bytes.data(), bytes.size());
  std::fill(bytes.begin(), bytes.end(), 0); // borrowed for the call only
  acc::Kernel iota = m.kernel("iota");
  acc::Queue q(d);
  acc::Buffer out(d, 1000 * 4);
  q.launch(iota, acc::Range(1000), out, uint32_t(2), uint32_t(9));
  std::vector<uint32_t> expected(1000);
  for (uint32_t i = 0; i < 1000; ++i)
    expected[i] = i * 2 + 9;
  CTS_CHECK_EQUAL("iota from a bundle loaded from memory", expected,
                  q.read<uint32_t>(out, 1000));
}

CTS_TEST(Layer::Runtime, "rt.module.no_code_for_backend") {
  acc::Device d = device();
  std::string file = bundleWithoutCodeFor(info().targets);
  if (file.empty())
    skip(str("every nocode-<target>.accbin has code this device accepts (",
             targetList(info().targets), ")"));
  note("loading " + file);
  acc_module_t m = nullptr;
  if (RT_EXPECT(acc_module_load_file(d.handle(), kernelPath(file).c_str(), &m),
                ACC_ERROR_NO_CODE_FOR_BACKEND) == ACC_SUCCESS) {
    acc_module_release(m);
    return;
  }
  std::string message = acc_last_error_message();
  CTS_CHECK(message.find("--targets") != std::string::npos,
            "the message should say which acc-cc --targets to use: " + message);
}

CTS_TEST(Layer::Runtime, "rt.module.invalid_bundle") {
  acc::Device d = device();
  std::vector<uint8_t> bytes = readFileBytes(kernelPath("basic.accbin"));
  acc_module_t m = nullptr;
  const char garbage[] = "not a bundle at all, just some text";
  RT_EXPECT(acc_module_load_memory(d.handle(), garbage, sizeof(garbage), &m),
            ACC_ERROR_INVALID_BUNDLE);
  RT_EXPECT(acc_module_load_memory(d.handle(), bytes.data(), bytes.size() / 2,
                                   &m),
            ACC_ERROR_INVALID_BUNDLE);
  std::vector<uint8_t> flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x10;
  RT_EXPECT(acc_module_load_memory(d.handle(), flipped.data(), flipped.size(),
                                   &m),
            ACC_ERROR_INVALID_BUNDLE);
  RT_EXPECT(acc_module_load_file(d.handle(),
                                 kernelPath("cts-missing.accbin").c_str(), &m),
            ACC_ERROR_IO);
  RT_EXPECT(acc_module_load_memory(nullptr, bytes.data(), bytes.size(), &m),
            ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Runtime, "rt.kernel.get") {
  acc::Device d = device();
  acc::Module m = acc::Module::loadFile(d, kernelPath("basic.accbin"));
  acc_kernel_t k = nullptr;
  RT_EXPECT(acc_kernel_get(m.handle(), "cts_no_such_kernel", &k),
            ACC_ERROR_NOT_FOUND);
  std::string message = acc_last_error_message();
  CTS_CHECK(message.find("iota") != std::string::npos,
            "the message should list the module's kernels: " + message);
  RT_EXPECT(acc_kernel_get(nullptr, "iota", &k), ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_kernel_release(nullptr), ACC_ERROR_INVALID_HANDLE);
}

CTS_TEST(Layer::Runtime, "rt.kernel.outlives_module") {
  acc::Device d = device();
  acc::Kernel iota;
  {
    acc::Module m = acc::Module::loadFile(d, kernelPath("basic.accbin"));
    iota = m.kernel("iota");
  } // The module handle is released here; the kernel keeps it alive.
  acc::Queue q(d);
  acc::Buffer out(d, 64 * 4);
  q.launch(iota, acc::Range(64), out, uint32_t(1), uint32_t(100));
  std::vector<uint32_t> expected(64);
  for (uint32_t i = 0; i < 64; ++i)
    expected[i] = i + 100;
  CTS_CHECK_EQUAL("launch after the module was released", expected,
                  q.read<uint32_t>(out, 64));
}

} // namespace
