//===- Bench.h - acc-bench: problems, implementations, measurements -*- C++ -*-===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A *problem* is one benchmark at one size: host inputs, one kernel launch
// (the same OpenCL C for acc and for raw OpenCL), a check of the outputs
// against a host reference, and the work one run does (bytes, flops or
// elements). An *implementation* runs problems: acc on one backend, PoCL
// through the raw OpenCL API, hand-written C++ (OpenMP), oneDNN. Each
// result is checked once, then timed as the median of repetitions after a
// warm-up.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_BENCH_BENCH_H
#define ACC_BENCH_BENCH_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bench {

/// One argument of the launch.
struct Arg {
  enum Kind { Buffer, F32, I32, U32, LocalBytes } kind;
  uint32_t value = 0; ///< buffer index, scalar bits, or local bytes
  static Arg buffer(uint32_t i) { return {Buffer, i}; }
  static Arg f32(float f);
  static Arg i32(int32_t i) { return {I32, static_cast<uint32_t>(i)}; }
  static Arg u32(uint32_t u) { return {U32, u}; }
  static Arg local(uint32_t bytes) { return {LocalBytes, bytes}; }
};

using Buffers = std::vector<std::vector<uint8_t>>;

struct Problem {
  std::string name;        ///< saxpy, triad, ...
  std::string unit;        ///< GB/s, GFLOP/s, Gelem/s
  double work = 0;         ///< units of `unit` times 1e9 per run
  Buffers buffers;         ///< initial contents
  std::string kernel;      ///< in kernels.cl
  /// A library operation run instead of a kernel ("matmul_f32": C = A B of
  /// the square buffers 0, 1 into 2, side global[0]); acc only.
  std::string operation;
  std::vector<Arg> args;
  uint32_t dims = 1;
  size_t global[2] = {1, 1};
  size_t local[2] = {0, 0}; ///< 0: the implementation chooses
  /// The outputs after one run from the initial contents: "" or what is
  /// wrong.
  std::function<std::string(const Buffers &)> check;
  /// Hand-written C++ (OpenMP) of the same computation on host buffers;
  /// null where there is none.
  std::function<void(Buffers &)> cpp;
};

/// Sizes from the command line.
struct Sizes {
  size_t stream = size_t(1) << 24; ///< saxpy, triad elements
  size_t grid = 4096;              ///< stencil side
  size_t sgemm = 1024;             ///< naive and tiled SGEMM, matmul n
  size_t reduce = size_t(1) << 24;
  size_t histogram = size_t(1) << 24;
  size_t launches = 1000; ///< empty-kernel launches per repetition
};

/// The problems whose names `wanted` accepts, at `sizes`.
std::vector<Problem>
makeProblems(const Sizes &sizes,
             const std::function<bool(const std::string &)> &wanted);
/// The start-up benchmark's work: a saxpy of 1024 elements.
Problem makeStartupProblem();
/// The folder of the running executable (acc-bench.accbin and
/// acc-bench-startup are beside it).
std::string selfDir();

/// Times in seconds of the repetitions of one measurement.
struct Stats {
  double median = 0, min = 0, max = 0;
  static Stats of(std::vector<double> seconds);
};

/// A device-side implementation: sets a problem up once, then runs it.
class Runner {
public:
  virtual ~Runner() = default;
  /// Uploads the initial buffers; "" or the error.
  virtual std::string setup(const Problem &p) = 0;
  /// One launch and a wait for it.
  virtual void run() = 0;
  /// `count` launches and one wait (launch overhead).
  virtual void runMany(size_t count) = 0;
  /// The buffers as they are now.
  virtual Buffers read() = 0;
};

/// One implementation as acc-bench reports it.
struct Implementation {
  std::string name; ///< "acc:cpu", "pocl", "c++", "onednn"
  std::string kind; ///< "acc" or "alternative"
  std::function<std::unique_ptr<Runner>()> make;
  /// For "c++" and "onednn": the benchmarks it has.
  std::function<bool(const std::string &)> has;
};

// Raw OpenCL (PoCL). `source` is kernels.cl. Opens one context and builds
// the program once; the runners made share them. Null with `error` when
// there is no platform or the build fails.
std::function<std::unique_ptr<Runner>()>
makeOpenCLRunners(const std::string &source, std::string &platformName,
                  std::string &error);
/// Start-up through raw OpenCL: context, program build from source, one
/// saxpy, read back and check. Returns the process exit status.
int openclStartupChild(const std::string &source);

// Raw Vulkan with hand-written GLSL (bench/glsl/<kernel>.comp compiled to
// `spirvDir`/<kernel>.spv): one device and queue; the runners made share
// them. Null with `error` when there is no Vulkan device.
std::function<std::unique_ptr<Runner>()>
makeVulkanRunners(const std::string &spirvDir, std::string &deviceName,
                  std::string &error);

// oneDNN SGEMM; null when oneDNN is not built in.
/// The raw GLES alternative (GLES.cpp): bench/glsl's shaders made GLSL ES
/// 3.10, from `glslDir`, on a headless EGL context.
std::function<std::unique_ptr<Runner>()>
makeGLESRunners(const std::string &glslDir, std::string &deviceName,
                std::string &error);

std::unique_ptr<Runner> makeOneDNNRunner(std::string &error);
bool haveOneDNN();

} // namespace bench

#endif // ACC_BENCH_BENCH_H
