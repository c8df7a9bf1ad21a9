#include "oauth/user_grants.hpp"

#include "oauth/id_token.hpp"
#include "tenancy/application.hpp"

namespace sigid::oauth {

using core::Error;
using core::ErrorCode;
using core::Result;

bool hasScope(std::string_view scope, std::string_view token) {
  for (const auto& item : tenancy::splitSpaced(scope)) {
    if (item == token) return true;
  }
  return false;
}

bool isUserGrant(std::string_view grant_type) {
  return grant_type == tenancy::kGrantAuthorizationCode || grant_type == tenancy::kGrantRefreshToken;
}

namespace {

// RFC 6749 §6: a refresh may ask for less than was granted, never more.
Result<std::string> narrowedScope(const std::string& granted, const std::optional<std::string>& requested) {
  if (!requested) return granted;
  std::string out;
  for (const auto& token : tenancy::splitSpaced(*requested)) {
    if (!tenancy::isScopeToken(token)) return Error(ErrorCode::InvalidScope, "scope: malformed scope token");
    if (!hasScope(granted, token))
      return Error(ErrorCode::InvalidScope, "scope: exceeds the scope originally granted");
    if (hasScope(out, token)) continue;
    if (!out.empty()) out += ' ';
    out += token;
  }
  if (out.empty()) return Error(ErrorCode::InvalidScope, "scope: malformed (scope tokens separated by single spaces)");
  return out;
}

bool issuesRefreshToken(const ClientEntry& client, const std::string& scope) {
  return client.allowsGrant(tenancy::kGrantRefreshToken) && hasScope(scope, kScopeOfflineAccess);
}

}  // namespace

Result<UserTokens> UserGrants::exchange(const TenantSnapshot& tenant, const ClientEntry& client,
                                        const UserGrantRequest& request) {
  if (!client.allowsGrant(request.grant_type))
    return Error(ErrorCode::UnauthorizedClient, "the client is not allowed to use this grant type");
  if (request.grant_type == tenancy::kGrantAuthorizationCode) return redeemCode(tenant, client, request);
  return refresh(tenant, client, request);
}

Result<UserTokens> UserGrants::redeemCode(const TenantSnapshot& tenant, const ClientEntry& client,
                                          const UserGrantRequest& request) {
  if (!request.code) return Error::invalidRequest("code: is required");
  // A public client has no secret: PKCE is what binds the code to it (RFC 7636 §1).
  if (!client.confidential && !request.code_verifier) return Error::invalidRequest("code_verifier: is required");
  SIGID_TRY(RedeemedCode redeemed,
            codes_.redeem(tenant.tenant, *request.code,
                          CodeRedemption{client.client_id, request.redirect_uri.value_or(""),
                                         request.code_verifier.value_or("")}));
  UserAuthorization& a = redeemed.binding.authorization;
  SIGID_TRY(UserTokens tokens, mint(tenant, client, request, a, redeemed.binding.nonce));
  std::string family;
  if (issuesRefreshToken(client, a.scope)) {
    SIGID_TRY(IssuedRefreshToken issued, refresh_.issue(tenant.tenant, a));
    tokens.refresh_token = std::move(issued.token);
    family = std::move(issued.family_id);
  }
  SIGID_CHECK(codes_.recordIssued(tenant.tenant, redeemed.code_sha256, tokens.access.claims.jti,
                                  tokens.access.claims.exp, family));
  return tokens;
}

Result<UserTokens> UserGrants::refresh(const TenantSnapshot& tenant, const ClientEntry& client,
                                       const UserGrantRequest& request) {
  if (!request.refresh_token) return Error::invalidRequest("refresh_token: is required");
  SIGID_TRY(RotatedRefreshToken rotated, refresh_.rotate(tenant.tenant, client.client_id, *request.refresh_token));
  UserAuthorization a = rotated.authorization;
  SIGID_TRY(a.scope, narrowedScope(a.scope, request.scope));
  // OIDC Core §12.2: an ID token from a refresh carries no nonce.
  SIGID_TRY(UserTokens tokens, mint(tenant, client, request, a, ""));
  tokens.refresh_token = std::move(rotated.next.token);  // the family keeps its original (unnarrowed) scope
  return tokens;
}

Result<UserTokens> UserGrants::mint(const TenantSnapshot& tenant, const ClientEntry& client,
                                    const UserGrantRequest& request, UserAuthorization& a,
                                    const std::string& nonce) {
  // A member suspended or removed since the grant gets nothing more (their
  // refresh tokens were revoked then too; this also covers a code in flight).
  auto member = users_.findBySubject(tenant.tenant, a.subject);
  if (!member && member.error().code() != ErrorCode::NotFound) return std::move(member).error();
  if (!member || member->user_id != a.user_id || member->status != tenancy::MembershipStatus::Active)
    return Error(ErrorCode::InvalidGrant, "the user's access to this tenant has ended");
  std::string extra_claims;
  if (policy_) {  // may deny, narrow the scope and add claims (to both tokens)
    SIGID_TRY(TokenGrant allowed,
              policy_->token(tenant, client, request.grant_type, a, member->roles, request.context));
    a.scope = std::move(allowed.scope);
    extra_claims = std::move(allowed.extra_claims);
  }

  UserTokens tokens;
  SIGID_TRY(tokens.access, issuer_.issue(tenant, client, a.scope, a.subject, extra_claims));
  if (!hasScope(a.scope, kScopeOpenId)) return tokens;
  const auto now = clock_.nowSeconds();
  IdTokenClaims claims;
  claims.iss = tenant.issuer;
  claims.sub = a.subject;
  claims.aud = client.client_id;
  claims.iat = now;
  claims.exp = now + client.access_token_ttl;
  claims.auth_time = a.auth_time;
  claims.nonce = nonce;
  claims.acr = a.acr;
  claims.amr = a.amr;
  claims.at_hash = leftHalfHash(tokens.access.access_token, client.signing_alg);
  claims.azp = client.client_id;
  claims.sid = a.session_id;
  claims.extra = std::move(extra_claims);
  SIGID_TRY(tokens.id_token, keys_.sign(tenant.tenant, client.signing_alg, "JWT", encodeIdTokenClaims(claims)));
  return tokens;
}

}  // namespace sigid::oauth
