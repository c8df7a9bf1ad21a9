#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/password_reset_repository.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::hosted {

// Password-reset tokens: 256 random bits in the e-mailed link, SHA-256 in the
// database, single use, `ttl` long.
class PasswordResets {
 public:
  PasswordResets(store::Database& db, const core::Clock& clock, std::chrono::seconds ttl = std::chrono::minutes(30))
      : db_(db), clock_(clock), ttl_(ttl) {}

  // The token to e-mail.
  core::Result<std::string> issue(const tenancy::Tenant& tenant, const std::string& user_id);
  // The user a still-valid token belongs to, without using it up.
  core::Result<std::optional<std::string>> peek(const tenancy::Tenant& tenant, std::string_view token);
  // Uses the token up; the user id when it was valid.
  core::Result<std::optional<std::string>> redeem(const tenancy::Tenant& tenant, std::string_view token);

  std::chrono::seconds ttl() const { return ttl_; }

 private:
  store::Database& db_;
  const core::Clock& clock_;
  std::chrono::seconds ttl_;
  store::PasswordResetRepository resets_;
};

}  // namespace sigid::hosted
