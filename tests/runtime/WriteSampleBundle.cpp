//===- WriteSampleBundle.cpp - Writes the tests' sample bundle to a file --===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Used by the acc-info tests: `acc-test-write-bundle OUT [truncate-to]`.
// The file is the sample bundle with its opencl-c code leaving kernel 'dbl'
// out and its cpu code marked with launch convention 2, so that acc-info
// shows both.
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
  acc::bundle::Bundle bundle = acctest::sampleBundle();
  bundle.code[0].launchAbi = 2;
  bundle.code[1].missing.push_back({4, "uses fp64, which the target lacks"});
  std::vector<uint8_t> bytes = acc::bundle::write(bundle);
  if (argc > 2)
    bytes.resize(std::min<size_t>(bytes.size(), std::strtoul(argv[2], nullptr, 10)));
  FILE *f = std::fopen(argv[1], "wb");
  if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
    std::perror(argv[1]);
    return 1;
  }
  return std::fclose(f) == 0 ? 0 : 1;
}
