#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/password_reset_repository.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::hosted {

// The tenant's lockout policy, counted twice: per account (keyed by the typed
// e-mail's hash, so an unknown address locks exactly like a known one and the
// lock reveals nothing) and per source address (one client spraying many
// accounts). max_attempts failures within reset_after_minutes lock the key for
// lockout_duration_minutes. Kept in the kernel, not in a sign-in method, so
// every method shares it and a plugin cannot skip it.
class SignInLockout {
 public:
  SignInLockout(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // Seconds until both keys are unlocked; 0 when sign-in may proceed.
  core::Result<std::int64_t> lockedFor(const tenancy::Tenant& tenant, std::string_view account,
                                       std::string_view source);
  core::Result<void> recordFailure(const tenancy::Tenant& tenant, std::string_view account, std::string_view source);
  // Success clears the account's counter; the source's keeps counting down on its own.
  core::Result<void> recordSuccess(const tenancy::Tenant& tenant, std::string_view account);

  // Per source the limit is this many times the per-account one: a shared
  // office NAT must not lock out a whole company after one person's typos.
  static constexpr int kSourceFactor = 5;

  static std::string accountKey(std::string_view normalised_email);
  static std::string sourceKey(std::string_view ip);

 private:
  core::Result<void> fail(store::Connection& c, const tenancy::Tenant& tenant, const std::string& key, int limit);
  core::Result<std::int64_t> remaining(store::Connection& c, const tenancy::Tenant& tenant, const std::string& key);

  store::Database& db_;
  const core::Clock& clock_;
  store::SignInFailureRepository failures_;
};

}  // namespace sigid::hosted
