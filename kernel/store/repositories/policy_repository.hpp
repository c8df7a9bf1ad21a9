#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

struct PolicyRecord {
  std::string id;
  std::string name;
  std::string description;
  std::int64_t priority = 100;  // lower runs first; ties by name
  std::int64_t latest_version = 1;
  std::optional<std::int64_t> active_version;
  std::optional<std::int64_t> previous_version;
  std::optional<std::int64_t> shadow_version;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct PolicyVersionRecord {
  std::string policy_id;
  std::int64_t version = 0;
  std::string source;
  std::string sha256;
  std::string created_by;
  std::int64_t created_at = 0;
};

// Tenant policies and their immutable versions. Every call is scoped: another
// tenant's policy id is simply not found.
class PolicyRepository {
 public:
  // Conflict when the name is taken in this tenant.
  Result<void> insert(const TenantScope& tenant, Connection& c, const PolicyRecord& policy);
  Result<void> insertVersion(const TenantScope& tenant, Connection& c, const PolicyVersionRecord& version);

  Result<std::optional<PolicyRecord>> findById(const TenantScope& tenant, Connection& c, const std::string& id);
  Result<std::optional<PolicyRecord>> findByName(const TenantScope& tenant, Connection& c, const std::string& name);
  // Ordered by priority, then name: the evaluation order.
  Result<std::vector<PolicyRecord>> list(const TenantScope& tenant, Connection& c);

  // Version metadata without the source, newest first.
  Result<std::vector<PolicyVersionRecord>> listVersions(const TenantScope& tenant, Connection& c,
                                                        const std::string& policy_id);
  Result<std::optional<PolicyVersionRecord>> findVersion(const TenantScope& tenant, Connection& c,
                                                         const std::string& policy_id, std::int64_t version);

  // Writes the mutable columns (versions, priority, description, updated_at).
  Result<bool> update(const TenantScope& tenant, Connection& c, const PolicyRecord& policy);

  // Active and shadow versions with their sources, in evaluation order: one
  // query for the engine's cache miss.
  struct LoadedVersion {
    PolicyRecord policy;
    std::optional<PolicyVersionRecord> active;
    std::optional<PolicyVersionRecord> shadow;
  };
  Result<std::vector<LoadedVersion>> loadEvaluated(const TenantScope& tenant, Connection& c);

  // "allow" | "deny", or nullopt when the tenant has not chosen.
  Result<std::optional<std::string>> defaultDecision(const TenantScope& tenant, Connection& c);
  Result<void> setDefaultDecision(const TenantScope& tenant, Connection& c, const std::string& decision,
                                  std::int64_t now);
};

}  // namespace sigid::store
