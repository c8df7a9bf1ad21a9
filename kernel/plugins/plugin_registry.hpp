#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "plugins/config_schema.hpp"
#include "sigid/sdk/billing_provider.hpp"
#include "sigid/sdk/manifest.hpp"
#include "sigid/sdk/sign_in_method.hpp"
#include "sigid/sdk/sso_provider.hpp"
#include "sigid/sdk/wallet_backend.hpp"
#include "sigid/sdk/webhook_transport.hpp"

namespace sigid::plugins {

// The factories one plugin registered, at most one per kind.
struct PluginFactories {
  std::unique_ptr<sdk::SignInMethodFactory> sign_in_method;
  std::unique_ptr<sdk::SsoProviderFactory> sso_provider;
  std::unique_ptr<sdk::WalletBackendFactory> wallet_backend;
  std::unique_ptr<sdk::WebhookTransportFactory> webhook_transport;
  std::unique_ptr<sdk::BillingProviderFactory> billing_provider;

  sdk::KindSet kinds() const;
};

// A plugin that passed every check. The manifest is copied out of the library
// so the registry never holds views into plugin memory it does not own.
struct LoadedPlugin {
  // Declared first so it is destroyed last: the factories' code lives in it.
  std::shared_ptr<void> library;
  std::string id;
  std::string version;
  std::string description;
  sdk::KindSet kinds;
  std::filesystem::path file;
  std::shared_ptr<const ConfigSchema> schema;
  PluginFactories factories;
};

// A file that was refused, and why: shown by `sigid plugins list` and
// GET /api/v1/system/plugins so an operator sees it without reading logs.
struct LoadFailure {
  std::filesystem::path file;
  std::string reason;
};

// Built at start-up by the loader, read-only afterwards (no locking needed).
class PluginRegistry {
 public:
  PluginRegistry() = default;
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  // Conflict when the id is taken; the message names both files.
  core::Result<void> add(std::unique_ptr<LoadedPlugin> plugin);
  void addFailure(LoadFailure failure) { failures_.push_back(std::move(failure)); }

  const LoadedPlugin* find(std::string_view id) const;
  const std::vector<std::unique_ptr<LoadedPlugin>>& plugins() const { return plugins_; }
  const std::vector<LoadFailure>& failures() const { return failures_; }

 private:
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
  std::vector<LoadFailure> failures_;
};

// "sign_in_method,webhook_transport"
std::vector<std::string> kindNames(sdk::KindSet kinds);

}  // namespace sigid::plugins
