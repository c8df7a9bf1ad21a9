#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "events/delivery_transport.hpp"
#include "plugins/plugin_instance_service.hpp"
#include "plugins/plugin_registry.hpp"
#include "sigid/sdk/webhook_transport.hpp"

namespace sigid::events {

// Delivers through the WebhookTransport plugin a subscription names. The
// tenant's configured instance of that plugin is used when there is one; a
// tenant that never configured it gets an instance with the plugin's default
// (empty) config, so the built-in webhook-http transport works out of the box.
// A tenant's disabled instance is respected: delivery fails (and retries)
// until it is enabled again.
class PluginDeliveryTransport final : public DeliveryTransport {
 public:
  PluginDeliveryTransport(const plugins::PluginRegistry& registry, plugins::PluginInstanceService& instances,
                          plugins::HostServices& services)
      : registry_(registry), instances_(instances), services_(services) {}

  core::Result<TransportResult> deliver(const store::TenantScope& tenant, std::string_view transport_id,
                                        const OutgoingWebhook& webhook) override;

  // Whether `id` is a loaded plugin offering WebhookTransport (subscription validation).
  bool offers(std::string_view id) const;

 private:
  using Instance = plugins::PluginInstance<sdk::WebhookTransport>;
  core::Result<std::shared_ptr<Instance>> open(const store::TenantScope& tenant, const std::string& id);
  core::Result<std::shared_ptr<Instance>> defaultInstance(const store::TenantScope& tenant, const std::string& id);

  const plugins::PluginRegistry& registry_;
  plugins::PluginInstanceService& instances_;
  plugins::HostServices& services_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Instance>> defaults_;  // plugin|tenant
};

}  // namespace sigid::events
