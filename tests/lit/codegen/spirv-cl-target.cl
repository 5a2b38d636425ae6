// The spirv-cl target writes SPIR-V 1.0 with the Kernel capability, the
// Physical64 addressing model and the OpenCL memory model: one OpEntryPoint
// per kernel, buffers as CrossWorkgroup pointers indexed with
// OpPtrAccessChain, and work-item queries as loads of OpenCL's builtin
// variables, 3 x 64-bit (size_t) except the 32-bit WorkDim. OpenCL's
// GlobalInvocationId includes the global offset, so get_global_id(d) is that
// builtin alone, with no GlobalOffset added. reqd_work_group_size becomes
// OpExecutionMode LocalSize; spirv-update-vce keeps only the capabilities a
// module uses.
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
// SPV-NOT: OpCapability
// SPV: OpMemoryModel Physical64 OpenCL
// SPV-DAG: OpEntryPoint Kernel %scale "scale" %[[GID:[A-Za-z_]*GlobalInvocationId[A-Za-z_]*]]{{$}}
// SPV-DAG: OpEntryPoint Kernel %queries "queries"
// SPV-DAG: OpEntryPoint Kernel %narrow "narrow"
// SPV-DAG: OpExecutionMode %narrow LocalSize 16 4 1
// SPV-DAG: OpDecorate %[[GID]] BuiltIn GlobalInvocationId
// SPV-DAG: OpDecorate %{{.*}} BuiltIn GlobalOffset
// SPV-DAG: OpDecorate %{{.*}} BuiltIn GlobalSize
// SPV-DAG: OpDecorate %{{.*}} BuiltIn LocalInvocationId
// SPV-DAG: OpDecorate %{{.*}} BuiltIn WorkgroupId
// SPV-DAG: OpDecorate %{{.*}} BuiltIn WorkgroupSize
// SPV-DAG: OpDecorate %{{.*}} BuiltIn NumWorkgroups
// SPV-DAG: OpDecorate %[[WD:.*]] BuiltIn WorkDim
// SPV-DAG: %[[U64:.*]] = OpTypeInt 64 0
// SPV-DAG: %[[U32:.*]] = OpTypeInt 32 0
// SPV-DAG: %[[V3:.*]] = OpTypeVector %[[U64]] 3
// SPV-DAG: %[[IN3:.*]] = OpTypePointer Input %[[V3]]
// SPV-DAG: %[[GID]] = OpVariable %[[IN3]] Input
// SPV-DAG: %[[IN1:.*]] = OpTypePointer Input %[[U32]]
// SPV-DAG: %[[WD]] = OpVariable %[[IN1]] Input
// SPV-DAG: OpTypePointer CrossWorkgroup %double
// SPV-DAG: OpTypePointer CrossWorkgroup %uchar
// SPV-DAG: OpTypePointer CrossWorkgroup %ushort
// SPV: %scale = OpFunction
// SPV: OpPtrAccessChain
// SPV: OpFunctionEnd

// MLIR: spirv.module @__spv__kernels Physical64 OpenCL requires #spirv.vce<v1.0,

// get_global_id(0) is GlobalInvocationId[0], compared and used as an index.
// MLIR-LABEL: spirv.func @scale(
// MLIR-SAME: %[[OUT:[^:]*]]: !spirv.ptr<f64, CrossWorkgroup>, %[[IN:[^:]*]]: !spirv.ptr<f64, CrossWorkgroup>, %[[F:[^:]*]]: f64, %[[N:[^:]*]]: i32)
// MLIR-NOT: GlobalOffset
// MLIR: %[[GIDP:.*]] = spirv.mlir.addressof @__builtin__GlobalInvocationId__ : !spirv.ptr<vector<3xi64>, Input>
// MLIR: %[[GIDV:.*]] = spirv.Load "Input" %[[GIDP]] : vector<3xi64>
// MLIR: %[[I:.*]] = spirv.CompositeExtract %[[GIDV]][0 : i32] : vector<3xi64>
// MLIR-NOT: GlobalOffset
// MLIR: %[[NI:.*]] = spirv.SConvert %[[N]] : i32 to i64
// MLIR: spirv.ULessThan %[[I]], %[[NI]] : i64
// MLIR: %[[SRC:.*]] = spirv.PtrAccessChain %[[IN]][%[[I]]] : !spirv.ptr<f64, CrossWorkgroup>, i64
// MLIR: spirv.Load "CrossWorkgroup" %[[SRC]] : f64
// MLIR: spirv.PtrAccessChain %[[OUT]][%[[I]]]
// MLIR: spirv.Return
kernel void scale(global double *out, global const double *in, double f,
                  int n) {
  size_t i = get_global_id(0);
  if (i < n)
    out[i] = in[i] * f;
}

// Each query reads its own builtin, in the dimension asked for; the global
// offset is read once, at the top (get_global_id's offset cancels out).
// MLIR-LABEL: spirv.func @queries(
// MLIR-DAG: %[[C0:.*]] = spirv.Constant 0 : i64
// MLIR: %[[GOV:.*]] = spirv.Load "Input" %__builtin__GlobalOffset___addr : vector<3xi64>
// MLIR: %[[GO:.*]] = spirv.CompositeExtract %[[GOV]][1 : i32]
// MLIR: %[[IDV:.*]] = spirv.Load "Input" %__builtin__GlobalInvocationId___addr : vector<3xi64>
// MLIR: %[[ID:.*]] = spirv.CompositeExtract %[[IDV]][1 : i32]
// MLIR: %[[P0:.*]] = spirv.PtrAccessChain %{{.*}}[%[[C0]]]
// MLIR: spirv.Store "CrossWorkgroup" %[[P0]], %[[ID]] : i64
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[GO]] : i64
// MLIR: %[[LIDV:.*]] = spirv.Load "Input" %__builtin__LocalInvocationId___addr : vector<3xi64>
// MLIR: %[[LID:.*]] = spirv.CompositeExtract %[[LIDV]][0 : i32]
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[LID]] : i64
// MLIR: %[[GRPV:.*]] = spirv.Load "Input" %__builtin__WorkgroupId___addr : vector<3xi64>
// MLIR: %[[GRP:.*]] = spirv.CompositeExtract %[[GRPV]][2 : i32]
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[GRP]] : i64
// MLIR: %[[LSZV:.*]] = spirv.Load "Input" %__builtin__WorkgroupSize___addr : vector<3xi64>
// MLIR: %[[LSZ:.*]] = spirv.CompositeExtract %[[LSZV]][0 : i32]
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[LSZ]] : i64
// MLIR: %[[NGV:.*]] = spirv.Load "Input" %__builtin__NumWorkgroups___addr : vector<3xi64>
// MLIR: %[[NG:.*]] = spirv.CompositeExtract %[[NGV]][1 : i32]
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[NG]] : i64
// MLIR: %[[GSV:.*]] = spirv.Load "Input" %__builtin__GlobalSize___addr : vector<3xi64>
// MLIR: %[[GS:.*]] = spirv.CompositeExtract %[[GSV]][2 : i32]
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[GS]] : i64
// MLIR: %[[WDV:.*]] = spirv.Load "Input" %__builtin__WorkDim___addr : i32
// MLIR: %[[WD64:.*]] = spirv.UConvert %[[WDV]] : i32 to i64
// MLIR: %[[WD32:.*]] = spirv.UConvert %[[WD64]] : i64 to i32
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %[[WD32]] : i32
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

// char and short buffers keep their width (Int8, Int16). exp2 is OpenCL's
// pow(2, x) and trunc a select of ceil and floor: MLIR's SPIR-V dialect has
// no OpenCL.std exp2 or trunc.
// MLIR-LABEL: spirv.func @narrow(
// MLIR-SAME: !spirv.ptr<i8, CrossWorkgroup>, %{{[^:]*}}: !spirv.ptr<i16, CrossWorkgroup>, %{{[^:]*}}: !spirv.ptr<f32, CrossWorkgroup>, %[[X:[^:]*]]: f32)
// MLIR-DAG: %[[TWO:.*]] = spirv.Constant 2.000000e+00 : f32
// MLIR-DAG: %[[ZERO:.*]] = spirv.Constant 0.000000e+00 : f32
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %{{.*}} : i8
// MLIR: spirv.Store "CrossWorkgroup" %{{.*}}, %{{.*}} : i16
// MLIR: spirv.CL.pow %[[TWO]], %[[X]] : f32
// MLIR: %[[NEG:.*]] = spirv.FOrdLessThan %[[X]], %[[ZERO]] : f32
// MLIR: %[[UP:.*]] = spirv.CL.ceil %[[X]] : f32
// MLIR: %[[DOWN:.*]] = spirv.CL.floor %[[X]] : f32
// MLIR: spirv.Select %[[NEG]], %[[UP]], %[[DOWN]] : i1, f32
// MLIR: spirv.EntryPoint "Kernel" @scale, @__builtin__GlobalInvocationId__
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
// BUNDLE-NEXT: spirv-cl {{ *}}arch spirv-1.0
// BUNDLE: kernels: {{ *}}3
