// Images and samplers are refused at the kernel's signature.
// RUN: not %acc-cc %s -o %t 2>&1 | FileCheck %s

// CHECK: {{.*}}image-arg.cl:[[@LINE+1]]:54: error: a kernel argument of image type '{{.*}}image2d_t' is not supported by acc; acc kernels take buffers, local memory and values only (images: pass the pixels in a buffer and index it)
kernel void k(global float *out, read_only image2d_t img) {
  out[0] = 1.0f;
}
// CHECK: {{.*}}image-arg.cl:[[@LINE+1]]:44: error: a kernel argument of sampler type 'sampler_t' is not supported by acc
kernel void s(global float *out, sampler_t smp) {
  out[0] = 1.0f;
}
// CHECK: 2 errors generated.
