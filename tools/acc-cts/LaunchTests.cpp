//===- LaunchTests.cpp - acc-cts layer 2: kernel launches and threads -----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Launches through libacc of the kernels in kernels/basic.cl and fp64.cl:
// every argument kind the kernel language has today (buffers, constant
// buffers, scalars of 1, 2, 4 and 8 bytes, float and double), 1-D, 2-D and
// 3-D ranges with odd, uniform and non-uniform sizes and global offsets,
// large ranges, zero-size buffers, launch validation errors, and many
// threads using many queues. Every result is compared with a reference
// computed on the host.
//
//===----------------------------------------------------------------------===//
#include "RuntimeFixture.h"

#include <atomic>
#include <cmath>
#include <cstring>
#include <thread>

using namespace cts;
using namespace cts::rt;

namespace {

//===----------------------------------------------------------------------===//
// Work-item functions (kernel `ids`)
//===----------------------------------------------------------------------===//

constexpr int kRecord = 24; // ulongs per work-item: 3 dimensions x 8

/// The records `ids` must write for a range of `dims` dimensions with global
/// size g, offset off and local size l (the last group may be smaller).
std::vector<uint64_t> idsReference(uint32_t dims, const uint64_t g[3],
                                   const uint64_t off[3], const uint32_t l[3]) {
  uint64_t items = g[0] * g[1] * g[2];
  std::vector<uint64_t> ref(items * kRecord);
  for (uint64_t z = 0; z < g[2]; ++z)
    for (uint64_t y = 0; y < g[1]; ++y)
      for (uint64_t x = 0; x < g[0]; ++x) {
        const uint64_t pos[3] = {x, y, z};
        uint64_t *rec = &ref[(x + g[0] * (y + g[1] * z)) * kRecord];
        for (uint32_t d = 0; d < 3; ++d) {
          uint64_t *r = rec + d * 8;
          uint64_t groups = (g[d] + l[d] - 1) / l[d];
          uint64_t group = pos[d] / l[d];
          r[0] = pos[d] + off[d];
          r[1] = pos[d] % l[d];
          r[2] = group;
          r[3] = g[d];
          r[4] = group + 1 == groups ? g[d] - group * l[d] : l[d];
          r[5] = groups;
          r[6] = off[d];
          r[7] = dims;
        }
      }
  return ref;
}

/// Whether the runtime must give `k` whole groups: the kernel uses barriers
/// or its code cannot retire the work-items of a rounded-up range.
bool wholeGroupsOnly(const acc::Kernel &k) {
  acc_kernel_properties_t props{};
  props.struct_size = sizeof(props);
  acc::check(acc_kernel_get_properties(k.handle(), &props));
  return (k.info().flags & ACC_KERNEL_FLAG_NEEDS_UNIFORM_GROUPS) ||
         (props.property_flags & ACC_KERNEL_PROPERTY_WHOLE_GROUPS_ONLY);
}

/// Launches `ids` and checks every work-item's record. A local size of 0
/// lets the runtime choose; the size it chose is read back (group 0's) and
/// checked to fit the device, and to divide the range only for a kernel
/// that runs whole groups only. Returns the local size of dimension 0.
uint32_t runIds(uint32_t dims, uint64_t gx, uint64_t gy, uint64_t gz,
                uint32_t lx = 0, uint32_t ly = 0, uint32_t lz = 0,
                uint64_t ox = 0, uint64_t oy = 0, uint64_t oz = 0) {
  acc::Device d = device();
  const bool narrow = narrowIds();
  acc::Kernel k = kernel(narrow ? "ids32" : "ids");
  acc::Queue q(d);
  uint64_t g[3] = {gx, dims > 1 ? gy : 1, dims > 2 ? gz : 1};
  uint64_t off[3] = {ox, dims > 1 ? oy : 0, dims > 2 ? oz : 0};
  uint64_t items = g[0] * g[1] * g[2];
  acc::Buffer out(d, items * kRecord * (narrow ? 4 : 8));
  acc::Range range = dims == 1   ? acc::Range(g[0])
                     : dims == 2 ? acc::Range(g[0], g[1])
                                 : acc::Range(g[0], g[1], g[2]);
  if (lx)
    range.local(lx, dims > 1 ? ly : 1, dims > 2 ? lz : 1);
  range.offset(off[0], off[1], off[2]);
  q.launch(k, range, out);
  std::vector<uint64_t> got;
  if (narrow) {
    std::vector<uint32_t> words = q.read<uint32_t>(out, items * kRecord);
    got.assign(words.begin(), words.end());
  } else {
    got = q.read<uint64_t>(out, items * kRecord);
  }

  uint32_t l[3] = {lx ? lx : 1, dims > 1 && lx ? ly : 1,
                   dims > 2 && lx ? lz : 1};
  if (!lx) {
    // The runtime's choice: group 0's local size.
    bool whole = wholeGroupsOnly(k);
    uint64_t product = 1;
    for (uint32_t dd = 0; dd < 3; ++dd) {
      l[dd] = static_cast<uint32_t>(got[dd * 8 + 4]);
      CTS_REQUIRE(l[dd] >= 1 && l[dd] <= info().max_work_item_sizes[dd] &&
                      (!whole || g[dd] % l[dd] == 0),
                  str("the runtime chose local size ", l[dd],
                      " in dimension ", dd, " for a range of ", g[dd],
                      whole ? " of a kernel that runs whole groups only" : ""));
      product *= l[dd];
    }
    CTS_CHECK(product <= info().max_work_group_size,
              str("work-group of ", product, " items"));
  }
  note(str("range ", g[0], "x", g[1], "x", g[2], " local ", l[0], "x", l[1],
           "x", l[2], " offset ", off[0], ",", off[1], ",", off[2]));
  CTS_CHECK_EQUAL_DESCRIBED(
      str("work-item functions, ", dims, "-D ", g[0], "x", g[1], "x", g[2],
          " local ", l[0], "x", l[1], "x", l[2], " offset ", off[0], ",",
          off[1], ",", off[2]),
      idsReference(dims, g, off, l), got, describeIdsElement);
  return l[0];
}

CTS_TEST(Layer::Runtime, "rt.launch.ids.1d_size_1") { runIds(1, 1, 1, 1); }
CTS_TEST(Layer::Runtime, "rt.launch.ids.1d_size_7") { runIds(1, 7, 1, 1); }
CTS_TEST(Layer::Runtime, "rt.launch.ids.1d_size_1000") {
  runIds(1, 1000, 1, 1);
}
CTS_TEST(Layer::Runtime, "rt.launch.ids.1d_local_8") {
  runIds(1, 1000, 1, 1, 8);
}
CTS_TEST(Layer::Runtime, "rt.launch.ids.1d_offset") {
  runIds(1, 37, 1, 1, 0, 0, 0, 1000);
}
CTS_TEST(Layer::Runtime, "rt.launch.ids.2d") { runIds(2, 13, 7, 1); }
CTS_TEST(Layer::Runtime, "rt.launch.ids.2d_local_offset") {
  runIds(2, 16, 12, 1, 4, 3, 1, 5, 9);
}
CTS_TEST(Layer::Runtime, "rt.launch.ids.3d") { runIds(3, 5, 3, 4); }
CTS_TEST(Layer::Runtime, "rt.launch.ids.3d_local_offset") {
  runIds(3, 6, 4, 4, 3, 2, 2, 1, 2, 3);
}
CTS_TEST(Layer::Runtime, "rt.launch.ids.non_uniform_1d") {
  runIds(1, 1001, 1, 1, 64);
}
CTS_TEST(Layer::Runtime, "rt.launch.ids.non_uniform_2d") {
  runIds(2, 13, 7, 1, 4, 4, 1, 3, 1);
}
CTS_TEST(Layer::Runtime, "rt.launch.ids.non_uniform_3d") {
  runIds(3, 5, 5, 3, 2, 2, 2);
}

// The runtime chooses local sizes the way a GPU programmer would: the
// kernel's preferred size and the range rounded up to whole groups, never
// groups of 1 for a prime range unless the code runs whole groups only.
CTS_TEST(Layer::Runtime, "rt.launch.chosen_local_size.prime") {
  uint32_t l = runIds(1, 10007, 1, 1);
  if (!wholeGroupsOnly(kernel(narrowIds() ? "ids32" : "ids")))
    CTS_CHECK(l > 1, str("the runtime chose groups of ", l,
                         " for the prime range 10007"));
  else
    note("the kernel runs whole groups only here: groups of 1 are the only "
         "correct choice for a prime range");
}

CTS_TEST(Layer::Runtime, "rt.launch.chosen_local_size.2d_prime") {
  uint32_t l = runIds(2, 101, 7, 1);
  if (!wholeGroupsOnly(kernel(narrowIds() ? "ids32" : "ids")))
    CTS_CHECK(l > 1, str("the runtime chose groups of ", l, " in x for 101"));
}

CTS_TEST(Layer::Runtime, "rt.launch.chosen_local_size.huge") {
  // 2^31 + 11 work-items (a prime-sized range): the last one reports its
  // id, group size, group count and the global size.
  const uint64_t n = (1ull << 31) + 11;
  acc::Device d = device();
  const bool narrow = narrowIds();
  acc::Kernel k = kernel(narrow ? "last_item32" : "last_item");
  acc::Queue q(d);
  acc::Buffer out(d, 4 * 8);
  q.fill(out, uint64_t(0), 0, 4 * 8);
  q.launch(k, acc::Range(n), out);
  std::vector<uint64_t> got;
  if (narrow) {
    std::vector<uint32_t> words = q.read<uint32_t>(out, 4);
    got.assign(words.begin(), words.end());
  } else {
    got = q.read<uint64_t>(out, 4);
  }
  CTS_CHECK(got[0] == n - 1, str("the last work-item's id is ", got[0]));
  CTS_CHECK(got[3] == n, str("get_global_size(0) is ", got[3]));
  uint64_t groups = got[2];
  CTS_REQUIRE(groups >= 1, "get_num_groups(0) is 0");
  uint64_t local = (n + groups - 1) / groups; // The enqueued group size.
  note(str(groups, " groups of ", local, "; the last has ", got[1]));
  CTS_CHECK(got[1] == n - (groups - 1) * local,
            str("the last group's get_local_size(0) is ", got[1]));
  if (!wholeGroupsOnly(k))
    CTS_CHECK(local > 1, str("the runtime chose groups of ", local));
}

// `local` arguments of several sizes, given at launch, in one work-group
// memory with the kernel's own: each must be as large as asked and not
// overlap the other.
CTS_TEST(Layer::Runtime, "rt.launch.local_arguments") {
  acc::Device d = device();
  const bool narrow = narrowIds();
  acc::Kernel k = kernel(narrow ? "local_sums32" : "local_sums");
  acc::Queue q(d);
  for (uint32_t local : {1u, 16u, 64u, 128u}) {
    if (local > info().max_work_group_size)
      continue;
    const uint32_t groups = 37;
    const uint32_t n = local * groups;
    std::vector<uint32_t> in(n);
    for (uint32_t i = 0; i < n; ++i)
      in[i] = i * 2654435761u >> 7;
    acc::Buffer bin(d, n * 4), bout(d, groups * 8);
    q.write(bin, in);
    // The second argument asks for more than it needs: only the size
    // matters, the kernel reads what it wrote.
    q.launch(k, acc::Range(n).local(local), bin, bout, acc::Local{local * 4},
             acc::Local{local * 8 + 24});
    std::vector<uint64_t> got, want(groups);
    if (narrow) {
      std::vector<uint32_t> words = q.read<uint32_t>(bout, groups);
      got.assign(words.begin(), words.end());
    } else {
      got = q.read<uint64_t>(bout, groups);
    }
    for (uint32_t g = 0; g < groups; ++g) {
      for (uint32_t i = 0; i < local; ++i)
        want[g] += 3ull * in[g * local + i];
      if (narrow)
        want[g] &= 0xffffffffull; // the kernel sums in 32 bits
    }
    CTS_CHECK_EQUAL(str("group sums with local size ", local), want, got);
  }
}

//===----------------------------------------------------------------------===//
// Barriers in ranges the local size does not divide
//===----------------------------------------------------------------------===//

/// Launches barrier_mirror over gx x gy (local lx x ly; 0: the runtime
/// chooses) at offset (ox, oy), and checks every record against the host's
/// model of the launch: partial last groups of the real size, every
/// survivor through the barrier, ids, group ids and group counts of the
/// whole launch. A kernel that runs whole groups only here must be refused
/// instead when the local size does not divide the range.
void runBarrierMirror(uint64_t gx, uint64_t gy, uint32_t lx, uint32_t ly,
                      uint64_t ox, uint64_t oy) {
  acc::Device d = device();
  acc::Kernel k = kernel("barrier_mirror");
  acc::Queue q(d);
  const uint64_t items = gx * gy;
  acc::Buffer out(d, items * 16);
  q.fill(out, uint32_t(0xdeadbeef), 0, items * 16);
  acc::Range range(gx, gy);
  range.offset(ox, oy);
  uint32_t l[2] = {lx, ly};
  if (lx) {
    range.local(lx, ly);
    if (wholeGroupsOnly(k) && (gx % lx != 0 || gy % ly != 0)) {
      acc_arg_t args[2] = {acc_arg_buffer(out.handle()),
                           acc_arg_local(lx * ly * 4)};
      acc_launch_config_t c = acc_launch_config_2d(gx, gy, lx, ly);
      c.global_offset[0] = ox;
      c.global_offset[1] = oy;
      RT_EXPECT(acc_launch(q.handle(), k.handle(), &c, 2, args),
                ACC_ERROR_INVALID_LAUNCH);
      note("the kernel runs whole groups only here; the launch was refused");
      return;
    }
  }
  // Local memory for the largest group the runtime may choose.
  const uint32_t tagBytes = 4 * (lx ? lx * ly : info().max_work_group_size);
  q.launch(k, range, out, acc::Local{tagBytes});
  std::vector<uint32_t> got = q.read<uint32_t>(out, items * 4);
  if (!lx) {
    // The runtime's choice: the size group 0 reports.
    l[0] = got[3] & 0xffff;
    l[1] = got[3] >> 16;
    CTS_REQUIRE(l[0] >= 1 && l[1] >= 1, str("group 0 reports size ", l[0],
                                             "x", l[1]));
  }
  std::vector<uint32_t> want(items * 4);
  const uint64_t groups[2] = {(gx + l[0] - 1) / l[0], (gy + l[1] - 1) / l[1]};
  for (uint64_t y = 0; y < gy; ++y)
    for (uint64_t x = 0; x < gx; ++x) {
      const uint64_t gxi = x / l[0], gyi = y / l[1];
      const uint64_t sx = std::min<uint64_t>(l[0], gx - gxi * l[0]);
      const uint64_t sy = std::min<uint64_t>(l[1], gy - gyi * l[1]);
      const uint64_t flat = (y - gyi * l[1]) * sx + (x - gxi * l[0]);
      const uint64_t m = sx * sy - 1 - flat;
      const uint64_t mx = ox + gxi * l[0] + m % sx;
      const uint64_t my = oy + gyi * l[1] + m / sx;
      uint32_t *r = &want[(y * gx + x) * 4];
      r[0] = uint32_t(mx) * 4096u + uint32_t(my);
      r[1] = uint32_t(gxi | gyi << 16);
      r[2] = uint32_t(groups[0] | groups[1] << 16);
      r[3] = uint32_t(sx | sy << 16);
    }
  CTS_CHECK_EQUAL(str("barrier exchange over ", gx, "x", gy, " local ", l[0],
                      "x", l[1], " offset ", ox, ",", oy,
                      " (record: mirror tag, group ids, group counts, "
                      "group size)"),
                  want, got);
}

CTS_TEST(Layer::Runtime, "rt.launch.barriers.partial_1d") {
  runBarrierMirror(1000, 1, 64, 1, 5, 0); // 15 whole groups and one of 40
}
CTS_TEST(Layer::Runtime, "rt.launch.barriers.partial_2d") {
  runBarrierMirror(37, 11, 8, 4, 3, 2); // partial groups in x, y and both
}
CTS_TEST(Layer::Runtime, "rt.launch.barriers.uniform") {
  runBarrierMirror(64, 8, 16, 4, 0, 0);
}
CTS_TEST(Layer::Runtime, "rt.launch.barriers.chosen_local_size_prime") {
  runBarrierMirror(1009, 1, 0, 0, 0, 0);
}

// acc_kernel_prepare(): the range is resolved as a launch's, the backend
// builds ahead what it needs, and the launch that follows runs.
CTS_TEST(Layer::Runtime, "rt.kernel_prepare") {
  acc::Kernel k = kernel(narrowIds() ? "ids32" : "ids");
  k.prepare(acc::Range(1000));
  k.prepare(acc::Range(64, 8).local(8, 8));
  runIds(1, 1000, 1, 1);
  acc_launch_config_t bad = acc_launch_config_1d(
      64, info().max_work_item_sizes[0] + 1);
  CTS_CHECK(acc_kernel_prepare(k.handle(), &bad) == ACC_ERROR_INVALID_LAUNCH,
            "a local size past the device's limit was prepared");
}

// The limits and capabilities plugin ABI 1.3 added are reported and agree
// with what the runtime does.
CTS_TEST(Layer::Runtime, "rt.device.limits_and_caps") {
  const acc_device_info_t &i = info();
  CTS_CHECK(i.global_id_bits == 0 || i.global_id_bits == 32 ||
                i.global_id_bits == 64,
            str("global_id_bits is ", i.global_id_bits));
  CTS_CHECK(i.subgroup_size_min <= i.subgroup_size_max,
            str("subgroup sizes ", i.subgroup_size_min, "..",
                i.subgroup_size_max));
  note(str("caps 0x", std::hex, i.caps, std::dec, ", global_id_bits ",
           i.global_id_bits, ", max scalar block ", i.max_scalar_block_size,
           ", max groups ", i.max_group_count[0], "x", i.max_group_count[1],
           "x", i.max_group_count[2]));
  acc::Device d = device();
  acc::Queue q(d);
  acc_event_t e = nullptr;
  acc_result_t r = acc_queue_record_event(q.handle(), ACC_EVENT_TIMING, &e);
  if (i.caps & ACC_DEVICE_CAP_TIMESTAMPS)
    CTS_CHECK(r == ACC_SUCCESS, "a timed event was refused on a device that "
                                "has timestamps");
  else
    CTS_CHECK(r == ACC_ERROR_UNSUPPORTED,
              "a timed event was accepted on a device without timestamps");
  if (e)
    acc_event_release(e);
  acc_buffer_t b = nullptr;
  r = acc_buffer_create(d.handle(), 256, ACC_BUFFER_HOST_VISIBLE, &b);
  CTS_CHECK(r == ((i.caps & ACC_DEVICE_CAP_HOST_VISIBLE_MEMORY)
                      ? ACC_SUCCESS
                      : ACC_ERROR_UNSUPPORTED),
            str("ACC_BUFFER_HOST_VISIBLE gave ", acc_result_name(r)));
  if (b) {
    // It is an ordinary buffer otherwise.
    const uint32_t pattern = 0x5eed;
    CTS_CHECK(acc_buffer_fill(q.handle(), b, 0, 256, &pattern, 4) ==
                  ACC_SUCCESS, "filling a host-visible buffer failed");
    uint32_t back[64] = {};
    CTS_CHECK(acc_buffer_read(q.handle(), b, 0, 256, back) == ACC_SUCCESS &&
                  back[63] == pattern,
              "a host-visible buffer did not hold its data");
    acc_buffer_release(b);
  }
}

// Launches past the device's limits on scalar arguments and group counts
// are refused before they run, with ACC_ERROR_UNSUPPORTED and
// ACC_ERROR_INVALID_LAUNCH; within them they run.
CTS_TEST(Layer::Runtime, "rt.launch.limits_refused") {
  const acc_device_info_t &i = info();
  acc::Device d = device();
  acc::Queue q(d);
  {
    acc::Kernel k = kernel("big_scalar");
    struct {
      uint32_t v[300];
    } block;
    static_assert(sizeof block == 1200, "big_block_t");
    for (uint32_t j = 0; j < 300; ++j)
      block.v[j] = j * 7919u;
    acc::Buffer out(d, sizeof block);
    acc_arg_t args[2] = {acc_arg_buffer(out.handle()), ACC_ARG_SCALAR(block)};
    acc_launch_config_t c = acc_launch_config_1d(300, 0);
    if (i.max_scalar_block_size != 0 && i.max_scalar_block_size < 1200) {
      RT_EXPECT(acc_launch(q.handle(), k.handle(), &c, 2, args),
                ACC_ERROR_UNSUPPORTED);
    } else {
      RT_EXPECT(acc_launch(q.handle(), k.handle(), &c, 2, args), ACC_SUCCESS);
      std::vector<uint32_t> want(300);
      for (uint32_t j = 0; j < 300; ++j)
        want[j] = block.v[j] + 1;
      CTS_CHECK_EQUAL("a 1200-byte scalar block", want,
                      q.read<uint32_t>(out, 300));
    }
  }
  if (i.max_group_count[0] == 0 || i.max_group_count[0] >= (1ull << 40)) {
    note("the device reports no group-count limit in dimension 0");
    return;
  }
  acc::Kernel k = kernel("no_effect");
  uint32_t unused = 0;
  acc_arg_t arg = acc_arg_u32(&unused);
  acc_launch_config_t c =
      acc_launch_config_1d(uint64_t(i.max_group_count[0]) + 1, 1);
  RT_EXPECT(acc_launch(q.handle(), k.handle(), &c, 1, &arg),
            ACC_ERROR_INVALID_LAUNCH);
}

//===----------------------------------------------------------------------===//
// Sizes: iota over odd and large ranges
//===----------------------------------------------------------------------===//

void runIota(uint64_t n, uint32_t local, uint64_t offset) {
  acc::Device d = device();
  acc::Kernel k = kernel("iota");
  acc::Queue q(d);
  acc::Buffer out(d, n * 4);
  acc::Range range(n);
  if (local)
    range.local(local);
  range.offset(offset);
  const uint32_t mul = 2654435761u, add = 12345;
  q.launch(k, range, out, mul, add);
  std::vector<uint32_t> expected(n);
  for (uint64_t i = 0; i < n; ++i)
    expected[i] = static_cast<uint32_t>(i + offset) * mul + add;
  CTS_CHECK_EQUAL(str("iota over ", n, " items, local ", local, ", offset ",
                      offset),
                  expected, q.read<uint32_t>(out, n));
}

CTS_TEST(Layer::Runtime, "rt.launch.size_1") { runIota(1, 0, 0); }
CTS_TEST(Layer::Runtime, "rt.launch.size_7") { runIota(7, 0, 0); }
CTS_TEST(Layer::Runtime, "rt.launch.size_1000003") { runIota(1000003, 0, 0); }
CTS_TEST(Layer::Runtime, "rt.launch.size_1000003_local_64") {
  runIota(1000003, 64, 0);
}
CTS_TEST(Layer::Runtime, "rt.launch.offset_large") {
  if (info().global_id_bits == 32) {
    // Ids past 2^32 do not exist on this device: the runtime refuses.
    acc::Queue q(device());
    acc::Buffer out(device(), 4099 * 4);
    uint32_t mul = 1, add = 0;
    acc_arg_t args[3] = {acc_arg_buffer(out.handle()), acc_arg_u32(&mul),
                         acc_arg_u32(&add)};
    acc_launch_config_t c = acc_launch_config_1d(4099, 0);
    c.global_offset[0] = (1ull << 32) - 17;
    RT_EXPECT(acc_launch(q.handle(), kernel("iota").handle(), &c, 3, args),
              ACC_ERROR_INVALID_LAUNCH);
    return;
  }
  runIota(4099, 0, (1ull << 32) - 17); // ids cross 2^32
}
CTS_TEST(Layer::Runtime, "rt.launch.size_16M") { runIota(16u << 20, 0, 0); }

CTS_TEST(Layer::Runtime, "rt.launch.max_work_group_size") {
  const acc_device_info_t &i = info();
  uint32_t local = std::min(i.max_work_group_size, i.max_work_item_sizes[0]);
  runIota(uint64_t(local) * 5, local, 3);
}

//===----------------------------------------------------------------------===//
// Argument kinds
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Runtime, "rt.launch.scalars") {
  acc::Device d = device();
  acc::Kernel k = kernel("scalars");
  acc::Queue q(d);
  const uint32_t n = 300;
  acc::Buffer oc(d, n), ouc(d, n), os(d, n * 2), ous(d, n * 2), oi(d, n * 4),
      oui(d, n * 4), ol(d, n * 8), oul(d, n * 8), of(d, n * 4);
  const int8_t c = -100;
  const uint8_t uc = 250;
  const int16_t s = -30000;
  const uint16_t us = 65530;
  const int32_t i = -2000000000;
  const uint32_t ui = 4294967290u;
  const int64_t l = -(int64_t(1) << 40) - 5;
  const uint64_t ul = 0xfedcba9876543210ull;
  const float f = 1.5f;
  q.launch(k, acc::Range(n), oc, ouc, os, ous, oi, oui, ol, oul, of, c, uc, s,
           us, i, ui, l, ul, f);
  std::vector<int8_t> ec(n);
  std::vector<uint8_t> euc(n);
  std::vector<int16_t> es(n);
  std::vector<uint16_t> eus(n);
  std::vector<int32_t> ei(n);
  std::vector<uint32_t> eui(n);
  std::vector<int64_t> el(n);
  std::vector<uint64_t> eul(n);
  std::vector<float> ef(n);
  for (uint32_t k2 = 0; k2 < n; ++k2) {
    ec[k2] = static_cast<int8_t>(c + static_cast<int8_t>(k2));
    euc[k2] = static_cast<uint8_t>(uc + static_cast<uint8_t>(k2));
    es[k2] = static_cast<int16_t>(s + static_cast<int16_t>(k2));
    eus[k2] = static_cast<uint16_t>(us + static_cast<uint16_t>(k2));
    ei[k2] = i + static_cast<int32_t>(k2);
    eui[k2] = ui + k2;
    el[k2] = l * static_cast<int64_t>(k2 + 1);
    eul[k2] = ul ^ (uint64_t(k2) << 40);
    ef[k2] = f * static_cast<float>(k2 + 1);
  }
  CTS_CHECK_EQUAL("char", ec, q.read<int8_t>(oc, n));
  CTS_CHECK_EQUAL("uchar", euc, q.read<uint8_t>(ouc, n));
  CTS_CHECK_EQUAL("short", es, q.read<int16_t>(os, n));
  CTS_CHECK_EQUAL("ushort", eus, q.read<uint16_t>(ous, n));
  CTS_CHECK_EQUAL("int", ei, q.read<int32_t>(oi, n));
  CTS_CHECK_EQUAL("uint", eui, q.read<uint32_t>(oui, n));
  CTS_CHECK_EQUAL("long", el, q.read<int64_t>(ol, n));
  CTS_CHECK_EQUAL("ulong", eul, q.read<uint64_t>(oul, n));
  CTS_CHECK_EQUAL("float", ef, q.read<float>(of, n));
}

CTS_TEST(Layer::Runtime, "rt.launch.fp64") {
  acc::Device d = device();
  if (!(info().caps & ACC_DEVICE_CAP_FP64))
    skip("the device has no fp64 (ACC_DEVICE_CAP_FP64 is not set)");
  acc::Module m = acc::Module::loadFile(d, kernelPath("fp64.accbin"));
  acc::Kernel k = m.kernel("scalar_f64");
  acc::Queue q(d);
  const uint32_t n = 1027;
  std::vector<double> in(n), expected(n);
  for (uint32_t i = 0; i < n; ++i) {
    in[i] = i * 0.5 - 100.0;
    expected[i] = in[i] * 3.0 + 0.25;
  }
  acc::Buffer bin(d, n * 8), bout(d, n * 8);
  q.write(bin, in);
  q.launch(k, acc::Range(n), bin, bout, 3.0);
  CTS_CHECK_EQUAL("double scalar and buffers", expected,
                  q.read<double>(bout, n));
}

CTS_TEST(Layer::Runtime, "rt.launch.fp64_refused") {
  acc::Device d = device();
  if (info().caps & ACC_DEVICE_CAP_FP64)
    skip("the device has fp64, so nothing is refused");
  acc::Module m;
  try {
    m = acc::Module::loadFile(d, kernelPath("fp64.accbin"));
  } catch (const acc::Error &e) {
    // A target without fp64 holds none of the file's kernels: the refusal
    // comes at load, with the compiler's reasons.
    CTS_CHECK(e.result() == ACC_ERROR_NO_CODE_FOR_BACKEND,
              str("loading fp64.accbin failed with ", e.resultName()));
    note(str("refused at load: ", e.what()));
    return;
  }
  acc::Kernel k = m.kernel("scalar_f64");
  acc::Queue q(d);
  acc::Buffer a(d, 64), b(d, 64);
  double v = 1.0;
  acc_arg_t args[3] = {acc_arg_buffer(a.handle()), acc_arg_buffer(b.handle()),
                       ACC_ARG_SCALAR(v)};
  acc_launch_config_t c = acc_launch_config_1d(8, 0);
  RT_EXPECT(acc_launch(q.handle(), k.handle(), &c, 3, args),
            ACC_ERROR_UNSUPPORTED);
}

CTS_TEST(Layer::Runtime, "rt.launch.axpy") {
  acc::Device d = device();
  acc::Kernel k = kernel("axpy");
  acc::Queue q(d);
  const uint32_t n = 100000;
  std::vector<float> x(n), y(n), expected(n);
  for (uint32_t i = 0; i < n; ++i) {
    x[i] = static_cast<float>(i % 1000);
    y[i] = static_cast<float>(i % 777) - 300.0f;
    expected[i] = 2.0f * x[i] + y[i];
  }
  acc::Buffer bx(d, n * 4, ACC_BUFFER_READ_ONLY), by(d, n * 4);
  q.write(bx, x);
  q.write(by, y);
  // A range rounded up past n: the kernel's guard keeps the extra items out.
  q.launch(k, acc::Range((n + 255) / 256 * 256).local(256), 2.0f, bx, by, n);
  CTS_CHECK_EQUAL("axpy", expected, q.read<float>(by, n));
}

CTS_TEST(Layer::Runtime, "rt.launch.zero_size_buffer") {
  acc::Device d = device();
  acc::Kernel k = kernel("zero_size_arg");
  acc::Queue q(d);
  acc::Buffer empty(d, 0), out(d, 33 * 4);
  q.launch(k, acc::Range(33), empty, out);
  CTS_CHECK_EQUAL("kernel with a zero-size buffer argument",
                  std::vector<int32_t>(33, 7), q.read<int32_t>(out, 33));
}

CTS_TEST(Layer::Runtime, "rt.launch.constant_buffer") {
  acc::Device d = device();
  acc::Kernel k = kernel("use_constant");
  acc::Queue q(d);
  const uint32_t tableSize = 17, n = 1000;
  std::vector<int32_t> table(tableSize), expected(n);
  for (uint32_t i = 0; i < tableSize; ++i)
    table[i] = static_cast<int32_t>(i * i) - 50;
  for (uint32_t i = 0; i < n; ++i)
    expected[i] = table[i % tableSize] * 3 + 1;
  acc::Buffer bt(d, tableSize * 4, ACC_BUFFER_READ_ONLY), out(d, n * 4);
  q.write(bt, table);
  q.launch(k, acc::Range(n), bt, out, tableSize);
  CTS_CHECK_EQUAL("constant buffer", expected, q.read<int32_t>(out, n));
}

CTS_TEST(Layer::Runtime, "rt.launch.bytes_and_shorts") {
  acc::Device d = device();
  acc::Kernel k = kernel("bytes_and_shorts");
  acc::Queue q(d);
  const uint32_t n = 1001;
  std::vector<uint8_t> in8(n), e8(n);
  std::vector<uint16_t> in16(n), e16(n);
  for (uint32_t i = 0; i < n; ++i) {
    in8[i] = static_cast<uint8_t>(hashIndex(i));
    in16[i] = static_cast<uint16_t>(hashIndex(i, 5));
    e8[i] = static_cast<uint8_t>(in8[i] * 3u + 1u);
    e16[i] = static_cast<uint16_t>(in16[i] ^ 0x5a5au);
  }
  acc::Buffer b8(d, n), o8(d, n), b16(d, n * 2), o16(d, n * 2);
  q.write(b8, in8);
  q.write(b16, in16);
  q.launch(k, acc::Range(n), b8, o8, b16, o16);
  CTS_CHECK_EQUAL("uchar buffer", e8, q.read<uint8_t>(o8, n));
  CTS_CHECK_EQUAL("ushort buffer", e16, q.read<uint16_t>(o16, n));
}

CTS_TEST(Layer::Runtime, "rt.launch.math") {
  acc::Device d = device();
  acc::Kernel k = kernel("math_f32");
  acc::Queue q(d);
  const uint32_t n = 4096;
  std::vector<float> x(n);
  for (uint32_t i = 0; i < n; ++i)
    x[i] = (static_cast<float>(i) - 2048.0f) * 0.37f;
  acc::Buffer bx(d, n * 4), out(d, n * 4);
  q.write(bx, x);
  q.launch(k, acc::Range(n), bx, out);
  std::vector<float> got = q.read<float>(out, n);
  unsigned bad = 0;
  for (uint32_t i = 0; i < n; ++i) {
    float v = x[i], r = 0.0f;
    for (int kk = 0; kk < 4; ++kk)
      r = kk % 2 == 0 ? r + std::sqrt(std::fabs(v) + kk) : r - kk * 0.5f;
    float e = r + std::fmax(v, 0.0f);
    if (std::fabs(got[i] - e) > 1e-5f * std::fmax(1.0f, std::fabs(e))) {
      if (bad < 4)
        fail(__FILE__, __LINE__,
             str("math_f32[", i, "]: expected ", e, ", got ", got[i]));
      ++bad;
    }
  }
  CTS_CHECK(bad == 0, str(bad, " of ", n, " results outside tolerance"));
}

CTS_TEST(Layer::Runtime, "rt.launch.reqd_work_group_size") {
  acc::Device d = device();
  acc::Kernel k = kernel("reqd8");
  const acc_kernel_info_t &ki = k.info();
  CTS_CHECK(ki.required_local_size[0] == 8 && ki.required_local_size[1] == 1,
            "metadata lacks reqd_work_group_size(8, 1, 1)");
  acc::Queue q(d);
  const uint32_t n = 64;
  acc::Buffer out(d, n * 4);
  q.launch(k, acc::Range(n), out); // the runtime must pick 8
  std::vector<uint32_t> expected(n);
  for (uint32_t i = 0; i < n; ++i)
    expected[i] = 8 * 1000 + i % 8;
  CTS_CHECK_EQUAL("reqd_work_group_size(8,1,1) with local size left to the "
                  "runtime",
                  expected, q.read<uint32_t>(out, n));
  acc_arg_t arg = acc_arg_buffer(out.handle());
  acc_launch_config_t c = acc_launch_config_1d(n, 16);
  RT_EXPECT(acc_launch(q.handle(), k.handle(), &c, 1, &arg),
            ACC_ERROR_INVALID_LAUNCH);
}

CTS_TEST(Layer::Runtime, "rt.launch.scalars_copied") {
  acc::Device d = device();
  acc::Kernel k = kernel("add_int");
  acc::Queue q(d);
  const uint32_t n = 1 << 20;
  acc::Buffer b(d, n * 4);
  int32_t zero = 0;
  q.fill(b, zero, 0, n * 4);
  int32_t v = 3;
  acc_arg_t args[2] = {acc_arg_buffer(b.handle()), ACC_ARG_SCALAR(v)};
  acc_launch_config_t c = acc_launch_config_1d(n, 0);
  for (int i = 0; i < 4; ++i) {
    RT_OK(acc_launch(q.handle(), k.handle(), &c, 2, args));
    v = 1000; // acc_launch copied the value already
    args[1] = ACC_ARG_SCALAR(v);
    v = 3;
  }
  args[1].u.value = nullptr; // nothing may read the array after the call
  CTS_CHECK_EQUAL("4 launches adding 3", std::vector<int32_t>(n, 12),
                  q.read<int32_t>(b, n));
}

CTS_TEST(Layer::Runtime, "rt.launch.in_order") {
  acc::Device d = device();
  acc::Kernel k = kernel("add_int");
  acc::Queue q(d);
  const uint32_t n = 10007;
  acc::Buffer b(d, n * 4);
  std::vector<int32_t> expected(n);
  for (uint32_t i = 0; i < n; ++i)
    expected[i] = static_cast<int32_t>(i);
  q.write(b, expected);
  // Launches, writes and fills interleaved on one queue without finish.
  for (int round = 0; round < 50; ++round) {
    q.launch(k, acc::Range(n), b, int32_t(round));
    for (auto &e : expected)
      e += round;
    if (round % 10 == 9) {
      int32_t value = round;
      q.fill(b, value, 4 * 100, 4 * 50);
      std::fill(expected.begin() + 100, expected.begin() + 150, round);
      q.write(b, expected.data(), 40, 0);
    }
  }
  CTS_CHECK_EQUAL("50 in-order launches mixed with fills and writes",
                  expected, q.read<int32_t>(b, n));
}

CTS_TEST(Layer::Runtime, "rt.launch.errors") {
  acc::Device d = device();
  acc::Kernel k = kernel("iota");
  acc::Queue q(d);
  acc::Buffer out(d, 1024 * 4);
  const acc_device_info_t &i = info();
  uint32_t mul = 1, add = 0;
  uint64_t wide = 1;
  acc_queue_t qh = q.handle();
  acc_kernel_t kh = k.handle();
  acc_arg_t good[3] = {acc_arg_buffer(out.handle()), ACC_ARG_SCALAR(mul),
                       ACC_ARG_SCALAR(add)};
  acc_launch_config_t c = acc_launch_config_1d(1024, 0);
  RT_EXPECT(acc_launch(qh, kh, &c, 3, good), ACC_SUCCESS);

  RT_EXPECT(acc_launch(qh, kh, &c, 2, good), ACC_ERROR_INVALID_LAUNCH);
  acc_arg_t kinds[3] = {ACC_ARG_SCALAR(mul), ACC_ARG_SCALAR(mul),
                        ACC_ARG_SCALAR(add)};
  RT_EXPECT(acc_launch(qh, kh, &c, 3, kinds), ACC_ERROR_INVALID_LAUNCH);
  acc_arg_t sizes[3] = {good[0], ACC_ARG_SCALAR(wide), good[2]};
  RT_EXPECT(acc_launch(qh, kh, &c, 3, sizes), ACC_ERROR_INVALID_LAUNCH);
  acc_arg_t local[3] = {acc_arg_local(64), good[1], good[2]};
  RT_EXPECT(acc_launch(qh, kh, &c, 3, local), ACC_ERROR_INVALID_LAUNCH);

  acc_launch_config_t bad = c;
  bad.global_size[0] = 0;
  RT_EXPECT(acc_launch(qh, kh, &bad, 3, good), ACC_ERROR_INVALID_LAUNCH);
  for (uint32_t dims : {0u, 4u}) {
    bad = c;
    bad.work_dim = dims;
    RT_EXPECT(acc_launch(qh, kh, &bad, 3, good), ACC_ERROR_INVALID_LAUNCH);
  }
  bad = acc_launch_config_2d(32, 32, 8, 0);
  bad.local_size[2] = 1;
  RT_EXPECT(acc_launch(qh, kh, &bad, 3, good), ACC_ERROR_INVALID_LAUNCH);
  if (i.max_work_group_size < 0xffffffffu) {
    bad = acc_launch_config_1d(uint64_t(i.max_work_group_size + 1) * 2,
                               i.max_work_group_size + 1);
    RT_EXPECT(acc_launch(qh, kh, &bad, 3, good), ACC_ERROR_INVALID_LAUNCH);
  }
  if (i.max_work_item_sizes[1] < 0xffffffffu) {
    bad = acc_launch_config_2d(4, uint64_t(i.max_work_item_sizes[1]) + 1, 1,
                               i.max_work_item_sizes[1] + 1);
    RT_EXPECT(acc_launch(qh, kh, &bad, 3, good), ACC_ERROR_INVALID_LAUNCH);
  }
  bad = c;
  bad.struct_size = 0;
  RT_EXPECT(acc_launch(qh, kh, &bad, 3, good), ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_launch(qh, kh, nullptr, 3, good), ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_launch(qh, kh, &c, 3, nullptr), ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_launch(nullptr, kh, &c, 3, good), ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_launch(qh, nullptr, &c, 3, good), ACC_ERROR_INVALID_HANDLE);
  acc_buffer_t dead = nullptr;
  RT_OK(acc_buffer_create(d.handle(), 16, 0, &dead));
  RT_OK(acc_buffer_release(dead));
  acc_arg_t stale[3] = {acc_arg_buffer(dead), good[1], good[2]};
  RT_EXPECT(acc_launch(qh, kh, &c, 3, stale), ACC_ERROR_INVALID_HANDLE);
  acc_arg_t null[3] = {acc_arg_buffer(nullptr), good[1], good[2]};
  RT_EXPECT(acc_launch(qh, kh, &c, 3, null), ACC_ERROR_INVALID_HANDLE);
  q.finish();
}

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

constexpr int kThreads = 8;
constexpr int kLaunches = 20;

/// Runs `body(t)` on kThreads threads; an exception in one is a failure.
template <typename F> void onThreads(F body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      try {
        body(t);
      } catch (const acc::Error &e) {
        fail(__FILE__, __LINE__,
             str("thread ", t, ": ", e.resultName(), ": ", e.what()));
      } catch (const std::exception &e) {
        fail(__FILE__, __LINE__, str("thread ", t, ": ", e.what()));
      } catch (...) {
        fail(__FILE__, __LINE__, str("thread ", t, ": exception"));
      }
    });
  for (auto &th : threads)
    th.join();
}

CTS_TEST(Layer::Runtime, "rt.threads.queue_per_thread") {
  acc::Device d = device();
  kernel("add_int"); // load the module before the threads start
  onThreads([&](int t) {
    acc::Kernel k = kernel("add_int");
    acc::Queue q(d);
    const uint32_t n = 10007 + t * 31;
    acc::Buffer b(d, n * 4);
    std::vector<int32_t> expected(n);
    for (uint32_t i = 0; i < n; ++i)
      expected[i] = static_cast<int32_t>(hashIndex(i, t) % 100000);
    q.write(b, expected);
    for (int l = 0; l < kLaunches; ++l)
      q.launch(k, acc::Range(n), b, int32_t(t + l));
    for (int l = 0; l < kLaunches; ++l)
      for (auto &e : expected)
        e += t + l;
    CTS_CHECK_EQUAL(str("thread ", t), expected, q.read<int32_t>(b, n));
  });
}

CTS_TEST(Layer::Runtime, "rt.threads.shared_queue") {
  acc::Device d = device();
  acc::Kernel k = kernel("add_int");
  acc::Queue q(d);
  const uint32_t n = 4099;
  std::vector<acc::Buffer> buffers;
  for (int t = 0; t < kThreads; ++t) {
    buffers.emplace_back(d, n * 4);
    int32_t start = t * 1000;
    q.fill(buffers.back(), start, 0, n * 4);
  }
  onThreads([&](int t) {
    for (int l = 0; l < kLaunches; ++l)
      q.launch(k, acc::Range(n), buffers[t], int32_t(t + 1));
  });
  q.finish();
  for (int t = 0; t < kThreads; ++t)
    CTS_CHECK_EQUAL(str("buffer of thread ", t),
                    std::vector<int32_t>(n, t * 1000 + kLaunches * (t + 1)),
                    q.read<int32_t>(buffers[t], n));
}

CTS_TEST(Layer::Runtime, "rt.threads.create_release") {
  acc::Device d = device();
  kernel("iota");
  std::vector<uint8_t> bundle = readFileBytes(kernelPath("basic.accbin"));
  onThreads([&](int t) {
    for (int round = 0; round < 10; ++round) {
      acc::Queue q(d);
      acc::Buffer b(d, 1000 + round * 7 + t);
      std::vector<uint8_t> data(b.size());
      for (size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<uint8_t>(i + t + round);
      q.write(b, data);
      CTS_CHECK_EQUAL(str("thread ", t, " round ", round), data,
                      q.read<uint8_t>(b, data.size()));
      acc::Kernel shared = kernel("iota");
      if (round % 5 == 0) {
        acc::Module own = acc::Module::loadMemory(d, bundle.data(),
                                                  bundle.size());
        acc::Kernel mine = own.kernel("iota");
        acc::Buffer out(d, 256 * 4);
        q.launch(mine, acc::Range(256), out, uint32_t(t), uint32_t(round));
        std::vector<uint32_t> expected(256);
        for (uint32_t i = 0; i < 256; ++i)
          expected[i] = i * t + round;
        CTS_CHECK_EQUAL(str("thread ", t, " own module"), expected,
                        q.read<uint32_t>(out, 256));
      }
    }
  });
}

//===----------------------------------------------------------------------===//
// Library operations through the runtime: the plugin's own (when it has an
// operation table) or acc's portable kernels, which must run on every
// backend.
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Runtime, "rt.ops.matmul_f32") {
  acc::Device d = device();
  acc::Queue q(d);
  const uint64_t m = 45, n = 70, k = 37;
  std::vector<float> a(m * k), b(k * n), c(m * n, 1.0f);
  for (uint64_t i = 0; i < a.size(); ++i)
    a[i] = float(hashIndex(i, 1) % 512) / 256.0f - 1.0f;
  for (uint64_t i = 0; i < b.size(); ++i)
    b[i] = float(hashIndex(i, 2) % 512) / 256.0f - 1.0f;
  acc::Buffer ba(d, a.size() * 4), bb(d, b.size() * 4), bc(d, c.size() * 4);
  q.write(ba, a);
  q.write(bb, b);
  q.write(bc, c);
  acc_matmul_desc_t desc =
      acc_matmul_desc_init(m, n, k, ba.handle(), bb.handle(), bc.handle());
  desc.alpha = 0.5f;
  desc.beta = -1.0f;
  RT_OK(acc_matmul_f32(q.handle(), &desc));
  std::vector<float> got = q.read<float>(bc, c.size());
  size_t bad = 0;
  std::string first;
  for (uint64_t i = 0; i < m; ++i)
    for (uint64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (uint64_t p = 0; p < k; ++p)
        sum += double(a[i * k + p]) * b[p * n + j];
      double want = 0.5 * sum - 1.0;
      if (std::fabs(got[i * n + j] - want) > 1e-4 * (1 + std::fabs(want)) &&
          bad++ == 0)
        first = str("C(", i, ", ", j, ") = ", got[i * n + j], ", expected ",
                    want);
    }
  CTS_CHECK(bad == 0, str(bad, " wrong elements of a ", m, "x", n, "x", k,
                          " product; ", first));
}

//===----------------------------------------------------------------------===//
// Shutdown with live objects (last: it restarts the runtime)
//===----------------------------------------------------------------------===//

CTS_TEST(Layer::Runtime, "rt.shutdown.leaked_objects") {
  acc::Device d = device();
  acc::Kernel k = kernel("iota");
  // Handles deliberately leaked, with work pending on the queue.
  acc::Queue q(d);
  acc::Buffer b(d, (4u << 20) * 4);
  q.launch(k, acc::Range(4u << 20), b, uint32_t(1), uint32_t(0));
  acc::Module m = acc::Module::loadFile(d, kernelPath("basic.accbin"));
  q.release();
  b.release();
  m.release();
  k.release();
  stop();
  start();
  acc::Device again = device();
  acc::Kernel iota = kernel("iota");
  acc::Queue q2(again);
  acc::Buffer out(again, 100 * 4);
  q2.launch(iota, acc::Range(100), out, uint32_t(5), uint32_t(5));
  std::vector<uint32_t> expected(100);
  for (uint32_t i = 0; i < 100; ++i)
    expected[i] = i * 5 + 5;
  CTS_CHECK_EQUAL("after acc_shutdown with leaked objects and acc_init",
                  expected, q2.read<uint32_t>(out, 100));
}

} // namespace
