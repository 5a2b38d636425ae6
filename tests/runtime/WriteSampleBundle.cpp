//===- WriteSampleBundle.cpp - Writes the tests' sample bundle to a file --===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Used by the acc-info tests: `acc-test-write-bundle OUT [truncate-to]`.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: acc-test-write-bundle OUT [truncate-to]\n");
    return 2;
  }
  std::vector<uint8_t> bytes = acctest::sampleBundleBytes();
  if (argc > 2)
    bytes.resize(std::min<size_t>(bytes.size(), std::strtoul(argv[2], nullptr, 10)));
  FILE *f = std::fopen(argv[1], "wb");
  if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
    std::perror(argv[1]);
    return 1;
  }
  return std::fclose(f) == 0 ? 0 : 1;
}
