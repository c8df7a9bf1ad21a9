#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// One row of the audit log. Written in the same transaction as the change it
// records. (The events work turns this table into the hash-chained log.)
struct AuditRecord {
  std::string id;  // UUIDv7: time-ordered
  std::int64_t occurred_at_ms = 0;
  std::string type;  // e.g. "tenant.suspended"
  std::string actor_type;
  std::string actor_id;
  std::string target_type;
  std::string target_id;
  std::string source_ip;
  std::string request_id;
  std::string outcome;  // success | failure
  std::string data;     // JSON object; never secrets
};

class AuditRepository {
 public:
  Result<void> append(const TenantScope& tenant, Connection& c, const AuditRecord& record);
  // Newest first.
  Result<std::vector<AuditRecord>> recent(const TenantScope& tenant, Connection& c, std::size_t limit);
};

}  // namespace sigid::store
