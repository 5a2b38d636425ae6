//===- main.cpp - acc-bench: acc against the real alternatives -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//   acc-bench [--quick] [--json FILE] [--reps N] [--backends cpu,opencl]
//             [--only saxpy,triad,...] [sizes...]
//
// Runs each benchmark, in this one process and run, on every acc backend
// with a device and on the alternatives: PoCL through the raw OpenCL API
// (the same kernels.cl, built from source), hand-written C++ (-O3
// -march=native, OpenMP over all cores) and oneDNN (SGEMM). Every result is
// checked against a host reference before it is timed; a figure is the
// median of the repetitions after a warm-up, with min-max, and each acc
// row gives its time ratio to each alternative (below 1: acc is faster).
// Exit status: 0, or 1 when a result is wrong or an implementation fails.
// See docs/benchmarks.md.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#include <acc/acc.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernels.inc" // kBenchKernelsSource

extern char **environ;

namespace bench {
namespace {

const char *const kSource = kBenchKernelsSource;

double now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

//===----------------------------------------------------------------------===//
// Implementations
//===----------------------------------------------------------------------===//

class AccRunner final : public Runner {
public:
  AccRunner(acc::Device device, acc::Module &module)
      : device(device), queue(device), module(module) {}

  std::string setup(const Problem &p) override {
    try {
      operation = p.operation;
      if (operation.empty())
        kernel = module.kernel(p.kernel);
      buffers.clear();
      sizes.clear();
      for (const auto &b : p.buffers) {
        buffers.emplace_back(device, b.size());
        queue.write(buffers.back(), b.data(), b.size());
        sizes.push_back(b.size());
      }
      queue.finish();
      scalars.assign(p.args.size(), 0);
      args.clear();
      for (size_t i = 0; i < p.args.size(); ++i) {
        const Arg &a = p.args[i];
        scalars[i] = a.value;
        if (a.kind == Arg::Buffer)
          args.push_back(acc_arg_buffer(buffers[a.value].handle()));
        else if (a.kind == Arg::LocalBytes)
          args.push_back(acc_arg_local(a.value));
        else
          args.push_back(acc_arg_scalar(&scalars[i], 4));
      }
      acc::Range r = p.dims == 1 ? acc::Range(p.global[0])
                                 : acc::Range(p.global[0], p.global[1]);
      if (p.local[0])
        r.local(uint32_t(p.local[0]), p.dims > 1 ? uint32_t(p.local[1]) : 1);
      range = r;
      if (operation == "matmul_f32") {
        uint64_t n = p.global[0];
        matmul = acc_matmul_desc_init(n, n, n, buffers[0].handle(),
                                      buffers[1].handle(), buffers[2].handle());
      } else if (!operation.empty()) {
        return "unknown library operation " + operation;
      }
    } catch (const acc::Error &e) {
      return std::string(e.resultName()) + ": " + e.what();
    }
    return "";
  }
  void run() override {
    launch();
    queue.finish();
  }
  void runMany(size_t count) override {
    for (size_t i = 0; i < count; ++i)
      launch();
    queue.finish();
  }
  Buffers read() override {
    Buffers out;
    for (size_t i = 0; i < buffers.size(); ++i) {
      out.emplace_back(sizes[i]);
      queue.read(buffers[i], out.back().data(), sizes[i]);
    }
    return out;
  }

private:
  void launch() {
    if (!operation.empty())
      acc::check(acc_matmul_f32(queue.handle(), &matmul));
    else
      acc::check(acc_launch(queue.handle(), kernel.handle(), &range.config,
                            static_cast<uint32_t>(args.size()), args.data()));
  }
  acc::Device device;
  acc::Queue queue;
  acc::Module &module;
  acc::Kernel kernel;
  std::vector<acc::Buffer> buffers;
  std::vector<size_t> sizes;
  std::vector<uint32_t> scalars;
  std::vector<acc_arg_t> args;
  acc::Range range{1};
  std::string operation;
  acc_matmul_desc_t matmul{};
};

/// The hand-written C++ of a problem, on host buffers.
class CppRunner final : public Runner {
public:
  std::string setup(const Problem &p) override {
    if (!p.cpp)
      return "no C++ version";
    fn = p.cpp;
    buffers = p.buffers;
    return "";
  }
  void run() override { fn(buffers); }
  void runMany(size_t count) override {
    for (size_t i = 0; i < count; ++i)
      fn(buffers);
  }
  Buffers read() override { return buffers; }

private:
  std::function<void(Buffers &)> fn;
  Buffers buffers;
};

//===----------------------------------------------------------------------===//
// Measurements
//===----------------------------------------------------------------------===//

struct Result {
  std::string bench, impl, kind, unit;
  bool ok = false;
  std::string error;
  Stats seconds;        ///< per repetition
  double perUnit = 0;   ///< divisor turning seconds into the figure
  double value = 0;     ///< the figure at the median (throughput or time)
  bool lowerIsBetter = false;
};

struct Options {
  int reps = 5;
  bool quick = false;
  std::string json;
  std::vector<std::string> backends, only;
  bool noOpenCL = false, noVulkan = false, noGLES = false, noCpp = false,
       noOneDNN = false;
  Sizes sizes;
};

/// Checks one run of `p` on `runner`, then times `reps` runs after it.
Result measureProblem(const Problem &p, Runner &runner, const Options &o) {
  Result r;
  r.bench = p.name;
  r.unit = p.unit;
  r.error = runner.setup(p);
  if (!r.error.empty())
    return r;
  runner.run(); // warm-up, from the initial contents: checked
  r.error = p.check(runner.read());
  if (!r.error.empty()) {
    r.error = "wrong result: " + r.error;
    return r;
  }
  std::vector<double> t;
  for (int i = 0; i < o.reps; ++i) {
    double t0 = now();
    runner.run();
    t.push_back(now() - t0);
  }
  r.ok = true;
  r.seconds = Stats::of(t);
  r.value = p.work / r.seconds.median;
  return r;
}

/// Launch latency: the empty kernel `launches` times, each followed by a
/// wait (each = true) or all then one wait; the figure is microseconds per
/// launch.
Result measureLaunches(Runner &runner, bool each, const Options &o) {
  Result r;
  r.bench = each ? "launch+finish" : "launch x1000";
  r.unit = "us";
  r.lowerIsBetter = true;
  Problem p;
  p.kernel = "empty";
  p.global[0] = 1;
  p.local[0] = 1;
  r.error = runner.setup(p);
  if (!r.error.empty())
    return r;
  size_t n = o.sizes.launches;
  if (!each)
    r.bench = "launch x" + std::to_string(n);
  runner.run();
  std::vector<double> t;
  for (int i = 0; i < o.reps; ++i) {
    double t0 = now();
    if (each)
      for (size_t k = 0; k < n; ++k)
        runner.run();
    else
      runner.runMany(n);
    t.push_back((now() - t0) / double(n));
  }
  r.ok = true;
  r.seconds = Stats::of(t);
  r.value = r.seconds.median * 1e6;
  return r;
}

/// Start-up: from spawning acc-bench-startup to its exit, which
/// initialises, loads, launches one saxpy and checks it. Milliseconds.
Result measureStartup(const std::string &kind, const std::string &backend,
                      const Options &o) {
  Result r;
  r.bench = "start-up";
  r.unit = "ms";
  r.lowerIsBetter = true;
  std::string child = selfDir() + "/acc-bench-startup";
  // The environment, with ACC_BACKEND set to `backend` (or removed).
  std::vector<std::string> env;
  for (char **e = environ; *e; ++e)
    if (std::strncmp(*e, "ACC_BACKEND=", 12) != 0)
      env.push_back(*e);
  if (!backend.empty())
    env.push_back("ACC_BACKEND=" + backend);
  std::vector<char *> envp;
  for (std::string &e : env)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string kindArg = kind;
  char *argv[] = {child.data(), kindArg.data(), nullptr};
  std::vector<double> t;
  for (int i = 0; i < o.reps + 1; ++i) {
    double t0 = now();
    pid_t pid;
    // posix_spawn (vfork semantics): the time does not include copying
    // acc-bench's page tables, as a fork would.
    if (posix_spawn(&pid, child.c_str(), nullptr, nullptr, argv, envp.data()) != 0) {
      r.error = "cannot start " + child;
      return r;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    double dt = now() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      r.error = "acc-bench-startup " + kind + " failed (status " +
                std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
      return r;
    }
    if (i > 0) // the first run warms the file cache (and PoCL's kernel cache)
      t.push_back(dt);
  }
  r.ok = true;
  r.seconds = Stats::of(t);
  r.value = r.seconds.median * 1e3;
  return r;
}

//===----------------------------------------------------------------------===//
// Report
//===----------------------------------------------------------------------===//

std::string fmt(double v) {
  char buf[32];
  if (v >= 100)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (v >= 10)
    std::snprintf(buf, sizeof buf, "%.1f", v);
  else if (v >= 0.1 || v == 0)
    std::snprintf(buf, sizeof buf, "%.2f", v);
  else
    std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

/// The figure of a time t (seconds) in the result's unit.
double figure(const Result &r, double t, double work) {
  if (r.unit == "us")
    return t * 1e6;
  if (r.unit == "ms")
    return t * 1e3;
  return work / t;
}

void printReport(const std::vector<Result> &results,
                 const std::map<std::string, double> &work) {
  std::printf("%-14s %-14s %12s %-10s %-24s %s\n", "benchmark", "impl",
              "median", "unit", "min-max", "time ratio (acc / alternative)");
  std::string last;
  for (const Result &r : results) {
    if (r.bench != last && !last.empty())
      std::printf("\n");
    last = r.bench;
    if (!r.ok) {
      std::printf("%-14s %-14s %12s %s\n", r.bench.c_str(), r.impl.c_str(),
                  "-", r.error.c_str());
      continue;
    }
    double w = work.count(r.bench) ? work.at(r.bench) : 0;
    // min-max of the figure: the fastest repetition gives the best figure.
    double a = figure(r, r.seconds.min, w), b = figure(r, r.seconds.max, w);
    std::string range = fmt(std::min(a, b)) + "-" + fmt(std::max(a, b));
    std::string ratios;
    if (r.kind == "acc")
      for (const Result &alt : results)
        if (alt.bench == r.bench && alt.kind == "alternative" && alt.ok)
          ratios += alt.impl + " " + fmt(r.seconds.median / alt.seconds.median) + "  ";
    std::printf("%-14s %-14s %12s %-10s %-24s %s\n", r.bench.c_str(),
                r.impl.c_str(), fmt(r.value).c_str(), r.unit.c_str(),
                range.c_str(), ratios.c_str());
  }
}

void writeJson(const std::string &path, const std::vector<Result> &results,
               const Options &o) {
  nlohmann::json j;
  j["reps"] = o.reps;
  j["quick"] = o.quick;
  j["sizes"] = {{"stream", o.sizes.stream}, {"grid", o.sizes.grid},
                {"sgemm", o.sizes.sgemm},   {"reduce", o.sizes.reduce},
                {"histogram", o.sizes.histogram}, {"launches", o.sizes.launches}};
  nlohmann::json rows = nlohmann::json::array();
  for (const Result &r : results) {
    nlohmann::json row = {{"benchmark", r.bench}, {"implementation", r.impl},
                          {"kind", r.kind},       {"ok", r.ok}};
    if (!r.ok) {
      row["error"] = r.error;
    } else {
      row["unit"] = r.unit;
      row["value"] = r.value;
      row["seconds"] = {{"median", r.seconds.median},
                        {"min", r.seconds.min},
                        {"max", r.seconds.max}};
      if (r.kind == "acc") {
        nlohmann::json ratios = nlohmann::json::object();
        for (const Result &alt : results)
          if (alt.bench == r.bench && alt.kind == "alternative" && alt.ok)
            ratios[alt.impl] = r.seconds.median / alt.seconds.median;
        row["time_ratio"] = ratios;
      }
    }
    rows.push_back(row);
  }
  j["results"] = rows;
  std::ofstream(path) << j.dump(2) << "\n";
}

std::vector<std::string> splitList(const std::string &s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty())
      out.push_back(item);
  return out;
}

bool wanted(const Options &o, const std::string &bench) {
  return o.only.empty() ||
         std::find(o.only.begin(), o.only.end(), bench) != o.only.end();
}

int run(const Options &o) {
  std::vector<Problem> problems = makeProblems(
      o.sizes, [&](const std::string &name) { return wanted(o, name); });
  std::map<std::string, double> work;
  for (const Problem &p : problems)
    work[p.name] = p.work;

  // The acc backends: one device each (the first of its backend).
  acc::Runtime runtime;
  std::vector<acc::Device> devices;
  std::vector<std::string> seen;
  for (uint32_t i = 0; i < acc::Device::count(); ++i) {
    acc::Device d = acc::Device::get(i);
    std::string b = d.backend();
    if (std::find(seen.begin(), seen.end(), b) != seen.end())
      continue;
    if (!o.backends.empty() &&
        std::find(o.backends.begin(), o.backends.end(), b) == o.backends.end())
      continue;
    seen.push_back(b);
    devices.push_back(d);
    std::printf("acc:%s: %s\n", b.c_str(), d.name().c_str());
  }
  std::vector<std::unique_ptr<acc::Module>> modules;
  std::vector<Implementation> impls;
  std::string bundle = selfDir() + "/acc-bench.accbin";
  for (acc::Device &d : devices) {
    std::string name = "acc:" + d.backend();
    try {
      modules.push_back(std::make_unique<acc::Module>(acc::Module::loadFile(d, bundle)));
    } catch (const acc::Error &e) {
      std::printf("%s: cannot load %s: %s\n", name.c_str(), bundle.c_str(), e.what());
      return 1;
    }
    acc::Module *m = modules.back().get();
    impls.push_back({name, "acc", [d, m]() { return std::make_unique<AccRunner>(d, *m); },
                     [](const std::string &) { return true; }});
  }
  std::string platform = "pocl";
  if (!o.noOpenCL) {
    std::string error, platformName;
    auto make = makeOpenCLRunners(kSource, platformName, error);
    if (!make) {
      std::printf("raw OpenCL: %s\n", error.c_str());
    } else {
      std::printf("raw OpenCL: %s\n", platformName.c_str());
      if (platformName.find("Portable") == std::string::npos)
        platform = "opencl";
      // Raw OpenCL has no library operations.
      impls.push_back({platform, "alternative", make,
                       [](const std::string &b) { return b != "matmul"; }});
    }
  }
#ifdef ACC_BENCH_VULKAN
  if (!o.noVulkan) {
    std::string error, deviceName;
    auto make = makeVulkanRunners(selfDir() + "/glsl", deviceName, error);
    if (!make) {
      std::printf("raw Vulkan: %s\n", error.c_str());
    } else {
      std::printf("raw Vulkan: %s (hand-written GLSL)\n", deviceName.c_str());
      impls.push_back({"vulkan-glsl", "alternative", make,
                       [](const std::string &b) { return b != "matmul"; }});
    }
  }
#endif
#ifdef ACC_BENCH_GLES
  if (!o.noGLES) {
    std::string error, deviceName;
    auto make = makeGLESRunners(selfDir() + "/glsl", deviceName, error);
    if (!make) {
      std::printf("raw GLES: %s\n", error.c_str());
    } else {
      std::printf("raw GLES: %s (hand-written GLSL ES)\n", deviceName.c_str());
      impls.push_back({"gles-glsl", "alternative", make,
                       [](const std::string &b) { return b != "matmul"; }});
    }
  }
#endif
  if (!o.noCpp)
    impls.push_back({"c++", "alternative", []() { return std::make_unique<CppRunner>(); },
                     [](const std::string &b) { return b != "launch"; }});
  if (!o.noOneDNN && haveOneDNN())
    impls.push_back({"onednn", "alternative",
                     []() {
                       std::string e;
                       return makeOneDNNRunner(e);
                     },
                     [](const std::string &b) {
                       return b.rfind("sgemm", 0) == 0 || b == "matmul";
                     }});
  std::printf("%d repetitions after a warm-up; every result checked first\n\n", o.reps);

  std::vector<Result> results;
  bool failed = false;
  auto add = [&](Result r, const Implementation &impl) {
    r.impl = impl.name;
    r.kind = impl.kind;
    if (!r.ok)
      failed = true;
    results.push_back(r);
  };
  for (const Problem &p : problems) {
    for (const Implementation &impl : impls) {
      if (!impl.has(p.name))
        continue;
      std::unique_ptr<Runner> runner = impl.make();
      if (!runner) {
        Result r;
        r.bench = p.name;
        r.error = "cannot start";
        add(r, impl);
        continue;
      }
      add(measureProblem(p, *runner, o), impl);
    }
  }
  for (bool each : {true, false}) {
    if (!wanted(o, "launch"))
      break;
    for (const Implementation &impl : impls) {
      if (impl.name == "c++" || impl.name == "onednn")
        continue;
      std::unique_ptr<Runner> runner = impl.make();
      if (runner)
        add(measureLaunches(*runner, each, o), impl);
    }
  }
  if (wanted(o, "start-up")) {
    for (const Implementation &impl : impls) {
      if (impl.kind == "acc")
        add(measureStartup("acc", impl.name.substr(4), o), impl);
      else if (impl.name == platform)
        add(measureStartup("opencl", "", o), impl);
    }
  }
  printReport(results, work);
  if (!o.json.empty())
    writeJson(o.json, results, o);
  return failed ? 1 : 0;
}

} // namespace
} // namespace bench

int main(int argc, char **argv) {
  bench::Options o;
  std::string backends, only;
  CLI::App app{"acc-bench: acc's kernels against PoCL, hand-written C++ and oneDNN"};
  app.add_flag("--quick", o.quick, "Small sizes (a smoke test for CI)");
  app.add_option("--json", o.json, "Also write the results to FILE as JSON");
  app.add_option("--reps", o.reps, "Timed repetitions per figure (at least 5)")
      ->check(CLI::Range(5, 1000));
  app.add_option("--backends", backends, "acc backends to run (default: every backend with a device)");
  app.add_option("--only", only, "Benchmarks to run: saxpy,triad,stencil,sgemm-naive,sgemm-tiled,matmul,reduction,histogram,launch,start-up");
  app.add_flag("--no-opencl", o.noOpenCL, "Skip the raw OpenCL (PoCL) alternative");
  app.add_flag("--no-gles", o.noGLES,
               "Skip the raw GLES alternative (hand-written GLSL ES)");
  app.add_flag("--no-vulkan", o.noVulkan,
               "Skip the raw Vulkan alternative (hand-written GLSL)");
  app.add_flag("--no-cpp", o.noCpp, "Skip the hand-written C++ alternative");
  app.add_flag("--no-onednn", o.noOneDNN, "Skip the oneDNN alternative");
  app.add_option("--stream-n", o.sizes.stream, "saxpy and triad elements");
  app.add_option("--grid", o.sizes.grid, "stencil grid side");
  app.add_option("--sgemm-n", o.sizes.sgemm, "SGEMM and matmul matrix side (rounded up to 16)");
  app.add_option("--reduce-n", o.sizes.reduce, "reduction elements");
  app.add_option("--histogram-n", o.sizes.histogram, "histogram elements");
  app.add_option("--launches", o.sizes.launches, "empty-kernel launches per repetition");
  CLI11_PARSE(app, argc, argv);
  if (o.quick) {
    bench::Sizes q;
    q.stream = 1 << 16;
    q.grid = 256;
    q.sgemm = 64;
    q.reduce = 1 << 16;
    q.histogram = 1 << 16;
    q.launches = 100;
    // Explicit sizes win over --quick.
    auto keep = [&](const char *opt, size_t &dst, size_t v) {
      if (app.count(opt) == 0)
        dst = v;
    };
    keep("--stream-n", o.sizes.stream, q.stream);
    keep("--grid", o.sizes.grid, q.grid);
    keep("--sgemm-n", o.sizes.sgemm, q.sgemm);
    keep("--reduce-n", o.sizes.reduce, q.reduce);
    keep("--histogram-n", o.sizes.histogram, q.histogram);
    keep("--launches", o.sizes.launches, q.launches);
  }
  o.backends = bench::splitList(backends);
  o.only = bench::splitList(only);
  try {
    return bench::run(o);
  } catch (const acc::Error &e) {
    std::fprintf(stderr, "acc-bench: %s: %s\n", e.resultName(), e.what());
    return 1;
  }
}
