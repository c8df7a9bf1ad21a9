#include "hosted/branding.hpp"
#include "hosted/hosted_page.hpp"
#include "hosted/hosted_routes.hpp"

namespace sigid::hosted {

void addHostedRoutes(http::Router& router, HostedContext& ctx) {
  addAssetRoutes(router, ctx);
  addLoginRoutes(router, ctx);
  addAccountRoutes(router, ctx);
  addInvitationAcceptRoutes(router, ctx);
  addPasswordResetRoutes(router, ctx);
  addConsentRoutes(router, ctx);
  addSecondStepRoutes(router, ctx);
  addMfaRoutes(router, ctx);
}

void addAssetRoutes(http::Router& router, HostedContext& ctx) {
  router.add("GET", std::string(kStylesheetPath), [](http::Request&) -> core::Result<http::Response> {
    auto response = http::Response::text(200, std::string(stylesheet()), "text/css; charset=utf-8");
    // Static and identical for every tenant: browsers may keep it for a day.
    response.setHeader("Cache-Control", "public, max-age=86400");
    return response;
  });
  router.add("GET", "/t/{slug}/branding.css", hostedHandler(ctx, [&ctx](http::Request& r) -> core::Result<http::Response> {
    SIGID_TRY(tenancy::Tenant tenant, ctx.tenants.findActive(r.pathParam("slug").value_or("")));
    auto response = http::Response::text(200, brandingCss(tenant), "text/css; charset=utf-8");
    response.setHeader("Cache-Control", "public, max-age=300");  // branding changes show within minutes
    return response;
  }));
}

}  // namespace sigid::hosted
