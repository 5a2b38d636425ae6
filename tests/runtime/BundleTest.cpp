//===- BundleTest.cpp - Tests of the bundle reader and writer -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Round trips, and the reader's refusal of every kind of damage: truncation
// at every length, every single-byte flip, a different major version,
// garbage, and crafted files whose checksum is right but whose structure is
// not (so the structural checks are exercised past the checksum).
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <catch2/catch.hpp>

#include <random>

using namespace acc::bundle;
using namespace acctest;

namespace {

bool parses(const std::vector<uint8_t> &bytes, std::string *error = nullptr) {
  Bundle b;
  std::string e;
  bool ok = read(bytes.data(), bytes.size(), b, e);
  if (!ok)
    CHECK_FALSE(e.empty());
  if (error)
    *error = e;
  return ok;
}

// Offsets of the fixed layout the writer produces (docs/bundle-format.md).
constexpr size_t kSectionTable = 64;
constexpr size_t kKernelEntry = 32;
constexpr size_t kArgEntry = 40;
size_t sectionEntry(uint32_t index) { return kSectionTable + 32 * index; }
size_t sectionOffset(const std::vector<uint8_t> &b, uint32_t index) {
  return size_t(get64(b, sectionEntry(index) + 16));
}

} // namespace

TEST_CASE("bundle: round trip keeps every field", "[bundle]") {
  Bundle in = sampleBundle();
  std::vector<uint8_t> bytes = write(in);
  Bundle out;
  std::string error;
  REQUIRE(read(bytes.data(), bytes.size(), out, error));
  CHECK(error.empty());
  CHECK(out.producer == in.producer);
  REQUIRE(out.kernels.size() == in.kernels.size());
  for (size_t k = 0; k < in.kernels.size(); ++k) {
    const KernelInfo &a = in.kernels[k], &b = out.kernels[k];
    CHECK(a.name == b.name);
    CHECK(a.flags == b.flags);
    for (int d = 0; d < 3; ++d)
      CHECK(a.requiredLocalSize[d] == b.requiredLocalSize[d]);
    // The writer stores the layout computeLayout() gives.
    KernelLayout layout;
    std::string layoutError;
    REQUIRE(computeLayout(a.args, layout, layoutError));
    CHECK(b.scalarBlockSize == layout.scalarBlockSize);
    REQUIRE(a.args.size() == b.args.size());
    for (size_t i = 0; i < a.args.size(); ++i) {
      CHECK(a.args[i].name == b.args[i].name);
      CHECK(a.args[i].typeName == b.args[i].typeName);
      CHECK(a.args[i].kind == b.args[i].kind);
      CHECK(a.args[i].addressSpace == b.args[i].addressSpace);
      CHECK(a.args[i].access == b.args[i].access);
      CHECK(a.args[i].scalarType == b.args[i].scalarType);
      CHECK(a.args[i].size == b.args[i].size);
      CHECK(a.args[i].alignment == b.args[i].alignment);
      CHECK(b.args[i].binding == layout.binding[i]);
    }
  }
  REQUIRE(out.code.size() == in.code.size());
  for (size_t c = 0; c < in.code.size(); ++c) {
    CHECK(out.code[c].target == in.code[c].target);
    CHECK(out.code[c].arch == in.code[c].arch);
    CHECK(out.code[c].data == in.code[c].data);
  }
  // Writing is deterministic.
  CHECK(write(out) == bytes);
}

TEST_CASE("bundle: layout follows the documented format", "[bundle]") {
  std::vector<uint8_t> b = sampleBundleBytes();
  CHECK(std::string(b.begin(), b.begin() + 7) == "ACCBNDL");
  CHECK(b[7] == 0x1A);
  CHECK(get32(b, 8) == (uint32_t(kFormatMinor) << 16 | kFormatMajor));
  CHECK(get32(b, 12) == 64);
  CHECK(get64(b, 16) == b.size());
  CHECK(get64(b, 32) == 64);
  CHECK(get32(b, 40) == 5);
  // Code objects are 16-byte aligned.
  size_t codeTable = sectionOffset(b, 3);
  for (uint32_t i = 0; i < get32(b, sectionEntry(3) + 8); ++i)
    CHECK(get64(b, codeTable + 32 * i + 8) % 16 == 0);
}

TEST_CASE("bundle: launch conventions and missing kernels round-trip",
          "[bundle]") {
  Bundle in = sampleBundle();
  in.code[0].launchAbi = 3;
  in.code[1].missing = {{1, "scale: reason one"}, {4, "uses fp64"}};
  std::vector<uint8_t> bytes = write(in);
  Bundle out;
  std::string error;
  REQUIRE(read(bytes.data(), bytes.size(), out, error));
  CHECK(out.code[0].launchAbi == 3);
  CHECK(out.code[0].missing.empty());
  CHECK(out.code[1].launchAbi == 0);
  REQUIRE(out.code[1].missing.size() == 2);
  CHECK(out.code[1].missing[1].kernel == 4);
  CHECK(out.code[1].missing[1].reason == "uses fp64");
  REQUIRE(out.code[1].missingReason(1) != nullptr);
  CHECK(*out.code[1].missingReason(1) == "scale: reason one");
  CHECK(out.code[1].missingReason(0) == nullptr);
  CHECK(write(out) == bytes);
}

TEST_CASE("bundle: a bad missing-kernel entry is refused with the reason",
          "[bundle]") {
  Bundle in = sampleBundle();
  auto expect = [&](const Bundle &b, const std::string &what) {
    std::vector<uint8_t> bytes = write(b);
    Bundle out;
    std::string error;
    REQUIRE_FALSE(read(bytes.data(), bytes.size(), out, error));
    INFO(error);
    CHECK(error.find(what) != std::string::npos);
  };
  SECTION("kernel out of range") {
    in.code[1].missing = {{9, "why"}};
    expect(in, "names kernel 9, but there are 6");
  }
  SECTION("no reason") {
    in.code[1].missing = {{0, ""}};
    expect(in, "is missing but gives no reason");
  }
  SECTION("twice") {
    in.code[1].missing = {{0, "a"}, {0, "b"}};
    expect(in, "says twice that kernel 'add' in code object 1 (opencl-c)");
  }
}

TEST_CASE("bundle: a format 1.0 file is read, and may not use 1.1's parts",
          "[bundle]") {
  // A 1.0 file is this one with the fifth section entry dropped (its bytes
  // stay, outside every region) and minor 0.
  std::vector<uint8_t> bytes = sampleBundleBytes();
  bytes[10] = 0;
  put32(bytes, 40, 4);
  reseal(bytes);
  Bundle out;
  std::string error;
  REQUIRE(read(bytes.data(), bytes.size(), out, error));
  CHECK(out.code.size() == 2);
  // With the missing-kernel section still listed, 1.0 does not know it.
  bytes = sampleBundleBytes();
  bytes[10] = 0;
  reseal(bytes);
  REQUIRE_FALSE(read(bytes.data(), bytes.size(), out, error));
  CHECK(error.find("unknown kind 5 for format version 1.0") !=
        std::string::npos);
}

TEST_CASE("bundle: an empty bundle round-trips", "[bundle]") {
  Bundle empty;
  std::vector<uint8_t> bytes = write(empty);
  Bundle out;
  std::string error;
  REQUIRE(read(bytes.data(), bytes.size(), out, error));
  CHECK(out.kernels.empty());
  CHECK(out.code.empty());
  CHECK(out.producer.empty());
}

TEST_CASE("bundle: truncation at every length is rejected", "[bundle]") {
  std::vector<uint8_t> bytes = sampleBundleBytes();
  for (size_t len = 0; len < bytes.size(); ++len) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + len);
    std::string error;
    INFO("length " << len);
    REQUIRE_FALSE(parses(cut, &error));
    if (len >= 12)
      CHECK(error.find("truncated") != std::string::npos);
  }
}

TEST_CASE("bundle: every single-byte flip is detected", "[bundle]") {
  std::vector<uint8_t> bytes = sampleBundleBytes();
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {uint8_t(0x01), uint8_t(0x80), uint8_t(0xFF)}) {
      std::vector<uint8_t> bad = bytes;
      bad[i] ^= mask;
      INFO("byte " << i << " xor " << int(mask));
      REQUIRE_FALSE(parses(bad));
    }
  }
}

TEST_CASE("bundle: a different major version is refused naming both",
          "[bundle]") {
  std::vector<uint8_t> bytes = sampleBundleBytes();
  bytes[8] = 2;
  bytes[9] = 0;
  bytes[10] = 5;
  reseal(bytes);
  std::string error;
  REQUIRE_FALSE(parses(bytes, &error));
  CHECK(error.find("2.5") != std::string::npos);
  CHECK(error.find("1.x") != std::string::npos);
  CHECK(error.find("recompile") != std::string::npos);
}

TEST_CASE("bundle: a newer minor version of the same major is read",
          "[bundle]") {
  std::vector<uint8_t> bytes = sampleBundleBytes();
  bytes[10] = uint8_t(kFormatMinor + 1);
  reseal(bytes);
  REQUIRE(parses(bytes));
}

TEST_CASE("bundle: garbage is not a bundle", "[bundle]") {
  std::mt19937 rng(1234);
  for (size_t size : {0, 1, 7, 8, 63, 64, 65, 200, 4096}) {
    std::vector<uint8_t> junk(size);
    for (auto &b : junk)
      b = uint8_t(rng());
    std::string error;
    INFO("size " << size);
    REQUIRE_FALSE(parses(junk, &error));
    CHECK(error.find("acc-cc") != std::string::npos);
  }
  // Right magic, garbage after it.
  std::vector<uint8_t> bytes = sampleBundleBytes();
  for (size_t i = 8; i < bytes.size(); ++i)
    bytes[i] = uint8_t(rng());
  REQUIRE_FALSE(parses(bytes));
  // A null pointer.
  Bundle b;
  std::string e;
  CHECK_FALSE(read(nullptr, 10, b, e));
  CHECK_FALSE(read(nullptr, 0, b, e));
}

TEST_CASE("bundle: trailing bytes are rejected", "[bundle]") {
  std::vector<uint8_t> bytes = sampleBundleBytes();
  bytes.push_back(0);
  std::string error;
  REQUIRE_FALSE(parses(bytes, &error));
  CHECK(error.find("after its end") != std::string::npos);
}

TEST_CASE("bundle: structural damage with a valid checksum is rejected",
          "[bundle]") {
  const std::vector<uint8_t> good = sampleBundleBytes();
  auto expectError = [&](std::vector<uint8_t> bytes, const char *needle) {
    reseal(bytes);
    std::string error;
    REQUIRE_FALSE(parses(bytes, &error));
    INFO(error);
    CHECK(error.find(needle) != std::string::npos);
  };
  size_t strings = sectionOffset(good, 0);
  size_t kernels = sectionOffset(good, 1);
  size_t args = sectionOffset(good, 2);
  size_t code = sectionOffset(good, 3);
  uint64_t stringsSize = get64(good, sectionEntry(0) + 24);

  SECTION("string offset out of range") {
    auto b = good;
    put32(b, kernels, uint32_t(stringsSize + 5));
    expectError(b, "outside the");
  }
  SECTION("string table without final NUL") {
    auto b = good;
    b[strings + stringsSize - 1] = 'x';
    expectError(b, "NUL");
  }
  SECTION("section past the end of the file") {
    auto b = good;
    put64(b, sectionEntry(2) + 24, uint64_t(1) << 62);
    expectError(b, "past the end");
  }
  SECTION("section offset overflowing") {
    auto b = good;
    put64(b, sectionEntry(1) + 16, ~uint64_t(0) - 7);
    expectError(b, "past the end");
  }
  SECTION("absurd section count") {
    auto b = good;
    put32(b, 40, 0xFFFFFFFFu);
    expectError(b, "section count");
  }
  SECTION("section table outside the file") {
    auto b = good;
    put64(b, 32, uint64_t(1) << 40);
    expectError(b, "section table");
  }
  SECTION("kernel argument range overflowing") {
    auto b = good;
    put32(b, kernels + 8, 0xFFFFFFFFu);
    put32(b, kernels + 12, 2);
    expectError(b, "argument table");
  }
  SECTION("entry count disagreeing with size") {
    auto b = good;
    put32(b, sectionEntry(1) + 8, get32(good, sectionEntry(1) + 8) + 1);
    expectError(b, "entries of");
  }
  SECTION("code object past the end") {
    auto b = good;
    put64(b, code + 16, b.size());
    expectError(b, "past the end");
  }
  SECTION("misaligned code object") {
    auto b = good;
    put64(b, code + 8, get64(good, code + 8) + 4);
    put64(b, code + 16, 1);
    expectError(b, "aligned");
  }
  SECTION("code overlapping the header") {
    auto b = good;
    put64(b, code + 8, 0);
    put64(b, code + 16, 16);
    expectError(b, "overlaps");
  }
  SECTION("unknown argument kind") {
    auto b = good;
    put32(b, args + 8, 77);
    expectError(b, "unknown kind");
  }
  SECTION("scalar of size zero") {
    auto b = good;
    put32(b, args + 3 * kArgEntry + 24, 0); // add's `n`.
    expectError(b, "size 0");
  }
  SECTION("unknown target") {
    auto b = good;
    put32(b, code, 99);
    expectError(b, "unknown target");
  }
  SECTION("duplicate kernel name") {
    auto b = good;
    put32(b, kernels + kKernelEntry, get32(good, kernels));
    expectError(b, "twice");
  }
  SECTION("empty kernel name") {
    auto b = good;
    put32(b, kernels, 0);
    expectError(b, "empty name");
  }
  SECTION("unknown kernel flags") {
    auto b = good;
    put32(b, kernels + 4, ACC_KERNEL_FLAG_USES_BARRIERS << 1); // the first unknown bit
    expectError(b, "unknown flags");
  }
  SECTION("partial required work-group size") {
    auto b = good;
    put32(b, kernels + 16, 4);
    expectError(b, "zero dimension");
  }
  SECTION("missing section") {
    auto b = good;
    put32(b, sectionEntry(3), 2); // Two kernel tables, no code table.
    expectError(b, "more than one");
  }
  SECTION("wrong header size") {
    auto b = good;
    put32(b, 12, 72);
    expectError(b, "header size");
  }
  SECTION("nonzero reserved bytes") {
    auto b = good;
    b[60] = 1;
    expectError(b, "reserved");
  }
  SECTION("nonzero reserved bytes of an argument") {
    auto b = good;
    put32(b, args + 36, 1);
    expectError(b, "reserved");
  }
}


TEST_CASE("bundle: random damage with valid checksums never crashes",
          "[bundle]") {
  const std::vector<uint8_t> good = sampleBundleBytes();
  std::mt19937 rng(42);
  int accepted = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::vector<uint8_t> b = good;
    int edits = 1 + int(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = 32 + rng() % (b.size() - 32); // Leave magic..checksum.
      switch (rng() % 3) {
      case 0:
        b[at] = uint8_t(rng());
        break;
      case 1:
        b[at] ^= uint8_t(1u << (rng() % 8));
        break;
      default:
        if (at + 4 <= b.size())
          put32(b, at, uint32_t(rng()));
      }
    }
    reseal(b);
    Bundle out;
    std::string error;
    if (read(b.data(), b.size(), out, error))
      ++accepted; // Some edits hit code bytes or names: still valid.
    else
      CHECK_FALSE(error.empty());
  }
  CHECK(accepted < 3000);
}

TEST_CASE("bundle: readFile reports I/O errors", "[bundle]") {
  Bundle b;
  std::string error;
  CHECK_FALSE(readFile(dataPath("does-not-exist.accbin"), b, error));
  CHECK(error.find("cannot open") != std::string::npos);
  CHECK_FALSE(readFile(ACC_TEST_DATA_DIR, b, error));
  CHECK(error.find("not a regular file") != std::string::npos);

  std::string path = dataPath("roundtrip.accbin");
  writeFile(path, sampleBundleBytes());
  REQUIRE(readFile(path, b, error));
  CHECK(b.kernels.size() == 6);
}

TEST_CASE("bundle: target names", "[bundle]") {
  CHECK(std::string(targetName(ACC_TARGET_CPU_X86_64)) == "cpu-x86_64");
  CHECK(std::string(targetName(ACC_TARGET_CPU_AARCH64)) == "cpu-aarch64");
  CHECK(std::string(targetName(ACC_TARGET_OPENCL_C)) == "opencl-c");
  CHECK(std::string(targetName(ACC_TARGET_SPIRV_CL)) == "spirv-cl");
  CHECK(std::string(targetName(ACC_TARGET_SPIRV_VK)) == "spirv-vk");
  CHECK(std::string(targetName(ACC_TARGET_GLSL)) == "glsl");
  CHECK(std::string(targetName(ACC_TARGET_NVPTX)) == "nvptx");
  CHECK(std::string(targetName(ACC_TARGET_AMDGPU)) == "amdgpu");
  CHECK(std::string(targetName(12345)) == "unknown");
}

//===----------------------------------------------------------------------===//
// Resource layout (docs/bundle-format.md, "Resource layout")
//===----------------------------------------------------------------------===//

namespace {

ArgInfo layoutArg(const char *name, acc_arg_kind_t kind,
                  acc_scalar_type_t type, uint32_t size, uint32_t alignment) {
  ArgInfo a;
  a.name = name;
  a.typeName = name;
  a.kind = kind;
  a.addressSpace = kind == ACC_ARG_KIND_BUFFER  ? ACC_ADDRESS_SPACE_GLOBAL
                   : kind == ACC_ARG_KIND_LOCAL ? ACC_ADDRESS_SPACE_LOCAL
                                                : ACC_ADDRESS_SPACE_PRIVATE;
  a.access = kind == ACC_ARG_KIND_SCALAR ? 0 : ACC_ACCESS_READ | ACC_ACCESS_WRITE;
  a.scalarType = type;
  a.size = size;
  a.alignment = alignment;
  return a;
}

/// kernel void mixed(global float* a, int n, local float* tmp, char c,
///                   global int* b, double d)
KernelInfo mixedKernel() {
  KernelInfo k;
  k.name = "mixed";
  k.args = {layoutArg("a", ACC_ARG_KIND_BUFFER, ACC_SCALAR_TYPE_F32, 8, 4),
            layoutArg("n", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_I32, 4, 4),
            layoutArg("tmp", ACC_ARG_KIND_LOCAL, ACC_SCALAR_TYPE_F32, 0, 4),
            layoutArg("c", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_I8, 1, 1),
            layoutArg("b", ACC_ARG_KIND_BUFFER, ACC_SCALAR_TYPE_I32, 8, 4),
            layoutArg("d", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_F64, 8, 8)};
  k.flags = ACC_KERNEL_FLAG_USES_FP64;
  return k;
}

/// A bundle whose only kernel is mixedKernel() (plus the sample's code).
std::vector<uint8_t> mixedBundleBytes() {
  Bundle b = sampleBundle();
  b.kernels = {mixedKernel()};
  return write(b);
}

/// Offset of argument `i`'s binding field in a bundle of one kernel.
size_t bindingField(const std::vector<uint8_t> &b, size_t i) {
  return sectionOffset(b, 2) + kArgEntry * i + 32;
}
size_t blockSizeField(const std::vector<uint8_t> &b) {
  return sectionOffset(b, 1) + 28;
}

} // namespace

TEST_CASE("bundle: layout of a mixed kernel", "[bundle][layout]") {
  KernelLayout l;
  std::string error;
  REQUIRE(computeLayout(mixedKernel().args, l, error));
  // a, b: storage-buffer bindings 0 and 1.
  CHECK(l.binding[0] == 0);
  CHECK(l.binding[4] == 1);
  // n, c, d: scalar-block offsets 0, 4, 8; the block is 16 bytes.
  CHECK(l.binding[1] == 0);
  CHECK(l.binding[3] == 4);
  CHECK(l.binding[5] == 8);
  CHECK(l.scalarBlockSize == 16);
  // tmp: the first (and only) local argument.
  CHECK(l.binding[2] == 0);
  CHECK(l.bufferCount == 2);
  CHECK(l.scalarCount == 3);
  CHECK(l.localCount == 1);

  // It survives the file, and assignLayout() gives the same.
  std::vector<uint8_t> bytes = mixedBundleBytes();
  Bundle out;
  REQUIRE(read(bytes.data(), bytes.size(), out, error));
  REQUIRE(out.kernels.size() == 1);
  const KernelInfo &k = out.kernels[0];
  CHECK(k.scalarBlockSize == 16);
  for (size_t i = 0; i < k.args.size(); ++i)
    CHECK(k.args[i].binding == l.binding[i]);
  KernelInfo assigned = mixedKernel();
  REQUIRE(assignLayout(assigned, error));
  CHECK(assigned.scalarBlockSize == 16);
  for (size_t i = 0; i < assigned.args.size(); ++i)
    CHECK(assigned.args[i].binding == l.binding[i]);
  CHECK(checkLayout(assigned, true, error));
}

TEST_CASE("bundle: layout rule corner cases", "[bundle][layout]") {
  std::string error;
  KernelLayout l;
  SECTION("no arguments") {
    REQUIRE(computeLayout({}, l, error));
    CHECK(l.scalarBlockSize == 0);
    CHECK(l.binding.empty());
  }
  SECTION("buffers only: no scalar block") {
    REQUIRE(computeLayout(
        {layoutArg("x", ACC_ARG_KIND_BUFFER, ACC_SCALAR_TYPE_F32, 8, 4),
         layoutArg("y", ACC_ARG_KIND_BUFFER, ACC_SCALAR_TYPE_F32, 8, 4)},
        l, error));
    CHECK(l.binding == std::vector<uint32_t>{0, 1});
    CHECK(l.scalarBlockSize == 0);
  }
  SECTION("one char: the block is rounded up to 4 bytes") {
    REQUIRE(computeLayout(
        {layoutArg("c", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_I8, 1, 1)}, l,
        error));
    CHECK(l.binding[0] == 0);
    CHECK(l.scalarBlockSize == 4);
  }
  SECTION("a double after a char: padding, and a block of 16") {
    REQUIRE(computeLayout(
        {layoutArg("c", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_I8, 1, 1),
         layoutArg("s", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_U16, 2, 2),
         layoutArg("d", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_F64, 8, 8),
         layoutArg("e", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_I8, 1, 1)},
        l, error));
    CHECK(l.binding == std::vector<uint32_t>{0, 2, 8, 16});
    CHECK(l.scalarBlockSize == 24);
  }
  SECTION("an unspecified alignment is the size rounded up to a power of 2") {
    REQUIRE(computeLayout(
        {layoutArg("c", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_I8, 1, 1),
         layoutArg("h", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_F16, 2, 0),
         layoutArg("v", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_F32, 12, 0)},
        l, error));
    CHECK(l.binding == std::vector<uint32_t>{0, 2, 16});
    CHECK(l.scalarBlockSize == 32);
  }
  SECTION("local arguments are numbered on their own") {
    REQUIRE(computeLayout(
        {layoutArg("l0", ACC_ARG_KIND_LOCAL, ACC_SCALAR_TYPE_F32, 0, 4),
         layoutArg("x", ACC_ARG_KIND_BUFFER, ACC_SCALAR_TYPE_F32, 8, 4),
         layoutArg("l1", ACC_ARG_KIND_LOCAL, ACC_SCALAR_TYPE_I32, 0, 4)},
        l, error));
    CHECK(l.binding == std::vector<uint32_t>{0, 0, 1});
    CHECK(l.localCount == 2);
  }
  SECTION("a block past 4 GiB is refused, not wrapped") {
    CHECK_FALSE(computeLayout(
        {layoutArg("a", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_I8, 1, 1),
         layoutArg("b", ACC_ARG_KIND_SCALAR, ACC_SCALAR_TYPE_I8, 0xFFFFFFF0u,
                   1u << 31)},
        l, error));
    CHECK(error.find("4 GiB") != std::string::npos);
  }
}

TEST_CASE("bundle: the writer ignores a caller's layout fields",
          "[bundle][layout]") {
  Bundle b = sampleBundle();
  b.kernels = {mixedKernel()};
  for (auto &a : b.kernels[0].args)
    a.binding = 99;
  b.kernels[0].scalarBlockSize = 3;
  CHECK(write(b) == mixedBundleBytes());
}

TEST_CASE("bundle: a tampered layout is rejected with a reason",
          "[bundle][layout]") {
  const std::vector<uint8_t> good = mixedBundleBytes();
  REQUIRE(parses(good));
  auto expectError = [&](std::vector<uint8_t> bytes, const char *needle) {
    reseal(bytes);
    std::string error;
    REQUIRE_FALSE(parses(bytes, &error));
    INFO(error);
    CHECK(error.find(needle) != std::string::npos);
    CHECK(error.find("kernel 'mixed'") != std::string::npos);
  };
  // Arguments: 0 a (buffer), 1 n (int), 2 tmp (local), 3 c (char),
  // 4 b (buffer), 5 d (double).
  SECTION("buffer binding out of range") {
    auto b = good;
    put32(b, bindingField(b, 4), 2);
    expectError(b, "buffer binding 2, but the kernel has 2 buffer arguments");
  }
  SECTION("two buffers with one binding") {
    auto b = good;
    put32(b, bindingField(b, 4), 0);
    expectError(b, "which argument 0 already has");
  }
  SECTION("buffer bindings swapped: valid, but not the rule") {
    auto b = good;
    put32(b, bindingField(b, 0), 1);
    put32(b, bindingField(b, 4), 0);
    expectError(b, "argument 0 ('a') of kernel 'mixed' has buffer binding 1, "
                   "but the layout rule gives 0");
  }
  SECTION("local index out of range") {
    auto b = good;
    put32(b, bindingField(b, 2), 1);
    expectError(b, "local index 1, but the kernel has 1 local argument");
  }
  SECTION("misaligned scalar") {
    auto b = good;
    put32(b, bindingField(b, 5), 12);
    expectError(b, "not a multiple of its alignment 8");
  }
  SECTION("overlapping scalars") {
    auto b = good;
    put32(b, bindingField(b, 3), 2); // c inside n.
    expectError(b, "overlaps argument 1");
  }
  SECTION("scalar past the block") {
    auto b = good;
    put32(b, bindingField(b, 5), 16);
    expectError(b, "past the kernel's 16-byte block");
  }
  SECTION("scalar moved to a valid place that is not the rule's") {
    auto b = good;
    put32(b, bindingField(b, 3), 5); // c at 5 instead of 4.
    expectError(b, "scalar-block offset 5, but the layout rule gives 4");
  }
  SECTION("block size not a multiple of the largest alignment") {
    auto b = good;
    put32(b, blockSizeField(b), 20);
    expectError(b, "not a multiple of 8");
  }
  SECTION("block size larger than the rule's") {
    auto b = good;
    put32(b, blockSizeField(b), 32);
    expectError(b, "scalar block of 32 bytes, but the layout rule gives 16");
  }
  SECTION("block size too small") {
    auto b = good;
    put32(b, blockSizeField(b), 8);
    expectError(b, "past the kernel's 8-byte block");
  }
  SECTION("a block for a kernel without scalars") {
    Bundle bundle = sampleBundle();
    bundle.kernels = {bundle.kernels[3]}; // fixed(x): one buffer.
    auto b = write(bundle);
    put32(b, blockSizeField(b), 4);
    reseal(b);
    std::string error;
    REQUIRE_FALSE(parses(b, &error));
    CHECK(error.find("no scalar arguments but a scalar block of 4 bytes") !=
          std::string::npos);
  }
}

TEST_CASE("bundle: a newer minor may pack differently but not inconsistently",
          "[bundle][layout]") {
  std::vector<uint8_t> b = mixedBundleBytes();
  b[10] = uint8_t(kFormatMinor + 1);
  // Swapped bindings and a roomier block: consistent, so accepted and kept.
  put32(b, bindingField(b, 0), 1);
  put32(b, bindingField(b, 4), 0);
  put32(b, bindingField(b, 5), 16);
  put32(b, blockSizeField(b), 24);
  reseal(b);
  Bundle out;
  std::string error;
  REQUIRE(read(b.data(), b.size(), out, error));
  CHECK(out.kernels[0].args[0].binding == 1);
  CHECK(out.kernels[0].args[4].binding == 0);
  CHECK(out.kernels[0].args[5].binding == 16);
  CHECK(out.kernels[0].scalarBlockSize == 24);
  // Two buffers on one binding stay an error in any minor.
  put32(b, bindingField(b, 0), 0);
  reseal(b);
  CHECK_FALSE(read(b.data(), b.size(), out, error));
  CHECK(error.find("already has") != std::string::npos);
}

TEST_CASE("bundle: the layout reaches acc_kernel_info_t", "[bundle][layout]") {
  Runtime rt({pluginDir("mock")});
  REQUIRE(rt.result == ACC_SUCCESS);
  std::vector<uint8_t> bytes = sampleBundleBytes();
  acc_module_t m = nullptr;
  REQUIRE(acc_module_load_memory(mockDevice(), bytes.data(), bytes.size(),
                                 &m) == ACC_SUCCESS);
  const acc_kernel_info_t *info = nullptr;
  // add(a, b, c, uint n)
  REQUIRE(acc_module_kernel_info(m, 0, &info) == ACC_SUCCESS);
  REQUIRE(info->arg_count == 4);
  CHECK(info->args[0].binding == 0);
  CHECK(info->args[1].binding == 1);
  CHECK(info->args[2].binding == 2);
  CHECK(info->args[3].binding == 0);
  CHECK(info->args[3].reserved == 0);
  CHECK(info->scalar_block_size == 4);
  // reduce(in, local scratch, out)
  REQUIRE(acc_module_kernel_info(m, 2, &info) == ACC_SUCCESS);
  REQUIRE(info->arg_count == 3);
  CHECK(info->args[0].binding == 0);
  CHECK(info->args[1].binding == 0);
  CHECK(info->args[2].binding == 1);
  CHECK(info->scalar_block_size == 0);
  CHECK(acc_module_release(m) == ACC_SUCCESS);
}
