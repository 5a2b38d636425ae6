//===- Bundle.cpp - Reading and writing acc bundles (.accbin) -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Implements the binary format specified in docs/bundle-format.md. The reader
// treats its input as hostile: every offset, size, count and string is
// checked before use, all arithmetic on file-provided numbers is done in 64
// bits with explicit overflow checks, and nothing is dereferenced until it is
// known to lie inside the input. The checksum is XXH3-64, compiled inline so
// that neither acc-cc nor libacc depends on libxxhash at run time.
//
//===----------------------------------------------------------------------===//

#include "acc/bundle/Bundle.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <unordered_map>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace acc::bundle {
namespace {

//===----------------------------------------------------------------------===//
// Layout constants (see docs/bundle-format.md)
//===----------------------------------------------------------------------===//

constexpr uint8_t kMagic[8] = {'A', 'C', 'C', 'B', 'N', 'D', 'L', 0x1A};
constexpr uint32_t kHeaderSize = 64;
constexpr uint32_t kSectionEntrySize = 32;
constexpr uint32_t kKernelEntrySize = 32;
constexpr uint32_t kArgEntrySize = 40;
constexpr uint32_t kCodeEntrySize = 32;
constexpr uint32_t kMissingEntrySize = 16;
constexpr uint32_t kCodeAlignment = 16;
constexpr uint32_t kMaxSections = 64;

// Header field offsets.
constexpr size_t kOffMagic = 0;
constexpr size_t kOffMajor = 8;
constexpr size_t kOffMinor = 10;
constexpr size_t kOffHeaderSize = 12;
constexpr size_t kOffFileSize = 16;
constexpr size_t kOffChecksum = 24;
constexpr size_t kOffSectionTable = 32;
constexpr size_t kOffSectionCount = 40;
constexpr size_t kOffFlags = 44;
constexpr size_t kOffProducer = 48;

enum SectionKind : uint32_t {
  kSectionStrings = 1,
  kSectionKernels = 2,
  kSectionArgs = 3,
  kSectionCode = 4,
  /// Format 1.1: kernels a code object leaves out, with the reason.
  kSectionMissing = 5,
};

const char *sectionName(uint32_t kind) {
  switch (kind) {
  case kSectionStrings:
    return "string table";
  case kSectionKernels:
    return "kernel table";
  case kSectionArgs:
    return "argument table";
  case kSectionCode:
    return "code table";
  case kSectionMissing:
    return "missing-kernel table";
  default:
    return "unknown section";
  }
}

constexpr uint32_t kKernelFlags10 = ACC_KERNEL_FLAG_USES_FP64 |
                                    ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS |
                                    ACC_KERNEL_FLAG_USES_INT64_ATOMICS;
/// Format 1.1 adds the feature flags of plugin ABI 1.3.
constexpr uint32_t kKernelFlags11 =
    kKernelFlags10 | ACC_KERNEL_FLAG_USES_INT64 |
    ACC_KERNEL_FLAG_USES_8BIT_STORAGE | ACC_KERNEL_FLAG_USES_16BIT_STORAGE |
    ACC_KERNEL_FLAG_USES_FP16 | ACC_KERNEL_FLAG_USES_PRINTF |
    ACC_KERNEL_FLAG_USES_BARRIERS;
constexpr uint32_t kKnownAccess = ACC_ACCESS_READ | ACC_ACCESS_WRITE;
constexpr uint32_t kLastTarget = ACC_TARGET_AMDGPU;
constexpr uint32_t kLastScalarType = ACC_SCALAR_TYPE_F64;

//===----------------------------------------------------------------------===//
// Little-endian helpers
//===----------------------------------------------------------------------===//

void put16(uint8_t *p, uint16_t v) {
  p[0] = uint8_t(v);
  p[1] = uint8_t(v >> 8);
}
void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = uint8_t(v >> (8 * i));
}
void put64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    p[i] = uint8_t(v >> (8 * i));
}
uint16_t get16(const uint8_t *p) { return uint16_t(p[0] | (p[1] << 8)); }
uint32_t get32(const uint8_t *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}
uint64_t get64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

uint64_t alignUp(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

/// True when [offset, offset + length) lies within [0, limit), without
/// overflowing.
bool inRange(uint64_t offset, uint64_t length, uint64_t limit) {
  return offset <= limit && length <= limit - offset;
}

/// XXH3-64 of the file with the checksum field read as zero.
uint64_t computeChecksum(const uint8_t *data, size_t size) {
  XXH3_state_t state;
  XXH3_INITSTATE(&state);
  XXH3_64bits_reset(&state);
  static const uint8_t zeros[8] = {};
  XXH3_64bits_update(&state, data, kOffChecksum);
  XXH3_64bits_update(&state, zeros, sizeof(zeros));
  XXH3_64bits_update(&state, data + kOffChecksum + 8,
                     size - (kOffChecksum + 8));
  return XXH3_64bits_digest(&state);
}

std::string hex64(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
  return buf;
}

//===----------------------------------------------------------------------===//
// Writer
//===----------------------------------------------------------------------===//

/// Deduplicating string table. Offset 0 is always the empty string.
class StringTableBuilder {
public:
  StringTableBuilder() { data_.push_back('\0'); }

  uint32_t add(const std::string &s) {
    // Strings end at their first NUL in the file; store what a reader sees.
    std::string key(s.c_str());
    if (key.empty())
      return 0;
    auto it = offsets_.find(key);
    if (it != offsets_.end())
      return it->second;
    uint32_t offset = uint32_t(data_.size());
    data_.insert(data_.end(), key.begin(), key.end());
    data_.push_back('\0');
    offsets_.emplace(std::move(key), offset);
    return offset;
  }

  const std::vector<char> &data() const { return data_; }

private:
  std::vector<char> data_;
  std::unordered_map<std::string, uint32_t> offsets_;
};

//===----------------------------------------------------------------------===//
// Reader
//===----------------------------------------------------------------------===//

struct Section {
  uint32_t kind = 0;
  uint32_t entrySize = 0;
  uint32_t count = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
};

class Reader {
public:
  Reader(const uint8_t *data, size_t size, std::string &error)
      : data_(data), size_(size), error_(error) {}

  bool run(Bundle &out);

private:
  bool fail(const std::string &message) {
    error_ = message;
    return false;
  }

  bool readHeader();
  bool readSections();
  bool checkOverlaps();
  bool readString(uint32_t offset, const char *what, std::string &out);
  bool readKernels(Bundle &out);
  bool readCode(Bundle &out);
  bool readMissing(Bundle &out);

  /// A file written by this minor version or an older one may only contain
  /// what that version defines; a newer minor may add things we skip.
  bool strict() const { return minor_ <= kFormatMinor; }

  const uint8_t *data_;
  size_t size_;
  std::string &error_;

  uint16_t minor_ = 0;
  uint32_t headerSize_ = 0;
  uint64_t sectionTableOffset_ = 0;
  uint32_t sectionCount_ = 0;
  uint32_t producer_ = 0;
  Section strings_, kernels_, args_, code_;
  /// Optional (format 1.1); kind 0 when the file has none.
  Section missing_;
  std::vector<std::pair<uint64_t, uint64_t>> regions_;
  std::vector<std::pair<uint64_t, uint64_t>> codeRegions_;
};

bool Reader::readHeader() {
  if (size_ < sizeof(kMagic) ||
      std::memcmp(data_ + kOffMagic, kMagic, sizeof(kMagic)) != 0) {
    if (size_ == 0)
      return fail("the file is empty, not an acc bundle; compile the kernels "
                  "with acc-cc to produce one");
    return fail("this is not an acc bundle (the file does not start with the "
                "bundle magic 'ACCBNDL\\x1a'); compile the kernels with acc-cc "
                "to produce one");
  }
  if (size_ >= kOffMinor + 2) {
    uint16_t major = get16(data_ + kOffMajor);
    uint16_t minor = get16(data_ + kOffMinor);
    if (major != kFormatMajor)
      return fail("the bundle has format version " + std::to_string(major) +
                  "." + std::to_string(minor) +
                  ", but this build of acc reads format version " +
                  std::to_string(kFormatMajor) + ".x; recompile it with the "
                  "acc-cc that matches this runtime");
    minor_ = minor;
  }
  if (size_ < kHeaderSize)
    return fail("the bundle is truncated: it has " + std::to_string(size_) +
                " bytes, fewer than the " + std::to_string(kHeaderSize) +
                "-byte header");

  uint64_t fileSize = get64(data_ + kOffFileSize);
  if (fileSize > size_)
    return fail("the bundle is truncated: its header says " +
                std::to_string(fileSize) + " bytes, but only " +
                std::to_string(size_) + " are present; copy or recompile it");
  if (fileSize < size_)
    return fail("the bundle has " + std::to_string(size_ - fileSize) +
                " unexpected bytes after its end (the header says " +
                std::to_string(fileSize) + " bytes, " + std::to_string(size_) +
                " are present)");

  headerSize_ = get32(data_ + kOffHeaderSize);
  if (headerSize_ < kHeaderSize || headerSize_ % 8 != 0 ||
      headerSize_ > size_ || (strict() && headerSize_ != kHeaderSize))
    return fail("the bundle header is corrupt: its header size field says " +
                std::to_string(headerSize_) + " bytes (expected " +
                std::to_string(kHeaderSize) + ")");

  uint64_t stored = get64(data_ + kOffChecksum);
  uint64_t actual = computeChecksum(data_, size_);
  if (stored != actual)
    return fail("the bundle is corrupt: its checksum is " + hex64(stored) +
                " but its contents hash to " + hex64(actual) +
                "; copy or recompile it");

  sectionTableOffset_ = get64(data_ + kOffSectionTable);
  sectionCount_ = get32(data_ + kOffSectionCount);
  uint32_t flags = get32(data_ + kOffFlags);
  producer_ = get32(data_ + kOffProducer);
  if (strict() && flags != 0)
    return fail("the bundle header has unknown flags " +
                hex64(flags).substr(10) + " for format version 1." +
                std::to_string(minor_));
  if (strict()) {
    for (size_t off = kOffProducer + 4; off < kHeaderSize; ++off)
      if (data_[off] != 0)
        return fail("the bundle header's reserved bytes are not zero");
  }
  return true;
}

bool Reader::readSections() {
  if (sectionCount_ == 0 || sectionCount_ > kMaxSections)
    return fail("the bundle's section count " + std::to_string(sectionCount_) +
                " is not between 1 and " + std::to_string(kMaxSections));
  uint64_t tableSize = uint64_t(sectionCount_) * kSectionEntrySize;
  if (sectionTableOffset_ % 8 != 0 || sectionTableOffset_ < headerSize_ ||
      !inRange(sectionTableOffset_, tableSize, size_))
    return fail("the bundle's section table (offset " +
                std::to_string(sectionTableOffset_) + ", " +
                std::to_string(sectionCount_) +
                " entries) does not lie within the file after the header");
  regions_.push_back({0, headerSize_});
  regions_.push_back({sectionTableOffset_, tableSize});

  for (uint32_t i = 0; i < sectionCount_; ++i) {
    const uint8_t *p = data_ + sectionTableOffset_ + uint64_t(i) * kSectionEntrySize;
    Section s;
    s.kind = get32(p);
    s.entrySize = get32(p + 4);
    s.count = get32(p + 8);
    uint32_t reserved = get32(p + 12);
    s.offset = get64(p + 16);
    s.size = get64(p + 24);
    std::string where = "section " + std::to_string(i) + " (" +
                        sectionName(s.kind) + ")";
    if (!inRange(s.offset, s.size, size_))
      return fail("the bundle's " + where + " at offset " +
                  std::to_string(s.offset) + " with " + std::to_string(s.size) +
                  " bytes extends past the end of the file (" +
                  std::to_string(size_) + " bytes)");
    if (s.offset % 8 != 0)
      return fail("the bundle's " + where + " is at offset " +
                  std::to_string(s.offset) + ", which is not 8-byte aligned");
    if (strict() && reserved != 0)
      return fail("the bundle's " + where + " has nonzero reserved bytes");
    regions_.push_back({s.offset, s.size});

    Section *slot = nullptr;
    uint32_t expectedEntry = 0;
    switch (s.kind) {
    case kSectionStrings:
      slot = &strings_;
      expectedEntry = 1;
      break;
    case kSectionKernels:
      slot = &kernels_;
      expectedEntry = kKernelEntrySize;
      break;
    case kSectionArgs:
      slot = &args_;
      expectedEntry = kArgEntrySize;
      break;
    case kSectionCode:
      slot = &code_;
      expectedEntry = kCodeEntrySize;
      break;
    case kSectionMissing:
      if (minor_ >= 1) {
        slot = &missing_;
        expectedEntry = kMissingEntrySize;
        break;
      }
      [[fallthrough]]; // Not defined in format 1.0.
    default:
      if (strict())
        return fail("the bundle's " + where + " has unknown kind " +
                    std::to_string(s.kind) + " for format version 1." +
                    std::to_string(minor_));
      continue; // A newer minor's section: skip it.
    }
    if (slot->kind != 0)
      return fail("the bundle has more than one " +
                  std::string(sectionName(s.kind)));
    if (s.entrySize < expectedEntry ||
        (strict() && s.entrySize != expectedEntry))
      return fail("the bundle's " + where + " has entries of " +
                  std::to_string(s.entrySize) + " bytes (expected " +
                  std::to_string(expectedEntry) + ")");
    if (s.kind == kSectionStrings) {
      if (s.count != s.size)
        return fail("the bundle's string table size fields disagree (" +
                    std::to_string(s.count) + " and " +
                    std::to_string(s.size) + " bytes)");
    } else if (uint64_t(s.count) * s.entrySize != s.size) {
      return fail("the bundle's " + where + " holds " + std::to_string(s.size) +
                  " bytes, which is not " + std::to_string(s.count) +
                  " entries of " + std::to_string(s.entrySize) + " bytes");
    }
    *slot = s;
  }

  for (const Section *s : {&strings_, &kernels_, &args_, &code_})
    if (s->kind == 0)
      return fail("the bundle has no " +
                  std::string(sectionName(s == &strings_   ? kSectionStrings
                                          : s == &kernels_ ? kSectionKernels
                                          : s == &args_    ? kSectionArgs
                                                           : kSectionCode)));

  if (strings_.size == 0 || data_[strings_.offset] != 0 ||
      data_[strings_.offset + strings_.size - 1] != 0)
    return fail("the bundle's string table is malformed: it must start and end "
                "with a NUL byte");
  return true;
}

bool Reader::readString(uint32_t offset, const char *what, std::string &out) {
  if (offset >= strings_.size)
    return fail(std::string("the bundle's ") + what + " refers to string offset " +
                std::to_string(offset) + ", outside the " +
                std::to_string(strings_.size) + "-byte string table");
  const char *begin = reinterpret_cast<const char *>(data_ + strings_.offset);
  // The table ends with NUL (checked), so strnlen stops inside it.
  size_t len = strnlen(begin + offset, strings_.size - offset);
  out.assign(begin + offset, len);
  return true;
}

bool Reader::readKernels(Bundle &out) {
  std::set<std::string> names;
  out.kernels.reserve(kernels_.count);
  for (uint32_t k = 0; k < kernels_.count; ++k) {
    const uint8_t *p = data_ + kernels_.offset + uint64_t(k) * kernels_.entrySize;
    KernelInfo kernel;
    std::string what = "kernel " + std::to_string(k);
    if (!readString(get32(p), (what + "'s name").c_str(), kernel.name))
      return false;
    if (kernel.name.empty())
      return fail("the bundle's " + what + " has an empty name");
    what = "kernel '" + kernel.name + "'";
    if (!names.insert(kernel.name).second)
      return fail("the bundle holds kernel '" + kernel.name + "' twice");
    kernel.flags = get32(p + 4);
    uint32_t firstArg = get32(p + 8);
    uint32_t argCount = get32(p + 12);
    for (int d = 0; d < 3; ++d)
      kernel.requiredLocalSize[d] = get32(p + 16 + 4 * d);
    kernel.scalarBlockSize = get32(p + 28);
    const uint32_t known = minor_ >= 1 ? kKernelFlags11 : kKernelFlags10;
    if (strict() && (kernel.flags & ~known))
      return fail("the bundle's " + what + " has unknown flags " +
                  std::to_string(kernel.flags & ~known));
    bool anyReqd = kernel.requiredLocalSize[0] || kernel.requiredLocalSize[1] ||
                   kernel.requiredLocalSize[2];
    bool allReqd = kernel.requiredLocalSize[0] && kernel.requiredLocalSize[1] &&
                   kernel.requiredLocalSize[2];
    if (anyReqd && !allReqd)
      return fail("the bundle's " + what +
                  " has a required work-group size with a zero dimension");
    if (!inRange(firstArg, argCount, args_.count))
      return fail("the bundle's " + what + " refers to arguments " +
                  std::to_string(firstArg) + ".." +
                  std::to_string(uint64_t(firstArg) + argCount) +
                  ", beyond the " + std::to_string(args_.count) +
                  " entries of the argument table");

    kernel.args.reserve(argCount);
    for (uint32_t a = 0; a < argCount; ++a) {
      const uint8_t *q =
          data_ + args_.offset + uint64_t(firstArg + a) * args_.entrySize;
      ArgInfo arg;
      std::string argWhat = "argument " + std::to_string(a) + " of " + what;
      if (!readString(get32(q), (argWhat + " (name)").c_str(), arg.name) ||
          !readString(get32(q + 4), (argWhat + " (type name)").c_str(),
                      arg.typeName))
        return false;
      arg.kind = get32(q + 8);
      arg.addressSpace = get32(q + 12);
      arg.access = get32(q + 16);
      arg.scalarType = get32(q + 20);
      arg.size = get32(q + 24);
      arg.alignment = get32(q + 28);
      arg.binding = get32(q + 32);
      uint32_t argReserved = get32(q + 36);
      if (!arg.name.empty())
        argWhat = "argument " + std::to_string(a) + " ('" + arg.name +
                  "') of " + what;
      switch (arg.kind) {
      case ACC_ARG_KIND_BUFFER:
        if (arg.addressSpace != ACC_ADDRESS_SPACE_GLOBAL &&
            arg.addressSpace != ACC_ADDRESS_SPACE_CONSTANT)
          return fail("the bundle's " + argWhat +
                      " is a buffer in address space " +
                      std::to_string(arg.addressSpace) +
                      " (expected global or constant)");
        break;
      case ACC_ARG_KIND_SCALAR:
        if (arg.addressSpace != ACC_ADDRESS_SPACE_PRIVATE)
          return fail("the bundle's " + argWhat +
                      " is a scalar in address space " +
                      std::to_string(arg.addressSpace) + " (expected private)");
        if (arg.size == 0)
          return fail("the bundle's " + argWhat + " is a scalar of size 0");
        break;
      case ACC_ARG_KIND_LOCAL:
        if (arg.addressSpace != ACC_ADDRESS_SPACE_LOCAL)
          return fail("the bundle's " + argWhat +
                      " is a local-memory argument in address space " +
                      std::to_string(arg.addressSpace) + " (expected local)");
        if (arg.size != 0)
          return fail("the bundle's " + argWhat +
                      " is a local-memory argument with size " +
                      std::to_string(arg.size) + " (expected 0)");
        break;
      default:
        return fail("the bundle's " + argWhat + " has unknown kind " +
                    std::to_string(arg.kind));
      }
      if (strict() && (arg.access & ~kKnownAccess))
        return fail("the bundle's " + argWhat + " has unknown access bits " +
                    std::to_string(arg.access & ~kKnownAccess));
      if (strict() && arg.scalarType > kLastScalarType)
        return fail("the bundle's " + argWhat + " has unknown scalar type " +
                    std::to_string(arg.scalarType));
      if (arg.alignment & (arg.alignment - 1))
        return fail("the bundle's " + argWhat + " has alignment " +
                    std::to_string(arg.alignment) +
                    ", which is not a power of two");
      if (strict() && argReserved != 0)
        return fail("the bundle's " + argWhat + " has nonzero reserved bytes");
      kernel.args.push_back(std::move(arg));
    }
    // A file of this minor or an older one must follow the layout rule
    // exactly; a newer minor may pack differently, so only the properties
    // every consumer relies on are checked.
    std::string layoutError;
    if (!checkLayout(kernel, strict(), layoutError))
      return fail("the bundle's " + layoutError);
    out.kernels.push_back(std::move(kernel));
  }
  return true;
}

bool Reader::readCode(Bundle &out) {
  std::set<std::pair<uint32_t, std::string>> seen;
  out.code.reserve(code_.count);
  for (uint32_t c = 0; c < code_.count; ++c) {
    const uint8_t *p = data_ + code_.offset + uint64_t(c) * code_.entrySize;
    CodeObject obj;
    std::string what = "code object " + std::to_string(c);
    obj.target = get32(p);
    if (!readString(get32(p + 4), (what + "'s architecture").c_str(), obj.arch))
      return false;
    uint64_t offset = get64(p + 8);
    uint64_t size = get64(p + 16);
    // Format 1.0 reserved these 8 bytes; 1.1 keeps the launch convention
    // in the first four. The reader does not judge the convention: a newer
    // one needs no new format, and the plugin that runs the code refuses
    // one it does not know.
    obj.launchAbi = get32(p + 24);
    uint32_t reserved = get32(p + 28);
    if (minor_ == 0 && obj.launchAbi != 0 && strict())
      return fail("the bundle's code object " + std::to_string(c) +
                  " has nonzero reserved bytes");
    if (obj.target == ACC_TARGET_NONE ||
        (strict() && obj.target > kLastTarget))
      return fail("the bundle's " + what + " has unknown target " +
                  std::to_string(obj.target));
    what += std::string(" (") + targetName(obj.target) + ")";
    if (strict() && reserved != 0)
      return fail("the bundle's " + what + " has nonzero reserved bytes");
    if (!inRange(offset, size, size_))
      return fail("the bundle's " + what + " at offset " +
                  std::to_string(offset) + " with " + std::to_string(size) +
                  " bytes extends past the end of the file (" +
                  std::to_string(size_) + " bytes)");
    if (offset % kCodeAlignment != 0)
      return fail("the bundle's " + what + " is at offset " +
                  std::to_string(offset) + ", which is not " +
                  std::to_string(kCodeAlignment) + "-byte aligned");
    if (!seen.insert({obj.target, obj.arch}).second)
      return fail("the bundle holds two code objects for target " +
                  std::string(targetName(obj.target)) + " and architecture '" +
                  obj.arch + "'");
    regions_.push_back({offset, size});
    obj.data.assign(data_ + offset, data_ + offset + size);
    out.code.push_back(std::move(obj));
  }
  return true;
}

bool Reader::readMissing(Bundle &out) {
  std::set<std::pair<uint32_t, uint32_t>> seen;
  for (uint32_t i = 0; i < missing_.count; ++i) {
    const uint8_t *p = data_ + missing_.offset + uint64_t(i) * missing_.entrySize;
    std::string what = "missing-kernel entry " + std::to_string(i);
    uint32_t code = get32(p);
    uint32_t kernel = get32(p + 4);
    uint32_t reserved = get32(p + 12);
    if (code >= out.code.size())
      return fail("the bundle's " + what + " names code object " +
                  std::to_string(code) + ", but there are " +
                  std::to_string(out.code.size()));
    if (kernel >= out.kernels.size())
      return fail("the bundle's " + what + " names kernel " +
                  std::to_string(kernel) + ", but there are " +
                  std::to_string(out.kernels.size()));
    if (strict() && reserved != 0)
      return fail("the bundle's " + what + " has nonzero reserved bytes");
    MissingKernel m;
    m.kernel = kernel;
    if (!readString(get32(p + 8), (what + "'s reason").c_str(), m.reason))
      return false;
    std::string which = "kernel '" + out.kernels[kernel].name + "' in code object " +
                        std::to_string(code) + " (" +
                        targetName(out.code[code].target) + ")";
    if (m.reason.empty())
      return fail("the bundle says " + which +
                  " is missing but gives no reason");
    if (!seen.insert({code, kernel}).second)
      return fail("the bundle says twice that " + which + " is missing");
    out.code[code].missing.push_back(std::move(m));
  }
  for (CodeObject &c : out.code)
    std::sort(c.missing.begin(), c.missing.end(),
              [](const MissingKernel &a, const MissingKernel &b) {
                return a.kernel < b.kernel;
              });
  return true;
}

bool Reader::checkOverlaps() {
  std::vector<std::pair<uint64_t, uint64_t>> r;
  for (auto &region : regions_)
    if (region.second != 0)
      r.push_back(region);
  std::sort(r.begin(), r.end());
  for (size_t i = 1; i < r.size(); ++i)
    if (r[i].first < r[i - 1].first + r[i - 1].second)
      return fail("the bundle is corrupt: the region at offset " +
                  std::to_string(r[i].first) +
                  " overlaps the one at offset " +
                  std::to_string(r[i - 1].first));
  return true;
}

bool Reader::run(Bundle &out) {
  Bundle result;
  if (!readHeader() || !readSections())
    return false;
  if (!readString(producer_, "producer", result.producer))
    return false;
  if (!readKernels(result) || !readCode(result) || !readMissing(result) ||
      !checkOverlaps())
    return false;
  out = std::move(result);
  return true;
}

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// Resource layout (docs/bundle-format.md, "Resource layout")
//===----------------------------------------------------------------------===//

namespace {

constexpr uint64_t kMaxBlock = 0xFFFFFFFFu;
/// The scalar block's size is a multiple of this (Vulkan push-constant
/// ranges and std430 blocks are sized in 4-byte units).
constexpr uint64_t kBlockGranule = 4;

std::string describeArg(const KernelInfo &kernel, size_t i) {
  std::string s = "argument " + std::to_string(i);
  if (!kernel.args[i].name.empty())
    s += " ('" + kernel.args[i].name + "')";
  return s + " of kernel '" + kernel.name + "'";
}

const char *ruleText(acc_arg_kind_t kind) {
  switch (kind) {
  case ACC_ARG_KIND_BUFFER:
    return "buffers take bindings 0, 1, ... in argument order";
  case ACC_ARG_KIND_LOCAL:
    return "local arguments are numbered 0, 1, ... in argument order";
  default:
    return "scalars are placed in argument order, each at the first offset "
           "after the previous one that is a multiple of its alignment";
  }
}

} // namespace

uint64_t scalarBlockAlignment(const ArgInfo &arg) {
  if (arg.alignment != 0)
    return arg.alignment;
  uint64_t a = 1;
  while (a < arg.size)
    a <<= 1;
  return a;
}

bool computeLayout(const std::vector<ArgInfo> &args, KernelLayout &out,
                   std::string &error) {
  KernelLayout layout;
  layout.binding.resize(args.size(), 0);
  uint64_t end = 0;
  uint64_t maxAlign = kBlockGranule;
  for (size_t i = 0; i < args.size(); ++i) {
    const ArgInfo &a = args[i];
    switch (a.kind) {
    case ACC_ARG_KIND_BUFFER:
      layout.binding[i] = layout.bufferCount++;
      break;
    case ACC_ARG_KIND_LOCAL:
      layout.binding[i] = layout.localCount++;
      break;
    case ACC_ARG_KIND_SCALAR: {
      uint64_t align = scalarBlockAlignment(a);
      uint64_t offset = alignUp(end, align);
      if (offset > kMaxBlock) {
        error = "the scalar block would not fit in 4 GiB: argument " +
                std::to_string(i) + " ('" + a.name + "') would start at byte " +
                std::to_string(offset);
        return false;
      }
      layout.binding[i] = uint32_t(offset);
      end = offset + a.size;
      maxAlign = std::max(maxAlign, align);
      ++layout.scalarCount;
      break;
    }
    default:
      break; // Not a kind this version knows; the reader refuses it.
    }
  }
  uint64_t block = layout.scalarCount ? alignUp(end, maxAlign) : 0;
  if (block > kMaxBlock) {
    error = "the scalar block would not fit in 4 GiB (" +
            std::to_string(block) + " bytes)";
    return false;
  }
  layout.scalarBlockSize = uint32_t(block);
  out = std::move(layout);
  return true;
}

bool assignLayout(KernelInfo &kernel, std::string &error) {
  KernelLayout layout;
  if (!computeLayout(kernel.args, layout, error))
    return false;
  for (size_t i = 0; i < kernel.args.size(); ++i)
    kernel.args[i].binding = layout.binding[i];
  kernel.scalarBlockSize = layout.scalarBlockSize;
  return true;
}

bool checkLayout(const KernelInfo &kernel, bool requireRule,
                 std::string &error) {
  const std::string what = "kernel '" + kernel.name + "'";
  KernelLayout rule;
  std::string ruleError;
  if (!computeLayout(kernel.args, rule, ruleError)) {
    error = what + " cannot be laid out: " + ruleError;
    return false;
  }

  // Buffers and local arguments: distinct ordinals below their count.
  std::vector<size_t> bufferOwner(rule.bufferCount, SIZE_MAX);
  std::vector<size_t> localOwner(rule.localCount, SIZE_MAX);
  std::vector<std::pair<uint64_t, size_t>> scalars; // (offset, index)
  uint64_t maxAlign = kBlockGranule;
  for (size_t i = 0; i < kernel.args.size(); ++i) {
    const ArgInfo &a = kernel.args[i];
    if (a.kind == ACC_ARG_KIND_BUFFER || a.kind == ACC_ARG_KIND_LOCAL) {
      bool buffer = a.kind == ACC_ARG_KIND_BUFFER;
      std::vector<size_t> &owner = buffer ? bufferOwner : localOwner;
      const char *noun = buffer ? "buffer binding" : "local index";
      if (a.binding >= owner.size()) {
        error = describeArg(kernel, i) + " has " + noun + " " +
                std::to_string(a.binding) + ", but the kernel has " +
                std::to_string(owner.size()) +
                (buffer ? " buffer" : " local") + " argument" +
                (owner.size() == 1 ? "" : "s") + ", so it must be below " +
                std::to_string(owner.size());
        return false;
      }
      if (owner[a.binding] != SIZE_MAX) {
        error = describeArg(kernel, i) + " has " + noun + " " +
                std::to_string(a.binding) + ", which argument " +
                std::to_string(owner[a.binding]) + " already has";
        return false;
      }
      owner[a.binding] = i;
    } else if (a.kind == ACC_ARG_KIND_SCALAR) {
      uint64_t align = scalarBlockAlignment(a);
      maxAlign = std::max(maxAlign, align);
      if (a.binding % align != 0) {
        error = describeArg(kernel, i) + " is at offset " +
                std::to_string(a.binding) +
                " of the scalar block, which is not a multiple of its "
                "alignment " +
                std::to_string(align);
        return false;
      }
      if (uint64_t(a.binding) + a.size > kernel.scalarBlockSize) {
        error = describeArg(kernel, i) + " occupies bytes " +
                std::to_string(a.binding) + ".." +
                std::to_string(uint64_t(a.binding) + a.size - 1) +
                " of the scalar block, past the kernel's " +
                std::to_string(kernel.scalarBlockSize) + "-byte block";
        return false;
      }
      scalars.push_back({a.binding, i});
    }
  }
  std::sort(scalars.begin(), scalars.end());
  for (size_t s = 1; s < scalars.size(); ++s) {
    const ArgInfo &prev = kernel.args[scalars[s - 1].second];
    if (scalars[s].first < scalars[s - 1].first + prev.size) {
      error = describeArg(kernel, scalars[s].second) + " at offset " +
              std::to_string(scalars[s].first) +
              " of the scalar block overlaps argument " +
              std::to_string(scalars[s - 1].second) + " at offset " +
              std::to_string(scalars[s - 1].first) + " (" +
              std::to_string(prev.size) + " bytes)";
      return false;
    }
  }
  if (scalars.empty() && kernel.scalarBlockSize != 0) {
    error = what + " has no scalar arguments but a scalar block of " +
            std::to_string(kernel.scalarBlockSize) + " bytes (expected 0)";
    return false;
  }
  if (!scalars.empty() && kernel.scalarBlockSize % maxAlign != 0) {
    error = what + " has a scalar block of " +
            std::to_string(kernel.scalarBlockSize) +
            " bytes, which is not a multiple of " + std::to_string(maxAlign) +
            " (4 and every scalar's alignment)";
    return false;
  }

  if (!requireRule)
    return true;
  for (size_t i = 0; i < kernel.args.size(); ++i) {
    const ArgInfo &a = kernel.args[i];
    if (a.binding == rule.binding[i])
      continue;
    const char *noun = a.kind == ACC_ARG_KIND_BUFFER  ? "buffer binding"
                       : a.kind == ACC_ARG_KIND_LOCAL ? "local index"
                                                      : "scalar-block offset";
    error = describeArg(kernel, i) + " has " + noun + " " +
            std::to_string(a.binding) + ", but the layout rule gives " +
            std::to_string(rule.binding[i]) + " (" + ruleText(a.kind) + ")";
    return false;
  }
  if (kernel.scalarBlockSize != rule.scalarBlockSize) {
    error = what + " has a scalar block of " +
            std::to_string(kernel.scalarBlockSize) +
            " bytes, but the layout rule gives " +
            std::to_string(rule.scalarBlockSize) +
            " (the end of the last scalar, rounded up to a multiple of 4 and "
            "of the largest scalar alignment)";
    return false;
  }
  return true;
}

std::vector<uint8_t> write(const Bundle &bundle) {
  StringTableBuilder strings;
  uint32_t producer = strings.add(bundle.producer);

  // Kernel and argument tables.
  std::vector<uint8_t> kernels(bundle.kernels.size() * kKernelEntrySize);
  size_t argTotal = 0;
  for (const KernelInfo &k : bundle.kernels)
    argTotal += k.args.size();
  std::vector<uint8_t> args(argTotal * kArgEntrySize);
  uint32_t argIndex = 0;
  for (size_t i = 0; i < bundle.kernels.size(); ++i) {
    const KernelInfo &k = bundle.kernels[i];
    // The layout is always the rule's; a kernel whose scalar block cannot be
    // laid out is written with zeros, and the reader names the problem.
    KernelLayout layout;
    std::string layoutError;
    if (!computeLayout(k.args, layout, layoutError))
      layout = KernelLayout{std::vector<uint32_t>(k.args.size(), 0), 0, 0, 0, 0};
    uint8_t *p = kernels.data() + i * kKernelEntrySize;
    put32(p, strings.add(k.name));
    put32(p + 4, k.flags);
    put32(p + 8, argIndex);
    put32(p + 12, uint32_t(k.args.size()));
    for (int d = 0; d < 3; ++d)
      put32(p + 16 + 4 * d, k.requiredLocalSize[d]);
    put32(p + 28, layout.scalarBlockSize);
    for (size_t ai = 0; ai < k.args.size(); ++ai) {
      const ArgInfo &a = k.args[ai];
      uint8_t *q = args.data() + size_t(argIndex) * kArgEntrySize;
      put32(q, strings.add(a.name));
      put32(q + 4, strings.add(a.typeName));
      put32(q + 8, a.kind);
      put32(q + 12, a.addressSpace);
      put32(q + 16, a.access);
      put32(q + 20, a.scalarType);
      put32(q + 24, a.size);
      put32(q + 28, a.alignment);
      put32(q + 32, layout.binding[ai]);
      put32(q + 36, 0);
      ++argIndex;
    }
  }
  std::vector<uint32_t> archOffsets;
  for (const CodeObject &c : bundle.code)
    archOffsets.push_back(strings.add(c.arch));
  std::vector<uint8_t> missing;
  for (size_t ci = 0; ci < bundle.code.size(); ++ci)
    for (const MissingKernel &m : bundle.code[ci].missing) {
      size_t at = missing.size();
      missing.resize(at + kMissingEntrySize, 0);
      put32(missing.data() + at, uint32_t(ci));
      put32(missing.data() + at + 4, m.kernel);
      put32(missing.data() + at + 8, strings.add(m.reason));
    }
  uint32_t missingCount = uint32_t(missing.size() / kMissingEntrySize);

  // Layout: header, section table, strings, kernels, args, code table,
  // missing-kernel table, code.
  const uint32_t sectionCount = 5;
  uint64_t sectionTable = kHeaderSize;
  uint64_t stringsOff = sectionTable + sectionCount * kSectionEntrySize;
  uint64_t stringsSize = strings.data().size();
  uint64_t kernelsOff = alignUp(stringsOff + stringsSize, 8);
  uint64_t argsOff = alignUp(kernelsOff + kernels.size(), 8);
  uint64_t codeTableOff = alignUp(argsOff + args.size(), 8);
  uint64_t codeTableSize = bundle.code.size() * kCodeEntrySize;
  uint64_t missingOff = alignUp(codeTableOff + codeTableSize, 8);
  uint64_t cursor = missingOff + missing.size();
  std::vector<uint64_t> codeOffsets;
  for (const CodeObject &c : bundle.code) {
    cursor = alignUp(cursor, kCodeAlignment);
    codeOffsets.push_back(cursor);
    cursor += c.data.size();
  }
  uint64_t fileSize = cursor;

  std::vector<uint8_t> out(fileSize, 0);
  uint8_t *h = out.data();
  std::memcpy(h + kOffMagic, kMagic, sizeof(kMagic));
  put16(h + kOffMajor, kFormatMajor);
  put16(h + kOffMinor, kFormatMinor);
  put32(h + kOffHeaderSize, kHeaderSize);
  put64(h + kOffFileSize, fileSize);
  put64(h + kOffSectionTable, sectionTable);
  put32(h + kOffSectionCount, sectionCount);
  put32(h + kOffFlags, 0);
  put32(h + kOffProducer, producer);

  auto putSection = [&](uint32_t index, uint32_t kind, uint32_t entrySize,
                        uint32_t count, uint64_t offset, uint64_t size) {
    uint8_t *p = h + sectionTable + index * kSectionEntrySize;
    put32(p, kind);
    put32(p + 4, entrySize);
    put32(p + 8, count);
    put32(p + 12, 0);
    put64(p + 16, offset);
    put64(p + 24, size);
  };
  putSection(0, kSectionStrings, 1, uint32_t(stringsSize), stringsOff,
             stringsSize);
  putSection(1, kSectionKernels, kKernelEntrySize,
             uint32_t(bundle.kernels.size()), kernelsOff, kernels.size());
  putSection(2, kSectionArgs, kArgEntrySize, uint32_t(argTotal), argsOff,
             args.size());
  putSection(3, kSectionCode, kCodeEntrySize, uint32_t(bundle.code.size()),
             codeTableOff, codeTableSize);
  putSection(4, kSectionMissing, kMissingEntrySize, missingCount, missingOff,
             missing.size());
  if (!missing.empty())
    std::memcpy(h + missingOff, missing.data(), missing.size());

  std::memcpy(h + stringsOff, strings.data().data(), stringsSize);
  if (!kernels.empty())
    std::memcpy(h + kernelsOff, kernels.data(), kernels.size());
  if (!args.empty())
    std::memcpy(h + argsOff, args.data(), args.size());
  for (size_t i = 0; i < bundle.code.size(); ++i) {
    const CodeObject &c = bundle.code[i];
    uint8_t *p = h + codeTableOff + i * kCodeEntrySize;
    put32(p, c.target);
    put32(p + 4, archOffsets[i]);
    put64(p + 8, codeOffsets[i]);
    put64(p + 16, c.data.size());
    put32(p + 24, c.launchAbi);
    put32(p + 28, 0);
    if (!c.data.empty())
      std::memcpy(h + codeOffsets[i], c.data.data(), c.data.size());
  }
  put64(h + kOffChecksum, computeChecksum(out.data(), out.size()));
  return out;
}

bool read(const void *data, size_t size, Bundle &out, std::string &error) {
  if (!data && size != 0) {
    error = "no bundle data was given (a null pointer with a nonzero size)";
    return false;
  }
  static const uint8_t empty = 0;
  Reader reader(data ? static_cast<const uint8_t *>(data) : &empty, size,
                error);
  try {
    return reader.run(out);
  } catch (const std::bad_alloc &) {
    error = "out of memory while reading the bundle";
    return false;
  }
}

bool readFile(const std::string &path, Bundle &out, std::string &error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open the file: " + std::string(std::strerror(errno));
    return false;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    error = "cannot read the file: it is not a regular file";
    return false;
  }
  std::vector<uint8_t> bytes;
  try {
    bytes.resize(size_t(st.st_size));
  } catch (const std::exception &) {
    ::close(fd);
    error = "out of memory while reading the file";
    return false;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = "cannot read the file: " + std::string(std::strerror(errno));
      ::close(fd);
      return false;
    }
    if (n == 0)
      break; // The file shrank while we read it; validation will say so.
    done += size_t(n);
  }
  ::close(fd);
  bytes.resize(done);
  return read(bytes.data(), bytes.size(), out, error);
}

const std::string *CodeObject::missingReason(uint32_t kernel) const {
  for (const MissingKernel &m : missing)
    if (m.kernel == kernel)
      return &m.reason;
  return nullptr;
}

const char *targetName(acc_target_t target) {
  switch (target) {
  case ACC_TARGET_CPU_X86_64:
    return "cpu-x86_64";
  case ACC_TARGET_CPU_AARCH64:
    return "cpu-aarch64";
  case ACC_TARGET_OPENCL_C:
    return "opencl-c";
  case ACC_TARGET_SPIRV_CL:
    return "spirv-cl";
  case ACC_TARGET_SPIRV_VK:
    return "spirv-vk";
  case ACC_TARGET_GLSL:
    return "glsl";
  case ACC_TARGET_NVPTX:
    return "nvptx";
  case ACC_TARGET_AMDGPU:
    return "amdgpu";
  case ACC_TARGET_NONE:
    return "none";
  default:
    return "unknown";
  }
}

} // namespace acc::bundle
