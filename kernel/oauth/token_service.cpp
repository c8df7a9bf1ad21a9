#include "oauth/token_service.hpp"

#include <set>

#include "tenancy/application.hpp"

namespace sigid::oauth {

using core::Error;
using core::ErrorCode;
using core::Result;

Result<std::string> resolveScope(const ClientEntry& client, const std::optional<std::string>& requested) {
  if (!requested) return tenancy::joinSpaced(client.scopes);
  // RFC 6749 §3.3: scope = scope-token *( SP scope-token ): single spaces, no empty tokens.
  const std::string& text = *requested;
  if (text.empty() || text.front() == ' ' || text.back() == ' ' || text.find("  ") != std::string::npos)
    return Error(ErrorCode::InvalidScope, "scope: malformed (scope tokens separated by single spaces)");
  std::set<std::string> seen;
  std::string granted;
  for (const auto& token : tenancy::splitSpaced(text)) {
    if (!tenancy::isScopeToken(token)) return Error(ErrorCode::InvalidScope, "scope: malformed scope token");
    if (!client.hasScope(token))
      return Error(ErrorCode::InvalidScope, "scope: a requested scope is unknown or not granted to this client");
    if (!seen.insert(token).second) continue;  // a repeat asks for nothing more
    if (!granted.empty()) granted += ' ';
    granted += token;
  }
  return granted;
}

Result<IssuedToken> TokenService::grant(const TenantSnapshot& tenant, const ClientEntry& client,
                                        std::string_view grant_type, const std::optional<std::string>& scope,
                                        const RequestContext& request) {
  if (grant_type != kGrantClientCredentials)
    return Error(ErrorCode::UnsupportedGrantType, "grant_type: not supported by this server");
  if (!client.allowsGrant(grant_type))
    return Error(ErrorCode::UnauthorizedClient, "the client is not allowed to use this grant type");
  SIGID_TRY(std::string granted, resolveScope(client, scope));
  if (!policy_) return issuer_.issue(tenant, client, std::move(granted));
  // The tenant's policies may deny, narrow the scope and add claims.
  SIGID_TRY(TokenGrant allowed, policy_->apply(tenant, client, grant_type, granted, request));
  return issuer_.issue(tenant, client, std::move(allowed.scope), {}, std::move(allowed.extra_claims));
}

}  // namespace sigid::oauth
