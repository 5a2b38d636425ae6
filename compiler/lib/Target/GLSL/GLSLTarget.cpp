//===- GLSLTarget.cpp - The glsl target: GLSL ES 3.10 compute -------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// GLSL ES 3.10 compute shaders for the gles backend, written by SPIRV-Cross
// (its C API, libspirv-cross-c-shared) from the SPIR-V of the GLES flavour
// (lib/Conversion/PortableToSPIRV: the Shader flavour with 32-bit types
// only, size_t in 32 bits, one uniform block for scalars and launch
// words). docs/architecture.md says why this route and not an emitter of
// its own: the Shader flavour already structures control flow and lays out
// resources as GLES wants them, and SPIRV-Cross is a well-kept Khronos tool
// whose GLSL output drivers see every day.
//
// The code object is text: for each kernel, a line "// acc-kernel: NAME"
// and then that kernel's complete shader (from "#version 310 es"), whose
// work-group size and local-argument sizes are macros the plugin defines
// per launch (ACC_LOCAL_SIZE_X/Y/Z, ACC_LOCAL_BYTES_<k>; each has a
// default in an #ifndef).
//
//===----------------------------------------------------------------------===//

#include "acc/Target/Targets.h"

#include "acc/Dialect/Acc/AccDialect.h"
#include "acc/acc_launch.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <spirv_cross/spirv_cross_c.h>

#include <memory>

using namespace mlir;

namespace acc {
namespace {

/// The macro names SPIRV-Cross gives specialization constants, renamed to
/// acc's (the work-group size ids of acc_launch.h, the local-argument ids
/// 0, 1, ...).
std::string renameSpecMacros(std::string text) {
  const std::string prefix = "SPIRV_CROSS_CONSTANT_ID_";
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t at = text.find(prefix, pos);
    if (at == std::string::npos) {
      out.append(text, pos, std::string::npos);
      return out;
    }
    out.append(text, pos, at - pos);
    size_t end = at + prefix.size();
    while (end < text.size() && llvm::isDigit(text[end]))
      ++end;
    uint64_t id = 0;
    llvm::StringRef(text).slice(at + prefix.size(), end).getAsInteger(10, id);
    if (id >= ACC_LAUNCH_VK_WORKGROUP_SIZE_SPEC_ID &&
        id < ACC_LAUNCH_VK_WORKGROUP_SIZE_SPEC_ID + 3)
      out += std::string("ACC_LOCAL_SIZE_") +
             "XYZ"[id - ACC_LAUNCH_VK_WORKGROUP_SIZE_SPEC_ID];
    else
      out += "ACC_LOCAL_BYTES_" + std::to_string(id);
    pos = end;
  }
}

/// GLSL ES 3.10 from SPIRV-Cross's 3.20 output. The one 3.20 feature it
/// uses is `precise`, which keeps the multiplies and adds that acc-cc did
/// not fuse from being fused by the driver (GLSL ES lets a compiler fuse
/// otherwise: exact fma and the math library's error-free products would
/// break). In ES 3.10 `precise` comes with GL_EXT_gpu_shader5 or
/// GL_OES_gpu_shader5; on a device with neither, ACC_PRECISE is empty and
/// the driver may fuse (docs/kernel-language.md says what that changes).
std::string toES31(const std::string &text) {
  static const char preamble[] =
      "#version 310 es\n"
      "#if defined(GL_EXT_gpu_shader5)\n"
      "#extension GL_EXT_gpu_shader5 : enable\n"
      "#define ACC_PRECISE precise\n"
      "#elif defined(GL_OES_gpu_shader5)\n"
      "#extension GL_OES_gpu_shader5 : enable\n"
      "#define ACC_PRECISE precise\n"
      "#else\n"
      "#define ACC_PRECISE\n"
      "#endif\n";
  const std::string version = "#version 320 es\n";
  std::string out;
  llvm::StringRef rest(text);
  if (rest.starts_with(version)) {
    out = preamble;
    rest = rest.drop_front(version.size());
  }
  // `precise ` only ever starts a declaration SPIRV-Cross writes.
  const llvm::StringRef keyword = "precise ";
  while (!rest.empty()) {
    size_t at = rest.find(keyword);
    if (at == llvm::StringRef::npos) {
      out += rest.str();
      break;
    }
    bool word = at == 0 || !(llvm::isAlnum(rest[at - 1]) || rest[at - 1] == '_');
    out += rest.take_front(at).str();
    out += word ? "ACC_PRECISE " : keyword.str();
    rest = rest.drop_front(at + keyword.size());
  }
  return out;
}

/// A SPIRV-Cross context for the lifetime of one translation.
struct ContextDeleter {
  void operator()(spvc_context_s *ctx) const { spvc_context_destroy(ctx); }
};

/// Cross-compiles the entry point `kernel` of `ir` to GLSL ES 3.10.
bool crossCompile(spvc_context ctx, spvc_parsed_ir ir, llvm::StringRef kernel,
                  std::string &glsl, std::string &error) {
  auto fail = [&](const char *what) {
    error = "kernel '" + kernel.str() + "': the glsl target cannot express " +
            "this kernel (SPIRV-Cross, " + what + ": " +
            spvc_context_get_last_error_string(ctx) + ")";
    return false;
  };
  spvc_compiler compiler = nullptr;
  if (spvc_context_create_compiler(ctx, SPVC_BACKEND_GLSL, ir,
                                   SPVC_CAPTURE_MODE_COPY,
                                   &compiler) != SPVC_SUCCESS)
    return fail("creating a compiler");
  std::string name = kernel.str();
  if (spvc_compiler_set_entry_point(compiler, name.c_str(),
                                    SpvExecutionModelGLCompute) != SPVC_SUCCESS)
    return fail("choosing the entry point");
  spvc_compiler_options options = nullptr;
  if (spvc_compiler_create_compiler_options(compiler, &options) !=
          SPVC_SUCCESS ||
      // Written as ES 3.20 with every result a temporary, so that the
      // NoContraction of each multiply and add comes out as `precise`
      // (withToES31 then makes it ES 3.10).
      spvc_compiler_options_set_uint(
          options, SPVC_COMPILER_OPTION_GLSL_VERSION, 320) != SPVC_SUCCESS ||
      spvc_compiler_options_set_bool(options, SPVC_COMPILER_OPTION_GLSL_ES,
                                     SPVC_TRUE) != SPVC_SUCCESS ||
      spvc_compiler_options_set_bool(options,
                                     SPVC_COMPILER_OPTION_FORCE_TEMPORARY,
                                     SPVC_TRUE) != SPVC_SUCCESS ||
      spvc_compiler_install_compiler_options(compiler, options) !=
          SPVC_SUCCESS)
    return fail("setting GLSL ES 3.10");
  // Only this kernel's resources (the module declares every kernel's).
  spvc_set active = nullptr;
  if (spvc_compiler_get_active_interface_variables(compiler, &active) !=
          SPVC_SUCCESS ||
      spvc_compiler_set_enabled_interface_variables(compiler, active) !=
          SPVC_SUCCESS)
    return fail("finding the kernel's resources");
  const char *source = nullptr;
  if (spvc_compiler_compile(compiler, &source) != SPVC_SUCCESS)
    return fail("writing GLSL");
  glsl = toES31(renameSpecMacros(source));
  return true;
}

} // namespace

bool emitGLSL(ModuleOp portable, std::string &text, std::string &error) {
  std::vector<std::pair<std::string, std::vector<uint8_t>>> binaries;
  if (ir::getKernels(portable).empty()) {
    error = "the glsl target needs at least one kernel";
    return false;
  }
  if (!emitSPIRVGLESKernels(portable, binaries, error))
    return false;
  text.clear();
  for (const auto &[name, binary] : binaries) {
    spvc_context raw = nullptr;
    if (spvc_context_create(&raw) != SPVC_SUCCESS) {
      error = "internal error: SPIRV-Cross could not create a context";
      return false;
    }
    std::unique_ptr<spvc_context_s, ContextDeleter> ctx(raw);
    spvc_parsed_ir ir = nullptr;
    if (spvc_context_parse_spirv(
            raw, reinterpret_cast<const SpvId *>(binary.data()),
            binary.size() / sizeof(SpvId), &ir) != SPVC_SUCCESS) {
      error = std::string("internal error: SPIRV-Cross could not read the "
                          "glsl target's SPIR-V: ") +
              spvc_context_get_last_error_string(raw);
      return false;
    }
    std::string glsl;
    if (!crossCompile(raw, ir, name, glsl, error))
      return false;
    text += "// acc-kernel: " + name + "\n" + glsl;
  }
  return true;
}

bool compileGLSL(ModuleOp portable, std::vector<bundle::CodeObject> &out,
                 std::string &error) {
  if (ir::getKernels(portable).empty())
    return true;
  std::string text;
  if (!emitGLSL(portable, text, error))
    return false;
  bundle::CodeObject code;
  code.target = ACC_TARGET_GLSL;
  code.arch = kGLSLArch;
  code.launchAbi = ACC_LAUNCH_ABI_1;
  code.data.assign(text.begin(), text.end());
  out.push_back(std::move(code));
  return true;
}

} // namespace acc
