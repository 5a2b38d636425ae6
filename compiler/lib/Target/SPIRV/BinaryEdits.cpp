//===- BinaryEdits.cpp - What MLIR's SPIR-V dialect cannot say ------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Edits of a serialised SPIR-V module (BinaryEdits.h): the stand-ins that
// lib/Conversion/PortableToSPIRV writes, found by their OpName
// (acc/Conversion/PortableToSPIRV.h), become what MLIR's SPIR-V dialect
// cannot express.
//
//===----------------------------------------------------------------------===//

#include "BinaryEdits.h"

#include "acc/Conversion/PortableToSPIRV.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <cstring>
#include <map>

using namespace mlir;

namespace acc {
namespace {

namespace op {
constexpr uint32_t SourceContinued = 2;
constexpr uint32_t Source = 3;
constexpr uint32_t SourceExtension = 4;
constexpr uint32_t Name = 5;
constexpr uint32_t String = 7;
constexpr uint32_t Extension = 10;
constexpr uint32_t ExtInstImport = 11;
constexpr uint32_t ExtInst = 12;
constexpr uint32_t MemoryModel = 14;
constexpr uint32_t EntryPoint = 15;
constexpr uint32_t ExecutionMode = 16;
constexpr uint32_t Capability = 17;
constexpr uint32_t Function = 54;
constexpr uint32_t FunctionEnd = 56;
constexpr uint32_t FunctionCall = 57;
constexpr uint32_t ExecutionModeId = 331;
constexpr uint32_t TypeInt = 21;
constexpr uint32_t Constant = 43;
constexpr uint32_t SpecConstantOp = 52;
constexpr uint32_t Decorate = 71;
constexpr uint32_t IAdd = 128;
constexpr uint32_t UDiv = 134;
} // namespace op
constexpr uint32_t kDecorationBuiltIn = 11;
constexpr uint32_t kBuiltInWorkgroupSize = 25;

constexpr uint32_t kDebugPrintfInstruction = 1;

/// A literal string operand: UTF-8, NUL-terminated, padded to words.
std::vector<uint32_t> stringWords(StringRef text) {
  std::vector<uint32_t> w((text.size() + 4) / 4, 0);
  std::memcpy(w.data(), text.data(), text.size());
  return w;
}

} // namespace

bool editBinary(SmallVectorImpl<uint32_t> &words,
                ArrayRef<std::string> printfFormats, std::string &error) {
  if (words.size() < 5) {
    error = "internal error: the SPIR-V module is empty";
    return false;
  }
  struct Inst {
    size_t begin;
    uint32_t opcode;
    uint32_t count;
  };
  std::vector<Inst> insts;
  for (size_t i = 5; i < words.size();) {
    uint32_t count = words[i] >> 16;
    if (count == 0 || i + count > words.size()) {
      error = "internal error: malformed SPIR-V module";
      return false;
    }
    insts.push_back({i, words[i] & 0xFFFF, count});
    i += count;
  }
  std::map<std::string, uint32_t> names;
  std::map<uint32_t, size_t> definedAt;
  uint32_t uintType = 0;
  for (size_t n = 0; n < insts.size(); ++n) {
    const Inst &in = insts[n];
    if (in.opcode == op::Name && in.count > 2) {
      const char *s = reinterpret_cast<const char *>(&words[in.begin + 2]);
      size_t max = (in.count - 2) * 4;
      names[std::string(s, strnlen(s, max))] = words[in.begin + 1];
    }
    if (in.opcode == op::TypeInt && words[in.begin + 2] == 32 && !uintType)
      uintType = words[in.begin + 1];
  }
  for (size_t n = 0; n < insts.size(); ++n) {
    const Inst &in = insts[n];
    if (in.count >= 3 && in.opcode >= 41 && in.opcode <= 52)
      definedAt[words[in.begin + 2]] = n;
  }

  uint32_t bound = words[3];
  // Replacement instruction lists, by instruction index.
  std::map<size_t, std::vector<uint32_t>> replace;
  for (size_t n = 0; n < insts.size(); ++n) {
    const Inst &in = insts[n];
    if (in.opcode != op::Constant || in.count != 4 ||
        words[in.begin + 1] != uintType)
      continue;
    uint32_t value = words[in.begin + 3];
    if (value < kSPIRVLocalLengthSentinel ||
        value >= kSPIRVLocalLengthSentinel + 0x10000)
      continue;
    uint32_t local = (value - kSPIRVLocalLengthSentinel) / 16;
    uint32_t unit = (value - kSPIRVLocalLengthSentinel) % 16;
    auto it = names.find((kSPIRVLocalBytesPrefix + llvm::Twine(local)).str());
    if (it == names.end() || !definedAt.count(it->second) ||
        definedAt[it->second] > n || unit == 0) {
      error = "internal error: the spirv-vk local-memory size of local "
              "argument " +
              std::to_string(local) + " is not declared before its use";
      return false;
    }
    uint32_t bytes = it->second;
    uint32_t result = words[in.begin + 2];
    uint32_t minus1 = bound++, unitId = bound++, sum = bound++;
    std::vector<uint32_t> out = {
        (4u << 16) | op::Constant, uintType, minus1, unit - 1,
        (4u << 16) | op::Constant, uintType, unitId, unit,
        (6u << 16) | op::SpecConstantOp, uintType, sum, op::IAdd, bytes,
        minus1,
        (6u << 16) | op::SpecConstantOp, uintType, result, op::UDiv, sum,
        unitId};
    replace[n] = std::move(out);
  }
  // Placeholder functions whose calls become OpExtInst: printf's
  // (NonSemantic.DebugPrintf, with the format string first) and the
  // OpenCL.std instructions MLIR's SPIR-V dialect has no op for.
  struct ExtInstCall {
    uint32_t *set;        ///< the import's id, once known
    uint32_t instruction; ///< the set's instruction number
    int format = -1;      ///< printf: the format's index
  };
  std::map<uint32_t, ExtInstCall> extInstFunctions;
  uint32_t printfSet = 0, openclSet = 0;
  bool needsPrintf = false, needsOpenCL = false;
  for (const auto &[name, id] : names) {
    StringRef suffix = StringRef(name);
    unsigned k;
    if (suffix.consume_front(kSPIRVDebugPrintfPrefix) && !suffix.getAsInteger(10, k)) {
      if (k >= printfFormats.size()) {
        error = "internal error: spirv-vk printf format " + std::to_string(k) +
                " is missing";
        return false;
      }
      extInstFunctions[id] = {&printfSet, kDebugPrintfInstruction, int(k)};
      needsPrintf = true;
      continue;
    }
    suffix = StringRef(name);
    if (suffix.consume_front(kSPIRVOpenCLStdPrefix) &&
        !suffix.take_until([](char c) { return c == '_'; }).getAsInteger(10, k)) {
      extInstFunctions[id] = {&openclSet, k};
      needsOpenCL = true;
    }
  }
  // An OpenCL.std import the module already has.
  for (const Inst &in : insts)
    if (in.opcode == op::ExtInstImport && in.count > 2) {
      const char *text = reinterpret_cast<const char *>(&words[in.begin + 2]);
      if (StringRef(text, strnlen(text, (in.count - 2) * 4)) == "OpenCL.std")
        openclSet = words[in.begin + 1];
    }
  std::vector<uint32_t> extension, import, strings;
  std::vector<uint32_t> formatIds;
  auto addImport = [&](uint32_t &set, StringRef name) {
    set = bound++;
    std::vector<uint32_t> text = stringWords(name);
    import.push_back(uint32_t(2 + text.size()) << 16 | op::ExtInstImport);
    import.push_back(set);
    import.insert(import.end(), text.begin(), text.end());
  };
  if (needsOpenCL && !openclSet)
    addImport(openclSet, "OpenCL.std");
  if (needsPrintf) {
    std::vector<uint32_t> ext = stringWords("SPV_KHR_non_semantic_info");
    extension.push_back(uint32_t(1 + ext.size()) << 16 | op::Extension);
    extension.insert(extension.end(), ext.begin(), ext.end());
    addImport(printfSet, "NonSemantic.DebugPrintf");
    for (const std::string &format : printfFormats) {
      formatIds.push_back(bound++);
      std::vector<uint32_t> text = stringWords(format);
      strings.push_back(uint32_t(2 + text.size()) << 16 | op::String);
      strings.push_back(formatIds.back());
      strings.insert(strings.end(), text.begin(), text.end());
    }
  }
  // Where the new instructions go, by section: the first instruction of a
  // later section.
  auto after = [](uint32_t opcode, std::initializer_list<uint32_t> section) {
    return llvm::is_contained(section, opcode);
  };

  std::vector<uint32_t> decoration;
  if (auto it = names.find(kSPIRVWorkGroupSizeName.str()); it != names.end())
    decoration = {(4u << 16) | op::Decorate, it->second, kDecorationBuiltIn,
                  kBuiltInWorkgroupSize};

  SmallVector<uint32_t, 0> out(words.begin(), words.begin() + 5);
  bool decorated = decoration.empty();
  bool skipping = false; // inside a placeholder's body
  for (size_t n = 0; n < insts.size(); ++n) {
    const Inst &in = insts[n];
    if (!extension.empty() &&
        !after(in.opcode, {op::Capability, op::Extension})) {
      out.append(extension.begin(), extension.end());
      extension.clear();
    }
    if (!import.empty() &&
        !after(in.opcode, {op::Capability, op::Extension, op::ExtInstImport})) {
      out.append(import.begin(), import.end());
      import.clear();
    }
    if (!strings.empty() &&
        !after(in.opcode,
               {op::Capability, op::Extension, op::ExtInstImport,
                op::MemoryModel, op::EntryPoint, op::ExecutionMode,
                op::ExecutionModeId, op::String, op::Source,
                op::SourceExtension, op::SourceContinued})) {
      out.append(strings.begin(), strings.end());
      strings.clear();
    }
    if (!decorated && in.opcode == op::Decorate) {
      out.append(decoration.begin(), decoration.end());
      decorated = true;
    }
    if (!extInstFunctions.empty()) {
      if (in.opcode == op::Function &&
          extInstFunctions.count(words[in.begin + 2]))
        skipping = true;
      if (skipping) {
        skipping = in.opcode != op::FunctionEnd;
        continue;
      }
      if (in.opcode == op::Name && extInstFunctions.count(words[in.begin + 1]))
        continue;
      if (in.opcode == op::FunctionCall) {
        auto it = extInstFunctions.find(words[in.begin + 3]);
        if (it != extInstFunctions.end()) {
          const ExtInstCall &call = it->second;
          bool format = call.format >= 0;
          out.push_back((in.count + 1 + (format ? 1 : 0)) << 16 | op::ExtInst);
          out.push_back(words[in.begin + 1]); // result type
          out.push_back(words[in.begin + 2]); // result
          out.push_back(*call.set);
          out.push_back(call.instruction);
          if (format)
            out.push_back(formatIds[call.format]);
          out.append(words.begin() + in.begin + 4,
                     words.begin() + in.begin + in.count);
          continue;
        }
      }
    }
    if (auto it = replace.find(n); it != replace.end())
      out.append(it->second.begin(), it->second.end());
    else
      out.append(words.begin() + in.begin,
                 words.begin() + in.begin + in.count);
  }
  if (!decorated) {
    error = "internal error: no place for the WorkgroupSize decoration";
    return false;
  }
  out[3] = bound;
  words.assign(out.begin(), out.end());
  return true;
}

} // namespace acc
