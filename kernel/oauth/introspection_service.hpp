#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/access_token_verifier.hpp"
#include "oauth/revocation_list.hpp"
#include "oauth/tenant_directory.hpp"

namespace sigid::oauth {

// Introspection (RFC 7662) and revocation (RFC 7009) of SigID's JWT access
// tokens, for an already authenticated client.
class IntrospectionService {
 public:
  IntrospectionService(AccessTokenVerifier& verifier, RevocationList& revocations)
      : verifier_(verifier), revocations_(revocations) {}

  // The claims of an active token; nullopt when it is invalid, expired, revoked,
  // another tenant's, or its client is no longer active (RFC 7662 §2.2: the
  // response then says only active=false). Any authenticated client of the
  // tenant may introspect: resource servers are clients too.
  core::Result<std::optional<AccessTokenClaims>> introspect(const TenantSnapshot& tenant, std::string_view token);

  // RFC 7009 §2.1: revokes only a token issued to `caller`; anything else
  // (another client's token, garbage, an unknown token) is ignored and still
  // answered 200 (§2.2), so revocation cannot probe for valid tokens.
  core::Result<void> revoke(const TenantSnapshot& tenant, const ClientEntry& caller, std::string_view token);

 private:
  AccessTokenVerifier& verifier_;
  RevocationList& revocations_;
};

}  // namespace sigid::oauth
