#include "oauth/authorize/authorize_flow.hpp"

#include <algorithm>

#include "hosted/acr.hpp"
#include "tenancy/application.hpp"
#include "tenancy/user.hpp"

namespace sigid::oauth {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

struct AuthorizeFlow::Flow {
  std::shared_ptr<const TenantSnapshot> tenant;
  const ClientEntry* client = nullptr;
  AuthorizationRequest request;
  std::string handle;  // set once parked; the request is then finished through it
  std::int64_t auth_not_before = 0;
  std::string stale_session;
  hosted::PageVisit visit;
  bool resumed = false;  // reached through the login or consent form (see clientResponse)
  RequestContext context;  // the browser's address and the request id, for `authorize` policies
};

namespace {

Response expired(hosted::HostedContext& ctx, const tenancy::Tenant& tenant) {
  return hosted::errorPage(ctx, &tenant, 400, "Sign-in request expired",
                           "This sign-in request is not valid any more. Go back to the application and start again.");
}

bool registered(const ClientEntry& client, const std::string& redirect_uri) {
  return std::find(client.redirect_uris.begin(), client.redirect_uris.end(), redirect_uri) !=
         client.redirect_uris.end();
}

}  // namespace

Response continueToClient(const std::string& redirect_uri, QueryParams params, const std::string& state,
                          const std::string& issuer) {
  if (!state.empty()) params.emplace_back("state", state);
  params.emplace_back("iss", issuer);
  return hosted::continuePage(withQuery(redirect_uri, params));
}

Response redirectToClient(const std::string& redirect_uri, QueryParams params, const std::string& state,
                          const std::string& issuer) {
  if (!state.empty()) params.emplace_back("state", state);
  params.emplace_back("iss", issuer);
  Response response = Response::redirect(withQuery(redirect_uri, params), 302);
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("Referrer-Policy", "no-referrer");  // the code must not leak through Referer
  return response;
}

Result<Response> AuthorizeFlow::handle(const Request& r) {
  SIGID_TRY(hosted::PageVisit visit, hosted::beginVisit(hosted_, r));
  SIGID_TRY(auto snapshot, directory_.find(visit.tenant.slug));
  Flow flow{snapshot, nullptr, {}, "", 0, "", std::move(visit), false, RequestContext{r.remote_address, r.request_id}};
  const QueryParams params = r.queryParams();
  bool repeated = false;
  if (const std::string handle = singleParam(params, "request_handle", &repeated); !handle.empty()) {
    SIGID_TRY(auto parked, pending_.find(flow.visit.tenant, handle));
    if (!parked || repeated) return expired(hosted_, flow.visit.tenant);
    // The client may have been disabled, or the URI deregistered, meanwhile.
    flow.client = snapshot->client(parked->request.client_id);
    if (!flow.client || !registered(*flow.client, parked->request.redirect_uri))
      return expired(hosted_, flow.visit.tenant);
    flow.request = std::move(parked->request);
    flow.handle = handle;
    flow.resumed = true;
    // The consent page's "Deny" (ConsentRequests::decided): anyone holding the
    // handle may decline it; that is all this does.
    if (singleParam(params, "consent") == "denied") return refuse(flow, "access_denied", "the user declined");
    flow.auth_not_before = parked->auth_not_before;
    if (parked->user_id.empty()) flow.stale_session = parked->session_id;
    return proceed(flow);
  }
  std::string redirect_uri;
  if (auto problem = checkClientAndRedirect(*snapshot, params, flow.client, redirect_uri))
    return hosted::errorPage(hosted_, &flow.visit.tenant, 400, "Sign-in request not valid", *problem);
  if (auto refusal = parseAuthorizationRequest(*flow.client, params, flow.request))
    return redirectToClient(redirect_uri, {{"error", refusal->error}, {"error_description", refusal->description}},
                            singleParam(params, "state"), snapshot->issuer);
  if (flow.request.prompt == "login") {  // OIDC Core §3.1.2.1: re-authenticate even with a session
    if (!flow.visit.session) return toLogin(flow, clock_.nowSeconds());
    flow.auth_not_before = clock_.nowSeconds();
    flow.stale_session = flow.visit.session->id;
  }
  return proceed(flow);
}

Result<Response> AuthorizeFlow::proceed(Flow& flow) {
  const auto& session = flow.visit.session;
  const auto now = clock_.nowSeconds();
  const bool fresh_required = flow.auth_not_before > 0;
  const bool stale = !session || (fresh_required && (session->auth_time < flow.auth_not_before ||
                                                     session->id == flow.stale_session));
  // max_age (§3.1.2.1): a sign-in made for this very request satisfies it.
  const bool too_old = session && flow.request.max_age && now - session->auth_time > *flow.request.max_age &&
                       !(fresh_required && !stale);
  if (stale || too_old) {
    if (flow.request.prompt == "none") return refuse(flow, "login_required", "the user must sign in");
    return toLogin(flow, now);
  }
  SIGID_TRY(auto member, hosted_.users.findByUserId(flow.visit.tenant, session->user_id));
  if (!member || member->status != tenancy::MembershipStatus::Active)
    return refuse(flow, "access_denied", "the user has no access to this organisation");

  // acr_values (OIDC Core §3.1.2.1), or a step-up an `authorize` policy
  // recorded with the request: the session must reach that level before
  // anything is issued, so no token ever carries a lower acr than demanded.
  if (auto demand = hosted::acrDemand(flow.request.acr_values);
      demand && !hosted::acrSatisfies(session->acr, *demand)) {
    if (flow.request.prompt == "none")
      return refuse(flow, "interaction_required", "stronger authentication required");
    // The sign-in made for this request could not reach it; another would not either.
    if (fresh_required) return refuse(flow, "access_denied", "stronger authentication required");
    flow.stale_session = session->id;
    return toLogin(flow, now);
  }

  UserAuthorization authorization{flow.client->client_id, member->user_id, member->subject, flow.request.scope,
                                  session->auth_time,     session->amr,    session->acr,    session->id};
  std::string scope = flow.request.scope;
  if (policy_) {
    SIGID_TRY(UserPolicyOutcome outcome, policy_->authorize(*flow.tenant, *flow.client, authorization, member->roles,
                                                                      flow.context));
    if (outcome.kind == UserPolicyOutcome::Kind::Deny) return refuse(flow, "access_denied", "denied by policy");
    if (outcome.kind == UserPolicyOutcome::Kind::StepUp) {
      // One fresh sign-in per request: if that did not reach the acr, looping would not either.
      if (flow.request.prompt == "none")
        return refuse(flow, "interaction_required", "stronger authentication required");
      if (fresh_required) return refuse(flow, "access_denied", "stronger authentication required");
      // Recorded with the parked request: the login page asks for the second
      // factor it needs (SignInGate), and the check above holds the session to it.
      flow.request.acr_values =
          hosted::strongerAcr(hosted::acrDemand(flow.request.acr_values).value_or(""), outcome.acr);
      flow.stale_session = session->id;
      return toLogin(flow, now);
    }
    scope = outcome.scope;
  }
  SIGID_TRY(auto missing, hosted_.consents.missing(flow.visit.tenant, member->user_id, flow.client->client_id,
                                                   tenancy::splitSpaced(scope)));
  if (!missing.empty() || flow.request.prompt == "consent") {
    if (flow.request.prompt == "none") return refuse(flow, "consent_required", "the user must consent");
    return toConsent(flow, member->user_id);
  }
  return issueCode(flow, authorization, scope);
}

Result<std::string> AuthorizeFlow::park(Flow& flow, std::int64_t auth_not_before) {
  // A parked request being parked again (a new sign-in) gets a new handle; the old one ends.
  if (!flow.handle.empty()) SIGID_CHECK(pending_.finish(flow.visit.tenant, flow.handle));
  SIGID_TRY(flow.handle, pending_.park(flow.visit.tenant, flow.request, auth_not_before, flow.stale_session));
  return flow.handle;
}

Result<Response> AuthorizeFlow::toLogin(Flow& flow, std::int64_t auth_not_before) {
  if (flow.visit.session && flow.stale_session.empty()) flow.stale_session = flow.visit.session->id;
  SIGID_TRY(std::string handle, park(flow, auth_not_before));
  const std::string base = "/t/" + flow.visit.tenant.slug;
  std::string location = base + "/login?return_to=" + http::urlEncode(base + "/authorize?request_handle=" + handle);
  if (!flow.request.login_hint.empty()) location += "&login_hint=" + http::urlEncode(flow.request.login_hint);
  return Response::redirect(std::move(location), 303);
}

Result<Response> AuthorizeFlow::toConsent(Flow& flow, const std::string& user_id) {
  if (flow.handle.empty()) {
    flow.stale_session.clear();
    SIGID_TRY(flow.handle, pending_.park(flow.visit.tenant, flow.request, 0, ""));
  }
  SIGID_CHECK(pending_.bindUser(flow.visit.tenant, flow.handle, user_id, flow.visit.session->id));
  return Response::redirect("/t/" + flow.visit.tenant.slug + "/consent?request=" + flow.handle, 303);
}

Result<Response> AuthorizeFlow::issueCode(Flow& flow, UserAuthorization authorization, const std::string& scope) {
  if (!flow.handle.empty()) {
    SIGID_TRY(bool finished, pending_.finish(flow.visit.tenant, flow.handle));
    if (!finished) return expired(hosted_, flow.visit.tenant);  // a second tab already finished it
  }
  authorization.scope = scope;
  SIGID_TRY(std::string code, codes_.issue(flow.visit.tenant, CodeBinding{std::move(authorization),
                                                                         flow.request.redirect_uri, flow.request.nonce,
                                                                         flow.request.code_challenge}));
  return clientResponse(flow, {{"code", code}});
}

Response AuthorizeFlow::clientResponse(Flow& flow, QueryParams params) {
  if (flow.resumed)
    return continueToClient(flow.request.redirect_uri, std::move(params), flow.request.state, flow.tenant->issuer);
  return redirectToClient(flow.request.redirect_uri, std::move(params), flow.request.state, flow.tenant->issuer);
}

Result<Response> AuthorizeFlow::refuse(Flow& flow, const std::string& error, const std::string& description) {
  if (!flow.handle.empty()) SIGID_CHECK(pending_.finish(flow.visit.tenant, flow.handle));
  return clientResponse(flow, {{"error", error}, {"error_description", description}});
}

Result<std::optional<hosted::ConsentRequest>> AuthorizeFlow::find(const tenancy::Tenant& tenant,
                                                                  std::string_view request_id) {
  SIGID_TRY(auto parked, pending_.find(tenant, request_id));
  if (!parked || parked->user_id.empty()) return std::optional<hosted::ConsentRequest>{};
  SIGID_TRY(auto snapshot, directory_.find(tenant.slug));
  const ClientEntry* client = snapshot->client(parked->request.client_id);
  if (!client) return std::optional<hosted::ConsentRequest>{};
  return std::optional<hosted::ConsentRequest>(hosted::ConsentRequest{
      client->client_id, client->name, tenancy::splitSpaced(parked->request.scope), parked->user_id});
}

Result<std::string> AuthorizeFlow::decided(const tenancy::Tenant& tenant, std::string_view request_id, bool allowed) {
  SIGID_TRY(auto parked, pending_.find(tenant, request_id));
  if (!parked) return Error::notFound("This consent request is not valid any more. Start again from the application.");
  // Either way /authorize finishes the request: allowed, it re-checks session,
  // policy and consent and issues the code; denied, it answers access_denied.
  // Never a redirect to the client from here: see clientResponse.
  const std::string resume = "/t/" + tenant.slug + "/authorize?request_handle=" + std::string(request_id);
  return allowed ? resume : resume + "&consent=denied";
}

}  // namespace sigid::oauth
