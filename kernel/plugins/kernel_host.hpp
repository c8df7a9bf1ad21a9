#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/crypto/secret_sealer.hpp"
#include "core/log.hpp"
#include "plugins/outbound_http_client.hpp"
#include "sigid/sdk/host.hpp"
#include "store/database.hpp"
#include "store/repositories/audit_repository.hpp"
#include "store/repositories/plugin_instance_repository.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::plugins {

// What every Host is built from; owned by the kernel, shared by all hosts.
struct HostServices {
  core::Logger& logger;
  const core::Clock& clock;
  store::Database& db;
  core::crypto::SecretSealer& sealer;
  const OutboundHttpClient& http;
};

// The seal purpose of values a plugin seals through Host::seal (config secrets
// use instanceSecretPurpose): the same bytes never open under the other.
std::string hostSealPurpose(std::string_view plugin_id);
std::string instanceSecretPurpose(std::string_view plugin_id);

inline constexpr std::size_t kMaxKvKeyBytes = 191;
inline constexpr std::size_t kMaxKvValueBytes = 64 * 1024;

// sdk::Host for one (plugin, tenant). The plugin reaches the database only
// through the narrow calls here, always scoped to its own rows.
class KernelHost final : public sdk::Host {
 public:
  KernelHost(HostServices& services, std::string plugin_id, store::TenantScope tenant, sdk::PluginConfig config)
      : services_(services), plugin_id_(std::move(plugin_id)), tenant_(std::move(tenant)), config_(std::move(config)) {}

  void log(sdk::LogLevel level, std::string_view message, const std::vector<sdk::LogField>& fields) override;
  const sdk::PluginConfig& config() const override { return config_; }
  std::chrono::system_clock::time_point now() const override { return services_.clock.now(); }
  std::string randomBytes(std::size_t count) override;
  sdk::Result<sdk::HttpResponse> http(const sdk::HttpRequest& request) override;
  sdk::Result<std::string> seal(std::string_view plaintext) override;
  sdk::Result<std::string> unseal(std::string_view sealed) override;
  sdk::Result<std::optional<std::string>> kvGet(std::string_view key) override;
  sdk::Result<void> kvPut(std::string_view key, std::string_view value) override;
  sdk::Result<void> kvDelete(std::string_view key) override;
  sdk::Result<void> audit(const sdk::AuditEvent& event) override;

 private:
  HostServices& services_;
  std::string plugin_id_;
  store::TenantScope tenant_;
  sdk::PluginConfig config_;
  store::PluginKvRepository kv_;
  store::AuditRepository audit_;
};

// A kernel error as the SDK's: what a plugin sees when a Host call fails.
sdk::Error toSdkError(const core::Error& error);

}  // namespace sigid::plugins
