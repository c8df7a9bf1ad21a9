#include "store/repositories/subject_repository.hpp"

namespace sigid::store {

Result<void> SubjectRepository::insert(const TenantScope& tenant, Connection& c, const std::string& user_id,
                                       const std::string& subject, std::int64_t now) {
  SIGID_CHECK(c.execute(
      "INSERT INTO tenant_subject_identifiers (tenant_id, user_id, subject, created_at) VALUES (?, ?, ?, ?)",
      {tenant.str(), user_id, subject, now}));
  return core::success();
}

Result<std::optional<std::string>> SubjectRepository::subjectOf(const TenantScope& tenant, Connection& c,
                                                                 const std::string& user_id) {
  SIGID_TRY(Rows rows, c.query("SELECT subject FROM tenant_subject_identifiers WHERE tenant_id = ? AND user_id = ?",
                               {tenant.str(), user_id}));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{rows.front().text(0)};
}

Result<std::optional<std::string>> SubjectRepository::userOf(const TenantScope& tenant, Connection& c,
                                                              const std::string& subject) {
  SIGID_TRY(Rows rows, c.query("SELECT user_id FROM tenant_subject_identifiers WHERE tenant_id = ? AND subject = ?",
                               {tenant.str(), subject}));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{rows.front().text(0)};
}

}  // namespace sigid::store
