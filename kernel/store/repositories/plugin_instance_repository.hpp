#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// A tenant's instance of a plugin. `config` holds sealed secrets only.
struct PluginInstanceRecord {
  std::string plugin_id;
  bool enabled = true;
  std::string config;  // JSON object
  std::int64_t config_version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

class PluginInstanceRepository {
 public:
  // Conflict when the tenant already has an instance of the plugin.
  Result<void> insert(const TenantScope& tenant, Connection& c, const PluginInstanceRecord& record);
  // Replaces enabled and config, bumps config_version; false when there is no such instance.
  Result<bool> update(const TenantScope& tenant, Connection& c, const PluginInstanceRecord& record);
  Result<std::optional<PluginInstanceRecord>> find(const TenantScope& tenant, Connection& c,
                                                   const std::string& plugin_id);
  // Ordered by plugin id.
  Result<std::vector<PluginInstanceRecord>> list(const TenantScope& tenant, Connection& c);
  // Also removes the plugin's key/value items for the tenant. False when there was no instance.
  Result<bool> remove(const TenantScope& tenant, Connection& c, const std::string& plugin_id);
};

// The key/value store behind sdk::Host, scoped to (tenant, plugin).
class PluginKvRepository {
 public:
  Result<std::optional<std::string>> get(const TenantScope& tenant, Connection& c, const std::string& plugin_id,
                                         const std::string& key);
  // Insert or replace.
  Result<void> put(const TenantScope& tenant, Connection& c, const std::string& plugin_id, const std::string& key,
                   const std::string& value, std::int64_t now);
  Result<void> remove(const TenantScope& tenant, Connection& c, const std::string& plugin_id, const std::string& key);
};

}  // namespace sigid::store
