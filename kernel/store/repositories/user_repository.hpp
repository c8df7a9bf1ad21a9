#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace sigid::store {

// A global account. Its id is internal: tenants only ever see their pairwise
// subject (subject_repository.hpp).
struct UserRecord {
  std::string id;
  std::string email;  // normalised (tenancy/user.hpp), unique across the platform
  std::string name;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// The users table is global, like tenants: a person is one row whatever the
// number of tenants they belong to, so these calls take no tenant scope.
// Tenant-facing code reaches a user through a membership or subject first.
class UserRepository {
 public:
  Result<void> insert(Connection& c, const UserRecord& user);
  Result<std::optional<UserRecord>> findById(Connection& c, const std::string& id);
  Result<std::optional<UserRecord>> findByEmail(Connection& c, const std::string& normalised_email);
};

}  // namespace sigid::store
