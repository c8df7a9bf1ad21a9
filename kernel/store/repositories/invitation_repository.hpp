#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

struct InvitationRecord {
  std::string id;  // UUIDv7
  std::string email;
  std::string roles;  // space-separated
  std::string message;
  std::string token_sha256;  // the emailed token is never stored
  std::string status;        // pending | accepted | revoked (expiry is read from expires_at)
  std::string invited_by;    // actor id
  std::int64_t expires_at = 0;
  std::int64_t send_count = 0;
  std::optional<std::int64_t> last_sent_at;
  std::optional<std::int64_t> accepted_at;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct InvitationPage {
  std::vector<InvitationRecord> items;
  std::optional<std::string> next_after_id;
};

class InvitationRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const InvitationRecord& r);
  Result<std::optional<InvitationRecord>> find(const TenantScope& tenant, Connection& c, const std::string& id);
  Result<std::optional<InvitationRecord>> findByTokenHash(const TenantScope& tenant, Connection& c,
                                                          const std::string& token_sha256);
  Result<std::optional<InvitationRecord>> findPendingByEmail(const TenantScope& tenant, Connection& c,
                                                             const std::string& email);
  // Ordered by id (creation order); `status` narrows when not empty.
  Result<InvitationPage> list(const TenantScope& tenant, Connection& c, const std::string& status,
                              const std::optional<std::string>& after_id, std::size_t limit);
  // Writes every mutable column of `r`.
  Result<bool> update(const TenantScope& tenant, Connection& c, const InvitationRecord& r);
  // Single use: only a pending row changes, so of two racing acceptances one sees false.
  Result<bool> markAccepted(const TenantScope& tenant, Connection& c, const std::string& id, std::int64_t now);
};

}  // namespace sigid::store
