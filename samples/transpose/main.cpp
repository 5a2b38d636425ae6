//===- main.cpp - The transpose sample: a 2-D range on an acc device -------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Transposes a non-square 1000 x 700 matrix with a 2-D range of 16 x 16
// work-groups (neither size is a multiple of 16), checks the result against
// the host and prints one PASS / FAIL / SKIP line (see
// samples/common/sample.h).
//
//===----------------------------------------------------------------------===//
#include "../common/sample.h"

#include <vector>

namespace {

const char *const kName = "transpose";

constexpr uint32_t kWidth = 1000;
constexpr uint32_t kHeight = 700;
constexpr uint32_t kGroupSize = 16;

uint64_t roundUp(uint64_t value, uint64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

int run(const acc::Device &device, const std::string &bundle) {
  const std::string backend = device.backend();
  acc::Queue queue(device);
  acc::Module module = acc::Module::loadFile(device, bundle);
  acc::Kernel transpose = module.kernel("transpose");

  const size_t count = size_t(kWidth) * kHeight;
  std::vector<float> in(count);
  for (size_t i = 0; i < count; ++i)
    in[i] = static_cast<float>(i);
  acc::Buffer bufferIn(device, count * sizeof(float), ACC_BUFFER_READ_ONLY);
  acc::Buffer bufferOut(device, count * sizeof(float), ACC_BUFFER_WRITE_ONLY);
  queue.write(bufferIn, in);
  // Every element is written by the kernel; fill first so a missed one shows.
  queue.fill(bufferOut, -1.0f, 0, count * sizeof(float));

  const acc::Range range =
      acc::Range(roundUp(kWidth, kGroupSize), roundUp(kHeight, kGroupSize))
          .local(kGroupSize, kGroupSize);

  // The first launch pays for one-time work; the second one is timed.
  queue.launch(transpose, range, bufferIn, bufferOut, kWidth, kHeight);
  queue.finish();

  // Device time between two events around the launch.
  acc::Event start = queue.record(ACC_EVENT_TIMING);
  queue.launch(transpose, range, bufferIn, bufferOut, kWidth, kHeight);
  acc::Event stop = queue.record(ACC_EVENT_TIMING);
  stop.wait();
  double ms = double(acc::Event::elapsedNs(start, stop)) / 1e6;

  std::vector<float> out = queue.read<float>(bufferOut, count);
  for (uint32_t y = 0; y < kHeight; ++y)
    for (uint32_t x = 0; x < kWidth; ++x) {
      float expected = in[size_t(y) * kWidth + x];
      float got = out[size_t(x) * kHeight + y];
      if (got != expected)
        return sample::fail(kName, backend,
                            "out[" + std::to_string(x) + "][" +
                                std::to_string(y) + "] = " +
                                std::to_string(got) + ", expected " +
                                std::to_string(expected));
    }
  return sample::pass(kName, device, ms);
}

} // namespace

int main(int argc, char **argv) {
  return sample::runSample(kName, argc, argv, run);
}
