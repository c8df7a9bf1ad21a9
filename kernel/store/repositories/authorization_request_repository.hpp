#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// An /authorize request parked while the browser signs in or consents; the
// handle the browser carries is stored as its SHA-256 hex only.
struct AuthorizationRequestRecord {
  std::string handle_sha256;
  std::string client_id;
  std::string redirect_uri;
  std::string scope;
  std::string state;
  std::string nonce;
  std::string code_challenge;
  std::optional<std::int64_t> max_age;
  std::string acr_values;
  std::string login_hint;
  std::int64_t auth_not_before = 0;
  std::string user_id;     // set once the consent page is shown to a user
  // Before that: the session that may NOT finish the request (prompt=login,
  // max_age: the browser must sign in again); after: the consenting session.
  std::string session_id;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

class AuthorizationRequestRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const AuthorizationRequestRecord& record);
  Result<std::optional<AuthorizationRequestRecord>> find(const TenantScope& tenant, Connection& c,
                                                         const std::string& handle_sha256);
  // Binds the request to the user about to consent; the sign-in requirement
  // is met by then, so auth_not_before is cleared.
  Result<void> bindUser(const TenantScope& tenant, Connection& c, const std::string& handle_sha256,
                        const std::string& user_id, const std::string& session_id);
  // false when it was already gone (finished by another request).
  Result<bool> remove(const TenantScope& tenant, Connection& c, const std::string& handle_sha256);
  Result<std::int64_t> purgeExpired(const TenantScope& tenant, Connection& c, std::int64_t now);
};

}  // namespace sigid::store
