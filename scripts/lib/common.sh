# Shared by scripts/demo and scripts/test: package installation and the
# build. Sourced, not executed.

ACC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ACC_BUILD_DIR="${ACC_BUILD_DIR:-$ACC_ROOT/build}"
ACC_JOBS="${ACC_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# Debian 12 packages acc needs to build and test. LLVM, MLIR and Clang 22
# are only needed by acc-cc; the runtime itself needs none of them.
ACC_PACKAGES=(
  build-essential cmake ninja-build ccache git python3 file
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libclang-22-dev clang-22 lld-22
  libfmt-dev catch2 libxxhash-dev nlohmann-json3-dev libcli11-dev
  ocl-icd-libopencl1 pocl-opencl-icd clinfo spirv-tools
  ocl-icd-opencl-dev opencl-c-headers libdnnl-dev
  libvulkan-dev mesa-vulkan-drivers vulkan-validationlayers vulkan-tools
  glslang-tools spirv-cross libspirv-cross-c-shared-dev
  libegl-dev libgles-dev libegl-mesa0 libgl1-mesa-dri
)

acc_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs whatever of ACC_PACKAGES is missing. Idempotent: with everything
# present it does nothing (and never calls apt-get).
acc_install_packages() {
  local missing=()
  for p in "${ACC_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    acc_log "All required Debian packages are installed"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "error: missing packages (${missing[*]}) and not root; install them or rerun as root" >&2
      return 1
    fi
  fi
  acc_log "Installing: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures (once) and builds everything into $ACC_BUILD_DIR.
acc_build() {
  if [ ! -f "$ACC_BUILD_DIR/build.ninja" ]; then
    acc_log "Configuring $ACC_BUILD_DIR"
    cmake -G Ninja -S "$ACC_ROOT" -B "$ACC_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
  fi
  acc_log "Building (jobs: $ACC_JOBS)"
  cmake --build "$ACC_BUILD_DIR" -j "$ACC_JOBS"
}
