#include "oauth/endpoints/protocol_request.hpp"

#include "http/error_response.hpp"
#include "oauth/endpoints/client_credentials_parser.hpp"

namespace sigid::oauth {
namespace {

http::Response tooManyRequests(std::int64_t retry_after) {
  http::Response response = http::errorResponse(
      core::Error(core::ErrorCode::RateLimited, "too many requests; retry after the time in Retry-After"));
  response.setHeader("Retry-After", std::to_string(retry_after));
  return response;
}

void countFailure(ProtocolContext& ctx, ClientAuthFailure reason) {
  ctx.metrics
      .counter("sigid_oauth_client_auth_failures_total", "Failed client authentications at protocol endpoints.",
               {{"reason", std::string(toString(reason))}})
      .inc();
}

}  // namespace

core::Result<std::shared_ptr<const TenantSnapshot>> activeTenant(ProtocolContext& ctx, const http::Request& request) {
  SIGID_TRY(auto snapshot, ctx.directory.find(request.pathParam("slug").value_or("")));
  if (snapshot->tenant.status == tenancy::TenantStatus::Suspended)
    return core::Error(core::ErrorCode::TenantSuspended, "the tenant is suspended");
  return snapshot;
}

std::optional<http::Response> limitAddress(ProtocolContext& ctx, const http::Request& request) {
  if (auto wait = ctx.address_limiter.acquire(request.remote_address)) {
    ctx.metrics.counter("sigid_oauth_rate_limited_total", "Protocol requests refused by a rate limit.",
                        {{"limit", "address"}})
        .inc();
    return tooManyRequests(*wait);
  }
  return std::nullopt;
}

std::optional<http::Response> limitClient(ProtocolContext& ctx, const std::string& client_id) {
  if (auto wait = ctx.client_limiter.acquire(client_id)) {
    ctx.metrics.counter("sigid_oauth_rate_limited_total", "Protocol requests refused by a rate limit.",
                        {{"limit", "client"}})
        .inc();
    return tooManyRequests(*wait);
  }
  return std::nullopt;
}

core::Result<AuthenticatedClient> authenticate(ProtocolContext& ctx, const TenantSnapshot& tenant,
                                               const http::Request& request, const OAuthForm& form) {
  SIGID_TRY(auto credentials, parseClientCredentials(request, form));
  if (!credentials) {
    countFailure(ctx, ClientAuthFailure::NoCredentials);
    ctx.failed_auth.record(tenant.tenant.id, "", ClientAuthFailure::NoCredentials, request.remote_address);
    return invalidClient();
  }
  // Keyed by tenant too: the same client id string in two tenants is two clients.
  if (auto refusal = limitClient(ctx, tenant.tenant.id.str() + '/' + credentials->client_id))
    return AuthenticatedClient{nullptr, std::move(refusal)};
  ClientAuthOutcome outcome = authenticateClient(tenant, *credentials, ctx.clock.nowSeconds());
  if (!outcome.client) {
    countFailure(ctx, outcome.failure);
    // Only an id that names a real client is recorded; anything else is attacker input.
    const bool known = tenant.client(credentials->client_id) != nullptr;
    ctx.failed_auth.record(tenant.tenant.id, known ? credentials->client_id : "", outcome.failure,
                           request.remote_address);
    return invalidClient();
  }
  return AuthenticatedClient{outcome.client, std::nullopt};
}

}  // namespace sigid::oauth
