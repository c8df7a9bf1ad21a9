#include "oauth/authorize/authorize_routes.hpp"

namespace sigid::oauth {

void addAuthorizeRoute(http::Router& router, hosted::HostedContext& hosted, AuthorizeFlow& flow) {
  // RFC 6749 §3.1: the endpoint MUST support GET (POST is optional; SigID serves GET only).
  router.add("GET", "/t/{slug}/authorize",
             hosted::hostedHandler(hosted, [&flow](http::Request& r) { return flow.handle(r); }));
}

}  // namespace sigid::oauth
