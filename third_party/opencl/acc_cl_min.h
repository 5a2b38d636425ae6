/*===- acc_cl_min.h - The part of the OpenCL API the opencl plugin uses ----===*
 *
 * Part of acc, a cross-vendor accelerator SDK.
 *
 * Written for acc; not derived from the Khronos headers. It declares only the
 * OpenCL types, constants and function types that plugins/opencl uses, so the
 * plugin builds on a machine without an OpenCL SDK. Every numeric value below
 * follows the OpenCL 1.2 specification (section 4-5 enumerants and the
 * cl_khr_icd extension), except the ones marked with the version that
 * introduced them. The functions are never linked: the plugin looks them up
 * in the ICD loader (libOpenCL.so.1) with dlsym (see plugins/opencl/
 * symbols.inc), so only their types are declared here, as
 * `acc_cl_<function>_fn` function types.
 *
 * Add a declaration here only together with the code that uses it.
 *
 *===----------------------------------------------------------------------===*/
#ifndef ACC_THIRD_PARTY_OPENCL_ACC_CL_MIN_H
#define ACC_THIRD_PARTY_OPENCL_ACC_CL_MIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define ACC_CL_API __stdcall
#else
#define ACC_CL_API
#endif

/* -- Scalar types --------------------------------------------------------- */
typedef int32_t cl_int;
typedef uint32_t cl_uint;
typedef uint64_t cl_ulong;
typedef cl_uint cl_bool;
typedef cl_ulong cl_bitfield;

typedef cl_bitfield cl_device_type;
typedef cl_bitfield cl_device_fp_config;
typedef cl_bitfield cl_command_queue_properties;
typedef cl_bitfield cl_mem_flags;
typedef cl_uint cl_platform_info;
typedef cl_uint cl_device_info;
typedef cl_uint cl_program_info;
typedef cl_uint cl_program_build_info;
typedef cl_uint cl_kernel_info;
typedef cl_uint cl_kernel_work_group_info;
typedef cl_uint cl_event_info;
typedef cl_uint cl_profiling_info;
typedef intptr_t cl_context_properties;

/* -- Opaque objects ------------------------------------------------------- */
typedef struct _cl_platform_id* cl_platform_id;
typedef struct _cl_device_id* cl_device_id;
typedef struct _cl_context* cl_context;
typedef struct _cl_command_queue* cl_command_queue;
typedef struct _cl_mem* cl_mem;
typedef struct _cl_program* cl_program;
typedef struct _cl_kernel* cl_kernel;
typedef struct _cl_event* cl_event;

/* -- Booleans ------------------------------------------------------------- */
#define CL_FALSE 0
#define CL_TRUE 1

/* -- Error codes ---------------------------------------------------------- */
#define CL_SUCCESS 0
#define CL_DEVICE_NOT_FOUND -1
#define CL_DEVICE_NOT_AVAILABLE -2
#define CL_COMPILER_NOT_AVAILABLE -3
#define CL_MEM_OBJECT_ALLOCATION_FAILURE -4
#define CL_OUT_OF_RESOURCES -5
#define CL_OUT_OF_HOST_MEMORY -6
#define CL_PROFILING_INFO_NOT_AVAILABLE -7
#define CL_MEM_COPY_OVERLAP -8
#define CL_IMAGE_FORMAT_MISMATCH -9
#define CL_IMAGE_FORMAT_NOT_SUPPORTED -10
#define CL_BUILD_PROGRAM_FAILURE -11
#define CL_MAP_FAILURE -12
#define CL_MISALIGNED_SUB_BUFFER_OFFSET -13
#define CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST -14
#define CL_COMPILE_PROGRAM_FAILURE -15
#define CL_LINKER_NOT_AVAILABLE -16
#define CL_LINK_PROGRAM_FAILURE -17
#define CL_DEVICE_PARTITION_FAILED -18
#define CL_KERNEL_ARG_INFO_NOT_AVAILABLE -19
#define CL_INVALID_VALUE -30
#define CL_INVALID_DEVICE_TYPE -31
#define CL_INVALID_PLATFORM -32
#define CL_INVALID_DEVICE -33
#define CL_INVALID_CONTEXT -34
#define CL_INVALID_QUEUE_PROPERTIES -35
#define CL_INVALID_COMMAND_QUEUE -36
#define CL_INVALID_HOST_PTR -37
#define CL_INVALID_MEM_OBJECT -38
#define CL_INVALID_IMAGE_FORMAT_DESCRIPTOR -39
#define CL_INVALID_IMAGE_SIZE -40
#define CL_INVALID_SAMPLER -41
#define CL_INVALID_BINARY -42
#define CL_INVALID_BUILD_OPTIONS -43
#define CL_INVALID_PROGRAM -44
#define CL_INVALID_PROGRAM_EXECUTABLE -45
#define CL_INVALID_KERNEL_NAME -46
#define CL_INVALID_KERNEL_DEFINITION -47
#define CL_INVALID_KERNEL -48
#define CL_INVALID_ARG_INDEX -49
#define CL_INVALID_ARG_VALUE -50
#define CL_INVALID_ARG_SIZE -51
#define CL_INVALID_KERNEL_ARGS -52
#define CL_INVALID_WORK_DIMENSION -53
#define CL_INVALID_WORK_GROUP_SIZE -54
#define CL_INVALID_WORK_ITEM_SIZE -55
#define CL_INVALID_GLOBAL_OFFSET -56
#define CL_INVALID_EVENT_WAIT_LIST -57
#define CL_INVALID_EVENT -58
#define CL_INVALID_OPERATION -59
#define CL_INVALID_GL_OBJECT -60
#define CL_INVALID_BUFFER_SIZE -61
#define CL_INVALID_MIP_LEVEL -62
#define CL_INVALID_GLOBAL_WORK_SIZE -63
#define CL_INVALID_PROPERTY -64
#define CL_INVALID_IMAGE_DESCRIPTOR -65
#define CL_INVALID_COMPILER_OPTIONS -66
#define CL_INVALID_LINKER_OPTIONS -67
#define CL_INVALID_DEVICE_PARTITION_COUNT -68
/* OpenCL 2.0 and later; listed so their names appear in messages. */
#define CL_INVALID_PIPE_SIZE -69
#define CL_INVALID_DEVICE_QUEUE -70
#define CL_INVALID_SPEC_ID -71
#define CL_MAX_SIZE_RESTRICTION_EXCEEDED -72
/* cl_khr_icd: the ICD loader found no vendor driver. */
#define CL_PLATFORM_NOT_FOUND_KHR -1001

/* -- cl_platform_info ----------------------------------------------------- */
#define CL_PLATFORM_VERSION 0x0901
#define CL_PLATFORM_NAME 0x0902
#define CL_PLATFORM_VENDOR 0x0903

/* -- cl_device_type ------------------------------------------------------- */
#define CL_DEVICE_TYPE_DEFAULT (1u << 0)
#define CL_DEVICE_TYPE_CPU (1u << 1)
#define CL_DEVICE_TYPE_GPU (1u << 2)
#define CL_DEVICE_TYPE_ACCELERATOR (1u << 3)
#define CL_DEVICE_TYPE_CUSTOM (1u << 4)
#define CL_DEVICE_TYPE_ALL 0xFFFFFFFFu

/* -- cl_device_info ------------------------------------------------------- */
#define CL_DEVICE_TYPE 0x1000
#define CL_DEVICE_MAX_COMPUTE_UNITS 0x1002
#define CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS 0x1003
#define CL_DEVICE_MAX_WORK_GROUP_SIZE 0x1004
#define CL_DEVICE_MAX_WORK_ITEM_SIZES 0x1005
#define CL_DEVICE_ADDRESS_BITS 0x100D
#define CL_DEVICE_MAX_MEM_ALLOC_SIZE 0x1010
#define CL_DEVICE_MAX_PARAMETER_SIZE 0x1017
#define CL_DEVICE_GLOBAL_MEM_SIZE 0x101F
#define CL_DEVICE_LOCAL_MEM_SIZE 0x1023
#define CL_DEVICE_AVAILABLE 0x1027
#define CL_DEVICE_COMPILER_AVAILABLE 0x1028
#define CL_DEVICE_NAME 0x102B
#define CL_DEVICE_VENDOR 0x102C
#define CL_DRIVER_VERSION 0x102D
#define CL_DEVICE_PROFILE 0x102E
#define CL_DEVICE_VERSION 0x102F
#define CL_DEVICE_EXTENSIONS 0x1030
#define CL_DEVICE_DOUBLE_FP_CONFIG 0x1032
#define CL_DEVICE_HOST_UNIFIED_MEMORY 0x1035
#define CL_DEVICE_OPENCL_C_VERSION 0x103D
/* OpenCL 2.1 (also cl_khr_il_program's CL_DEVICE_IL_VERSION_KHR). */
#define CL_DEVICE_IL_VERSION 0x105B

/* -- cl_context_properties ---------------------------------------------- */
#define CL_CONTEXT_PLATFORM 0x1084

/* -- cl_command_queue_properties ------------------------------------------ */
#define CL_QUEUE_PROFILING_ENABLE (1u << 1)

/* -- cl_mem_flags --------------------------------------------------------- */
#define CL_MEM_READ_WRITE (1u << 0)
#define CL_MEM_WRITE_ONLY (1u << 1)
#define CL_MEM_READ_ONLY (1u << 2)
#define CL_MEM_ALLOC_HOST_PTR (1u << 4)

/* -- cl_program_info ------------------------------------------------------ */
#define CL_PROGRAM_NUM_DEVICES 0x1162
#define CL_PROGRAM_BINARY_SIZES 0x1165
#define CL_PROGRAM_BINARIES 0x1166

/* -- cl_program_build_info ------------------------------------------------ */
#define CL_PROGRAM_BUILD_LOG 0x1183

/* -- cl_kernel_info, cl_kernel_work_group_info ---------------------------- */
#define CL_KERNEL_NUM_ARGS 0x1191
#define CL_KERNEL_WORK_GROUP_SIZE 0x11B0
#define CL_KERNEL_LOCAL_MEM_SIZE 0x11B2
#define CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE 0x11B3

/* -- cl_event_info, command execution status, cl_profiling_info ---------- */
#define CL_EVENT_COMMAND_EXECUTION_STATUS 0x11D3
#define CL_COMPLETE 0x0
#define CL_PROFILING_COMMAND_END 0x1283

/* -- Function types (looked up at run time, never linked) ----------------- */
typedef cl_int ACC_CL_API acc_cl_clGetPlatformIDs_fn(
    cl_uint num_entries, cl_platform_id* platforms, cl_uint* num_platforms);
typedef cl_int ACC_CL_API acc_cl_clGetPlatformInfo_fn(
    cl_platform_id platform, cl_platform_info param_name,
    size_t param_value_size, void* param_value, size_t* param_value_size_ret);
typedef cl_int ACC_CL_API acc_cl_clGetDeviceIDs_fn(
    cl_platform_id platform, cl_device_type device_type, cl_uint num_entries,
    cl_device_id* devices, cl_uint* num_devices);
typedef cl_int ACC_CL_API acc_cl_clGetDeviceInfo_fn(
    cl_device_id device, cl_device_info param_name, size_t param_value_size,
    void* param_value, size_t* param_value_size_ret);

typedef void ACC_CL_API acc_cl_context_notify_fn(const char* errinfo,
                                                 const void* private_info,
                                                 size_t cb, void* user_data);
typedef cl_context ACC_CL_API acc_cl_clCreateContext_fn(
    const cl_context_properties* properties, cl_uint num_devices,
    const cl_device_id* devices, acc_cl_context_notify_fn* pfn_notify,
    void* user_data, cl_int* errcode_ret);
typedef cl_int ACC_CL_API acc_cl_clReleaseContext_fn(cl_context context);

/* Deprecated by OpenCL 2.0 in favour of clCreateCommandQueueWithProperties,
 * but every ICD loader exports it and it is the only one 1.2 drivers have. */
typedef cl_command_queue ACC_CL_API acc_cl_clCreateCommandQueue_fn(
    cl_context context, cl_device_id device,
    cl_command_queue_properties properties, cl_int* errcode_ret);
typedef cl_int ACC_CL_API acc_cl_clReleaseCommandQueue_fn(
    cl_command_queue command_queue);
typedef cl_int ACC_CL_API acc_cl_clFlush_fn(cl_command_queue command_queue);
typedef cl_int ACC_CL_API acc_cl_clFinish_fn(cl_command_queue command_queue);

typedef cl_mem ACC_CL_API acc_cl_clCreateBuffer_fn(cl_context context,
                                                   cl_mem_flags flags,
                                                   size_t size, void* host_ptr,
                                                   cl_int* errcode_ret);
typedef cl_int ACC_CL_API acc_cl_clReleaseMemObject_fn(cl_mem memobj);
typedef cl_int ACC_CL_API acc_cl_clEnqueueReadBuffer_fn(
    cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_read,
    size_t offset, size_t size, void* ptr, cl_uint num_events_in_wait_list,
    const cl_event* event_wait_list, cl_event* event);
typedef cl_int ACC_CL_API acc_cl_clEnqueueWriteBuffer_fn(
    cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_write,
    size_t offset, size_t size, const void* ptr,
    cl_uint num_events_in_wait_list, const cl_event* event_wait_list,
    cl_event* event);
typedef cl_int ACC_CL_API acc_cl_clEnqueueCopyBuffer_fn(
    cl_command_queue command_queue, cl_mem src_buffer, cl_mem dst_buffer,
    size_t src_offset, size_t dst_offset, size_t size,
    cl_uint num_events_in_wait_list, const cl_event* event_wait_list,
    cl_event* event);
typedef cl_int ACC_CL_API acc_cl_clEnqueueFillBuffer_fn(
    cl_command_queue command_queue, cl_mem buffer, const void* pattern,
    size_t pattern_size, size_t offset, size_t size,
    cl_uint num_events_in_wait_list, const cl_event* event_wait_list,
    cl_event* event);

typedef cl_program ACC_CL_API acc_cl_clCreateProgramWithSource_fn(
    cl_context context, cl_uint count, const char** strings,
    const size_t* lengths, cl_int* errcode_ret);
/* OpenCL 2.1; cl_khr_il_program's clCreateProgramWithILKHR has this type. */
typedef cl_program ACC_CL_API acc_cl_clCreateProgramWithIL_fn(
    cl_context context, const void* il, size_t length, cl_int* errcode_ret);
typedef cl_program ACC_CL_API acc_cl_clCreateProgramWithBinary_fn(
    cl_context context, cl_uint num_devices, const cl_device_id* device_list,
    const size_t* lengths, const unsigned char** binaries,
    cl_int* binary_status, cl_int* errcode_ret);
typedef void ACC_CL_API acc_cl_program_notify_fn(cl_program program,
                                                 void* user_data);
typedef cl_int ACC_CL_API acc_cl_clBuildProgram_fn(
    cl_program program, cl_uint num_devices, const cl_device_id* device_list,
    const char* options, acc_cl_program_notify_fn* pfn_notify,
    void* user_data);
typedef cl_int ACC_CL_API acc_cl_clGetProgramBuildInfo_fn(
    cl_program program, cl_device_id device, cl_program_build_info param_name,
    size_t param_value_size, void* param_value, size_t* param_value_size_ret);
typedef cl_int ACC_CL_API acc_cl_clGetProgramInfo_fn(
    cl_program program, cl_program_info param_name, size_t param_value_size,
    void* param_value, size_t* param_value_size_ret);
typedef cl_int ACC_CL_API acc_cl_clReleaseProgram_fn(cl_program program);

typedef cl_kernel ACC_CL_API acc_cl_clCreateKernel_fn(cl_program program,
                                                      const char* kernel_name,
                                                      cl_int* errcode_ret);
typedef cl_int ACC_CL_API acc_cl_clReleaseKernel_fn(cl_kernel kernel);
typedef cl_int ACC_CL_API acc_cl_clGetKernelInfo_fn(
    cl_kernel kernel, cl_kernel_info param_name, size_t param_value_size,
    void* param_value, size_t* param_value_size_ret);
typedef cl_int ACC_CL_API acc_cl_clGetKernelWorkGroupInfo_fn(
    cl_kernel kernel, cl_device_id device,
    cl_kernel_work_group_info param_name, size_t param_value_size,
    void* param_value, size_t* param_value_size_ret);
typedef cl_int ACC_CL_API acc_cl_clSetKernelArg_fn(cl_kernel kernel,
                                                   cl_uint arg_index,
                                                   size_t arg_size,
                                                   const void* arg_value);
typedef cl_int ACC_CL_API acc_cl_clEnqueueNDRangeKernel_fn(
    cl_command_queue command_queue, cl_kernel kernel, cl_uint work_dim,
    const size_t* global_work_offset, const size_t* global_work_size,
    const size_t* local_work_size, cl_uint num_events_in_wait_list,
    const cl_event* event_wait_list, cl_event* event);

/* Events. The marker and barrier with wait lists are OpenCL 1.2. */
typedef cl_int ACC_CL_API acc_cl_clEnqueueMarkerWithWaitList_fn(
    cl_command_queue command_queue, cl_uint num_events_in_wait_list,
    const cl_event* event_wait_list, cl_event* event);
typedef cl_int ACC_CL_API acc_cl_clEnqueueBarrierWithWaitList_fn(
    cl_command_queue command_queue, cl_uint num_events_in_wait_list,
    const cl_event* event_wait_list, cl_event* event);
typedef cl_int ACC_CL_API acc_cl_clWaitForEvents_fn(cl_uint num_events,
                                                    const cl_event* events);
typedef cl_int ACC_CL_API acc_cl_clGetEventInfo_fn(
    cl_event event, cl_event_info param_name, size_t param_value_size,
    void* param_value, size_t* param_value_size_ret);
typedef cl_int ACC_CL_API acc_cl_clGetEventProfilingInfo_fn(
    cl_event event, cl_profiling_info param_name, size_t param_value_size,
    void* param_value, size_t* param_value_size_ret);
typedef cl_int ACC_CL_API acc_cl_clReleaseEvent_fn(cl_event event);

/* OpenCL 1.2: extension entry points of one platform (used for
 * clCreateProgramWithILKHR when the loader lacks clCreateProgramWithIL). */
typedef void* ACC_CL_API acc_cl_clGetExtensionFunctionAddressForPlatform_fn(
    cl_platform_id platform, const char* func_name);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ACC_THIRD_PARTY_OPENCL_ACC_CL_MIN_H */
