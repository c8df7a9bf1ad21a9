#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/revocation_list.hpp"
#include "oauth/user_authorization.hpp"
#include "store/database.hpp"
#include "store/repositories/authorization_code_repository.hpp"
#include "store/repositories/refresh_token_repository.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::oauth {

// What a code is bound to besides the authorization itself (RFC 6749 §4.1.3,
// RFC 7636 §4.4, OIDC Core §3.1.2.1).
struct CodeBinding {
  UserAuthorization authorization;
  std::string redirect_uri;
  std::string nonce;
  std::string code_challenge;  // S256; empty: the client sent none (confidential only)
};

// What the token endpoint presents with a code.
struct CodeRedemption {
  std::string client_id;     // the authenticated (or, for public clients, identified) client
  std::string redirect_uri;  // empty when absent from the request
  std::string code_verifier;
};

struct RedeemedCode {
  CodeBinding binding;
  std::string code_sha256;
};

// Authorization codes: 256 random bits, stored as SHA-256, single-use,
// short-lived (oauth.authorization_code_ttl).
class AuthorizationCodes {
 public:
  AuthorizationCodes(store::Database& db, const core::Clock& clock, RevocationList& revocations,
                     std::int64_t ttl_seconds)
      : db_(db), clock_(clock), revocations_(revocations), ttl_(ttl_seconds) {}

  core::Result<std::string> issue(const tenancy::Tenant& tenant, const CodeBinding& binding);

  // Consumes the code. invalid_grant when it is unknown, expired, of another
  // client, already used, or when redirect_uri or code_verifier do not match.
  // The code is spent by the first attempt that names the right client: a
  // stolen code gets one guess at the verifier. A replay of a redeemed code
  // revokes what its redemption issued (RFC 6749 §4.1.2: "SHOULD revoke (when
  // possible) all tokens previously issued based on that authorization code").
  core::Result<RedeemedCode> redeem(const tenancy::Tenant& tenant, std::string_view code,
                                    const CodeRedemption& presented);

  // Remembers what a redemption issued so a replay can revoke it.
  core::Result<void> recordIssued(const tenancy::Tenant& tenant, const std::string& code_sha256,
                                  const std::string& access_jti, std::int64_t access_expires_at,
                                  const std::string& refresh_family);

 private:
  core::Result<void> revokeIssued(const tenancy::Tenant& tenant, const store::AuthorizationCodeRecord& row);

  store::Database& db_;
  const core::Clock& clock_;
  RevocationList& revocations_;
  const std::int64_t ttl_;
  store::AuthorizationCodeRepository codes_;
  store::RefreshTokenRepository refresh_;
};

}  // namespace sigid::oauth
