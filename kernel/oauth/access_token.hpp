#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/tenant_directory.hpp"

namespace sigid::oauth {

// RFC 9068 §2.1: the media type of JWT access tokens, as the JOSE "typ".
inline constexpr std::string_view kAccessTokenTyp = "at+jwt";

// The claims SigID puts in an access token (RFC 9068 §2.2) and reads back.
struct AccessTokenClaims {
  std::string iss;
  std::string sub;
  std::string aud;
  std::int64_t exp = 0;
  std::int64_t iat = 0;
  std::string jti;
  std::string client_id;
  std::string scope;  // space-separated; empty: no scope claim
  std::string tid;    // tenant id
};

// The claims JSON, written directly (no DOM): this runs once per issued token.
std::string encodeClaims(const AccessTokenClaims& claims);
// Parses what encodeClaims wrote (any member order); nullopt when a required
// claim is missing or mistyped.
std::optional<AccessTokenClaims> decodeClaims(std::string_view json);

struct IssuedToken {
  std::string access_token;
  std::int64_t expires_in = 0;
  std::string scope;
  AccessTokenClaims claims;
};

// Mints RFC 9068 JWT access tokens, signed with the client's algorithm by the
// tenant's current key (KeyService: in memory, no database row on a hit).
class AccessTokenIssuer {
 public:
  AccessTokenIssuer(KeyService& keys, const core::Clock& clock) : keys_(keys), clock_(clock) {}

  // `subject` empty: the client acts for itself (sub = client_id, RFC 9068
  // §2.2); else the user's pairwise subject (authorization_code, refresh_token).
  core::Result<IssuedToken> issue(const TenantSnapshot& tenant, const ClientEntry& client, std::string scope,
                                  std::string_view subject = {});

 private:
  KeyService& keys_;
  const core::Clock& clock_;
};

}  // namespace sigid::oauth
