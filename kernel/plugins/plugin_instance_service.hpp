#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "plugins/kernel_host.hpp"
#include "plugins/plugin_call.hpp"
#include "plugins/plugin_registry.hpp"
#include "store/repositories/audit_repository.hpp"
#include "store/repositories/plugin_instance_repository.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::plugins {

// A tenant's instance as the control plane shows it: secrets masked.
struct PluginInstanceView {
  std::string plugin_id;
  bool enabled = true;
  bool loaded = true;       // false when the plugin is no longer in the plugin folders
  std::string config_json;  // every secret replaced by "********"
  std::int64_t config_version = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A live plugin instance for one tenant and config version, with the Host it
// was given. The instance is destroyed before its Host.
template <class T>
class PluginInstance {
 public:
  PluginInstance(std::string plugin_id, std::unique_ptr<KernelHost> host, std::unique_ptr<T> instance)
      : plugin_id_(std::move(plugin_id)), host_(std::move(host)), instance_(std::move(instance)) {}
  const std::string& pluginId() const { return plugin_id_; }
  T& get() { return *instance_; }

 private:
  std::string plugin_id_;
  std::unique_ptr<KernelHost> host_;
  std::unique_ptr<T> instance_;
};

// Tenants' plugin instances: config validated against the plugin's schema,
// writeOnly values sealed before they reach the database, every change audited
// in the same transaction. Every call takes the tenant's scope first; another
// tenant's instance is indistinguishable from a missing one.
class PluginInstanceService {
 public:
  PluginInstanceService(const PluginRegistry& registry, HostServices& services, PluginFaults& faults)
      : registry_(registry), services_(services), faults_(faults) {}

  core::Result<std::vector<PluginInstanceView>> list(const store::TenantScope& tenant);
  core::Result<PluginInstanceView> get(const store::TenantScope& tenant, std::string_view plugin_id);
  // Creates or replaces the instance's config. A writeOnly value the document
  // omits keeps its stored value, so secrets need not be re-entered.
  // 400 listing every violation as "/pointer: problem"; 404 for a plugin that is not loaded.
  core::Result<PluginInstanceView> configure(const store::TenantScope& tenant, const core::Actor& actor,
                                             std::string_view plugin_id, std::string_view config_json, bool enabled);
  core::Result<PluginInstanceView> setEnabled(const store::TenantScope& tenant, const core::Actor& actor,
                                              std::string_view plugin_id, bool enabled);
  // Removes the instance and the plugin's key/value items for the tenant.
  core::Result<void> remove(const store::TenantScope& tenant, const core::Actor& actor, std::string_view plugin_id);

  // The tenant's enabled instance of the plugin as kind T (one of the five SDK
  // interfaces), built once per config version. 404 when the tenant has no
  // enabled instance, 400 when the plugin does not provide kind T.
  template <class T>
  core::Result<std::shared_ptr<PluginInstance<T>>> open(const store::TenantScope& tenant, std::string_view plugin_id);

  PluginFaults& faults() { return faults_; }

 private:
  core::Result<PluginInstanceView> view(const store::PluginInstanceRecord& record) const;
  core::Result<void> audit(store::Connection& c, const store::TenantScope& tenant, const core::Actor& actor,
                           const std::string& type, const std::string& plugin_id, std::int64_t version);
  core::Result<sdk::PluginConfig> pluginConfig(const store::TenantScope& tenant, const LoadedPlugin& plugin,
                                               const std::string& stored_json);

  const PluginRegistry& registry_;
  HostServices& services_;
  PluginFaults& faults_;
  store::PluginInstanceRepository instances_;
  store::AuditRepository audit_;
  std::mutex cache_mutex_;
  void forget(const store::TenantScope& tenant, std::string_view plugin_id);

  struct Cached {
    // Both: a removed and re-created instance starts again at version 1.
    std::int64_t created_at;
    std::int64_t config_version;
    std::shared_ptr<void> instance;
  };
  std::map<std::string, Cached> cache_;  // kind|tenant|plugin
};

}  // namespace sigid::plugins
