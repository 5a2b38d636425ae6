// The bundle records, per kernel, its arguments (kind, address space,
// access, element or scalar type, size, alignment), flags, required
// work-group size and resource layout (buffer bindings in argument order,
// scalar-block offsets at natural alignment, the block's size);
// acc-info --bundle prints them.
// RUN: %acc-cc %s -o %t.accbin
// RUN: %acc-info --bundle %t.accbin | FileCheck %s
// RUN: %acc-info --bundle %t.accbin --json | FileCheck %s --check-prefix=JSON
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv

// CHECK: checksum: {{.*}}(ok)
// CHECK: code objects:
// CHECK: cpu-x86_64
// CHECK: kernels: {{ *}}2
// CHECK-LABEL: {{^ *}}tiled
// CHECK-NEXT: flags: uses-fp64
// CHECK-NEXT: required work-group size: 8 x 4 x 1
// CHECK-NEXT: scalar block: 24 bytes
// CHECK-NEXT: arg 0: {{.*}} out: buffer, global, read-write, f32, size 8, align 4, binding 0{{$}}
// CHECK-NEXT: arg 1: {{.*}} coef: buffer, constant, read, f32, size 8, align 4, binding 1{{$}}
// CHECK-NEXT: arg 2: {{.*}} idx: buffer, global, read, i32, size 8, align 4, binding 2{{$}}
// CHECK-NEXT: arg 3: {{.*}} scale: scalar, f64, size 8, align 8, offset 0{{$}}
// CHECK-NEXT: arg 4: {{.*}} n: scalar, u64, size 8, align 8, offset 8{{$}}
// CHECK-NEXT: arg 5: {{.*}} c: scalar, i8, size 1, align 1, offset 16{{$}}
// CHECK-NEXT: arg 6: {{.*}} s: scalar, u16, size 2, align 2, offset 18{{$}}
// CHECK-NEXT: arg 7: {{.*}} bytes: buffer, global, read-write, u8, size 8, align 1, binding 3{{$}}
__attribute__((reqd_work_group_size(8, 4, 1)))
kernel void tiled(global float *out, constant float *coef, global const int *idx,
                  double scale, ulong n, char c, ushort s, global uchar *bytes) {
  out[get_global_id(0)] = coef[0] * idx[0] * scale + n + c + s + bytes[0];
}

// No fp64, no required size.
// CHECK-LABEL: {{^ *}}plain
// CHECK-NEXT: flags: none
// CHECK-NOT: required work-group size
// CHECK-NEXT: scalar block: 4 bytes
// CHECK-NEXT: arg 0: {{.*}} o: buffer, global, read-write, u32, size 8, align 4, binding 0{{$}}
// CHECK-NEXT: arg 1: {{.*}} v: scalar, i32, size 4, align 4, offset 0{{$}}
kernel void plain(global uint *o, int v) { o[0] = v; }

// JSON: "kernels": [
// JSON: "access": "read-write",
// JSON-NEXT: "address_space": "global",
// JSON-NEXT: "alignment": 4,
// JSON-NEXT: "binding": 0,
// JSON-NEXT: "kind": "buffer",
// JSON-NEXT: "name": "out",
// JSON: "kind": "scalar",
// JSON-NEXT: "name": "scale",
// JSON-NEXT: "offset": 0,
// JSON: "binding": 3,
// JSON-NEXT: "kind": "buffer",
// JSON-NEXT: "name": "bytes",
// JSON: "name": "tiled",
// JSON: "scalar_block_size": 24
// JSON: "name": "plain",
// JSON: "scalar_block_size": 4
