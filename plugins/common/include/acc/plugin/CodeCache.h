//===- CodeCache.h - The on-disk cache of compiled device code ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// What a driver compiled (an OpenCL program binary today; Vulkan pipeline
// caches, cubins from the PTX JIT and Level Zero native binaries next) is
// kept on disk, so the next process that loads the same code on the same
// device and driver skips the driver's compiler. One cache for every
// backend, each in its own subfolder, with the same guarantees:
//
//  - the folder is per user: $ACC_CACHE_DIR, else $XDG_CACHE_HOME/acc, else
//    $HOME/.cache/acc, then <backend>/; folders we create get mode 0700,
//    and an existing one that is a symlink, belongs to another user or is
//    group/world-writable disables the cache (logged at info);
//  - entries are opened with O_NOFOLLOW and must be regular files; every
//    entry carries the key it was stored under and the XXH3-64 of its
//    payload; one that fails a check is deleted and rebuilt, never loaded;
//  - writers create a temporary file in the same folder (mode 0600) and
//    rename() it over the final name, so readers see only complete entries
//    and concurrent writers of one key replace an identical file;
//  - ACC_CACHE=0 disables it.
//
// Entry file "<key as 16 hex digits>.bin":
//
//   offset 0   char[8]   "ACCCODE1"
//          8   uint64    key
//         16   uint64    payload size in bytes
//         24   uint64    XXH3-64 of the payload
//         32   payload   what the backend stored
//
// (integers in the host's byte order: the key covers the device, so an
// entry never moves between machines of different byte order.)
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGIN_CODECACHE_H
#define ACC_PLUGIN_CODECACHE_H

#include "acc/acc_types.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace acc::plugin {

/// One cache entry: compiled code for one device, keyed by everything that
/// decides what the driver would produce.
struct CacheEntry {
  /// False when ACC_CACHE=0 or the folder is unusable (already logged).
  bool enabled = false;
  uint64_t key = 0;
  /// The backend's folder ("<base>/opencl") and the entry's file in it.
  std::string folder;
  std::string path;
};

/// The entry of `backend` (the subfolder name, "opencl") for `code` of
/// `target`, on a device and driver that `identity` describes (device name,
/// vendor, driver and API versions, build options: each field hashed with
/// its length, so no two lists collide by shifting bytes).
CacheEntry cacheEntryFor(const char *backend,
                         const std::vector<std::string> &identity,
                         acc_target_t target, const void *code, size_t size);

/// Reads and verifies the entry. False when it is missing, or when it fails
/// verification (then it is logged and deleted: never loaded).
bool cacheRead(const CacheEntry &entry, std::vector<unsigned char> &payload);

/// Logs that a verified entry could still not be used, and deletes it.
void cacheDiscard(const CacheEntry &entry, const std::string &why);

/// Stores `size` bytes under the entry, atomically. Returns "" on success,
/// else why not (never throws).
std::string cacheStore(const CacheEntry &entry, const void *payload,
                       size_t size);

} // namespace acc::plugin

#endif // ACC_PLUGIN_CODECACHE_H
