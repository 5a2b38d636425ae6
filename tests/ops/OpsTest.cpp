//===- OpsTest.cpp - acc_matmul_f32 on a real backend ---------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Runs acc_matmul_f32() on the device ACC_BACKEND selects over shapes that
// are and are not multiples of the portable kernel's tiles, both layouts,
// every transpose, alpha/beta, offsets and padded leading dimensions, and
// compares each C with a product computed on the host in double precision.
// Also: beta == 0 ignores NaNs already in C, k == 0 scales C, m == 0 leaves
// it alone. Prints one line per case and a summary; exit 0 when every case
// passed, 1 otherwise, 77 when there is no device.
//
//===----------------------------------------------------------------------===//

#include "acc/acc.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

int failures = 0, passes = 0;

void report(bool ok, const std::string &name, const std::string &detail) {
  std::printf("[ %s ] %s%s%s\n", ok ? "PASS" : "FAIL", name.c_str(),
              detail.empty() ? "" : ": ", detail.c_str());
  ok ? ++passes : ++failures;
}

#define CHECK_ACC(expr)                                                        \
  do {                                                                         \
    acc_result_t r_ = (expr);                                                  \
    if (r_ != ACC_SUCCESS) {                                                   \
      std::fprintf(stderr, "%s:%d: %s failed: %s: %s\n", __FILE__, __LINE__,  \
                   #expr, acc_result_name(r_), acc_last_error_message());      \
      std::exit(1);                                                            \
    }                                                                          \
  } while (0)

struct Device {
  acc_device_t device = nullptr;
  acc_queue_t queue = nullptr;
};

acc_buffer_t upload(const Device &d, const std::vector<float> &values) {
  acc_buffer_t b = nullptr;
  CHECK_ACC(acc_buffer_create(d.device, (values.size() + 1) * sizeof(float),
                              ACC_BUFFER_READ_WRITE, &b));
  if (!values.empty())
    CHECK_ACC(acc_buffer_write(d.queue, b, 0, values.size() * sizeof(float),
                               values.data()));
  return b;
}

/// One product: C = alpha op(A) op(B) + beta C with the given storage.
struct Case {
  acc_matrix_layout_t layout;
  bool ta, tb;
  uint64_t m, n, k;
  float alpha, beta;
  uint64_t pad;    // added to every packed leading dimension
  uint64_t offset; // elements before every matrix
  bool nanInC = false;

  std::string name() const {
    char buf[160];
    std::snprintf(buf, sizeof(buf), "matmul.%s.%c%c.%llux%llux%llu.a%g.b%g%s%s",
                  layout == ACC_ROW_MAJOR ? "row" : "col", ta ? 'T' : 'N',
                  tb ? 'T' : 'N', (unsigned long long)m, (unsigned long long)n,
                  (unsigned long long)k, alpha, beta,
                  pad || offset ? ".padded" : "", nanInC ? ".nan-in-c" : "");
    return buf;
  }
};

/// Element (i, j) of a rows x cols matrix stored in `layout` with `ld`.
uint64_t at(acc_matrix_layout_t layout, uint64_t ld, uint64_t i, uint64_t j) {
  return layout == ACC_ROW_MAJOR ? i * ld + j : i + j * ld;
}

void run(const Device &dev, const Case &c, std::mt19937 &rng) {
  const bool row = c.layout == ACC_ROW_MAJOR;
  // Stored shapes.
  uint64_t aRows = c.ta ? c.k : c.m, aCols = c.ta ? c.m : c.k;
  uint64_t bRows = c.tb ? c.n : c.k, bCols = c.tb ? c.k : c.n;
  uint64_t lda = (row ? aCols : aRows) + c.pad;
  uint64_t ldb = (row ? bCols : bRows) + c.pad;
  uint64_t ldc = (row ? c.n : c.m) + c.pad;
  auto span = [&](uint64_t rows, uint64_t cols, uint64_t ld) {
    return c.offset + (row ? rows : cols) * ld;
  };
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(span(aRows, aCols, lda)), b(span(bRows, bCols, ldb)),
      cm(span(c.m, c.n, ldc));
  for (float &x : a)
    x = dist(rng);
  for (float &x : b)
    x = dist(rng);
  for (float &x : cm)
    x = c.nanInC ? std::numeric_limits<float>::quiet_NaN() : dist(rng);

  acc_buffer_t ba = upload(dev, a), bb = upload(dev, b), bc = upload(dev, cm);
  acc_matmul_desc_t d = acc_matmul_desc_init(c.m, c.n, c.k, ba, bb, bc);
  d.layout = c.layout;
  d.transpose_a = c.ta;
  d.transpose_b = c.tb;
  d.alpha = c.alpha;
  d.beta = c.beta;
  d.a_offset = d.b_offset = d.c_offset = c.offset;
  d.lda = lda;
  d.ldb = ldb;
  d.ldc = ldc;
  acc_result_t r = acc_matmul_f32(dev.queue, &d);
  if (r == ACC_SUCCESS)
    r = acc_queue_finish(dev.queue);
  std::vector<float> got(cm.size());
  if (r == ACC_SUCCESS && !got.empty())
    r = acc_buffer_read(dev.queue, bc, 0, got.size() * sizeof(float),
                        got.data());
  acc_buffer_release(ba);
  acc_buffer_release(bb);
  acc_buffer_release(bc);
  if (r != ACC_SUCCESS) {
    report(false, c.name(),
           std::string(acc_result_name(r)) + ": " + acc_last_error_message());
    return;
  }

  // Host reference; elements of C outside the product must be untouched.
  std::vector<bool> inside(cm.size(), false);
  double worst = 0;
  std::string where;
  for (uint64_t i = 0; i < c.m; ++i)
    for (uint64_t j = 0; j < c.n; ++j) {
      double sum = 0, magnitude = 0;
      for (uint64_t p = 0; p < c.k; ++p) {
        double x = c.ta ? a[c.offset + at(c.layout, lda, p, i)]
                        : a[c.offset + at(c.layout, lda, i, p)];
        double y = c.tb ? b[c.offset + at(c.layout, ldb, j, p)]
                        : b[c.offset + at(c.layout, ldb, p, j)];
        sum += x * y;
        magnitude += std::fabs(x * y);
      }
      uint64_t ci = c.offset + at(c.layout, ldc, i, j);
      inside[ci] = true;
      double old = c.beta == 0 ? 0 : double(c.beta) * cm[ci];
      double want = c.alpha * sum + old;
      // Float rounding of a k-term sum, plus the scaling.
      double bound = 1e-6 * (4.0 * double(c.k) + 8.0) *
                         (std::fabs(c.alpha) * magnitude + std::fabs(old)) +
                     1e-30;
      double err = std::fabs(double(got[ci]) - want);
      if (!(err <= bound) && !(err / bound <= worst)) {
        worst = std::isnan(err) ? INFINITY : err / bound;
        char buf[160];
        std::snprintf(buf, sizeof(buf), "C(%llu, %llu) = %.9g, expected %.9g",
                      (unsigned long long)i, (unsigned long long)j,
                      double(got[ci]), want);
        where = buf;
      }
    }
  for (size_t i = 0; i < cm.size(); ++i)
    if (!inside[i] && !(got[i] == cm[i] || (std::isnan(got[i]) &&
                                            std::isnan(cm[i])))) {
      worst = INFINITY;
      where = "element " + std::to_string(i) +
              " outside C (padding or offset) was written";
      break;
    }
  report(where.empty(), c.name(), where);
}

} // namespace

int main() {
  if (acc_init(nullptr) != ACC_SUCCESS) {
    std::fprintf(stderr, "acc_init failed: %s\n", acc_last_error_message());
    return 1;
  }
  Device dev;
  acc_result_t r = acc_device_get_default(&dev.device);
  if (r == ACC_ERROR_NO_DEVICE || r == ACC_ERROR_NOT_FOUND) {
    std::printf("SKIP: no device: %s\n", acc_last_error_message());
    acc_shutdown();
    return 77;
  }
  CHECK_ACC(r);
  acc_device_info_t info{};
  info.struct_size = sizeof(info);
  CHECK_ACC(acc_device_get_info(dev.device, &info));
  const char *ops = std::getenv("ACC_PLUGIN_OPS");
  std::printf("device: %s (%s)%s\n", info.name,
              std::getenv("ACC_BACKEND") ? std::getenv("ACC_BACKEND") : "default",
              ops && std::string(ops) == "0"
                  ? ", ACC_PLUGIN_OPS=0: portable kernels"
                  : "");
  CHECK_ACC(acc_queue_create(dev.device, &dev.queue));

  std::mt19937 rng(12345);
  const uint64_t shapes[][3] = {{1, 1, 1},   {5, 7, 3},    {16, 16, 16},
                                {33, 17, 40}, {64, 48, 80}, {100, 1, 7},
                                {1, 90, 33}};
  for (acc_matrix_layout_t layout : {ACC_ROW_MAJOR, ACC_COLUMN_MAJOR})
    for (int t = 0; t < 4; ++t)
      for (const auto &s : shapes) {
        bool ta = t & 1, tb = t & 2;
        run(dev, {layout, ta, tb, s[0], s[1], s[2], 1.0f, 0.0f, 0, 0}, rng);
        run(dev, {layout, ta, tb, s[0], s[1], s[2], -0.5f, 2.0f, 3, 5}, rng);
      }
  // Larger products, several tiles in every direction.
  run(dev, {ACC_ROW_MAJOR, false, false, 257, 129, 300, 1.0f, 0.0f, 0, 0}, rng);
  run(dev, {ACC_COLUMN_MAJOR, true, false, 130, 250, 64, 0.75f, -1.0f, 2, 9},
      rng);
  // beta == 0: NaNs already in C must not reach the result.
  Case nan{ACC_ROW_MAJOR, false, false, 20, 24, 12, 1.0f, 0.0f, 0, 0};
  nan.nanInC = true;
  run(dev, nan, rng);
  // k == 0: C = beta C.
  run(dev, {ACC_ROW_MAJOR, false, false, 9, 11, 0, 1.0f, 2.0f, 0, 0}, rng);
  run(dev, {ACC_COLUMN_MAJOR, false, true, 9, 11, 0, 1.0f, 0.0f, 1, 3}, rng);
  // m == 0: nothing happens (the reference expects C untouched).
  run(dev, {ACC_ROW_MAJOR, false, false, 0, 11, 4, 1.0f, 0.0f, 0, 0}, rng);

  acc_queue_release(dev.queue);
  acc_shutdown();
  std::printf("summary: %d passed, %d failed\n", passes, failures);
  return failures ? 1 : 0;
}
