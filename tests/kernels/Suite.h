//===- Suite.h - The kernel-language conformance suite's test framework ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Each area of the suite is one kernel file, tests/kernels/<area>.cl (many
// kernels, compiled by acc-cc into <area>.accbin), and one host file,
// tests/kernels/<area>.cpp, that registers the area's cases. A case runs
// one or more kernels through libacc's C++ wrapper and compares what came
// back with a host reference:
//
//   - exact:   bit for bit (any NaN matches any NaN),
//   - ulp(N):  float/double results within N units in the last place of a
//              reference computed in higher precision (double for float
//              results, long double for double results),
//   - absTol:  |got - expected| <= tolerance.
//
// Most cases are element-wise ("map" cases): the kernel takes one `global
// const` buffer per input and a `global` output buffer last, and work-item
// i computes out[i] from the inputs' element i. Anything else is a custom
// case, a function of the Ctx that launches and checks what it likes.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_TESTS_KERNELS_SUITE_H
#define ACC_TESTS_KERNELS_SUITE_H

#include "acc/acc.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace kt {

// --- Comparisons --------------------------------------------------------------

enum class CmpKind { Exact, Ulp, Abs };

/// How results are compared with the reference.
struct Tol {
  CmpKind kind = CmpKind::Exact;
  double bound = 0;
};
inline Tol exact() { return {CmpKind::Exact, 0}; }
/// Within `units` ulp of the reference; +0 and -0 compare equal. Float
/// results whose reference is a denormal may also be flushed to zero
/// (OpenCL C 1.2 section 7.5.3: without CL_FP_DENORM a device flushes).
inline Tol ulp(double units) { return {CmpKind::Ulp, units}; }
inline Tol absTol(double tolerance) { return {CmpKind::Abs, tolerance}; }

/// The type a reference of result type T is computed in.
template <class T> struct RefOf { using type = T; };
template <> struct RefOf<float> { using type = double; };
template <> struct RefOf<double> { using type = long double; };
template <class T> using Ref = typename RefOf<T>::type;

/// Thrown by a case that cannot run here (it prints as [ SKIP ]).
struct Skip {
  std::string reason;
};
/// Thrown by a check that failed (it prints as [ FAIL ]).
struct Failure {
  std::string message;
};

std::string show(long double value);
std::string show(int64_t value);
std::string show(uint64_t value);
std::string showUlp(long double units);
template <class T> std::string showAny(T value) {
  if constexpr (std::is_floating_point<T>::value)
    return show(static_cast<long double>(value));
  else if constexpr (std::is_signed<T>::value)
    return show(static_cast<int64_t>(value));
  else
    return show(static_cast<uint64_t>(value));
}

/// Error of `got` against `ref` in units of the last place of T; 0 when
/// they match, infinity when one is NaN or infinite and the other is not.
template <class T> long double ulpError(T got, Ref<T> ref) {
  using L = std::numeric_limits<T>;
  if (std::isnan(ref) || std::isnan(got))
    return std::isnan(ref) && std::isnan(got) ? 0 : INFINITY;
  if (std::isinf(got)) {
    if (got == ref)
      return 0;
    // A reference past the largest finite T that rounds to infinity.
    if (static_cast<T>(ref) == got)
      return 0;
    return INFINITY;
  }
  if (std::isinf(ref))
    return INFINITY;
  long double spacing =
      std::ldexp(1.0L, std::max<int>(std::ilogb(static_cast<long double>(ref)),
                                     L::min_exponent - 1) -
                           (L::digits - 1));
  if (ref == 0)
    spacing = std::ldexp(1.0L, L::min_exponent - L::digits);
  return std::fabs(static_cast<long double>(got) - static_cast<long double>(ref)) /
         spacing;
}

/// Whether `got` matches `ref` under `tol`; writes the ulp error to `units`.
template <class T> bool matches(T got, Ref<T> ref, const Tol &tol,
                                long double &units) {
  units = 0;
  if constexpr (std::is_floating_point<T>::value) {
    if (tol.kind == CmpKind::Exact) {
      T want = static_cast<T>(ref);
      if (std::isnan(want))
        return std::isnan(got);
      return std::memcmp(&got, &want, sizeof(T)) == 0;
    }
    if (tol.kind == CmpKind::Abs) {
      if (std::isnan(ref) || std::isinf(ref))
        return std::isnan(ref) ? std::isnan(got) : got == ref;
      return std::fabs(static_cast<long double>(got) - ref) <= tol.bound;
    }
    units = ulpError<T>(got, ref);
    if (units <= tol.bound)
      return true;
    // Denormal results may be flushed to zero on float.
    return std::is_same<T, float>::value && got == 0 &&
           std::fabs(ref) < std::numeric_limits<T>::min();
  } else {
    if (tol.kind == CmpKind::Abs)
      return std::fabs(static_cast<long double>(got) -
                       static_cast<long double>(ref)) <= tol.bound;
    return got == ref;
  }
}

/// Checks `got` against `expected`, or where an element does not match,
/// against the same element of one of `alternatives` (other acceptable
/// references, e.g. with denormal inputs flushed); throws Failure naming the
/// first element that matches none.
template <class T>
void expect(const std::vector<T> &got, const std::vector<Ref<T>> &expected,
            const Tol &tol, const std::string &what = "",
            const std::vector<std::vector<Ref<T>>> &alternatives = {}) {
  if (got.size() != expected.size())
    throw Failure{what + "got " + std::to_string(got.size()) +
                  " elements, expected " + std::to_string(expected.size())};
  for (size_t i = 0; i < got.size(); ++i) {
    long double units = 0, altUnits = 0;
    if (matches<T>(got[i], expected[i], tol, units))
      continue;
    bool matched = false;
    for (const auto &alternative : alternatives)
      matched = matched || matches<T>(got[i], alternative[i], tol, altUnits);
    if (matched)
      continue;
    std::string message = what + "index " + std::to_string(i) + " got " +
                          showAny(got[i]) + " expected " +
                          showAny(expected[i]);
    if (tol.kind == CmpKind::Ulp)
      message += " (" + showUlp(units) + " ulp, bound " + showUlp(tol.bound) + ")";
    throw Failure{message};
  }
}

/// Exact comparison of two vectors of the same type.
template <class T>
void expectEq(const std::vector<T> &got, const std::vector<T> &expected,
              const std::string &what = "") {
  std::vector<Ref<T>> ref(expected.begin(), expected.end());
  expect<T>(got, ref, exact(), what);
}

// --- Running kernels ------------------------------------------------------------

/// What a case works with: the device, a queue and the area's bundle.
class Ctx {
public:
  Ctx(acc::Device device, acc::Module module)
      : device_(device), queue_(device), module_(std::move(module)) {}

  const acc::Device &device() const { return device_; }
  acc::Queue &queue() { return queue_; }
  bool hasFp64() const { return (device_.info().caps & ACC_DEVICE_CAP_FP64) != 0; }
  void requireFp64() const {
    if (!hasFp64())
      throw Skip{"the device has no fp64"};
  }
  /// printf output reaches the host only where the device says so (Vulkan:
  /// with the validation layer's debug printf).
  void requirePrintf() const {
    if (!(device_.info().caps & ACC_DEVICE_CAP_PRINTF))
      throw Skip{"the device has no printf (acc-info: no 'printf' "
                 "capability)"};
  }
  /// Ranges and offsets past 2^32 need a device that computes ids in 64
  /// bits; the runtime refuses them on the others (global_id_bits 32).
  void requireWideIds() const {
    uint32_t bits = device_.info().global_id_bits;
    if (bits != 0 && bits < 64)
      throw Skip{"the device computes global ids in " + std::to_string(bits) +
                 " bits"};
  }

  /// The kernel `name`; a case whose kernel cannot run on this device (the
  /// backend's code leaves it out for a limit of its target, or the device
  /// lacks a feature it needs) is skipped with the runtime's reason.
  acc::Kernel kernel(const std::string &name) const {
    try {
      return module_.kernel(name);
    } catch (const acc::Error &e) {
      if (e.result() != ACC_ERROR_UNSUPPORTED)
        throw;
      throw Skip{e.what()};
    }
  }

  // Every command is waited for before these return: a case that throws
  // releases its buffers at once, and a buffer must not be released while a
  // command that uses it is pending (acc_buffer_release()).

  /// A buffer holding `data`.
  template <class T> acc::Buffer upload(const std::vector<T> &data) {
    acc::Buffer b(device_, std::max<size_t>(1, data.size()) * sizeof(T));
    if (!data.empty())
      queue_.write(b, data);
    queue_.finish();
    return b;
  }
  /// A buffer of `count` T, every byte 0xA5 so that unwritten elements show.
  template <class T> acc::Buffer output(size_t count) {
    acc::Buffer b(device_, std::max<size_t>(1, count) * sizeof(T));
    queue_.fill(b, uint8_t(0xA5), 0, std::max<size_t>(1, count) * sizeof(T));
    queue_.finish();
    return b;
  }
  template <class T> std::vector<T> read(const acc::Buffer &b, size_t count) {
    return queue_.read<T>(b, count);
  }

  /// Uploads each input into a new buffer and appends an output buffer of
  /// `outCount` Out (see output()); launches kernel `name` with those
  /// buffers as its arguments, in order, and waits; returns the buffers.
  /// Skips when a buffer holds double and the device has no fp64.
  template <class Out, class... In>
  std::vector<acc::Buffer> launchBuffers(const std::string &name, const acc::Range &range,
                                         size_t outCount, const std::vector<In> &...ins) {
    if constexpr (std::disjunction<std::is_same<Out, double>, std::is_same<In, double>...>::value)
      requireFp64();
    std::vector<acc::Buffer> buffers;
    (buffers.push_back(upload(ins)), ...);
    buffers.push_back(output<Out>(outCount));
    launch(name, range, buffers);
    return buffers;
  }

  /// Launches kernel `name` with `buffers` as its arguments and waits.
  void launch(const std::string &name, const acc::Range &range,
              const std::vector<acc::Buffer> &buffers) {
    std::vector<acc_arg_t> args;
    for (const acc::Buffer &b : buffers)
      args.push_back(acc_arg_buffer(b.handle()));
    launch(name, range, args);
  }

  /// Launches kernel `name` with already packed arguments and waits.
  void launch(const std::string &name, const acc::Range &range,
              const std::vector<acc_arg_t> &args) {
    acc::Kernel k = kernel(name);
    acc::check(acc_launch(queue_.handle(), k.handle(), &range.config,
                          static_cast<uint32_t>(args.size()), args.data()));
    queue_.finish();
  }
  /// Launches kernel `name` with C++ arguments (see acc::Queue::launch).
  template <class... Args>
  void run(const std::string &name, const acc::Range &range, const Args &...args) {
    acc::Kernel k = kernel(name);
    queue_.launch(k, range, args...);
    queue_.finish();
  }

private:
  acc::Device device_;
  acc::Queue queue_;
  acc::Module module_;
};

using CaseFn = std::function<void(Ctx &)>;
struct Case {
  std::string name;
  CaseFn run;
};

/// Registers the cases of `area`; use from a static initialiser:
///   static const bool registered = kt::addArea("math", {...});
bool addArea(const std::string &area, std::vector<Case> cases);

inline acc_arg_t arg(const acc::Buffer &b) { return acc_arg_buffer(b.handle()); }

// --- Element-wise ("map") cases ---------------------------------------------------

/// Flushes a float denormal to a zero of the same sign.
template <class T> T flushDenormal(T x) {
  if constexpr (std::is_same<T, float>::value)
    if (std::fpclassify(x) == FP_SUBNORMAL)
      return std::copysign(0.0f, x);
  return x;
}
template <class T> bool isDenormal(T x) {
  if constexpr (std::is_same<T, float>::value)
    return std::fpclassify(x) == FP_SUBNORMAL;
  return false;
}

/// The reference results of a map case: `fn` applied element-wise. With
/// `flush`, float denormal inputs are first flushed to zero.
template <class Out, class F, class... In>
std::vector<Ref<Out>> mapReference(F fn, bool flush,
                                   const std::vector<In> &...ins) {
  size_t n = std::min({ins.size()...});
  std::vector<Ref<Out>> ref(n);
  for (size_t i = 0; i < n; ++i)
    ref[i] = static_cast<Ref<Out>>(
        fn((flush ? flushDenormal(ins[i]) : ins[i])...));
  return ref;
}

/// A case for kernel `name`(global const In0 *, ..., global Out *out) that
/// sets out[i] = fn(in0[i], ...) for i < n, n being the inputs' length,
/// launched with a 1-D range of n work-items and a runtime-chosen local
/// size. `fn` returns the reference (computed in Ref<Out>); `alt`, unless
/// it is nullptr, computes a second acceptable reference. Float denormal
/// inputs may be flushed to zero by the device: the references computed
/// from flushed inputs are accepted as well.
template <class Out, class F, class G, class... In>
Case mapEither(const std::string &name, Tol tol, F fn, G alt,
               std::vector<In>... ins) {
  return {name, [=](Ctx &c) {
            size_t n = std::min({ins.size()...});
            std::vector<acc::Buffer> buffers =
                c.launchBuffers<Out>(name, acc::Range(n), n, ins...);
            std::vector<Out> got = c.read<Out>(buffers.back(), n);
            bool anyDenormal = false;
            for (size_t i = 0; i < n; ++i)
              anyDenormal = anyDenormal || (isDenormal(ins[i]) || ...);
            std::vector<std::vector<Ref<Out>>> others;
            if (anyDenormal)
              others.push_back(mapReference<Out>(fn, true, ins...));
            if constexpr (!std::is_same<G, std::nullptr_t>::value) {
              others.push_back(mapReference<Out>(alt, false, ins...));
              if (anyDenormal)
                others.push_back(mapReference<Out>(alt, true, ins...));
            }
            expect<Out>(got, mapReference<Out>(fn, false, ins...), tol, "", others);
          }};
}
template <class Out, class F, class... In>
Case map(const std::string &name, Tol tol, F fn, std::vector<In>... ins) {
  return mapEither<Out>(name, tol, fn, nullptr, ins...);
}

/// A case for kernel `name` whose work-item i reads anything from the inputs
/// (passed as `global const` buffers, in order) and writes `perItem`
/// elements out[i * perItem ...] of the output buffer (the last argument).
/// `fn(i, ref, ins...)` writes the reference of work-item i to ref[0 ..
/// perItem). Launched with `items` work-items (local size: the runtime's).
template <class Out, class F, class... In>
Case block(const std::string &name, Tol tol, size_t items, size_t perItem,
           F fn, std::vector<In>... ins) {
  return {name, [=](Ctx &c) {
            std::vector<acc::Buffer> buffers =
                c.launchBuffers<Out>(name, acc::Range(items), items * perItem, ins...);
            std::vector<Ref<Out>> ref(items * perItem);
            for (size_t i = 0; i < items; ++i)
              fn(i, &ref[i * perItem], ins...);
            expect<Out>(c.read<Out>(buffers.back(), items * perItem), ref, tol);
          }};
}

// --- Bits ----------------------------------------------------------------------

inline uint32_t floatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  return u;
}
inline float bitsFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof(f));
  return f;
}

// --- Input generators -------------------------------------------------------------

/// A deterministic random engine per call site (seeded by `seed`).
inline std::mt19937_64 rng(uint64_t seed) { return std::mt19937_64(seed); }

/// `count` integers of type T, uniformly over [lo, hi], after `edges`.
template <class T>
std::vector<T> ints(size_t count, uint64_t seed,
                    T lo = std::numeric_limits<T>::min(),
                    T hi = std::numeric_limits<T>::max()) {
  std::vector<T> v;
  for (T e : {T(0), T(1), T(-1)})
    if (!(e < lo) && !(hi < e))
      v.push_back(e);
  for (T e : {lo, hi, T(lo + 1), T(hi - 1)})
    v.push_back(e);
  auto g = rng(seed);
  using W = std::conditional_t<std::is_signed<T>::value, int64_t, uint64_t>;
  std::uniform_int_distribution<W> d(lo, hi);
  while (v.size() < count)
    v.push_back(static_cast<T>(d(g)));
  v.resize(count);
  return v;
}

/// Special float/double values: zeros, denormals, the extremes, infinities,
/// NaN, integers and halves, values near 1.
template <class T> std::vector<T> specials() {
  using L = std::numeric_limits<T>;
  return {T(0),         -T(0),         L::denorm_min(), -L::denorm_min(),
          L::min() / 2, -L::min() / 3, L::min(),        -L::min(),
          L::max(),     -L::max(),     L::infinity(),   -L::infinity(),
          L::quiet_NaN(), T(1),        T(-1),           T(0.5),
          T(-0.5),      T(1.5),        T(-2.5),         T(2.5),
          T(3),         T(-7),         T(1) + L::epsilon(), T(1) - L::epsilon() / 2,
          T(100),       T(-1e10),      T(1e30),         T(-1e30),
          T(8388608.5), T(0.49999997), T(1e-30),        T(-3.1415927)};
}

/// The specials, then `count - specials` values spread over magnitudes
/// 2^lo .. 2^hi with random signs (only positive with `positive`).
template <class T>
std::vector<T> floats(size_t count, uint64_t seed, int lo = -20, int hi = 20,
                      bool positive = false, bool withSpecials = true) {
  std::vector<T> v;
  if (withSpecials)
    v = specials<T>();
  auto g = rng(seed);
  std::uniform_real_distribution<double> m(1.0, 2.0);
  std::uniform_int_distribution<int> e(lo, hi);
  std::bernoulli_distribution s(0.5);
  while (v.size() < count) {
    double x = std::ldexp(m(g), e(g));
    v.push_back(static_cast<T>(positive || !s(g) ? x : -x));
  }
  v.resize(std::max(count, v.size()));
  return v;
}

/// Every pair of `a` x `b`, as two vectors.
template <class A, class B>
std::pair<std::vector<A>, std::vector<B>> pairs(const std::vector<A> &a,
                                                const std::vector<B> &b) {
  std::pair<std::vector<A>, std::vector<B>> out;
  for (const A &x : a)
    for (const B &y : b) {
      out.first.push_back(x);
      out.second.push_back(y);
    }
  return out;
}

/// v converted element-wise to T.
template <class T, class U> std::vector<T> as(const std::vector<U> &v) {
  return std::vector<T>(v.begin(), v.end());
}

/// 0, 1, ..., count-1 as T.
template <class T> std::vector<T> iota(size_t count, T start = T(0)) {
  std::vector<T> v(count);
  for (size_t i = 0; i < count; ++i)
    v[i] = static_cast<T>(start + static_cast<T>(i));
  return v;
}

} // namespace kt

#endif // ACC_TESTS_KERNELS_SUITE_H
