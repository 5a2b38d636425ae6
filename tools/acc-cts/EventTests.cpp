//===- EventTests.cpp - acc-cts layer 2: events and asynchronous queues ---===//
//
// Part of acc, a cross-vendor accelerator SDK.
//
// Events, cross-queue dependencies and asynchronous transfers as an
// application sees them through acc/acc.h and acc/acc.hpp: work on one
// queue ordered after work on another, timing around a launch, the *_async
// transfers, and the errors the header lists for each event function.
// Results are compared with references computed on the host.
//
//===----------------------------------------------------------------------===//
#include "RuntimeFixture.h"

#include <cstring>
#include <thread>

using namespace cts;
using namespace cts::rt;

namespace {

CTS_TEST(Layer::Runtime, "rt.event.timing_around_launch") {
  acc::Device d = device();
  acc::Kernel k = kernel("slow_lcg");
  acc::Queue q(d);
  const uint64_t n = 1 << 16;
  const uint32_t rounds = 5000;
  acc::Buffer out(d, n * 4);
  acc::Event start = q.record(ACC_EVENT_TIMING);
  q.launch(k, acc::Range(n), out, rounds);
  acc::Event end = q.record(ACC_EVENT_TIMING);
  end.wait();
  CTS_CHECK(end.done(), "the end event is not done after wait()");
  uint64_t ns = acc::Event::elapsedNs(start, end);
  note(str("slow_lcg: ", ns, " ns"));
  CTS_CHECK(ns > 0, "no device time elapsed around a launch");
  CTS_CHECK_EQUAL("slow_lcg", lcgReference(n, rounds),
                  q.read<uint32_t>(out, n));
}

CTS_TEST(Layer::Runtime, "rt.event.cross_queue") {
  acc::Device d = device();
  acc::Kernel k = kernel("slow_lcg");
  acc::Queue producer(d), consumer(d);
  const uint64_t n = 1 << 16;
  const uint32_t rounds = 20000;
  acc::Buffer out(d, n * 4), copy(d, n * 4);
  consumer.fill(copy, uint32_t(0), 0, n * 4);
  producer.launch(k, acc::Range(n), out, rounds);
  acc::Event produced = producer.record();
  consumer.wait(produced);
  consumer.copy(out, copy, n * 4);
  CTS_CHECK_EQUAL("copy ordered after another queue's launch",
                  lcgReference(n, rounds), consumer.read<uint32_t>(copy, n));
}

CTS_TEST(Layer::Runtime, "rt.event.async_transfers") {
  acc::Device d = device();
  acc::Kernel k = kernel("add_int");
  acc::Queue q(d);
  const uint64_t n = 100003;
  std::vector<int32_t> host(n), back(n, -1);
  for (uint64_t i = 0; i < n; ++i)
    host[i] = int32_t(hashIndex(i, 9) & 0xffffff);
  acc::Buffer b(d, n * 4);
  // Write, launch and read without waiting; `host` and `back` stay alive
  // and untouched until the event says the read is done.
  q.writeAsync(b, host.data(), n * 4);
  q.launch(k, acc::Range(n), b, int32_t(5));
  q.readAsync(b, back.data(), n * 4);
  acc::Event done = q.record();
  done.wait();
  std::vector<int32_t> ref(host);
  for (auto &v : ref)
    v += 5;
  CTS_CHECK_EQUAL("write_async, launch, read_async", ref, back);
}

CTS_TEST(Layer::Runtime, "rt.event.launch_returns_early") {
  acc::Device d = device();
  acc::Kernel k = kernel("slow_lcg");
  acc::Queue q(d);
  const uint64_t n = 1 << 16;
  const uint32_t rounds = 20000;
  acc::Buffer out(d, n * 4);
  // Enqueue and query: a pending answer proves nothing waited, a complete
  // one is also allowed (a fast device). Both must be consistent after
  // finish().
  q.launch(k, acc::Range(n), out, rounds);
  acc::Event e = q.record();
  bool doneEarly = e.done();
  note(str("event done right after enqueue: ", doneEarly ? "yes" : "no"));
  q.finish();
  CTS_CHECK(e.done(), "the event is not done after acc_queue_finish()");
  CTS_CHECK_EQUAL("slow_lcg", lcgReference(n, rounds),
                  q.read<uint32_t>(out, n));
}

CTS_TEST(Layer::Runtime, "rt.event.errors") {
  acc::Device d = device();
  acc::Queue q(d);
  acc_event_t e = nullptr;
  RT_EXPECT(acc_queue_record_event(nullptr, 0, &e), ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_queue_record_event(q.handle(), 0, nullptr),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_queue_record_event(q.handle(), 0x40, &e),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_queue_wait_event(q.handle(), nullptr),
            ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_event_wait(nullptr), ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_event_query(nullptr), ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_event_release(nullptr), ACC_ERROR_INVALID_HANDLE);

  acc_event_t plain = nullptr, timed = nullptr;
  RT_OK(acc_queue_record_event(q.handle(), 0, &plain));
  RT_OK(acc_queue_record_event(q.handle(), ACC_EVENT_TIMING, &timed));
  RT_OK(acc_event_wait(timed));
  uint64_t ns = 0;
  RT_EXPECT(acc_event_elapsed_ns(plain, timed, &ns),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_EXPECT(acc_event_elapsed_ns(timed, timed, nullptr),
            ACC_ERROR_INVALID_ARGUMENT);
  RT_OK(acc_event_elapsed_ns(timed, timed, &ns));
  CTS_CHECK(ns == 0, str("an event's time to itself is ", ns, " ns"));
  RT_OK(acc_event_release(plain));
  // Released handles are detected, not dereferenced.
  RT_EXPECT(acc_event_wait(plain), ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_event_release(plain), ACC_ERROR_INVALID_HANDLE);
  RT_OK(acc_event_release(timed));
}

CTS_TEST(Layer::Runtime, "rt.event.not_ready_has_no_message") {
  acc::Device d = device();
  acc::Kernel k = kernel("slow_lcg");
  acc::Queue q(d);
  const uint64_t n = 1 << 16;
  acc::Buffer out(d, n * 4);
  q.launch(k, acc::Range(n), out, uint32_t(40000));
  acc::Event e = q.record(ACC_EVENT_TIMING);
  acc::Event start = q.record(ACC_EVENT_TIMING);
  acc_result_t r = acc_event_query(e.handle());
  CTS_CHECK(r == ACC_SUCCESS || r == ACC_ERROR_NOT_READY,
            str("acc_event_query returned ", resultName(r)));
  e.wait();
  RT_OK(acc_event_query(e.handle()));
  start.wait();
}

CTS_TEST(Layer::Runtime, "rt.event.pipeline_threads") {
  acc::Device d = device();
  acc::Kernel k = kernel("iota");
  const int threads = 4, rounds = 10;
  const uint64_t n = 10007;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        acc::Queue a(d), b(d);
        acc::Buffer out(d, n * 4), copy(d, n * 4);
        for (int round = 0; round < rounds; ++round) {
          uint32_t mul = uint32_t(3 + t), add = uint32_t(round * 11);
          a.launch(k, acc::Range(n), out, mul, add);
          acc::Event e = a.record();
          b.wait(e);
          b.copy(out, copy, n * 4);
          std::vector<uint32_t> ref(n);
          for (uint64_t i = 0; i < n; ++i)
            ref[i] = uint32_t(i) * mul + add;
          CTS_CHECK_EQUAL(str("thread ", t, " round ", round), ref,
                          b.read<uint32_t>(copy, n));
        }
      } catch (const acc::Error &e) {
        CTS_CHECK(false, str("thread ", t, ": ", e.what()));
      }
    });
  for (auto &th : pool)
    th.join();
}

CTS_TEST(Layer::Runtime, "rt.kernel.properties") {
  acc::Device d = device();
  acc::Kernel k = kernel("iota");
  acc_kernel_properties_t props{};
  props.struct_size = sizeof(props);
  RT_OK(acc_kernel_get_properties(k.handle(), &props));
  CTS_CHECK(props.max_work_group_size >= 1 &&
                props.max_work_group_size <= info().max_work_group_size,
            str("max_work_group_size ", props.max_work_group_size));
  CTS_CHECK(props.preferred_work_group_multiple >= 1,
            "preferred_work_group_multiple is 0");
  RT_EXPECT(acc_kernel_get_properties(nullptr, &props),
            ACC_ERROR_INVALID_HANDLE);
  RT_EXPECT(acc_kernel_get_properties(k.handle(), nullptr),
            ACC_ERROR_INVALID_ARGUMENT);
  acc_kernel_properties_t zero{};
  RT_EXPECT(acc_kernel_get_properties(k.handle(), &zero),
            ACC_ERROR_INVALID_ARGUMENT);
  // A work-group larger than the kernel allows is refused by the runtime
  // with a message, when the kernel's limit is below the device's.
  if (props.max_work_group_size < info().max_work_group_size &&
      props.max_work_group_size + 1 <= info().max_work_item_sizes[0]) {
    acc::Queue q(d);
    acc::Buffer out(d, 4096 * 4);
    uint32_t local = props.max_work_group_size + 1;
    acc_launch_config_t c = acc_launch_config_1d(uint64_t(local) * 4, local);
    uint32_t mul = 1, add = 0;
    acc_arg_t args[] = {acc_arg_buffer(out.handle()), ACC_ARG_SCALAR(mul),
                        ACC_ARG_SCALAR(add)};
    RT_EXPECT(acc_launch(q.handle(), k.handle(), &c, 3, args),
              ACC_ERROR_INVALID_LAUNCH);
  } else {
    note("the kernel's limit equals the device's; no over-limit launch to "
         "try");
  }
}

} // namespace
