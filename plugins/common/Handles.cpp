//===- Handles.cpp - Names of the handle kinds ----------------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
//===----------------------------------------------------------------------===//
#include "acc/plugin/Handles.h"

namespace acc::plugin {

const char *kindName(Kind kind) {
  switch (kind) {
  case Kind::Device:
    return "device";
  case Kind::Buffer:
    return "buffer";
  case Kind::Queue:
    return "queue";
  case Kind::Module:
    return "module";
  case Kind::Kernel:
    return "kernel";
  case Kind::Event:
    return "event";
  }
  return "object";
}

} // namespace acc::plugin
