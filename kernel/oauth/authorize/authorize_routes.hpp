#pragma once

#include "hosted/hosted_context.hpp"
#include "http/router.hpp"
#include "oauth/authorize/authorize_flow.hpp"

namespace sigid::oauth {

// GET /t/{slug}/authorize. Failures before the redirect URI is trusted are
// HTML error pages (hosted::hostedHandler), never JSON and never redirects.
void addAuthorizeRoute(http::Router& router, hosted::HostedContext& hosted, AuthorizeFlow& flow);

}  // namespace sigid::oauth
