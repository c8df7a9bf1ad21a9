#pragma once

#include "http/router.hpp"
#include "oauth/endpoints/protocol_context.hpp"

namespace sigid::oauth {

// The per-tenant protocol surface under the issuer /t/{slug} (DESIGN.md §4):
// discovery (RFC 8414), JWKS, token, introspection and revocation. The router
// answers any other method with 405 and Allow. A suspended tenant is refused
// on every one (403 tenant_suspended).
void addProtocolRoutes(http::Router& router, ProtocolContext& ctx);

}  // namespace sigid::oauth
