//===- workitem.cpp - Cases of workitem.cl ----------------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "Suite.h"

namespace kt {
namespace {

constexpr size_t kRecord = 22;

/// What record() in workitem.cl writes for every work-item of `range`,
/// whose local size must be given. The last group of a dimension that does
/// not divide evenly is smaller (non-uniform range).
std::vector<uint64_t> expectedRecords(const acc::Range &range, uint32_t dims) {
  const acc_launch_config_t &c = range.config;
  uint64_t g[3], l[3], o[3], groups[3];
  for (int d = 0; d < 3; ++d) {
    g[d] = d < int(dims) ? c.global_size[d] : 1;
    l[d] = d < int(dims) ? c.local_size[d] : 1;
    o[d] = d < int(dims) ? c.global_offset[d] : 0;
    groups[d] = (g[d] + l[d] - 1) / l[d];
  }
  std::vector<uint64_t> out(g[0] * g[1] * g[2] * kRecord);
  for (uint64_t z = 0; z < g[2]; ++z)
    for (uint64_t y = 0; y < g[1]; ++y)
      for (uint64_t x = 0; x < g[0]; ++x) {
        uint64_t id[3] = {x, y, z};
        uint64_t *r = &out[(x + g[0] * (y + g[1] * z)) * kRecord];
        for (int d = 0; d < 3; ++d) {
          uint64_t group = id[d] / l[d];
          r[d] = id[d] + o[d];
          r[3 + d] = id[d] % l[d];
          r[6 + d] = group;
          r[9 + d] = std::min(l[d], g[d] - group * l[d]);
          r[12 + d] = groups[d];
          r[15 + d] = g[d];
          r[18 + d] = o[d];
        }
        r[21] = dims;
      }
  return out;
}

Case ids(const std::string &name, const std::string &kernel, acc::Range range,
         uint32_t dims, acc::Range expectedAs) {
  return {name, [=](Ctx &ctx) {
            std::vector<uint64_t> want = expectedRecords(expectedAs, dims);
            acc::Buffer out = ctx.output<uint64_t>(want.size());
            ctx.run(kernel, range, out);
            expectEq(ctx.read<uint64_t>(out, want.size()), want);
          }};
}
Case ids(const std::string &name, const std::string &kernel, acc::Range range,
         uint32_t dims) {
  return ids(name, kernel, range, dims, range);
}

std::vector<Case> workitemCases() {
  std::vector<Case> c;
  c.push_back(ids("ids_1d", "ids_1d", acc::Range(128).local(32), 1));
  c.push_back(ids("ids_1d_offset", "ids_1d", acc::Range(96).local(16).offset(5), 1));
  c.push_back(ids("ids_1d_nonuniform", "ids_1d", acc::Range(100).local(16).offset(3), 1));
  c.push_back(ids("ids_1d_group_of_one", "ids_1d", acc::Range(9).local(1), 1));
  c.push_back(ids("ids_2d", "ids_2d", acc::Range(32, 12).local(8, 4), 2));
  c.push_back(ids("ids_2d_offset_nonuniform", "ids_2d", acc::Range(37, 10).local(8, 4).offset(3, 7), 2));
  c.push_back(ids("ids_3d", "ids_3d", acc::Range(8, 6, 4).local(4, 2, 2), 3));
  c.push_back(ids("ids_3d_offset_nonuniform", "ids_3d", acc::Range(9, 5, 4).local(4, 2, 3).offset(1, 2, 3), 3));
  c.push_back(ids("ids_const_3d", "ids_const", acc::Range(6, 4, 3).local(3, 2, 3).offset(10, 20, 30), 3));
  c.push_back(ids("ids_const_1d", "ids_const", acc::Range(40).local(8), 1));
  // reqd_work_group_size(8, 4, 1): the runtime uses it when no local size is given.
  c.push_back(ids("ids_reqd_default_local", "ids_reqd", acc::Range(32, 8), 2,
                  acc::Range(32, 8).local(8, 4)));
  c.push_back(ids("ids_reqd_explicit_local", "ids_reqd", acc::Range(16, 12).local(8, 4), 2));
  // No local size: whatever the runtime picks, the ids must be consistent.
  c.push_back({"ids_runtime_local_size", [](Ctx &ctx) {
    acc::Range range = acc::Range(24, 10, 3).offset(7, 0, 2);
    const size_t items = 24 * 10 * 3;
    acc::Buffer out = ctx.output<uint64_t>(items * kRecord);
    ctx.run("ids_3d", range, out);
    std::vector<uint64_t> r = ctx.read<uint64_t>(out, items * kRecord);
    // The runtime may round the range up to whole groups of L (group 0's
    // local size): then the last group of a dimension is partial.
    uint64_t L[3];
    for (int d = 0; d < 3; ++d)
      L[d] = r[9 + d];
    std::vector<uint64_t> got, want;
    for (size_t i = 0; i < items; ++i) {
      const uint64_t *w = &r[i * kRecord];
      for (int d = 0; d < 3; ++d) {
        uint64_t g = range.config.global_size[d];
        // group * L + local id + offset == global id; ceil(g / L) groups;
        // the local size is L except in a partial last group.
        got.push_back(w[6 + d] * L[d] + w[3 + d] + w[18 + d]);
        want.push_back(w[d]);
        got.push_back(w[12 + d]);
        want.push_back((g + L[d] - 1) / L[d]);
        got.push_back(w[9 + d]);
        want.push_back(w[6 + d] + 1 == w[12 + d] ? g - w[6 + d] * L[d] : L[d]);
        got.push_back(w[3 + d] < w[9 + d]);
        want.push_back(1);
      }
    }
    expectEq(got, want);
  }});
  c.push_back(ids("ids_1d_group_1024", "ids_1d", acc::Range(2048).local(1024), 1));
  c.push_back({"ids_reqd_wrong_local_rejected", [](Ctx &ctx) {
    acc::Buffer out = ctx.output<uint64_t>(32 * 8 * kRecord);
    try {
      ctx.run("ids_reqd", acc::Range(32, 8).local(4, 4), out);
    } catch (const acc::Error &e) {
      if (e.result() == ACC_ERROR_INVALID_LAUNCH)
        return;
      throw Failure{std::string("expected ACC_ERROR_INVALID_LAUNCH, got ") + e.resultName()};
    }
    throw Failure{"a launch with a local size other than reqd_work_group_size(8, 4, 1) was accepted"};
  }});
  c.push_back({"ids_out_of_range", [](Ctx &ctx) {
    std::vector<uint32_t> dims{0, 1, 2, 3, 4, 7, 100, 0xffffffffu};
    const size_t n = dims.size();
    acc::Buffer in = ctx.upload(dims);
    acc::Buffer out = ctx.output<uint64_t>(n * 7);
    ctx.run("ids_out_of_range", acc::Range(n).local(n), in, out);
    std::vector<uint64_t> want;
    for (size_t i = 0; i < n; ++i) {
      bool x = dims[i] == 0, valid = dims[i] < 3;
      std::vector<uint64_t> r{x ? i : 0, x ? i : 0, 0, x ? n : 1, 1, x ? n : 1, 0};
      if (!valid)
        r = {0, 0, 0, 1, 1, 1, 0};
      want.insert(want.end(), r.begin(), r.end());
    }
    expectEq(ctx.read<uint64_t>(out, want.size()), want);
  }});
  c.push_back({"transpose_2d_nonuniform", [](Ctx &ctx) {
    const uint32_t w = 45, h = 29;
    std::vector<int> m = iota<int>(w * h, 7);
    acc::Buffer in = ctx.upload(m);
    acc::Buffer out = ctx.output<int>(w * h);
    ctx.run("transpose_2d", acc::Range(w, h).local(16, 8), in, out, w, h);
    std::vector<int> want(w * h);
    for (uint32_t y = 0; y < h; ++y)
      for (uint32_t x = 0; x < w; ++x)
        want[x * h + y] = m[y * w + x];
    expectEq(ctx.read<int>(out, want.size()), want);
  }});
  return c;
}

const bool registered = addArea("workitem", workitemCases());

} // namespace
} // namespace kt
