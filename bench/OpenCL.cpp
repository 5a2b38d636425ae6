//===- OpenCL.cpp - acc-bench's raw OpenCL alternative ---------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// What a developer would write against the OpenCL API directly: the
// driver's platform (PoCL here; ACC_BENCH_OPENCL_PLATFORM picks another by
// name), the same kernels.cl built from source, buffers, one enqueue and a
// clFinish per run.
//
//===----------------------------------------------------------------------===//
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#include "Bench.h"

#include <cstdlib>
#include <cstring>

namespace bench {
namespace {

std::string clError(const char *what, cl_int err) {
  return std::string(what) + " failed (" + std::to_string(err) + ")";
}

/// The platform to use: ACC_BENCH_OPENCL_PLATFORM (a substring of its
/// name), else one whose name mentions PoCL, else the first.
cl_platform_id pickPlatform(std::string &name, std::string &error) {
  cl_uint count = 0;
  if (clGetPlatformIDs(0, nullptr, &count) != CL_SUCCESS || count == 0) {
    error = "no OpenCL platform (install pocl-opencl-icd)";
    return nullptr;
  }
  std::vector<cl_platform_id> ids(count);
  clGetPlatformIDs(count, ids.data(), nullptr);
  const char *want = std::getenv("ACC_BENCH_OPENCL_PLATFORM");
  cl_platform_id chosen = nullptr;
  for (cl_platform_id id : ids) {
    char buf[256] = {};
    clGetPlatformInfo(id, CL_PLATFORM_NAME, sizeof buf - 1, buf, nullptr);
    std::string n = buf;
    bool match = want ? n.find(want) != std::string::npos
                      : n.find("Portable Computing Language") != std::string::npos ||
                            n.find("PoCL") != std::string::npos;
    if (match && !chosen) {
      chosen = id;
      name = n;
    }
  }
  if (!chosen && !want) {
    chosen = ids[0];
    char buf[256] = {};
    clGetPlatformInfo(chosen, CL_PLATFORM_NAME, sizeof buf - 1, buf, nullptr);
    name = buf;
  }
  if (!chosen)
    error = std::string("no OpenCL platform named like '") + want + "'";
  return chosen;
}

/// Context, queue and program of one platform.
struct Session {
  cl_context context = nullptr;
  cl_command_queue queue = nullptr;
  cl_program program = nullptr;
  ~Session() {
    if (program)
      clReleaseProgram(program);
    if (queue)
      clReleaseCommandQueue(queue);
    if (context)
      clReleaseContext(context);
  }
  bool open(const std::string &source, std::string &platformName,
            std::string &error) {
    cl_platform_id platform = pickPlatform(platformName, error);
    if (!platform)
      return false;
    cl_device_id device;
    cl_int err = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &device, nullptr);
    if (err != CL_SUCCESS) {
      error = clError("clGetDeviceIDs", err);
      return false;
    }
    context = clCreateContext(nullptr, 1, &device, nullptr, nullptr, &err);
    if (!context) {
      error = clError("clCreateContext", err);
      return false;
    }
    queue = clCreateCommandQueue(context, device, 0, &err);
    if (!queue) {
      error = clError("clCreateCommandQueue", err);
      return false;
    }
    const char *text = source.c_str();
    size_t length = source.size();
    program = clCreateProgramWithSource(context, 1, &text, &length, &err);
    if (!program) {
      error = clError("clCreateProgramWithSource", err);
      return false;
    }
    err = clBuildProgram(program, 1, &device, "-cl-std=CL1.2", nullptr, nullptr);
    if (err != CL_SUCCESS) {
      size_t size = 0;
      clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &size);
      std::string log(size, '\0');
      clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size, log.data(), nullptr);
      error = clError("clBuildProgram", err) + ": " + log;
      return false;
    }
    return true;
  }
};

class OpenCLRunner final : public Runner {
public:
  explicit OpenCLRunner(std::shared_ptr<Session> s) : s(std::move(s)) {}
  ~OpenCLRunner() override { release(); }

  std::string setup(const Problem &p) override {
    release();
    cl_int err;
    kernel = clCreateKernel(s->program, p.kernel.c_str(), &err);
    if (!kernel)
      return clError("clCreateKernel", err);
    for (const auto &b : p.buffers) {
      cl_mem m = clCreateBuffer(s->context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR,
                                b.size(), const_cast<uint8_t *>(b.data()), &err);
      if (!m)
        return clError("clCreateBuffer", err);
      mems.push_back(m);
      sizes.push_back(b.size());
    }
    for (size_t i = 0; i < p.args.size(); ++i) {
      const Arg &a = p.args[i];
      cl_uint index = static_cast<cl_uint>(i);
      if (a.kind == Arg::Buffer)
        err = clSetKernelArg(kernel, index, sizeof(cl_mem), &mems[a.value]);
      else if (a.kind == Arg::LocalBytes)
        err = clSetKernelArg(kernel, index, a.value, nullptr);
      else
        err = clSetKernelArg(kernel, index, 4, &a.value);
      if (err != CL_SUCCESS)
        return clError("clSetKernelArg", err);
    }
    dims = p.dims;
    for (int d = 0; d < 2; ++d) {
      global[d] = p.global[d];
      local[d] = p.local[d];
    }
    return "";
  }
  void run() override {
    enqueue();
    clFinish(s->queue);
  }
  void runMany(size_t count) override {
    for (size_t i = 0; i < count; ++i)
      enqueue();
    clFinish(s->queue);
  }
  Buffers read() override {
    Buffers out;
    for (size_t i = 0; i < mems.size(); ++i) {
      out.emplace_back(sizes[i]);
      clEnqueueReadBuffer(s->queue, mems[i], CL_TRUE, 0, sizes[i], out.back().data(),
                          0, nullptr, nullptr);
    }
    return out;
  }

private:
  void enqueue() {
    clEnqueueNDRangeKernel(s->queue, kernel, dims, nullptr, global,
                           local[0] ? local : nullptr, 0, nullptr, nullptr);
  }
  void release() {
    for (cl_mem m : mems)
      clReleaseMemObject(m);
    mems.clear();
    sizes.clear();
    if (kernel)
      clReleaseKernel(kernel);
    kernel = nullptr;
  }
  std::shared_ptr<Session> s;
  cl_kernel kernel = nullptr;
  std::vector<cl_mem> mems;
  std::vector<size_t> sizes;
  cl_uint dims = 1;
  size_t global[2] = {1, 1}, local[2] = {0, 0};
};

} // namespace

std::function<std::unique_ptr<Runner>()>
makeOpenCLRunners(const std::string &source, std::string &platformName,
                  std::string &error) {
  auto s = std::make_shared<Session>();
  if (!s->open(source, platformName, error))
    return nullptr;
  return [s]() -> std::unique_ptr<Runner> {
    return std::make_unique<OpenCLRunner>(s);
  };
}

int openclStartupChild(const std::string &source) {
  std::string name, error;
  auto make = makeOpenCLRunners(source, name, error);
  if (!make)
    return 2;
  std::unique_ptr<Runner> runner = make();
  Problem saxpy = makeStartupProblem();
  if (!runner->setup(saxpy).empty())
    return 2;
  runner->run();
  return saxpy.check(runner->read()).empty() ? 0 : 1;
}

} // namespace bench
