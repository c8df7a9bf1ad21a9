#include "plugins/plugin_registry.hpp"

namespace sigid::plugins {

sdk::KindSet PluginFactories::kinds() const {
  sdk::KindSet set;
  if (sign_in_method) set = set | sdk::Kind::SignInMethod;
  if (sso_provider) set = set | sdk::Kind::SsoProvider;
  if (wallet_backend) set = set | sdk::Kind::WalletBackend;
  if (webhook_transport) set = set | sdk::Kind::WebhookTransport;
  if (billing_provider) set = set | sdk::Kind::BillingProvider;
  return set;
}

core::Result<void> PluginRegistry::add(std::unique_ptr<LoadedPlugin> plugin) {
  if (const LoadedPlugin* existing = find(plugin->id))
    return core::Error::conflict("duplicate plugin id " + plugin->id + ": already loaded from " +
                                 existing->file.string());
  plugins_.push_back(std::move(plugin));
  return core::success();
}

const LoadedPlugin* PluginRegistry::find(std::string_view id) const {
  for (const auto& p : plugins_)
    if (p->id == id) return p.get();
  return nullptr;
}

std::vector<std::string> kindNames(sdk::KindSet kinds) {
  std::vector<std::string> names;
  for (sdk::Kind kind : sdk::kAllKinds)
    if (kinds.contains(kind)) names.emplace_back(sdk::kindName(kind));
  return names;
}

}  // namespace sigid::plugins
