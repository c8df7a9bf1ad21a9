#include "http/worker_gate.hpp"

#include <sched.h>

#include <algorithm>
#include <thread>

namespace sigid::http {

namespace {

std::int64_t steadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

unsigned usableCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

WorkerGate::WorkerGate(unsigned workers, unsigned running_normally, std::chrono::nanoseconds stall_after)
    : base_(std::clamp(running_normally, 1u, std::max(1u, workers))),
      stall_after_(stall_after.count()),
      workers_(std::max(1u, workers)),
      busy_since_(new std::atomic<std::int64_t>[workers_]),
      target_(base_) {
  for (unsigned i = 0; i < workers_; ++i) busy_since_[i].store(0, std::memory_order_relaxed);
}

bool WorkerGate::enter() {
  std::unique_lock lock(mutex_);
  parked_.wait(lock, [&] { return closed_ || running_.load() < target_.load(); });
  if (closed_) return false;
  running_.fetch_add(1);
  return true;
}

void WorkerGate::leave() {
  std::lock_guard lock(mutex_);
  running_.fetch_sub(1);
  if (running_.load() < target_.load()) parked_.notify_one();
}

void WorkerGate::beginRequest(unsigned worker) {
  busy_since_[worker].store(steadyNanos(), std::memory_order_relaxed);
}

void WorkerGate::endRequest(unsigned worker) { busy_since_[worker].store(0, std::memory_order_relaxed); }

bool WorkerGate::tick() {
  const std::int64_t now = steadyNanos();
  unsigned stalled = 0;
  bool any_busy = false;
  for (unsigned i = 0; i < workers_; ++i) {
    const std::int64_t since = busy_since_[i].load(std::memory_order_relaxed);
    if (since == 0) continue;
    any_busy = true;
    if (now - since >= stall_after_) ++stalled;
  }
  std::lock_guard lock(mutex_);
  const unsigned target = std::min(workers_, base_ + stalled);
  target_.store(target);
  for (unsigned running = running_.load(); running < target; ++running) parked_.notify_one();
  return any_busy;
}

void WorkerGate::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  parked_.notify_all();
}

}  // namespace sigid::http
