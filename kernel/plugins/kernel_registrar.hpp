#pragma once

#include "plugins/plugin_registry.hpp"
#include "sigid/sdk/registrar.hpp"

namespace sigid::plugins {

// The Registrar a plugin is handed while it loads: collects its factories, one
// per kind, and refuses kinds the manifest did not declare (Envoy: a factory
// is known by its declared name and kind before anything is built).
class KernelRegistrar final : public sdk::Registrar {
 public:
  explicit KernelRegistrar(sdk::KindSet declared) : declared_(declared) {}
  PluginFactories take() { return std::move(factories_); }

 protected:
  sdk::Result<void> addSignInMethod(std::unique_ptr<sdk::SignInMethodFactory> f) override {
    return put(sdk::Kind::SignInMethod, factories_.sign_in_method, std::move(f));
  }
  sdk::Result<void> addSsoProvider(std::unique_ptr<sdk::SsoProviderFactory> f) override {
    return put(sdk::Kind::SsoProvider, factories_.sso_provider, std::move(f));
  }
  sdk::Result<void> addWalletBackend(std::unique_ptr<sdk::WalletBackendFactory> f) override {
    return put(sdk::Kind::WalletBackend, factories_.wallet_backend, std::move(f));
  }
  sdk::Result<void> addWebhookTransport(std::unique_ptr<sdk::WebhookTransportFactory> f) override {
    return put(sdk::Kind::WebhookTransport, factories_.webhook_transport, std::move(f));
  }
  sdk::Result<void> addBillingProvider(std::unique_ptr<sdk::BillingProviderFactory> f) override {
    return put(sdk::Kind::BillingProvider, factories_.billing_provider, std::move(f));
  }

 private:
  template <class F>
  sdk::Result<void> put(sdk::Kind kind, std::unique_ptr<F>& slot, std::unique_ptr<F> factory) {
    if (!declared_.contains(kind))
      return sdk::Error(sdk::ErrorCode::InvalidRequest,
                        "registered a " + std::string(sdk::kindName(kind)) + " factory its manifest does not declare");
    if (slot)
      return sdk::Error(sdk::ErrorCode::InvalidRequest,
                        "registered a second " + std::string(sdk::kindName(kind)) + " factory");
    slot = std::move(factory);
    return sdk::ok();
  }

  sdk::KindSet declared_;
  PluginFactories factories_;
};

}  // namespace sigid::plugins
