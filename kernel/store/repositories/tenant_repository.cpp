#include "store/repositories/tenant_repository.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kColumns =
    "id, slug, name, plan, status, settings, config_version, created_at, updated_at";

TenantRecord fromRow(const Row& r) {
  return TenantRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
                      r.text(5), r.integer(6), r.integer(7), r.integer(8)};
}

Result<std::optional<TenantRecord>> findOne(Connection& c, std::string_view column, const std::string& value) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM tenants WHERE " + std::string(column) + " = ?";
  SIGID_TRY(Rows rows, c.query(sql, {value}));
  if (rows.empty()) return std::optional<TenantRecord>{};
  return std::optional<TenantRecord>{fromRow(rows.front())};
}

}  // namespace

Result<void> TenantRepository::insert(Connection& c, const TenantRecord& t) {
  SIGID_CHECK(c.execute(
      "INSERT INTO tenants (id, slug, name, plan, status, settings, config_version, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.id, t.slug, t.name, t.plan, t.status, t.settings, t.config_version, t.created_at, t.updated_at}));
  return core::success();
}

Result<std::optional<TenantRecord>> TenantRepository::findById(Connection& c, const std::string& id) {
  return findOne(c, "id", id);
}

Result<std::optional<TenantRecord>> TenantRepository::findBySlug(Connection& c, const std::string& slug) {
  return findOne(c, "slug", slug);
}

Result<TenantPage> TenantRepository::list(Connection& c, std::size_t limit, const std::optional<std::string>& after_id) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM tenants";
  Params params;
  if (after_id) {
    sql += " WHERE id > ?";
    params.emplace_back(*after_id);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit + 1));  // one extra row says whether more follow
  SIGID_TRY(Rows rows, c.query(sql, params));
  TenantPage page;
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i) page.items.push_back(fromRow(rows[i]));
  if (rows.size() > limit && !page.items.empty()) page.next_after_id = page.items.back().id;
  return page;
}

Result<bool> TenantRepository::updateStatus(const TenantScope& tenant, Connection& c, const std::string& status,
                                            std::int64_t now) {
  SIGID_TRY(auto changed, c.execute("UPDATE tenants SET status = ?, config_version = config_version + 1, "
                                    "updated_at = ? WHERE id = ?",
                                    {status, now, tenant.str()}));
  return changed > 0;
}

Result<bool> TenantRepository::updateProfile(const TenantScope& tenant, Connection& c, const std::string& name,
                                             const std::string& plan, std::int64_t now) {
  SIGID_TRY(auto changed, c.execute("UPDATE tenants SET name = ?, plan = ?, config_version = config_version + 1, "
                                    "updated_at = ? WHERE id = ?",
                                    {name, plan, now, tenant.str()}));
  return changed > 0;
}

Result<bool> TenantRepository::updateSettings(const TenantScope& tenant, Connection& c, const std::string& settings,
                                              std::int64_t now) {
  SIGID_TRY(auto changed, c.execute("UPDATE tenants SET settings = ?, config_version = config_version + 1, "
                                    "updated_at = ? WHERE id = ?",
                                    {settings, now, tenant.str()}));
  return changed > 0;
}

Result<bool> TenantRepository::bumpConfigVersion(const TenantScope& tenant, Connection& c, std::int64_t now) {
  SIGID_TRY(auto changed, c.execute("UPDATE tenants SET config_version = config_version + 1, updated_at = ? WHERE id = ?",
                                    {now, tenant.str()}));
  return changed > 0;
}

}  // namespace sigid::store
