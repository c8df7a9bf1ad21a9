#include "store/repositories/application_repository.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kColumns =
    "id, client_id, name, client_type, status, secret_sha256, previous_secret_sha256, previous_secret_expires_at, "
    "grant_types, redirect_uris, allowed_origins, scopes, audience, access_token_ttl, signing_alg, created_at, "
    "updated_at, post_logout_redirect_uris";

ApplicationRecord fromRow(const Row& r) {
  return ApplicationRecord{r.text(0),          r.text(1),  r.text(2),  r.text(3),  r.text(4),
                           r.text(5),          r.optionalText(6),      r.optionalInteger(7),
                           r.text(8),          r.text(9),  r.text(10), r.text(11), r.text(12),
                           r.integer(13),      r.text(14), r.integer(15), r.integer(16),
                           r.text(17)};
}

Value optional(const std::optional<std::string>& v) { return v ? Value(*v) : null(); }
Value optional(const std::optional<std::int64_t>& v) { return v ? Value(*v) : null(); }

Result<std::optional<ApplicationRecord>> findOne(const TenantScope& tenant, Connection& c, std::string_view column,
                                                 const std::string& value) {
  const std::string sql = "SELECT " + std::string(kColumns) + " FROM applications WHERE tenant_id = ? AND " +
                          std::string(column) + " = ?";
  SIGID_TRY(Rows rows, c.query(sql, {tenant.str(), value}));
  if (rows.empty()) return std::optional<ApplicationRecord>{};
  return std::optional<ApplicationRecord>{fromRow(rows.front())};
}

}  // namespace

Result<void> ApplicationRepository::insert(const TenantScope& tenant, Connection& c, const ApplicationRecord& a) {
  SIGID_CHECK(c.execute(
      "INSERT INTO applications (tenant_id, " + std::string(kColumns) +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {tenant.str(), a.id, a.client_id, a.name, a.client_type, a.status, a.secret_sha256,
       optional(a.previous_secret_sha256), optional(a.previous_secret_expires_at), a.grant_types, a.redirect_uris,
       a.allowed_origins, a.scopes, a.audience, a.access_token_ttl, a.signing_alg, a.created_at, a.updated_at,
       a.post_logout_redirect_uris}));
  return core::success();
}

Result<std::optional<ApplicationRecord>> ApplicationRepository::findById(const TenantScope& tenant, Connection& c,
                                                                         const std::string& id) {
  return findOne(tenant, c, "id", id);
}

Result<std::optional<ApplicationRecord>> ApplicationRepository::findByClientId(const TenantScope& tenant,
                                                                               Connection& c,
                                                                               const std::string& client_id) {
  return findOne(tenant, c, "client_id", client_id);
}

Result<ApplicationPage> ApplicationRepository::list(const TenantScope& tenant, Connection& c, std::size_t limit,
                                                    const std::optional<std::string>& after_id) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM applications WHERE tenant_id = ?";
  Params params{tenant.str()};
  if (after_id) {
    sql += " AND id > ?";
    params.emplace_back(*after_id);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit + 1));  // one extra row says whether more follow
  SIGID_TRY(Rows rows, c.query(sql, params));
  ApplicationPage page;
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i) page.items.push_back(fromRow(rows[i]));
  if (rows.size() > limit && !page.items.empty()) page.next_after_id = page.items.back().id;
  return page;
}

Result<std::vector<ApplicationRecord>> ApplicationRepository::listActive(const TenantScope& tenant, Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT " + std::string(kColumns) +
                                   " FROM applications WHERE tenant_id = ? AND status = 'active'",
                               {tenant.str()}));
  std::vector<ApplicationRecord> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(fromRow(row));
  return out;
}

Result<bool> ApplicationRepository::update(const TenantScope& tenant, Connection& c, const ApplicationRecord& a) {
  SIGID_TRY(auto changed,
            c.execute("UPDATE applications SET name = ?, status = ?, secret_sha256 = ?, previous_secret_sha256 = ?, "
                      "previous_secret_expires_at = ?, grant_types = ?, redirect_uris = ?, allowed_origins = ?, "
                      "scopes = ?, audience = ?, access_token_ttl = ?, signing_alg = ?, updated_at = ?, "
                      "post_logout_redirect_uris = ? "
                      "WHERE tenant_id = ? AND id = ?",
                      {a.name, a.status, a.secret_sha256, optional(a.previous_secret_sha256),
                       optional(a.previous_secret_expires_at), a.grant_types, a.redirect_uris, a.allowed_origins,
                       a.scopes, a.audience, a.access_token_ttl, a.signing_alg, a.updated_at,
                       a.post_logout_redirect_uris, tenant.str(), a.id}));
  return changed > 0;
}

}  // namespace sigid::store
