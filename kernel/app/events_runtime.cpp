#include "app/events_runtime.hpp"

#include "admin/audit_routes.hpp"
#include "admin/webhook_routes.hpp"

namespace sigid::app {

events::DispatcherOptions dispatcherOptions(const EventsConfig& c) {
  events::DispatcherOptions o;
  o.threads = c.dispatcher_threads;
  o.schedule.base = std::chrono::seconds(c.retry_base_seconds);
  o.schedule.cap = std::chrono::seconds(c.retry_max_seconds);
  o.schedule.max_attempts = static_cast<int>(c.max_attempts);
  o.lease = std::chrono::seconds(c.lease_seconds);
  o.per_destination = c.per_destination_concurrency;
  o.timeout = std::chrono::seconds(c.delivery_timeout_seconds);
  o.auto_disable_after = std::chrono::seconds(c.auto_disable_after_seconds);
  return o;
}

EventsRuntime::EventsRuntime(const KernelConfig& config, store::Database& db, const core::Clock& clock,
                             core::Logger& logger, core::crypto::SecretSealer& sealer,
                             const plugins::PluginRegistry& registry, plugins::PluginInstanceService& instances,
                             plugins::HostServices& host_services, admin::AdminContext& admin)
    : config_(config),
      logger_(logger),
      transport_(registry, instances, host_services),
      webhooks_(db, clock, sealer,
                events::WebhookSubscriptionService::Options{
                    events::WebhookUrlPolicy{config.mode == Mode::Dev},
                    [this](std::string_view id) { return transport_.offers(id); }}),
      audit_log_(db),
      retention_(db, clock, logger, config.audit.retention_days),
      dispatcher_(db, clock, webhooks_, transport_, logger, dispatcherOptions(config.events)),
      admin_{admin, webhooks_, audit_log_, db} {}

void EventsRuntime::addRoutes(http::Router& router) {
  admin::addAuditRoutes(router, admin_);
  admin::addWebhookRoutes(router, admin_);
}

void EventsRuntime::start() {
  dispatcher_.start();
  if (config_.audit.retention_days > 0 && !retention_task_) {
    retention_task_ = std::make_unique<oauth::PeriodicTask>(std::chrono::hours(24), [this] {
      if (auto pruned = retention_.pruneAll(); !pruned)
        logger_.warning("audit retention pass failed", {{"detail", pruned.error().detail()}});
    });
  }
  logger_.info("webhook dispatcher started", {{"threads", static_cast<std::int64_t>(config_.events.dispatcher_threads)}});
}

void EventsRuntime::stop() {
  dispatcher_.stop();
  retention_task_.reset();
}

}  // namespace sigid::app
