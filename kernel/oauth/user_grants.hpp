#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/access_token.hpp"
#include "oauth/authorization_codes.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/policy_input.hpp"
#include "oauth/refresh_tokens.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/user_policy_gate.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::oauth {

inline constexpr std::string_view kScopeOpenId = "openid";
inline constexpr std::string_view kScopeOfflineAccess = "offline_access";

// The token endpoint parameters of the user grants (RFC 6749 §4.1.3, §6).
struct UserGrantRequest {
  std::string grant_type;
  std::optional<std::string> code;
  std::optional<std::string> redirect_uri;
  std::optional<std::string> code_verifier;
  std::optional<std::string> refresh_token;
  std::optional<std::string> scope;
  RequestContext context;  // what the `token` policies see as input.context
};

struct UserTokens {
  IssuedToken access;
  std::string id_token;       // empty unless `openid` was granted
  std::string refresh_token;  // empty unless the refresh rule below holds
};

// Is this grant one of the user grants this service handles?
bool isUserGrant(std::string_view grant_type);

// The authorization_code and refresh_token grants: exchange, rotation, ID
// tokens. The refresh rule: a refresh token is issued only when the client is
// registered for the refresh_token grant AND the granted scope contains
// `offline_access` (OIDC Core §11). Without it the access token is all the
// client gets, and its access ends with the token.
class UserGrants {
 public:
  UserGrants(AccessTokenIssuer& issuer, KeyService& keys, AuthorizationCodes& codes, RefreshTokens& refresh,
             tenancy::UserService& users, const core::Clock& clock)
      : issuer_(issuer), keys_(keys), codes_(codes), refresh_(refresh), users_(users), clock_(clock) {}
  void setPolicyGate(const UserPolicyGate* gate) { policy_ = gate; }

  core::Result<UserTokens> exchange(const TenantSnapshot& tenant, const ClientEntry& client,
                                    const UserGrantRequest& request);

 private:
  core::Result<UserTokens> redeemCode(const TenantSnapshot& tenant, const ClientEntry& client,
                                      const UserGrantRequest& request);
  core::Result<UserTokens> refresh(const TenantSnapshot& tenant, const ClientEntry& client,
                                   const UserGrantRequest& request);
  // Checks the member is still active and asks the `token` policies; then the access and ID tokens.
  core::Result<UserTokens> mint(const TenantSnapshot& tenant, const ClientEntry& client,
                                const UserGrantRequest& request, UserAuthorization& authorization,
                                const std::string& nonce);

  AccessTokenIssuer& issuer_;
  KeyService& keys_;
  AuthorizationCodes& codes_;
  RefreshTokens& refresh_;
  tenancy::UserService& users_;
  const core::Clock& clock_;
  const UserPolicyGate* policy_ = nullptr;
};

// Is `scope` (space-separated) holding `token`?
bool hasScope(std::string_view scope, std::string_view token);

}  // namespace sigid::oauth
