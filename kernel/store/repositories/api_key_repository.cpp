#include "store/repositories/api_key_repository.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kColumns =
    "id, name, hint, secret_sha256, scopes, expires_at, created_at, usage_count, last_used_at";

ApiKeyRecord fromRow(const Row& r) {
  return ApiKeyRecord{r.text(0), r.text(1),     r.text(2),    r.text(3),           r.text(4),
                      r.optionalInteger(5), r.integer(6), r.integer(7), r.optionalInteger(8)};
}

Result<std::optional<ApiKeyRecord>> findOne(const TenantScope& tenant, Connection& c, std::string_view column,
                                            const std::string& value) {
  const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM api_keys WHERE tenant_id = ? AND " + std::string(column) + " = ?";
  SIGID_TRY(Rows rows, c.query(sql, {tenant.str(), value}));
  if (rows.empty()) return std::optional<ApiKeyRecord>{};
  return std::optional<ApiKeyRecord>{fromRow(rows.front())};
}

}  // namespace

Result<void> ApiKeyRepository::insert(const TenantScope& tenant, Connection& c, const ApiKeyRecord& k) {
  SIGID_CHECK(c.execute("INSERT INTO api_keys (tenant_id, " + std::string(kColumns) +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), k.id, k.name, k.hint, k.secret_sha256, k.scopes,
                         k.expires_at ? Value(*k.expires_at) : null(), k.created_at, k.usage_count,
                         k.last_used_at ? Value(*k.last_used_at) : null()}));
  return core::success();
}

Result<std::optional<ApiKeyRecord>> ApiKeyRepository::findById(const TenantScope& tenant, Connection& c,
                                                               const std::string& id) {
  return findOne(tenant, c, "id", id);
}

Result<std::optional<ApiKeyRecord>> ApiKeyRepository::findBySecretHash(const TenantScope& tenant, Connection& c,
                                                                       const std::string& secret_sha256) {
  return findOne(tenant, c, "secret_sha256", secret_sha256);
}

Result<ApiKeyPage> ApiKeyRepository::list(const TenantScope& tenant, Connection& c, std::size_t limit,
                                          const std::optional<std::string>& after_id) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM api_keys WHERE tenant_id = ?";
  Params params{tenant.str()};
  if (after_id) {
    sql += " AND id > ?";
    params.emplace_back(*after_id);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit + 1));
  SIGID_TRY(Rows rows, c.query(sql, params));
  ApiKeyPage page;
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i) page.items.push_back(fromRow(rows[i]));
  if (rows.size() > limit && !page.items.empty()) page.next_after_id = page.items.back().id;
  return page;
}

Result<bool> ApiKeyRepository::remove(const TenantScope& tenant, Connection& c, const std::string& id) {
  SIGID_TRY(auto changed, c.execute("DELETE FROM api_keys WHERE tenant_id = ? AND id = ?", {tenant.str(), id}));
  return changed > 0;
}

Result<void> ApiKeyRepository::addUsage(const TenantScope& tenant, Connection& c, const std::string& id,
                                        std::int64_t count, std::int64_t last_used_at) {
  SIGID_CHECK(c.execute(
      "UPDATE api_keys SET usage_count = usage_count + ?, "
      "last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END "
      "WHERE tenant_id = ? AND id = ?",
      {count, last_used_at, last_used_at, tenant.str(), id}));
  return core::success();
}

}  // namespace sigid::store
