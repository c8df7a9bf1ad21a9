#include "store/repositories/policy_repository.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kColumns =
    "id, name, description, priority, latest_version, active_version, previous_version, shadow_version, "
    "created_at, updated_at";

Value optional(const std::optional<std::int64_t>& v) { return v ? Value(*v) : null(); }

PolicyRecord policyFromRow(const Row& r, std::size_t at = 0) {
  return PolicyRecord{r.text(at),           r.text(at + 1),           r.text(at + 2),
                      r.integer(at + 3),    r.integer(at + 4),        r.optionalInteger(at + 5),
                      r.optionalInteger(at + 6), r.optionalInteger(at + 7), r.integer(at + 8),
                      r.integer(at + 9)};
}

Result<std::optional<PolicyRecord>> findOne(const TenantScope& tenant, Connection& c, std::string_view column,
                                            const std::string& value) {
  SIGID_TRY(Rows rows, c.query("SELECT " + std::string(kColumns) + " FROM policies WHERE tenant_id = ? AND " +
                                   std::string(column) + " = ?",
                               {tenant.str(), value}));
  if (rows.empty()) return std::optional<PolicyRecord>{};
  return std::optional<PolicyRecord>{policyFromRow(rows.front())};
}

}  // namespace

Result<void> PolicyRepository::insert(const TenantScope& tenant, Connection& c, const PolicyRecord& p) {
  SIGID_CHECK(c.execute("INSERT INTO policies (tenant_id, " + std::string(kColumns) +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), p.id, p.name, p.description, p.priority, p.latest_version,
                         optional(p.active_version), optional(p.previous_version), optional(p.shadow_version),
                         p.created_at, p.updated_at}));
  return core::success();
}

Result<void> PolicyRepository::insertVersion(const TenantScope& tenant, Connection& c, const PolicyVersionRecord& v) {
  SIGID_CHECK(c.execute("INSERT INTO policy_versions (tenant_id, policy_id, version, source, sha256, created_by, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), v.policy_id, v.version, v.source, v.sha256, v.created_by, v.created_at}));
  return core::success();
}

Result<std::optional<PolicyRecord>> PolicyRepository::findById(const TenantScope& tenant, Connection& c,
                                                               const std::string& id) {
  return findOne(tenant, c, "id", id);
}

Result<std::optional<PolicyRecord>> PolicyRepository::findByName(const TenantScope& tenant, Connection& c,
                                                                 const std::string& name) {
  return findOne(tenant, c, "name", name);
}

Result<std::vector<PolicyRecord>> PolicyRepository::list(const TenantScope& tenant, Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT " + std::string(kColumns) +
                                   " FROM policies WHERE tenant_id = ? ORDER BY priority, name",
                               {tenant.str()}));
  std::vector<PolicyRecord> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(policyFromRow(r));
  return out;
}

Result<std::vector<PolicyVersionRecord>> PolicyRepository::listVersions(const TenantScope& tenant, Connection& c,
                                                                        const std::string& policy_id) {
  SIGID_TRY(Rows rows, c.query("SELECT version, sha256, created_by, created_at FROM policy_versions "
                               "WHERE tenant_id = ? AND policy_id = ? ORDER BY version DESC",
                               {tenant.str(), policy_id}));
  std::vector<PolicyVersionRecord> out;
  for (const Row& r : rows) out.push_back({policy_id, r.integer(0), "", r.text(1), r.text(2), r.integer(3)});
  return out;
}

Result<std::optional<PolicyVersionRecord>> PolicyRepository::findVersion(const TenantScope& tenant, Connection& c,
                                                                         const std::string& policy_id,
                                                                         std::int64_t version) {
  SIGID_TRY(Rows rows, c.query("SELECT version, source, sha256, created_by, created_at FROM policy_versions "
                               "WHERE tenant_id = ? AND policy_id = ? AND version = ?",
                               {tenant.str(), policy_id, version}));
  if (rows.empty()) return std::optional<PolicyVersionRecord>{};
  const Row& r = rows.front();
  return std::optional<PolicyVersionRecord>{
      PolicyVersionRecord{policy_id, r.integer(0), r.text(1), r.text(2), r.text(3), r.integer(4)}};
}

Result<bool> PolicyRepository::update(const TenantScope& tenant, Connection& c, const PolicyRecord& p) {
  SIGID_TRY(auto changed,
            c.execute("UPDATE policies SET description = ?, priority = ?, latest_version = ?, active_version = ?, "
                      "previous_version = ?, shadow_version = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                      {p.description, p.priority, p.latest_version, optional(p.active_version),
                       optional(p.previous_version), optional(p.shadow_version), p.updated_at, tenant.str(), p.id}));
  return changed > 0;
}

Result<std::vector<PolicyRepository::LoadedVersion>> PolicyRepository::loadEvaluated(const TenantScope& tenant,
                                                                                     Connection& c) {
  // Two LEFT JOINs on the version table, each by its full primary key.
  SIGID_TRY(Rows rows,
            c.query("SELECT p.id, p.name, p.description, p.priority, p.latest_version, p.active_version, "
                    "p.previous_version, p.shadow_version, p.created_at, p.updated_at, "
                    "a.source, a.sha256, s.source, s.sha256 FROM policies p "
                    "LEFT JOIN policy_versions a ON a.tenant_id = p.tenant_id AND a.policy_id = p.id "
                    "AND a.version = p.active_version "
                    "LEFT JOIN policy_versions s ON s.tenant_id = p.tenant_id AND s.policy_id = p.id "
                    "AND s.version = p.shadow_version "
                    "WHERE p.tenant_id = ? AND (p.active_version IS NOT NULL OR p.shadow_version IS NOT NULL) "
                    "ORDER BY p.priority, p.name",
                    {tenant.str()}));
  std::vector<LoadedVersion> out;
  for (const Row& r : rows) {
    LoadedVersion loaded{policyFromRow(r), std::nullopt, std::nullopt};
    if (loaded.policy.active_version && !r.isNull(10))
      loaded.active = PolicyVersionRecord{loaded.policy.id, *loaded.policy.active_version, r.text(10), r.text(11), "", 0};
    if (loaded.policy.shadow_version && !r.isNull(12))
      loaded.shadow = PolicyVersionRecord{loaded.policy.id, *loaded.policy.shadow_version, r.text(12), r.text(13), "", 0};
    out.push_back(std::move(loaded));
  }
  return out;
}

Result<std::optional<std::string>> PolicyRepository::defaultDecision(const TenantScope& tenant, Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT default_decision FROM tenant_policy_settings WHERE tenant_id = ?",
                               {tenant.str()}));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{rows.front().text(0)};
}

Result<void> PolicyRepository::setDefaultDecision(const TenantScope& tenant, Connection& c,
                                                  const std::string& decision, std::int64_t now) {
  // Insert, else update: MySQL reports 0 changed rows for an UPDATE that writes
  // the same value, so "update, else insert" would insert a duplicate.
  auto inserted = c.execute("INSERT INTO tenant_policy_settings (tenant_id, default_decision, updated_at) "
                            "VALUES (?, ?, ?)",
                            {tenant.str(), decision, now});
  if (inserted) return core::success();
  if (inserted.error().code() != core::ErrorCode::Conflict) return std::move(inserted).error();
  SIGID_CHECK(c.execute("UPDATE tenant_policy_settings SET default_decision = ?, updated_at = ? WHERE tenant_id = ?",
                        {decision, now, tenant.str()}));
  return core::success();
}

}  // namespace sigid::store
