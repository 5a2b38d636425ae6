//===- OneDNN.cpp - acc-bench's oneDNN alternative for SGEMM ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// C = A B through a oneDNN matmul primitive on the CPU engine, created once
// per problem (as a library user would), executed per run.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#ifdef ACC_BENCH_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace bench {

#ifdef ACC_BENCH_HAVE_ONEDNN
namespace {

class OneDNNRunner final : public Runner {
public:
  OneDNNRunner() : engine(dnnl::engine::kind::cpu, 0), stream(engine) {}

  std::string setup(const Problem &p) override {
    if (p.name.rfind("sgemm", 0) != 0 && p.name != "matmul")
      return "oneDNN is timed on SGEMM only";
    try {
      buffers = p.buffers;
      auto n = static_cast<dnnl::memory::dim>(p.args[3].value);
      dnnl::memory::desc md({n, n}, dnnl::memory::data_type::f32,
                            dnnl::memory::format_tag::ab);
      a = dnnl::memory(md, engine, buffers[0].data());
      b = dnnl::memory(md, engine, buffers[1].data());
      c = dnnl::memory(md, engine, buffers[2].data());
      // oneDNN 2.x: an operation descriptor, then its primitive descriptor.
      dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(md, md, md), engine);
      matmul = dnnl::matmul(pd);
    } catch (const dnnl::error &e) {
      return std::string("oneDNN: ") + e.what();
    }
    return "";
  }
  void run() override {
    matmul.execute(stream, {{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, c}});
    stream.wait();
  }
  void runMany(size_t count) override {
    for (size_t i = 0; i < count; ++i)
      matmul.execute(stream, {{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, c}});
    stream.wait();
  }
  Buffers read() override { return buffers; }

private:
  dnnl::engine engine;
  dnnl::stream stream;
  Buffers buffers;
  dnnl::memory a, b, c;
  dnnl::matmul matmul;
};

} // namespace

bool haveOneDNN() { return true; }

std::unique_ptr<Runner> makeOneDNNRunner(std::string &error) {
  try {
    return std::make_unique<OneDNNRunner>();
  } catch (const dnnl::error &e) {
    error = std::string("oneDNN: ") + e.what();
    return nullptr;
  }
}

#else // !ACC_BENCH_HAVE_ONEDNN

bool haveOneDNN() { return false; }

std::unique_ptr<Runner> makeOneDNNRunner(std::string &error) {
  error = "acc-bench was built without oneDNN (libdnnl-dev)";
  return nullptr;
}

#endif

} // namespace bench
