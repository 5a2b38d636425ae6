//===- Event.cpp - acc_event_* and the cross-queue waits ------------------===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// An acc_event_s wraps the plugin's event together with the device it
// belongs to and the flags it was recorded with, so that the runtime can
// refuse cross-device waits and timing queries on events that carry no
// timestamp before they reach the plugin.
//
//===----------------------------------------------------------------------===//
#include "Runtime.h"

#include <memory>
#include <string>

using namespace acc::rt;

namespace {

/// Every flag acc_queue_record_event() knows.
constexpr acc_event_flags_t kKnownEventFlags = ACC_EVENT_TIMING;

/// Backend of an event, or of a queue.
Backend &backendOf(const acc_event_s &event) {
  return *event.device->backend;
}

} // namespace

extern "C" ACC_API acc_result_t acc_queue_record_event(
    acc_queue_t queue, acc_event_flags_t flags, acc_event_t *out_event) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkQueue(queue, "acc_queue_record_event: queue"));
    if (!out_event)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_queue_record_event: out_event is NULL");
    if (flags & ~kKnownEventFlags)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_queue_record_event: flags " + std::to_string(flags) +
                      " has unknown bits" +
                      " (known: ACC_EVENT_TIMING)");
    Backend &b = *queue->device->backend;
    if ((flags & ACC_EVENT_TIMING) && b.abiMinor >= 3 &&
        !(queue->device->info.caps & ACC_DEVICE_CAP_TIMESTAMPS))
      return fail(ACC_ERROR_UNSUPPORTED,
                  "acc_queue_record_event: " +
                      describeDevice(*queue->device) +
                      " cannot record device timestamps, so an event with "
                      "ACC_EVENT_TIMING is refused; time on the host instead");
    auto event = std::make_unique<acc_event_s>();
    event->device = queue->device;
    event->flags = flags;
    {
      std::lock_guard<std::mutex> lock(queue->mutex);
      ACC_CHECK(callPlugin(b, b.table.queue_record_event,
                           "queue_record_event", queue->handle, flags,
                           &event->handle));
    }
    try {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->events.insert(event.get());
    } catch (...) {
      if (b.table.event_release)
        b.table.event_release(event->handle);
      throw;
    }
    *out_event = event.release();
    return ACC_SUCCESS;
  });
}

extern "C" ACC_API acc_result_t acc_queue_wait_event(acc_queue_t queue,
                                                     acc_event_t event) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkQueue(queue, "acc_queue_wait_event: queue"));
    ACC_CHECK(checkEvent(event, "acc_queue_wait_event: event"));
    if (event->device != queue->device)
      return fail(ACC_ERROR_INVALID_HANDLE,
                  "acc_queue_wait_event: the event belongs to " +
                      describeDevice(*event->device) + ", but the queue to " +
                      describeDevice(*queue->device) +
                      "; a queue can only wait for events of its own device "
                      "(wait on the host with acc_event_wait())");
    Backend &b = *queue->device->backend;
    std::lock_guard<std::mutex> lock(queue->mutex);
    return callPlugin(b, b.table.queue_wait_event, "queue_wait_event",
                      queue->handle, event->handle);
  });
}

extern "C" ACC_API acc_result_t acc_event_wait(acc_event_t event) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkEvent(event, "acc_event_wait: event"));
    Backend &b = backendOf(*event);
    return callPlugin(b, b.table.event_wait, "event_wait", event->handle);
  });
}

extern "C" ACC_API acc_result_t acc_event_query(acc_event_t event) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkEvent(event, "acc_event_query: event"));
    Backend &b = backendOf(*event);
    if (!b.table.event_query)
      return missingEntry(b, "event_query");
    clearPluginErrorFlag();
    acc_result_t result = b.table.event_query(event->handle);
    // Not an error: the caller asked, the answer is "not yet".
    if (result == ACC_ERROR_NOT_READY)
      return result;
    return pluginResult(b, "event_query", result);
  });
}

extern "C" ACC_API acc_result_t acc_event_elapsed_ns(acc_event_t start,
                                                     acc_event_t end,
                                                     uint64_t *out_ns) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkEvent(start, "acc_event_elapsed_ns: start"));
    ACC_CHECK(checkEvent(end, "acc_event_elapsed_ns: end"));
    if (!out_ns)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_event_elapsed_ns: out_ns is NULL");
    for (acc_event_s *e : {start, end})
      if (!(e->flags & ACC_EVENT_TIMING))
        return fail(ACC_ERROR_INVALID_ARGUMENT,
                    std::string("acc_event_elapsed_ns: the ") +
                        (e == start ? "start" : "end") +
                        " event was recorded without ACC_EVENT_TIMING, so it "
                        "has no timestamp");
    if (start->device != end->device)
      return fail(ACC_ERROR_INVALID_ARGUMENT,
                  "acc_event_elapsed_ns: the events belong to different "
                  "devices (" +
                      describeDevice(*start->device) + " and " +
                      describeDevice(*end->device) +
                      "), whose clocks cannot be compared");
    Backend &b = backendOf(*start);
    return callPlugin(b, b.table.event_elapsed_ns, "event_elapsed_ns",
                      start->handle, end->handle, out_ns);
  });
}

extern "C" ACC_API acc_result_t acc_event_release(acc_event_t event) {
  return guard([&]() -> acc_result_t {
    ACC_CHECK(checkEvent(event, "acc_event_release: event"));
    {
      std::lock_guard<std::mutex> lock(stateMutex());
      statePtr()->events.erase(event);
    }
    std::unique_ptr<acc_event_s> owned(event);
    Backend &b = backendOf(*event);
    return callPlugin(b, b.table.event_release, "event_release",
                      event->handle);
  });
}
