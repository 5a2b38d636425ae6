// Kernels of test_vulkan_plugin.cpp.

kernel void add_one(global const uint *in, global uint *out) {
  size_t i = get_global_id(0);
  out[i] = in[i] + 1u;
}

kernel void fill_index(global uint *out, uint base) {
  size_t i = get_global_id(0);
  out[i] = base + (uint)i;
}
