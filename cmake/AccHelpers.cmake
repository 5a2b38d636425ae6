# Helpers shared by acc's CMake files.

# acc_add_plugin(<name> SOURCES ... [LIBS ...])
#
# Builds libacc_plugin_<name>.so.<ABI major> into build/lib/acc/plugins with
# every symbol hidden except the ABI entry point, links the plugin boundary
# library (plugins/common: the generated entry table, guard, handles, vendor
# library loader), and defines the alias acc::plugin::<name>.
set(ACC_PLUGIN_ABI_MAJOR 1)
function(acc_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  set(target acc_plugin_${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  add_library(acc::plugin::${name} ALIAS ${target})
  target_link_libraries(${target} PRIVATE acc_plugin_common acc_plugin_headers
    ${ARG_LIBS})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    SUFFIX ".so.${ACC_PLUGIN_ABI_MAJOR}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${ACC_PLUGIN_OUTPUT_DIRECTORY})
  target_link_options(${target} PRIVATE
    "LINKER:--version-script=${PROJECT_SOURCE_DIR}/plugins/plugin.map"
    "LINKER:--no-undefined")
endfunction()

# acc_hide_static_library(<target>)
#
# The settings of acc's static libraries that end up inside shared objects
# (libacc, the plugins): position-independent code, every symbol hidden so
# the library exports nothing of its own, and the project's warnings.
function(acc_hide_static_library target)
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra)
  endif()
endfunction()
