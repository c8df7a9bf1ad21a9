#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "oauth/access_token.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/token_policy_gate.hpp"

namespace sigid::oauth {

// Grants the token endpoint serves today (DESIGN.md §4 lists the rest to come).
inline constexpr std::string_view kGrantClientCredentials = "client_credentials";

// The scopes a request ends up with (RFC 6749 §3.3). No scope parameter: all
// the client's registered scopes (the documented default). A scope that is
// malformed, unknown or not registered for the client is invalid_scope: never
// silently dropped, so a client cannot believe it holds a scope it does not.
core::Result<std::string> resolveScope(const ClientEntry& client, const std::optional<std::string>& requested);

// Protocol logic of the token endpoint after client authentication: which
// grant, whether this client may use it, the scope, and the token.
class TokenService {
 public:
  explicit TokenService(AccessTokenIssuer& issuer) : issuer_(issuer) {}
  // The tenant policies' `token` attach point (set once at start-up; null: no policies).
  void setPolicyGate(const TokenPolicyGate* gate) { policy_ = gate; }

  // RFC 6749 §4.4: unsupported_grant_type for grants SigID does not serve;
  // unauthorized_client for a grant the client is not configured for.
  // `request` is what the policies see as input.context.
  core::Result<IssuedToken> grant(const TenantSnapshot& tenant, const ClientEntry& client, std::string_view grant_type,
                                  const std::optional<std::string>& scope, const RequestContext& request);

 private:
  AccessTokenIssuer& issuer_;
  const TokenPolicyGate* policy_ = nullptr;
};

}  // namespace sigid::oauth
