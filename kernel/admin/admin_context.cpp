#include "admin/admin_context.hpp"

namespace sigid::admin {

core::Result<core::Actor> authenticateSystemCaller(AdminContext& ctx, const http::Request& request) {
  auto header = request.header("authorization");
  if (!header || request.headerCount("authorization") != 1)
    return core::Error(core::ErrorCode::Unauthenticated, "a bearer credential is required");
  std::string_view value = *header;
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return core::Error(core::ErrorCode::Unauthenticated, "a bearer credential is required");
  for (std::size_t i = 0; i < kScheme.size(); ++i) {  // the scheme is case-insensitive (RFC 9110 §11.1)
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i])
      return core::Error(core::ErrorCode::Unauthenticated, "a bearer credential is required");
  }
  SIGID_TRY(tenancy::SystemPrincipal principal, ctx.system_auth.authenticate(value.substr(kScheme.size())));
  return core::Actor{"system_credential", principal.credential_id, request.remote_address, request.request_id};
}

namespace {

std::optional<std::string_view> bearer(const http::Request& request) {
  auto header = request.header("authorization");
  if (!header || request.headerCount("authorization") != 1) return std::nullopt;
  std::string_view value = *header;
  if (value.size() <= 7 || !http::equalsIgnoreCase(value.substr(0, 7), "bearer ")) return std::nullopt;
  return value.substr(7);
}

}  // namespace

core::Result<TenantCaller> authenticateTenantCaller(AdminContext& ctx, const http::Request& request,
                                                    std::string_view scope) {
  const std::string tenant_param(request.pathParam("tenant").value_or(""));
  auto secret = bearer(request);
  if (!secret || !secret->starts_with(tenancy::kApiKeyPrefix) || ctx.api_keys == nullptr) {
    SIGID_TRY(core::Actor actor, authenticateSystemCaller(ctx, request));
    SIGID_TRY(tenancy::Tenant tenant, ctx.tenants.findActive(tenant_param));
    return TenantCaller{std::move(actor), std::move(tenant), std::nullopt};
  }
  const core::Error refused(core::ErrorCode::Unauthenticated, "a valid credential for this tenant is required");
  auto tenant = ctx.tenants.find(tenant_param);
  if (!tenant) {
    if (tenant.error().code() == core::ErrorCode::Unavailable || tenant.error().code() == core::ErrorCode::Internal)
      return std::move(tenant).error();
    return refused;
  }
  SIGID_TRY(tenancy::ApiKey key, ctx.api_keys->authenticate(tenant->id, *secret));
  if (!key.hasScope(scope))
    return core::Error(core::ErrorCode::Forbidden, "the API key does not hold the scope " + std::string(scope));
  if (tenant->status == tenancy::TenantStatus::Suspended)
    return core::Error(core::ErrorCode::TenantSuspended,
                       "the tenant is suspended; its data is kept until it is reactivated");
  return TenantCaller{core::Actor{"api_key", key.id, request.remote_address, request.request_id}, std::move(*tenant),
                      std::move(key.scopes)};
}

}  // namespace sigid::admin
