#include "events/plugin_delivery_transport.hpp"

#include "plugins/plugin_call.hpp"

namespace sigid::events {

bool PluginDeliveryTransport::offers(std::string_view id) const {
  const auto* plugin = registry_.find(id);
  return plugin != nullptr && plugin->factories.webhook_transport != nullptr;
}

core::Result<std::shared_ptr<PluginDeliveryTransport::Instance>> PluginDeliveryTransport::defaultInstance(
    const store::TenantScope& tenant, const std::string& id) {
  const std::string key = id + "|" + tenant.str();
  std::lock_guard lock(mutex_);
  if (auto hit = defaults_.find(key); hit != defaults_.end()) return hit->second;
  const auto* plugin = registry_.find(id);
  if (plugin == nullptr || !plugin->factories.webhook_transport)
    return core::Error(core::ErrorCode::Unavailable, "webhook transport " + id + " is not loaded on this server");
  auto host = std::make_unique<plugins::KernelHost>(services_, id, tenant, sdk::PluginConfig(tenant.str(), "{}", {}));
  plugins::KernelHost& host_ref = *host;
  SIGID_TRY(std::unique_ptr<sdk::WebhookTransport> made,
            plugins::pluginCall(id, &instances_.faults(), [&] {
              return plugin->factories.webhook_transport->create(host_ref.config(), host_ref);
            }));
  auto instance = std::make_shared<Instance>(id, std::move(host), std::move(made));
  defaults_[key] = instance;
  return instance;
}

core::Result<std::shared_ptr<PluginDeliveryTransport::Instance>> PluginDeliveryTransport::open(
    const store::TenantScope& tenant, const std::string& id) {
  auto configured = instances_.open<sdk::WebhookTransport>(tenant, id);
  if (configured || configured.error().code() != core::ErrorCode::NotFound) return configured;
  auto existing = instances_.get(tenant, id);
  if (existing) return core::Error(core::ErrorCode::Unavailable, "the tenant disabled webhook transport " + id);
  if (existing.error().code() != core::ErrorCode::NotFound) return std::move(existing).error();
  return defaultInstance(tenant, id);
}

core::Result<TransportResult> PluginDeliveryTransport::deliver(const store::TenantScope& tenant,
                                                               std::string_view transport_id,
                                                               const OutgoingWebhook& webhook) {
  const std::string id(transport_id);
  SIGID_TRY(auto instance, open(tenant, id));
  sdk::WebhookDelivery delivery;
  delivery.destination = webhook.destination;
  delivery.event_id = webhook.message_id;
  delivery.event_type = webhook.event_type;
  delivery.body = webhook.body;
  delivery.headers = webhook.headers;
  delivery.timeout = webhook.timeout;
  SIGID_TRY(sdk::DeliveryOutcome outcome, plugins::pluginCall(id, &instances_.faults(), [&] {
              return instance->get().deliver(delivery);
            }));
  return TransportResult{outcome.delivered, outcome.status, outcome.retryable, outcome.detail};
}

}  // namespace sigid::events
