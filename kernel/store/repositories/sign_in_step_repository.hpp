#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// A sign-in whose first factor succeeded and whose second is awaited
// (hosted/second_steps.hpp). `amr` is space-separated.
struct SignInStepRecord {
  std::string token_sha256;
  std::string browser_sha256;
  std::string user_id;
  std::string account;
  std::string amr;
  std::string required_acr;
  std::string plugin_id;
  std::string challenge_state;
  std::string return_to;
  std::int64_t expires_at = 0;
};

class SignInStepRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const SignInStepRecord& r);
  Result<std::optional<SignInStepRecord>> find(const TenantScope& tenant, Connection& c,
                                               const std::string& token_sha256);
  // Single use: false when already gone (of two racing submissions only one wins).
  Result<bool> remove(const TenantScope& tenant, Connection& c, const std::string& token_sha256);
  Result<void> removeExpired(const TenantScope& tenant, Connection& c, std::int64_t now);
};

}  // namespace sigid::store
