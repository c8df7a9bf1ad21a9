#include "hosted/hosted_page.hpp"
#include "hosted/hosted_routes.hpp"
#include "hosted/scope_descriptions.hpp"

namespace sigid::hosted {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

Error noRequest() { return Error::notFound("This consent request is not valid any more. Start again from the application."); }

// The request, checked to belong to the signed-in user.
Result<ConsentRequest> load(HostedContext& ctx, const PageVisit& visit, const std::string& id) {
  if (!ctx.consent_requests || !visit.session || id.empty() || id.size() > 128) return noRequest();
  SIGID_TRY(auto request, ctx.consent_requests->find(visit.tenant, id));
  if (!request || request->user_id != visit.session->user_id) return noRequest();
  return std::move(*request);
}

Result<Response> showConsent(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  std::string id;
  for (auto& [k, v] : r.queryParams()) {
    if (k == "request") id = v;
  }
  SIGID_TRY(ConsentRequest request, load(ctx, visit, id));
  SIGID_TRY(auto member, ctx.users.findByUserId(visit.tenant, request.user_id));
  PageData scopes{PageData::type::list};
  for (const auto& scope : request.scopes) {
    PageData s;
    s.set("description", describeScope(scope));
    scopes.push_back(s);
  }
  PageData data;
  data.set("client_name", request.client_name);
  data.set("email", member ? member->email : std::string());
  data.set("scopes", scopes);
  data.set("request", id);
  return page(ctx, visit, 200, "consent", "Allow access", data);
}

Result<Response> submitConsent(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  const std::string id = form["request"];
  SIGID_TRY(ConsentRequest request, load(ctx, visit, id));
  const bool allowed = form["decision"] == "allow";
  if (allowed) {
    SIGID_TRY(auto member, ctx.users.findByUserId(visit.tenant, request.user_id));
    core::Actor actor{"user", member ? member->subject : "", r.remote_address, r.request_id};
    SIGID_CHECK(ctx.consents.grant(actor, visit.tenant, request.user_id, request.client_id, request.scopes));
  }
  SIGID_TRY(std::string next, ctx.consent_requests->decided(visit.tenant, id, allowed));
  return Response::redirect(next, 303);
}

}  // namespace

void addConsentRoutes(http::Router& router, HostedContext& ctx) {
  router.add("GET", "/t/{slug}/consent", hostedHandler(ctx, [&ctx](Request& r) { return showConsent(ctx, r); }));
  router.add("POST", "/t/{slug}/consent", hostedHandler(ctx, [&ctx](Request& r) { return submitConsent(ctx, r); }));
}

}  // namespace sigid::hosted
