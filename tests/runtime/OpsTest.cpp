//===- OpsTest.cpp - Library operations and the plugin operation table ----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// acc_matmul_f32() on the mock plugin, whose operation table computes the
// product on the host and records what it was handed: the runtime's checks,
// the row-major form every plugin receives (a column-major call arrives with
// A and B swapped), and the way to the portable kernels when a plugin has no
// entry, declines, or ACC_PLUGIN_OPS=0 (with ACC_OPS_BUNDLE pointing nowhere,
// so the test needs no acc-cc). The numerics on real backends are checked by
// tests/ops. Also acc_buffer_map() staged by libacc for a plugin without
// buffer_map (the mock).
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

using namespace acctest;

namespace {

bool contains(const std::string &s, const std::string &needle) {
  return s.find(needle) != std::string::npos;
}

struct MockOps {
  Runtime rt{{pluginDir("mock")}};
  acc_device_t device = nullptr;
  acc_queue_t queue = nullptr;
  std::vector<acc_buffer_t> buffers;

  MockOps() {
    REQUIRE(rt.result == ACC_SUCCESS);
    device = mockDevice();
    REQUIRE(acc_queue_create(device, &queue) == ACC_SUCCESS);
  }
  ~MockOps() {
    for (acc_buffer_t b : buffers)
      acc_buffer_release(b);
    acc_queue_release(queue);
  }
  acc_buffer_t buffer(const std::vector<float> &values) {
    acc_buffer_t b = nullptr;
    REQUIRE(acc_buffer_create(device, values.size() * 4, 0, &b) ==
            ACC_SUCCESS);
    if (!values.empty())
      REQUIRE(acc_buffer_write(queue, b, 0, values.size() * 4,
                               values.data()) == ACC_SUCCESS);
    buffers.push_back(b);
    return b;
  }
  std::vector<float> read(acc_buffer_t b, size_t count) {
    std::vector<float> out(count);
    REQUIRE(acc_buffer_read(queue, b, 0, count * 4, out.data()) ==
            ACC_SUCCESS);
    return out;
  }
};

std::vector<float> iota(size_t n, float start, float step) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = start + step * float(i % 13);
  return v;
}

} // namespace

TEST_CASE("ops: a row-major product reaches the plugin as given",
          "[ops]") {
  MockOps t;
  // A 3 x 5 at offset 2 with lda 7, B 5 x 4 packed, C 3 x 4 with ldc 6.
  const uint64_t m = 3, n = 4, k = 5;
  std::vector<float> a = iota(2 + 3 * 7, 1, 0.5f), b = iota(20, -2, 0.25f),
                     c(3 * 6, 1.0f);
  acc_matmul_desc_t d = acc_matmul_desc_init(m, n, k, t.buffer(a),
                                             t.buffer(b), t.buffer(c));
  d.a_offset = 2;
  d.lda = 7;
  d.ldc = 6;
  d.alpha = 2.0f;
  d.beta = 0.5f;
  REQUIRE(acc_matmul_f32(t.queue, &d) == ACC_SUCCESS);
  const mock_matmul_t &r = mockState()->last_matmul;
  CHECK(mockState()->matmul_calls == 1);
  CHECK((r.m == 3 && r.n == 4 && r.k == 5));
  CHECK((r.transpose_a == 0 && r.transpose_b == 0));
  CHECK((r.a_offset == 2 && r.lda == 7 && r.ldb == 4 && r.ldc == 6));
  CHECK((r.alpha == 2.0f && r.beta == 0.5f));
  std::vector<float> got = t.read(d.c, c.size());
  for (uint64_t i = 0; i < m; ++i)
    for (uint64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (uint64_t p = 0; p < k; ++p)
        sum += double(a[2 + i * 7 + p]) * b[p * 4 + j];
      CHECK(got[i * 6 + j] == Approx(2 * sum + 0.5).epsilon(1e-5));
    }
}

TEST_CASE("ops: a column-major product arrives as the row-major transpose",
          "[ops]") {
  MockOps t;
  // Column-major C (m x n) = A^T (A stored k x m) * B (k x n).
  const uint64_t m = 4, n = 3, k = 2;
  std::vector<float> a = iota(k * m, 1, 1), b = iota(k * n, 3, -1),
                     c(m * n, 0.0f);
  acc_matmul_desc_t d = acc_matmul_desc_init(m, n, k, t.buffer(a),
                                             t.buffer(b), t.buffer(c));
  d.layout = ACC_COLUMN_MAJOR;
  d.transpose_a = 1;
  REQUIRE(acc_matmul_f32(t.queue, &d) == ACC_SUCCESS);
  const mock_matmul_t &r = mockState()->last_matmul;
  // C^T (n x m) = B^T (B's storage read row-major) * A (likewise, flagged).
  CHECK((r.m == n && r.n == m && r.k == k));
  CHECK((r.transpose_a == 0 && r.transpose_b == 1));
  CHECK((r.lda == k && r.ldb == k && r.ldc == m));
  std::vector<float> got = t.read(d.c, c.size());
  for (uint64_t i = 0; i < m; ++i)
    for (uint64_t j = 0; j < n; ++j) {
      // Column-major: A (k x m) element (p, i) at p + i * k; B (p, j) at
      // p + j * k; C (i, j) at i + j * m.
      double sum = 0;
      for (uint64_t p = 0; p < k; ++p)
        sum += double(a[p + i * k]) * b[p + j * k];
      CHECK(got[i + j * m] == Approx(sum).epsilon(1e-6));
    }
}

TEST_CASE("ops: acc_matmul_f32 checks its arguments before any backend",
          "[ops]") {
  MockOps t;
  acc_buffer_t a = t.buffer(std::vector<float>(64)),
               b = t.buffer(std::vector<float>(64)),
               c = t.buffer(std::vector<float>(64));
  auto call = [&](acc_matmul_desc_t d) { return acc_matmul_f32(t.queue, &d); };
  const acc_matmul_desc_t good = acc_matmul_desc_init(8, 8, 8, a, b, c);

  CHECK(acc_matmul_f32(t.queue, nullptr) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "desc is NULL"));
  acc_matmul_desc_t d = good;
  d.struct_size = 8;
  CHECK(call(d) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "acc_matmul_desc_init()"));
  d = good;
  d.layout = 7;
  CHECK(call(d) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "layout 7"));
  d = good;
  d.lda = 4;
  CHECK(call(d) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(),
                 "A is stored 8 x 8 row-major, so its leading dimension must "
                 "be at least 8, but it is 4"));
  d = good;
  d.b_offset = 1;
  CHECK(call(d) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "B (8 x 8 row-major"));
  CHECK(contains(acc_last_error_message(), "needs 65 floats, but its buffer "
                                           "holds 64"));
  d = good;
  d.m = 9; // C needs 72 floats
  CHECK(call(d) == ACC_ERROR_INVALID_ARGUMENT);
  d = good;
  d.c = a;
  CHECK(call(d) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "C overlaps A"));
  d = good;
  d.k = uint64_t(1) << 31;
  CHECK(call(d) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "at most INT32_MAX"));
  d = good;
  d.b = nullptr;
  CHECK(call(d) == ACC_ERROR_INVALID_HANDLE);
  CHECK(acc_matmul_f32(nullptr, &good) == ACC_ERROR_INVALID_HANDLE);
  CHECK(mockState()->matmul_calls == 0);

  // Disjoint parts of one buffer are fine: C below A.
  acc_buffer_t big = t.buffer(std::vector<float>(4 * 4 * 3));
  d = acc_matmul_desc_init(4, 4, 4, big, b, big);
  d.c_offset = 16;
  CHECK(call(d) == ACC_SUCCESS);
  CHECK(mockState()->matmul_calls == 1);

  // Nothing to do: no call reaches the plugin.
  d = good;
  d.m = 0;
  CHECK(call(d) == ACC_SUCCESS);
  CHECK(mockState()->matmul_calls == 1);
}

TEST_CASE("ops: a buffer of another device is refused", "[ops]") {
  ScopedEnv devices("ACC_MOCK_DEVICES", "2");
  MockOps t;
  acc_buffer_t a = t.buffer(std::vector<float>(16)),
               b = t.buffer(std::vector<float>(16)), other = nullptr;
  REQUIRE(acc_buffer_create(mockDevice(1), 64, 0, &other) == ACC_SUCCESS);
  acc_matmul_desc_t d = acc_matmul_desc_init(4, 4, 4, a, b, other);
  CHECK(acc_matmul_f32(t.queue, &d) == ACC_ERROR_INVALID_HANDLE);
  CHECK(contains(acc_last_error_message(), "C is a buffer of device 1"));
  acc_buffer_release(other);
}

TEST_CASE("ops: without the plugin's entry the portable kernels are used",
          "[ops]") {
  ScopedEnv bundle("ACC_OPS_BUNDLE", "/nonexistent/acc_ops.accbin");
  auto expectPortable = [](acc_result_t r) {
    CHECK(r == ACC_ERROR_IO);
    std::string message = acc_last_error_message();
    CHECK(contains(message, "libacc's portable kernels could not be loaded"));
    CHECK(contains(message, "/nonexistent/acc_ops.accbin"));
  };
  SECTION("the plugin declines") {
    ScopedEnv decline("ACC_MOCK_DECLINE_OPS", "1");
    MockOps t;
    acc_matmul_desc_t d = acc_matmul_desc_init(
        2, 2, 2, t.buffer(std::vector<float>(4)),
        t.buffer(std::vector<float>(4)), t.buffer(std::vector<float>(4)));
    expectPortable(acc_matmul_f32(t.queue, &d));
    CHECK(mockState()->matmul_calls == 0);
  }
  SECTION("ACC_PLUGIN_OPS=0") {
    ScopedEnv off("ACC_PLUGIN_OPS", "0");
    MockOps t;
    acc_matmul_desc_t d = acc_matmul_desc_init(
        2, 2, 2, t.buffer(std::vector<float>(4)),
        t.buffer(std::vector<float>(4)), t.buffer(std::vector<float>(4)));
    expectPortable(acc_matmul_f32(t.queue, &d));
    CHECK(mockState()->matmul_calls == 0);
  }
  SECTION("k == 0 never reaches a plugin") {
    MockOps t;
    acc_matmul_desc_t d = acc_matmul_desc_init(
        2, 2, 0, t.buffer({}), t.buffer({}), t.buffer(std::vector<float>(4)));
    expectPortable(acc_matmul_f32(t.queue, &d));
    CHECK(mockState()->matmul_calls == 0);
  }
  SECTION("an ABI 1.0 plugin's reserved slot is not taken for a table") {
    // Its `ops` slot holds garbage (0xdeadbeef): using it would crash.
    Runtime rt({pluginDir("oldminor")});
    REQUIRE(rt.result == ACC_SUCCESS);
    acc_device_t device;
    REQUIRE(acc_device_get(0, &device) == ACC_SUCCESS);
    acc_queue_t q;
    REQUIRE(acc_queue_create(device, &q) == ACC_SUCCESS);
    acc_buffer_t bufs[3];
    for (acc_buffer_t &b : bufs)
      REQUIRE(acc_buffer_create(device, 16, 0, &b) == ACC_SUCCESS);
    acc_matmul_desc_t d = acc_matmul_desc_init(2, 2, 2, bufs[0], bufs[1],
                                               bufs[2]);
    expectPortable(acc_matmul_f32(q, &d));
    for (acc_buffer_t b : bufs)
      acc_buffer_release(b);
    acc_queue_release(q);
  }
}

TEST_CASE("buffers: a plugin without buffer_map gets staged mappings",
          "[map]") {
  MockOps t;
  std::vector<float> values = iota(64, 1, 1);
  acc_buffer_t b = t.buffer(values);
  void *p = nullptr;
  // Read: a host copy of the contents.
  REQUIRE(acc_buffer_map(t.queue, b, ACC_MAP_READ | ACC_MAP_WRITE, 16, 64,
                         &p) == ACC_SUCCESS);
  REQUIRE(p);
  CHECK(std::memcmp(p, values.data() + 4, 64) == 0);
  // Write: reaches the buffer at the unmap.
  for (int i = 0; i < 16; ++i)
    static_cast<float *>(p)[i] = -1.0f;
  REQUIRE(acc_buffer_unmap(t.queue, b, p) == ACC_SUCCESS);
  std::vector<float> got = t.read(b, 64);
  for (int i = 0; i < 64; ++i)
    CHECK(got[i] == (i >= 4 && i < 20 ? -1.0f : values[i]));
  // Write-only mappings need not read; read-only ones do not write back.
  void *w = nullptr, *r = nullptr;
  REQUIRE(acc_buffer_map(t.queue, b, ACC_MAP_WRITE, 0, 4, &w) == ACC_SUCCESS);
  *static_cast<float *>(w) = 42.0f;
  REQUIRE(acc_buffer_unmap(t.queue, b, w) == ACC_SUCCESS);
  REQUIRE(acc_buffer_map(t.queue, b, ACC_MAP_READ, 0, 4, &r) == ACC_SUCCESS);
  CHECK(*static_cast<float *>(r) == 42.0f);
  *static_cast<float *>(r) = 7.0f;
  REQUIRE(acc_buffer_unmap(t.queue, b, r) == ACC_SUCCESS);
  CHECK(t.read(b, 1)[0] == 42.0f);

  // Mistakes.
  CHECK(acc_buffer_map(t.queue, b, 0, 0, 4, &p) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "flags 0"));
  CHECK(acc_buffer_map(t.queue, b, ACC_MAP_READ, 250, 8, &p) ==
        ACC_ERROR_INVALID_ARGUMENT);
  CHECK(acc_buffer_map(t.queue, b, ACC_MAP_READ, 0, 4, nullptr) ==
        ACC_ERROR_INVALID_ARGUMENT);
  int local = 0;
  CHECK(acc_buffer_unmap(t.queue, b, &local) == ACC_ERROR_INVALID_ARGUMENT);
  CHECK(contains(acc_last_error_message(), "not a live mapping"));
}
