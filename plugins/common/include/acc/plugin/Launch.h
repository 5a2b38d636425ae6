//===- Launch.h - Dispatches of a launch under launch convention 1 --------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The dispatches that run one launch of a GPU-style API whose code follows
// launch convention 1 (acc/acc_launch.h): one over the range rounded up to
// whole groups, or, for a kernel with barriers, acc_launch_split's pieces
// of whole groups; each then cut into dispatches of at most the API's
// group count per dimension (Vulkan's maxComputeWorkGroupCount, GLES's
// GL_MAX_COMPUTE_WORK_GROUP_COUNT), the later ones starting at a group
// offset the launch words carry.
//
//===----------------------------------------------------------------------===//
#ifndef ACC_PLUGIN_LAUNCH_H
#define ACC_PLUGIN_LAUNCH_H

#include "acc/acc_launch.h"
#include "acc/acc_plugin.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace acc::plugin {

/// The dispatches of `desc` for a kernel with (`barriers`) or without
/// barriers on an API that runs at most `maxGroups[d]` groups per
/// dimension in one dispatch (0 counts as 1).
inline std::vector<acc_launch_dispatch_t>
planDispatches(const acc_plugin_launch_desc_t &desc, bool barriers,
               const uint32_t maxGroups[3]) {
  acc_launch_dispatch_t parts[ACC_LAUNCH_MAX_DISPATCHES];
  uint32_t partCount = 0;
  if (barriers) {
    partCount = acc_launch_split(desc.global_size, desc.local_size, parts);
  } else {
    partCount = 1;
    for (int d = 0; d < 3; ++d) {
      parts[0].groups[d] =
          (desc.global_size[d] + desc.local_size[d] - 1) / desc.local_size[d];
      parts[0].local_size[d] = desc.local_size[d];
      parts[0].group_offset[d] = 0;
    }
  }
  std::vector<acc_launch_dispatch_t> dispatches;
  uint64_t max[3];
  for (int d = 0; d < 3; ++d)
    max[d] = std::max<uint32_t>(maxGroups[d], 1);
  for (uint32_t p = 0; p < partCount; ++p) {
    const acc_launch_dispatch_t &part = parts[p];
    for (uint64_t z = 0; z < part.groups[2]; z += max[2])
      for (uint64_t y = 0; y < part.groups[1]; y += max[1])
        for (uint64_t x = 0; x < part.groups[0]; x += max[0]) {
          acc_launch_dispatch_t piece = part;
          const uint64_t at[3] = {x, y, z};
          for (int d = 0; d < 3; ++d) {
            piece.groups[d] = std::min(max[d], part.groups[d] - at[d]);
            piece.group_offset[d] =
                part.group_offset[d] + static_cast<uint32_t>(at[d]);
          }
          dispatches.push_back(piece);
        }
  }
  return dispatches;
}

} // namespace acc::plugin

#endif // ACC_PLUGIN_LAUNCH_H
