#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// A tenant API key as stored: only the SHA-256 of the key (DESIGN.md §9).
struct ApiKeyRecord {
  std::string id;
  std::string name;
  std::string hint;  // a few characters of the key, for telling keys apart in listings
  std::string secret_sha256;
  std::string scopes;  // space-separated
  std::optional<std::int64_t> expires_at;
  std::int64_t created_at = 0;
  std::int64_t usage_count = 0;
  std::optional<std::int64_t> last_used_at;
};

struct ApiKeyPage {
  std::vector<ApiKeyRecord> items;
  std::optional<std::string> next_after_id;
};

class ApiKeyRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const ApiKeyRecord& record);
  Result<std::optional<ApiKeyRecord>> findById(const TenantScope& tenant, Connection& c, const std::string& id);
  // Lookup by the hash of the presented key, within the tenant named by the path:
  // another tenant's key is simply not found.
  Result<std::optional<ApiKeyRecord>> findBySecretHash(const TenantScope& tenant, Connection& c,
                                                       const std::string& secret_sha256);
  Result<ApiKeyPage> list(const TenantScope& tenant, Connection& c, std::size_t limit,
                          const std::optional<std::string>& after_id);
  Result<bool> remove(const TenantScope& tenant, Connection& c, const std::string& id);
  // Adds a batch of uses counted in memory; last_used_at only moves forward.
  Result<void> addUsage(const TenantScope& tenant, Connection& c, const std::string& id, std::int64_t count,
                        std::int64_t last_used_at);
};

}  // namespace sigid::store
