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
  // Extra claims from the tenant's `token` policies, as JSON object members
  // ("a":1,"b":"x", no braces; empty: none). Kept encoded: written into the
  // token and into introspection answers verbatim, never interpreted here.
  std::string extra;
};

// The claims JSON, written directly (no DOM): this runs once per issued token.
// The extra members follow SigID's own; policy::extraClaimsProblem has already
// kept reserved names out of them (applyTokenDecision).
std::string encodeClaims(const AccessTokenClaims& claims);
// Parses what encodeClaims wrote (any member order); nullopt when a required
// claim is missing or mistyped. Members SigID does not write itself are
// gathered into `extra` (re-encoded, so its content is valid JSON); reserved
// names among them are dropped, so `extra` can never shadow a registered claim
// or an introspection member.
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
  // `extra_claims`: TokenGrant::extra_claims, the policies' claims.
  core::Result<IssuedToken> issue(const TenantSnapshot& tenant, const ClientEntry& client, std::string scope,
                                  std::string_view subject = {}, std::string extra_claims = {});

 private:
  KeyService& keys_;
  const core::Clock& clock_;
};

}  // namespace sigid::oauth
