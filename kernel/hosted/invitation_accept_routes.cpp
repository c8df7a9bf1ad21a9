#include "hosted/hosted_page.hpp"
#include "hosted/hosted_routes.hpp"
#include "tenancy/user.hpp"

namespace sigid::hosted {
namespace {

using core::Error;
using core::ErrorCode;
using core::Result;
using http::Request;
using http::Response;

std::string queryValue(const Request& r, std::string_view key) {
  for (auto& [k, v] : r.queryParams()) {
    if (k == key) return v;
  }
  return "";
}

Result<Response> invitationPage(HostedContext& ctx, PageVisit& visit, int status, const tenancy::Invitation& invitation,
                                const std::string& token, const std::string& name, const std::string& error) {
  SIGID_TRY(auto password_method, ctx.methods.passwordMethod(visit.tenant));
  PageData data;
  data.set("email", invitation.email);
  if (!invitation.message.empty()) data.set("message", invitation.message);
  data.set("token", token);
  data.set("name", name);
  data.set("password", password_method.has_value());
  if (!error.empty()) data.set("error", error);
  return page(ctx, visit, status, "invitation", "Accept invitation", data);
}

Result<Response> showInvitation(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  const std::string token = queryValue(r, "token");
  SIGID_TRY(tenancy::Invitation invitation, ctx.invitations.open(visit.tenant, token));
  return invitationPage(ctx, visit, 200, invitation, token, "", "");
}

Result<Response> acceptInvitation(HostedContext& ctx, Request& r) {
  SIGID_TRY(PageVisit visit, beginVisit(ctx, r));
  SIGID_TRY(auto form, readForm(r));
  SIGID_CHECK(checkCsrf(ctx, visit, form));
  const std::string token = form["token"];
  const std::string name = form["name"];
  const std::string password = form["password"];
  SIGID_TRY(tenancy::Invitation invitation, ctx.invitations.open(visit.tenant, token));
  SIGID_TRY(auto password_method, ctx.methods.passwordMethod(visit.tenant));
  if (auto bad = tenancy::validatePersonName(name, "Name"); !bad)
    return invitationPage(ctx, visit, 400, invitation, token, "", bad.error().description());
  if (password_method) {
    // Checked before the invitation is used up, so a weak password costs the invitee nothing.
    if (auto weak = tenancy::checkPasswordPolicy(visit.tenant.settings.password_policy, password, "Password"); !weak)
      return invitationPage(ctx, visit, 400, invitation, token, name, weak.error().description());
  }
  core::Actor actor{"user", "", r.remote_address, r.request_id};
  SIGID_TRY(tenancy::Member member, ctx.invitations.accept(actor, visit.tenant, token, name));
  if (password_method) {
    if (auto set = ctx.methods.setPassword(visit.tenant, member.subject, password); !set) {
      ctx.logger.warning("invitation accepted but the password was not stored",
                         {{"request_id", r.request_id}, {"error", set.error().description()}});
      return Error(ErrorCode::InvalidRequest, "You joined, but your password could not be saved: " +
                                                  set.error().description() + ". Use \"Forgot your password?\".");
    }
  }
  return Response::redirect("/t/" + visit.tenant.slug + "/login?notice=joined", 303);
}

}  // namespace

void addInvitationAcceptRoutes(http::Router& router, HostedContext& ctx) {
  router.add("GET", "/t/{slug}/invitations/accept",
             hostedHandler(ctx, [&ctx](Request& r) { return showInvitation(ctx, r); }));
  router.add("POST", "/t/{slug}/invitations/accept",
             hostedHandler(ctx, [&ctx](Request& r) { return acceptInvitation(ctx, r); }));
}

}  // namespace sigid::hosted
