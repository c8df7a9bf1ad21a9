#include "app/kernel.hpp"

#include "admin/admin_context.hpp"
#include "admin/tenant_routes.hpp"
#include "app/health_routes.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"
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

http::HttpServerOptions serverOptions(const HttpConfig& c) {
  http::HttpServerOptions o;
  o.host = c.host;
  o.port = c.port;
  o.max_body_bytes = c.max_body_bytes;
  o.max_threads = c.max_threads;
  o.max_queued = c.max_queued;
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
  std::unique_ptr<tenancy::TenantService> tenants;
  std::unique_ptr<tenancy::SystemAuthenticator> system_auth;
  std::unique_ptr<admin::AdminContext> admin;
  http::Metrics metrics;
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

  p.tenants = std::make_unique<tenancy::TenantService>(*p.db, clock_);
  p.system_auth = std::make_unique<tenancy::SystemAuthenticator>(*p.db);
  p.admin = std::make_unique<admin::AdminContext>(
      admin::AdminContext{*p.tenants, *p.system_auth, config_.http.public_base_url});

  addHealthRoutes(p.router, *p.db, p.metrics);
  admin::addSystemTenantRoutes(p.router, *p.admin);
  admin::addTenantSelfRoutes(p.router, *p.admin);

  for (const auto& [method, pattern] : p.router.routes()) logger_.debug("route", {{"method", method}, {"pattern", pattern}});
  p.server = std::make_unique<http::HttpServer>(serverOptions(config_.http), p.router, p.metrics, logger_);
  SIGID_CHECK(p.server->start());
  return core::success();
}

void Kernel::stop() {
  if (parts_ && parts_->server) {
    logger_.info("draining", {{"in_flight", static_cast<std::int64_t>(parts_->server->inFlight())}});
    parts_->server->stop();
    parts_->server.reset();
    logger_.info("stopped");
  }
}

std::uint16_t Kernel::port() const { return parts_->server ? parts_->server->port() : 0; }

std::optional<std::string> Kernel::takeBootstrapCredential() { return std::exchange(bootstrap_credential_, {}); }

core::Result<void> migrateDatabase(const KernelConfig& config, core::Logger& logger) {
  SIGID_TRY(auto db, store::openDatabase(databaseOptions(config.database)));
  return applyMigrations(*db, config, logger);
}

}  // namespace sigid::app
