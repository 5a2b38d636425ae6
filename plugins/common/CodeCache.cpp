//===- CodeCache.cpp - The on-disk cache of compiled device code ----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// See CodeCache.h for the guarantees and the entry format.
//
//===----------------------------------------------------------------------===//
#include "acc/plugin/CodeCache.h"

#include "acc/plugin/Status.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>


namespace acc::plugin {
namespace {

const char kFormatTag[] = "acc-code-cache-v1";
const char kMagic[8] = {'A', 'C', 'C', 'C', 'O', 'D', 'E', '1'};
const size_t kHeaderSize = 32;

std::string errnoText() { return std::strerror(errno); }

/// Appends a length-prefixed field, so no two field lists hash alike by
/// shifting bytes between neighbours.
void addField(std::string &blob, const void *data, size_t size) {
  uint64_t length = size;
  blob.append(reinterpret_cast<const char *>(&length), sizeof(length));
  blob.append(static_cast<const char *>(data), size);
}
void addField(std::string &blob, const std::string &text) {
  addField(blob, text.data(), text.size());
}

/// Why `path`, an existing folder, must not hold cache entries ("" if fine).
std::string unsafeFolder(const std::string &path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0)
    return "cannot inspect " + path + ": " + errnoText();
  if (S_ISLNK(st.st_mode))
    return path + " is a symbolic link";
  if (!S_ISDIR(st.st_mode))
    return path + " is not a folder";
  if (st.st_uid != ::getuid())
    return path + " belongs to another user (uid " +
           std::to_string(st.st_uid) + ")";
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return path + " is writable by other users (mode " + [&] {
      char text[8];
      std::snprintf(text, sizeof(text), "%04o",
                    static_cast<unsigned>(st.st_mode & 07777));
      return std::string(text);
    }() + ")";
  return {};
}

/// mkdir -p with mode 0700 for the folders it creates. Returns "" or why not.
std::string makeFolders(const std::string &path) {
  for (size_t at = 1; at <= path.size(); ++at) {
    if (at != path.size() && path[at] != '/')
      continue;
    std::string prefix = path.substr(0, at);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST)
      return "cannot create " + prefix + ": " + errnoText();
  }
  return {};
}

/// The base folder ("" and `why` set when there is none).
std::string baseFolder(std::string &why) {
  const char *dir = std::getenv("ACC_CACHE_DIR");
  if (dir && *dir)
    return dir;
  const char *xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/')
    return std::string(xdg) + "/acc";
  const char *home = std::getenv("HOME");
  if (home && *home)
    return std::string(home) + "/.cache/acc";
  why = "neither ACC_CACHE_DIR, XDG_CACHE_HOME nor HOME is set";
  return {};
}

/// The cache folder, created if needed and checked; "" and logged when the
/// cache cannot be used.
std::string cacheFolder(const char *backend) {
  std::string why;
  std::string base = baseFolder(why);
  while (base.size() > 1 && base.back() == '/')
    base.pop_back();
  std::string folder =
      base.empty() ? std::string() : base + "/" + std::string(backend);
  if (why.empty())
    why = makeFolders(folder);
  if (why.empty())
    why = unsafeFolder(base);
  if (why.empty())
    why = unsafeFolder(folder);
  if (!why.empty()) {
    log(ACC_LOG_LEVEL_INFO, "code cache disabled: " + why);
    return {};
  }
  return folder;
}

uint64_t load64(const unsigned char *bytes) {
  uint64_t value;
  std::memcpy(&value, bytes, sizeof(value));
  return value;
}

/// Writes all of `size` bytes; false (errno set) on failure.
bool writeAll(int fd, const void *data, size_t size) {
  const char *at = static_cast<const char *>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, at, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    at += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

} // namespace

CacheEntry cacheEntryFor(const char *backend,
                         const std::vector<std::string> &identity,
                         acc_target_t target, const void *code, size_t size) {
  CacheEntry entry;
  const char *setting = std::getenv("ACC_CACHE");
  if (setting && std::strcmp(setting, "0") == 0)
    return entry;
  entry.folder = cacheFolder(backend);
  if (entry.folder.empty())
    return entry;

  std::string blob;
  blob.reserve(size + 1024);
  addField(blob, kFormatTag);
  addField(blob, backend);
  for (const std::string &field : identity)
    addField(blob, field);
  uint32_t targetValue = static_cast<uint32_t>(target);
  addField(blob, &targetValue, sizeof(targetValue));
  addField(blob, code, size);
  entry.key = XXH3_64bits(blob.data(), blob.size());

  char name[32];
  std::snprintf(name, sizeof(name), "%016llx.bin",
                static_cast<unsigned long long>(entry.key));
  entry.path = entry.folder + "/" + name;
  entry.enabled = true;
  return entry;
}

void cacheDiscard(const CacheEntry &entry, const std::string &why) {
  log(ACC_LOG_LEVEL_INFO, "cache entry " + entry.path + " is damaged (" + why +
                              "); rebuilding");
  if (::unlink(entry.path.c_str()) != 0 && errno != ENOENT)
    log(ACC_LOG_LEVEL_INFO,
        "cannot delete cache entry " + entry.path + ": " + errnoText());
}

bool cacheRead(const CacheEntry &entry, std::vector<unsigned char> &binary) {
  binary.clear();
  if (!entry.enabled)
    return false;
  int fd = ::open(entry.path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return false;
    // ELOOP: a symlink where an entry should be. Never follow it.
    std::string why = "cannot open it: " + errnoText();
    cacheDiscard(entry, why);
    return false;
  }
  struct stat st;
  std::string why;
  std::vector<unsigned char> bytes;
  if (::fstat(fd, &st) != 0)
    why = "cannot inspect it: " + errnoText();
  else if (!S_ISREG(st.st_mode))
    why = "not a regular file";
  else if (static_cast<uint64_t>(st.st_size) < kHeaderSize)
    why = "shorter than its header";
  else {
    bytes.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        why = n < 0 ? "read failed: " + errnoText() : "short read";
        break;
      }
      done += static_cast<size_t>(n);
    }
  }
  ::close(fd);
  if (why.empty()) {
    const unsigned char *header = bytes.data();
    uint64_t payloadSize = load64(header + 16);
    if (std::memcmp(header, kMagic, sizeof(kMagic)) != 0)
      why = "bad magic";
    else if (load64(header + 8) != entry.key)
      why = "key mismatch";
    else if (payloadSize != bytes.size() - kHeaderSize || payloadSize == 0)
      why = "payload size mismatch";
    else if (XXH3_64bits(header + kHeaderSize, payloadSize) !=
             load64(header + 24))
      why = "payload hash mismatch";
  }
  if (!why.empty()) {
    cacheDiscard(entry, why);
    return false;
  }
  binary.assign(bytes.begin() + kHeaderSize, bytes.end());
  return true;
}

std::string cacheStore(const CacheEntry &entry, const void *payload,
                       size_t size) {
  if (!entry.enabled)
    return "the cache is disabled";
  if (size == 0)
    return "there is nothing to store";
  const unsigned char *binary = static_cast<const unsigned char *>(payload);
  unsigned char header[kHeaderSize];
  uint64_t fields[3] = {entry.key, size, XXH3_64bits(binary, size)};
  std::memcpy(header, kMagic, sizeof(kMagic));
  std::memcpy(header + 8, fields, sizeof(fields));

  // The folder may have been deleted since cacheEntryFor (another process
  // clearing its cache): create it again, with the same checks.
  std::string why = makeFolders(entry.folder);
  if (why.empty())
    why = unsafeFolder(entry.folder);
  if (!why.empty())
    return why;
  std::string temp = entry.folder + "/.tmp-XXXXXX";
  int fd = ::mkostemp(&temp[0], O_CLOEXEC); // Mode 0600.
  if (fd < 0)
    return "cannot create a temporary file in " + entry.folder + ": " +
           errnoText();
  bool written = writeAll(fd, header, sizeof(header)) &&
                 writeAll(fd, binary, size);
  if (!written)
    why = "cannot write " + temp + ": " + errnoText();
  if (::close(fd) != 0 && why.empty())
    why = "cannot write " + temp + ": " + errnoText();
  if (why.empty() && ::rename(temp.c_str(), entry.path.c_str()) != 0)
    why = "cannot rename " + temp + " to " + entry.path + ": " + errnoText();
  if (!why.empty())
    ::unlink(temp.c_str());
  return why;
}

} // namespace acc::plugin
