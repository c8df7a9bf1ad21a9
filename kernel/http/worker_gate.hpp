#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

namespace sigid::http {

// Decides how many HTTP workers run at once. Normally as many as there are
// cores to run on: on CPU-bound traffic (token issuance) more runnable threads
// than cores only add context switches and let a connection wait behind other
// threads' time slices, which is what a thread per connection costs. But a
// handler may block (database, SMTP, a plugin's outbound call), so every worker
// stuck in one request for longer than `stall_after` lets one parked worker in,
// and the extra worker steps aside again once the stall is over. The monitor
// (tick) is the server's housekeeping thread; workers only touch atomics on the
// hot path.
class WorkerGate {
 public:
  WorkerGate(unsigned workers, unsigned running_normally, std::chrono::nanoseconds stall_after);

  // Blocks until this worker may run; false once closed (the worker exits).
  bool enter();
  void leave();
  // Between requests: true when more workers run than are needed now, so this
  // one should leave() and enter() again.
  bool shouldStepAside() const {
    return running_.load(std::memory_order_relaxed) > target_.load(std::memory_order_relaxed);
  }

  void beginRequest(unsigned worker);
  void endRequest(unsigned worker);
  // Counts stalled workers and lets parked ones in to match. Returns whether
  // any worker is in a request (the monitor then ticks often).
  bool tick();
  // Wakes every parked worker for good: enter() returns false from now on.
  void close();

  unsigned runningNormally() const { return base_; }

 private:
  const unsigned base_;
  const std::int64_t stall_after_;
  const unsigned workers_;
  std::unique_ptr<std::atomic<std::int64_t>[]> busy_since_;  // steady ns; 0 when between requests
  std::atomic<unsigned> running_{0};
  std::atomic<unsigned> target_;
  std::mutex mutex_;
  std::condition_variable parked_;
  bool closed_ = false;
};

// CPUs this process may run on (its affinity mask: 1 under `taskset -c 1`).
unsigned usableCpus();

}  // namespace sigid::http
