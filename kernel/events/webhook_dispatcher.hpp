#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "events/delivery_transport.hpp"
#include "events/destination_limiter.hpp"
#include "events/event_recorder.hpp"
#include "events/retry_schedule.hpp"
#include "events/webhook_subscription_service.hpp"
#include "store/database.hpp"
#include "store/repositories/outbox_repository.hpp"
#include "store/repositories/webhook_subscription_repository.hpp"

namespace sigid::events {

struct DispatcherOptions {
  unsigned threads = 2;                            // events.dispatcher_threads; 0 runs no dispatcher here
  RetrySchedule schedule;                          // events.retry_* and events.max_attempts
  std::chrono::milliseconds lease{60'000};         // events.lease_seconds
  unsigned per_destination = 4;                    // events.per_destination_concurrency
  std::chrono::milliseconds auto_disable_after{72LL * 3600'000};  // events.auto_disable_after_seconds; 0 never
  std::chrono::milliseconds timeout{10'000};       // per attempt
  std::chrono::milliseconds idle_poll{200};        // how often an idle worker looks for due rows
  std::size_t batch = 8;                           // rows claimed per round trip
};

// Claims due outbox rows and delivers them: signed (Standard Webhooks), through
// the subscription's transport, retried on the schedule, dead-lettered with an
// alert event after the last attempt, and the subscription disabled (with an
// event) once it has failed without a success for `auto_disable_after`.
// At least once: a row is marked delivered only after the receiver's 2xx, so a
// crash anywhere before that means another attempt after the lease expires.
class WebhookDispatcher {
 public:
  WebhookDispatcher(store::Database& db, const core::Clock& clock, WebhookSubscriptionService& subscriptions,
                    DeliveryTransport& transport, core::Logger& logger, DispatcherOptions options);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void start();
  // Finishes the deliveries in flight (each bounded by the timeout), then joins.
  void stop();

  // One round: claim up to `batch` due rows and process them on this thread.
  // Returns how many rows were claimed (tests drive the dispatcher with it).
  core::Result<std::size_t> runOnce();

 private:
  void workerLoop();
  core::Result<void> process(const store::ClaimedDelivery& claimed);
  core::Result<void> finish(const store::TenantScope& tenant, const store::ClaimedDelivery& claimed,
                            const store::WebhookSubscriptionRecord& subscription, const TransportResult& result,
                            std::int64_t started_ms);

  store::Database& db_;
  const core::Clock& clock_;
  WebhookSubscriptionService& subscriptions_;
  DeliveryTransport& transport_;
  core::Logger& logger_;
  DispatcherOptions options_;
  DestinationLimiter limiter_;
  EventRecorder recorder_;
  store::OutboxRepository outbox_;
  store::WebhookSubscriptionRepository subscription_rows_;
  std::string worker_id_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::atomic<std::int64_t> last_error_log_ms_{0};
};

}  // namespace sigid::events
