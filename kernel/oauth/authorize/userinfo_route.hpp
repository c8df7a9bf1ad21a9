#pragma once

#include "http/router.hpp"
#include "oauth/endpoints/protocol_context.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::oauth {

// GET and POST /t/{slug}/userinfo (OIDC Core §5.3) with a bearer access token
// in the Authorization header (RFC 6750 §2.1). The token must be active, of
// this tenant, issued for a user and carry `openid`; the claims follow its
// scopes: always sub; `profile` adds name; `email` adds email and
// email_verified.
void addUserinfoRoute(http::Router& router, ProtocolContext& protocol, tenancy::UserService& users);

}  // namespace sigid::oauth
