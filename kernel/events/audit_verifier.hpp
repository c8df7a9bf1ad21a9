#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/audit_repository.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::events {

struct AuditVerification {
  bool intact = true;
  std::int64_t rows_checked = 0;
  std::int64_t unchained_rows = 0;                  // written before the chain existed
  std::optional<store::AuditCheckpoint> checkpoint;  // where the retained chain starts
  std::optional<store::ChainLink> head;
  std::vector<std::string> problems;                 // one line each, the first `max_problems`
};

// Recomputes a tenant's chain from its checkpoint (or the genesis hash) to its
// head. An altered row fails its own hash; a deleted row leaves a gap in the
// sequence; a reordered row fails the link to its predecessor; rows deleted at
// the end no longer reach the head. Every row is read once, in pages.
core::Result<AuditVerification> verifyAuditChain(store::Database& db, const store::TenantScope& tenant,
                                                 std::size_t max_problems = 20);

}  // namespace sigid::events
