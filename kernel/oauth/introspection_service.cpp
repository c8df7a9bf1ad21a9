#include "oauth/introspection_service.hpp"

namespace sigid::oauth {

using core::Result;

Result<std::optional<AccessTokenClaims>> IntrospectionService::introspect(const TenantSnapshot& tenant,
                                                                          std::string_view token) {
  auto claims = verifier_.verify(tenant, token);
  if (!claims) return std::optional<AccessTokenClaims>{};
  // A deactivated application's tokens die with it.
  if (tenant.client(claims->client_id) == nullptr) return std::optional<AccessTokenClaims>{};
  SIGID_TRY(bool revoked, revocations_.isRevoked(tenant.tenant.id, claims->jti));
  if (revoked) return std::optional<AccessTokenClaims>{};
  return claims;
}

Result<void> IntrospectionService::revoke(const TenantSnapshot& tenant, const ClientEntry& caller,
                                          std::string_view token) {
  auto claims = verifier_.verify(tenant, token);
  if (!claims || claims->client_id != caller.client_id) return core::success();
  return revocations_.revoke(tenant.tenant.id, claims->jti, claims->client_id, claims->exp);
}

}  // namespace sigid::oauth
