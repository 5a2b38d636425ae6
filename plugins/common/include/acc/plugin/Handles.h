//===- Handles.h - The objects behind a plugin's opaque handles -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A plugin's device, buffer, queue, module, kernel and event types derive
// from Object<Kind::...>, which puts a tag first in the object. The entry
// points Table.h generates turn every handle back into the plugin's type
// with handleCast(), which checks the tag: a NULL, released or foreign
// handle fails with ACC_ERROR_INVALID_HANDLE instead of being used. The
// runtime never passes such handles (it is the validation layer, see
// docs/plugin-abi.md), so this is a cheap defence, two loads per handle,
// not a validation layer of its own.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGIN_HANDLES_H
#define ACC_PLUGIN_HANDLES_H

#include "acc/plugin/Status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace acc::plugin {

/// What a handle stands for; the values are the tags ("ACCD", ...).
enum class Kind : uint32_t {
  Device = 0x41434344,
  Buffer = 0x41434342,
  Queue = 0x41434351,
  Module = 0x4143434d,
  Kernel = 0x4143434b,
  Event = 0x41434345,
};

/// The tag of an object that has been destroyed.
inline constexpr uint32_t kDeadTag = 0xdeadacc0;

const char *kindName(Kind kind);

/// Base of every object a handle points to. Not copyable: a handle is the
/// object's address.
template <Kind K> struct Object {
  static constexpr Kind kKind = K;
  uint32_t tag = static_cast<uint32_t>(K);

  Object() = default;
  Object(const Object &) = delete;
  Object &operator=(const Object &) = delete;
  ~Object() { tag = kDeadTag; }
};

/// The plugin object behind `handle`. Fails with ACC_ERROR_INVALID_HANDLE
/// when it is NULL or does not carry T's tag.
template <typename T, typename Handle> T &handleCast(Handle handle) {
  T *object = reinterpret_cast<T *>(handle);
  if (!object)
    fail(ACC_ERROR_INVALID_HANDLE,
         std::string(kindName(T::kKind)) + " handle is NULL");
  if (object->tag != static_cast<uint32_t>(T::kKind))
    fail(ACC_ERROR_INVALID_HANDLE, std::string(kindName(T::kKind)) +
                                       " handle is not a live " +
                                       backendName() + " " +
                                       kindName(T::kKind));
  return *object;
}

/// The opaque handle of a plugin object.
template <typename Handle, typename T> Handle toHandle(T *object) {
  return reinterpret_cast<Handle>(object);
}

/// kernel_get's lookup: the kernel of a module's `kernels` (objects with a
/// `name`) called `name`, or ACC_ERROR_NOT_FOUND naming it.
template <typename K>
K &findKernel(const std::vector<std::unique_ptr<K>> &kernels,
              const char *name) {
  for (const std::unique_ptr<K> &kernel : kernels)
    if (kernel->name == name)
      return *kernel;
  fail(ACC_ERROR_NOT_FOUND,
       std::string("kernel_get: the module has no kernel named '") + name +
           "'");
}

} // namespace acc::plugin

#endif // ACC_PLUGIN_HANDLES_H
