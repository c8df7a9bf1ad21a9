#pragma once

#include <memory>

#include "admin/admin_context.hpp"
#include "admin/events_admin_context.hpp"
#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/crypto/secret_sealer.hpp"
#include "core/log.hpp"
#include "events/audit_log.hpp"
#include "events/plugin_delivery_transport.hpp"
#include "events/webhook_dispatcher.hpp"
#include "events/webhook_subscription_service.hpp"
#include "http/router.hpp"
#include "oauth/periodic_task.hpp"
#include "plugins/plugin_instance_service.hpp"
#include "store/database.hpp"

namespace sigid::app {

// What the kernel runs for events: webhook subscriptions and their routes, the
// audit log routes, the dispatcher threads and the daily retention pass.
// Built after plugins and the admin context, stopped after the HTTP server.
class EventsRuntime {
 public:
  EventsRuntime(const KernelConfig& config, store::Database& db, const core::Clock& clock, core::Logger& logger,
                core::crypto::SecretSealer& sealer, const plugins::PluginRegistry& registry,
                plugins::PluginInstanceService& instances, plugins::HostServices& host_services,
                admin::AdminContext& admin);
  ~EventsRuntime() { stop(); }

  void addRoutes(http::Router& router);
  void start();
  // Lets in-flight deliveries finish (each bounded by its timeout), then joins.
  void stop();

 private:
  const KernelConfig& config_;
  core::Logger& logger_;
  events::PluginDeliveryTransport transport_;
  events::WebhookSubscriptionService webhooks_;
  events::AuditLog audit_log_;
  events::AuditRetention retention_;
  events::WebhookDispatcher dispatcher_;
  admin::EventsAdminContext admin_;
  std::unique_ptr<oauth::PeriodicTask> retention_task_;
};

events::DispatcherOptions dispatcherOptions(const EventsConfig& config);

}  // namespace sigid::app
