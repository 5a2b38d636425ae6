//===- math.cpp - Cases of math.cl: float arithmetic and math builtins ----===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "FloatingCases.h"

namespace kt {
namespace {
const bool registered = addArea("math", floatingCases<float>("float"));
} // namespace
} // namespace kt
