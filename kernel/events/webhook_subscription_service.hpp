#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/crypto/secret_sealer.hpp"
#include "core/result.hpp"
#include "events/event_recorder.hpp"
#include "events/webhook_url_policy.hpp"
#include "store/database.hpp"
#include "store/repositories/outbox_repository.hpp"
#include "store/repositories/webhook_subscription_repository.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::events {

inline constexpr std::string_view kDefaultWebhookTransport = "io.sigid.webhook-http";
inline constexpr std::size_t kMaxSubscriptionsPerTenant = 100;
inline constexpr std::size_t kMaxEventTypePatterns = 50;

struct WebhookSubscription {
  std::string id;
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
  std::string transport;
  bool active = true;
  std::string disabled_reason;  // "" | "manual" | "failing"
  std::optional<std::int64_t> failing_since_ms;
  std::optional<std::int64_t> previous_secret_expires_at_ms;  // set during a rotation's overlap
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct NewWebhookSubscription {
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
  std::optional<std::string> transport;
  bool active = true;
};

struct WebhookSubscriptionChange {
  std::optional<std::string> url;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> event_types;
  std::optional<std::string> transport;
  std::optional<bool> active;
};

// A secret is returned exactly once, by create and rotateSecret.
struct SubscriptionWithSecret {
  WebhookSubscription subscription;
  std::string secret;
};

struct DeliveryDetail {
  store::DeliveryRecord delivery;
  std::vector<store::DeliveryAttemptRecord> attempts;
};

// Tenants' webhook subscriptions. Secrets are sealed under the tenant's data key
// (they must stay usable to sign, so a hash would not do). Every change records
// its event in the same transaction; another tenant's subscription or delivery
// is NotFound exactly like a missing one.
class WebhookSubscriptionService {
 public:
  struct Options {
    WebhookUrlPolicy url_policy;
    // Whether a transport plugin id names a loaded WebhookTransport; empty accepts any.
    std::function<bool(std::string_view)> transport_exists;
  };

  WebhookSubscriptionService(store::Database& db, const core::Clock& clock, core::crypto::SecretSealer& sealer,
                             Options options)
      : db_(db), clock_(clock), sealer_(sealer), options_(std::move(options)), recorder_(clock) {}

  core::Result<SubscriptionWithSecret> create(const store::TenantScope& tenant, const core::Actor& actor,
                                              const NewWebhookSubscription& request);
  core::Result<std::vector<WebhookSubscription>> list(const store::TenantScope& tenant, std::size_t limit,
                                                      const std::optional<std::string>& after_id);
  core::Result<WebhookSubscription> get(const store::TenantScope& tenant, std::string_view id);
  // Re-activating clears the failure clock and resumes paused deliveries.
  core::Result<WebhookSubscription> update(const store::TenantScope& tenant, const core::Actor& actor,
                                           std::string_view id, const WebhookSubscriptionChange& change);
  // Removes the subscription with its deliveries and their history.
  core::Result<void> remove(const store::TenantScope& tenant, const core::Actor& actor, std::string_view id);
  // New secret now; the previous one keeps signing for `overlap` (0: stops now).
  core::Result<SubscriptionWithSecret> rotateSecret(const store::TenantScope& tenant, const core::Actor& actor,
                                                    std::string_view id, std::chrono::seconds overlap);

  core::Result<std::vector<store::DeliveryRecord>> deliveries(const store::TenantScope& tenant,
                                                              std::string_view subscription_id,
                                                              const std::optional<std::string>& state,
                                                              const std::optional<std::string>& before_id,
                                                              std::size_t limit);
  core::Result<DeliveryDetail> delivery(const store::TenantScope& tenant, std::string_view subscription_id,
                                        std::string_view delivery_id);
  core::Result<void> replay(const store::TenantScope& tenant, const core::Actor& actor,
                            std::string_view subscription_id, std::string_view delivery_id);
  core::Result<std::int64_t> replayRange(const store::TenantScope& tenant, const core::Actor& actor,
                                         std::string_view subscription_id, std::int64_t from_ms, std::int64_t to_ms);

  // The secrets that sign a delivery now: current first, then the previous one
  // while its overlap lasts.
  core::Result<std::vector<std::string>> signingSecrets(const store::TenantScope& tenant,
                                                        const store::WebhookSubscriptionRecord& record);

 private:
  core::Result<void> validate(const std::string& url, const std::string& description,
                              const std::vector<std::string>& event_types, const std::string& transport) const;
  core::Result<store::WebhookSubscriptionRecord> load(const store::TenantScope& tenant, store::Connection& c,
                                                      std::string_view id);
  core::Result<std::string> seal(const store::TenantScope& tenant, const std::string& secret);

  store::Database& db_;
  const core::Clock& clock_;
  core::crypto::SecretSealer& sealer_;
  Options options_;
  EventRecorder recorder_;
  store::WebhookSubscriptionRepository subscriptions_;
  store::OutboxRepository outbox_;
};

WebhookSubscription subscriptionFromRecord(const store::WebhookSubscriptionRecord& record);

}  // namespace sigid::events
