#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// An OAuth client as stored. List-valued columns are space-separated text
// (their items never contain spaces): both dialects hold them the same way and
// the store needs no JSON.
struct ApplicationRecord {
  std::string id;
  std::string client_id;
  std::string name;
  std::string client_type;  // confidential | public
  std::string status;       // active | inactive
  std::string secret_sha256;
  std::optional<std::string> previous_secret_sha256;
  std::optional<std::int64_t> previous_secret_expires_at;
  std::string grant_types;
  std::string redirect_uris;
  std::string allowed_origins;
  std::string scopes;
  std::string audience;
  std::int64_t access_token_ttl = 3600;
  std::string signing_alg;  // ES256 | RS256 | EdDSA
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string post_logout_redirect_uris;  // OIDC RP-Initiated Logout §3 (migration 0011)
};

struct ApplicationPage {
  std::vector<ApplicationRecord> items;
  std::optional<std::string> next_after_id;
};

class ApplicationRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const ApplicationRecord& record);
  Result<std::optional<ApplicationRecord>> findById(const TenantScope& tenant, Connection& c, const std::string& id);
  Result<std::optional<ApplicationRecord>> findByClientId(const TenantScope& tenant, Connection& c,
                                                          const std::string& client_id);
  // Ordered by id (UUIDv7: creation order).
  Result<ApplicationPage> list(const TenantScope& tenant, Connection& c, std::size_t limit,
                               const std::optional<std::string>& after_id);
  // Active clients only: what the token endpoint's cache holds.
  Result<std::vector<ApplicationRecord>> listActive(const TenantScope& tenant, Connection& c);
  // Writes every mutable column of `record` (matched by tenant and id); false when absent.
  Result<bool> update(const TenantScope& tenant, Connection& c, const ApplicationRecord& record);
};

}  // namespace sigid::store
