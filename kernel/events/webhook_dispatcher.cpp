#include "events/webhook_dispatcher.hpp"

#include <random>

#include "core/ids.hpp"
#include "core/random.hpp"
#include "events/event_types.hpp"
#include "events/webhook_signer.hpp"
#include "store/autocommit.hpp"
#include "store/repositories/webhook_payload.hpp"

namespace sigid::events {
namespace {

using core::Result;

const core::Actor kDispatcherActor{"system", "webhook-dispatcher", "", ""};

double unitRandom() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// A destination at its cap gets its row back soon, not after the lease.
constexpr std::int64_t kBusyRetryMs = 250;

}  // namespace

WebhookDispatcher::WebhookDispatcher(store::Database& db, const core::Clock& clock,
                                     WebhookSubscriptionService& subscriptions, DeliveryTransport& transport,
                                     core::Logger& logger, DispatcherOptions options)
    : db_(db),
      clock_(clock),
      subscriptions_(subscriptions),
      transport_(transport),
      logger_(logger),
      options_(options),
      limiter_(std::max(1u, options.per_destination)),
      recorder_(clock),
      worker_id_(core::randomToken(12)) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  std::lock_guard lock(mutex_);
  stopping_ = false;
  for (unsigned i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { workerLoop(); });
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void WebhookDispatcher::workerLoop() {
  auto idle = options_.idle_poll;
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    auto claimed = runOnce();
    if (claimed && *claimed > 0) {
      idle = options_.idle_poll;
      continue;  // more may be due: no sleep while there is work
    }
    if (!claimed) {
      // The database is down or restarting: back off (up to 5 s) instead of
      // hammering it, and log once per 30 s rather than per poll.
      idle = std::min<std::chrono::milliseconds>(idle * 2, std::chrono::milliseconds(5000));
      const auto now = clock_.nowMillis();
      if (now - last_error_log_ms_.load() > 30'000) {
        last_error_log_ms_ = now;
        logger_.warning("webhook dispatcher cannot claim deliveries",
                        {{"error", claimed.error().description()}, {"detail", claimed.error().detail()}});
      }
    } else {
      idle = options_.idle_poll;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, idle, [this] { return stopping_; });
  }
}

Result<std::size_t> WebhookDispatcher::runOnce() {
  const std::string token = worker_id_ + "." + core::randomToken(9);
  SIGID_TRY(auto rows, store::OutboxRepository::claimDue(db_, clock_.nowMillis(), options_.lease.count(),
                                                        options_.batch, token));
  const std::int64_t lease_end = clock_.nowMillis() + options_.lease.count();
  for (const auto& claimed : rows) {
    const store::TenantScope tenant{core::TenantId(claimed.tenant_id)};
    // A row that could not finish inside its lease goes back rather than risk
    // a second worker sending it at the same time.
    if (clock_.nowMillis() + options_.timeout.count() + 1000 > lease_end) {
      store::AutoCommit c(db_);
      (void)outbox_.release(tenant, c, claimed.record.id, claimed.lease_token, clock_.nowMillis());
      continue;
    }
    auto processed = process(claimed);
    if (!processed)
      logger_.warning("webhook delivery not recorded; it is retried after its lease",
                      {{"delivery_id", claimed.record.id}, {"error", processed.error().description()},
                       {"detail", processed.error().detail()}});
  }
  return rows.size();
}

Result<void> WebhookDispatcher::process(const store::ClaimedDelivery& claimed) {
  const store::TenantScope tenant{core::TenantId(claimed.tenant_id)};
  const auto& row = claimed.record;
  std::optional<store::WebhookSubscriptionRecord> subscription;
  {
    store::AutoCommit c(db_);
    SIGID_TRY(subscription, subscription_rows_.find(tenant, c, row.subscription_id));
    if (!subscription || !subscription->active) {
      // Switched off: park the row until the subscription is resumed. Removed:
      // its rows normally go with it, so this is only a race with the removal.
      store::DeliveryUpdate parked{subscription ? "paused" : "dead", row.attempts, clock_.nowMillis(),
                                   row.last_status, subscription ? row.last_error : "the subscription was removed", {}};
      SIGID_CHECK(outbox_.complete(tenant, c, row.id, claimed.lease_token, parked));
      return core::success();
    }
  }
  const std::string destination = destinationKey(subscription->url);
  if (!limiter_.tryAcquire(destination)) {
    store::AutoCommit c(db_);
    SIGID_CHECK(outbox_.release(tenant, c, row.id, claimed.lease_token, clock_.nowMillis() + kBusyRetryMs));
    return core::success();
  }
  struct Slot {
    DestinationLimiter& limiter;
    const std::string& key;
    ~Slot() { limiter.release(key); }
  } slot{limiter_, destination};

  const std::int64_t started_ms = clock_.nowMillis();
  TransportResult result;
  auto secrets = subscriptions_.signingSecrets(tenant, *subscription);
  if (!secrets) {
    result = TransportResult{false, 0, true, "the signing secret could not be unsealed"};
  } else {
    const std::int64_t timestamp = clock_.nowSeconds();
    OutgoingWebhook webhook{subscription->url, row.id, row.event_type, row.body, {}, options_.timeout};
    webhook.headers = {{"webhook-id", row.id},
                       {"webhook-timestamp", std::to_string(timestamp)},
                       {"webhook-signature", webhookSignature(*secrets, row.id, timestamp, row.body)}};
    auto delivered = transport_.deliver(tenant, subscription->transport, webhook);
    result = delivered ? std::move(*delivered)
                       : TransportResult{false, 0, true, "transport " + subscription->transport + ": " +
                                                             delivered.error().description()};
  }
  return finish(tenant, claimed, *subscription, result, started_ms);
}

Result<void> WebhookDispatcher::finish(const store::TenantScope& tenant, const store::ClaimedDelivery& claimed,
                                       const store::WebhookSubscriptionRecord& subscription,
                                       const TransportResult& result, std::int64_t started_ms) {
  const auto& row = claimed.record;
  const std::int64_t now = clock_.nowMillis();
  const int attempt = static_cast<int>(row.attempts) + 1;
  const bool dead = !result.delivered && (!result.retryable || options_.schedule.exhausted(attempt));
  store::DeliveryUpdate update{result.delivered ? "delivered" : dead ? "dead" : "pending",
                               attempt,
                               now,
                               result.status,
                               result.delivered ? "" : result.detail,
                               result.delivered || dead ? std::optional<std::int64_t>(now) : std::nullopt};
  if (!result.delivered && !dead) update.next_attempt_at_ms = now + options_.schedule.delay(attempt, unitRandom()).count();

  return db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(bool ours, outbox_.complete(tenant, c, row.id, claimed.lease_token, update));
    if (!ours) return core::success();  // the lease ran out and another worker owns the row now
    SIGID_CHECK(outbox_.recordAttempt(
        tenant, c,
        store::DeliveryAttemptRecord{core::Uuid::v7().str(), row.id, attempt, started_ms, now - started_ms,
                                     result.status, result.delivered ? "delivered" : dead ? "failed" : "retry",
                                     result.detail}));
    if (result.delivered) return subscription_rows_.clearFailing(tenant, c, subscription.id);

    SIGID_CHECK(subscription_rows_.markFailing(tenant, c, subscription.id, started_ms));
    if (dead) {
      SIGID_CHECK(recorder_.record(
          c, tenant, kDispatcherActor,
          DomainEvent{std::string(types::kWebhookDeadLettered), "webhook_subscription", subscription.id,
                      Outcome::Failure,
                      "{\"delivery_id\":" + store::jsonQuote(row.id) + ",\"event_id\":" + store::jsonQuote(row.event_id) +
                          ",\"event_type\":" + store::jsonQuote(row.event_type) +
                          ",\"attempts\":" + std::to_string(attempt) + ",\"last_status\":" +
                          std::to_string(result.status) + ",\"last_error\":" + store::jsonQuote(result.detail.substr(0, 200)) +
                          "}"}));
    }
    const std::int64_t failing_since = subscription.failing_since_ms.value_or(started_ms);
    if (options_.auto_disable_after.count() > 0 && now - failing_since >= options_.auto_disable_after.count()) {
      SIGID_TRY(bool disabled, subscription_rows_.disable(tenant, c, subscription.id, "failing", now / 1000));
      if (disabled) {
        SIGID_CHECK(outbox_.pause(tenant, c, subscription.id));
        SIGID_CHECK(recorder_.record(
            c, tenant, kDispatcherActor,
            DomainEvent{std::string(types::kWebhookDisabled), "webhook_subscription", subscription.id,
                        Outcome::Failure,
                        "{\"reason\":\"failing\",\"failing_since_ms\":" + std::to_string(failing_since) + "}"}));
        logger_.warning("webhook subscription disabled after sustained failure",
                        {{"tenant_id", tenant.str()}, {"subscription_id", subscription.id}});
      }
    }
    return core::success();
  });
}

}  // namespace sigid::events
