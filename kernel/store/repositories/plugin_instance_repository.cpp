#include "store/repositories/plugin_instance_repository.hpp"

#include "core/encoding.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kColumns = "plugin_id, enabled, config, config_version, created_at, updated_at";

PluginInstanceRecord fromRow(const Row& r) {
  return PluginInstanceRecord{r.text(0), r.integer(1) != 0, r.text(2), r.integer(3), r.integer(4), r.integer(5)};
}

}  // namespace

Result<void> PluginInstanceRepository::insert(const TenantScope& tenant, Connection& c, const PluginInstanceRecord& r) {
  SIGID_CHECK(c.execute("INSERT INTO plugin_instances (tenant_id, plugin_id, enabled, config, config_version, "
                        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), r.plugin_id, std::int64_t{r.enabled ? 1 : 0}, r.config, r.config_version,
                         r.created_at, r.updated_at}));
  return core::success();
}

Result<bool> PluginInstanceRepository::update(const TenantScope& tenant, Connection& c, const PluginInstanceRecord& r) {
  SIGID_TRY(std::int64_t changed,
            c.execute("UPDATE plugin_instances SET enabled = ?, config = ?, config_version = config_version + 1, "
                      "updated_at = ? WHERE tenant_id = ? AND plugin_id = ?",
                      {std::int64_t{r.enabled ? 1 : 0}, r.config, r.updated_at, tenant.str(), r.plugin_id}));
  return changed > 0;
}

Result<std::optional<PluginInstanceRecord>> PluginInstanceRepository::find(const TenantScope& tenant, Connection& c,
                                                                            const std::string& plugin_id) {
  SIGID_TRY(Rows rows, c.query("SELECT " + std::string(kColumns) +
                                   " FROM plugin_instances WHERE tenant_id = ? AND plugin_id = ?",
                               {tenant.str(), plugin_id}));
  if (rows.empty()) return std::optional<PluginInstanceRecord>{};
  return std::optional<PluginInstanceRecord>(fromRow(rows.front()));
}

Result<std::vector<PluginInstanceRecord>> PluginInstanceRepository::list(const TenantScope& tenant, Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT " + std::string(kColumns) +
                                   " FROM plugin_instances WHERE tenant_id = ? ORDER BY plugin_id",
                               {tenant.str()}));
  std::vector<PluginInstanceRecord> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(fromRow(r));
  return out;
}

Result<bool> PluginInstanceRepository::remove(const TenantScope& tenant, Connection& c, const std::string& plugin_id) {
  SIGID_CHECK(c.execute("DELETE FROM plugin_kv WHERE tenant_id = ? AND plugin_id = ?", {tenant.str(), plugin_id}));
  SIGID_TRY(std::int64_t changed, c.execute("DELETE FROM plugin_instances WHERE tenant_id = ? AND plugin_id = ?",
                                            {tenant.str(), plugin_id}));
  return changed > 0;
}

Result<std::optional<std::string>> PluginKvRepository::get(const TenantScope& tenant, Connection& c,
                                                           const std::string& plugin_id, const std::string& key) {
  SIGID_TRY(Rows rows, c.query("SELECT item_value FROM plugin_kv WHERE tenant_id = ? AND plugin_id = ? AND item_key = ?",
                               {tenant.str(), plugin_id, key}));
  if (rows.empty()) return std::optional<std::string>{};
  auto value = core::base64Decode(rows.front().text(0));
  if (!value) return core::Error::internal("plugin_kv holds a value that is not base64");
  return std::optional<std::string>(std::move(*value));
}

Result<void> PluginKvRepository::put(const TenantScope& tenant, Connection& c, const std::string& plugin_id,
                                     const std::string& key, const std::string& value, std::int64_t now) {
  const std::string encoded = core::base64Encode(value);
  const Params update{encoded, now, tenant.str(), plugin_id, key};
  constexpr std::string_view kUpdate =
      "UPDATE plugin_kv SET item_value = ?, updated_at = ? WHERE tenant_id = ? AND plugin_id = ? AND item_key = ?";
  // Update, else insert: the same statements on both dialects. MySQL counts an
  // update to the same value as 0 rows, and a racing writer can insert first:
  // both surface as Conflict on the insert, and then the row exists, so one
  // more update settles it.
  SIGID_TRY(std::int64_t changed, c.execute(kUpdate, update));
  if (changed > 0) return core::success();
  auto inserted = c.execute(
      "INSERT INTO plugin_kv (tenant_id, plugin_id, item_key, item_value, updated_at) VALUES (?, ?, ?, ?, ?)",
      {tenant.str(), plugin_id, key, encoded, now});
  if (inserted.ok()) return core::success();
  if (inserted.error().code() != core::ErrorCode::Conflict) return std::move(inserted).error();
  SIGID_CHECK(c.execute(kUpdate, update));
  return core::success();
}

Result<void> PluginKvRepository::remove(const TenantScope& tenant, Connection& c, const std::string& plugin_id,
                                        const std::string& key) {
  SIGID_CHECK(c.execute("DELETE FROM plugin_kv WHERE tenant_id = ? AND plugin_id = ? AND item_key = ?",
                        {tenant.str(), plugin_id, key}));
  return core::success();
}

}  // namespace sigid::store
