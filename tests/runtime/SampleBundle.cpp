//===- SampleBundle.cpp - The bundle the runtime tests load ---------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Kept free of Catch2 so the small acc-test-write-bundle tool can share it.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <cstring>

namespace acctest {

using namespace acc::bundle;

static ArgInfo buffer(const char *name, const char *type,
                      acc_access_flags_t access) {
  ArgInfo a;
  a.name = name;
  a.typeName = type;
  a.kind = ACC_ARG_KIND_BUFFER;
  a.addressSpace = ACC_ADDRESS_SPACE_GLOBAL;
  a.access = access;
  a.scalarType = ACC_SCALAR_TYPE_F32;
  a.size = 8;
  a.alignment = 4;
  return a;
}

static ArgInfo scalar(const char *name, const char *type,
                      acc_scalar_type_t t, uint32_t size) {
  ArgInfo a;
  a.name = name;
  a.typeName = type;
  a.kind = ACC_ARG_KIND_SCALAR;
  a.addressSpace = ACC_ADDRESS_SPACE_PRIVATE;
  a.scalarType = t;
  a.size = size;
  a.alignment = size;
  return a;
}

Bundle sampleBundle() {
  Bundle b;
  b.producer = "acc runtime tests";
  KernelInfo add;
  add.name = "add";
  add.args = {buffer("a", "const float*", ACC_ACCESS_READ),
              buffer("b", "const float*", ACC_ACCESS_READ),
              buffer("c", "float*", ACC_ACCESS_WRITE),
              scalar("n", "uint", ACC_SCALAR_TYPE_U32, 4)};
  KernelInfo scale;
  scale.name = "scale";
  scale.args = {buffer("x", "float*", ACC_ACCESS_READ | ACC_ACCESS_WRITE),
                scalar("factor", "float", ACC_SCALAR_TYPE_F32, 4)};
  KernelInfo reduce;
  reduce.name = "reduce";
  ArgInfo scratch;
  scratch.name = "scratch";
  scratch.typeName = "local float*";
  scratch.kind = ACC_ARG_KIND_LOCAL;
  scratch.addressSpace = ACC_ADDRESS_SPACE_LOCAL;
  scratch.access = ACC_ACCESS_READ | ACC_ACCESS_WRITE;
  scratch.scalarType = ACC_SCALAR_TYPE_F32;
  scratch.alignment = 4;
  reduce.args = {buffer("in", "const float*", ACC_ACCESS_READ), scratch,
                 buffer("out", "float*", ACC_ACCESS_WRITE)};
  reduce.flags = ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS;
  KernelInfo fixed;
  fixed.name = "fixed";
  fixed.args = {buffer("x", "float*", ACC_ACCESS_WRITE)};
  fixed.requiredLocalSize[0] = 8;
  fixed.requiredLocalSize[1] = 1;
  fixed.requiredLocalSize[2] = 1;
  KernelInfo dbl;
  dbl.name = "dbl";
  dbl.args = {buffer("x", "double*", ACC_ACCESS_WRITE)};
  dbl.args[0].scalarType = ACC_SCALAR_TYPE_F64;
  dbl.flags = ACC_KERNEL_FLAG_USES_FP64;
  // Scalars spelled with a typedef, an address-space qualifier and as an
  // OpenCL vector, as acc-cc records them.
  KernelInfo axpy;
  axpy.name = "axpy";
  axpy.args = {scalar("alpha", "__private real_t", ACC_SCALAR_TYPE_F32, 4),
               scalar("shift", "short2", ACC_SCALAR_TYPE_I16, 4),
               buffer("y", "float*", ACC_ACCESS_READ | ACC_ACCESS_WRITE)};
  b.kernels = {add, scale, reduce, fixed, dbl, axpy};

  CodeObject cl;
  cl.target = ACC_TARGET_OPENCL_C;
  cl.arch = "generic";
  const char *src = "kernel void add(...) {}\n";
  cl.data.assign(src, src + std::strlen(src));
  CodeObject cpu;
  cpu.target = ACC_TARGET_CPU_X86_64;
  cpu.arch = "x86-64";
  for (int i = 0; i < 37; ++i)
    cpu.data.push_back(uint8_t(i * 7));
  b.code = {cpu, cl};
  return b;
}

std::vector<uint8_t> sampleBundleBytes() { return write(sampleBundle()); }

} // namespace acctest
