//===- Startup.cpp - acc-bench-startup: process start to first result ------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//   acc-bench-startup acc      (the backend ACC_BACKEND selects)
//   acc-bench-startup opencl   (raw OpenCL: context, build from source)
//
// What an application does first: initialise, load its kernels, run one
// saxpy of 1024 elements, read the result back and check it. acc-bench
// times this process from spawn to exit. It links only libacc and the
// OpenCL ICD loader, so that its start-up is the runtime's, not acc-bench's.
// Exit status: 0 correct, 1 wrong result, 2 failure.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#include <acc/acc.hpp>

#include <cstring>
#include <string>
#include <unistd.h>

#include "kernels.inc" // kBenchKernelsSource

namespace {

int accChild() {
  using namespace bench;
  try {
    acc::Runtime runtime;
    acc::Device device = acc::Device::getDefault();
    acc::Module module =
        acc::Module::loadFile(device, selfDir() + "/acc-bench.accbin");
    acc::Kernel saxpy = module.kernel("saxpy");
    Problem p = makeStartupProblem();
    acc::Queue queue(device);
    acc::Buffer x(device, p.buffers[0].size()), y(device, p.buffers[1].size());
    queue.write(x, p.buffers[0].data(), p.buffers[0].size());
    queue.write(y, p.buffers[1].data(), p.buffers[1].size());
    float a;
    std::memcpy(&a, &p.args[0].value, 4);
    int32_t n = int32_t(p.args[3].value);
    queue.launch(saxpy, acc::Range(p.global[0]).local(uint32_t(p.local[0])), a,
                 x, y, n);
    Buffers out = p.buffers;
    queue.read(y, out[1].data(), out[1].size());
    return p.check(out).empty() ? 0 : 1;
  } catch (const acc::Error &) {
    return 2;
  }
}

} // namespace

int main(int argc, char **argv) {
  std::string kind = argc == 2 ? argv[1] : "";
  if (kind == "acc")
    return accChild();
  if (kind == "opencl")
    return bench::openclStartupChild(kBenchKernelsSource);
  return 2;
}
