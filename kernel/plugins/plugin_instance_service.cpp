#include "plugins/plugin_instance_service.hpp"

#include "core/ids.hpp"
#include "plugins/config_document.hpp"
#include "store/autocommit.hpp"

namespace sigid::plugins {
namespace {

using core::Error;
using core::Result;

// Which factory builds which kind.
template <class T>
struct KindTraits;
template <>
struct KindTraits<sdk::SignInMethod> {
  static constexpr sdk::Kind kKind = sdk::Kind::SignInMethod;
  static auto* factory(const LoadedPlugin& p) { return p.factories.sign_in_method.get(); }
};
template <>
struct KindTraits<sdk::SsoProvider> {
  static constexpr sdk::Kind kKind = sdk::Kind::SsoProvider;
  static auto* factory(const LoadedPlugin& p) { return p.factories.sso_provider.get(); }
};
template <>
struct KindTraits<sdk::WalletBackend> {
  static constexpr sdk::Kind kKind = sdk::Kind::WalletBackend;
  static auto* factory(const LoadedPlugin& p) { return p.factories.wallet_backend.get(); }
};
template <>
struct KindTraits<sdk::WebhookTransport> {
  static constexpr sdk::Kind kKind = sdk::Kind::WebhookTransport;
  static auto* factory(const LoadedPlugin& p) { return p.factories.webhook_transport.get(); }
};
template <>
struct KindTraits<sdk::BillingProvider> {
  static constexpr sdk::Kind kKind = sdk::Kind::BillingProvider;
  static auto* factory(const LoadedPlugin& p) { return p.factories.billing_provider.get(); }
};

Error noInstance(std::string_view plugin_id) {
  return Error::notFound("plugin instance " + std::string(plugin_id) + " was not found");
}

std::string joinViolations(const std::vector<SchemaViolation>& violations) {
  std::string text;
  for (const auto& v : violations) text += (text.empty() ? "" : "; ") + v.text();
  return text;
}

}  // namespace

Result<PluginInstanceView> PluginInstanceService::view(const store::PluginInstanceRecord& record) const {
  SIGID_TRY(Poco::Dynamic::Var document, parseConfigDocument(record.config));
  maskSealedValues(document);
  return PluginInstanceView{record.plugin_id,      record.enabled,     registry_.find(record.plugin_id) != nullptr,
                            toJson(document),      record.config_version, record.created_at, record.updated_at};
}

Result<std::vector<PluginInstanceView>> PluginInstanceService::list(const store::TenantScope& tenant) {
  store::AutoCommit c(services_.db);
  SIGID_TRY(auto records, instances_.list(tenant, c));
  std::vector<PluginInstanceView> out;
  for (const auto& r : records) {
    SIGID_TRY(auto v, view(r));
    out.push_back(std::move(v));
  }
  return out;
}

Result<PluginInstanceView> PluginInstanceService::get(const store::TenantScope& tenant, std::string_view plugin_id) {
  store::AutoCommit c(services_.db);
  SIGID_TRY(auto record, instances_.find(tenant, c, std::string(plugin_id)));
  if (!record) return noInstance(plugin_id);
  return view(*record);
}

Result<void> PluginInstanceService::audit(store::Connection& c, const store::TenantScope& tenant,
                                          const core::Actor& actor, const std::string& type,
                                          const std::string& plugin_id, std::int64_t version) {
  store::AuditRecord r;
  r.id = core::Uuid::v7().str();
  r.occurred_at_ms = services_.clock.nowMillis();
  r.type = type;
  r.actor_type = actor.type;
  r.actor_id = actor.id;
  r.target_type = "plugin_instance";
  r.target_id = plugin_id;
  r.source_ip = actor.source_ip;
  r.request_id = actor.request_id;
  r.outcome = "success";
  std::string data = "{\"plugin_id\":";
  core::appendJsonString(data, plugin_id);
  data += ",\"config_version\":" + std::to_string(version) + "}";  // never the config: it may name secrets
  r.data = std::move(data);
  return audit_.append(tenant, c, r);
}

Result<PluginInstanceView> PluginInstanceService::configure(const store::TenantScope& tenant,
                                                            const core::Actor& actor, std::string_view plugin_id,
                                                            std::string_view config_json, bool enabled) {
  const LoadedPlugin* plugin = registry_.find(plugin_id);
  if (!plugin) return Error::notFound("plugin " + std::string(plugin_id) + " is not loaded");
  const std::string id(plugin_id);
  const std::string purpose = instanceSecretPurpose(id);
  SIGID_TRY(Poco::Dynamic::Var document, parseConfigDocument(config_json));

  std::optional<store::PluginInstanceRecord> existing;
  {
    store::AutoCommit c(services_.db);
    SIGID_TRY(existing, instances_.find(tenant, c, id));
  }
  if (existing) {
    SIGID_TRY(Poco::Dynamic::Var stored, parseConfigDocument(existing->config));
    SIGID_CHECK(unsealSecrets(plugin->schema->root(), stored, [&](std::string_view sealed) {
      return services_.sealer.unseal(tenant.id(), purpose, sealed);
    }));
    keepStoredSecrets(plugin->schema->root(), document, stored);
  }
  auto violations = plugin->schema->validate(document);
  if (!violations.empty()) return Error::invalidRequest(joinViolations(violations));
  // Sealed outside the transaction: the sealer may write the tenant's first
  // data key, which SQLite would otherwise wait on our own write lock for.
  SIGID_CHECK(sealSecrets(plugin->schema->root(), document, [&](std::string_view plain) {
    return services_.sealer.seal(tenant.id(), purpose, plain);
  }));

  store::PluginInstanceRecord record;
  record.plugin_id = id;
  record.enabled = enabled;
  record.config = toJson(document);
  record.created_at = record.updated_at = services_.clock.nowSeconds();
  SIGID_CHECK(services_.db.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(bool updated, instances_.update(tenant, c, record));
    if (!updated) SIGID_CHECK(instances_.insert(tenant, c, record));
    SIGID_TRY(auto saved, instances_.find(tenant, c, id));
    if (!saved) return Error::internal("plugin instance vanished inside its own transaction");
    record = *saved;
    return audit(c, tenant, actor, updated ? "plugin_instance.configured" : "plugin_instance.created", id,
                 record.config_version);
  }));
  forget(tenant, id);
  return view(record);
}

Result<PluginInstanceView> PluginInstanceService::setEnabled(const store::TenantScope& tenant,
                                                             const core::Actor& actor, std::string_view plugin_id,
                                                             bool enabled) {
  const std::string id(plugin_id);
  store::PluginInstanceRecord record;
  SIGID_CHECK(services_.db.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(auto found, instances_.find(tenant, c, id));
    if (!found) return noInstance(plugin_id);
    found->enabled = enabled;
    found->updated_at = services_.clock.nowSeconds();
    SIGID_TRY(bool updated, instances_.update(tenant, c, *found));
    if (!updated) return noInstance(plugin_id);
    SIGID_TRY(auto saved, instances_.find(tenant, c, id));
    record = *saved;
    return audit(c, tenant, actor, enabled ? "plugin_instance.enabled" : "plugin_instance.disabled", id,
                 record.config_version);
  }));
  forget(tenant, id);
  return view(record);
}

Result<void> PluginInstanceService::remove(const store::TenantScope& tenant, const core::Actor& actor,
                                           std::string_view plugin_id) {
  const std::string id(plugin_id);
  SIGID_CHECK(services_.db.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(bool removed, instances_.remove(tenant, c, id));
    if (!removed) return noInstance(plugin_id);
    return audit(c, tenant, actor, "plugin_instance.removed", id, 0);
  }));
  forget(tenant, id);
  return core::success();
}

Result<sdk::PluginConfig> PluginInstanceService::pluginConfig(const store::TenantScope& tenant,
                                                              const LoadedPlugin& plugin,
                                                              const std::string& stored_json) {
  SIGID_TRY(Poco::Dynamic::Var document, parseConfigDocument(stored_json));
  const std::string purpose = instanceSecretPurpose(plugin.id);
  SIGID_CHECK(unsealSecrets(plugin.schema->root(), document, [&](std::string_view sealed) {
    return services_.sealer.unseal(tenant.id(), purpose, sealed);
  }));
  return sdk::PluginConfig(tenant.str(), toJson(document), flattenConfig(document));
}

void PluginInstanceService::forget(const store::TenantScope& tenant, std::string_view plugin_id) {
  const std::string suffix = "|" + tenant.str() + "|" + std::string(plugin_id);
  std::lock_guard lock(cache_mutex_);
  std::erase_if(cache_, [&](const auto& entry) { return entry.first.ends_with(suffix); });
}

template <class T>
Result<std::shared_ptr<PluginInstance<T>>> PluginInstanceService::open(const store::TenantScope& tenant,
                                                                       std::string_view plugin_id) {
  using Traits = KindTraits<T>;
  const std::string id(plugin_id);
  std::optional<store::PluginInstanceRecord> record;
  {
    store::AutoCommit c(services_.db);
    SIGID_TRY(record, instances_.find(tenant, c, id));
  }
  if (!record || !record->enabled) return noInstance(plugin_id);
  const LoadedPlugin* plugin = registry_.find(id);
  if (!plugin) return Error(core::ErrorCode::Unavailable, "plugin " + id + " is not loaded on this server");
  auto* factory = Traits::factory(*plugin);
  if (!factory)
    return Error::invalidRequest("plugin " + id + " does not provide a " + std::string(sdk::kindName(Traits::kKind)));

  const std::string key = std::string(sdk::kindName(Traits::kKind)) + "|" + tenant.str() + "|" + id;
  {
    std::lock_guard lock(cache_mutex_);
    auto hit = cache_.find(key);
    if (hit != cache_.end() && hit->second.created_at == record->created_at &&
        hit->second.config_version == record->config_version)
      return std::static_pointer_cast<PluginInstance<T>>(hit->second.instance);
  }
  SIGID_TRY(sdk::PluginConfig config, pluginConfig(tenant, *plugin, record->config));
  auto host = std::make_unique<KernelHost>(services_, id, tenant, std::move(config));
  KernelHost& host_ref = *host;
  SIGID_TRY(std::unique_ptr<T> instance,
            pluginCall(id, &faults_, [&] { return factory->create(host_ref.config(), host_ref); }));
  auto made = std::make_shared<PluginInstance<T>>(id, std::move(host), std::move(instance));
  std::lock_guard lock(cache_mutex_);
  cache_[key] = Cached{record->created_at, record->config_version, made};
  return made;
}

template Result<std::shared_ptr<PluginInstance<sdk::SignInMethod>>> PluginInstanceService::open(
    const store::TenantScope&, std::string_view);
template Result<std::shared_ptr<PluginInstance<sdk::SsoProvider>>> PluginInstanceService::open(
    const store::TenantScope&, std::string_view);
template Result<std::shared_ptr<PluginInstance<sdk::WalletBackend>>> PluginInstanceService::open(
    const store::TenantScope&, std::string_view);
template Result<std::shared_ptr<PluginInstance<sdk::WebhookTransport>>> PluginInstanceService::open(
    const store::TenantScope&, std::string_view);
template Result<std::shared_ptr<PluginInstance<sdk::BillingProvider>>> PluginInstanceService::open(
    const store::TenantScope&, std::string_view);

}  // namespace sigid::plugins
