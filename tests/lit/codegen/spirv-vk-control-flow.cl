// Vulkan SPIR-V needs structured control flow: the portable IR's cf graph
// is lifted to scf and becomes OpSelectionMerge / OpLoopMerge constructs.
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.spv && %spirv-val-vk %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s

// CHECK: OpLoopMerge
// CHECK: OpSelectionMerge
kernel void loops(global int *a, int n) {
  int i = get_global_id(0);
  int acc = 0;
  for (int j = 0; j < n; ++j) {
    if (a[j] < 0)
      continue;
    if (a[j] > 100)
      break;
    acc += a[j];
  }
  int k = 0;
  while (k < n && a[k] != 7)
    ++k;
  do {
    acc ^= k;
    --k;
  } while (k > 0);
  for (int x = 0; x < 4; ++x)
    for (int y = 0; y < x; ++y)
      acc += x * y;
  a[i] = acc;
}

kernel void switches(global int *a, int n) {
  int i = get_global_id(0);
  switch (a[i]) {
  case 0:
    a[i] = 10;
    break;
  case 1:
  case 2:
    a[i] = 20;
  case 3:
    a[i] += 30;
    break;
  default:
    if (n > 3)
      return;
    a[i] = -1;
  }
  switch (n) {
  case 5:
    return;
  }
  a[i] += n > 0 ? 1 : 2;
}

kernel void early_return(global float *a, int n) {
  int i = get_global_id(0);
  if (i >= n)
    return;
  for (;;) {
    a[i] *= 0.5f;
    if (a[i] < 1.0f)
      return;
  }
}
