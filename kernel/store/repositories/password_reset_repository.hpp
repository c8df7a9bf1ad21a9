#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// Password-reset links: the emailed token's SHA-256, single use, short-lived.
struct PasswordResetRecord {
  std::string token_sha256;
  std::string user_id;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> used_at;
  std::int64_t created_at = 0;
};

class PasswordResetRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const PasswordResetRecord& r);
  Result<std::optional<PasswordResetRecord>> find(const TenantScope& tenant, Connection& c,
                                                  const std::string& token_sha256);
  // False when already used: of two racing submissions only one wins.
  Result<bool> markUsed(const TenantScope& tenant, Connection& c, const std::string& token_sha256, std::int64_t now);
};

// Failed sign-in counters keyed by what is being protected ("account:<hash>",
// "source:<ip>"), for the tenant's lockout policy.
struct SignInFailureRecord {
  std::string lock_key;
  std::int64_t failures = 0;
  std::int64_t window_started_at = 0;
  std::int64_t locked_until = 0;
};

class SignInFailureRepository {
 public:
  Result<std::optional<SignInFailureRecord>> find(const TenantScope& tenant, Connection& c, const std::string& key);
  Result<void> save(const TenantScope& tenant, Connection& c, const SignInFailureRecord& r);
  Result<void> remove(const TenantScope& tenant, Connection& c, const std::string& key);
};

}  // namespace sigid::store
