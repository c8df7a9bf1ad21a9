#include "store/repositories/data_key_repository.hpp"

namespace sigid::store {
namespace {

DataKeyRecord fromRow(const Row& r) { return DataKeyRecord{r.text(0), r.text(1), r.integer(2)}; }

Result<std::optional<DataKeyRecord>> first(Result<Rows> rows) {
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::optional<DataKeyRecord>{};
  return std::optional<DataKeyRecord>{fromRow(rows->front())};
}

}  // namespace

Result<void> DataKeyRepository::insert(const TenantScope& tenant, Connection& c, const DataKeyRecord& record) {
  SIGID_CHECK(c.execute("INSERT INTO tenant_data_keys (tenant_id, id, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
                        {tenant.str(), record.id, record.wrapped_key, record.created_at}));
  return core::success();
}

Result<std::optional<DataKeyRecord>> DataKeyRepository::find(const TenantScope& tenant, Connection& c,
                                                             const std::string& id) {
  return first(c.query("SELECT id, wrapped_key, created_at FROM tenant_data_keys WHERE tenant_id = ? AND id = ?",
                       {tenant.str(), id}));
}

Result<std::optional<DataKeyRecord>> DataKeyRepository::newest(const TenantScope& tenant, Connection& c) {
  return first(c.query("SELECT id, wrapped_key, created_at FROM tenant_data_keys WHERE tenant_id = ? "
                       "ORDER BY created_at DESC, id DESC LIMIT 1",
                       {tenant.str()}));
}

Result<void> DataKeyRepository::insertDevMasterKey(Connection& c, const DevMasterKeyRecord& record) {
  SIGID_CHECK(c.execute("INSERT INTO dev_master_key (id, key_material, note, created_at) VALUES ('dev', ?, ?, ?)",
                        {record.key_material, record.note, record.created_at}));
  return core::success();
}

Result<std::optional<DevMasterKeyRecord>> DataKeyRepository::findDevMasterKey(Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT key_material, note, created_at FROM dev_master_key WHERE id = 'dev'"));
  if (rows.empty()) return std::optional<DevMasterKeyRecord>{};
  const Row& r = rows.front();
  return std::optional<DevMasterKeyRecord>{DevMasterKeyRecord{r.text(0), r.text(1), r.integer(2)}};
}

}  // namespace sigid::store
