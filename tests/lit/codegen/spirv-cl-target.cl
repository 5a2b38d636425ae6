// The spirv-cl target writes SPIR-V 1.0 with the Kernel capability, the
// Physical64 addressing model and the OpenCL memory model: one OpEntryPoint
// per kernel, buffers as CrossWorkgroup pointers indexed with
// OpPtrAccessChain. Work-item queries follow launch convention 1
// (acc/acc_launch.h): every kernel takes the launch words as a trailing
// ulong16 argument (vector<16xi64>: .s0-.s2 global offset, .s3-.s5 global
// size, .s6-.s7 group offset and work_dim, .s8-.s9 local size, 32-bit
// fields in halves), and the queries combine them with OpenCL's native
// LocalInvocationId, WorkgroupId and WorkgroupSize (3 x 64-bit size_t); no
// other builtin is read. A kernel without barriers retires, on entry, the
// work-items of a range rounded up to whole groups. reqd_work_group_size
// becomes OpExecutionMode LocalSize; spirv-update-vce keeps only the
// capabilities a module uses. The bundle's code object says launch_abi 1.
// RUN: %acc-cc --emit=mlir --target=spirv-cl %s | FileCheck %s --check-prefix=MLIR
// RUN: %acc-cc --emit=spirv %s -o %t.spv && %spirv-val-cl %t.spv
// RUN: %acc-cc --emit=spirv --target=spirv-vk %s -o %t.vk.spv && %spirv-val-vk %t.vk.spv
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=SPV
// RUN: %acc-cc --emit=spirv --target=spirv-cl %s -o - | spirv-dis - | FileCheck %s --check-prefix=SPV
// RUN: %acc-cc --targets=spirv-cl %s -o %t.accbin && %acc-info --bundle %t.accbin | FileCheck %s --check-prefix=BUNDLE
// RUN: %acc-cc --emit=opencl-c %s -o %t.gen.cl && %clang-cl-syntax %t.gen.cl

// SPV: ; Version: 1.0
// SPV-DAG: OpCapability Addresses
// SPV-DAG: OpCapability Kernel
// SPV-DAG: OpCapability Int64
// SPV-DAG: OpCapability Float64
// SPV-DAG: OpCapability Int8
// SPV-DAG: OpCapability Int16
// SPV-DAG: OpCapability Vector16
// SPV-NOT: OpCapability
// SPV: OpMemoryModel Physical64 OpenCL
// SPV-DAG: OpEntryPoint Kernel %scale "scale" %[[LID:[A-Za-z_]*LocalInvocationId[A-Za-z_]*]] %[[GRP:[A-Za-z_]*WorkgroupId[A-Za-z_]*]]{{$}}
// SPV-DAG: OpEntryPoint Kernel %queries "queries"
// SPV-DAG: OpEntryPoint Kernel %narrow "narrow"
// SPV-DAG: OpExecutionMode %narrow LocalSize 16 4 1
// SPV-DAG: OpDecorate %[[LID]] BuiltIn LocalInvocationId
// SPV-DAG: OpDecorate %[[GRP]] BuiltIn WorkgroupId
// SPV-DAG: OpDecorate %{{.*}} BuiltIn WorkgroupSize
// SPV-NOT: BuiltIn GlobalInvocationId
// SPV-NOT: BuiltIn GlobalOffset
// SPV-NOT: BuiltIn WorkDim
// SPV-DAG: %[[U64:.*]] = OpTypeInt 64 0
// SPV-DAG: %[[V16:.*]] = OpTypeVector %[[U64]] 16
// SPV-DAG: %[[V3:.*]] = OpTypeVector %[[U64]] 3
// SPV-DAG: %[[IN3:.*]] = OpTypePointer Input %[[V3]]
// SPV-DAG: %[[LID]] = OpVariable %[[IN3]] Input
// SPV-DAG: OpTypePointer CrossWorkgroup %double
// SPV-DAG: OpTypePointer CrossWorkgroup %uchar
// SPV-DAG: OpTypePointer CrossWorkgroup %ushort
// SPV: %scale = OpFunction
// SPV: OpFunctionParameter %[[V16]]
// SPV: OpPtrAccessChain
// SPV: OpFunctionEnd

// MLIR: spirv.module @__spv__kernels Physical64 OpenCL requires #spirv.vce<v1.0,

// get_global_id(0) = (group offset + WorkgroupId) * local size + local id
// + global offset; the work-items past the global size return first.
// MLIR-LABEL: spirv.func @scale(
// MLIR-SAME: %[[OUT:[^:]*]]: !spirv.ptr<f64, CrossWorkgroup>, %[[IN:[^:]*]]: !spirv.ptr<f64, CrossWorkgroup>, %[[F:[^:]*]]: f64, %[[N:[^:]*]]: i32, %[[W:[^:]*]]: vector<16xi64>)
// MLIR-NOT: GlobalInvocationId
// MLIR: %[[LIDV:.*]] = spirv.Load "Input" %__builtin__LocalInvocationId___addr : vector<3xi64>
// MLIR: %[[LID:.*]] = spirv.CompositeExtract %[[LIDV]][0 : i32] : vector<3xi64>
// MLIR: %[[LS:.*]] = spirv.CompositeExtract %[[W]][8 : i32] : vector<16xi64>
// MLIR: %[[GRPV:.*]] = spirv.Load "Input" %__builtin__WorkgroupId___addr : vector<3xi64>
// MLIR: %[[GRP:.*]] = spirv.CompositeExtract %[[GRPV]][0 : i32] : vector<3xi64>
// MLIR: %[[GOFF:.*]] = spirv.CompositeExtract %[[W]][6 : i32] : vector<16xi64>
// MLIR: %[[GID:.*]] = spirv.IAdd %{{.*}}, %[[GRP]] : i64
// MLIR: %[[START:.*]] = spirv.IMul %[[GID]], %{{.*}} : i64
// MLIR: %[[ID:.*]] = spirv.IAdd %[[START]], %[[LID]] : i64
// MLIR: %[[OFF:.*]] = spirv.CompositeExtract %[[W]][0 : i32] : vector<16xi64>
// MLIR: %[[GS:.*]] = spirv.CompositeExtract %[[W]][3 : i32] : vector<16xi64>
// MLIR: spirv.UGreaterThanEqual %[[ID]], %[[GS]] : i64
// MLIR: spirv.BranchConditional %{{.*}}, ^[[RETIRE:bb[0-9]+]], ^[[BODY:bb[0-9]+]]
// MLIR: ^[[BODY]]:
// MLIR: %[[I:.*]] = spirv.IAdd %[[ID]], %[[OFF]] : i64
// MLIR: %[[NI:.*]] = spirv.SConvert %[[N]] : i32 to i64
// MLIR: spirv.ULessThan %[[I]], %[[NI]] : i64
// MLIR: %[[SRC:.*]] = spirv.PtrAccessChain %[[IN]][%[[I]]] : !spirv.ptr<f64, CrossWorkgroup>, i64
// MLIR: spirv.Load "CrossWorkgroup" %[[SRC]] : f64
// MLIR: spirv.PtrAccessChain %[[OUT]][%[[I]]]
// MLIR: ^[[RETIRE]]:
// MLIR-NEXT: spirv.Return
kernel void scale(global double *out, global const double *in, double f,
                  int n) {
  size_t i = get_global_id(0);
  if (i < n)
    out[i] = in[i] * f;
}

// Each query in its dimension: the global offset and size are words
// .s1 and .s5, the group id adds the group offset (.s7's low half for z) to
// WorkgroupId, get_local_size(0) is the smaller of WorkgroupSize and what
// is left of the range, get_num_groups(1) a rounded-up division, and
// get_work_dim() .s7's high half.
// MLIR-LABEL: spirv.func @queries(
// MLIR-SAME: %[[QW:[^:]*]]: vector<16xi64>)
// MLIR-DAG: %[[C32:.*]] = spirv.Constant 32 : i64
// MLIR-DAG: %[[GO1:.*]] = spirv.CompositeExtract %[[QW]][1 : i32] : vector<16xi64>
// MLIR-DAG: %[[S7:.*]] = spirv.CompositeExtract %[[QW]][7 : i32] : vector<16xi64>
// MLIR-DAG: %[[GS2:.*]] = spirv.CompositeExtract %[[QW]][5 : i32] : vector<16xi64>
// MLIR-DAG: %[[WSV:.*]] = spirv.Load "Input" %__builtin__WorkgroupSize___addr : vector<3xi64>
// MLIR-DAG: %[[WS0:.*]] = spirv.CompositeExtract %[[WSV]][0 : i32] : vector<3xi64>
// MLIR-DAG: %[[LSZ:.*]] = spirv.CL.u_min %[[WS0]], %{{.*}} : i64
// MLIR-DAG: %[[NG:.*]] = spirv.UDiv %{{.*}}, %{{.*}} : i64
// MLIR-DAG: %[[WDH:.*]] = spirv.ShiftRightLogical %[[S7]], %[[C32]] : i64, i64
// MLIR: spirv.BranchConditional
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[GO1]] : i64
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[LSZ]] : i64
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[NG]] : i64
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[GS2]] : i64
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %{{.*}} : i32
kernel void queries(global ulong *o, global uint *u) {
  o[0] = get_global_id(1);
  o[1] = get_global_offset(1);
  o[2] = get_local_id(0);
  o[3] = get_group_id(2);
  o[4] = get_local_size(0);
  o[5] = get_num_groups(1);
  o[6] = get_global_size(2);
  u[0] = get_work_dim();
}

// char and short buffers keep their width (Int8, Int16). exp2 and trunc,
// which MLIR's SPIR-V dialect has no OpenCL.std op for, are calls of
// placeholders (OpenCL.std instructions 20 and 66) that the binary edits
// turn into OpExtInst exp2 and trunc.
// MLIR-LABEL: spirv.func @narrow(
// MLIR-SAME: !spirv.ptr<i8, CrossWorkgroup>, %{{[^:]*}}: !spirv.ptr<i16, CrossWorkgroup>, %{{[^:]*}}: !spirv.ptr<f32, CrossWorkgroup>, %[[X:[^:]*]]: f32, %{{[^:]*}}: vector<16xi64>)
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %{{.*}} : i8
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %{{.*}} : i16
// MLIR: spirv.FunctionCall @__acc_cl_std_20_f32_f32(%[[X]]) : (f32) -> f32
// MLIR: spirv.FunctionCall @__acc_cl_std_66_f32_f32(%[[X]]) : (f32) -> f32
// SPV-DAG: OpExtInst %float %{{.*}} exp2
// SPV-DAG: OpExtInst %float %{{.*}} trunc
// SPV-NOT: __acc_cl_std
// MLIR: spirv.EntryPoint "Kernel" @scale, @__builtin__LocalInvocationId__, @__builtin__WorkgroupId__
// MLIR: spirv.EntryPoint "Kernel" @queries,
// MLIR: spirv.EntryPoint "Kernel" @narrow,
// MLIR: spirv.ExecutionMode @narrow "LocalSize", 16, 4, 1
__attribute__((reqd_work_group_size(16, 4, 1)))
kernel void narrow(global char *c, global short *s, global float *f, float x) {
  size_t i = get_global_id(0) + get_global_id(1) * get_global_size(0);
  c[i] = (char)i;
  s[i] = (short)i;
  f[2 * i] = exp2(x);
  f[2 * i + 1] = trunc(x);
}

// BUNDLE: code objects: {{ *}}1
// BUNDLE-NEXT: spirv-cl {{ *}}arch spirv-1.0 {{.*}} launch convention 1
// BUNDLE: kernels: {{ *}}3
