#pragma once

#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// tenant_subject_identifiers: the pairwise `sub` a tenant sees for a user.
// Unique per tenant; the same user has an unrelated subject in every tenant.
class SubjectRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const std::string& user_id, const std::string& subject,
                      std::int64_t now);
  Result<std::optional<std::string>> subjectOf(const TenantScope& tenant, Connection& c, const std::string& user_id);
  Result<std::optional<std::string>> userOf(const TenantScope& tenant, Connection& c, const std::string& subject);
};

}  // namespace sigid::store
