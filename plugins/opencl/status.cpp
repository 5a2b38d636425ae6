//===- status.cpp - OpenCL error codes as acc results ---------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// The one place where OpenCL error codes become acc_result_t codes
// (resultFromCl) and are named (clErrorName), so every message that comes
// from a failed OpenCL call carries the function and the CL error's name.
// Reporting itself is plugins/common's (acc/plugin/Status.h).
//
//===----------------------------------------------------------------------===//
#include "opencl_plugin.h"

#include <string>

using namespace acc::opencl;

std::string acc::opencl::clErrorName(cl_int error) {
  switch (error) {
#define ACC_CL_ERROR(name)                                                     \
  case name:                                                                   \
    return #name;
    ACC_CL_ERROR(CL_SUCCESS)
    ACC_CL_ERROR(CL_DEVICE_NOT_FOUND)
    ACC_CL_ERROR(CL_DEVICE_NOT_AVAILABLE)
    ACC_CL_ERROR(CL_COMPILER_NOT_AVAILABLE)
    ACC_CL_ERROR(CL_MEM_OBJECT_ALLOCATION_FAILURE)
    ACC_CL_ERROR(CL_OUT_OF_RESOURCES)
    ACC_CL_ERROR(CL_OUT_OF_HOST_MEMORY)
    ACC_CL_ERROR(CL_PROFILING_INFO_NOT_AVAILABLE)
    ACC_CL_ERROR(CL_MEM_COPY_OVERLAP)
    ACC_CL_ERROR(CL_IMAGE_FORMAT_MISMATCH)
    ACC_CL_ERROR(CL_IMAGE_FORMAT_NOT_SUPPORTED)
    ACC_CL_ERROR(CL_BUILD_PROGRAM_FAILURE)
    ACC_CL_ERROR(CL_MAP_FAILURE)
    ACC_CL_ERROR(CL_MISALIGNED_SUB_BUFFER_OFFSET)
    ACC_CL_ERROR(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
    ACC_CL_ERROR(CL_COMPILE_PROGRAM_FAILURE)
    ACC_CL_ERROR(CL_LINKER_NOT_AVAILABLE)
    ACC_CL_ERROR(CL_LINK_PROGRAM_FAILURE)
    ACC_CL_ERROR(CL_DEVICE_PARTITION_FAILED)
    ACC_CL_ERROR(CL_KERNEL_ARG_INFO_NOT_AVAILABLE)
    ACC_CL_ERROR(CL_INVALID_VALUE)
    ACC_CL_ERROR(CL_INVALID_DEVICE_TYPE)
    ACC_CL_ERROR(CL_INVALID_PLATFORM)
    ACC_CL_ERROR(CL_INVALID_DEVICE)
    ACC_CL_ERROR(CL_INVALID_CONTEXT)
    ACC_CL_ERROR(CL_INVALID_QUEUE_PROPERTIES)
    ACC_CL_ERROR(CL_INVALID_COMMAND_QUEUE)
    ACC_CL_ERROR(CL_INVALID_HOST_PTR)
    ACC_CL_ERROR(CL_INVALID_MEM_OBJECT)
    ACC_CL_ERROR(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR)
    ACC_CL_ERROR(CL_INVALID_IMAGE_SIZE)
    ACC_CL_ERROR(CL_INVALID_SAMPLER)
    ACC_CL_ERROR(CL_INVALID_BINARY)
    ACC_CL_ERROR(CL_INVALID_BUILD_OPTIONS)
    ACC_CL_ERROR(CL_INVALID_PROGRAM)
    ACC_CL_ERROR(CL_INVALID_PROGRAM_EXECUTABLE)
    ACC_CL_ERROR(CL_INVALID_KERNEL_NAME)
    ACC_CL_ERROR(CL_INVALID_KERNEL_DEFINITION)
    ACC_CL_ERROR(CL_INVALID_KERNEL)
    ACC_CL_ERROR(CL_INVALID_ARG_INDEX)
    ACC_CL_ERROR(CL_INVALID_ARG_VALUE)
    ACC_CL_ERROR(CL_INVALID_ARG_SIZE)
    ACC_CL_ERROR(CL_INVALID_KERNEL_ARGS)
    ACC_CL_ERROR(CL_INVALID_WORK_DIMENSION)
    ACC_CL_ERROR(CL_INVALID_WORK_GROUP_SIZE)
    ACC_CL_ERROR(CL_INVALID_WORK_ITEM_SIZE)
    ACC_CL_ERROR(CL_INVALID_GLOBAL_OFFSET)
    ACC_CL_ERROR(CL_INVALID_EVENT_WAIT_LIST)
    ACC_CL_ERROR(CL_INVALID_EVENT)
    ACC_CL_ERROR(CL_INVALID_OPERATION)
    ACC_CL_ERROR(CL_INVALID_GL_OBJECT)
    ACC_CL_ERROR(CL_INVALID_BUFFER_SIZE)
    ACC_CL_ERROR(CL_INVALID_MIP_LEVEL)
    ACC_CL_ERROR(CL_INVALID_GLOBAL_WORK_SIZE)
    ACC_CL_ERROR(CL_INVALID_PROPERTY)
    ACC_CL_ERROR(CL_INVALID_IMAGE_DESCRIPTOR)
    ACC_CL_ERROR(CL_INVALID_COMPILER_OPTIONS)
    ACC_CL_ERROR(CL_INVALID_LINKER_OPTIONS)
    ACC_CL_ERROR(CL_INVALID_DEVICE_PARTITION_COUNT)
    ACC_CL_ERROR(CL_INVALID_PIPE_SIZE)
    ACC_CL_ERROR(CL_INVALID_DEVICE_QUEUE)
    ACC_CL_ERROR(CL_INVALID_SPEC_ID)
    ACC_CL_ERROR(CL_MAX_SIZE_RESTRICTION_EXCEEDED)
    ACC_CL_ERROR(CL_PLATFORM_NOT_FOUND_KHR)
#undef ACC_CL_ERROR
  default:
    return "OpenCL error " + std::to_string(error);
  }
}

acc_result_t acc::opencl::resultFromCl(cl_int error) {
  switch (error) {
  case CL_SUCCESS:
    return ACC_SUCCESS;

  // Memory, on the device or in the driver.
  case CL_MEM_OBJECT_ALLOCATION_FAILURE:
  case CL_OUT_OF_RESOURCES:
  case CL_OUT_OF_HOST_MEMORY:
    return ACC_ERROR_OUT_OF_MEMORY;

  // The driver's compiler rejected the program (the caller adds the log).
  case CL_BUILD_PROGRAM_FAILURE:
  case CL_COMPILE_PROGRAM_FAILURE:
  case CL_LINK_PROGRAM_FAILURE:
  case CL_INVALID_BUILD_OPTIONS:
  case CL_INVALID_COMPILER_OPTIONS:
  case CL_INVALID_LINKER_OPTIONS:
    return ACC_ERROR_BUILD_FAILED;

  // The driver cannot take this kind of code or command at all.
  case CL_COMPILER_NOT_AVAILABLE:
  case CL_LINKER_NOT_AVAILABLE:
  case CL_INVALID_OPERATION:
    return ACC_ERROR_UNSUPPORTED;

  // The code object does not match what its metadata promises.
  case CL_INVALID_BINARY:
  case CL_INVALID_PROGRAM:
  case CL_INVALID_PROGRAM_EXECUTABLE:
  case CL_INVALID_KERNEL_NAME:
  case CL_INVALID_KERNEL_DEFINITION:
    return ACC_ERROR_INVALID_BUNDLE;

  // A launch the driver refuses.
  case CL_INVALID_ARG_INDEX:
  case CL_INVALID_ARG_VALUE:
  case CL_INVALID_ARG_SIZE:
  case CL_INVALID_KERNEL_ARGS:
  case CL_INVALID_WORK_DIMENSION:
  case CL_INVALID_WORK_GROUP_SIZE:
  case CL_INVALID_WORK_ITEM_SIZE:
  case CL_INVALID_GLOBAL_OFFSET:
  case CL_INVALID_GLOBAL_WORK_SIZE:
    return ACC_ERROR_INVALID_LAUNCH;

  // An OpenCL object the plugin passed is not (or no longer) valid.
  case CL_INVALID_PLATFORM:
  case CL_INVALID_DEVICE:
  case CL_INVALID_CONTEXT:
  case CL_INVALID_COMMAND_QUEUE:
  case CL_INVALID_MEM_OBJECT:
  case CL_INVALID_SAMPLER:
  case CL_INVALID_KERNEL:
  case CL_INVALID_EVENT:
  case CL_INVALID_DEVICE_QUEUE:
    return ACC_ERROR_INVALID_HANDLE;

  // No driver or no device behind the loader.
  case CL_DEVICE_NOT_FOUND:
  case CL_DEVICE_NOT_AVAILABLE:
  case CL_PLATFORM_NOT_FOUND_KHR:
    return ACC_ERROR_NO_DEVICE;

  // A command that an enqueued one depended on failed on the device.
  case CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST:
    return ACC_ERROR_DEVICE_LOST;

  default:
    // Every other CL_INVALID_* is a malformed value (-30 .. -72); anything
    // else is a vendor-specific failure (NVIDIA returns -9999 after a
    // kernel fault), which leaves the device in an unknown state.
    if (error <= CL_INVALID_VALUE && error >= CL_MAX_SIZE_RESTRICTION_EXCEEDED)
      return ACC_ERROR_INVALID_ARGUMENT;
    return ACC_ERROR_DEVICE_LOST;
  }
}

void acc::opencl::check(cl_int error, const char *call,
                        const std::string &what) {
  if (error == CL_SUCCESS)
    return;
  fail(resultFromCl(error), what + ": " + call + " failed with " +
                                clErrorName(error) + " (" +
                                std::to_string(error) + ")");
}
