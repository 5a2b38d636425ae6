//===- queue.cpp - Queues, transfers, launches and events of the null plugin ===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// A queue is an in-order vendor queue or stream; every command returns
// without waiting for the device, and an error met while it runs is thrown
// by the next queueFinishImpl/eventWaitImpl that covers it. Scalar values
// in the launch descriptor are borrowed for the call. An event is a marker
// after the queue's earlier work (cuEventRecord, clEnqueueMarker..., a
// timeline semaphore value); docs/plugin-abi.md maps each entry to each
// vendor API.
//
//===----------------------------------------------------------------------===//
#include "null_plugin.h"

using namespace acc::null;

Queue *Backend::queueCreateImpl(Device &) { notImplemented("queue_create"); }
void Backend::queueReleaseImpl(Queue *) { notImplemented("queue_release"); }
void Backend::queueFinishImpl(Queue &) { notImplemented("queue_finish"); }

void Backend::bufferWriteImpl(Queue &, Buffer &, uint64_t, uint64_t,
                              const void *, bool) {
  notImplemented("buffer_write");
}
void Backend::bufferReadImpl(Queue &, Buffer &, uint64_t, uint64_t, void *,
                             bool) {
  notImplemented("buffer_read");
}
void Backend::bufferCopyImpl(Queue &, Buffer &, uint64_t, Buffer &, uint64_t,
                             uint64_t) {
  notImplemented("buffer_copy");
}
void Backend::bufferFillImpl(Queue &, Buffer &, uint64_t, uint64_t,
                             const void *, uint32_t) {
  notImplemented("buffer_fill");
}

void Backend::launchImpl(Queue &, Kernel &, const acc_plugin_launch_desc_t &) {
  notImplemented("launch");
}

Event *Backend::queueRecordEventImpl(Queue &, acc_event_flags_t) {
  notImplemented("queue_record_event");
}
void Backend::queueWaitEventImpl(Queue &, Event &) {
  notImplemented("queue_wait_event");
}
void Backend::eventWaitImpl(Event &) { notImplemented("event_wait"); }
bool Backend::eventQueryImpl(Event &) { notImplemented("event_query"); }
uint64_t Backend::eventElapsedNsImpl(Event &, Event &) {
  notImplemented("event_elapsed_ns");
}
void Backend::eventReleaseImpl(Event *) { notImplemented("event_release"); }
