#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// The scopes a user has granted one client of one tenant (space-separated,
// sorted): a later request for a subset needs no new consent.
struct ConsentRecord {
  std::string user_id;
  std::string client_id;
  std::string scopes;
  std::int64_t granted_at = 0;
  std::int64_t updated_at = 0;
};

class ConsentRepository {
 public:
  Result<std::optional<ConsentRecord>> find(const TenantScope& tenant, Connection& c, const std::string& user_id,
                                            const std::string& client_id);
  // Inserts or replaces the row.
  Result<void> save(const TenantScope& tenant, Connection& c, const ConsentRecord& record);
  Result<bool> remove(const TenantScope& tenant, Connection& c, const std::string& user_id,
                      const std::string& client_id);
};

}  // namespace sigid::store
