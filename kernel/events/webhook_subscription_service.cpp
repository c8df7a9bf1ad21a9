#include "events/webhook_subscription_service.hpp"

#include "core/ids.hpp"
#include "events/event_types.hpp"
#include "events/webhook_signer.hpp"
#include "store/autocommit.hpp"
#include "store/repositories/webhook_payload.hpp"

namespace sigid::events {
namespace {

using core::Error;
using core::Result;

constexpr std::string_view kSealPurpose = "webhook_secret";

std::string joinTypes(const std::vector<std::string>& types) {
  std::string out;
  for (const auto& t : types) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

std::vector<std::string> splitTypes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto space = text.find(' ');
    if (space != 0) out.emplace_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

std::string typesJson(const std::vector<std::string>& types) {
  std::string out = "[";
  for (const auto& t : types) out += (out.size() > 1 ? "," : "") + store::jsonQuote(t);
  return out + "]";
}

std::string subscriptionData(const store::WebhookSubscriptionRecord& r) {
  return "{\"url\":" + store::jsonQuote(r.url) + ",\"event_types\":" + typesJson(splitTypes(r.event_types)) +
         ",\"active\":" + (r.active ? "true" : "false") + ",\"transport\":" + store::jsonQuote(r.transport) + "}";
}

Error noSuchSubscription() { return Error::notFound("no such webhook subscription"); }

}  // namespace

WebhookSubscription subscriptionFromRecord(const store::WebhookSubscriptionRecord& r) {
  return WebhookSubscription{r.id,
                             r.url,
                             r.description,
                             splitTypes(r.event_types),
                             r.transport,
                             r.active,
                             r.disabled_reason,
                             r.failing_since_ms,
                             r.previous_secret_sealed ? r.previous_expires_at_ms : std::nullopt,
                             r.created_at,
                             r.updated_at};
}

Result<void> WebhookSubscriptionService::validate(const std::string& url, const std::string& description,
                                                  const std::vector<std::string>& event_types,
                                                  const std::string& transport) const {
  SIGID_CHECK(options_.url_policy.check(url));
  if (description.size() > 500) return Error::invalidRequest("description: at most 500 characters");
  if (event_types.empty() || event_types.size() > kMaxEventTypePatterns)
    return Error::invalidRequest("event_types: expected 1 to 50 event types or patterns such as \"user.*\"");
  for (const auto& t : event_types)
    if (!isValidEventTypePattern(t))
      return Error::invalidRequest("event_types: '" + t.substr(0, 100) +
                                   "' is not an event type, \"*\" or a prefix pattern such as \"user.*\"");
  if (transport.empty() || transport.size() > 100 || (options_.transport_exists && !options_.transport_exists(transport)))
    return Error::invalidRequest("transport: no webhook transport plugin with this id is loaded");
  return core::success();
}

Result<store::WebhookSubscriptionRecord> WebhookSubscriptionService::load(const store::TenantScope& tenant,
                                                                          store::Connection& c, std::string_view id) {
  auto uuid = core::Uuid::parse(id);
  if (!uuid) return noSuchSubscription();
  SIGID_TRY(auto found, subscriptions_.find(tenant, c, uuid->str()));
  if (!found) return noSuchSubscription();
  return std::move(*found);
}

Result<std::string> WebhookSubscriptionService::seal(const store::TenantScope& tenant, const std::string& secret) {
  return sealer_.seal(tenant.id(), kSealPurpose, secret);
}

Result<SubscriptionWithSecret> WebhookSubscriptionService::create(const store::TenantScope& tenant,
                                                                  const core::Actor& actor,
                                                                  const NewWebhookSubscription& request) {
  const std::string transport = request.transport.value_or(std::string(kDefaultWebhookTransport));
  SIGID_CHECK(validate(request.url, request.description, request.event_types, transport));
  std::string secret = newWebhookSecret();
  SIGID_TRY(std::string sealed, seal(tenant, secret));
  const auto now = clock_.nowSeconds();
  store::WebhookSubscriptionRecord record{core::Uuid::v7().str(), request.url, request.description,
                                          joinTypes(request.event_types), transport, request.active, sealed,
                                          std::nullopt, std::nullopt, std::nullopt,
                                          request.active ? "" : "manual", now, now};
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(auto existing, subscriptions_.list(tenant, c, kMaxSubscriptionsPerTenant, std::nullopt));
    if (existing.size() >= kMaxSubscriptionsPerTenant)
      return Error::conflict("a tenant may have at most 100 webhook subscriptions");
    SIGID_CHECK(subscriptions_.insert(tenant, c, record));
    return recorder_.record(c, tenant, actor,
                            DomainEvent{std::string(types::kWebhookCreated), "webhook_subscription", record.id,
                                        Outcome::Success, subscriptionData(record)});
  }));
  return SubscriptionWithSecret{subscriptionFromRecord(record), std::move(secret)};
}

Result<std::vector<WebhookSubscription>> WebhookSubscriptionService::list(const store::TenantScope& tenant,
                                                                          std::size_t limit,
                                                                          const std::optional<std::string>& after_id) {
  store::AutoCommit c(db_);
  SIGID_TRY(auto records, subscriptions_.list(tenant, c, limit, after_id));
  std::vector<WebhookSubscription> out;
  for (const auto& r : records) out.push_back(subscriptionFromRecord(r));
  return out;
}

Result<WebhookSubscription> WebhookSubscriptionService::get(const store::TenantScope& tenant, std::string_view id) {
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, load(tenant, c, id));
  return subscriptionFromRecord(record);
}

Result<WebhookSubscription> WebhookSubscriptionService::update(const store::TenantScope& tenant,
                                                               const core::Actor& actor, std::string_view id,
                                                               const WebhookSubscriptionChange& change) {
  std::optional<store::WebhookSubscriptionRecord> result;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(auto record, load(tenant, c, id));
    const bool was_active = record.active;
    if (change.url) record.url = *change.url;
    if (change.description) record.description = *change.description;
    if (change.event_types) record.event_types = joinTypes(*change.event_types);
    if (change.transport) record.transport = *change.transport;
    SIGID_CHECK(validate(record.url, record.description, splitTypes(record.event_types), record.transport));
    if (change.active) {
      record.active = *change.active;
      if (record.active) {
        record.disabled_reason.clear();
        record.failing_since_ms.reset();  // a fresh start: the clock counts failures after re-enabling
      } else if (was_active) {
        record.disabled_reason = "manual";
      }
    }
    record.updated_at = clock_.nowSeconds();
    SIGID_CHECK(subscriptions_.update(tenant, c, record));
    if (was_active && !record.active) SIGID_CHECK(outbox_.pause(tenant, c, record.id));
    if (!was_active && record.active) SIGID_CHECK(outbox_.resume(tenant, c, record.id, clock_.nowMillis()));
    SIGID_CHECK(recorder_.record(c, tenant, actor,
                                 DomainEvent{std::string(types::kWebhookUpdated), "webhook_subscription", record.id,
                                             Outcome::Success, subscriptionData(record)}));
    result = std::move(record);
    return core::success();
  }));
  return subscriptionFromRecord(*result);
}

Result<void> WebhookSubscriptionService::remove(const store::TenantScope& tenant, const core::Actor& actor,
                                                std::string_view id) {
  return db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(auto record, load(tenant, c, id));
    SIGID_CHECK(outbox_.removeForSubscription(tenant, c, record.id));
    SIGID_CHECK(subscriptions_.remove(tenant, c, record.id));
    return recorder_.record(c, tenant, actor,
                            DomainEvent{std::string(types::kWebhookDeleted), "webhook_subscription", record.id,
                                        Outcome::Success, "{\"url\":" + store::jsonQuote(record.url) + "}"});
  });
}

Result<SubscriptionWithSecret> WebhookSubscriptionService::rotateSecret(const store::TenantScope& tenant,
                                                                        const core::Actor& actor, std::string_view id,
                                                                        std::chrono::seconds overlap) {
  if (overlap.count() < 0 || overlap > std::chrono::hours(24 * 7))
    return Error::invalidRequest("overlap_seconds: expected 0 to 604800 (7 days)");
  std::string secret = newWebhookSecret();
  SIGID_TRY(std::string sealed, seal(tenant, secret));
  std::optional<store::WebhookSubscriptionRecord> result;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(auto record, load(tenant, c, id));
    if (overlap.count() > 0) {
      record.previous_secret_sealed = record.secret_sealed;
      record.previous_expires_at_ms = clock_.nowMillis() + overlap.count() * 1000;
    } else {
      record.previous_secret_sealed.reset();
      record.previous_expires_at_ms.reset();
    }
    record.secret_sealed = sealed;
    record.updated_at = clock_.nowSeconds();
    SIGID_CHECK(subscriptions_.update(tenant, c, record));
    SIGID_CHECK(recorder_.record(c, tenant, actor,
                                 DomainEvent{std::string(types::kWebhookSecretRotated), "webhook_subscription",
                                             record.id, Outcome::Success,
                                             "{\"overlap_seconds\":" + std::to_string(overlap.count()) + "}"}));
    result = std::move(record);
    return core::success();
  }));
  return SubscriptionWithSecret{subscriptionFromRecord(*result), std::move(secret)};
}

Result<std::vector<store::DeliveryRecord>> WebhookSubscriptionService::deliveries(
    const store::TenantScope& tenant, std::string_view subscription_id, const std::optional<std::string>& state,
    const std::optional<std::string>& before_id, std::size_t limit) {
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, load(tenant, c, subscription_id));
  return outbox_.listForSubscription(tenant, c, record.id, state, before_id, limit);
}

Result<DeliveryDetail> WebhookSubscriptionService::delivery(const store::TenantScope& tenant,
                                                            std::string_view subscription_id,
                                                            std::string_view delivery_id) {
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, load(tenant, c, subscription_id));
  auto uuid = core::Uuid::parse(delivery_id);
  if (!uuid) return Error::notFound("no such delivery");
  SIGID_TRY(auto found, outbox_.find(tenant, c, uuid->str()));
  if (!found || found->subscription_id != record.id) return Error::notFound("no such delivery");
  SIGID_TRY(auto attempts, outbox_.attempts(tenant, c, found->id));
  return DeliveryDetail{std::move(*found), std::move(attempts)};
}

Result<void> WebhookSubscriptionService::replay(const store::TenantScope& tenant, const core::Actor& actor,
                                                std::string_view subscription_id, std::string_view delivery_id) {
  return db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(auto record, load(tenant, c, subscription_id));
    auto uuid = core::Uuid::parse(delivery_id);
    if (!uuid) return Error::notFound("no such delivery");
    SIGID_TRY(auto found, outbox_.find(tenant, c, uuid->str()));
    if (!found || found->subscription_id != record.id) return Error::notFound("no such delivery");
    SIGID_TRY(bool replayed, outbox_.replay(tenant, c, record.id, found->id, clock_.nowMillis()));
    if (!replayed) return Error::conflict("the delivery is still pending; only delivered or dead deliveries replay");
    if (!record.active) SIGID_CHECK(outbox_.pause(tenant, c, record.id));
    return recorder_.record(c, tenant, actor,
                            DomainEvent{std::string(types::kWebhookReplayed), "webhook_subscription", record.id,
                                        Outcome::Success, "{\"delivery_id\":" + store::jsonQuote(found->id) + "}"});
  });
}

Result<std::int64_t> WebhookSubscriptionService::replayRange(const store::TenantScope& tenant,
                                                             const core::Actor& actor,
                                                             std::string_view subscription_id, std::int64_t from_ms,
                                                             std::int64_t to_ms) {
  if (from_ms >= to_ms) return Error::invalidRequest("from: must be before to");
  std::int64_t count = 0;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(auto record, load(tenant, c, subscription_id));
    SIGID_TRY(count, outbox_.replayRange(tenant, c, record.id, from_ms, to_ms, clock_.nowMillis()));
    if (!record.active) SIGID_CHECK(outbox_.pause(tenant, c, record.id));
    return recorder_.record(c, tenant, actor,
                            DomainEvent{std::string(types::kWebhookReplayed), "webhook_subscription", record.id,
                                        Outcome::Success,
                                        "{\"from_ms\":" + std::to_string(from_ms) + ",\"to_ms\":" +
                                            std::to_string(to_ms) + ",\"deliveries\":" + std::to_string(count) + "}"});
  }));
  return count;
}

Result<std::vector<std::string>> WebhookSubscriptionService::signingSecrets(
    const store::TenantScope& tenant, const store::WebhookSubscriptionRecord& record) {
  std::vector<std::string> secrets;
  SIGID_TRY(std::string current, sealer_.unseal(tenant.id(), kSealPurpose, record.secret_sealed));
  secrets.push_back(std::move(current));
  if (record.previous_secret_sealed && record.previous_expires_at_ms &&
      *record.previous_expires_at_ms > clock_.nowMillis()) {
    SIGID_TRY(std::string previous, sealer_.unseal(tenant.id(), kSealPurpose, *record.previous_secret_sealed));
    secrets.push_back(std::move(previous));
  }
  return secrets;
}

}  // namespace sigid::events
