#include "hosted/hosted_page.hpp"
#include "hosted/hosted_routes.hpp"

namespace sigid::hosted {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

// The parameters of an OIDC RP-initiated logout request, carried through the
// confirmation form unchanged (part B validates them).
constexpr const char* kLogoutParams[] = {"id_token_hint", "post_logout_redirect_uri", "state", "client_id"};

Response toLogin(const PageVisit& visit, const std::string& return_to) {
  return Response::redirect("/t/" + visit.tenant.slug + "/login?return_to=" + http::urlEncode(return_to), 303);
}

Result<Response> showAccount(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  if (!visit.session) return toLogin(visit, "/t/" + visit.tenant.slug + "/account");
  SIGID_TRY(auto member, ctx.users.findByUserId(visit.tenant, visit.session->user_id));
  SIGID_TRY(auto sessions, ctx.sessions.listForUser(visit.tenant, visit.session->user_id));
  PageData list{PageData::type::list};
  for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {  // newest first
    PageData s;
    s.set("id", it->id);
    s.set("user_agent", it->user_agent.empty() ? std::string("Unknown browser") : it->user_agent.substr(0, 120));
    s.set("ip", it->ip);
    s.set("last_seen", displayTime(it->last_seen_at));
    s.set("current", it->id == visit.session->id);
    list.push_back(s);
  }
  PageData data;
  data.set("email", member ? member->email : std::string());
  data.set("sessions", list);
  for (auto& [k, v] : r.queryParams()) {
    if (k == "notice" && v == "revoked") data.set("notice", "The session was signed out.");
  }
  return page(ctx, visit, 200, "account", "Your sessions", data);
}

Result<Response> revokeSession(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  if (!visit.session) return toLogin(visit, "/t/" + visit.tenant.slug + "/account");
  const std::string id(r.pathParam("session").value_or(""));
  SIGID_TRY(auto member, ctx.users.findByUserId(visit.tenant, visit.session->user_id));
  core::Actor actor{"user", member ? member->subject : "", r.remote_address, r.request_id};
  SIGID_TRY(bool revoked, ctx.sessions.revoke(actor, visit.tenant, visit.session->user_id, id));
  if (!revoked) return Error::notFound("That session does not exist any more.");
  if (id == visit.session->id)
    return clearSessionRedirect(ctx, visit, "/t/" + visit.tenant.slug + "/login?notice=signed_out");
  return Response::redirect("/t/" + visit.tenant.slug + "/account?notice=revoked", 303);
}

Result<Response> showLogout(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  PageData data;
  PageData params{PageData::type::list};
  for (auto& [k, v] : r.queryParams()) {
    for (const char* name : kLogoutParams) {
      if (k != name) continue;
      PageData p;
      p.set("name", k);
      p.set("value", v);
      params.push_back(p);
    }
  }
  data.set("params", params);
  return page(ctx, visit, 200, visit.session ? "logout" : "signed_out", visit.session ? "Sign out" : "Signed out", data);
}

Result<Response> submitLogout(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  if (visit.session) SIGID_CHECK(ctx.sessions.endByToken(visit.tenant, visit.session_token));
  if (ctx.logout_redirects) {
    std::map<std::string, std::string> params;
    for (const char* name : kLogoutParams) {
      if (auto it = form.find(name); it != form.end()) params.emplace(name, it->second);
    }
    SIGID_TRY(auto target, ctx.logout_redirects->afterLogout(visit.tenant, params));
    if (target) {
      // Not a redirect: this POST's form-action would block one to the client (continuePage).
      http::Response response = continuePage(*target);
      for (auto& header : clearSessionRedirect(ctx, visit, *target).headers) {
        if (header.first == "Set-Cookie") response.addHeader("Set-Cookie", header.second);
      }
      return response;
    }
  }
  return clearSessionRedirect(ctx, visit, "/t/" + visit.tenant.slug + "/login?notice=signed_out");
}

}  // namespace

void addAccountRoutes(http::Router& router, HostedContext& ctx) {
  router.add("GET", "/t/{slug}/account", hostedHandler(ctx, [&ctx](Request& r) { return showAccount(ctx, r); }));
  router.add("POST", "/t/{slug}/account/sessions/{session}/revoke",
             hostedHandler(ctx, [&ctx](Request& r) { return revokeSession(ctx, r); }));
  router.add("GET", "/t/{slug}/logout", hostedHandler(ctx, [&ctx](Request& r) { return showLogout(ctx, r); }));
  router.add("POST", "/t/{slug}/logout", hostedHandler(ctx, [&ctx](Request& r) { return submitLogout(ctx, r); }));
}

}  // namespace sigid::hosted
