//===- main.cpp - The saxpy sample: y = a * x + y on an acc device ---------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Loads saxpy.accbin (beside the executable, or argv[1]), runs it on the
// device ACC_BACKEND selects, checks the result against the host and prints
// one PASS / FAIL / SKIP line (see samples/common/sample.h).
//
//===----------------------------------------------------------------------===//
#include "../common/sample.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

const char *const kName = "saxpy";

/// Elements: not a multiple of the work-group size, so the kernel's bounds
/// check matters; 16 MiB per vector.
constexpr uint32_t kCount = (1u << 22) + 3;
constexpr uint32_t kGroupSize = 256;

int run(const acc::Device &device, const std::string &bundle) {
  const std::string backend = device.backend();
  acc::Queue queue(device);
  acc::Module module = acc::Module::loadFile(device, bundle);
  acc::Kernel saxpy = module.kernel("saxpy");

  const float a = 2.5f;
  std::vector<float> x(kCount), y(kCount);
  for (uint32_t i = 0; i < kCount; ++i) {
    x[i] = static_cast<float>(i % 1000) * 0.25f;
    y[i] = 1.0f - static_cast<float>(i % 77);
  }
  const uint64_t bytes = uint64_t(kCount) * sizeof(float);
  acc::Buffer bufferX(device, bytes, ACC_BUFFER_READ_ONLY);
  acc::Buffer bufferY(device, bytes);
  queue.write(bufferX, x);

  const uint64_t global = (kCount + kGroupSize - 1) / kGroupSize * kGroupSize;
  const acc::Range range = acc::Range(global).local(kGroupSize);

  // A first launch pays for one-time work (thread start-up, JIT caches);
  // then y is reset and the launch that counts is timed.
  queue.write(bufferY, y);
  queue.launch(saxpy, range, a, bufferX, bufferY, kCount);
  queue.finish();
  queue.write(bufferY, y);
  queue.finish();

  // Device time between two events around the launch.
  acc::Event start = queue.record(ACC_EVENT_TIMING);
  queue.launch(saxpy, range, a, bufferX, bufferY, kCount);
  acc::Event stop = queue.record(ACC_EVENT_TIMING);
  stop.wait();
  double ms = double(acc::Event::elapsedNs(start, stop)) / 1e6;

  std::vector<float> result = queue.read<float>(bufferY, kCount);
  for (uint32_t i = 0; i < kCount; ++i) {
    // A device may fuse the multiply-add (one rounding instead of two).
    float expected = a * x[i] + y[i];
    float tolerance = 1e-5f * std::max(1.0f, std::fabs(expected));
    if (!(std::fabs(result[i] - expected) <= tolerance))
      return sample::fail(kName, backend,
                          "y[" + std::to_string(i) + "] = " +
                              std::to_string(result[i]) + ", expected " +
                              std::to_string(expected));
  }
  return sample::pass(kName, device, ms);
}

} // namespace

int main(int argc, char **argv) {
  return sample::runSample(kName, argc, argv, run);
}
