#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// The stored form of a tenant. `settings` is the JSON document the tenancy
// module encodes; `config_version` grows with every change so caches on other
// nodes can tell they are stale.
struct TenantRecord {
  std::string id;
  std::string slug;
  std::string name;
  std::string plan;
  std::string status;  // active | suspended
  std::string settings;
  std::int64_t config_version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct TenantPage {
  std::vector<TenantRecord> items;
  std::optional<std::string> next_after_id;  // cursor: the last id of this page, when more follow
};

// The tenants table is the root of tenancy: a row is looked up by id or slug
// to *produce* a TenantScope, so these calls take none. Mutations take the
// scope of the tenant they change.
class TenantRepository {
 public:
  Result<void> insert(Connection& c, const TenantRecord& tenant);
  Result<std::optional<TenantRecord>> findById(Connection& c, const std::string& id);
  Result<std::optional<TenantRecord>> findBySlug(Connection& c, const std::string& slug);
  // Ordered by id (UUIDv7: creation order); `after_id` is the previous page's cursor.
  Result<TenantPage> list(Connection& c, std::size_t limit, const std::optional<std::string>& after_id);

  // Each bumps config_version; returns false when the tenant does not exist.
  Result<bool> updateStatus(const TenantScope& tenant, Connection& c, const std::string& status, std::int64_t now);
  Result<bool> updateProfile(const TenantScope& tenant, Connection& c, const std::string& name,
                             const std::string& plan, std::int64_t now);
  Result<bool> updateSettings(const TenantScope& tenant, Connection& c, const std::string& settings,
                              std::int64_t now);
  // Only bumps config_version, for changes kept outside this row (e.g. signing-key
  // rotation) that caches keyed by the version must still notice.
  Result<bool> bumpConfigVersion(const TenantScope& tenant, Connection& c, std::int64_t now);
};

}  // namespace sigid::store
