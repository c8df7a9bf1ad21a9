#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace sigid::store {

// Platform-operator credentials (the system tenant's bootstrap credential).
// Only the SHA-256 of the secret is stored: it is high-entropy, so a fast hash
// is enough (DESIGN.md §9).
struct SystemCredentialRecord {
  std::string id;
  std::string name;
  std::string secret_sha256;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

class SystemCredentialRepository {
 public:
  Result<void> insert(Connection& c, const SystemCredentialRecord& record);
  Result<std::optional<SystemCredentialRecord>> findBySecretHash(Connection& c, const std::string& secret_sha256);
  Result<std::int64_t> countActive(Connection& c);
};

}  // namespace sigid::store
