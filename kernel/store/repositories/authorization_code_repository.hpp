#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// An authorization code as stored: only its SHA-256 hex (DESIGN.md §4).
struct AuthorizationCodeRecord {
  std::string code_sha256;
  std::string client_id;
  std::string redirect_uri;
  std::string user_id;
  std::string subject;
  std::string scope;
  std::string nonce;
  std::string code_challenge;  // S256 only; empty: no PKCE
  std::int64_t auth_time = 0;
  std::string amr;  // space-separated
  std::string acr;
  std::string session_id;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> redeemed_at;
  std::optional<std::string> access_jti;
  std::optional<std::int64_t> access_expires_at;
  std::optional<std::string> refresh_family;
};

class AuthorizationCodeRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const AuthorizationCodeRecord& record);
  Result<std::optional<AuthorizationCodeRecord>> find(const TenantScope& tenant, Connection& c,
                                                      const std::string& code_sha256);
  // Marks the code redeemed unless it already is: false when another request
  // got there first (the caller treats that as a replay).
  Result<bool> markRedeemed(const TenantScope& tenant, Connection& c, const std::string& code_sha256,
                            std::int64_t now);
  // What the redemption issued, for revocation on a replay.
  Result<void> recordIssued(const TenantScope& tenant, Connection& c, const std::string& code_sha256,
                            const std::string& access_jti, std::int64_t access_expires_at,
                            const std::string& refresh_family);
  // Rows whose code expired before `cutoff` (redeemed ones are kept until then
  // so a replay inside the window is still recognised).
  Result<std::int64_t> purgeExpired(const TenantScope& tenant, Connection& c, std::int64_t cutoff);
};

}  // namespace sigid::store
