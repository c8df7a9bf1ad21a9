#pragma once

#include "hosted/hosted_context.hpp"
#include "http/router.hpp"

namespace sigid::hosted {

// Every hosted page, under /t/{slug}/..., plus the static stylesheet.
void addHostedRoutes(http::Router& router, HostedContext& ctx);

// One function per page family (each in its own file).
void addAssetRoutes(http::Router& router, HostedContext& ctx);
void addLoginRoutes(http::Router& router, HostedContext& ctx);
void addAccountRoutes(http::Router& router, HostedContext& ctx);
void addInvitationAcceptRoutes(http::Router& router, HostedContext& ctx);
void addPasswordResetRoutes(http::Router& router, HostedContext& ctx);
void addConsentRoutes(http::Router& router, HostedContext& ctx);
void addSecondStepRoutes(http::Router& router, HostedContext& ctx);
void addMfaRoutes(http::Router& router, HostedContext& ctx);

}  // namespace sigid::hosted
