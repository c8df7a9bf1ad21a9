#pragma once

#include <memory>
#include <optional>

#include "core/result.hpp"
#include "http/request.hpp"
#include "oauth/endpoints/oauth_form.hpp"
#include "oauth/endpoints/protocol_context.hpp"

namespace sigid::oauth {

// Steps shared by the protocol handlers.

// The active tenant named by the path: 404 not_found for an unknown slug, 403
// tenant_suspended for a suspended tenant.
core::Result<std::shared_ptr<const TenantSnapshot>> activeTenant(ProtocolContext& ctx, const http::Request& request);

// Brute-force protection for endpoints that check client secrets: the source
// address bucket first, then (once the form is read) the presented client id's.
std::optional<http::Response> limitAddress(ProtocolContext& ctx, const http::Request& request);
std::optional<http::Response> limitClient(ProtocolContext& ctx, const std::string& client_id);

// Reads and checks the client's credentials against the tenant: invalid_client
// (401, WWW-Authenticate) for no, unknown or wrong credentials, each counted
// and audited; the per-client rate limit applies before the secret is checked.
struct AuthenticatedClient {
  const ClientEntry* client = nullptr;
  std::optional<http::Response> refusal;  // set when rate limited
};
core::Result<AuthenticatedClient> authenticate(ProtocolContext& ctx, const TenantSnapshot& tenant,
                                               const http::Request& request, const OAuthForm& form);

}  // namespace sigid::oauth
