#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

struct MembershipRecord {
  std::string user_id;
  std::string status;  // invited | active | suspended | removed
  std::string roles;   // space-separated
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A membership joined with what the tenant may see of the account: its
// subject, e-mail and name (never the internal user id on the wire).
struct MemberRow {
  MembershipRecord membership;
  std::string subject;
  std::string email;
  std::string name;
};

struct MemberPage {
  std::vector<MemberRow> items;
  std::optional<std::string> next_after_email;  // cursor: the last e-mail of this page, when more follow
};

class MembershipRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const MembershipRecord& m);
  Result<std::optional<MembershipRecord>> find(const TenantScope& tenant, Connection& c, const std::string& user_id);
  Result<bool> update(const TenantScope& tenant, Connection& c, const MembershipRecord& m);
  Result<std::optional<MemberRow>> findBySubject(const TenantScope& tenant, Connection& c, const std::string& subject);
  // Members other than removed ones, ordered by e-mail; `email_prefix` narrows
  // (a LIKE with its wildcards escaped), `after_email` is the previous page's cursor.
  Result<MemberPage> list(const TenantScope& tenant, Connection& c, const std::string& email_prefix,
                          const std::optional<std::string>& after_email, std::size_t limit);
};

}  // namespace sigid::store
