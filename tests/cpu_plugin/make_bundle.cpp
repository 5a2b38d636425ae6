//===- make_bundle.cpp - Bundle of hand-lowered sample kernels ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Usage: make_bundle <code object.so> <out.accbin>
//
// Writes a bundle with the metadata of samples/saxpy and samples/transpose
// and one CPU code object (sample_kernels.c), as acc-cc would. Lets the
// samples' host programs be tested before acc-cc exists.
//
//===----------------------------------------------------------------------===//
#include "acc/bundle/Bundle.h"

#include <cstdio>
#include <fstream>
#include <iterator>

using namespace acc::bundle;

namespace {

ArgInfo buffer(const char *name, const char *type, acc_access_flags_t access) {
  ArgInfo arg;
  arg.name = name;
  arg.typeName = type;
  arg.kind = ACC_ARG_KIND_BUFFER;
  arg.addressSpace = ACC_ADDRESS_SPACE_GLOBAL;
  arg.access = access;
  arg.scalarType = ACC_SCALAR_TYPE_F32;
  arg.size = sizeof(void *);
  arg.alignment = 4;
  return arg;
}

ArgInfo scalar(const char *name, const char *type, acc_scalar_type_t scalar) {
  ArgInfo arg;
  arg.name = name;
  arg.typeName = type;
  arg.kind = ACC_ARG_KIND_SCALAR;
  arg.scalarType = scalar;
  arg.size = 4;
  arg.alignment = 4;
  return arg;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_bundle <code object> <out.accbin>\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "make_bundle: cannot read %s\n", argv[1]);
    return 1;
  }

  Bundle bundle;
  bundle.producer = "make_bundle (tests/cpu_plugin)";
  KernelInfo saxpy;
  saxpy.name = "saxpy";
  saxpy.args = {scalar("a", "float", ACC_SCALAR_TYPE_F32),
                buffer("x", "const float*", ACC_ACCESS_READ),
                buffer("y", "float*", ACC_ACCESS_READ | ACC_ACCESS_WRITE),
                scalar("n", "uint", ACC_SCALAR_TYPE_U32)};
  KernelInfo transpose;
  transpose.name = "transpose";
  transpose.args = {buffer("in", "const float*", ACC_ACCESS_READ),
                    buffer("out", "float*", ACC_ACCESS_WRITE),
                    scalar("width", "uint", ACC_SCALAR_TYPE_U32),
                    scalar("height", "uint", ACC_SCALAR_TYPE_U32)};
  bundle.kernels = {saxpy, transpose};

  CodeObject code;
#if defined(__aarch64__)
  code.target = ACC_TARGET_CPU_AARCH64;
  code.arch = "aarch64";
#else
  code.target = ACC_TARGET_CPU_X86_64;
  code.arch = "x86-64";
#endif
  code.data.assign(std::istreambuf_iterator<char>(in),
                   std::istreambuf_iterator<char>());
  bundle.code.push_back(std::move(code));

  std::vector<uint8_t> bytes = write(bundle);
  std::ofstream out(argv[2], std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "make_bundle: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
