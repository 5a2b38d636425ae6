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
  CHECK(get32(b, 40) == 4);
  // Code objects are 16-byte aligned.
  size_t codeTable = sectionOffset(b, 3);
  for (uint32_t i = 0; i < get32(b, sectionEntry(3) + 8); ++i)
    CHECK(get64(b, codeTable + 32 * i + 8) % 16 == 0);
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
    put32(b, args + 3 * 32 + 24, 0); // add's `n`.
    expectError(b, "size 0");
  }
  SECTION("unknown target") {
    auto b = good;
    put32(b, code, 99);
    expectError(b, "unknown target");
  }
  SECTION("duplicate kernel name") {
    auto b = good;
    put32(b, kernels + 32, get32(good, kernels));
    expectError(b, "twice");
  }
  SECTION("empty kernel name") {
    auto b = good;
    put32(b, kernels, 0);
    expectError(b, "empty name");
  }
  SECTION("unknown kernel flags") {
    auto b = good;
    put32(b, kernels + 4, 0x100);
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
  CHECK(b.kernels.size() == 5);
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
