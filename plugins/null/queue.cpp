//===- queue.cpp - Queues and launches of the null plugin -----------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A real backend maps an acc queue onto an in-order vendor queue or stream
// here, with transfers and launches as its commands. The launch descriptor's
// scalar values are borrowed for the call: copy them (or hand them to a
// vendor call that copies) before returning. The runtime has validated the
// launch against the kernel's metadata and the device's limits; check what
// only the vendor API knows (a kernel's own work-group limit, say) and
// report it as ACC_ERROR_INVALID_LAUNCH with a sentence, not a bare code.
//
// Every command returns without waiting for the device. Events are markers
// at the end of a queue: a vendor's own event or fence signalled after the
// queue's earlier work (cuEventRecord, clEnqueueMarkerWithWaitList, a
// timeline semaphore value), and queue_wait_event makes later work of
// another queue wait for one (cuStreamWaitEvent, a barrier with a wait list,
// a semaphore wait). docs/plugin-abi.md maps every entry to each vendor API.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

using namespace acc::null;

acc_plugin_queue_t acc::null::createQueue(acc_plugin_device_t) {
  notImplemented("queue_create");
}

void acc::null::destroyQueue(acc_plugin_queue_t) {
  notImplemented("queue_release");
}

void acc::null::finishQueue(acc_plugin_queue_t) {
  notImplemented("queue_finish");
}

void acc::null::enqueueWrite(acc_plugin_queue_t, acc_plugin_buffer_t, uint64_t,
                             uint64_t, const void *, bool) {
  notImplemented("buffer_write");
}

void acc::null::enqueueRead(acc_plugin_queue_t, acc_plugin_buffer_t, uint64_t,
                            uint64_t, void *, bool) {
  notImplemented("buffer_read");
}

void acc::null::enqueueCopy(acc_plugin_queue_t, acc_plugin_buffer_t, uint64_t,
                            acc_plugin_buffer_t, uint64_t, uint64_t) {
  notImplemented("buffer_copy");
}

void acc::null::enqueueFill(acc_plugin_queue_t, acc_plugin_buffer_t, uint64_t,
                            uint64_t, const void *, uint32_t) {
  notImplemented("buffer_fill");
}

void acc::null::enqueueLaunch(acc_plugin_queue_t, acc_plugin_kernel_t,
                              const acc_plugin_launch_desc_t &) {
  notImplemented("launch");
}

acc_plugin_event_t acc::null::recordEvent(acc_plugin_queue_t,
                                          acc_event_flags_t) {
  notImplemented("queue_record_event");
}

void acc::null::enqueueWaitEvent(acc_plugin_queue_t, acc_plugin_event_t) {
  notImplemented("queue_wait_event");
}

void acc::null::waitEvent(acc_plugin_event_t) { notImplemented("event_wait"); }

acc_result_t acc::null::queryEvent(acc_plugin_event_t) {
  notImplemented("event_query");
}

uint64_t acc::null::eventElapsedNs(acc_plugin_event_t, acc_plugin_event_t) {
  notImplemented("event_elapsed_ns");
}

void acc::null::destroyEvent(acc_plugin_event_t) {
  notImplemented("event_release");
}
