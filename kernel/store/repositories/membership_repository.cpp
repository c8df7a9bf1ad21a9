#include "store/repositories/membership_repository.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kMemberSelect =
    "SELECT m.user_id, m.status, m.roles, m.created_at, m.updated_at, s.subject, u.email, u.name "
    "FROM tenant_memberships m "
    "JOIN tenant_subject_identifiers s ON s.tenant_id = m.tenant_id AND s.user_id = m.user_id "
    "JOIN users u ON u.id = m.user_id ";

MemberRow memberFromRow(const Row& r) {
  return MemberRow{MembershipRecord{r.text(0), r.text(1), r.text(2), r.integer(3), r.integer(4)}, r.text(5),
                   r.text(6), r.text(7)};
}

// '!' escapes LIKE's own wildcards so a prefix of "a_b" matches only "a_b...".
std::string likePrefix(const std::string& prefix) {
  std::string out;
  for (char ch : prefix) {
    if (ch == '%' || ch == '_' || ch == '!') out += '!';
    out += ch;
  }
  return out + "%";
}

}  // namespace

Result<void> MembershipRepository::insert(const TenantScope& tenant, Connection& c, const MembershipRecord& m) {
  SIGID_CHECK(c.execute("INSERT INTO tenant_memberships (tenant_id, user_id, status, roles, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        {tenant.str(), m.user_id, m.status, m.roles, m.created_at, m.updated_at}));
  return core::success();
}

Result<std::optional<MembershipRecord>> MembershipRepository::find(const TenantScope& tenant, Connection& c,
                                                                   const std::string& user_id) {
  SIGID_TRY(Rows rows, c.query("SELECT user_id, status, roles, created_at, updated_at FROM tenant_memberships "
                               "WHERE tenant_id = ? AND user_id = ?",
                               {tenant.str(), user_id}));
  if (rows.empty()) return std::optional<MembershipRecord>{};
  const Row& r = rows.front();
  return std::optional<MembershipRecord>{MembershipRecord{r.text(0), r.text(1), r.text(2), r.integer(3), r.integer(4)}};
}

Result<bool> MembershipRepository::update(const TenantScope& tenant, Connection& c, const MembershipRecord& m) {
  SIGID_TRY(auto changed, c.execute("UPDATE tenant_memberships SET status = ?, roles = ?, updated_at = ? "
                                    "WHERE tenant_id = ? AND user_id = ?",
                                    {m.status, m.roles, m.updated_at, tenant.str(), m.user_id}));
  return changed > 0;
}

Result<std::optional<MemberRow>> MembershipRepository::findBySubject(const TenantScope& tenant, Connection& c,
                                                                     const std::string& subject) {
  std::string sql = std::string(kMemberSelect) + "WHERE m.tenant_id = ? AND s.subject = ?";
  SIGID_TRY(Rows rows, c.query(sql, {tenant.str(), subject}));
  if (rows.empty()) return std::optional<MemberRow>{};
  return std::optional<MemberRow>{memberFromRow(rows.front())};
}

Result<MemberPage> MembershipRepository::list(const TenantScope& tenant, Connection& c, const std::string& email_prefix,
                                              const std::optional<std::string>& after_email, std::size_t limit) {
  std::string sql = std::string(kMemberSelect) + "WHERE m.tenant_id = ? AND m.status <> 'removed'";
  Params params{tenant.str()};
  if (!email_prefix.empty()) {
    sql += " AND u.email LIKE ? ESCAPE '!'";
    params.emplace_back(likePrefix(email_prefix));
  }
  if (after_email) {
    sql += " AND u.email > ?";
    params.emplace_back(*after_email);
  }
  sql += " ORDER BY u.email LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit + 1));  // one extra row says whether more follow
  SIGID_TRY(Rows rows, c.query(sql, params));
  MemberPage page;
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i) page.items.push_back(memberFromRow(rows[i]));
  if (rows.size() > limit && !page.items.empty()) page.next_after_email = page.items.back().email;
  return page;
}

}  // namespace sigid::store
