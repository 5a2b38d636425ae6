//===- acc/acc.hpp - Header-only C++ wrapper of the acc runtime -----------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A thin RAII layer over acc/acc.h for C++17 applications. Objects release
// their handle when destroyed; every failing call throws acc::Error, which
// carries the result code and the runtime's message. Exceptions exist only
// on this side of the C ABI: libacc itself never throws.
//
//   acc::Runtime runtime;                       // acc_init / acc_shutdown
//   acc::Device device = acc::Device::getDefault();   // honours ACC_BACKEND
//   acc::Queue queue(device);
//   acc::Module module = acc::Module::loadFile(device, "saxpy.accbin");
//   acc::Kernel saxpy = module.kernel("saxpy");
//   acc::Buffer x(device, n * sizeof(float)), y(device, n * sizeof(float));
//   queue.write(x, hostX);
//   queue.launch(saxpy, acc::Range(n), 2.0f, x, y, uint32_t(n));
//   std::vector<float> out = queue.read<float>(y, n);
//
// Thread safety is that of the C API (see acc/acc.h).
//
//===----------------------------------------------------------------------===//
#ifndef ACC_ACC_HPP
#define ACC_ACC_HPP

#include "acc/acc.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace acc {

/// A failed acc call: the result code and the runtime's message.
class Error : public std::runtime_error {
public:
  Error(acc_result_t result, const std::string &message)
      : std::runtime_error(message), result_(result) {}
  /// The ACC_ERROR_* code.
  acc_result_t result() const noexcept { return result_; }
  /// The code's name, e.g. "ACC_ERROR_INVALID_LAUNCH".
  const char *resultName() const noexcept { return acc_result_name(result_); }

private:
  acc_result_t result_;
};

/// Throws acc::Error with the calling thread's last message unless `result`
/// is ACC_SUCCESS.
inline void check(acc_result_t result) {
  if (result != ACC_SUCCESS)
    throw Error(result, acc_last_error_message());
}

/// Initialises the runtime for its lifetime (acc_init / acc_shutdown).
class Runtime {
public:
  /// Default options: plugins from ACC_PLUGIN_PATH and beside libacc.
  Runtime() { check(acc_init(nullptr)); }
  explicit Runtime(const acc_init_options_t &options) {
    check(acc_init(&options));
  }
  /// Searches `pluginPaths` first; `onlyThese` skips the default folders.
  explicit Runtime(const std::vector<std::string> &pluginPaths,
                   bool onlyThese = false) {
    std::vector<const char *> paths;
    for (const auto &p : pluginPaths)
      paths.push_back(p.c_str());
    acc_init_options_t options;
    acc_init_options_init(&options);
    options.plugin_paths = paths.data();
    options.plugin_path_count = static_cast<uint32_t>(paths.size());
    if (onlyThese)
      options.flags |= ACC_INIT_FLAG_NO_DEFAULT_PLUGIN_PATHS;
    check(acc_init(&options));
  }
  ~Runtime() { acc_shutdown(); }
  Runtime(const Runtime &) = delete;
  Runtime &operator=(const Runtime &) = delete;
};

/// A device; owned by the runtime, so copying is cheap and nothing is freed.
class Device {
public:
  Device() = default;
  explicit Device(acc_device_t handle) : handle_(handle) {}

  /// The device ACC_BACKEND selects (or the first one available).
  static Device getDefault() {
    acc_device_t d = nullptr;
    check(acc_device_get_default(&d));
    return Device(d);
  }
  /// Device `index` across all backends.
  static Device get(uint32_t index) {
    acc_device_t d = nullptr;
    check(acc_device_get(index, &d));
    return Device(d);
  }
  /// Number of devices across all backends.
  static uint32_t count() {
    uint32_t n = 0;
    check(acc_device_count(&n));
    return n;
  }

  acc_device_info_t info() const {
    acc_device_info_t i{};
    i.struct_size = sizeof(i);
    check(acc_device_get_info(handle_, &i));
    return i;
  }
  std::string name() const { return info().name; }
  std::string backend() const { return info().backend; }

  acc_device_t handle() const noexcept { return handle_; }
  explicit operator bool() const noexcept { return handle_ != nullptr; }

private:
  acc_device_t handle_ = nullptr;
};

namespace detail {

/// Move-only owner of a handle released by `Release`.
template <typename H, acc_result_t (*Release)(H)> class Owned {
public:
  Owned() = default;
  explicit Owned(H handle) : handle_(handle) {}
  ~Owned() { reset(); }
  Owned(Owned &&o) noexcept : handle_(std::exchange(o.handle_, nullptr)) {}
  Owned &operator=(Owned &&o) noexcept {
    if (this != &o) {
      reset();
      handle_ = std::exchange(o.handle_, nullptr);
    }
    return *this;
  }
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;

  H handle() const noexcept { return handle_; }
  /// Gives up ownership; the caller releases the handle.
  H release() noexcept { return std::exchange(handle_, nullptr); }
  explicit operator bool() const noexcept { return handle_ != nullptr; }

protected:
  void reset() noexcept {
    if (handle_)
      Release(handle_); // A destructor cannot report the failure.
    handle_ = nullptr;
  }
  H handle_ = nullptr;
};

} // namespace detail

/// Device memory.
class Buffer : public detail::Owned<acc_buffer_t, acc_buffer_release> {
public:
  Buffer() = default;
  /// Adopts a handle from the C API.
  explicit Buffer(acc_buffer_t handle) : Owned(handle) {}
  Buffer(const Device &device, uint64_t size,
         acc_buffer_flags_t flags = ACC_BUFFER_READ_WRITE) {
    check(acc_buffer_create(device.handle(), size, flags, &handle_));
  }
  uint64_t size() const {
    uint64_t s = 0;
    check(acc_buffer_size(handle_, &s));
    return s;
  }
};

/// A kernel of a module; keeps the module alive.
class Kernel : public detail::Owned<acc_kernel_t, acc_kernel_release> {
public:
  Kernel() = default;
  explicit Kernel(acc_kernel_t handle) : Owned(handle) {}
  /// Metadata, valid while this kernel is alive.
  const acc_kernel_info_t &info() const {
    const acc_kernel_info_t *i = nullptr;
    check(acc_kernel_info(handle_, &i));
    return *i;
  }
  std::string name() const { return info().name; }
  /// Builds what launches over `range` need before the first one
  /// (acc_kernel_prepare()); optional.
  void prepare(const struct Range &range) const;
};

/// A bundle loaded for one device.
class Module : public detail::Owned<acc_module_t, acc_module_release> {
public:
  Module() = default;
  explicit Module(acc_module_t handle) : Owned(handle) {}

  static Module loadFile(const Device &device, const std::string &path) {
    acc_module_t m = nullptr;
    check(acc_module_load_file(device.handle(), path.c_str(), &m));
    return Module(m);
  }
  static Module loadMemory(const Device &device, const void *data,
                           size_t size) {
    acc_module_t m = nullptr;
    check(acc_module_load_memory(device.handle(), data, size, &m));
    return Module(m);
  }

  Kernel kernel(const std::string &name) const {
    acc_kernel_t k = nullptr;
    check(acc_kernel_get(handle_, name.c_str(), &k));
    return Kernel(k);
  }
  uint32_t kernelCount() const {
    uint32_t n = 0;
    check(acc_module_kernel_count(handle_, &n));
    return n;
  }
  /// Metadata of kernel `index`, valid while the module is alive.
  const acc_kernel_info_t &kernelInfo(uint32_t index) const {
    const acc_kernel_info_t *i = nullptr;
    check(acc_module_kernel_info(handle_, index, &i));
    return *i;
  }
};

/// A launch range: global size per dimension, optional local size (zeros =
/// let the runtime choose) and global offset.
struct Range {
  acc_launch_config_t config;

  explicit Range(uint64_t x) : config(acc_launch_config_1d(x, 0)) {}
  Range(uint64_t x, uint64_t y) : config(acc_launch_config_2d(x, y, 0, 0)) {}
  Range(uint64_t x, uint64_t y, uint64_t z)
      : config(acc_launch_config_3d(x, y, z, 0, 0, 0)) {}

  /// Sets the work-group size (unused dimensions default to 1).
  Range &local(uint32_t x, uint32_t y = 1, uint32_t z = 1) {
    config.local_size[0] = x;
    config.local_size[1] = y;
    config.local_size[2] = z;
    return *this;
  }
  /// Sets get_global_offset().
  Range &offset(uint64_t x, uint64_t y = 0, uint64_t z = 0) {
    config.global_offset[0] = x;
    config.global_offset[1] = y;
    config.global_offset[2] = z;
    return *this;
  }
};

inline void Kernel::prepare(const Range &range) const {
  check(acc_kernel_prepare(handle_, &range.config));
}

/// A `local` pointer argument of `bytes` bytes.
struct Local {
  uint32_t bytes;
};

namespace detail {

inline acc_arg_t makeArg(const Buffer &b) { return acc_arg_buffer(b.handle()); }
inline acc_arg_t makeArg(const Local &l) { return acc_arg_local(l.bytes); }
inline acc_arg_t makeArg(const acc_arg_t &a) { return a; }
/// The acc_scalar_type_t of an arithmetic C++ type (an enum counts as its
/// underlying type); ACC_SCALAR_TYPE_NONE for everything else (bool, structs,
/// arrays), which the runtime checks by size only.
template <typename T, typename = void> struct ScalarTypeOf {
  static constexpr acc_scalar_type_t value = ACC_SCALAR_TYPE_NONE;
};
template <typename T>
struct ScalarTypeOf<T, std::enable_if_t<std::is_enum<T>::value>>
    : ScalarTypeOf<std::underlying_type_t<T>> {};
template <typename T>
struct ScalarTypeOf<T, std::enable_if_t<std::is_integral<T>::value &&
                                        !std::is_same<T, bool>::value>> {
  static constexpr acc_scalar_type_t value =
      sizeof(T) == 1   ? (std::is_signed<T>::value ? ACC_SCALAR_TYPE_I8
                                                   : ACC_SCALAR_TYPE_U8)
      : sizeof(T) == 2 ? (std::is_signed<T>::value ? ACC_SCALAR_TYPE_I16
                                                   : ACC_SCALAR_TYPE_U16)
      : sizeof(T) == 4 ? (std::is_signed<T>::value ? ACC_SCALAR_TYPE_I32
                                                   : ACC_SCALAR_TYPE_U32)
      : sizeof(T) == 8 ? (std::is_signed<T>::value ? ACC_SCALAR_TYPE_I64
                                                   : ACC_SCALAR_TYPE_U64)
                       : ACC_SCALAR_TYPE_NONE;
};
template <> struct ScalarTypeOf<float> {
  static constexpr acc_scalar_type_t value = ACC_SCALAR_TYPE_F32;
};
template <> struct ScalarTypeOf<double> {
  static constexpr acc_scalar_type_t value = ACC_SCALAR_TYPE_F64;
};

/// A value passed by copy: a scalar, or a struct laid out like the kernel
/// parameter (an OpenCL vector such as float4, a struct by value). The
/// runtime checks that its size matches the parameter's and, for an
/// arithmetic value, that its type does (an `int` is refused for a `float`
/// parameter; integers of one size match whatever their signedness).
template <typename T,
          typename = std::enable_if_t<std::is_trivially_copyable<T>::value &&
                                      !std::is_pointer<T>::value>>
acc_arg_t makeArg(const T &value) {
  // Points at the caller's argument, which outlives the acc_launch() call.
  return acc_arg_typed(&value, static_cast<uint32_t>(sizeof(T)),
                       ScalarTypeOf<T>::value);
}

} // namespace detail

/// A point in a queue (acc_queue_record_event()).
class Event : public detail::Owned<acc_event_t, acc_event_release> {
public:
  Event() = default;
  explicit Event(acc_event_t handle) : Owned(handle) {}

  /// Blocks until the event has completed.
  void wait() const { check(acc_event_wait(handle_)); }
  /// True once the event has completed; throws the error of a failed
  /// command it covers.
  bool done() const {
    acc_result_t r = acc_event_query(handle_);
    if (r == ACC_ERROR_NOT_READY)
      return false;
    check(r);
    return true;
  }
  /// Device time from `start` to `end`, both recorded with
  /// ACC_EVENT_TIMING and complete, in nanoseconds.
  static uint64_t elapsedNs(const Event &start, const Event &end) {
    uint64_t ns = 0;
    check(acc_event_elapsed_ns(start.handle(), end.handle(), &ns));
    return ns;
  }
};

/// An in-order queue. Safe to share between threads (see acc/acc.h).
class Queue : public detail::Owned<acc_queue_t, acc_queue_release> {
public:
  Queue() = default;
  explicit Queue(acc_queue_t handle) : Owned(handle) {}
  explicit Queue(const Device &device) {
    check(acc_queue_create(device.handle(), &handle_));
  }

  /// Waits for every command of the queue.
  void finish() { check(acc_queue_finish(handle_)); }

  /// Records an event after the commands submitted so far.
  Event record(acc_event_flags_t flags = ACC_EVENT_FLAGS_NONE) {
    acc_event_t e = nullptr;
    check(acc_queue_record_event(handle_, flags, &e));
    return Event(e);
  }
  /// Later commands of this queue wait for `event`.
  void wait(const Event &event) {
    check(acc_queue_wait_event(handle_, event.handle()));
  }

  /// Enqueues a write; `src` must stay valid until it completes.
  void writeAsync(Buffer &buffer, const void *src, uint64_t size,
                  uint64_t offset = 0) {
    check(acc_buffer_write_async(handle_, buffer.handle(), offset, size, src));
  }
  /// Enqueues a read; `dst` holds the data once it completes.
  void readAsync(const Buffer &buffer, void *dst, uint64_t size,
                 uint64_t offset = 0) {
    check(acc_buffer_read_async(handle_, buffer.handle(), offset, size, dst));
  }

  /// Copies host memory into `buffer`; `src` may be reused on return.
  void write(Buffer &buffer, const void *src, uint64_t size,
             uint64_t offset = 0) {
    check(acc_buffer_write(handle_, buffer.handle(), offset, size, src));
  }
  template <typename T>
  void write(Buffer &buffer, const std::vector<T> &src, uint64_t offset = 0) {
    write(buffer, src.data(), src.size() * sizeof(T), offset);
  }

  /// Copies `buffer` into host memory; blocking.
  void read(const Buffer &buffer, void *dst, uint64_t size,
            uint64_t offset = 0) {
    check(acc_buffer_read(handle_, buffer.handle(), offset, size, dst));
  }
  /// Reads `count` elements of type T starting at byte `offset`.
  template <typename T>
  std::vector<T> read(const Buffer &buffer, size_t count, uint64_t offset = 0) {
    std::vector<T> out(count);
    read(buffer, out.data(), count * sizeof(T), offset);
    return out;
  }

  void copy(const Buffer &src, Buffer &dst, uint64_t size,
            uint64_t srcOffset = 0, uint64_t dstOffset = 0) {
    check(acc_buffer_copy(handle_, src.handle(), srcOffset, dst.handle(),
                          dstOffset, size));
  }

  /// Maps `size` bytes of `buffer` at `offset` into host memory (see
  /// acc_buffer_map(): no copy on the cpu backend); end with unmap().
  void *map(Buffer &buffer, acc_map_flags_t flags, uint64_t offset,
            uint64_t size) {
    void *ptr = nullptr;
    check(acc_buffer_map(handle_, buffer.handle(), flags, offset, size, &ptr));
    return ptr;
  }
  void unmap(Buffer &buffer, void *ptr) {
    check(acc_buffer_unmap(handle_, buffer.handle(), ptr));
  }

  /// Fills `size` bytes at `offset` with copies of `value`.
  template <typename T>
  void fill(Buffer &buffer, const T &value, uint64_t offset, uint64_t size) {
    static_assert(std::is_trivially_copyable<T>::value, "fill: POD only");
    check(acc_buffer_fill(handle_, buffer.handle(), offset, size, &value,
                          static_cast<uint32_t>(sizeof(T))));
  }

  /// Launches `kernel` over `range`. Each argument is an acc::Buffer, an
  /// acc::Local, an arithmetic value (passed as a scalar of its own size,
  /// so write 2.0f for a float parameter), or a raw acc_arg_t.
  template <typename... Args>
  void launch(const Kernel &kernel, const Range &range, const Args &...args) {
    acc_arg_t packed[sizeof...(Args) + 1] = {detail::makeArg(args)...};
    check(acc_launch(handle_, kernel.handle(), &range.config,
                     static_cast<uint32_t>(sizeof...(Args)), packed));
  }

  /// Enqueues C = alpha * A * B + beta * C for packed row-major matrices
  /// (A m x k, B k x n, C m x n); see acc_matmul_f32().
  void matmul(uint64_t m, uint64_t n, uint64_t k, const Buffer &a,
              const Buffer &b, Buffer &c, float alpha = 1.0f,
              float beta = 0.0f) {
    acc_matmul_desc_t desc =
        acc_matmul_desc_init(m, n, k, a.handle(), b.handle(), c.handle());
    desc.alpha = alpha;
    desc.beta = beta;
    matmul(desc);
  }
  /// Enqueues the product `desc` describes (layouts, transposes, offsets).
  void matmul(const acc_matmul_desc_t &desc) {
    check(acc_matmul_f32(handle_, &desc));
  }
};

} // namespace acc

#endif // ACC_ACC_HPP
