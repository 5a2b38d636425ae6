//===- Support.cpp - What acc-cts's tests share ---------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Support.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

namespace cts {

Config &config() {
  static Config instance;
  return instance;
}

namespace {
int gDeviceState = -1;
std::string gNoDeviceReason;
} // namespace

void noteNoDevice(const std::string &reason) {
  if (gDeviceState != 1) {
    gDeviceState = 0;
    gNoDeviceReason = reason;
  }
}
void noteHasDevice() { gDeviceState = 1; }
int deviceState() { return gDeviceState; }
const std::string &noDeviceReason() { return gNoDeviceReason; }

std::string kernelPath(const std::string &file) {
  return config().kernelsDir + "/" + file;
}

const acc::bundle::Bundle &testBundle(const std::string &file) {
  static std::mutex mutex;
  static std::map<std::string, acc::bundle::Bundle> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(file);
  if (it != cache.end())
    return it->second;
  acc::bundle::Bundle bundle;
  std::string error;
  if (!acc::bundle::readFile(kernelPath(file), bundle, error)) {
    fail(__FILE__, __LINE__,
         str("cannot read the test bundle ", kernelPath(file), ": ", error,
             " (is --kernels right?)"));
    throw AbortTest{};
  }
  return cache.emplace(file, std::move(bundle)).first->second;
}

const acc::bundle::CodeObject *pickCode(const acc::bundle::Bundle &bundle,
                                        const acc_target_t *targets) {
  for (size_t i = 0; i < 8 && targets[i] != ACC_TARGET_NONE; ++i)
    for (const auto &code : bundle.code)
      if (code.target == targets[i])
        return &code;
  return nullptr;
}

bool hasTarget(const acc_target_t *targets, acc_target_t target) {
  for (size_t i = 0; i < 8 && targets[i] != ACC_TARGET_NONE; ++i)
    if (targets[i] == target)
      return true;
  return false;
}

std::string targetList(const acc_target_t *targets) {
  std::string out;
  for (size_t i = 0; i < 8 && targets[i] != ACC_TARGET_NONE; ++i) {
    if (!out.empty())
      out += ", ";
    out += acc::bundle::targetName(targets[i]);
  }
  return out.empty() ? "(none)" : out;
}

std::string bundleWithoutCodeFor(const acc_target_t *targets) {
  std::vector<std::string> names;
  if (DIR *dir = opendir(config().kernelsDir.c_str())) {
    while (dirent *entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name.rfind("nocode-", 0) == 0 && name.size() > 7 &&
          name.substr(name.size() - 7) == ".accbin")
        names.push_back(name);
    }
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  for (const auto &name : names) {
    acc::bundle::Bundle bundle;
    std::string error;
    if (!acc::bundle::readFile(kernelPath(name), bundle, error))
      continue;
    if (!pickCode(bundle, targets))
      return name;
  }
  return "";
}

std::vector<uint8_t> readFileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fail(__FILE__, __LINE__, "cannot read " + path);
    throw AbortTest{};
  }
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::string describeIdsElement(size_t i) {
  static const char *const fields[8] = {
      "global id",  "local id",         "group id",      "global size",
      "local size", "number of groups", "global offset", "work_dim"};
  return str("item ", i / 24, ", dimension ", (i % 24) / 8, ", ",
             fields[i % 8]);
}

uint32_t hashIndex(uint64_t i, uint32_t seed) {
  uint64_t x = i * 0x9e3779b97f4a7c15ull + seed;
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 29;
  return static_cast<uint32_t>(x);
}

std::vector<uint32_t> lcgReference(uint64_t n, uint32_t rounds) {
  std::vector<uint32_t> ref(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint32_t h = static_cast<uint32_t>(i);
    for (uint32_t k = 0; k < rounds; ++k)
      h = h * 1664525u + 1013904223u;
    ref[i] = h;
  }
  return ref;
}

} // namespace cts
