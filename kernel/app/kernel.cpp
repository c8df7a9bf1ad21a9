#include "app/kernel.hpp"

#include "admin/admin_context.hpp"
#include "admin/api_key_routes.hpp"
#include "admin/application_routes.hpp"
#include "admin/key_routes.hpp"
#include "admin/plugin_routes.hpp"
#include "admin/tenant_routes.hpp"
#include "app/authorization_runtime.hpp"
#include "app/events_runtime.hpp"
#include "app/health_routes.hpp"
#include "app/hosted_runtime.hpp"
#include "app/policy_runtime.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "oauth/endpoints/protocol_routes.hpp"
#include "oauth/endpoints/protocol_services.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/periodic_task.hpp"
#include "oauth/token_policy_gate.hpp"
#include "crypto_store/data_key_service.hpp"
#include "plugins/plugin_instance_service.hpp"
#include "plugins/plugin_loader.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"
#include "tenancy/api_key_service.hpp"
#include "tenancy/application_service.hpp"
#include "tenancy/bootstrap.hpp"
#include "tenancy/system_authenticator.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::app {
namespace {

store::DatabaseOptions databaseOptions(const DatabaseConfig& c) {
  return store::DatabaseOptions{c.url, c.pool_size, c.busy_timeout, c.connect_timeout};
}

core::Result<void> applyMigrations(store::Database& db, const KernelConfig& config, core::Logger& logger) {
  store::MigrationOptions options;
  options.mysql_partitions = config.database.mysql_partitions;
  SIGID_TRY(store::MigrationReport report, store::migrate(db, options));
  logger.info("schema up to date", {{"schema_version", report.schema_version},
                                    {"applied", static_cast<std::int64_t>(report.applied.size())}});
  return core::success();
}

oauth::ProtocolOptions protocolOptions(const KernelConfig& c) {
  auto limit = [](const RateLimitConfig& l) { return oauth::RateLimit{double(l.per_second), double(l.burst)}; };
  return oauth::ProtocolOptions{c.http.public_base_url,           c.cache.refresh_interval,
                                c.oauth.revocation_refresh_interval, limit(c.oauth.client_rate_limit),
                                limit(c.oauth.address_rate_limit), c.audit.batch_interval};
}

http::HttpServerOptions serverOptions(const HttpConfig& c) {
  http::HttpServerOptions o;
  o.host = c.host;
  o.port = c.port;
  o.max_body_bytes = c.max_body_bytes;
  o.max_threads = c.max_threads;
  o.max_connections = c.max_connections;
  o.drain_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(c.drain_timeout);
  o.tls_cert_file = c.tls_cert_file;
  o.tls_key_file = c.tls_key_file;
  o.behind_tls_proxy = c.behind_tls_proxy;
  return o;
}

}  // namespace

// Members are declared in dependency order so they are destroyed in reverse:
// the server stops before the services it calls go away.
struct Kernel::Parts {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<crypto_store::DataKeyService> data_keys;
  // Outlives every holder of plugin objects: the plugins' code lives in it.
  plugins::PluginRegistry plugin_registry;
  plugins::PluginFaults plugin_faults;
  std::unique_ptr<plugins::OutboundHttpClient> outbound_http;
  std::unique_ptr<plugins::HostServices> host_services;
  std::unique_ptr<plugins::PluginInstanceService> plugin_instances;
  std::unique_ptr<tenancy::TenantService> tenants;
  std::unique_ptr<tenancy::SystemAuthenticator> system_auth;
  std::unique_ptr<admin::AdminContext> admin;
  std::unique_ptr<admin::PluginAdminContext> plugin_admin;
  http::Metrics metrics;
  // OAuth core (issue 6): keys, applications, API keys, protocol endpoints.
  std::unique_ptr<oauth::KeyService> keys;
  std::unique_ptr<tenancy::ApplicationService> applications;
  std::unique_ptr<tenancy::ApiKeyService> api_keys;
  std::unique_ptr<admin::OAuthAdminContext> oauth_admin;
  std::unique_ptr<admin::KeyAdminContext> key_admin;
  std::unique_ptr<oauth::ProtocolServices> protocol;
  std::unique_ptr<oauth::PeriodicTask> usage_flush;
  // Webhooks, audit routes, dispatcher threads: stopped before what they use.
  std::unique_ptr<EventsRuntime> events;
  // Users, invitations, sessions and the hosted pages (issue 7).
  std::unique_ptr<HostedRuntime> hosted;
  // The authorization code flow: /authorize, user grants, userinfo (issue 7 part B).
  std::unique_ptr<AuthorizationRuntime> authorization;
  // Tenant Lua policies: engine, lifecycle API, authz check (issue 8).
  std::unique_ptr<PolicyRuntime> policies;
  std::unique_ptr<oauth::TokenPolicyGate> token_policy;
  http::Router router;
  std::unique_ptr<http::HttpServer> server;
};

Kernel::Kernel(KernelConfig config, core::Logger& logger)
    : config_(std::move(config)), logger_(logger), parts_(std::make_unique<Parts>()) {}

Kernel::~Kernel() { stop(); }

core::Result<void> Kernel::start() {
  auto& p = *parts_;
  SIGID_TRY(p.db, store::openDatabase(databaseOptions(config_.database)));
  if (config_.database.migrate_on_start) SIGID_CHECK(applyMigrations(*p.db, config_, logger_));
  SIGID_TRY(bootstrap_credential_, tenancy::bootstrapSystemTenant(*p.db, clock_));

  SIGID_TRY(p.data_keys,
            crypto_store::DataKeyService::open(*p.db, clock_, logger_, config_.security.master_key));
  SIGID_CHECK(startPlugins(p));

  p.tenants = std::make_unique<tenancy::TenantService>(*p.db, clock_);
  p.system_auth = std::make_unique<tenancy::SystemAuthenticator>(*p.db);
  p.admin = std::make_unique<admin::AdminContext>(
      admin::AdminContext{*p.tenants, *p.system_auth, config_.http.public_base_url});

  SIGID_CHECK(startOAuth(p));

  addHealthRoutes(p.router, *p.db, p.metrics);
  admin::addSystemTenantRoutes(p.router, *p.admin);
  admin::addTenantSelfRoutes(p.router, *p.admin);
  admin::addApplicationRoutes(p.router, *p.oauth_admin);
  admin::addApiKeyRoutes(p.router, *p.oauth_admin);
  p.key_admin = std::make_unique<admin::KeyAdminContext>(admin::KeyAdminContext{*p.admin, *p.keys});
  admin::addKeyRoutes(p.router, *p.key_admin);
  oauth::addProtocolRoutes(p.router, p.protocol->context());
  p.plugin_admin = std::make_unique<admin::PluginAdminContext>(
      admin::PluginAdminContext{*p.admin, *p.plugin_instances, p.plugin_registry});
  admin::addSystemPluginRoutes(p.router, *p.plugin_admin);
  admin::addTenantPluginRoutes(p.router, *p.plugin_admin);
  p.events = std::make_unique<EventsRuntime>(config_, *p.db, clock_, logger_, *p.data_keys, p.plugin_registry,
                                             *p.plugin_instances, *p.host_services, *p.admin);
  p.events->addRoutes(p.router);
  p.hosted = std::make_unique<HostedRuntime>(config_, *p.db, clock_, logger_, *p.tenants, *p.admin,
                                             *p.plugin_instances, p.plugin_registry);
  // Before the hosted routes: it sets their consent and logout hooks.
  p.authorization = std::make_unique<AuthorizationRuntime>(config_, *p.db, clock_, *p.tenants, p.hosted->users(),
                                                           p.hosted->context(), *p.protocol, *p.keys);
  p.hosted->addRoutes(p.router);
  p.authorization->addRoutes(p.router);
  SIGID_TRY(p.policies, PolicyRuntime::create(config_, *p.db, clock_, logger_, p.metrics, *p.admin));
  p.policies->addRoutes(p.router);
  p.token_policy = std::make_unique<oauth::TokenPolicyGate>(p.policies->evaluator(), clock_);
  p.protocol->context().tokens.setPolicyGate(p.token_policy.get());
  p.authorization->usePolicies(p.policies->evaluator());
  p.policies->onChange([&p](const core::TenantId& tenant) { p.protocol->directory().invalidate(tenant); });
  p.events->start();

  for (const auto& [method, pattern] : p.router.routes()) logger_.debug("route", {{"method", method}, {"pattern", pattern}});
  p.server = std::make_unique<http::HttpServer>(serverOptions(config_.http), p.router, p.metrics, logger_);
  SIGID_CHECK(p.server->start());
  return core::success();
}

// Plugins load before the server listens: a tenant's first request already
// finds every plugin, and a refused file is in the log before traffic arrives.
core::Result<void> Kernel::startPlugins(Parts& p) {
  SIGID_CHECK(plugins::loadConfiguredPlugins({config_.plugins.directories, config_.plugins.allowlist}, logger_,
                                             p.plugin_registry, &p.plugin_faults));
  SIGID_TRY(plugins::SsrfGuard guard, plugins::SsrfGuard::create(config_.plugins.outbound_allowlist));
  p.outbound_http = std::make_unique<plugins::OutboundHttpClient>(std::move(guard));
  p.host_services = std::make_unique<plugins::HostServices>(
      plugins::HostServices{logger_, clock_, *p.db, *p.data_keys, *p.outbound_http});
  p.plugin_instances =
      std::make_unique<plugins::PluginInstanceService>(p.plugin_registry, *p.host_services, p.plugin_faults);
  return core::success();
}

// The protocol services and their batches (API key usage, audit) wait for the
// admin context; the batches flush once more when the kernel stops.
core::Result<void> Kernel::startOAuth(Parts& p) {
  p.keys = std::make_unique<oauth::KeyService>(*p.db, *p.data_keys, clock_, logger_,
                                                oauth::KeyServiceOptions{config_.keys.rotation_overlap});
  const bool production = config_.mode == Mode::Production;
  p.applications = std::make_unique<tenancy::ApplicationService>(*p.db, clock_, *p.tenants, production);
  p.api_keys = std::make_unique<tenancy::ApiKeyService>(*p.db, clock_, *p.tenants, config_.cache.refresh_interval);
  p.admin->api_keys = p.api_keys.get();
  p.oauth_admin = std::make_unique<admin::OAuthAdminContext>(
      admin::OAuthAdminContext{*p.admin, *p.applications, *p.api_keys});
  p.protocol = std::make_unique<oauth::ProtocolServices>(*p.db, clock_, logger_, *p.keys, p.metrics,
                                                         protocolOptions(config_));
  // This node sees its own admin changes at once; others within cache.refresh_interval_ms.
  p.applications->onChange([&directory = p.protocol->directory()](const core::TenantId& t) { directory.invalidate(t); });
  p.tenants->onChange([&directory = p.protocol->directory()](const core::TenantId& t) { directory.invalidate(t); });
  p.usage_flush = std::make_unique<oauth::PeriodicTask>(config_.api_keys.usage_flush_interval, [&p, this] {
    if (auto flushed = p.api_keys->flushUsage(); !flushed)
      logger_.warning("api key usage not written", {{"detail", flushed.error().detail()}});
  });
  return core::success();
}

void Kernel::stop() {
  if (parts_ && parts_->server) {
    logger_.info("draining", {{"in_flight", static_cast<std::int64_t>(parts_->server->inFlight())}});
    parts_->server->stop();
    parts_->server.reset();
    logger_.info("stopped");
  }
  // After the last request: what is batched in memory is written once more.
  if (parts_ && parts_->usage_flush) parts_->usage_flush->stop();
  if (parts_ && parts_->protocol) parts_->protocol->stop();
  if (parts_ && parts_->events) parts_->events->stop();
}

std::uint16_t Kernel::port() const { return parts_->server ? parts_->server->port() : 0; }

std::optional<std::string> Kernel::takeBootstrapCredential() { return std::exchange(bootstrap_credential_, {}); }

core::Result<void> migrateDatabase(const KernelConfig& config, core::Logger& logger) {
  SIGID_TRY(auto db, store::openDatabase(databaseOptions(config.database)));
  return applyMigrations(*db, config, logger);
}

}  // namespace sigid::app
