#include "store/repositories/invitation_repository.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kColumns =
    "id, email, roles, message, token_sha256, status, invited_by, expires_at, send_count, last_sent_at, "
    "accepted_at, created_at, updated_at";

InvitationRecord fromRow(const Row& r) {
  return InvitationRecord{r.text(0),    r.text(1),           r.text(2),           r.text(3),    r.text(4),
                          r.text(5),    r.text(6),           r.integer(7),        r.integer(8), r.optionalInteger(9),
                          r.optionalInteger(10), r.integer(11), r.integer(12)};
}

Value optional(const std::optional<std::int64_t>& v) { return v ? Value(*v) : null(); }

Result<std::optional<InvitationRecord>> findOne(const TenantScope& tenant, Connection& c, std::string_view column,
                                                const std::string& value) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM invitations WHERE tenant_id = ? AND " +
                    std::string(column) + " = ?";
  SIGID_TRY(Rows rows, c.query(sql, {tenant.str(), value}));
  if (rows.empty()) return std::optional<InvitationRecord>{};
  return std::optional<InvitationRecord>{fromRow(rows.front())};
}

}  // namespace

Result<void> InvitationRepository::insert(const TenantScope& tenant, Connection& c, const InvitationRecord& r) {
  SIGID_CHECK(c.execute(
      "INSERT INTO invitations (tenant_id, id, email, roles, message, token_sha256, status, invited_by, expires_at, "
      "send_count, last_sent_at, accepted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {tenant.str(), r.id, r.email, r.roles, r.message, r.token_sha256, r.status, r.invited_by, r.expires_at,
       r.send_count, optional(r.last_sent_at), optional(r.accepted_at), r.created_at, r.updated_at}));
  return core::success();
}

Result<std::optional<InvitationRecord>> InvitationRepository::find(const TenantScope& tenant, Connection& c,
                                                                   const std::string& id) {
  return findOne(tenant, c, "id", id);
}

Result<std::optional<InvitationRecord>> InvitationRepository::findByTokenHash(const TenantScope& tenant, Connection& c,
                                                                              const std::string& token_sha256) {
  return findOne(tenant, c, "token_sha256", token_sha256);
}

Result<std::optional<InvitationRecord>> InvitationRepository::findPendingByEmail(const TenantScope& tenant,
                                                                                 Connection& c,
                                                                                 const std::string& email) {
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM invitations WHERE tenant_id = ? AND email = ? AND status = 'pending' ORDER BY id DESC";
  SIGID_TRY(Rows rows, c.query(sql, {tenant.str(), email}));
  if (rows.empty()) return std::optional<InvitationRecord>{};
  return std::optional<InvitationRecord>{fromRow(rows.front())};
}

Result<InvitationPage> InvitationRepository::list(const TenantScope& tenant, Connection& c, const std::string& status,
                                                  const std::optional<std::string>& after_id, std::size_t limit) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM invitations WHERE tenant_id = ?";
  Params params{tenant.str()};
  if (!status.empty()) {
    sql += " AND status = ?";
    params.emplace_back(status);
  }
  if (after_id) {
    sql += " AND id > ?";
    params.emplace_back(*after_id);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit + 1));
  SIGID_TRY(Rows rows, c.query(sql, params));
  InvitationPage page;
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i) page.items.push_back(fromRow(rows[i]));
  if (rows.size() > limit && !page.items.empty()) page.next_after_id = page.items.back().id;
  return page;
}

Result<bool> InvitationRepository::update(const TenantScope& tenant, Connection& c, const InvitationRecord& r) {
  SIGID_TRY(auto n, c.execute("UPDATE invitations SET token_sha256 = ?, status = ?, expires_at = ?, send_count = ?, "
                              "last_sent_at = ?, accepted_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                              {r.token_sha256, r.status, r.expires_at, r.send_count, optional(r.last_sent_at),
                               optional(r.accepted_at), r.updated_at, tenant.str(), r.id}));
  return n > 0;
}

Result<bool> InvitationRepository::markAccepted(const TenantScope& tenant, Connection& c, const std::string& id,
                                                std::int64_t now) {
  SIGID_TRY(auto n, c.execute("UPDATE invitations SET status = 'accepted', accepted_at = ?, updated_at = ? "
                              "WHERE tenant_id = ? AND id = ? AND status = 'pending'",
                              {now, now, tenant.str(), id}));
  return n > 0;
}

}  // namespace sigid::store
